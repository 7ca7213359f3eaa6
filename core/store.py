"""The SQLite store: connection settings, schema and migrations.

Every schema change is a new entry in MIGRATIONS; the schema version lives in
`PRAGMA user_version`. Before an existing store is migrated, a copy of it is written
beside it, so an upgrade can never lose an editor's library.
"""
from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote


# How long one statement waits for another process's write lock (the CLI importing while the app
# saves a note) before SQLite gives up with "database is locked". A batch of the import holds the
# lock for well under a second; 10 s covers a slow disk without making a real deadlock hang forever.
BUSY_TIMEOUT_MS = 10000
# BEGIN IMMEDIATE is retried this long on top of the busy timeout (see Store.transaction).
BEGIN_RETRY_SECONDS = 10.0
# SQLite's Unix file layer refuses paths of 512 bytes or more; the store's longest companion file
# is "<store>.schemaN.bak.partial-journal", 29 bytes more than the store's own path.
MAX_STORE_PATH = 480


class StoreError(Exception):
    """The store cannot be opened or used; the message is written for the editor."""


def describe_error(exc: BaseException) -> str:
    """An editor's wording of a SQLite or OS error: what happened and what to do.

    Raw SQLite messages ("database or disk is full", "disk I/O error") name neither the file nor a
    way out; this is the wording for importing, the CLI and the app to show instead.
    """
    text = str(exc)
    lowered = text.lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    errno_ = getattr(exc, "errno", None)
    if "disk is full" in lowered or code == "SQLITE_FULL" or errno_ == 28:
        return ("the disk is full (no space left for the library file); free some space or move the library "
                "to another disk. What was saved before is intact.")
    if "readonly" in lowered or "read-only" in lowered or code.startswith("SQLITE_READONLY") or errno_ in (13, 30):
        return ("the library file or its folder is read-only; make it writable or choose a folder you can "
                "write to. Nothing was changed.")
    if "locked" in lowered or "busy" in lowered or code.startswith("SQLITE_BUSY"):
        return ("another program (another Triangulate window or an import on the command line) kept the "
                "library busy for too long; try again when it has finished.")
    if "disk i/o error" in lowered or code.startswith("SQLITE_IOERR"):
        return f"the disk reported an error while writing the library ({text}); check the disk and try again."
    if "unable to open" in lowered or code.startswith("SQLITE_CANTOPEN"):
        return "the library file cannot be opened (check the path exists and is allowed); nothing was changed."
    if "malformed" in lowered or "not a database" in lowered or code in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return f"the library file is damaged or not a Triangulate store ({text})."
    return text


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


def _v6_story_features(conn: sqlite3.Connection) -> None:
    # Story features, derived from an article and its analysis (core.story_features.encode), kept so a
    # regrouping or a new session's matcher does not recompute them: 100,000 articles took minutes.
    # `stamp` names everything they were computed from (story_features.stamp); a row whose stamp no
    # longer matches the article (a new title, a renamed source, a new version) is recomputed.
    conn.execute(
        """CREATE TABLE story_features (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            stamp TEXT NOT NULL,
            data BLOB NOT NULL
        )"""
    )


# MIGRATIONS[i] takes a store from version i to version i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_base_schema, _v2_analysis_cache, _v3_stories,
                                                          _v4_notes, _v5_story_order, _v6_story_features]
SCHEMA_VERSION = len(MIGRATIONS)
OUR_TABLES = {"sources", "imports", "import_problems", "articles", "analyses", "stories", "story_articles",
              "story_constraints", "notes", "story_counts", "story_features"}


class Store:
    """One open store file (or ":memory:"). Use it through core.library.Library."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        in_memory = self.path == ":memory:"
        created = not in_memory and not Path(self.path).exists()
        if not in_memory:
            self._check_path(Path(self.path))
        try:
            # sqlite3 itself: sqlite-utils (which this once went through) adds 90 ms to the app's
            # start-up for nothing the store uses beyond the connection and its recursive triggers.
            self.conn: sqlite3.Connection = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {describe_error(exc)}") from exc
        try:
            self.conn.execute("PRAGMA recursive_triggers = ON")
            self._configure()
            self._refuse_unknown()
            self._use_wal()
            self._migrate()
        except BaseException as exc:
            # A store that could not be opened is closed again, and a file this call created is
            # removed: a failed first start (a full disk) must not leave half a library behind.
            self.conn.close()
            if created:
                _remove_if_empty(Path(self.path))
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
                raise StoreError(f"{self.path}: not a readable Triangulate store ({exc})") from exc
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: cannot open the library: {describe_error(exc)}") from exc
            raise

    @staticmethod
    def _check_path(path: Path) -> None:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder; give a file name for the store")
        length = len(os.fsencode(str(path.absolute())))
        if length > MAX_STORE_PATH:
            raise StoreError(
                f"{path}: the path of the library file is too long ({length} bytes; SQLite opens at most "
                f"{MAX_STORE_PATH}); choose a folder with a shorter path. Nothing was changed."
            )
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path.parent}: cannot create the folder for the store ({exc.strerror})") from exc
        Store._check_folder_writable(path.parent)
        if path.is_file():
            Store._check_writable(path)

    @staticmethod
    def _check_folder_writable(folder: Path) -> None:
        # SQLite writes its -wal and -shm files beside the store, so even an existing, writable store
        # cannot be used from a read-only folder; a probe file is the only test that also holds for
        # root and for immutable (chattr +i) folders, where permission bits say nothing.
        probe = folder / f".triangulate-probe-{os.getpid()}-{time.monotonic_ns()}"
        try:
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.unlink(probe)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreError(f"{folder}: cannot write in the folder of the library: {describe_error(exc)}") from exc
            raise StoreError(
                f"{folder}: the folder of the library is read-only ({exc.strerror}). Triangulate keeps the "
                "library and its journal there; choose a folder you can write to. Nothing was changed."
            ) from exc

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
        if version >= SCHEMA_VERSION:
            return
        backup = self._backup_before_migration(version) if version > 0 else None
        before = self._schema()
        try:
            # Every step in ONE transaction: a failure (or a crash, a kill, a power cut) anywhere in
            # the upgrade rolls the whole of it back, never leaving a store between two versions.
            with self.transaction():
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](self.conn)
                    if not self.conn.in_transaction:
                        # The step committed on its own: what it did can no longer be rolled back.
                        raise _EscapedTransaction(f"migration step {step + 1} committed part of its work")
                    self.conn.execute(f"PRAGMA user_version = {step + 1}")
        except Exception as exc:
            if backup is None:
                raise
            self._recover_from_failed_migration(version, before, backup, exc)

    def _schema(self) -> list[tuple[str, str, str]]:
        return sorted(self.conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master").fetchall())

    def _backup_before_migration(self, version: int) -> Path:
        target = Path(f"{self.path}.schema{version}.bak")
        try:
            self.backup(target)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"{self.path}: could not write a safety copy ({target}) before upgrading the library: "
                f"{describe_error(exc)} The library was not upgraded and nothing was changed."
            ) from exc
        return target

    def _recover_from_failed_migration(self, version: int, schema: list[tuple[str, str, str]], backup: Path,
                                       exc: Exception) -> None:
        """The upgrade failed: make sure the store is exactly the old one, then say so, naming the copy.

        The transaction has rolled back already; that is checked rather than trusted (a step may
        commit by itself, or run a statement SQLite cannot roll back). If the store is not the old
        version with the old schema, whole and sound, the safety copy taken just before the upgrade
        is put back in its place.
        """
        restored = False
        if isinstance(exc, _EscapedTransaction) or not self._is_intact_at(version, schema):
            self.conn.close()
            restore_backup(backup, Path(self.path))
            self.conn = sqlite3.connect(self.path)
            self._configure()
            restored = True
        how = "it was restored from the safety copy" if restored else "nothing was changed"
        reason = describe_error(exc.__cause__ or exc) if isinstance(exc, _EscapedTransaction) else describe_error(exc)
        raise StoreError(
            f"{self.path}: upgrading the library to schema {SCHEMA_VERSION} failed ({reason}); "
            f"{how}, and a copy of the library as it was is kept at {backup}."
        ) from exc

    def _is_intact_at(self, version: int, schema: list[tuple[str, str, str]]) -> bool:
        try:
            if self.conn.in_transaction:
                self.conn.rollback()
            ok = self.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            return ok and self.version == version and self._schema() == schema
        except sqlite3.Error:
            return False

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An explicit transaction. Python's sqlite3 would run DDL (CREATE, ALTER) outside any
        transaction, so a failing migration would leave half a schema; BEGIN makes it all-or-nothing."""
        self._begin_immediate()
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    def _begin_immediate(self) -> None:
        # The busy timeout already waits for another process's write lock; a lock held longer
        # (a long import batch on a slow disk) is waited out a little more here, so "database is
        # locked" reaches the editor only when the store is really stuck.
        deadline = time.monotonic() + BEGIN_RETRY_SECONDS
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _refuse_foreign_database(self) -> None:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        foreign = {name for (name,) in rows} - OUR_TABLES
        if foreign:
            raise StoreError(
                f"{self.path}: this SQLite file is not a Triangulate store (it has tables "
                f"{', '.join(sorted(foreign)[:3])}); choose another file. Nothing was changed."
            )

    def backup(self, target: Path) -> Path:
        """Copy the whole store to `target` with SQLite's online backup (safe while open).

        The copy is written beside the target and renamed into place, so a crash or a full disk
        never leaves a half-written copy under the target's name (or clobbers a good older one).
        """
        target = Path(target)
        partial = target.with_name(target.name + ".partial")
        _remove_store_files(partial)
        destination = sqlite3.connect(str(partial))
        try:
            self.conn.backup(destination)
        except BaseException:
            destination.close()
            _remove_store_files(partial)
            raise
        destination.close()
        os.replace(partial, target)
        return target

    def close(self) -> None:
        self.conn.close()


class _EscapedTransaction(Exception):
    """A migration step ended the upgrade's transaction itself, so a rollback cannot undo it."""


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_BUSY") or "database is locked" in str(exc)


def _remove_store_files(path: Path) -> None:
    """Remove a store file with its WAL and shared-memory files, if present."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


def _remove_if_empty(path: Path) -> None:
    """Remove a store this process just created if it holds nothing yet (no schema).

    Checked, not assumed: another process may have created the same new store a moment later and
    filled it; that one must never be deleted.
    """
    try:
        # A URI, so the probe can never create the file again; the path is quoted (it may hold ? or #).
        probe = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True)
        try:
            empty = probe.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            probe.close()
    except sqlite3.Error:
        empty = not path.exists() or path.stat().st_size == 0
    if empty:
        _remove_store_files(path)


def restore_backup(backup: Path, store: Path) -> None:
    """Put a safety copy back in place of a store (which must be closed).

    The copy is first copied beside the store and then renamed over it, so the store file is at
    every moment either the damaged one or the whole copy; the stale WAL and shared-memory files
    of the damaged store are removed first, or SQLite would replay them onto the copy.
    """
    import shutil

    staging = Path(f"{store}.restoring")
    shutil.copyfile(backup, staging)
    for stale in (Path(f"{store}-wal"), Path(f"{store}-shm"), Path(f"{store}-journal")):
        try:
            stale.unlink()
        except FileNotFoundError:
            pass
    os.replace(staging, store)
