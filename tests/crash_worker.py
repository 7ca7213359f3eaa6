"""A process the crash tests kill with SIGKILL at random moments (tests/test_crash_safety.py).

It does real store work through the Library, the same calls main.py and the app make, and prints
a line to stdout (flushed) only after SQLite has committed, so the test knows exactly what the
store promised before the kill:

    import DB FOLDER        "C <path>" per file whose batch is committed, then "STORIES" / "DONE"
    notes DB FIRST COUNT    "C <key>" per note saved
    stories DB SEED         "C <what> <decisions>" per story edit (regroup, merge, split-out) committed
    migrate DB              "MIGRATING" while a slow extra migration step holds the transaction
    notes-loop DB PREFIX N  like notes, used by the two-process test as a second writer
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

from netguard import install_for_subprocess  # noqa: E402

install_for_subprocess()   # the helper process is as offline as the test run

from core.library import Library  # noqa: E402


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run_import(db: str, folder: str) -> None:
    with Library.open(db) as library:
        job = library.imports.start([folder])
        for step in job:
            # A step is yielded after its batch's transaction committed (core.importing._write).
            if step.status == "imported":
                say(f"C {step.path}")
        say("STORIES")
        imported = [a.id for a in job.summary.imported]
        if imported:
            library.stories.attach(imported)        # as `main.py import` does
        say("DONE")


def note_text(key: str) -> str:
    """The text of a test note: long enough to span pages, derived from the key so it can be checked."""
    return (f"Checked {key} against the council minutes. " * 40).strip()


def run_notes(db: str, first: int, count: int, prefix: str = "crash-note") -> None:
    with Library.open(db) as library:
        for number in range(first, first + count):
            key = f"{prefix}-{number}"
            library.notes.set(key, "verified", note_text(key), label=f"label {number}", article_ids=[1, 2])
            say(f"C {key}")
        say("DONE")


def run_stories(db: str, seed: int) -> None:
    rng = random.Random(seed)
    with Library.open(db) as library:
        def decisions() -> int:
            return int(library.store.conn.execute("SELECT count(*) FROM story_constraints").fetchone()[0])

        while True:
            for _ in library.stories.regroup():
                pass
            say(f"C regroup {decisions()}")
            stories = [s.id for s in library.stories.list()]
            if len(stories) >= 2:
                a, b = rng.sample(stories, 2)
                library.stories.merge(a, b)
                say(f"C merge {a} {b} {decisions()}")
            article_ids = library.articles.ids()
            if article_ids:
                library.stories.split_out(rng.choice(article_ids))
                say(f"C split-out {decisions()}")


def run_migrate(db: str) -> None:
    from core import store as store_module

    def slow_step(conn) -> None:          # type: ignore[no-untyped-def]
        conn.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO half_done (text) VALUES (?)", [("x" * 200,)] * 5000)
        conn.execute("ALTER TABLE articles ADD COLUMN future_column TEXT")
        say("MIGRATING")
        time.sleep(60)                     # the test kills the process here

    store_module.MIGRATIONS = store_module.MIGRATIONS + [slow_step]
    store_module.SCHEMA_VERSION = len(store_module.MIGRATIONS)
    Library.open(db).close()
    say("DONE")


def main(argv: list[str]) -> int:
    mode, db, *rest = argv
    if mode == "import":
        run_import(db, rest[0])
    elif mode == "notes":
        run_notes(db, int(rest[0]), int(rest[1]))
    elif mode == "notes-loop":
        run_notes(db, 0, int(rest[1]), prefix=rest[0])
    elif mode == "stories":
        run_stories(db, int(rest[0]))
    elif mode == "migrate":
        run_migrate(db)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
