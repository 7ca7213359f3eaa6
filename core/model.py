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


# --- text analysis (issue 3): plain data produced by sentences, cleaning, quotes and facts ---------

@dataclass(frozen=True)
class Span:
    """Characters [start, end) of an article's stored body."""

    start: int
    end: int

    def text(self, body: str) -> str:
        return body[self.start:self.end]


@dataclass(frozen=True)
class Sentence:
    """One sentence (or furniture line) with its place in the body.

    `furniture` names the kind of page furniture ("photo_credit", "advertisement", "related",
    "share_prompt", "subheading", "byline", "dateline") or is "" for article text. Furniture is
    kept so it can be shown dimmed; it is never compared.
    """

    index: int
    span: Span
    text: str
    paragraph: int
    furniture: str = ""


@dataclass(frozen=True)
class Quote:
    """A direct quote: its words (marks excluded), who said it, and how we know.

    `span` covers the quoted words of the first part; `parts` lists every part when the quote
    is split around its attribution ("Part one," he said. "Part two."). `speaker` is the
    person's name as the article gives it most fully ("James Cleverly"), `role` a title kept
    apart ("Foreign Secretary"), `cue` the verb ("said"), `relay` an outlet the words came
    through ("Sky News"), `partial` whether it is a fragment inside a sentence.
    """

    text: str
    span: Span
    parts: tuple[Span, ...]
    speaker: str = ""
    role: str = ""
    cue: str = ""
    relay: str = ""
    partial: bool = False
    unbalanced: bool = False
    speaker_span: Span | None = None


@dataclass(frozen=True)
class Fact:
    """One checkable fact: kind, the words, where, and a value that compares equal across outlets.

    kinds: number, money, percent, date, time, weekday, relative_date, person, place, organisation.
    `value` is a normalised string ("14", "2023-01-17", "united kingdom", "james cleverly");
    `unit` the thing counted ("tank") or currency; `role` a person's title; `detail` free
    evidence (e.g. an acronym's expansion, a date's resolved range).
    """

    kind: str
    text: str
    span: Span
    value: str
    unit: str = ""
    role: str = ""
    detail: str = ""
