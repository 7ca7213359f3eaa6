"""Seeded perturbations of real article text: a variant B of article A and the log of what was planted.

After CheckList (Ribeiro et al., ACL 2020: INV edits must change nothing, DIR edits must change exactly
what was planted) and FactCC (Kryscinski et al. 2020: swap an entity, number or date for another of the
same kind from the same document, never one containing the other; log the edited span; add noise only
outside it). See ENGINE.md §7.

- DIR kinds (each is one factual difference of that kind): number, name, weekday, place, speaker,
  sourcing, omission. Their names are core.model.Difference kinds.
- INV kinds (no factual difference): case, punctuation, serial_comma, abbreviation, spelling,
  typography, split, merge, paragraph_order, furniture, number_format.

Every planted edit is checked on the analysis of B before it is kept: an INV edit must leave every
fact's normalised value and every quote's speaker as they were; a DIR edit must change the intended
fact and nothing outside its span. A candidate that fails is dropped and the next one tried, so the
log says exactly what B differs in. Variants are reproducible from (seed, article id, kind).
"""
from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.analysis import Analysis, analyse
from core.model import Fact, Quote, Span
from core.normalise import name_key, same_person_evidence, spelling_key, text_key
from core.quantities import quantity_relation
from core.sentences import paragraphs
from core.speakers import frames_in, is_outlet, tokenize
from perturbation_edits import DIR_FINDERS, INV_FINDERS, ArticleView, Plan, overlaps

DIR_KINDS = tuple(DIR_FINDERS)
INV_KINDS = tuple(INV_FINDERS)
DIR_TRIES = 8          # candidates checked per DIR kind before the kind is given up for an article
UNPERTURBED_NOISE = (2, 4)     # INV edits in a pair with nothing planted
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = {"polnear": SHARED / "data" / "polnear" / "articles.jsonl",
           "ecbplus": SHARED / "data" / "ecbplus" / "articles.jsonl"}


# --- the log --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edit:
    """One planted change: A's characters `a` became B's characters `b` (an empty span = an insertion or deletion)."""

    kind: str
    direction: str     # "DIR" (must be reported as that factual difference) or "INV" (must not be factual)
    a: Span
    b: Span
    a_text: str
    b_text: str
    detail: str = ""
    target: str = ""       # the person or outlet a speaker or sourcing edit names instead


@dataclass(frozen=True)
class Variant:
    """Article A, its variant B and the edits that turn one into the other."""

    article: str
    a: str
    b: str
    published: str
    edits: tuple[Edit, ...]

    @property
    def planted(self) -> Edit | None:
        """The one DIR edit, or None for an unperturbed pair (INV edits only)."""
        return next((e for e in self.edits if e.direction == "DIR"), None)

    @property
    def kind(self) -> str:
        return self.planted.kind if self.planted else "unperturbed"


@dataclass(frozen=True)
class Source:
    """A real article to perturb: its id in the corpus, its text and its ISO date ("" when unknown)."""

    id: str
    body: str
    published: str = ""


def apply_plans(body: str, plans: Sequence[Plan], direction: Callable[[str], str]) -> tuple[str, tuple[Edit, ...]]:
    """B and the log: the plans applied to body in order of position (they must not overlap)."""
    out: list[str] = []
    edits: list[Edit] = []
    pos = shift = 0
    for plan in sorted(plans, key=lambda p: (p.start, p.end)):
        if plan.start < pos:
            raise ValueError(f"overlapping plans at {plan.start}")
        out.append(body[pos:plan.start])
        b_start = plan.start + shift
        out.append(plan.text)
        edits.append(Edit(plan.kind, direction(plan.kind), Span(plan.start, plan.end),
                          Span(b_start, b_start + len(plan.text)), body[plan.start:plan.end], plan.text, plan.detail,
                          plan.payload))
        shift += len(plan.text) - (plan.end - plan.start)
        pos = plan.end
    out.append(body[pos:])
    return "".join(out), tuple(edits)


def replay(a: str, edits: Sequence[Edit]) -> str:
    """B rebuilt from A and the log alone: what a test uses to check that the log is complete."""
    plans = [Plan(e.kind, e.a.start, e.a.end, e.b_text) for e in edits]
    return apply_plans(a, plans, lambda kind: "")[0]


def _direction(kind: str) -> str:
    return "DIR" if kind in DIR_KINDS else "INV"


# --- checks on the analysis of B -----------------------------------------------------------------------

def _hit(span: Span, other: Span) -> bool:
    """Whether a fact or quote at `other` sits in an edited span; an empty span (a deletion in B) holds nothing."""
    return span.start < span.end and overlaps(span, other.start, other.end)


def fact_counts(analysis: Analysis, edited: Span | None = None) -> Counter:
    """The article's facts as (kind, normalised value, unit), leaving out those in the edited span."""
    return Counter((f.kind, f.value, f.unit) for f in analysis.facts if edited is None or not _hit(edited, f.span))


def _quote_regions(quote: Quote) -> list[Span]:
    return list(quote.parts) + ([quote.speaker_span] if quote.speaker_span else [])


def _quote_words(quote: Quote) -> str:
    """A quote's words as keys in British spelling: what a cosmetic edit leaves alone."""
    return " ".join(spelling_key(w) for w in text_key(quote.text).split())


def quote_counts(analysis: Analysis, edited: Span | None = None) -> Counter:
    """The article's quotes as (words, speaker key, relay key), those touching the edited span left out."""
    return Counter((_quote_words(q), name_key(q.speaker), text_key(q.relay))
                   for q in analysis.quotes if edited is None or not any(_hit(edited, r) for r in _quote_regions(q)))


def _facts_at(analysis: Analysis, span: Span, kinds: Sequence[str]) -> list[Fact]:
    return [f for f in analysis.facts if f.kind in kinds and _hit(span, f.span)]


def _one_each(a: Analysis, b: Analysis, edit: Edit, kinds: Sequence[str]) -> tuple[Fact, Fact] | None:
    x, y = _facts_at(a, edit.a, kinds), _facts_at(b, edit.b, kinds)
    return (x[0], y[0]) if len(x) == 1 and len(y) == 1 else None


def _number_changed(a: Analysis, b: Analysis, edit: Edit, body: str) -> bool:
    pair = _one_each(a, b, edit, ("number", "money", "percent"))
    return bool(pair) and pair[0].kind == pair[1].kind and pair[0].unit == pair[1].unit \
        and quantity_relation(pair[0], pair[1]) == "conflict"


def _value_changed(kind: str) -> Callable[[Analysis, Analysis, Edit, str], bool]:
    def check(a: Analysis, b: Analysis, edit: Edit, body: str) -> bool:
        pair = _one_each(a, b, edit, (kind,))
        return bool(pair) and pair[0].value != pair[1].value
    return check


def _name_misspelled(a: Analysis, b: Analysis, edit: Edit, body: str) -> bool:
    pair = _one_each(a, b, edit, ("person",))
    return bool(pair) and pair[0].value != pair[1].value and same_person_evidence(pair[0].text, pair[1].text)[0]


def _speaker_swapped(a: Analysis, b: Analysis, edit: Edit, body: str) -> bool:
    before = {_quote_words(q): q.speaker for q in a.quotes if q.speaker_span and _hit(edit.a, q.speaker_span)}
    after = {_quote_words(q): q.speaker for q in b.quotes if q.speaker_span and _hit(edit.b, q.speaker_span)}
    return bool(before) and before.keys() == after.keys() and all(
        same_person_evidence(after[k], edit.target)[0] and not same_person_evidence(after[k], before[k])[0]
        for k in before)


def _relayed(a: Analysis, b: Analysis, edit: Edit, body: str) -> bool:
    """B's edited sentence now gives an outlet as the source, where A gave someone else."""
    for sentence in b.sentences:
        if _hit(edit.b, sentence.span):
            frames = frames_in(body, tokenize(body, sentence.span.start, sentence.span.end))
            return any(f.subject is not None and _hit(edit.b, f.subject.span) and is_outlet(f.subject.text)
                       for f in frames)
    return False


def _omitted(a: Analysis, b: Analysis, edit: Edit, body: str) -> bool:
    left = {(f.kind, f.value) for f in b.facts}
    return any((f.kind, f.value) not in left for f in a.facts if _hit(edit.a, f.span))


_CHECKS: dict[str, Callable[[Analysis, Analysis, Edit, str], bool]] = {
    "number": _number_changed, "name": _name_misspelled, "weekday": _value_changed("weekday"),
    "place": _value_changed("place"), "speaker": _speaker_swapped, "sourcing": _relayed, "omission": _omitted,
}


def dir_holds(kind: str, a: Analysis, b: Analysis, edit: Edit, a_body: str, b_body: str) -> bool:
    """The DIR edit changed its intended fact, and nothing outside it changed: no fact outside the edited
    span, no quote outside the edited paragraph (a quote beside a changed attribution may change with it)."""
    zone_a = edit_zone(a_body, edit)
    zone_b = Span(zone_a.start, zone_a.end + len(edit.b_text) - len(edit.a_text))
    return fact_counts(a, edit.a) == fact_counts(b, edit.b) and quote_counts(a, zone_a) == quote_counts(b, zone_b) \
        and _CHECKS[kind](a, b, edit, b_body)


def edit_zone(body: str, edit: Edit) -> Span:
    """The edit with the rest of its paragraph in A."""
    para = next((p for p in paragraphs(body) if p.start <= edit.a.start <= p.end), None)
    return Span(min(edit.a.start, para.start), max(edit.a.end, para.end)) if para else edit.a


def inv_holds(before: Analysis, after: Analysis) -> bool:
    """Every fact's normalised value and every quote's speaker are as they were."""
    return fact_counts(before) == fact_counts(after) and quote_counts(before) == quote_counts(after)


# --- building variants ---------------------------------------------------------------------------------

def prepare(source: Source) -> ArticleView:
    """An article ready to perturb (analysed once; every variant of it starts from this)."""
    return ArticleView(source.body, source.published, analyse(source.body, source.published))


def make_variant(doc: ArticleView, article: str, kind: str | None, seed: int = 0,
                 noise: tuple[int, int] = (1, 3)) -> Variant | None:
    """B with one DIR edit of `kind` (None: an unperturbed pair) and 1-3 INV edits away from it; None when the
    article offers no checked candidate for the kind (or, unperturbed, for any INV kind)."""
    rng = random.Random(f"{seed}|{article}|{kind}")
    plans: list[Plan] = []
    base = doc.analysis
    if kind is not None:
        planted = _plant(doc, kind, rng)
        if planted is None:
            return None
        plans, base = [planted[0]], planted[1]
    plans += _noise(doc, plans, base, rng, rng.randint(*noise))
    if not plans:
        return None
    b, edits = apply_plans(doc.body, plans, _direction)
    return Variant(article, doc.body, b, doc.published, edits)


def _plant(doc: ArticleView, kind: str, rng: random.Random) -> tuple[Plan, Analysis] | None:
    candidates = list(DIR_FINDERS[kind](doc, rng))
    if kind not in ("sourcing", "place"):           # these finders give their best candidates first
        rng.shuffle(candidates)
    for plan in candidates[:DIR_TRIES]:
        b, edits = apply_plans(doc.body, [plan], _direction)
        after = analyse(b, doc.published)
        if dir_holds(kind, doc.analysis, after, edits[0], doc.body, b):
            return plan, after
    return None


def _noise(doc: ArticleView, planted: list[Plan], base: Analysis, rng: random.Random, count: int) -> list[Plan]:
    """Up to `count` INV edits of different kinds, none in the planted edit's paragraph, each checked."""
    keep_out = [_paragraph_around(doc, p) for p in planted]
    kinds = list(INV_KINDS)
    rng.shuffle(kinds)
    chosen: list[Plan] = []
    for kind in kinds:
        if len(chosen) == count:
            break
        candidates = [c for c in INV_FINDERS[kind](doc, rng) if not any(_near(c, k) for k in keep_out + chosen)]
        rng.shuffle(candidates)
        for plan in candidates[:2]:
            b, _ = apply_plans(doc.body, planted + chosen + [plan], _direction)
            if inv_holds(base, analyse(b, doc.published)):
                chosen.append(plan)
                break
    return chosen


def _paragraph_around(doc: ArticleView, plan: Plan) -> Plan:
    para = doc.paragraph_of(plan.start)
    return Plan(plan.kind, min(plan.start, para.start), max(plan.end, para.end), "") if para else plan


def _near(x: Plan, y: Plan) -> bool:
    """Overlapping or touching: two edits must leave at least one character between them."""
    return x.start <= y.end and y.start <= x.end


def variants_for(source: Source, seed: int = 0, kinds: Sequence[str] = DIR_KINDS,
                 unperturbed: bool = True) -> list[Variant]:
    """One variant per DIR kind the article allows, and one unperturbed (INV edits only)."""
    doc = prepare(source)
    found = [make_variant(doc, source.id, kind, seed) for kind in kinds]
    if unperturbed:
        found.append(make_variant(doc, source.id, None, seed, noise=UNPERTURBED_NOISE))
    return [v for v in found if v is not None]


def one_each(sources: Sequence[Source], seed: int = 0, unperturbed: int = 0) -> list[Variant]:
    """The fast subset: one DIR variant per article, the kinds taken in turn (the next kind when an
    article offers none of its turn), then unperturbed variants of the first `unperturbed` articles."""
    found: list[Variant] = []
    for i, source in enumerate(sources):
        doc = prepare(source)
        turn = [DIR_KINDS[(i + j) % len(DIR_KINDS)] for j in range(len(DIR_KINDS))]
        variant = next((v for v in (make_variant(doc, source.id, k, seed) for k in turn) if v), None)
        found += [variant] if variant else []
        if i < unperturbed:
            found += [v for v in [make_variant(doc, source.id, None, seed, noise=UNPERTURBED_NOISE)] if v]
    return found


# --- real articles ------------------------------------------------------------------------------------

def load_sources(corpus: str = "polnear", count: int = 50, seed: int = 0, half: str = "all",
                 min_chars: int = 1200, max_chars: int = 7000) -> list[Source]:
    """A seeded choice of real articles of middling length ([] when ../shared is absent).

    The eligible articles are shuffled by the seed and dealt into two halves ("fit": even places,
    "test": odd places), so thresholds fitted on one half are reported on the other.
    """
    path = CORPORA[corpus]
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    pool = sorted((r for r in records if min_chars <= len(r.get("text") or "") <= max_chars
                   and r["text"].count("\n") >= 3), key=lambda r: r["id"])
    random.Random(f"{seed}|sample").shuffle(pool)
    if half != "all":
        pool = pool[0::2] if half == "fit" else pool[1::2]
    return [Source(r["id"], r["text"], r.get("date") or "") for r in pool[:count]]
