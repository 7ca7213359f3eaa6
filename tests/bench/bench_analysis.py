"""Speed of the text analysis (issue 3 target: a 1,000-word article in under 5 ms, median).

Run: .venv/bin/python tests/bench/bench_analysis.py
Measures real articles of 900-1,100 words from ../shared/data (PolNeAR, ECB+) when present,
and always the bundled demo articles; prints the median per article and per stage.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED_DATA = PROJECT.parent / "shared" / "data"
sys.path.insert(0, str(PROJECT))

from core.analysis import analyse  # noqa: E402
from core.cleaning import dateline_span, segment  # noqa: E402
from core.entities import find_entities  # noqa: E402
from core.model import count_words  # noqa: E402
from core.quantities import find_quantities  # noqa: E402
from core.quotes import find_quotes  # noqa: E402
from core.readers import read_file  # noqa: E402
from core.timex import find_times  # noqa: E402

REPEATS = 15


def real_articles() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for name in ("polnear/articles.jsonl", "ecbplus/articles.jsonl"):
        path = SHARED_DATA / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if 900 <= count_words(record["text"]) <= 1100:
                texts.append((record["text"], record.get("date") or ""))
    return texts[:60]


def demo_articles() -> list[tuple[str, str]]:
    folder = PROJECT / "resources" / "demo" / "articles"
    return [(a.body, a.published) for path in sorted(folder.iterdir()) for a in read_file(path).articles]


def median_ms(run, corpus: list[tuple[str, str]]) -> float:
    timings = []
    for body, published in corpus:
        best = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            run(body, published)
            best.append(time.perf_counter() - started)
        timings.append(statistics.median(best) * 1000)
    return statistics.median(timings)


def per_1000_words(ms: float, corpus: list[tuple[str, str]]) -> float:
    words = statistics.median(count_words(body) for body, _ in corpus)
    return ms * 1000 / words


def report(label: str, corpus: list[tuple[str, str]]) -> None:
    if not corpus:
        return
    analyse(*corpus[0])  # load lazy data (gazetteer) outside the timing; reported separately
    total = median_ms(analyse, corpus)
    words = statistics.median(count_words(body) for body, _ in corpus)
    print(f"{label}: {len(corpus)} articles, median {words:.0f} words")
    print(f"  whole analysis: median {total:.2f} ms per article ({per_1000_words(total, corpus):.2f} ms per 1,000 words)")
    stages = {
        "sentences + furniture": lambda body, _p: (segment(body), dateline_span(body)),
        "quotes": lambda body, _p: find_quotes(body),
        "quantities": lambda body, _p: find_quantities(body),
        "dates and times": lambda body, published: find_times(body, published),
        "entities": lambda body, _p: find_entities(body),
    }
    for name, run in stages.items():
        print(f"    {name:<22} {median_ms(run, corpus):.2f} ms")


def main() -> int:
    started = time.perf_counter()
    find_entities("Officials met in Toronto on Tuesday.")
    print(f"one-time load (gazetteer and tables): {(time.perf_counter() - started) * 1000:.0f} ms")
    real = real_articles()
    if real:
        report("real news, 900-1,100 words (PolNeAR, ECB+)", real)
    else:
        print(f"skipped real news: {SHARED_DATA} is absent")
    report("bundled demo articles", demo_articles())
    return 0


if __name__ == "__main__":
    sys.exit(main())
