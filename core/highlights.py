"""Which characters of an article to highlight, and how: the one place the report and the GUI ask.

Differences may overlap (a factual span inside a reworded row). Each character gets the
strongest category that covers it (factual over wording over cosmetic), so every view paints
the same thing and no two highlights fight over one word.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.model import Difference

STRENGTH = {"factual": 3, "wording": 2, "cosmetic": 1}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    category: str
    kind: str
    difference: int   # index into the differences given
    low_confidence: bool = False


def article_highlights(differences: Iterable[Difference], article: int, text_length: int) -> list[Highlight]:
    """Non-overlapping highlights for one article, in text order."""
    candidates = []
    for index, difference in enumerate(differences):
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
