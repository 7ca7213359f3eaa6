"""A Comparison turned into what the story view draws: rows of cells, their marks, and navigation stops.

The side-by-side view, like the HTML report (core.report._side_by_side), shows one visual row per
AlignedRow. Everything the view needs to decide (which cell is furniture, where a gap goes, which
rows get a margin mark, which spans to highlight, which differences are stops) is decided here, in
plain Python, so the widget only draws and the rules can be tested without a display.
"""
from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from core.compare import Comparison
from core.highlights import Highlight, article_highlights, rows_covered, whole_row_differences
from core.model import AlignedRow, Difference
from core.panel_items import kind_key

# Display labels for Sentence.furniture kinds (the mockup's PHOTO CREDIT, AD, SUB-HEADING).
FURNITURE_LABELS = {
    "photo_credit": "PHOTO CREDIT", "advertisement": "AD", "related": "RELATED", "share_prompt": "SHARE PROMPT",
    "subheading": "SUB-HEADING", "byline": "BYLINE", "dateline": "DATELINE",
}


@dataclass(frozen=True)
class Piece:
    """One sentence of a cell: characters [start, end) of the article body, and its furniture kind or ""."""

    start: int
    end: int
    text: str
    furniture: str = ""


@dataclass(frozen=True)
class Cell:
    """What one article shows in one row. `label` is the sentence number ("A3"), "" for furniture."""

    article: int
    sentences: tuple[int, ...]
    pieces: tuple[Piece, ...]
    furniture: str
    label: str

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    @property
    def furniture_label(self) -> str:
        return FURNITURE_LABELS.get(self.furniture, self.furniture.replace("_", " ").upper())


@dataclass(frozen=True)
class Row:
    """One visual row. `cells[i]` is None where article i has nothing; `gaps[i]` is the hatched gap's
    label ("NOT IN B") or "" (furniture rows leave the other side blank, not hatched).

    `mark` is the margin mark of a row a difference covers whole: "reworded" (dotted bar), "onesided"
    or ""; `mark_tip` is those differences' explanations. `quotes[i]` are the shared-quote numbers
    starting in article i's cell.
    """

    index: int
    kind: str
    cells: tuple[Cell | None, ...]
    gaps: tuple[str, ...]
    quotes: tuple[tuple[int, ...], ...]
    moved: bool
    furniture: bool
    mark: str
    mark_tip: str
    whole: tuple[int, ...]


@dataclass(frozen=True)
class Stop:
    """A difference the editor can step to: its row and where it sits in each article."""

    difference: int
    row: int
    category: str
    kind: str
    spans: tuple[tuple[int, int, int], ...]   # (article, start, end), text spans only
    whole_row: bool
    explanation: str


def whole_rows(comparison: Comparison) -> dict[int, str]:
    """core.highlights.whole_row_differences (which leaves datelines out of a row), cached."""
    return _painting(comparison)


def covered_rows(comparison: Comparison, difference: int) -> list[int]:
    """The rows a whole-row difference spans (core.highlights.rows_covered)."""
    return rows_covered(comparison.differences[difference], comparison.rows, comparison.versions)


_CACHE: list[tuple[weakref.ref, dict[int, str]]] = []


def _painting(comparison: Comparison) -> dict[int, str]:
    """Whole-row differences, kept for the last few comparisons: the view asks on every filter
    change, and a Comparison (a mutable dataclass) cannot be an lru_cache key."""
    for ref, value in _CACHE:
        if ref() is comparison:
            return value
    value = whole_row_differences(comparison.differences, comparison.rows, comparison.versions)
    _CACHE[:] = [(r, v) for r, v in _CACHE if r() is not None][-3:] + [(weakref.ref(comparison), value)]
    return value


def label(article: int) -> str:
    return chr(65 + article) if article < 26 else str(article + 1)


def sentence_numbers(comparison: Comparison, article: int) -> dict[int, int]:
    """Sentence index -> 1-based number counting article text only, so furniture never shifts "A3"."""
    numbers: dict[int, int] = {}
    for sentence in comparison.versions[article].analysis.sentences:
        if not sentence.furniture:
            numbers[sentence.index] = len(numbers) + 1
    return numbers


def article_counts(comparison: Comparison, article: int) -> tuple[int, int]:
    """(sentences, furniture lines) of one article, for the pane header."""
    sentences = comparison.versions[article].analysis.sentences
    furniture = sum(1 for s in sentences if s.furniture)
    return len(sentences) - furniture, furniture


def is_furniture_row(comparison: Comparison, row: AlignedRow) -> bool:
    return all(comparison.versions[a].analysis.sentences[i].furniture
               for a, indices in enumerate(row.sentences) for i in indices)


def view_rows(comparison: Comparison, hide_furniture: bool = False) -> list[Row]:
    """Every row of the comparison as the panes show it; furniture rows dropped when hidden."""
    numbers = [sentence_numbers(comparison, a) for a in range(len(comparison.articles))]
    whole = whole_rows(comparison)
    marks, tips, covering = _row_marks(comparison, whole)
    quotes = quote_numbers(comparison)
    rows = []
    for index, aligned in enumerate(comparison.rows):
        furniture = is_furniture_row(comparison, aligned)
        if furniture and hide_furniture:
            continue
        cells = tuple(_cell(comparison, a, indices, numbers[a]) for a, indices in enumerate(aligned.sentences))
        gaps = tuple("" if cell is not None or furniture else f"NOT IN {label(a)}" for a, cell in enumerate(cells))
        rows.append(Row(index, aligned.kind, cells, gaps,
                        tuple(tuple(quotes.get((a, index), ())) for a in range(len(cells))),
                        aligned.kind == "moved", furniture, marks.get(index, ""), tips.get(index, ""),
                        tuple(covering.get(index, ()))))
    return rows


def _cell(comparison: Comparison, article: int, indices: Sequence[int], numbers: dict[int, int]) -> Cell | None:
    if not indices:
        return None
    version = comparison.versions[article]
    sentences = [version.analysis.sentences[i] for i in indices]
    pieces = tuple(Piece(s.span.start, s.span.end, version.body[s.span.start:s.span.end], s.furniture)
                   for s in sentences)
    kinds = [s.furniture for s in sentences]
    furniture = kinds[0] if all(kinds) else ""
    first = next((numbers[i] for i in indices if i in numbers), None)
    return Cell(article, tuple(indices), pieces, furniture, f"{label(article)}{first}" if first else "")


def _row_marks(comparison: Comparison, whole: dict[int, str]
               ) -> tuple[dict[int, str], dict[int, str], dict[int, list[int]]]:
    """As the report does: a one-sided run wins over a rewording; also which whole-row differences cover a row."""
    marks: dict[int, str] = {}
    notes: dict[int, list[str]] = {}
    covering: dict[int, list[int]] = {}
    for index, category in whole.items():
        difference = comparison.differences[index]
        for row in covered_rows(comparison, index):
            covering.setdefault(row, []).append(index)
            notes.setdefault(row, []).append(difference.explanation)
            kind = comparison.rows[row].kind
            mark = "onesided" if kind == "only_in" else "reworded" if category == "wording" else ""
            if mark and marks.get(row) != "onesided":
                marks[row] = mark
    return marks, {row: " · ".join(n) for row, n in notes.items()}, covering


def sentence_rows(comparison: Comparison) -> dict[tuple[int, int], int]:
    """(article, sentence index) -> row index."""
    return {(article, i): number for number, row in enumerate(comparison.rows)
            for article, indices in enumerate(row.sentences) for i in indices}


def row_at(comparison: Comparison, article: int, offset: int,
           rows_of: dict[tuple[int, int], int] | None = None) -> int | None:
    """The row holding the character at `offset` of article's body, None when no sentence does."""
    sentences = comparison.versions[article].analysis.sentences
    starts = [s.span.start for s in sentences]
    position = bisect_right(starts, offset) - 1
    if position < 0 or not sentences[position].span.start <= offset < max(sentences[position].span.end,
                                                                          sentences[position].span.start + 1):
        return None
    lookup = rows_of if rows_of is not None else sentence_rows(comparison)
    return lookup.get((article, sentences[position].index))


def quote_numbers(comparison: Comparison) -> dict[tuple[int, int], list[int]]:
    """(article, row) -> numbers of the shared quotes that start in that row: group index + 1, so the
    margin's “2 is the Quotes panel's group 2; quotes only one article has get no number."""
    rows_of = sentence_rows(comparison)
    found: dict[tuple[int, int], list[int]] = {}
    for number, group in enumerate(comparison.quotes, start=1):
        if len({side.article for side in group.sides}) < 2:
            continue
        for side in group.sides:
            row = row_at(comparison, side.article, side.start, rows_of)
            if row is not None and number not in found.setdefault((side.article, row), []):
                found[(side.article, row)].append(number)
    return found


def difference_row(comparison: Comparison, index: int) -> int | None:
    """A difference's row: its own, or (when the engine left it unplaced) the row of its first text span."""
    difference = comparison.differences[index]
    if difference.row is not None and 0 <= difference.row < len(comparison.rows):
        return difference.row
    for side in difference.sides:
        if side.start is not None:
            row = row_at(comparison, side.article, side.start)
            if row is not None:
                return row
    return None


def is_shown(difference: Difference, shown_categories: Collection[str], hidden_kinds: Collection[str]) -> bool:
    """Filters: a category toggle, and for factual differences a per-kind toggle (name, number, ...)."""
    # Kinds are filtered by the panel's key: omissions per article ("omission:A"), others by kind.
    return (difference.category in shown_categories and difference.kind not in hidden_kinds
            and kind_key(difference) not in hidden_kinds)


def stops(comparison: Comparison, shown_categories: Collection[str] = ("factual", "wording", "cosmetic"),
          hidden_kinds: Collection[str] = ()) -> list[Stop]:
    """The differences next/previous visit, in reading order (the order of comparison.differences)."""
    whole = whole_rows(comparison)
    found = []
    for index, difference in enumerate(comparison.differences):
        if not is_shown(difference, shown_categories, hidden_kinds):
            continue
        row = difference_row(comparison, index)
        if row is None:
            continue
        spans = tuple((s.article, s.start, s.end) for s in difference.sides
                      if s.start is not None and s.end is not None)
        found.append(Stop(index, row, difference.category, difference.kind, spans, index in whole,
                          difference.explanation))
    return found


def hidden_differences(comparison: Comparison, shown_categories: Collection[str],
                       hidden_kinds: Collection[str]) -> set[int]:
    return {i for i, d in enumerate(comparison.differences) if not is_shown(d, shown_categories, hidden_kinds)}


def article_marks(comparison: Comparison, article: int, skip: Iterable[int] = ()) -> list[Highlight]:
    """One article's highlights: whole-row differences are never painted (margin marks instead), and
    filtered-out differences are skipped before overlaps are cut, so a hidden factual span lets the
    wording underneath it show."""
    whole = whole_rows(comparison)
    body = comparison.versions[article].body
    return article_highlights(comparison.differences, article, len(body), skip=set(whole) | set(skip))


def cell_highlights(marks: Sequence[Highlight], start: int, end: int) -> list[Highlight]:
    """The highlights inside [start, end), cut to it."""
    found = []
    for mark in marks:
        if mark.end <= start or mark.start >= end:
            continue
        found.append(Highlight(max(mark.start, start), min(mark.end, end), mark.category, mark.kind,
                               mark.difference, mark.low_confidence))
    return found


def find_matches(rows: Sequence[Row], needle: str) -> list[tuple[int, int, int, int]]:
    """Case-insensitive matches as (position in rows, article, start, end) in body offsets, in reading
    order: row by row, then article by article. Furniture is searched too (an editor may look for a credit)."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    found = []
    for position, row in enumerate(rows):
        for cell in row.cells:
            if cell is None:
                continue
            for piece in cell.pieces:
                found += [(position, cell.article, piece.start + m.start(), piece.start + m.end())
                          for m in pattern.finditer(piece.text)]
    return found
