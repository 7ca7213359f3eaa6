"""What a format reader hands back, and how that becomes an `Article`.

Format readers know nothing about paths or folders: they turn bytes into `Draft`s
(body plus whatever metadata the file itself carried) and raise `Unreadable` with a
sentence for the editor. `finish()` then does the work every format shares: repair
the text, tidy whitespace, normalise the date and decide the outlet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core.model import Article
from core.readers import dates, outlet
from core.readers.encoding import repair
from core.readers.whitespace import one_line, tidy

# Author names that tools write into document properties; no journalist is called that.
PLACEHOLDER_AUTHORS = frozenset({
    "python-docx", "user", "windows user", "microsoft office user", "administrator",
    "admin", "author", "unknown", "owner", "anonymous", "none", "null",
})


@dataclass
class Draft:
    """One article as a format reader found it; `published` may be any date string."""

    body: str
    title: str = ""
    source: str = ""
    byline: str = ""
    published: object = ""  # str, datetime, date or time.struct_time: dates.to_iso() copes
    url: str = ""


@dataclass
class Extraction:
    """Everything one file held: its format name, the drafts and per-record warnings."""

    format: str
    drafts: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # True when the reader ran encoding.repair() over the whole file before parsing it
    # (plain text and Markdown do, so that headings are found in repaired text).
    repaired: bool = False
    # True when the drafts' bodies are tidy already (paragraphs(), joined by blank lines): plain
    # text splits paragraphs to find its headline, and tidying again was a second full pass.
    tidied: bool = False


def finish(draft: Draft, *, fmt: str, path: str, folder_source: str = "", repaired: bool = False,
           tidied: bool = False) -> Article | None:
    """Turn a draft into an Article, or None when no text is left after clean-up."""
    body = draft.body if repaired and tidied else tidy(draft.body if repaired else repair(draft.body))
    if not body:
        return None
    source, origin = _decide_source(repair(one_line(draft.source)), body, folder_source)
    byline = repair(one_line(draft.byline))
    if byline.casefold() in PLACEHOLDER_AUTHORS:
        byline = ""
    return Article(
        body=body,
        title=repair(one_line(draft.title)),
        source=source,
        source_origin=origin,
        byline=byline,
        published=dates.to_iso(draft.published),
        url=one_line(draft.url),
        path=path,
        format=fmt,
    )


def _decide_source(from_file: str, body: str, folder_source: str) -> tuple[str, str]:
    # The file's own word beats anything guessed from the text; the folder is the
    # weakest hint because editors file things loosely.
    if from_file:
        return from_file, "metadata"
    guessed, origin = outlet.infer(body)
    if guessed:
        return guessed, origin
    folder = one_line(folder_source)
    return (folder, "folder") if folder else ("", "")
