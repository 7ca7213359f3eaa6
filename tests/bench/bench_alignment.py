"""Speed of sentence and quote alignment, printed as figures (analysis is cached per article, so not timed).

    .venv/bin/python tests/bench/bench_alignment.py

Articles are real news text (PolNeAR, ../shared/data; the demo corpus when it is absent) joined to
the target length; the second version is a perturbed copy (tests/bench/eval_alignment.py: cosmetic
edits, splits, merges, deletions, a moved paragraph, foreign sentences), so the aligner does real work.
Budgets (issue 4, alignment's share): 1,000-word pair <= 20 ms median, 10,000-word pair <= 400 ms.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_alignment import _real_articles, perturb  # noqa: E402

from core.alignment import align_pair, align_quotes, align_story  # noqa: E402
from core.analysis import Version  # noqa: E402
from core.model import count_words  # noqa: E402


def article_of(words: int, texts: list[str], start: int) -> str:
    parts, total, k = [], 0, start
    while total < words:
        text = texts[k % len(texts)]
        parts.append(text)
        total += count_words(text)
        k += 1
    return "\n\n".join(parts)


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    texts = _real_articles(200, 3)
    rng = random.Random(5)
    for words, repeat in ((1000, 21), (10000, 5)):
        a = Version.of(article_of(words, texts, 0))
        b = Version.of(perturb(a, rng, []).body)
        sentences = len(a.analysis.sentences) + len(b.analysis.sentences)
        pair = median_ms(lambda: align_pair(a, b), repeat)
        quotes = median_ms(lambda: align_quotes([a, b]), repeat)
        print(f"{words:>6}-word pair ({sentences} sentences): align_pair {pair:7.1f} ms median, "
              f"align_quotes {quotes:6.1f} ms")
    base = Version.of(article_of(800, texts, 10))
    story = [base] + [Version.of(perturb(base, rng, []).body) for _ in range(9)]
    rows = median_ms(lambda: align_story(story), 5)
    quotes = median_ms(lambda: align_quotes(story), 5)
    print(f"story of 10 x 800 words: align_story {rows:7.1f} ms median, align_quotes {quotes:6.1f} ms")


if __name__ == "__main__":
    main()
