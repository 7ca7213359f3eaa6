"""Which characters of an article to highlight, and how: the one place the report and the GUI ask.

Differences may overlap (a factual span inside a reworded row). Each character gets the
strongest category that covers it (factual over wording over cosmetic), so every view paints
the same thing and no two highlights fight over one word.

A difference that covers its whole row (a reworded pair, a run of sentences only one article
has) is not painted: painting every word would bury the facts inside it. Views mark such rows
in the margin instead (the design card: a dotted bar for a reworded pair, a hatched gap opposite
a one-sided row), and the difference stays in the list and in next/previous navigation.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.model import AlignedRow, Difference, Span

if TYPE_CHECKING:
    from core.analysis import Version

STRENGTH = {"factual": 3, "wording": 2, "cosmetic": 1}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    category: str
    kind: str
    difference: int   # index into the differences given
    low_confidence: bool = False


def whole_row_differences(differences: Sequence[Difference], rows: Sequence[AlignedRow],
                          versions: Sequence[Version]) -> dict[int, str]:
    """Differences (by index) that cover all the text of their row on every side that has text,
    mapped to their category: views mark these rows in the margin instead of painting them."""
    found = {}
    for index, difference in enumerate(differences):
        if difference.row is None or not 0 <= difference.row < len(rows):
            continue
        sides = [s for s in difference.sides if s.start is not None and s.end is not None]
        if sides and all(_covers_row(s.article, s.start, s.end, rows[difference.row], versions) for s in sides):
            found[index] = difference.category
    return found


def rows_covered(difference: Difference, rows: Sequence[AlignedRow], versions: Sequence[Version]) -> list[int]:
    """The rows a whole-row difference spans: its own and the following rows its text runs through."""
    if difference.row is None:
        return []
    sides = [s for s in difference.sides if s.start is not None and s.end is not None]
    covered = [difference.row]
    for number in range(difference.row + 1, len(rows)):
        row = rows[number]
        if not any(row.sentences[s.article] for s in sides):
            if _is_furniture_row(row, versions):
                continue  # furniture between the sentences of a run does not end it
            break
        if not all(_covers_row(s.article, s.start, s.end, row, versions) for s in sides if row.sentences[s.article]):
            break
        covered.append(number)
    return covered


def row_spans(version: Version, indices: Sequence[int]) -> list[Span]:
    """The row's article text: furniture left out, and a dateline cut off the sentence it opens."""
    sentences = version.analysis.sentences
    dateline = version.analysis.dateline
    spans = []
    for i in indices:
        span = sentences[i].span
        if sentences[i].furniture:
            continue
        if dateline and span.start <= dateline.start < span.end:
            rest = version.body[dateline.end:span.end]
            span = Span(span.end - len(rest.lstrip()), span.end)
        if span.end > span.start:
            spans.append(span)
    return spans


def _is_furniture_row(row: AlignedRow, versions: Sequence[Version]) -> bool:
    return all(versions[a].analysis.sentences[i].furniture for a, cells in enumerate(row.sentences) for i in cells)


def _covers_row(article: int, start: int, end: int, row: AlignedRow, versions: Sequence[Version]) -> bool:
    spans = row_spans(versions[article], row.sentences[article])
    if not spans:
        return False
    text = sum(s.end - s.start for s in spans)
    covered = sum(max(0, min(end, s.end) - max(start, s.start)) for s in spans)
    return covered >= 0.9 * text


def article_highlights(differences: Iterable[Difference], article: int, text_length: int,
                       skip: Iterable[int] = ()) -> list[Highlight]:
    """Non-overlapping highlights for one article, in text order; `skip` lists differences not to paint."""
    skipped = set(skip)
    candidates = []
    for index, difference in enumerate(differences):
        if index in skipped:
            continue
        for side in difference.sides:
            if side.article != article or side.start is None or side.end is None or side.end <= side.start:
                continue
            start, end = max(0, side.start), min(text_length, side.end)
            if start < end:
                candidates.append(Highlight(start, end, difference.category, difference.kind, index,
                                            difference.confidence < 0.5))
    return _flatten(candidates)


def _flatten(candidates: list[Highlight]) -> list[Highlight]:
    """Cut overlaps so the stronger highlight wins each character; shorter wins among equals."""
    boundaries = sorted({h.start for h in candidates} | {h.end for h in candidates})
    ranked = sorted(candidates, key=lambda h: (-STRENGTH.get(h.category, 0), h.end - h.start))
    pieces: list[Highlight] = []
    for left, right in zip(boundaries, boundaries[1:]):
        winner = next((h for h in ranked if h.start <= left and right <= h.end), None)
        if winner is None:
            continue
        last = pieces[-1] if pieces else None
        if last and last.end == left and last.difference == winner.difference:
            pieces[-1] = Highlight(last.start, right, last.category, last.kind, last.difference, last.low_confidence)
        else:
            pieces.append(Highlight(left, right, winner.category, winner.kind, winner.difference,
                                    winner.low_confidence))
    return pieces
