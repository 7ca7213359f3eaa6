"""The comparison engine measured on planted edits (issue 4 quality bar; ENGINE.md §7), printed as a table.

Real articles (../shared/data/polnear by default) get a variant B each with one planted factual edit
(DIR: number, name, weekday, place, speaker, sourcing, omission) plus 1-3 cosmetic edits away from it
(INV), and one unperturbed variant with INV edits only (tests/perturbation.py makes and checks them).
Each pair goes through core.compare.compare and is scored:

- a DIR edit is FOUND when a factual difference of its kind has a side overlapping the edited span
  (in A or in B); otherwise the factual kinds reported there are its confusions ("number -> omission"),
  or the other categories reported there, or "nothing";
- an INV edit is CALLED FACTUAL when a factual difference overlaps it (target: never);
- every factual difference of an unperturbed pair is false (target: <= 0.2 per pair); differences with
  confidence < 0.5 are notes and are counted apart.
Targets (issue 4): recall >= 0.95 per factual kind, cosmetic never called factual, <= 0.2 false factual
differences per unperturbed pair. Fit thresholds on one half, report on the other: --half fit|test.

Run: .venv/bin/python tests/bench/eval_perturbation.py [--articles 50] [--seed 0] [--half all|fit|test]
     [--corpus polnear|ecbplus] [--misses 15]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]  # run as a script from anywhere

from core.analysis import Version  # noqa: E402
from core.model import Difference  # noqa: E402
from perturbation import CORPORA, DIR_KINDS, Edit, Source, Variant, load_sources, overlaps, variants_for  # noqa: E402

RECALL_TARGET = 0.95
FALSE_PER_PAIR_TARGET = 0.2


@dataclass
class Outcome:
    """How the comparison of one variant scored."""

    variant: Variant
    found: bool | None = None                       # the planted edit (None: an unperturbed pair)
    reported: list[str] = field(default_factory=list)   # what sat on the planted edit when not found
    near: list[Difference] = field(default_factory=list)
    inv_factual: list[tuple[Edit, Difference]] = field(default_factory=list)
    baseline: set[tuple] = field(default_factory=set)   # signatures of A-vs-A factual differences
    inherited: int = 0          # factual differences also reported when A is compared with itself
    stray: list[Difference] = field(default_factory=list)   # factual, touching no planted edit
    factual: int = 0                                        # factual differences in all
    notes: int = 0
    seconds: float = 0.0


def touches(edit: Edit, difference: Difference) -> bool:
    """Whether a side of the difference overlaps the edit's span in its article (0 = A, 1 = B)."""
    for side in difference.sides:
        span = edit.a if side.article == 0 else edit.b if side.article == 1 else None
        if span is not None and overlaps(span, side.start, side.end):
            return True
    return False


def factual(differences: Iterable[Difference]) -> list[Difference]:
    return [d for d in differences if d.category == "factual" and d.confidence >= 0.5]


def signature(difference: Difference) -> tuple:
    """A difference by kind and the texts it points at: the same one found in two comparisons of one article."""
    return (difference.kind, tuple(sorted(side.text or "" for side in difference.sides)))


def judge(variant: Variant, differences: Sequence[Difference], seconds: float = 0.0,
          baseline: set[tuple] = frozenset()) -> Outcome:
    """Score one compared pair against its log; `baseline` holds the signatures of the factual differences
    reported when A is compared with itself (noise of the engine, not of the edits)."""
    facts = factual(differences)
    outcome = Outcome(variant, seconds=seconds, factual=len(facts), baseline=set(baseline),
                      notes=sum(d.category == "factual" and d.confidence < 0.5 for d in differences))
    planted = variant.planted
    if planted is not None:
        outcome.near = [d for d in differences if touches(planted, d)]
        outcome.found = any(d.kind == planted.kind for d in facts if touches(planted, d))
        if not outcome.found:
            outcome.reported = _reported(outcome.near)
    outcome.inv_factual = [(e, d) for e in variant.edits if e.direction == "INV" for d in facts if touches(e, d)]
    outcome.stray = [d for d in facts if not any(touches(e, d) for e in variant.edits)]
    outcome.inherited = sum(signature(d) in baseline for d in facts)
    return outcome


def _reported(near: list[Difference]) -> list[str]:
    kinds = sorted({d.kind for d in factual(near)})
    if kinds:
        return kinds
    others = sorted({f"{d.category}:{d.kind}" for d in near})
    return others or ["nothing"]


def compare_variant(variant: Variant, baseline: set[tuple] = frozenset()) -> Outcome:
    from core.compare import compare   # imported late: the eval module loads while compare is being built
    a, b = Version.of(variant.a, variant.published), Version.of(variant.b, variant.published)
    start = time.perf_counter()
    comparison = compare([a, b])
    return judge(variant, comparison.differences, time.perf_counter() - start, baseline)


def self_comparison(source: Source) -> list[Difference]:
    """The factual differences reported between an article and an exact copy of it (there should be none)."""
    from core.compare import compare
    version = Version.of(source.body, source.published)
    return factual(compare([version, Version.of(source.body, source.published)]).differences)


# --- the table -------------------------------------------------------------------------------------

@dataclass
class Summary:
    planted: Counter
    found: Counter
    confusions: Counter
    inv_edits: Counter
    inv_factual: Counter
    unperturbed: int
    false_factual: int
    stray_in_perturbed: int
    notes: int
    seconds: list[float]
    inherited: int = 0
    identical_pairs: int = 0
    identical_factual: int = 0

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.planted[kind] if self.planted[kind] else float("nan")

    @property
    def false_per_pair(self) -> float:
        return self.false_factual / self.unperturbed if self.unperturbed else float("nan")

    def failures(self) -> list[str]:
        """The issue's targets this run misses, one line each (empty: all met)."""
        out = [f"recall {kind} {self.recall(kind):.2f} < {RECALL_TARGET}" for kind in DIR_KINDS
               if self.planted[kind] and self.recall(kind) < RECALL_TARGET]
        if sum(self.inv_factual.values()):
            out.append(f"{sum(self.inv_factual.values())} cosmetic edits called factual")
        if self.unperturbed and self.false_per_pair > FALSE_PER_PAIR_TARGET:
            out.append(f"{self.false_per_pair:.2f} false factual differences per unperturbed pair")
        return out


def summarise(outcomes: Sequence[Outcome]) -> Summary:
    s = Summary(Counter(), Counter(), Counter(), Counter(), Counter(), 0, 0, 0, 0, [])
    for o in outcomes:
        s.seconds.append(o.seconds)
        s.notes += o.notes
        s.inherited += o.inherited
        for edit in o.variant.edits:
            if edit.direction == "INV":
                s.inv_edits[edit.kind] += 1
        for edit in {id(e): e for e, _ in o.inv_factual}.values():
            s.inv_factual[edit.kind] += 1
        if o.found is None:
            s.unperturbed += 1
            s.false_factual += o.factual
            continue
        kind = o.variant.kind
        s.planted[kind] += 1
        s.found[kind] += bool(o.found)
        s.stray_in_perturbed += len(o.stray)
        for reported in o.reported:
            s.confusions[(kind, reported)] += 1
    return s


def table(s: Summary) -> list[str]:
    lines = [f"{'planted kind':<14}{'planted':>8}{'found':>7}{'recall':>8}   confusions (kind reported instead)"]
    for kind in DIR_KINDS:
        confused = ", ".join(f"{r} x{n}" for (k, r), n in s.confusions.most_common() if k == kind)
        lines.append(f"{kind:<14}{s.planted[kind]:>8}{s.found[kind]:>7}{s.recall(kind):>8.2f}   {confused}")
    total, found = sum(s.planted.values()), sum(s.found.values())
    lines.append(f"{'all':<14}{total:>8}{found:>7}{(found / total if total else float('nan')):>8.2f}")
    called = sum(s.inv_factual.values())
    lines.append("")
    lines.append(f"cosmetic (INV) edits called factual: {called} of {sum(s.inv_edits.values())}  (target 0)")
    lines.append("  INV edits by kind: " + ", ".join(
        f"{k} {n}" + (f" ({s.inv_factual[k]} called factual)" if s.inv_factual[k] else "")
        for k, n in sorted(s.inv_edits.items())))
    lines.append(f"false factual differences per unperturbed pair: {s.false_per_pair:.2f} "
                 f"({s.false_factual} in {s.unperturbed} pairs; target <= {FALSE_PER_PAIR_TARGET})")
    perturbed = sum(s.planted.values())
    lines.append(f"extra factual differences in perturbed pairs (touching no edit): {s.stray_in_perturbed} "
                 f"({s.stray_in_perturbed / perturbed if perturbed else 0:.2f} per pair)")
    if s.identical_pairs:
        lines.append(f"article compared with an exact copy of itself: {s.identical_factual} factual differences in "
                     f"{s.identical_pairs} pairs; {s.inherited} of the factual differences above are these again")
    lines.append(f"low-confidence factual notes (not counted): {s.notes}")
    if s.seconds:
        lines.append(f"compare() per pair: median {statistics.median(s.seconds) * 1000:.0f} ms, "
                     f"max {max(s.seconds) * 1000:.0f} ms")
    return lines


# --- examples for the engine's authors -------------------------------------------------------------

def context(text: str, start: int, end: int, reach: int = 60) -> str:
    """The span in brackets with some text either side, on one line."""
    left = text[max(0, start - reach):start]
    right = text[end:end + reach]
    return " ".join(f"…{left}[{text[start:end]}]{right}…".split())


def misses(outcomes: Sequence[Outcome], limit: int) -> list[str]:
    lines: list[str] = []
    for o in outcomes:
        edit = o.variant.planted
        if edit is None or o.found:
            continue
        lines.append(f"- {edit.kind} ({edit.detail}) in {o.variant.article}: got {', '.join(o.reported)}")
        lines.append(f"    A: {context(o.variant.a, edit.a.start, edit.a.end)}")
        if edit.b_text:
            lines.append(f"    B: {context(o.variant.b, edit.b.start, edit.b.end)}")
        lines += [f"    engine: {d.category}/{d.kind}: {d.explanation}" for d in o.near[:3]]
    return lines[:limit * 4]


def false_alarms(outcomes: Sequence[Outcome], limit: int) -> list[str]:
    lines: list[str] = []
    for o in outcomes:
        def also(d: Difference) -> str:
            return " [also A vs A]" if signature(d) in o.baseline else ""
        for edit, d in o.inv_factual:
            lines.append(f"- INV {edit.kind} ({edit.detail}) called {d.kind} in {o.variant.article}: "
                         f"{d.explanation}{also(d)}")
        if o.found is None:
            lines += [f"- unperturbed {o.variant.article}: {d.kind}: {d.explanation}{also(d)} | "
                      + " / ".join(repr((side.text or "")[:50]) for side in d.sides) for d in o.stray]
    return lines[:limit]


# --- running -------------------------------------------------------------------------------------

def build(sources: Sequence[Source], seed: int) -> list[Variant]:
    return [v for source in sources for v in variants_for(source, seed)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="polnear")
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--half", choices=("all", "fit", "test"), default="all")
    parser.add_argument("--misses", type=int, default=15, help="examples of misses and false alarms to print")
    args = parser.parse_args(argv)
    if not CORPORA[args.corpus].is_file():
        print(f"skipped: {CORPORA[args.corpus]} is absent (the real articles live in the read-only ../shared)")
        return 0
    start = time.perf_counter()
    sources = load_sources(args.corpus, args.articles, args.seed, args.half)
    variants = build(sources, args.seed)
    made = time.perf_counter() - start
    noise = {source.id: self_comparison(source) for source in sources}
    baselines = {article: {signature(d) for d in found} for article, found in noise.items()}
    outcomes = [compare_variant(v, baselines[v.article]) for v in variants]
    summary = summarise(outcomes)
    summary.identical_pairs, summary.identical_factual = len(noise), sum(map(len, noise.values()))
    print(f"Perturbation evaluation: {args.corpus}, {len(sources)} articles (half {args.half}, seed {args.seed}), "
          f"{len(variants)} pairs; generated in {made:.1f} s, compared in {time.perf_counter() - start - made:.1f} s")
    print("\n".join(table(summary)))
    if args.misses:
        print(f"\nMissed planted edits (first {args.misses}):")
        print("\n".join(misses(outcomes, args.misses)) or "  none")
        print(f"\nCosmetic edits called factual, false factual differences in unperturbed pairs (first {args.misses}):")
        print("\n".join(false_alarms(outcomes, args.misses)) or "  none")
    failures = summary.failures()
    print("\nTargets: " + ("all met" if not failures else "MISSED: " + "; ".join(failures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
