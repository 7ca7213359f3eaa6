"""Import and search throughput on real news (../shared/data), printed as figures.

Run: .venv/bin/python tests/bench/bench_import.py
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED_DATA = PROJECT.parent / "shared" / "data"
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere; the project is also pip-installed in .venv

from core.library import Library  # noqa: E402

CORPORA = ("ecbplus/articles.jsonl", "polnear/articles.jsonl")
QUERIES = ("earthquake", '"said in a statement"', "president OR senator", "rehab*", "police -fire")


def split_into_files(corpus: Path, folder: Path) -> list[Path]:
    """One .json file per record, as an editor's folder of exports would look."""
    paths = []
    for index, line in enumerate(corpus.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        path = folder / f"{index:05d}.json"
        path.write_text(json.dumps({k: record.get(k) for k in ("title", "text", "source", "url", "date", "publisher")}))
        paths.append(path)
    return paths


def bench_corpus(corpus: Path, work: Path) -> None:
    folder = work / corpus.parent.name
    folder.mkdir()
    files = split_into_files(corpus, folder)
    with Library.open(work / f"{corpus.parent.name}.db") as library:
        started = time.perf_counter()
        job = library.imports.start([folder])
        for _ in job:
            pass
        elapsed = time.perf_counter() - started
        s = job.summary
        print(f"{corpus.parent.name}: {len(files)} files -> {len(s.imported)} imported, {len(s.duplicates)} duplicates, "
              f"{len(s.failed)} failed in {elapsed:.2f} s ({len(files) / elapsed:.0f} files/s)")
        started = time.perf_counter()
        job = library.imports.start([folder])
        for _ in job:
            pass
        print(f"  re-import (all duplicates): {time.perf_counter() - started:.2f} s, {len(job.summary.duplicates)} duplicates")
        timings = []
        for query in QUERIES:
            t0 = time.perf_counter()
            hits = library.articles.search(query, limit=50)
            timings.append((time.perf_counter() - t0) * 1000)
            print(f"  search {query!r}: {len(hits)} hits in {timings[-1]:.1f} ms")
        print(f"  median search {statistics.median(timings):.1f} ms")


def main() -> int:
    if not SHARED_DATA.is_dir():
        print(f"skipped: {SHARED_DATA} is absent (the real news corpora live in the read-only ../shared folder)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in CORPORA:
            corpus = SHARED_DATA / name
            if corpus.exists():
                bench_corpus(corpus, Path(tmp))
            else:
                print(f"skipped {name}: not found under {SHARED_DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
