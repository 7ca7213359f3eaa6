"""Sentence alignment measured, printed as figures: the null threshold's calibration and precision/recall.

    .venv/bin/python tests/bench/eval_alignment.py --calibrate   # where NULL_SCORE comes from
    .venv/bin/python tests/bench/eval_alignment.py               # precision / recall on perturbed real text

Calibration (ENGINE §1 "Take" 3, Vecalign's percentile idea): a sentence that has no partner in
the other article still finds its best lookalike there, and that best score is what a false
alignment would score. So NULL_SCORE is the 95th percentile of best-partner scores between articles
that cannot share a sentence: ECB+ articles about *another event of the same kind* (each ECB+
topic holds two events, e.g. two earthquakes; ../shared/data/ecbplus, CC BY 3.0) and the demo
corpus's other-town flood and library stories against the main story. Hard negatives on purpose:
same vocabulary, no shared facts (the 99th percentile is not used: ECB+'s "other event" articles
sometimes recap the first event, so its far tail holds true matches). The same recipe gives
QUOTE_MATCH (quote parts against the quotes of PolNeAR articles a month or more apart) and
GAP_RATIO (one given sentence pair, not a best-of-many, so the distribution of random pairs).

Evaluation (ENGINE §7, after Vecalign's score.py): real articles (ECB+ and PolNeAR) get a seeded
variant: cosmetic edits (case, US/UK spelling, U.S./US, quote marks), a paragraph moved, a sentence
split in two, two merged, sentences deleted, foreign sentences inserted from an article of another
event. Gold links are known by construction; precision and recall are over sentence links (a
split counts as two links), one-sided sentences left out of recall as in Vecalign.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"
ECB = SHARED / "data" / "ecbplus" / "articles.jsonl"
POLNEAR = SHARED / "data" / "polnear" / "articles.jsonl"
DEMO = PROJECT / "resources" / "demo" / "articles"
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere

from core.alignment import align_pair  # noqa: E402
from core.similarity import sentence_bags  # noqa: E402
from core.analysis import Version  # noqa: E402
from core.model import AlignedRow  # noqa: E402
from core.readers import read_file  # noqa: E402
from core.similarity import NULL_SCORE, Weights, score_pairs  # noqa: E402


def _load_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def best_scores(a: Version, b: Version) -> list[float]:
    """Each article sentence's best score against the other article (0 when nothing is shared)."""
    left, right = sentence_bags(a), sentence_bags(b)
    weights = Weights([x for x in left + right if x is not None])
    scores = score_pairs(left, right, weights)
    best_left = {i: 0.0 for i, x in enumerate(left) if x is not None}
    best_right = {j: 0.0 for j, x in enumerate(right) if x is not None}
    for (i, j), s in scores.items():
        best_left[i] = max(best_left[i], s.score)
        best_right[j] = max(best_right[j], s.score)
    return list(best_left.values()) + list(best_right.values())


def _ecb_negative_pairs(per_topic: int, seed: int) -> Iterator[tuple[Version, Version]]:
    rows = _load_jsonl(ECB)
    rng = random.Random(seed)
    by_topic: dict[int, dict[str, list[dict]]] = {}
    for row in rows:
        by_topic.setdefault(row["topic"], {}).setdefault(row["cluster"], []).append(row)
    for topic in sorted(by_topic):
        clusters = sorted(by_topic[topic])
        if len(clusters) < 2:
            continue
        first, second = by_topic[topic][clusters[0]], by_topic[topic][clusters[1]]
        for _ in range(per_topic):
            a, b = rng.choice(first), rng.choice(second)
            yield Version.of(a["text"]), Version.of(b["text"])


def _demo_negative_pairs() -> Iterator[tuple[Version, Version]]:
    load = lambda name: _version(DEMO / name)  # noqa: E731
    others = [load("valley_times_ambersley_flood.txt"), load("civic_bulletin_brackenfield_library.json")]
    for name in ("harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
                 "coastline_daily_saltmere_flood.md"):
        main = load(name)
        for other in others:
            yield main, other


def _version(path: Path) -> Version:
    article = read_file(path).articles[0]
    return Version.of(article.body, article.published)


def _percentiles(values: list[float]) -> str:
    qs = statistics.quantiles(values, n=1000, method="inclusive")
    return (f"n={len(values)}  p50={qs[499]:.3f}  p90={qs[899]:.3f}  p95={qs[949]:.3f}  p99={qs[989]:.3f}  "
            f"p99.9={qs[998]:.3f}  max={max(values):.3f}")


def best_quote_scores(a: Version, b: Version) -> list[float]:
    """Each quote part's best partial_ratio against the other article's parts (only pairs of 3+ words)."""
    from rapidfuzz import fuzz
    from core.alignment import QUOTE_MIN_WORDS, _passages
    left, right = _passages(0, a), _passages(1, b)
    out = []
    for p in left + right:
        others = right if p in left else left
        scores = [fuzz.partial_ratio(*sorted((p.norm, o.norm), key=len), processor=None) for o in others
                  if min(p.words, o.words) >= QUOTE_MIN_WORDS]
        if scores and p.words >= QUOTE_MIN_WORDS:
            out.append(max(scores))
    return out


def _polnear_negative_pairs(count: int, seed: int) -> Iterator[tuple[Version, Version]]:
    """Random PolNeAR pairs published a month or more apart: different events."""
    rows = [r for r in _load_jsonl(POLNEAR) if r.get("date")]
    rng = random.Random(seed)
    made = 0
    while made < count:
        a, b = rng.sample(rows, 2)
        if abs(_days(a["date"]) - _days(b["date"])) >= 30:
            made += 1
            yield Version.of(a["text"]), Version.of(b["text"])


def _polnear_or_none(count: int, seed: int) -> Iterator[tuple[Version, Version]]:
    return _polnear_negative_pairs(count, seed) if POLNEAR.exists() else iter(())


def random_pair_ratios(a: Version, b: Version, rng: random.Random, samples: int) -> list[float]:
    """fuzz.ratio of the full word keys of random sentence pairs: what one given pair scores by chance."""
    from rapidfuzz import fuzz
    left = [x for x in sentence_bags(a) if x is not None]
    right = [x for x in sentence_bags(b) if x is not None]
    if not left or not right:
        return []
    return [fuzz.ratio(rng.choice(left).key, rng.choice(right).key) for _ in range(samples)]


def _days(date: str) -> int:
    import datetime
    return datetime.date.fromisoformat(date[:10]).toordinal()


def calibrate(per_topic: int, seed: int) -> None:
    print(f"NULL_SCORE in core/similarity.py: {NULL_SCORE}")
    demo = [s for a, b in _demo_negative_pairs() for s in best_scores(a, b)]
    print("demo: other-event articles vs the main story, best-partner scores:", _percentiles(demo))
    if ECB.exists():
        ecb = [s for a, b in _ecb_negative_pairs(per_topic, seed) for s in best_scores(a, b)]
        print("ECB+: same kind, other event, best-partner scores:            ", _percentiles(ecb))
        print("both:                                                         ", _percentiles(ecb + demo))
    else:
        print(f"{ECB} is absent: ECB+ part skipped")
    from core.alignment import GAP_RATIO, QUOTE_MATCH
    print(f"\nGAP_RATIO in core/alignment.py: {GAP_RATIO}")
    ratios = [r for a, b in list(_demo_negative_pairs()) + list(_polnear_or_none(100, seed))
              for r in random_pair_ratios(a, b, random.Random(seed), 200)]
    print("fuzz.ratio of random sentence pairs across events:          ", _percentiles(ratios))
    print(f"\nQUOTE_MATCH in core/alignment.py: {QUOTE_MATCH}")
    demo_q = [s for a, b in _demo_negative_pairs() for s in best_quote_scores(a, b)]
    print("demo: quote parts vs other-event quotes, best partial_ratio:", _percentiles(demo_q))
    if POLNEAR.exists():
        pol = [s for a, b in _polnear_negative_pairs(300, seed) for s in best_quote_scores(a, b)]
        print("PolNeAR: pairs a month apart, best partial_ratio:         ", _percentiles(pol))


# --- perturbation: a variant B of a real article with known links --------------------------------

_CURLY = str.maketrans({'"': "\u201c", "'": "\u2019"})


@dataclass
class Piece:
    text: str
    sources: tuple[int, ...]      # sentence indices in A this piece says


@dataclass
class Variant:
    body: str
    gold: set[tuple[int, int]]    # (sentence of A, sentence of B)
    moved: set[int]               # sentences of A in the moved paragraph


def _cosmetic(text: str, rng: random.Random, american: dict[str, str]) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return text.translate(_CURLY)
    if choice == 1:
        return re.sub(r"\bU\.S\.(?=\W)", "US", text) if "U.S." in text else text.upper()[:1] + text[1:]
    if choice == 2:
        return re.sub(r"(\w+), (\w+) and ", r"\1, \2, and ", text)
    return re.sub(r"[a-z]+", lambda m: american.get(m.group(), m.group()), text)


def _reword(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [k for k, w in enumerate(words[1:-1], 1) if w.isalpha() and w.islower() and len(w) > 3]
    if candidates:
        del words[rng.choice(candidates)]
    return " ".join(words)


def _split(text: str) -> list[str] | None:
    commas = [m.start() for m in re.finditer(r", (?=[a-z])", text)]
    if len(text.split()) < 20 or not commas:
        return None
    cut = min(commas, key=lambda k: abs(k - len(text) / 2))
    second = text[cut + 2:]
    return [text[:cut] + ".", second[:1].upper() + second[1:]]


def perturb(version: Version, rng: random.Random, foreign: list[str]) -> Variant:
    """B = A with cosmetic edits, a dropped word, splits, merges, deletions, a moved paragraph and
    foreign sentences; every edit logged as links from A's sentences to B's."""
    from core.gazetteer import load
    american = {british: american for american, british in load().spelling.items()}
    paragraphs: list[list[Piece]] = []
    for s in version.analysis.sentences:
        if s.furniture:
            continue
        if not paragraphs or paragraphs[-1][-1].sources[-1] not in _paragraph_members(version, s.paragraph):
            paragraphs.append([])
        paragraphs[-1].append(Piece(s.text, (s.index,)))
    out: list[list[Piece]] = []
    for para in paragraphs:
        pieces: list[Piece] = []
        for piece in para:
            roll = rng.random()
            if roll < 0.08:
                continue                                           # deleted
            if roll < 0.16 and (parts := _split(piece.text)):
                pieces += [Piece(part, piece.sources) for part in parts]
                continue
            if roll < 0.24 and pieces:
                last = pieces.pop()
                piece = Piece(last.text.rstrip(".") + "; " + piece.text, last.sources + piece.sources)
            elif roll < 0.54:
                piece = Piece(_cosmetic(piece.text, rng, american), piece.sources)
            elif roll < 0.70:
                piece = Piece(_reword(piece.text, rng), piece.sources)
            pieces.append(piece)
        if pieces:
            out.append(pieces)
    moved: set[int] = set()
    if len(out) >= 4:
        para = out.pop(rng.randrange(1, len(out)))
        out.insert(rng.randrange(0, len(out) + 1), para)
        moved = {a for piece in para for a in piece.sources}
    if foreign:
        out.insert(rng.randrange(1, len(out) + 1), [Piece(text, ()) for text in foreign])
    return _assemble(out, moved)


def _paragraph_members(version: Version, paragraph: int) -> set[int]:
    return {s.index for s in version.analysis.sentences if s.paragraph == paragraph}


def _assemble(paragraphs: list[list[Piece]], moved: set[int]) -> Variant:
    body, spans = "", []
    for para in paragraphs:
        if body:
            body += "\n\n"
        for k, piece in enumerate(para):
            if k:
                body += " "
            spans.append((len(body), len(body) + len(piece.text), piece.sources))
            body += piece.text
    b = Version.of(body)
    gold: set[tuple[int, int]] = set()
    for j, sentence in enumerate(b.analysis.sentences):
        overlaps = [(min(e, sentence.span.end) - max(s, sentence.span.start), src) for s, e, src in spans]
        size, sources = max(overlaps, default=(0, ()))
        if size > 0 and not sentence.furniture:
            gold |= {(a, j) for a in sources}
    return Variant(body, gold, moved)


def links(rows: list[AlignedRow]) -> set[tuple[int, int]]:
    return {(a, b) for row in rows for a in row.sentences[0] for b in row.sentences[1]}


def _real_articles(limit: int, seed: int) -> list[str]:
    texts: list[str] = []
    if POLNEAR.exists():
        rows = _load_jsonl(POLNEAR)
        random.Random(seed).shuffle(rows)
        texts = [r["text"] for r in rows if 200 <= len(r["text"].split()) <= 1500][:limit]
    if not texts:
        texts = [_version(DEMO / name).body for name in sorted(p.name for p in DEMO.iterdir())]
    return texts


def evaluate(limit: int, seed: int) -> None:
    rng = random.Random(seed)
    texts = _real_articles(limit, seed)
    found = predicted = gold_total = moved_found = moved_total = 0
    for n, text in enumerate(texts):
        a = Version.of(text)
        other = Version.of(texts[(n + 1) % len(texts)])
        foreign = [s.text for s in other.analysis.sentences if not s.furniture][:3]
        variant = perturb(a, rng, foreign)
        b = Version.of(variant.body)
        got = links(align_pair(a, b))
        found += len(got & variant.gold)
        predicted += len(got)
        gold_total += len(variant.gold)
        moved_gold = {g for g in variant.gold if g[0] in variant.moved}
        moved_found += len(got & moved_gold)
        moved_total += len(moved_gold)
    print(f"articles: {len(texts)} ({'PolNeAR' if POLNEAR.exists() else 'demo'}), perturbed with seed {seed}")
    print(f"sentence links: precision {found / max(predicted, 1):.3f}  recall {found / max(gold_total, 1):.3f}  "
          f"(gold {gold_total}, predicted {predicted})")
    print(f"links inside moved paragraphs: recall {moved_found / max(moved_total, 1):.3f} ({moved_total})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="print the null-threshold calibration")
    parser.add_argument("--per-topic", type=int, default=12, help="ECB+ cross-event pairs per topic")
    parser.add_argument("--articles", type=int, default=60, help="real articles to perturb")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.calibrate:
        calibrate(args.per_topic, args.seed)
    else:
        evaluate(args.articles, args.seed)


if __name__ == "__main__":
    main()
