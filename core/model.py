"""Plain data shared by readers, the store and every later analysis step."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_SPACE = re.compile(r"\s+")


def count_words(text: str) -> int:
    """Words as an editor counts them: "U.K." and "don't" are one word each."""
    return len(_WORD.findall(text))


def content_hash(body: str) -> str:
    """Identity of an article's text: the same story saved twice (other file, other spacing) hashes the same."""
    canonical = _SPACE.sub(" ", body).strip().casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article as a reader found it, before it is stored.

    `published` is an ISO date (YYYY-MM-DD) or "" when the file does not say.
    `source` is the outlet, "" when no reader could tell; `source_origin` says how it
    was found (metadata, dateline, credit, folder, editor) so a guess can be shown as one.
    """

    body: str
    title: str = ""
    source: str = ""
    source_origin: str = ""
    byline: str = ""
    published: str = ""
    url: str = ""
    path: str = ""
    format: str = ""

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)

    @property
    def word_count(self) -> int:
        return count_words(self.body)

    def with_source(self, source: str, origin: str) -> "Article":
        return replace(self, source=source, source_origin=origin)


@dataclass
class ReadResult:
    """What one file held: one article for most formats, many for feeds and exports.

    `warnings` name records inside the file that could not be used (a JSONL line that is
    not an object, a feed entry without text) while the rest of the file was read.
    """

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ReadError(Exception):
    """A file that cannot be read as an article; `reason` is written for the editor."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
