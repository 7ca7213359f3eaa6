"""Speed of the comparison (issue 4 targets), with Python's difflib beside it as the peer.

Run: .venv/bin/python tests/bench/bench_compare.py
Targets: a pair of 1,000-word articles < 50 ms median; a pair of 10,000-word articles < 1 s;
a story of 10 articles of 800 words < 500 ms. Analysis is cached per article in the app, so it
is done before the clock starts. The peer is difflib.SequenceMatcher over the words of both
texts (what Meld and diffengine build on): it finds changed words, nothing more.
"""
from __future__ import annotations

import difflib
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED_DATA = PROJECT.parent / "shared" / "data"
sys.path.insert(0, str(PROJECT))

from core.analysis import Version  # noqa: E402
from core.compare import compare  # noqa: E402
from core.model import count_words  # noqa: E402
from core.readers import read_file  # noqa: E402

SWAPS = {"said": "stated", "Tuesday": "Wednesday", "government": "administration", "more": "further"}


def real_texts(low: int, high: int, count: int) -> list[tuple[str, str]]:
    path = SHARED_DATA / "polnear" / "articles.jsonl"
    found = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if low <= count_words(record["text"]) <= high:
                found.append((record["text"], record["date"] or ""))
            if len(found) == count:
                break
    if not found:  # without ../shared, the bundled demo articles stand in
        folder = PROJECT / "resources" / "demo" / "articles"
        demo = [a for p in sorted(folder.iterdir()) for a in read_file(p).articles]
        text = "\n\n".join(a.body for a in demo[:3])
        found = [(text, demo[0].published)] * count
    return found


def variant(text: str, seed: int) -> str:
    """Another outlet's version: paragraphs reordered a little, a few edits and deletions."""
    rng = random.Random(seed)
    paragraphs = text.split("\n\n")
    for _ in range(max(1, len(paragraphs) // 8)):
        i = rng.randrange(len(paragraphs) - 1) if len(paragraphs) > 1 else 0
        paragraphs[i:i + 2] = paragraphs[i:i + 2][::-1]
    paragraphs = [p for p in paragraphs if rng.random() > 0.08] or paragraphs
    edited = "\n\n".join(paragraphs)
    for word, other in SWAPS.items():
        edited = re.sub(rf"\b{word}\b", other, edited, count=2)
    return re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + (rng.random() < 0.2)), edited)


def median_ms(run, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def difflib_peer(texts: list[str]) -> None:
    words = [t.split() for t in texts]
    for other in words[1:]:
        difflib.SequenceMatcher(None, words[0], other, autojunk=False).get_opcodes()


def case(label: str, texts: list[str], published: str, repeats: int, target_ms: float) -> None:
    versions = [Version.of(t, published) for t in texts]
    ours = median_ms(lambda: compare(versions), repeats)
    peer = median_ms(lambda: difflib_peer(texts), repeats)
    result = compare(versions)
    counts = result.counts()
    verdict = "ok" if ours < target_ms else "OVER TARGET"
    print(f"{label}: {ours:.1f} ms median (target < {target_ms:.0f} ms: {verdict}); difflib word diff {peer:.1f} ms")
    print(f"    {len(result.rows)} rows, {len(result.quotes)} quote groups, differences: {counts}")


def main() -> int:
    source = "PolNeAR (real news)" if (SHARED_DATA / "polnear").exists() else "demo articles (../shared absent)"
    print(f"text: {source}")
    text, date = real_texts(950, 1100, 1)[0]
    case(f"pair of {count_words(text)}-word articles", [text, variant(text, 1)], date, 15, 50)
    long_texts = real_texts(900, 1100, 10)
    long_text = "\n\n".join(t for t, _ in long_texts)
    case(f"pair of {count_words(long_text)}-word articles", [long_text, variant(long_text, 2)], long_texts[0][1], 3, 1000)
    story, story_date = real_texts(700, 900, 1)[0]
    case(f"story of 10 articles of {count_words(story)} words", [story] + [variant(story, s) for s in range(3, 12)],
         story_date, 3, 500)
    return 0


if __name__ == "__main__":
    sys.exit(main())
