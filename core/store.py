"""The SQLite store: connection settings, schema and migrations.

Every schema change is a new entry in MIGRATIONS; the schema version lives in
`PRAGMA user_version`. Before an existing store is migrated, a copy of it is written
beside it, so an upgrade can never lose an editor's library.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path


BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The store cannot be opened or used; the message is written for the editor."""


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _v1_base_schema(conn: sqlite3.Connection) -> None:
    statements = [
        """CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            paths TEXT NOT NULL DEFAULT '[]',
            imported INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'done', 'cancelled', 'interrupted'))
        )""",
        """CREATE TABLE import_problems (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('failed', 'skipped', 'duplicate', 'warning')),
            reason TEXT NOT NULL
        )""",
        "CREATE INDEX import_problems_import ON import_problems(import_id)",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            title TEXT NOT NULL DEFAULT '',
            title_origin TEXT NOT NULL DEFAULT 'file',
            byline TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            path TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0,
            source_origin TEXT NOT NULL DEFAULT '',
            import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL
        )""",
        "CREATE INDEX articles_source ON articles(source_id)",
        "CREATE INDEX articles_published ON articles(published)",
        # External-content FTS5: the text lives once, in articles; triggers keep the index in step.
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content='articles', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
                VALUES ('delete', old.id, old.title, old.body);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
                VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
        END""",
    ]
    for statement in statements:
        conn.execute(statement)


def _v2_analysis_cache(conn: sqlite3.Connection) -> None:
    # One cached analysis per article; `version` is core.analysis.ANALYSIS_VERSION and `body_hash`
    # the article's content hash when it was analysed, so stale rows are recognised and recomputed.
    conn.execute(
        """CREATE TABLE analyses (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            body_hash TEXT NOT NULL,
            data TEXT NOT NULL,
            analysed_at TEXT NOT NULL
        )"""
    )


def _v3_stories(conn: sqlite3.Connection) -> None:
    # Stories are derived (regrouping rebuilds them); the editor's decisions are not: they live in
    # story_constraints, which no regrouping touches.
    for statement in (
        """CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            first_date TEXT NOT NULL DEFAULT '',
            last_date TEXT NOT NULL DEFAULT '',
            confidence REAL NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            copy_of INTEGER REFERENCES articles(id) ON DELETE SET NULL
        )""",
        "CREATE INDEX story_articles_story ON story_articles(story_id)",
        """CREATE TABLE story_constraints (
            id INTEGER PRIMARY KEY,
            a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('same', 'different')),
            created_at TEXT NOT NULL,
            CHECK (a < b),
            UNIQUE (a, b)
        )""",
    ):
        conn.execute(statement)


def _v4_notes(conn: sqlite3.Connection) -> None:
    # Notes are the editor's own work, keyed by a fingerprint of what they are about (see core.notes),
    # not by row ids that a regrouping or a re-analysis would renumber; no cascade ever deletes one.
    # story_counts is derived (the difference counts of a story's last full comparison, for badges).
    for statement in (
        """CREATE TABLE notes (
            key TEXT PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'unchecked'
                CHECK (status IN ('unchecked', 'verified', 'wrong', 'not_important')),
            text TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL DEFAULT '',
            articles TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL
        )""",
        """CREATE TABLE story_counts (
            story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            members TEXT NOT NULL,
            factual INTEGER NOT NULL,
            wording INTEGER NOT NULL,
            cosmetic INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ):
        conn.execute(statement)


def _v5_story_order(conn: sqlite3.Connection) -> None:
    # The library lists stories newest first; at 100,000 stories the sort alone took 130 ms without it.
    conn.execute("CREATE INDEX stories_last ON stories(last_date DESC, id DESC)")


# MIGRATIONS[i] takes a store from version i to version i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_base_schema, _v2_analysis_cache, _v3_stories,
                                                          _v4_notes, _v5_story_order]
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {"sources", "imports", "import_problems", "articles", "analyses", "stories", "story_articles",
              "story_constraints", "notes", "story_counts"}


class Store:
    """One open store file (or ":memory:"). Use it through core.library.Library."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            self._check_path(Path(self.path))
        try:
            # sqlite3 itself: sqlite-utils (which this once went through) adds 90 ms to the app's
            # start-up for nothing the store uses beyond the connection and its recursive triggers.
            self.conn: sqlite3.Connection = sqlite3.connect(self.path)
            self.conn.execute("PRAGMA recursive_triggers = ON")
            self._configure()
            self._refuse_unknown()
            self._use_wal()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a readable Triangulate store ({exc})") from exc

    @staticmethod
    def _check_path(path: Path) -> None:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder; give a file name for the store")
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create the folder for the store ({exc.strerror})") from exc
        if path.is_file():
            Store._check_writable(path)

    @staticmethod
    def _check_writable(path: Path) -> None:
        # SQLite opens a file it may not write read-only without a word, and the first note or story
        # edit would fail; say so at the door instead. Opening for update changes nothing in it.
        try:
            with path.open("r+b"):
                pass
        except OSError as exc:
            raise StoreError(
                f"{path}: the library file is read-only ({exc.strerror}). Triangulate saves stories and notes "
                "in it; copy it to a folder you can write to, or make it writable. Nothing was changed."
            ) from exc

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")

    def _use_wal(self) -> None:
        # Switching to WAL writes the file header, so it only happens once the file is known to be ours.
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL is durable across application crashes and much faster.
            self.conn.execute("PRAGMA synchronous = NORMAL")

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_unknown(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: this store was written by a newer Triangulate (schema {version}); "
                f"this version reads up to schema {SCHEMA_VERSION}. Nothing was changed."
            )
        if version == 0:
            self._refuse_foreign_database()

    def _migrate(self) -> None:
        version = self.version
        if 0 < version < SCHEMA_VERSION:
            self.backup(Path(f"{self.path}.schema{version}.bak"))
        for step in range(version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[step](self.conn)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An explicit transaction. Python's sqlite3 would run DDL (CREATE, ALTER) outside any
        transaction, so a failing migration would leave half a schema; BEGIN makes it all-or-nothing."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    def _refuse_foreign_database(self) -> None:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        foreign = {name for (name,) in rows} - OUR_TABLES
        if foreign:
            raise StoreError(
                f"{self.path}: this SQLite file is not a Triangulate store (it has tables "
                f"{', '.join(sorted(foreign)[:3])}); choose another file. Nothing was changed."
            )

    def backup(self, target: Path) -> Path:
        """Copy the whole store to `target` with SQLite's online backup (safe while open)."""
        destination = sqlite3.connect(str(target))
        try:
            self.conn.backup(destination)
        finally:
            destination.close()
        return target

    def close(self) -> None:
        self.conn.close()
