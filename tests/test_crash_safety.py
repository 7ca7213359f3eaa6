"""Crash safety: real processes doing real store work are killed with SIGKILL at random moments.

After every kill the store must be sound (integrity_check), the full-text index must match the
articles, everything the process had been told was committed must be there and whole, and
finishing the work afterwards must complete it without duplicates. The same for story edits,
notes and schema migrations (which also must restore from their safety copy when they fail).

The moments are random but seeded (printed on failure); TRIANGULATE_LONG_FUZZ=1 runs many more
kills on a larger import. tests/crash_worker.py is the process that gets killed.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import PROJECT, write_article
from core import store as store_module
from core.library import Library
from core.store import SCHEMA_VERSION, Store, StoreError

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

LONG = os.environ.get("TRIANGULATE_LONG_FUZZ") == "1"
SEED = int(os.environ.get("TRIANGULATE_FUZZ_SEED", "20240306"))
IMPORT_FILES = 8000 if LONG else 2000
IMPORT_KILLS = 25 if LONG else 5
NOTE_KILLS = 15 if LONG else 3
STORY_KILLS = 15 if LONG else 3
WORKER = PROJECT / "tests" / "crash_worker.py"


# --- the corpus ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    title: str
    body: str
    token: str          # a word only this article contains, to find it through the FTS index


EVENTS = [
    ("the Tanner Street bridge", "Engineers closed {what} after divers found cracks in {n} piers."),
    ("the night ferry", "{what} ran aground with {n} passengers on board, the coastguard said."),
    ("the harbour wall", "Storm waves broke {what} in {n} places overnight, flooding the quay."),
    ("the county hospital", "Nurses at {what} voted to strike for {n} days over pay."),
]


def make_corpus(folder: Path, count: int) -> dict[str, Expected]:
    """`count` small team-written articles, four outlets per event, each with a unique word."""
    corpus: dict[str, Expected] = {}
    for number in range(count):
        what, template = EVENTS[(number // 4) % len(EVENTS)]
        token = f"zqk{number:05d}w"
        title = f"Report {number}: {what}"
        body = (template.format(what=what.capitalize() if template.startswith("{what}") else what, n=number % 17 + 2)
                + f"\n\nReference {token} was filed by the desk on day {number // 4}."
                + f"\n\nResidents said the work on {what} was {['late', 'welcome', 'costly', 'overdue'][number % 4]}.")
        path = write_article(folder / f"batch{number // 500:02d}", f"article_{number:05d}.txt", body,
                             title=title, source=f"Outlet {number % 4}", published=f"2024-03-{number % 28 + 1:02d}")
        corpus[str(path)] = Expected(title, body, token)
    return corpus


# --- running and killing a worker ---------------------------------------------------------------

@dataclass
class Run:
    lines: list[str] = field(default_factory=list)
    killed: bool = False            # still running when the signal was sent
    returncode: int | None = None

    def committed(self, prefix: str = "C ") -> list[str]:
        return [line[len(prefix):] for line in self.lines if line.startswith(prefix)]


class Worker:
    """tests/crash_worker.py in a subprocess, its stdout collected line by line as it comes."""

    def __init__(self, *args: str) -> None:
        self.run = Run()
        # A session of its own, so the kill reaches the analysis processes it forks too (they would
        # otherwise outlive it holding its pipes open; see the report on core.library.parallel_map).
        self._process = subprocess.Popen([sys.executable, str(WORKER), *args], cwd=PROJECT, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                         start_new_session=True)
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            with self._changed:
                self.run.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, test: Callable[[list[str]], bool], timeout: float = 60.0) -> bool:
        """Wait until the output so far passes `test` (True) or the process ended (False)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not test(self.run.lines):
                if self._process.poll() is not None and not self._reader.is_alive():
                    return test(self.run.lines)
                if time.monotonic() > deadline:
                    raise AssertionError(f"the worker did not get there in {timeout} s: {self.run.lines[-3:]}")
                self._changed.wait(0.05)
        return True

    def kill(self) -> Run:
        self.run.killed = self._process.poll() is None
        if self.run.killed:
            self._process.send_signal(signal.SIGKILL)        # the store's writer dies first, mid-work
        try:
            os.killpg(self._process.pid, signal.SIGKILL)     # then any helper process it forked
        except ProcessLookupError:
            pass
        return self.finish()

    def finish(self, timeout: float = 120.0) -> Run:
        try:
            self.run.returncode = self._process.wait(timeout=timeout)
        finally:
            if self._process.poll() is None:
                os.killpg(self._process.pid, signal.SIGKILL)
        self._reader.join(timeout=10)
        stderr = self._process.stderr.read() if self._process.stderr and not self.run.killed else ""
        if not self.run.killed:
            assert self.run.returncode == 0, f"the worker failed on its own: {stderr[-2000:]}"
        return self.run


def kill_at_random(worker: Worker, rng: random.Random, marker: str = "C ") -> Run:
    """SIGKILL at a random moment: a quarter of the time blind (start-up, discovery, the first batch),
    otherwise once the worker has committed something in this run, a random instant later."""
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.05, 1.2))
    else:
        worker.wait_for(lambda lines: any(line.startswith(marker) for line in lines))
        committed = sum(line.startswith(marker) for line in worker.run.lines)
        # Sometimes right after a commit, sometimes well into the next batches.
        wanted = committed + rng.choice([0, 1, rng.randint(1, 150)])
        worker.wait_for(lambda lines: sum(line.startswith(marker) for line in lines) >= wanted, timeout=60)
        time.sleep(rng.uniform(0, 0.05))
    return worker.kill()


# --- checking a store ---------------------------------------------------------------------------

def check_sound(db: Path) -> sqlite3.Connection:
    """integrity_check ok, foreign keys hold, and the FTS index matches the articles table."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # FTS5's own check compares the index with the external content table, term by term.
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    indexed = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert indexed == stored, f"the FTS index has {indexed} documents for {stored} articles"
    return conn


def check_articles(db: Path, corpus: dict[str, Expected], committed: set[str], rng: random.Random) -> int:
    """Every stored article is one of the corpus's, whole and once; every committed one is there and
    findable by its unique word. Returns how many articles the store holds."""
    conn = check_sound(db)
    rows = conn.execute("SELECT id, path, title, body, content_hash FROM articles").fetchall()
    conn.close()
    paths = [row[1] for row in rows]
    assert len(paths) == len(set(paths)), "an article was stored twice"
    assert len({row[4] for row in rows}) == len(rows), "two articles share a content hash"
    for article_id, path, title, body, _ in rows:
        expected = corpus[path]
        assert (title, body) == (expected.title, expected.body), f"article {article_id} ({path}) is not whole"
    missing = committed - set(paths)
    assert not missing, f"{len(missing)} article(s) reported committed are missing, e.g. {sorted(missing)[:3]}"
    by_path = {row[1]: row[0] for row in rows}
    sample = rng.sample(sorted(committed), min(15, len(committed)))
    with Library.open(db) as library:
        for path in sample:
            hits = library.articles.search(corpus[path].token)
            assert [h.article.id for h in hits] == [by_path[path]], f"FTS does not find {path}"
    return len(rows)


# --- imports ------------------------------------------------------------------------------------

def test_import_survives_random_sigkills_and_completes_without_duplicates(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    corpus = make_corpus(tmp_path / "articles", IMPORT_FILES)
    db = tmp_path / "library.db"
    Library.open(db).close()
    committed: set[str] = set()
    kills, stored = 0, 0
    for attempt in range(IMPORT_KILLS):
        worker = Worker("import", str(db), str(tmp_path / "articles"))
        run = kill_at_random(worker, rng)
        kills += run.killed
        committed |= set(run.committed())
        count = check_articles(db, corpus, committed, rng)
        assert count >= stored, f"kill {attempt}: the store lost articles ({stored} -> {count}); seed {SEED}"
        stored = count
    assert kills >= IMPORT_KILLS - 1, f"only {kills} of {IMPORT_KILLS} kills hit a running import"
    assert 0 < stored < len(corpus), "the kills should have landed mid-import"

    # The editor imports the folder again: the rest comes in, nothing twice.
    final = Worker("import", str(db), str(tmp_path / "articles")).finish()
    assert "DONE" in final.lines
    assert check_articles(db, corpus, set(corpus), rng) == len(corpus)
    conn = sqlite3.connect(db)
    statuses = [row[0] for row in conn.execute("SELECT status FROM imports ORDER BY id")]
    conn.close()
    assert statuses[-1] == "done"
    print(f"import: {kills} kills survived, {stored} of {len(corpus)} articles stored before the last run, "
          f"{len(committed)} reported committed, none lost; seed {SEED}")


def test_a_kill_during_story_placement_after_an_import_leaves_a_sound_store(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "articles", 600)
    db = tmp_path / "library.db"
    worker = Worker("import", str(db), str(tmp_path / "articles"))
    worker.wait_for(lambda lines: "STORIES" in lines)
    time.sleep(random.Random(SEED).uniform(0.0, 0.3))
    run = worker.kill()
    check_articles(db, corpus, set(run.committed()), random.Random(SEED))
    conn = sqlite3.connect(db)
    placed = conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    empty = conn.execute(
        "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)").fetchone()[0]
    conn.close()
    assert placed in (0, len(corpus)), "story placement is all or nothing"
    assert empty == 0


# --- story edits --------------------------------------------------------------------------------

def _story_store(tmp_path: Path, count: int) -> Path:
    corpus_folder = tmp_path / "articles"
    make_corpus(corpus_folder, count)
    db = tmp_path / "library.db"
    Worker("import", str(db), str(corpus_folder)).finish()
    return db


def check_stories(db: Path, constraints_at_least: int) -> int:
    conn = check_sound(db)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    placed = conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    empty = conn.execute(
        "SELECT count(*) FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)").fetchone()[0]
    constraints = conn.execute("SELECT count(*) FROM story_constraints").fetchone()[0]
    bad_pairs = conn.execute("SELECT count(*) FROM story_constraints WHERE a >= b").fetchone()[0]
    conn.close()
    # A regrouping rewrites every membership in one transaction: a torn one would lose some.
    assert placed == articles, f"{articles - placed} article(s) lost their story"
    assert empty == 0 and bad_pairs == 0
    assert constraints >= constraints_at_least, "an editor's decision reported saved is gone"
    return constraints


def test_story_edits_survive_random_sigkills(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    db = _story_store(tmp_path, 400)
    check_stories(db, 0)
    decisions = 0
    kills = 0
    for attempt in range(STORY_KILLS):
        worker = Worker("stories", str(db), str(SEED + attempt))
        worker.wait_for(lambda lines: any(line.startswith("C merge") for line in lines))
        time.sleep(rng.uniform(0.0, 1.5))
        run = worker.kill()
        kills += run.killed
        # The decision count the worker saw after its last committed edit: none of them may be lost.
        decisions = max([decisions] + [int(line.split()[-1]) for line in run.committed()])
        check_stories(db, decisions)
    assert kills == STORY_KILLS
    # Grouping again from scratch works on what the kills left, and keeps every decision.
    with Library.open(db) as library:
        for _ in library.stories.regroup():
            pass
    check_stories(db, decisions)
    print(f"stories: {kills} kills survived, {decisions} decisions kept")


# --- notes --------------------------------------------------------------------------------------

def test_notes_survive_random_sigkills(tmp_path: Path) -> None:
    from crash_worker import note_text

    rng = random.Random(SEED + 2)
    db = tmp_path / "library.db"
    Library.open(db).close()
    saved: list[str] = []
    kills = 0
    for attempt in range(NOTE_KILLS):
        worker = Worker("notes", str(db), str(attempt * 100_000), "100000")
        run = kill_at_random(worker, rng)
        kills += run.killed
        saved += run.committed()
        conn = check_sound(db)
        rows = dict(conn.execute("SELECT key, text FROM notes").fetchall())
        statuses = {row[0] for row in conn.execute("SELECT DISTINCT status FROM notes")}
        conn.close()
        missing = [key for key in saved if key not in rows]
        assert not missing, f"{len(missing)} note(s) reported saved are gone, e.g. {missing[:3]}"
        assert all(text == note_text(key) for key, text in rows.items()), "a note is not whole"
        assert statuses <= {"verified"}
        # At most the one note per run whose commit raced the kill is stored without being reported.
        assert len(rows) - len(saved) <= attempt + 1
    assert kills == NOTE_KILLS and saved
    print(f"notes: {kills} kills survived, {len(saved)} notes reported saved, none lost")


# --- migrations ---------------------------------------------------------------------------------

def _store_with_articles(tmp_path: Path) -> tuple[Path, list[tuple]]:
    db = tmp_path / "library.db"
    folder = tmp_path / "articles"
    for number in range(5):
        write_article(folder, f"a{number}.txt", f"Article number {number} about the harbour wall.", title=f"A{number}")
    with Library.open(db) as library:
        list(library.imports.start([folder]))
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, title, body FROM articles ORDER BY id").fetchall()
    conn.close()
    return db, rows


def _state(db: Path) -> tuple[int, list[str], list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
        columns = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
        rows = conn.execute("SELECT id, title, body FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()
    return version, names + columns, rows


def test_a_kill_in_the_middle_of_a_migration_leaves_the_old_store(tmp_path: Path) -> None:
    db, rows = _store_with_articles(tmp_path)
    before = _state(db)
    worker = Worker("migrate", str(db))
    assert worker.wait_for(lambda lines: "MIGRATING" in lines, timeout=60)
    assert worker.kill().killed
    after = _state(db)
    assert after == before, "a killed migration must leave the store exactly as it was"
    assert after[0] == SCHEMA_VERSION and "half_done" not in after[1] and "future_column" not in after[1]
    backup = Path(f"{db}.schema{SCHEMA_VERSION}.bak")
    assert _state(backup) == before                          # the safety copy is whole too
    assert not Path(f"{backup}.partial").exists()
    with Library.open(db) as library:                        # and the app opens it as usual
        assert [(a.id, a.title) for a in library.articles.list()][::-1] == [(r[0], r[1]) for r in rows]


def _extra_migration(monkeypatch: pytest.MonkeyPatch, step: Callable[[sqlite3.Connection], None]) -> None:
    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS + [step])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)


def test_a_migration_failing_after_partial_ddl_leaves_the_store_as_before(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = _store_with_articles(tmp_path)
    before = _state(db)

    def half_done(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN future_column TEXT")
        conn.execute("UPDATE articles SET body = 'overwritten'")
        raise sqlite3.OperationalError("database or disk is full")

    _extra_migration(monkeypatch, half_done)
    with pytest.raises(StoreError) as raised:
        Store(db)
    message = str(raised.value)
    assert "disk is full" in message and f"{db}.schema{SCHEMA_VERSION}.bak" in message
    assert "nothing was changed" in message
    monkeypatch.undo()
    assert _state(db) == before


def test_a_migration_that_commits_by_itself_is_restored_from_the_safety_copy(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = _store_with_articles(tmp_path)
    before = _state(db)

    def commits_then_fails(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE articles SET body = 'overwritten'")
        conn.commit()        # a careless step: its work escapes the upgrade's transaction
        conn.execute("CREATE TABLE half_done (id INTEGER)")

    _extra_migration(monkeypatch, commits_then_fails)
    with pytest.raises(StoreError, match="restored from the safety copy") as raised:
        Store(db)
    assert f"{db}.schema{SCHEMA_VERSION}.bak" in str(raised.value)
    monkeypatch.undo()
    assert _state(db) == before
    assert not Path(f"{db}.restoring").exists()


def test_a_store_left_damaged_by_a_failed_migration_is_restored(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = _store_with_articles(tmp_path)
    before = _state(db)

    def drops_a_table_outside_the_transaction(conn: sqlite3.Connection) -> None:
        # Simulates what no rollback can undo: a second connection changes the schema under us.
        conn.rollback()
        other = sqlite3.connect(db)
        other.execute("DROP TABLE story_counts")
        other.commit()
        other.close()
        conn.execute("BEGIN IMMEDIATE")
        raise sqlite3.OperationalError("disk I/O error")

    _extra_migration(monkeypatch, drops_a_table_outside_the_transaction)
    with pytest.raises(StoreError, match="restored from the safety copy"):
        Store(db)
    monkeypatch.undo()
    assert _state(db) == before


def test_no_safety_copy_means_no_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = _store_with_articles(tmp_path)
    before = _state(db)
    _extra_migration(monkeypatch, lambda conn: conn.execute("CREATE TABLE future_things (id INTEGER)"))

    def full_disk(self: Store, target: Path) -> Path:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "backup", full_disk)
    with pytest.raises(StoreError, match="could not write a safety copy.*disk is full.*not upgraded"):
        Store(db)
    monkeypatch.undo()
    assert _state(db) == before
