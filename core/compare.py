"""Build a Comparison of two or more versions of one story: aligned rows, quote groups, differences.

(Interface fixed first so alignment, differences and the perturbation harness can be built
against it; the orchestration lands with them.)
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.analysis import Version
from core.model import AlignedRow, Difference, QuoteGroup


@dataclass(frozen=True)
class ComparedArticle:
    """What the comparison says about each article; `text` is the body every span indexes."""

    id: int | None
    source: str
    title: str
    date: str
    path: str
    text: str


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
        return not self.differences


def compare(versions: Sequence[Version], articles: Sequence[ComparedArticle] | None = None,
            pivot: int | None = None) -> Comparison:
    """Align and diff the versions (two or more); raise ValueError for fewer than two."""
    raise NotImplementedError
