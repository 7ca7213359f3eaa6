"""Story matching at scale: 10,000 articles grouped from scratch, one more attached, memory at peak.

    .venv/bin/python tests/bench/bench_matching.py            # 10,000 articles
    .venv/bin/python tests/bench/bench_matching.py --size 4000

Targets (issue 5): grouping 10,000 articles from scratch < 10 s; one new article attached < 50 ms;
memory proportional to the index, not to all pairs.

The corpus: every ECB+ and PolNeAR article (../shared/data, read-only; skipped with a message when
absent) plus deterministic variants of each, as a syndication-heavy library looks: a new id, the
paragraphs after the first shuffled, a few neighbouring words swapped, sometimes a paragraph
dropped, PolNeAR dates moved by up to two days. Analysis (core.analysis, ~4 ms an article, cached
by the store in the app) is done once before the clock starts; the figures time core.matching only.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
DATA = PROJECT.parent / "shared" / "data"
SOURCES = (DATA / "ecbplus" / "articles.jsonl", DATA / "polnear" / "articles.jsonl")
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core.analysis import analyse  # noqa: E402
from core.matching import ArticleFeatures, Matcher, features, group  # noqa: E402
from core.model import content_hash  # noqa: E402
from eval_matching import bcubed  # noqa: E402

ATTACHED = 60          # new articles attached one by one to the full index


def originals() -> list[dict]:
    rows = []
    for path in SOURCES:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                rows.append({"title": row.get("title") or "", "text": row["text"], "date": row.get("date") or "",
                             "source": row.get("source") or row.get("publisher") or "",
                             "cluster": row.get("cluster") or ""})
    return rows


def variant(row: dict, number: int) -> dict:
    """The `number`-th deterministic variant of one article (0 = the article itself)."""
    if number == 0:
        return row
    rng = random.Random(f"{row['title']}|{number}")
    paragraphs = [p for p in row["text"].split("\n") if p.strip()]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    if number % 3 == 0 and len(rest) > 2:
        rest.pop(rng.randrange(len(rest)))
    words = "\n\n".join(head + rest).split(" ")
    for _ in range(3):
        if len(words) > 3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
    published = row["date"]
    if published:
        published = (date.fromisoformat(published) + timedelta(days=number % 3)).isoformat()
    return {"title": row["title"], "text": " ".join(words), "date": published, "source": f"{row['source']} {number}",
            "cluster": row["cluster"]}


def corpus(size: int) -> list[dict]:
    rows = originals()
    per = -(-size // len(rows))
    return [variant(row, n) for n in range(per) for row in rows][:size]


def _features(job: tuple[int, dict]) -> ArticleFeatures:
    article_id, row = job
    return features(article_id, row["title"], row["text"], row["date"], row["source"], content_hash(row["text"]),
                    analyse(row["text"], row["date"]))


def build(rows: list[dict]) -> list[ArticleFeatures]:
    with ProcessPoolExecutor() as pool:
        return list(pool.map(_features, enumerate(rows, start=1), chunksize=64))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    missing = [str(p) for p in SOURCES if not p.is_file()]
    if missing:
        print(f"skipped: {', '.join(missing)} absent (the read-only ../shared data folder)")
        return 0
    started = time.perf_counter()
    rows = corpus(args.size + ATTACHED)
    items = build(rows)
    index, extra = items[:args.size], items[args.size:]
    print(f"corpus: {len(index)} articles + {len(extra)} to attach (ECB+ and PolNeAR with variants); "
          f"analysis and features {time.perf_counter() - started:.0f} s, not timed below")

    started = time.perf_counter()
    stories = group(index)
    grouped = time.perf_counter() - started
    sizes = sorted((len(s.articles) for s in stories), reverse=True)
    print(f"group from scratch: {grouped:.2f} s for {len(index)} articles (target < 10 s) -> {len(stories)} stories, "
          f"largest {sizes[:5]}, {sum(1 for s in sizes if s == 1)} of one article")

    gold = {i: row["cluster"] for i, row in enumerate(rows[:args.size], start=1) if row["cluster"]}
    found = {a: story.articles[0] for story in stories for a in story.articles}
    p, r, f1 = bcubed(found, gold)
    print(f"ECB+ part against its gold stories (variants inherit their original's): BCubed P {p:.3f} R {r:.3f} "
          f"F1 {f1:.3f}; stories here are ~6x ECB+'s, beyond the background count (see core.matching)")

    matcher = Matcher.from_items(index)
    times = []
    for item in extra:
        started = time.perf_counter()
        matcher.add(item)
        matcher.story_of(item.id)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"attach one article to {len(index)}: median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms, max {times[-1]:.1f} ms (target < 50 ms)")

    links = sum(len(v) for v in matcher._links.values()) // 2
    pairs = len(matcher) * (len(matcher) - 1) // 2
    print(f"index: {links} stored links (score >= floor) of {pairs} possible pairs "
          f"({links / len(matcher):.1f} per article), {len(matcher._postings)} keys")
    for size in sorted({args.size // 4, args.size // 2, args.size}):
        tracemalloc.start()
        Matcher.from_items(index[:size])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"peak memory grouping {size:>6} articles: {peak / 2**20:6.1f} MiB ({peak / size / 1024:.1f} KiB an article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
