"""The store: schema, migrations, and never losing or silently rewriting an existing file."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core import store as store_module
from core.store import SCHEMA_VERSION, Store, StoreError


def test_new_store_has_schema_wal_and_foreign_keys(db_path: Path) -> None:
    store = Store(db_path)
    conn = store.conn
    assert store.version == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert {"sources", "articles", "articles_fts", "imports", "import_problems"} <= tables
    store.close()


def test_reopening_keeps_data_and_does_not_migrate_again(db_path: Path) -> None:
    store = Store(db_path)
    with store.conn:
        store.conn.execute("INSERT INTO sources (name, created_at) VALUES ('Harbour Wire', 'now')")
    store.close()
    again = Store(db_path)
    assert again.conn.execute("SELECT name FROM sources").fetchall() == [("Harbour Wire",)]
    assert not list(db_path.parent.glob("*.bak"))
    again.close()


def test_store_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer Triangulate"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_foreign_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a Triangulate store"):
        Store(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()


def test_file_that_is_not_sqlite_is_refused(db_path: Path) -> None:
    db_path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="not a readable Triangulate store"):
        Store(db_path)
    assert db_path.read_text().startswith("these are my notes")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


def test_migration_backs_up_the_old_store_first(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(db_path)
    with store.conn:
        store.conn.execute("INSERT INTO sources (name, created_at) VALUES ('Coastline Daily', 'now')")
    store.close()

    def add_a_table(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE future_things (id INTEGER PRIMARY KEY, text TEXT)")

    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS + [add_a_table])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    upgraded = Store(db_path)
    assert upgraded.version == SCHEMA_VERSION + 1
    assert upgraded.conn.execute("SELECT name FROM sources").fetchall() == [("Coastline Daily",)]
    backup = Path(f"{db_path}.schema{SCHEMA_VERSION}.bak")
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert old.execute("SELECT name FROM sources").fetchall() == [("Coastline Daily",)]
    old.close()
    upgraded.close()


def test_failed_migration_leaves_the_store_at_its_old_version(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db_path).close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        raise sqlite3.OperationalError("disk trouble")

    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS + [broken])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError):
        Store(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    conn.close()


def test_a_read_only_store_is_refused_with_a_clear_message(db_path: Path) -> None:
    import subprocess
    Store(db_path).close()
    before = db_path.read_bytes()
    # chattr +i stops even root from writing (CI runs as root, so chmod alone would not do).
    locked = subprocess.run(["chattr", "+i", str(db_path)], capture_output=True).returncode == 0
    if not locked:
        db_path.chmod(0o444)
        try:
            db_path.open("r+b").close()
            pytest.skip("cannot make a file read-only here (root on a file system without chattr)")
        except OSError:
            pass
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store(db_path)
    finally:
        if locked:
            subprocess.run(["chattr", "-i", str(db_path)], check=True)
        db_path.chmod(0o644)
    assert db_path.read_bytes() == before
