"""An article's text analysis in one object: sentences (furniture marked), quotes, facts.

`analyse()` is data in, data out. The store caches its result per article (see
core.library.AnalysisManager); ANALYSIS_VERSION names the rules that produced a cached result,
so a change to any extractor bumps it and every article is analysed again on next use.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from core.model import Fact, Quote, Sentence, Span

ANALYSIS_VERSION = 1
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    sentences: list[Sentence]
    quotes: list[Quote]
    facts: list[Fact]
    dateline: Span | None = None
    problems: list[str] = field(default_factory=list)
    version: int = ANALYSIS_VERSION

    @property
    def furniture(self) -> list[Span]:
        spans = [s.span for s in self.sentences if s.furniture]
        return spans + ([self.dateline] if self.dateline else [])

    def to_json(self) -> dict[str, Any]:
        """The `analyse --json` contract: field names are stable; new ones are only ever added."""
        return {
            "version": self.version,
            "sentences": [_sentence_json(s) for s in self.sentences],
            "quotes": [_quote_json(q) for q in self.quotes],
            "facts": [_fact_json(f) for f in self.facts],
            "dateline": _span_json(self.dateline),
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Analysis":
        return cls(
            sentences=[_sentence(s) for s in data["sentences"]],
            quotes=[_quote(q) for q in data["quotes"]],
            facts=[_fact(f) for f in data["facts"]],
            dateline=_span(data.get("dateline")),
            problems=list(data.get("problems", [])),
            version=int(data["version"]),
        )


@dataclass(frozen=True)
class Version:
    """One article as the comparison sees it: its stored body, its date and its analysis."""

    body: str
    analysis: Analysis
    published: str = ""

    @classmethod
    def of(cls, body: str, published: str = "") -> "Version":
        return cls(body, analyse(body, published), published)


def analyse(body: str, published: str = "") -> Analysis:
    """Sentences, quotes and facts of one article body. Never raises on odd text.

    Facts inside page furniture (a photographer's name in a credit, the date in a dateline)
    are left out: furniture is shown dimmed and never compared.
    """
    # The extractors are imported here, not at the top: they load rules and tables, and the window
    # (which reads cached analyses) must paint within its start-up budget without them.
    from core.cleaning import dateline_span, segment
    from core.entities import find_entities
    from core.quantities import find_quantities
    from core.quotes import find_quotes
    from core.timex import find_times

    problems: list[str] = []
    sentences = _guarded("sentences", lambda: segment(body), [], problems)
    dateline = _guarded("dateline", lambda: dateline_span(body), None, problems)
    furniture = [s.span for s in sentences if s.furniture] + ([dateline] if dateline else [])
    quotes = _guarded("quotes", lambda: find_quotes(body, exclude=furniture), [], problems)
    facts: list[Fact] = []
    for name, finder in (("quantities", lambda: find_quantities(body)),
                         ("times", lambda: find_times(body, published)),
                         ("entities", lambda: find_entities(body))):
        facts.extend(_guarded(name, finder, [], problems))
    if furniture:  # most articles have none: then there is nothing to test each fact against
        facts = [f for f in facts if not _inside_any(f.span, furniture)]
    facts.sort(key=_span_order)
    return Analysis(sentences, quotes, facts, dateline, problems)


def _guarded(stage: str, run: Callable[[], Any], fallback: Any, problems: list[str]) -> Any:
    """One failing extractor costs its own results, never the whole analysis; the failure is recorded."""
    try:
        return run()
    except Exception as exc:  # noqa: BLE001 - see docstring
        log.exception("analysis stage %s failed", stage)
        problems.append(f"{stage}: {type(exc).__name__}: {exc}")
        return fallback


def _span_order(fact: Fact) -> tuple[int, int]:
    return fact.span.start, fact.span.end


def _inside_any(span: Span, areas: list[Span]) -> bool:
    return any(area.start <= span.start and span.end <= area.end for area in areas)


# --- JSON (de)serialisation: spans are [start, end] pairs ---------------------------------------

def _span_json(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _span(data: list[int] | None) -> Span | None:
    return None if data is None else Span(int(data[0]), int(data[1]))


def _sentence_json(s: Sentence) -> dict[str, Any]:
    return {"index": s.index, "text": s.text, "start": s.span.start, "end": s.span.end,
            "paragraph": s.paragraph, "furniture": s.furniture}


def _sentence(d: dict[str, Any]) -> Sentence:
    return Sentence(d["index"], Span(d["start"], d["end"]), d["text"], d["paragraph"], d["furniture"])


def _quote_json(q: Quote) -> dict[str, Any]:
    return {"text": q.text, "start": q.span.start, "end": q.span.end, "parts": [_span_json(p) for p in q.parts],
            "speaker": q.speaker, "role": q.role, "cue": q.cue, "relay": q.relay, "partial": q.partial,
            "unbalanced": q.unbalanced, "speaker_span": _span_json(q.speaker_span)}


def _quote(d: dict[str, Any]) -> Quote:
    return Quote(d["text"], Span(d["start"], d["end"]), tuple(Span(*p) for p in d["parts"]), d["speaker"],
                 d["role"], d["cue"], d["relay"], d["partial"], d["unbalanced"], _span(d.get("speaker_span")))


def _fact_json(f: Fact) -> dict[str, Any]:
    return {"kind": f.kind, "text": f.text, "start": f.span.start, "end": f.span.end, "value": f.value,
            "unit": f.unit, "role": f.role, "detail": f.detail}


def _fact(d: dict[str, Any]) -> Fact:
    return Fact(d["kind"], d["text"], Span(d["start"], d["end"]), d["value"], d["unit"], d["role"], d["detail"])
