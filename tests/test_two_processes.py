"""Two processes on one store: the CLI importing while the app reads and saves notes.

The app's side runs here, through a Library on the same file, as the GUI does; the CLI is the real
`main.py import` in a subprocess. No "database is locked" may reach either side, every note the
app saved must be there afterwards, and the store must be sound.
"""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import PROJECT, write_article
from core.library import Library, LibraryError
from core.store import BEGIN_RETRY_SECONDS, Store
from crash_worker import note_text
from test_crash_safety import check_sound

FILES = 1000


def _corpus(folder: Path) -> None:
    for number in range(FILES):
        write_article(folder / f"part{number // 250}", f"a{number:04d}.txt",
                      f"The harbour board met on day {number} to discuss berth qwv{number:04d}x and its dredging.\n\n"
                      f"Members said the work would cost {number + 10} thousand pounds.",
                      title=f"Harbour board {number}", source=f"Outlet {number % 3}", published="2024-03-06")


def _app_loop(library: Library, cli: subprocess.Popen, errors: list[str]) -> list[str]:
    """What the app does while an import runs: list, read, search, count stories, save notes."""
    saved: list[str] = []
    number = 0
    while cli.poll() is None or number < 50:
        key = f"app-note-{number}"
        try:
            ids = library.articles.ids()
            if ids:
                library.articles.get(ids[len(ids) // 2])
                library.articles.search("harbour")
            if number % 10 == 0:
                library.stories.list()
            library.notes.set(key, "wrong", note_text(key), label="checked while importing", article_ids=ids[:2])
            saved.append(key)
        except (sqlite3.Error, LibraryError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        number += 1
    return saved


def test_the_app_reads_and_writes_notes_while_the_cli_imports(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _corpus(folder)
    db = tmp_path / "library.db"
    errors: list[str] = []
    out_file, err_file = tmp_path / "out.json", tmp_path / "err.txt"
    with Library.open(db) as library, out_file.open("w") as stdout, err_file.open("w") as stderr:
        # Files, not pipes: the JSON is large, and a full pipe would stall the CLI, not the store.
        cli = subprocess.Popen([sys.executable, "main.py", "--db", str(db), "import", str(folder), "--json"],
                               cwd=PROJECT, stdout=stdout, stderr=stderr, text=True)
        saved = _app_loop(library, cli, errors)
        cli.wait(timeout=300)
        out, err = out_file.read_text(), err_file.read_text()
        assert not errors, f"{len(errors)} error(s) reached the app, e.g. {errors[:3]}"
        assert cli.returncode == 0, err[-2000:]
        assert "locked" not in err
        imported = json.loads(out)
        assert imported["imported"] == FILES and not imported["failed"]
        stored = {n.key: n for n in library.notes.all()}
        assert all(key in stored and stored[key].text == note_text(key) for key in saved)
        assert len(saved) >= 50
    conn = check_sound(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == FILES
    assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == FILES
    conn.close()


def test_two_processes_saving_notes_at_once_both_succeed(tmp_path: Path) -> None:
    """Two writers at full speed (another app window, say): every write of both gets in."""
    db = tmp_path / "library.db"
    Library.open(db).close()
    other = subprocess.Popen([sys.executable, str(PROJECT / "tests" / "crash_worker.py"), "notes-loop", str(db),
                              "other", "1500"], cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    saved: list[str] = []
    with Library.open(db) as library:
        for number in range(1500):
            key = f"mine-{number}"
            library.notes.set(key, "verified", note_text(key))
            saved.append(key)
        out, err = other.communicate(timeout=120)
        assert other.returncode == 0, err[-2000:]
        theirs = [line[2:] for line in out.splitlines() if line.startswith("C ")]
        keys = {n.key for n in library.notes.all()}
    assert len(theirs) == 1500 and set(theirs) <= keys and set(saved) <= keys
    check_sound(db).close()


def test_a_transaction_waits_out_a_long_write_lock_instead_of_failing(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Store.transaction retries BEGIN IMMEDIATE beyond the busy timeout: a lock held longer than
    the timeout (a slow disk) makes the editor wait, not fail."""
    from core import store as store_module

    db = tmp_path / "library.db"
    store = Store(db)
    store.conn.execute("PRAGMA busy_timeout = 100")          # make the timeout short for the test
    holder = sqlite3.connect(db, timeout=0, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO notes (key, updated_at) VALUES ('held', 'now')")
    monkeypatch.setattr(store_module, "BEGIN_RETRY_SECONDS", 5.0)
    release_at = time.monotonic() + 0.6

    def release() -> None:
        time.sleep(max(0.0, release_at - time.monotonic()))
        holder.commit()

    thread = threading.Thread(target=release)
    thread.start()
    with store.transaction() as conn:
        conn.execute("INSERT INTO notes (key, updated_at) VALUES ('mine', 'now')")
    thread.join()
    assert time.monotonic() >= release_at
    keys = {r[0] for r in store.conn.execute("SELECT key FROM notes")}
    assert keys == {"held", "mine"}
    holder.close()
    store.close()
    assert BEGIN_RETRY_SECONDS >= 5
