"""Plain data shared by readers, the store and every later analysis step."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def count_words(text: str) -> int:
    """Words as an editor counts them: "U.K." and "don't" are one word each."""
    return len(_WORD.findall(text))


def content_hash(body: str) -> str:
    """Identity of an article's text: the same story saved twice (other file, other spacing) hashes the same."""
    # str.split() splits on exactly what the regex \s+ matches (both use Unicode's whitespace), so this is
    # re.sub(r"\s+", " ", body).strip() at a quarter of the cost: hashes already stored stay valid.
    canonical = " ".join(body.split()).casefold()
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

    # Cached, and pickled with the article: a reader process computes both once, so the importing
    # process (which needs them for every article) does not do it again.
    @cached_property
    def content_hash(self) -> str:
        return content_hash(self.body)

    @cached_property
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


# --- comparison (issue 4): plain data produced by alignment and differences ------------------------

ROW_KINDS = ("same", "changed", "only_in", "moved")
CATEGORIES = ("factual", "wording", "cosmetic")
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class AlignedRow:
    """One row of the side-by-side view: each article's sentences that say the same thing.

    `sentences[i]` holds indices into article i's Analysis.sentences (empty where article i has
    nothing for this row). kind: "same" (equal after normalisation), "changed" (aligned, worded or
    factually different), "only_in" (one article only), "moved" (aligned, but out of the reading
    order of the others). `score` is the alignment confidence in [0, 1] (1.0 for only_in rows).
    """

    kind: str
    score: float
    sentences: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Side:
    """Where a difference sits in one article: its text and span in the stored body.

    `text`, `start` and `end` are None where the article lacks the thing (an omission).
    """

    article: int
    text: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Difference:
    """One difference an editor can act on.

    kind: cosmetic kinds "case", "punctuation", "abbreviation", "spelling", "typography",
    "number_format", "word_order", "misspelling"; "wording"; factual kinds "number", "date", "weekday",
    "time", "name", "place", "organisation", "speaker", "sourcing", "omission", "quote_only".
    A detail one side adds without contradicting the other ("billions" -> "billions of dollars",
    "on Monday" -> "earlier this week") is kind "addition", category "wording", severity "low":
    more specific is not a conflict.
    `row` indexes Comparison.rows when the difference sits in an aligned row; `confidence`
    below 0.5 marks a shaky extraction shown as a note, never counted as a conflict.
    """

    kind: str
    category: str
    severity: str
    explanation: str
    sides: tuple[Side, ...]
    row: int | None = None
    confidence: float = 1.0
    evidence: str = ""


@dataclass(frozen=True)
class QuoteSide:
    article: int
    quote: int          # index into that article's Analysis.quotes
    text: str           # the words of the matched window (a fragment for a partial match)
    start: int
    end: int
    speaker: str
    relay: str = ""


@dataclass(frozen=True)
class QuoteGroup:
    """One quote as each article gives it; `relation`: identical, cosmetic, fragment, reworded, only_in."""

    sides: tuple[QuoteSide, ...]
    relation: str
    score: float
