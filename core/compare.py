"""Build a Comparison of two or more versions of one story: aligned rows, quote groups, differences.

The steps run in the order of the collation pipeline (ENGINE §0): align sentences, align quotes,
find factual differences on the aligned rows, then word-diff each aligned row with the factual
spans protected, so a changed number is reported once, as a fact, not again as a changed word.
The GUI, the CLI and the reports all draw this one object.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from typing import TYPE_CHECKING

from core.highlights import row_spans
from core.model import AlignedRow, Difference, QuoteGroup, Side, Span

if TYPE_CHECKING:
    from core.analysis import Version

CATEGORY_ORDER = {"factual": 0, "wording": 1, "cosmetic": 2}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True)
class ComparedArticle:
    """What the comparison says about each article; `text` is the body every span indexes."""

    id: int | None
    source: str
    title: str
    date: str
    path: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "title": self.title, "date": self.date,
                "path": self.path, "text": self.text}


@dataclass
class Comparison:
    articles: list[ComparedArticle]
    versions: list[Version]
    rows: list[AlignedRow] = field(default_factory=list)
    quotes: list[QuoteGroup] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    pivot: int = 0

    @property
    def identical(self) -> bool:
        """No difference an editor would act on; cosmetic ones (U.K./UK) do not count."""
        return not any(d.category != "cosmetic" for d in self.differences)

    def counts(self) -> dict[str, int]:
        totals = {category: 0 for category in CATEGORY_ORDER}
        for difference in self.differences:
            totals[difference.category] = totals.get(difference.category, 0) + 1
        return totals

    def quote_differences(self, group: QuoteGroup) -> list[Difference]:
        """Differences that sit inside one of the group's quote windows (speaker, sourcing, words)."""
        windows = [(s.article, s.start, s.end) for s in group.sides]
        return [d for d in self.differences if any(_overlaps(side, windows) for side in d.sides)]


def _overlaps(side: Side, windows: list[tuple[int, int, int]]) -> bool:
    if side.start is None or side.end is None:
        return False
    return any(side.article == a and side.start < end and start < max(side.end, side.start + 1)
               for a, start, end in windows)


def compare(versions: Sequence[Version], articles: Sequence[ComparedArticle] | None = None,
            pivot: int | None = None) -> Comparison:
    """Align and diff the versions (two or more); raise ValueError for fewer than two."""
    # The engine is imported on first use: what only reads a Comparison (the window's views, the
    # reports, the notes) starts without loading alignment, fact rules and the word list.
    from core.alignment import align_pair, align_quotes, align_story
    from core.factual import factual_differences

    if len(versions) < 2:
        raise ValueError("a comparison needs at least two articles")
    listed = list(articles) if articles is not None else [_anonymous(i, v) for i, v in enumerate(versions)]
    if len(versions) == 2 and pivot in (None, 0):
        rows, pivot = align_pair(versions[0], versions[1]), 0
    else:
        rows, pivot = align_story(versions, pivot)
    quotes = align_quotes(versions)
    factual = factual_differences(versions, rows, quotes, pivot)
    textual = _textual_differences(versions, rows, factual, pivot)
    textual += _misspellings(versions, rows, textual)
    differences = sorted(factual + textual, key=lambda d: _reading_order(d, pivot))
    rows = _settle_row_kinds(rows, differences)
    return Comparison(listed, list(versions), rows, quotes, differences, pivot)


def _anonymous(index: int, version: Version) -> ComparedArticle:
    return ComparedArticle(None, "", f"Article {_label(index)}", version.published, "", version.body)


def _protected_spans(factual: list[Difference], count: int) -> list[list[Span]]:
    protected: list[list[Span]] = [[] for _ in range(count)]
    for difference in factual:
        if difference.category != "factual":
            continue
        for side in difference.sides:
            if side.start is not None and side.end is not None and side.end > side.start:
                protected[side.article].append(Span(side.start, side.end))
    return protected


def _textual_differences(versions: Sequence[Version], rows: list[AlignedRow], factual: list[Difference],
                         pivot: int) -> list[Difference]:
    from core.wording import diff_row

    protected = _protected_spans(factual, len(versions))
    found: list[Difference] = []
    for index, row in enumerate(rows):
        present = [i for i, cells in enumerate(row.sentences) if cells]
        if len(present) < 2:
            continue
        base = pivot if pivot in present else present[0]
        for other in present:
            if other == base:
                continue
            spans = (row_spans(versions[base], row.sentences[base]), row_spans(versions[other], row.sentences[other]))
            found += diff_row((versions[base].body, versions[other].body), spans, (base, other), index,
                              protected=(protected[base], protected[other]))
    return found


def _misspellings(versions: Sequence[Version], rows: list[AlignedRow], found: list[Difference]) -> list[Difference]:
    """Likely misspellings in each article, whether or not the other side has the word."""
    from core.spelling import find_misspellings

    row_of = {(article, i): index for index, row in enumerate(rows) for article, cells in enumerate(row.sentences)
              for i in cells}
    known = {(s.article, s.start) for d in found if d.kind == "misspelling" for s in d.sides}
    notes = []
    for article, version in enumerate(versions):
        sentences = [s for s in version.analysis.sentences if not s.furniture]
        for slip in find_misspellings(version.body, [s.span for s in sentences]):
            if (article, slip.span.start) in known:
                continue
            sentence = next(s for s in sentences if s.span.start <= slip.span.start < s.span.end)
            notes.append(Difference(
                "misspelling", "cosmetic", "low",
                f"{_label(article)} “{slip.word}”: likely misspelling of “{slip.suggestion}”",
                (Side(article, slip.word, slip.span.start, slip.span.end),),
                row_of.get((article, sentence.index)), 1.0,
                f"not in the word list; one edit from “{slip.suggestion}”"))
    return notes


def _label(index: int) -> str:
    return chr(65 + index) if index < 26 else str(index + 1)


def _reading_order(difference: Difference, pivot: int) -> tuple[int, int, int, int]:
    row = difference.row if difference.row is not None else 1 << 30
    starts = [s.start for s in difference.sides if s.start is not None]
    pivot_starts = [s.start for s in difference.sides if s.article == pivot and s.start is not None]
    position = (pivot_starts or starts or [0])[0]
    return row, position, CATEGORY_ORDER.get(difference.category, 3), SEVERITY_ORDER.get(difference.severity, 3)


def _settle_row_kinds(rows: list[AlignedRow], differences: list[Difference]) -> list[AlignedRow]:
    """A row is "changed" when it holds a wording or factual difference, "same" when only cosmetic."""
    substantive = {d.row for d in differences if d.category != "cosmetic" and d.row is not None}
    settled = []
    for index, row in enumerate(rows):
        if row.kind in ("same", "changed"):
            row = replace(row, kind="changed" if index in substantive else "same")
        settled.append(row)
    return settled
