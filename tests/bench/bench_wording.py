"""Speed of the word diff (issue 4 budget: diff_row over every aligned row of a 1,000-word pair <= 10 ms).

Run: .venv/bin/python tests/bench/bench_wording.py
Measures (1) the demo pairs W-L, W-C, L-C: every row core.alignment aligns with both sides
present (a best-match stand-in when that module is absent), diffed with diff_row; the total per
article pair, and scaled to 1,000 words; (2) real articles of 900-1,100 words from ../shared/data
when present, each against a copy with house-style and word edits, sentence by sentence; (3) one
10,000-word row: similar, 30 % and 10 % shared words. Token and word-key caches are emptied
before every run; times are the best of the runs in this process's CPU time, as the machine is
shared. Python's difflib on the same word keys (tokenising included) is printed beside it as the
peer: what Meld and diffengine build on.
"""
from __future__ import annotations

import difflib
import json
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED_DATA = PROJECT.parent / "shared" / "data"
sys.path.insert(0, str(PROJECT))

from rapidfuzz import fuzz  # noqa: E402

from core.analysis import Version, analyse  # noqa: E402
from core.model import Span, count_words  # noqa: E402
from core.readers import read_file  # noqa: E402
from core.tokens import span_tokens, tokenize, word_key  # noqa: E402
from core.wording import diff_row  # noqa: E402

DEMO = PROJECT / "resources" / "demo" / "articles"
REPEATS = 15
Row = tuple[list[Span], list[Span]]


def sentences(body: str, published: str) -> list[Span]:
    return [s.span for s in analyse(body, published).sentences if not s.furniture]


def aligned_rows(article_a, article_b) -> list[Row]:
    """The rows core.alignment pairs (both sides present), or a best-match stand-in when it is not there."""
    try:
        from core.alignment import align_pair
    except ImportError:
        return best_match_rows(article_a.body, sentences(article_a.body, article_a.published),
                               article_b.body, sentences(article_b.body, article_b.published))
    va, vb = Version.of(article_a.body, article_a.published), Version.of(article_b.body, article_b.published)
    spans_a = [s.span for s in va.analysis.sentences]
    spans_b = [s.span for s in vb.analysis.sentences]
    return [([spans_a[i] for i in row.sentences[0]], [spans_b[i] for i in row.sentences[1]])
            for row in align_pair(va, vb) if row.sentences[0] and row.sentences[1]]


def best_match_rows(body_a: str, spans_a: list[Span], body_b: str, spans_b: list[Span]) -> list[Row]:
    """Each A sentence with its most similar free B sentence (a stand-in for core.alignment)."""
    rows, used = [], set()
    for span in spans_a:
        text = span.text(body_a)
        scored = [(fuzz.token_set_ratio(text, s.text(body_b)), i) for i, s in enumerate(spans_b) if i not in used]
        if scored and max(scored)[0] >= 55:
            used.add(max(scored)[1])
            rows.append(([span], [spans_b[max(scored)[1]]]))
    return rows


def cold() -> None:
    """Forget cached tokens and word keys, so every repeat pays for them as the first comparison does."""
    span_tokens.cache_clear()
    word_key.cache_clear()


def time_rows(body_a: str, body_b: str, rows: list[Row]) -> float:
    """Milliseconds to diff every row, caches cold: the best of REPEATS runs, in CPU time of this
    process (the machine is shared; other work there only ever adds wall time)."""
    runs = []
    for _ in range(REPEATS):
        cold()
        started = time.process_time()
        for index, (x, y) in enumerate(rows):
            diff_row((body_a, body_b), (x, y), (0, 1), index)
        runs.append((time.process_time() - started) * 1000)
    return min(runs)


def time_difflib(body_a: str, body_b: str, rows: list[Row]) -> float:
    runs = []
    for _ in range(REPEATS):
        cold()
        started = time.process_time()
        for x, y in rows:
            keys_a = [t.key for t in tokenize(body_a, x) if t.is_word]
            keys_b = [t.key for t in tokenize(body_b, y) if t.is_word]
            difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
        runs.append((time.process_time() - started) * 1000)
    return min(runs)


def demo() -> None:
    articles = {p.stem.split("_")[0]: read_file(p).articles[0] for p in sorted(DEMO.iterdir())}
    names = {"harbour": "W", "the": "L", "coastline": "C"}
    loaded = {names[k]: a for k, a in articles.items() if k in names}
    print("demo pair   rows  words(A+B)/2   diff_row ms   per 1,000 words   difflib ms")
    for left, right in (("W", "L"), ("W", "C"), ("L", "C")):
        body_a, body_b = loaded[left].body, loaded[right].body
        rows = aligned_rows(loaded[left], loaded[right])
        words = (count_words(body_a) + count_words(body_b)) / 2
        ms = time_rows(body_a, body_b, rows)
        print(f"{left}-{right}        {len(rows):4d}  {words:12.0f}   {ms:11.2f}   {ms * 1000 / words:15.2f}"
              f"   {time_difflib(body_a, body_b, rows):10.2f}")


_EDITS = (("defense", "defence"), ("center", "centre"), ('"', "“"), ("'", "’"), (" and ", ", and "),
          ("said", "told reporters"), ("U.S.", "US"), (" the ", " a "))


def variant(text: str, rng: random.Random) -> str:
    """A copy of one sentence with a few house-style and word edits, as another outlet might run it."""
    for old, new in rng.sample(_EDITS, 3):
        text = text.replace(old, new, 1)
    words = text.split(" ")
    if len(words) > 8 and rng.random() < 0.3:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def real() -> None:
    path = SHARED_DATA / "polnear" / "articles.jsonl"
    if not path.exists():
        print(f"(skipped real articles: {path} is absent)")
        return
    rng = random.Random(4)
    timings, peer = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not 900 <= count_words(record["text"]) <= 1100:
            continue
        body_a = record["text"]
        spans_a = sentences(body_a, record.get("date") or "")
        parts, spans_b, at = [], [], 0
        for span in spans_a:
            text = variant(span.text(body_a), rng)
            spans_b.append(Span(at, at + len(text)))
            parts.append(text)
            at += len(text) + 1
        body_b = " ".join(parts)
        rows = [([x], [y]) for x, y in zip(spans_a, spans_b)]
        timings.append(time_rows(body_a, body_b, rows))
        peer.append(time_difflib(body_a, body_b, rows))
        if len(timings) == 30:
            break
    print(f"real 1,000-word pairs ({len(timings)}): diff_row median {statistics.median(timings):.2f} ms,"
          f" max {max(timings):.2f} ms; difflib median {statistics.median(peer):.2f} ms")


def long_rows() -> None:
    rng = random.Random(10)
    vocabulary = [f"w{i}" for i in range(3000)]
    words = [rng.choice(vocabulary) for _ in range(10_000)]
    similar = list(words)
    for _ in range(500):
        similar[rng.randrange(len(similar))] = rng.choice(vocabulary)
    def mixed(shared: float) -> list[str]:
        return [rng.choice(vocabulary) if rng.random() < shared else f"x{rng.randrange(3000)}" for _ in range(10_000)]
    for name, b_words in (("similar (5% edits)", similar), ("30% shared words", mixed(0.3)),
                          ("unrelated (10% shared words)", mixed(0.1))):
        body_a, body_b = " ".join(words), " ".join(b_words)
        row = [([Span(0, len(body_a))], [Span(0, len(body_b))])]
        print(f"10,000-word row, {name}: {time_rows(body_a, body_b, row):.1f} ms")


if __name__ == "__main__":
    demo()
    real()
    long_rows()
