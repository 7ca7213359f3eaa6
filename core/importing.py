"""One import run: read the chosen files, store new articles, log everything that was not stored.

Iterating an ImportJob yields an ImportProgress per file, so the GUI can draw a bar and the
CLI a counter. Files are read outside any transaction, in worker processes with a time limit
per file (core.isolation), so a file that hangs or crashes a parser costs only itself; each
batch of results is then written in one transaction, so a crash leaves whole articles or none.
cancel() (from any thread) stops after the current file; what was read by then is kept.

The same workers analyse the new articles (core.analysis) while the importer writes, and each
analysis is stored with its article, or with a later batch when it comes back later: an
import leaves its articles analysed, and AnalysisManager.ensure() finds nothing left to do. An
analysis that was not made (a kill, a time limit, no workers) is simply missing: ensure()
computes it when it is needed. Each analysis comes with the article's story features (its
story_features row), stored with it when its stamp matches the article as stored: attaching the
import's articles to stories then finds them cached; any that are missing, core.stories computes.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from core.discovery import Candidate, discover
from core.isolation import Analysed, AnalysedArticle, reader_pool, warm_up
from core.library import insert_analyses
from core.model import Article, ReadResult
from core.records import UNKNOWN_SOURCE, ArticleSummary, ImportProgress, ImportSummary, Problem
from core.store import utc_now
from core.stories import insert_feature_rows
from core.story_features import stamp
from core.titles import derive_title

BATCH_FILES = 50
BATCH_SECONDS = 0.5
MAX_WARNINGS_PER_FILE = 20


@dataclass
class _FileOutcome:
    candidate: Candidate
    result: ReadResult | None = None
    error: str = ""
    stored: list[ArticleSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def status(self) -> str:
        if self.error:
            return "failed"
        kinds = {p.kind for p in self.problems if p.kind != "warning"}
        if self.stored and not kinds:
            return "imported"
        if not self.stored and kinds == {"duplicate"}:
            return "duplicate"
        return "mixed" if self.stored else "failed"

    def reason(self) -> str:
        if self.error:
            return self.error
        return "; ".join(p.reason for p in self.problems[:3])


def stored_title(article: Article) -> tuple[str, str]:
    """(title, title origin) an article is stored with. Also used by the reader workers, which make
    its story features under this title before it is stored."""
    if article.title.strip():
        return article.title, "file"
    return derive_title(article.body), "derived"


def stored_outlet(article: Article, source: str) -> tuple[str, str]:
    """(outlet name, its origin) an article is stored under, given the import's `source` ("" for
    none). Also used by the reader workers, as stored_title is. The store may hold the name with
    other capitals (names are matched regardless of case): the importer checks the stamp."""
    if source:
        return source, "editor"
    if article.source.strip():
        return article.source.strip(), article.source_origin
    return UNKNOWN_SOURCE, ""


def _read_all(candidates: list[Candidate], wanted: Callable[[Article], bool] | None,
              outlet: str) -> Iterator[_FileOutcome | Analysed]:
    """Read the files in worker processes (core.isolation), in order: a file that hangs,
    crashes its reader or needs too much memory fails alone, with a reason. With `wanted`, the
    articles it accepts are analysed too (with their story features, under `outlet`, the import's
    source), and their Analysed results come in between."""
    with reader_pool() as pool:
        jobs = [(c.path, c.folder_source) for c in candidates]
        items = pool.read_and_analyse(jobs, wanted, outlet) if wanted else pool.read(jobs)
        files = iter(candidates)
        for item in items:
            if isinstance(item, Analysed):
                yield item
            else:
                _path, result, error = item
                yield _FileOutcome(next(files), result, error)


@dataclass
class _Ready:
    """Rows to write with a batch: analyses (id, version, hash, JSON, when) and story_features
    (id, stamp, data)."""

    analyses: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    features: list[tuple[int, str, bytes]] = field(default_factory=list)


@dataclass
class _AnalysisHandover:
    """Analyses made in the workers, on their way into the analyses table: one is written once both
    it and its article's row exist (the article's id is known only once it is stored). Its story
    features go along when the worker's stamp is the one core.stories will expect of the stored
    article (same title, outlet name as the store spells it, versions); otherwise they are dropped."""

    _requested: set[str] = field(default_factory=set)              # content hashes sent for analysis
    _arrived: dict[str, tuple[AnalysedArticle, int]] = field(default_factory=dict)  # hash -> (row, version)
    _ids: dict[str, tuple[int, str]] = field(default_factory=dict)  # hash -> (article id, stamp), not analysed yet

    def requested(self, content_hash: str) -> bool:
        return content_hash in self._requested

    def request(self, content_hash: str) -> None:
        self._requested.add(content_hash)

    def arrived(self, analysed: Analysed) -> None:
        for row in analysed.rows:
            self._arrived[row.content_hash] = (row, analysed.version)

    def stored(self, content_hash: str, article_id: int, features_stamp: str) -> None:
        if content_hash in self._requested:
            self._ids[content_hash] = (article_id, features_stamp)

    def ready(self, now: str) -> _Ready:
        """Rows whose article and analysis are both here; handed over once."""
        ready = _Ready()
        for content_hash in [h for h in self._arrived if h in self._ids]:
            row, version = self._arrived.pop(content_hash)
            article_id, expected = self._ids.pop(content_hash)
            ready.analyses.append((article_id, version, content_hash, row.data, now))
            if row.features is not None and row.features[0] == expected:
                ready.features.append((article_id, *row.features))
        return ready


def _listed(warnings: list[str]) -> list[str]:
    """The first warnings of a file, then a count: an export with 100,000 bad lines is one problem
    to an editor, not 100,000 rows in the log."""
    if len(warnings) <= MAX_WARNINGS_PER_FILE:
        return warnings
    rest = len(warnings) - MAX_WARNINGS_PER_FILE
    return warnings[:MAX_WARNINGS_PER_FILE] + [f"and {rest} more record(s) skipped for reasons like these"]


class ImportJob:
    """Import files and folders into a store; iterate it to run it."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        paths: list[str],
        source: str | None = None,
        on_finished: Callable[[bool], None] | None = None,
        analyse: bool = True,
    ) -> None:
        self._conn = conn
        self._analyse = analyse
        self._on_finished = on_finished
        self._paths = [str(p) for p in paths]
        self._source = (source or "").strip()
        self._cancel = threading.Event()
        self._source_ids: dict[str, tuple[int, str]] = {}   # casefolded name -> (id, name as stored)
        self._analyses = _AnalysisHandover()
        self.summary = ImportSummary(import_id=0)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def __iter__(self) -> Iterator[ImportProgress]:
        warm_up()  # the reader processes start while the folders are listed
        found = discover(self._paths)
        total = len(found.candidates) + len(found.problems)
        self.summary.files = total
        self._start_log()
        self._record(found.problems)
        done, status = 0, "done"
        try:
            for problem in found.problems:
                done += 1
                yield ImportProgress(done, total, problem.path, problem.kind, problem.reason)
            for outcome in self._batches(found.candidates):
                done += 1
                yield ImportProgress(done, total, str(outcome.candidate.path), outcome.status(), outcome.reason())
        except GeneratorExit:
            self._cancel.set()  # the caller stopped listening: log the run as cancelled
            raise
        except Exception:
            status = "interrupted"
            raise
        finally:
            self._finish_log("cancelled" if self.cancelled and status == "done" else status)
            if self._on_finished:
                self._on_finished(bool(self.summary.imported))

    def _batches(self, candidates: list[Candidate]) -> Iterator[_FileOutcome]:
        pending: list[_FileOutcome] = []
        started = time.monotonic()
        items = _read_all(candidates, self._wants_analysis if self._analyse else None, self._source)
        try:
            while not self.cancelled:  # checked before waiting for the next file, which may be slow
                item = next(items, None)
                if item is None:
                    break
                if isinstance(item, Analysed):
                    self._analyses.arrived(item)
                else:
                    pending.append(item)
                if len(pending) >= BATCH_FILES or (pending and time.monotonic() - started > BATCH_SECONDS):
                    yield from self._write(pending)
                    pending, started = [], time.monotonic()
        finally:
            items.close()  # files still being read are abandoned, and the pool is free again
        yield from self._write(pending)

    def _wants_analysis(self, article: Article) -> bool:
        """Analyse an article in the workers unless it will not be stored (a duplicate, no text)."""
        if not article.body.strip() or self._analyses.requested(article.content_hash):
            return False
        if self._conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)).fetchone():
            return False
        self._analyses.request(article.content_hash)
        return True

    def _write(self, outcomes: list[_FileOutcome]) -> list[_FileOutcome]:
        with self._conn:
            for outcome in outcomes:
                self._store_outcome(outcome)
                self._record_rows(outcome.problems)
            # in the same transaction: an article, its analysis and features are stored together when they
            # came back in time
            ready = self._analyses.ready(utc_now())
            insert_analyses(self._conn, ready.analyses)
            insert_feature_rows(self._conn, ready.features)
        for outcome in outcomes:
            self.summary.imported.extend(outcome.stored)
            self.summary.problems.extend(outcome.problems)
        return outcomes

    def _store_outcome(self, outcome: _FileOutcome) -> None:
        path = str(outcome.candidate.path)
        if outcome.result is None:
            outcome.problems.append(Problem(path, "failed", outcome.error))
            return
        outcome.problems.extend(Problem(path, "warning", w) for w in _listed(outcome.result.warnings))
        for article in outcome.result.articles:
            self._store_article(article, outcome)

    def _store_article(self, article: Article, outcome: _FileOutcome) -> None:
        path = str(outcome.candidate.path)
        if not article.body.strip():
            outcome.problems.append(Problem(path, "failed", "the article has no text"))
            return
        existing = self._conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (article.content_hash,)
        ).fetchone()
        if existing:
            outcome.problems.append(
                Problem(path, "duplicate", f"same text as article {existing[0]}, already in the library")
            )
            return
        stored, features_stamp = self._insert(article, path)
        self._analyses.stored(article.content_hash, stored.id, features_stamp)
        outcome.stored.append(stored)

    def _insert(self, article: Article, path: str) -> tuple[ArticleSummary, str]:
        """Store an article; also returns the stamp core.stories expects of its story features."""
        source, origin = stored_outlet(article, self._source)
        title, title_origin = stored_title(article)
        source_id, source_name = self._source_id(source)
        cursor = self._conn.execute(
            """INSERT INTO articles (source_id, title, title_origin, byline, published, url, path, format,
                   body, content_hash, imported_at, word_count, source_origin, import_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (source_id, title, title_origin, article.byline, article.published, article.url,
             article.path or path, article.format, article.body, article.content_hash, utc_now(),
             article.word_count, origin, self.summary.import_id),
        )
        features_stamp = stamp(title, article.published, source_name, article.content_hash)
        return ArticleSummary(
            id=int(cursor.lastrowid or 0), source=source, title=title, published=article.published,
            path=article.path or path, format=article.format, word_count=article.word_count,
            url=article.url, byline=article.byline,
        ), features_stamp

    def _source_id(self, name: str) -> tuple[int, str]:
        """The outlet's id and its name as the store spells it (names match regardless of case)."""
        key = name.casefold()
        if key not in self._source_ids:
            row = self._conn.execute("SELECT id, name FROM sources WHERE name = ?", (name,)).fetchone()
            if row is None:
                row = (self._conn.execute(
                    "INSERT INTO sources (name, created_at) VALUES (?, ?)", (name, utc_now())
                ).lastrowid, name)
            self._source_ids[key] = (int(row[0]), str(row[1]))
        return self._source_ids[key]

    def _start_log(self) -> None:
        with self._conn:
            cursor = self._conn.execute(
                "INSERT INTO imports (started_at, paths) VALUES (?, ?)", (utc_now(), json.dumps(self._paths))
            )
        self.summary.import_id = int(cursor.lastrowid or 0)

    def _record(self, problems: list[Problem]) -> None:
        with self._conn:
            self._record_rows(problems)
        self.summary.problems.extend(problems)

    def _record_rows(self, problems: list[Problem]) -> None:
        self._conn.executemany(
            "INSERT INTO import_problems (import_id, path, kind, reason) VALUES (?, ?, ?, ?)",
            [(self.summary.import_id, p.path, p.kind, p.reason) for p in problems],
        )

    def _finish_log(self, status: str) -> None:
        self.summary.cancelled = self.cancelled
        s = self.summary
        with self._conn:
            self._conn.execute(
                """UPDATE imports SET finished_at = ?, imported = ?, duplicates = ?, failed = ?, skipped = ?,
                       status = ? WHERE id = ?""",
                (utc_now(), len(s.imported), len(s.duplicates), len(s.failed), len(s.skipped),
                 status, s.import_id),
            )
