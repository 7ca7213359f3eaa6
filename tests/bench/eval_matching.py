"""Story matching measured against ECB+ gold stories: BCubed and pairwise precision / recall / F1.

    .venv/bin/python tests/bench/eval_matching.py            # all 772 articles, worst topics
    .venv/bin/python tests/bench/eval_matching.py --split    # threshold fitted on odd topics, tested on even
    .venv/bin/python tests/bench/eval_matching.py --sweep    # F1 at each threshold, for the record

ECB+ (../shared/data/ecbplus, CC BY 3.0): each topic holds two different real events of one kind (two
earthquakes, two celebrities entering rehab), so grouping by topic is wrong and grouping by `cluster`
is right. The articles have no publication dates and half have no outlet: matching runs on text only.
Each article is analysed with core.analysis (as the store caches it), turned into features and
grouped from scratch with core.matching.group.

`--split` is the held-out check: the threshold is chosen on the odd-numbered topics alone and the
even-numbered topics are grouped with it, so a constant fitted to some events is tested on others
of different kinds. matching.THRESHOLD is the value this picks on the odd topics.

Measured (BCubed F1; held-out = threshold fitted on the other half):

    organisations weighted like other names:  all 0.928 @ 0.05 (P 0.979 R 0.882); held-out even 0.956
                                              @ 0.05, odd 0.910 @ 0.045
    organisations at weight 0, by their words  all 0.927 @ 0.045 (P 0.966 R 0.891); held-out even 0.963
    (story_features.ORGANISATION_WEIGHT):      @ 0.045, odd 0.940 @ 0.045 (both halves pick 0.045)

The target (0.95 on both held-out halves) is not met on the odd topics: 27 (two emergency Internet
Explorer patches), 11 (two Turkmen elections), 35 (two Chargers drunk-driving arrests, the later
articles naming the earlier one), 20 (two Qeshm earthquakes) share nearly all their specific words,
and the one-sentence articles of 24 and 23 share no rare key with their story. What else was tried,
with figures, is in the core.matching module doc. The "all topics" run computes IDF over all 772
articles and the halves over their own, so the three figures can move differently.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
ECB = PROJECT.parent / "shared" / "data" / "ecbplus" / "articles.jsonl"
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere

from core import matching  # noqa: E402
from core.analysis import analyse  # noqa: E402
from core.matching import ArticleFeatures, features, group  # noqa: E402
from core.model import content_hash  # noqa: E402

SWEEP = [round(0.02 + 0.005 * i, 3) for i in range(21)]


def load(path: Path = ECB) -> tuple[list[ArticleFeatures], list[dict]]:
    """Features of every ECB+ article (ids are line numbers) and the gold rows."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    items = [features(i, row.get("title") or "", row["text"], "", row.get("source") or "",
                      content_hash(row["text"]), analyse(row["text"], "")) for i, row in enumerate(rows)]
    return items, rows


def bcubed(predicted: dict[int, int], gold: dict[int, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in gold:
        by_pred[predicted[i]].add(i)
        by_gold[gold[i]].add(i)
    precision = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_pred[predicted[i]]) for i in gold)
    recall = sum(len(by_pred[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold)
    return _prf(precision / len(gold), recall / len(gold))


def pairwise(predicted: dict[int, int], gold: dict[int, str]) -> tuple[float, float, float]:
    def pairs(labels: dict) -> set[tuple[int, int]]:
        by = defaultdict(list)
        for i, label in labels.items():
            by[label].append(i)
        return {(a, b) for ids in by.values() for a in ids for b in ids if a < b}
    guessed, right = pairs(predicted), pairs(gold)
    hits = len(guessed & right)
    return _prf(hits / len(guessed) if guessed else 1.0, hits / len(right) if right else 1.0)


def _prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(items: Sequence[ArticleFeatures], threshold: float | None = None) -> dict[int, int]:
    """Predicted story (its first article id) of every item, at `threshold` (default: the module's)."""
    saved = matching.THRESHOLD, matching.FLOOR
    if threshold is not None:
        matching.THRESHOLD, matching.FLOOR = threshold, threshold / 2
    try:
        stories = group(items)
    finally:
        matching.THRESHOLD, matching.FLOOR = saved
    return {a: story.articles[0] for story in stories for a in story.articles}


def report(name: str, predicted: dict[int, int], rows: list[dict], ids: Sequence[int]) -> float:
    gold = {i: rows[i]["cluster"] for i in ids}
    b = bcubed(predicted, gold)
    p = pairwise(predicted, gold)
    stories = len({predicted[i] for i in ids})
    print(f"{name:<34} BCubed P {b[0]:.3f} R {b[1]:.3f} F1 {b[2]:.3f} | pairwise P {p[0]:.3f} R {p[1]:.3f} "
          f"F1 {p[2]:.3f} | {stories} stories for {len(set(gold.values()))} gold")
    return b[2]


def worst_topics(predicted: dict[int, int], rows: list[dict], ids: Sequence[int], count: int = 6) -> None:
    by_topic = defaultdict(list)
    for i in ids:
        by_topic[rows[i]["topic"]].append(i)
    scored = sorted((bcubed(predicted, {i: rows[i]["cluster"] for i in members})[2], topic)
                    for topic, members in by_topic.items())
    print("worst topics (BCubed F1 inside the topic; each topic holds two events):")
    for f1, topic in scored[:count]:
        members = by_topic[topic]
        print(f"  topic {topic:>2} F1 {f1:.3f}: {_describe(predicted, rows, members)}")


def _describe(predicted: dict[int, int], rows: list[dict], members: list[int]) -> str:
    """Predicted stories inside a topic as gold-cluster counts, e.g. [7_ecb x10 + 7_ecbplus x11]."""
    stories = defaultdict(Counter)
    for i in members:
        stories[predicted[i]][rows[i]["cluster"]] += 1
    parts = sorted((" + ".join(f"{c} x{n}" for c, n in sorted(counts.items())) for counts in stories.values()),
                   key=lambda text: -sum(int(x.split("x")[-1]) for x in text.split(" + ")))
    shown = parts[:4] + ([f"... {len(parts) - 4} more"] if len(parts) > 4 else [])
    return "; ".join(f"[{p}]" for p in shown)


def split_check(items: list[ArticleFeatures], rows: list[dict]) -> None:
    halves = {"odd": [i for i, r in enumerate(rows) if r["topic"] % 2],
              "even": [i for i, r in enumerate(rows) if not r["topic"] % 2]}
    for fit_name, test_name in (("odd", "even"), ("even", "odd")):
        fit, test = halves[fit_name], halves[test_name]
        fit_items, test_items = [items[i] for i in fit], [items[i] for i in test]
        curve = [(bcubed(run(fit_items, t), {i: rows[i]["cluster"] for i in fit})[2], t) for t in SWEEP]
        best_f1, best = max(curve, key=lambda x: (x[0], -x[1]))
        print(f"fit on {fit_name} topics: best threshold {best} (BCubed F1 {best_f1:.3f} there)")
        report(f"  held-out {test_name} topics @ {best}", run(test_items, best), rows, test)
    for name, ids in halves.items():
        report(f"{name} topics @ module {matching.THRESHOLD}", run([items[i] for i in ids]), rows, ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", action="store_true", help="fit the threshold on odd topics, test on even")
    parser.add_argument("--sweep", action="store_true", help="BCubed F1 at each threshold")
    args = parser.parse_args()
    if not ECB.is_file():
        print(f"skipped: {ECB} is absent (the read-only ../shared data folder)")
        return 0
    started = time.perf_counter()
    items, rows = load()
    analysed = time.perf_counter()
    predicted = run(items)
    grouped = time.perf_counter()
    ids = list(range(len(rows)))
    print(f"ECB+: {len(rows)} articles, {len({r['cluster'] for r in rows})} gold stories in "
          f"{len({r['topic'] for r in rows})} topics; analysis+features {analysed - started:.1f} s, "
          f"grouping {grouped - analysed:.2f} s")
    report(f"all topics @ {matching.THRESHOLD}", predicted, rows, ids)
    worst_topics(predicted, rows, ids)
    if args.sweep:
        for t in SWEEP:
            report(f"  threshold {t}", run(items, t), rows, ids)
    if args.split:
        split_check(items, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
