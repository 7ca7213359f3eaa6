"""Triangulate at scale (issue 8): one command, one table, targets beside the figures.

    ./bench.sh                      # 10,000 synthetic articles (a few minutes)
    ./bench.sh --size 1000          # quick
    ./bench.sh --full               # 100,000 articles (import + analysis alone take ~10 minutes on 2 cores)
    ./bench.sh --docs               # also write the table to docs/benchmarks.md
    ./bench.sh --only import,stories

The corpus is tests/bench/corpus.py (seeded; cached in the temp folder), N articles plus 1,000 more
that are attached incrementally. Peers (raw SQLite, scikit-learn TF-IDF, difflib, a bare Qt window)
run in the same process beside ours; the ratio is what to compare across machines.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(HERE))

AREAS = ("import", "stories", "compare", "store", "gui")


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (f"{os.cpu_count()} CPUs ({model}), {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"SQLite {__import__('sqlite3').sqlite_version}; load average at start {load}")


def table(rows) -> str:
    headers = ("measure", "value", "target", "peer", "ratio", "met")
    cells = [headers] + [(r.measure, r.value, r.target, r.peer, r.ratio, r.met) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(headers))]
    lines = []
    area = None
    for index, (row, cell) in enumerate(zip([None] + list(rows), cells)):
        if row is not None and row.area != area:
            area = row.area
            lines.append(f"| **{area}** |" + " |" * (len(headers) - 1))
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(cell, widths)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles in the synthetic corpus")
    parser.add_argument("--full", action="store_true", help="the 100,000-article run")
    parser.add_argument("--repeats", type=int, default=3, help="runs per short measure (the median is shown)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--only", default=",".join(AREAS), help="areas: " + ",".join(AREAS))
    parser.add_argument("--docs", action="store_true", help="write the table to docs/benchmarks.md")
    parser.add_argument("--keep", type=Path, help="keep the built store here (reused when it exists)")
    parser.add_argument("--merge", action="store_true",
                        help="complete the table with the last run's rows (same size) for the areas not run now")
    args = parser.parse_args()
    size = 100_000 if args.full else args.size
    areas = set(args.only.split(","))

    import bench_scale as b
    from corpus import generate, truth

    started = time.perf_counter()
    print(f"machine: {machine()}", flush=True)
    folder = generate(size + 1000, args.seed)
    gold_by_name = truth(folder)
    files = sorted(str(p) for p in (folder / "articles").iterdir())
    base, extra = files[:size], files[size:]
    print(f"corpus: {folder} ({size:,} + {len(extra):,} articles, seed {args.seed})", flush=True)
    rows: list[b.Row] = []
    with tempfile.TemporaryDirectory(prefix="triangulate-bench-") as tmp:
        work = Path(tmp)
        store = args.keep or work / "library.db"
        needs_store = areas & {"stories", "store", "gui"} or "import" in areas
        if "import" in areas:
            rows += b.bench_import(base, work, args.repeats)
            print("  import throughput done", flush=True)
        if needs_store and not Path(store).exists():
            built, _ = b.build_store(base, Path(store))
            rows += built if "import" in areas else []
            print(f"  store built ({time.perf_counter() - started:.0f} s)", flush=True)
        if needs_store:
            from core.library import Library

            with Library.open(store) as library:
                known = {r[0] for r in library.store.conn.execute("SELECT path FROM articles")}
                todo = [p for p in extra if p not in known]
                if todo:
                    job = library.imports.start(todo)
                    for _ in job:
                        pass
                    for _ in library.analyses.ensure([a.id for a in job.summary.imported]):
                        pass
                placed = {r[0]: r[1] for r in library.store.conn.execute("SELECT path, id FROM articles")}
            new_ids = sorted(placed[p] for p in extra if p in placed)
            gold_by_id = {i: gold_by_name[Path(p).name] for p, i in placed.items() if Path(p).name in gold_by_name}
        if "stories" in areas:
            threshold = b.choose_peer_threshold(base, gold_by_name)
            rows += b.bench_matching(Path(store), gold_by_id, new_ids, args.repeats, threshold)
            print(f"  stories done ({time.perf_counter() - started:.0f} s)", flush=True)
        elif needs_store:
            from core.library import Library

            with Library.open(store) as library:          # later areas need stories in the store
                if not library.store.conn.execute("SELECT 1 FROM story_articles LIMIT 1").fetchone():
                    for _ in library.stories.regroup():
                        pass
        if "compare" in areas:
            rows += b.bench_compare()
            print("  compare done", flush=True)
        if "store" in areas:
            rows += b.bench_store(Path(store), max(5, args.repeats))
        if "gui" in areas:
            rows += b.bench_gui(Path(store), max(3, args.repeats))
            print("  gui done", flush=True)
    out = PROJECT / "tests" / "bench" / "last_run.json"
    if args.merge:
        rows = merged(rows, out, size, areas)
    text = table(rows)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    print()
    print(f"Triangulate benchmarks, {size:,} synthetic articles, {stamp} ({time.perf_counter() - started:.0f} s)")
    print(text)
    missed = [r.measure.strip() for r in rows if r.met == "no"]
    print(f"\n{len([r for r in rows if r.met == 'yes'])} targets met, {len(missed)} not" +
          (": " + "; ".join(missed) if missed else ""))
    out.write_text(json.dumps({"size": size, "date": stamp, "machine": machine(),
                               "rows": [r.__dict__ for r in rows]}, indent=1))
    if args.docs:
        write_docs(PROJECT / "docs" / "benchmarks.md", size, stamp, text)
    return 0


def merged(rows: list, previous: Path, size: int, areas: set[str]) -> list:
    """This run's rows, plus the previous run's rows of the areas not run now (a long run done in parts,
    e.g. the 100k store built and imported once, the other areas measured later on the kept store)."""
    import bench_scale as b

    try:
        last = json.loads(previous.read_text())
    except (OSError, ValueError):
        return rows
    if last.get("size") != size:
        return rows
    kept = [b.Row(**r) for r in last["rows"] if r["area"] not in areas]
    return sorted(kept + rows, key=lambda r: AREAS.index(r.area))


def write_docs(path: Path, size: int, stamp: str, text: str) -> None:
    """Replace the table between the markers in docs/benchmarks.md (the prose around it is kept)."""
    start, end = "<!-- table:start -->", "<!-- table:end -->"
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    block = f"{start}\n{size:,} synthetic articles, {stamp}; machine: {machine()}\n\n{text}\n{end}"
    head, _, rest = old.partition(start)
    _, _, tail = rest.partition(end)
    path.write_text(head + block + tail, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
