"""The Library: the one door main.py and gui/ use to reach the store.

One manager per concept (`articles`, `sources`, `imports`), each thin over SQL. After a
change the library tells its listeners what changed ("articles", "sources"), so views can
refresh themselves instead of being told by each other.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from core.analysis import ANALYSIS_VERSION, Analysis, Version, analyse
from core.compare import ComparedArticle
from core.records import ArticleRecord, ArticleSummary, ImportLogEntry, Problem, SearchHit, SearchPage, SourceRecord
from core.search import SearchSyntaxError, ranked_ids, to_fts_query
from core.store import Store, StoreError, utc_now
from core.notes import NoteManager
from core.stories import StoryManager, insert_feature_rows

if TYPE_CHECKING:
    from core.importing import ImportJob

APP_NAME = "Triangulate"
Listener = Callable[[str], None]

_SUMMARY_COLUMNS = """a.id, s.name, a.title, a.published, a.path, a.format, a.word_count, a.url, a.byline"""
_SUMMARY_FROM = "FROM articles a JOIN sources s ON s.id = a.source_id"


# Analysing (and computing story features of) many articles runs in worker processes: analysis is
# pure Python at ~4 ms an article, so one core caps an import of 100,000 articles at ~7 minutes.
PARALLEL_MIN = 200      # fewer stale articles than this are analysed in-process (a pool costs ~0.5 s to start)
JOB_SIZE = 64           # articles per job sent to a worker
WRITE_BATCH = 256       # analyses written per transaction


def worker_count() -> int:
    """Processes for bulk analysis: TRIANGULATE_WORKERS, else the CPU count where workers can be forked.

    Workers are forked (Linux): a spawned worker would re-run the caller's main script, which a
    script without an `if __name__ == "__main__"` guard (or a frozen app without freeze_support)
    does not survive. macOS and Windows, where fork is unsafe or absent, analyse in-process.
    """
    value = os.environ.get("TRIANGULATE_WORKERS", "")
    if value.strip().isdigit():
        return max(1, int(value)) if _FORK else 1
    return max(1, min(os.cpu_count() or 1, 8)) if _FORK else 1


_FORK = sys.platform.startswith("linux") and not getattr(sys, "frozen", False) and \
    "fork" in multiprocessing.get_all_start_methods()


def parallel_map(run: Callable, jobs: Iterable, workers: int) -> Iterator:
    """`run` over `jobs` in `workers` processes, results in job order, few jobs in flight.

    Jobs are drawn lazily and at most 2 x workers are pending, so memory stays bounded however many
    there are. Workers are forked: they run pure-Python analysis only, never Qt or the store (they
    end with os._exit, so the parent's SQLite connection is never touched). The extractors are
    imported before forking, so no worker waits on an import lock another thread held at the fork.
    workers <= 1 runs in this process.
    """
    if workers <= 1:
        yield from map(run, jobs)
        return
    _preload()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))
    pending: deque[Future] = deque()
    try:
        for job in jobs:
            pending.append(pool.submit(run, job))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _shown(query: str, limit: int = 60) -> str:
    """A query as an error message quotes it: a pasted page would make a page-long message."""
    return repr(query if len(query) <= limit else query[:limit] + "…")


def _die_with_parent(parent: int) -> None:
    """A worker ends when the app does, even if the app is killed: otherwise it would outlive it
    and hold its pipes open (found by the SIGKILL crash test)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)            # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:                       # the parent died before prctl took effect
        os._exit(0)


def _preload() -> None:
    import core.cleaning  # noqa: F401
    import core.entities  # noqa: F401
    import core.matching  # noqa: F401
    import core.quantities  # noqa: F401
    import core.quotes  # noqa: F401
    import core.timex  # noqa: F401
    from core.story_features import lexicon_stems

    analyse("Officials met in Toronto on Tuesday, 3 March 2024, and said 40 people were hurt.")  # load tables
    lexicon_stems()


def chunked(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class FreshAnalysis:
    """One article analysed by ensure(): its analysis JSON, and its story_features row (stamp, data)
    made from the same Analysis object, or None when it could not be made (core.stories will)."""

    article_id: int
    body_hash: str
    data: str
    features: tuple[str, bytes] | None


def _analyse_rows(rows: list[tuple[int, str, str, str, str, str]]) -> list[FreshAnalysis]:
    """A worker job: (id, content hash, body, published, title, outlet) -> each article's analysis,
    with its story features, which need the Analysis object and would otherwise parse the JSON back."""
    out = []
    for article_id, body_hash, body, published, title, source in rows:
        analysis = analyse(body, published)
        out.append(FreshAnalysis(article_id, body_hash, json.dumps(analysis.to_json(), ensure_ascii=False),
                            _features_row(title, body, published, source, body_hash, analysis)))
    return out


def _features_row(title: str, body: str, published: str, source: str, body_hash: str,
                  analysis: Analysis) -> tuple[str, bytes] | None:
    from core.story_features import cache_row

    try:
        return cache_row(title, body, published, source, body_hash, analysis)
    except Exception:  # noqa: BLE001 - a cache row is never worth an analysis; core.stories computes it
        return None


def insert_analyses(conn: sqlite3.Connection, rows: Sequence[tuple[int, int, str, str, str]]) -> None:
    """Write (article id, version, content hash, analysis JSON, analysed at) rows, in the caller's
    transaction (an import stores an article and its analysis together)."""
    if rows:
        conn.executemany(
            """INSERT OR REPLACE INTO analyses (article_id, version, body_hash, data, analysed_at)
               VALUES (?, ?, ?, ?, ?)""", rows)


def default_store_path() -> Path:
    """The store used when no --db is given: in the user's data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library.db"


def _summary(row: Sequence) -> ArticleSummary:
    return ArticleSummary(
        id=row[0], source=row[1], title=row[2], published=row[3], path=row[4], format=row[5],
        word_count=row[6], url=row[7], byline=row[8],
    )


class LibraryError(Exception):
    """A request the library cannot carry out; the message is written for the editor."""


class _Manager:
    def __init__(self, library: "Library") -> None:
        self._library = library

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._library.store.conn


class ArticleManager(_Manager):
    def count(self, source_id: int | None = None) -> int:
        if source_id is None:
            return int(self._conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        return int(self._conn.execute("SELECT count(*) FROM articles WHERE source_id = ?", (source_id,)).fetchone()[0])

    def ids(self, source_id: int | None = None) -> list[int]:
        """All article ids, newest publication first: lazy views fetch rows by these ids."""
        where, params = ("WHERE source_id = ?", (source_id,)) if source_id is not None else ("", ())
        rows = self._conn.execute(
            f"SELECT id FROM articles {where} ORDER BY published DESC, id DESC", params
        ).fetchall()
        return [r[0] for r in rows]

    def list(self, limit: int | None = None, offset: int = 0, source: str | None = None) -> list[ArticleSummary]:
        where, params = ("WHERE s.name = ?", [source]) if source else ("", [])
        sql = f"SELECT {_SUMMARY_COLUMNS} {_SUMMARY_FROM} {where} ORDER BY a.published DESC, a.id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [_summary(r) for r in self._conn.execute(sql, params)]

    def summaries(self, ids: Iterable[int]) -> dict[int, ArticleSummary]:
        wanted = list(ids)
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._conn.execute(f"SELECT {_SUMMARY_COLUMNS} {_SUMMARY_FROM} WHERE a.id IN ({marks})", wanted)
        return {r[0]: _summary(r) for r in rows}

    def get(self, article_id: int) -> ArticleRecord:
        row = self._conn.execute(
            """SELECT a.id, s.name, a.source_id, a.source_origin, a.title, a.title_origin, a.byline, a.published,
                      a.url, a.path, a.format, a.body, a.content_hash, a.imported_at, a.word_count
               FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?""",
            (article_id,),
        ).fetchone()
        if row is None:
            raise LibraryError(f"there is no article {article_id} in this library")
        return ArticleRecord(*row)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles and text, best first; raises LibraryError for a query it cannot read."""
        return self.search_page(query, limit).hits

    def search_page(self, query: str, limit: int = 50) -> SearchPage:
        """The best `limit` hits and whether ranking was limited to the newest matches (core.search.RANK_CAP)."""
        try:
            ranked = ranked_ids(self._conn, to_fts_query(query), limit)
            # Snippets for the page only, one article at a time: computed in the ranking query they
            # cost as much as the ranking itself (for every match), and FTS5 answers `rowid IN (...)`
            # by walking the whole match list, while `rowid = ?` is a seek.
            found = {i: self._conn.execute(
                f"""SELECT {_SUMMARY_COLUMNS}, snippet(articles_fts, 1, '[[', ']]', '…', 16)
                    FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                    JOIN sources s ON s.id = a.source_id
                    WHERE articles_fts MATCH ? AND articles_fts.rowid = ?""", (ranked.fts, i)).fetchone()
                for i, _ in ranked.ids}
        except SearchSyntaxError as exc:
            raise LibraryError(f"search {_shown(query)}: {exc}") from exc
        except sqlite3.OperationalError as exc:
            raise LibraryError(f"search {_shown(query)} could not be run: {exc}") from exc
        hits = [SearchHit(_summary(found[i][:9]), found[i][9], rank) for i, rank in ranked.ids if found[i] is not None]
        return SearchPage(hits, ranked.capped)

    def delete(self, article_id: int) -> None:
        self.get(article_id)
        with self._conn:
            self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self._library.stories.removed(article_id)
        self._library.notify("articles")


class SourceManager(_Manager):
    def list(self) -> list[SourceRecord]:
        rows = self._conn.execute(
            """SELECT s.id, s.name, count(a.id) FROM sources s LEFT JOIN articles a ON a.source_id = s.id
               GROUP BY s.id HAVING count(a.id) > 0 ORDER BY s.name COLLATE NOCASE"""
        )
        return [SourceRecord(*r) for r in rows]

    def get(self, name: str) -> SourceRecord:
        row = self._conn.execute(
            """SELECT s.id, s.name, count(a.id) FROM sources s LEFT JOIN articles a ON a.source_id = s.id
               WHERE s.name = ? GROUP BY s.id""",
            (name,),
        ).fetchone()
        if row is None:
            raise LibraryError(f"there is no outlet called {name!r} in this library")
        return SourceRecord(*row)

    def rename(self, old: str, new: str) -> SourceRecord:
        """Rename an outlet; renaming onto an existing outlet merges the two."""
        new = new.strip()
        if not new:
            raise LibraryError("the new outlet name is empty")
        current = self.get(old)
        target = self._conn.execute("SELECT id FROM sources WHERE name = ?", (new,)).fetchone()
        with self._conn:
            if target is None or target[0] == current.id:
                self._conn.execute("UPDATE sources SET name = ? WHERE id = ?", (new, current.id))
            else:
                self._conn.execute("UPDATE articles SET source_id = ? WHERE source_id = ?", (target[0], current.id))
                self._conn.execute("DELETE FROM sources WHERE id = ?", (current.id,))
        self._library.notify("sources")
        return self.get(new)


class AnalysisManager(_Manager):
    """Each article's analysis, computed once and cached until the text or the rules change."""

    def compared(self, article_id: int) -> tuple[Version, ComparedArticle]:
        """A stored article as core.compare takes it: its Version and how the comparison names it."""
        record = self._library.articles.get(article_id)
        version = Version(record.body, self.get(record.id), record.published)
        return version, ComparedArticle(record.id, record.source, record.title, record.published, record.path,
                                        record.body)

    def get(self, article_id: int) -> Analysis:
        article = self._library.articles.get(article_id)
        cached = self._cached(article_id, article.content_hash)
        if cached is not None:
            return cached
        result = analyse(article.body, article.published)
        self._save(article_id, article.content_hash, result)
        return result

    def ensure(self, article_ids: Iterable[int] | None = None) -> Iterator[tuple[int, int]]:
        """Analyse every article (or those given) that has no current analysis; yields (done, total).

        Many stale articles are analysed in worker processes (parallel_map) and written
        WRITE_BATCH per transaction; what was analysed is saved even if the caller stops early.
        """
        ids = list(article_ids) if article_ids is not None else self._library.articles.ids()
        current = self._current_ids()
        stale = list(dict.fromkeys(i for i in ids if i not in current))
        workers = worker_count() if len(stale) >= PARALLEL_MIN else 1
        jobs = (self._rows(chunk) for chunk in chunked(stale, JOB_SIZE))
        done, unsaved = 0, []
        try:
            for results in parallel_map(_analyse_rows, jobs, workers):
                unsaved.extend(results)
                if len(unsaved) >= WRITE_BATCH:
                    self._save_analysed(unsaved)
                    unsaved = []
                for _ in results:
                    done += 1
                    yield done, len(stale)
        finally:
            self._save_analysed(unsaved)

    def _rows(self, ids: Sequence[int]) -> list[tuple[int, str, str, str, str, str]]:
        # the title and outlet name as core.stories reads them: the story features are stamped with them
        marks = ",".join("?" * len(ids))
        found = {r[0]: r for r in self._conn.execute(
            f"""SELECT a.id, a.content_hash, a.body, a.published, a.title, s.name
                FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id IN ({marks})""", list(ids))}
        for article_id in ids:
            if article_id not in found:
                self._library.articles.get(article_id)      # raises LibraryError, as get() would
        return [found[i] for i in ids]

    def _save_analysed(self, rows: Sequence[FreshAnalysis]) -> None:
        """Store analyses and their story features in one transaction."""
        if not rows:
            return
        now = utc_now()
        with self._conn:
            insert_analyses(self._conn, [(r.article_id, ANALYSIS_VERSION, r.body_hash, r.data, now) for r in rows])
            insert_feature_rows(self._conn, [(r.article_id, *r.features) for r in rows if r.features is not None])

    def save_many(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Store (article id, content hash, analysis JSON) rows in one transaction."""
        if not rows:
            return
        now = utc_now()
        with self._conn:
            insert_analyses(self._conn, [(article_id, ANALYSIS_VERSION, body_hash, data, now)
                                         for article_id, body_hash, data in rows])

    def _current_ids(self) -> set[int]:
        rows = self._conn.execute(
            """SELECT n.article_id FROM analyses n JOIN articles a ON a.id = n.article_id
               WHERE n.version = ? AND n.body_hash = a.content_hash""",
            (ANALYSIS_VERSION,),
        )
        return {r[0] for r in rows}

    def _cached(self, article_id: int, body_hash: str) -> Analysis | None:
        row = self._conn.execute(
            "SELECT data FROM analyses WHERE article_id = ? AND version = ? AND body_hash = ?",
            (article_id, ANALYSIS_VERSION, body_hash),
        ).fetchone()
        if row is None:
            return None
        try:
            return Analysis.from_json(json.loads(row[0]))
        except (KeyError, TypeError, ValueError):
            return None  # a damaged cache row is recomputed, never trusted

    def _save(self, article_id: int, body_hash: str, result: Analysis) -> None:
        with self._conn:
            self._conn.execute(
                """INSERT OR REPLACE INTO analyses (article_id, version, body_hash, data, analysed_at)
                   VALUES (?, ?, ?, ?, ?)""",
                (article_id, ANALYSIS_VERSION, body_hash, json.dumps(result.to_json(), ensure_ascii=False), utc_now()),
            )


class ImportManager(_Manager):
    def start(self, paths: Sequence[str | Path], source: str | None = None, analyse: bool = True) -> "ImportJob":
        """An import ready to run: iterate it for progress, then read `.summary`. With `analyse`, the
        new articles are analysed during the import (in the reader processes), not on first use."""
        # Imported on first use: the readers (HTML, PDF, Word, encodings) are the slowest part of
        # start-up, and opening a library to read it needs none of them.
        from core.importing import ImportJob

        return ImportJob(self._conn, [str(p) for p in paths], source, on_finished=self._finished, analyse=analyse)

    def _finished(self, stored_any: bool) -> None:
        if stored_any:
            self._library.notify("articles")
            self._library.notify("sources")

    def history(self, limit: int = 20) -> list[ImportLogEntry]:
        rows = self._conn.execute(
            """SELECT id, started_at, finished_at, paths, imported, duplicates, failed, skipped, status
               FROM imports ORDER BY id DESC LIMIT ?""",
            (limit,),
        ).fetchall()
        return [self._entry(r) for r in rows]

    def _entry(self, row: Sequence) -> ImportLogEntry:
        problems = [
            Problem(*p)
            for p in self._conn.execute(
                "SELECT path, kind, reason FROM import_problems WHERE import_id = ? ORDER BY id", (row[0],)
            )
        ]
        return ImportLogEntry(row[0], row[1], row[2], json.loads(row[3]), *row[4:9], problems=problems)


class Library:
    """An open store with its managers. Use Library.open(path) and close() when done."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.articles = ArticleManager(self)
        self.sources = SourceManager(self)
        self.imports = ImportManager(self)
        self.analyses = AnalysisManager(self)
        self.stories = StoryManager(self)
        self.notes = NoteManager(self)
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Library":
        """Open the store at `path` (created if missing); None means the default store."""
        try:
            return cls(Store(path if path is not None else default_store_path()))
        except StoreError as exc:
            raise LibraryError(str(exc)) from exc

    @property
    def path(self) -> str:
        return self.store.path

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def notify(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
