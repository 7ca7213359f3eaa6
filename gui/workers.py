"""Background work for the GUI: imports, comparisons and long library tasks (regrouping).

Every worker opens its OWN Library inside its thread, because an sqlite3 connection belongs to
the thread that made it; the store is WAL with a busy timeout, so a second connection is fine.
Results reach the GUI through queued signals, so every slot the GUI connects runs in the GUI
thread. The store has one writer at a time: imports and writing tasks share one "writer slot",
and starting a second writer while one runs raises WorkerBusy with a message for the editor.

Nothing raised inside a worker escapes its thread: it becomes a failed outcome with the message.
"""
from __future__ import annotations

import queue
import threading
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from core.analysis import Version
from core.compare import ComparedArticle, Comparison, compare
from core.library import Library, LibraryError
from core.model import content_hash
from core.records import ImportSummary
from core.store import describe_error

StorePath = str | Path
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
TaskFunction = Callable[[Library, Progress, Cancelled], Any]

# Progress signals are throttled: a 10,000-file import must not flood the GUI's event queue.
PROGRESS_INTERVAL_S = 0.04
COMPARISON_CACHE_SIZE = 32


class WorkerBusy(RuntimeError):
    """Another writer (an import or a regrouping) is running; the message is written for the editor."""


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _describe(exc: BaseException) -> str:
    # LibraryError and friends carry editor-ready messages; anything else is a bug worth naming.
    if isinstance(exc, sqlite3.Error):
        return describe_error(exc)           # a full disk, a lock held too long: said for the editor
    if isinstance(exc, (LibraryError, ValueError, OSError)):
        return str(exc) or type(exc).__name__
    return f"unexpected error ({type(exc).__name__}: {exc})"


# --- outcomes ------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What one background import did, in the shape the import dialog and status bar show."""

    files: int = 0
    imported: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: int = 0
    cancelled: bool = False
    article_ids: list[int] = field(default_factory=list)
    story_ids: list[int] = field(default_factory=list)
    elapsed: float = 0.0
    error: str = ""  # the whole import (or the story grouping after it) stopped with this message

    @property
    def ok(self) -> bool:
        return not self.error and not self.failed

    @classmethod
    def of(cls, summary: ImportSummary) -> "ImportOutcome":
        return cls(
            files=summary.files,
            imported=len(summary.imported),
            duplicates=len(summary.duplicates),
            failed=[(p.path, p.reason) for p in summary.failed],
            skipped=[(p.path, p.reason) for p in summary.skipped],
            warnings=len(summary.warnings),
            cancelled=summary.cancelled,
            article_ids=[a.id for a in summary.imported],
        )

    def summary_text(self) -> str:
        """One line for the editor, e.g. "12 files · 10 articles · 1 duplicate · 1 error"."""
        parts = [_plural(self.files, "file"), _plural(self.imported, "article")]
        if self.duplicates:
            parts.append(_plural(self.duplicates, "duplicate"))
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.failed:
            parts.append(_plural(len(self.failed), "error"))
        if self.cancelled:
            parts.append("cancelled")
        line = " · ".join(parts)
        return f"{line} · stopped: {self.error}" if self.error else line

    def report_text(self) -> str:
        """One "path: reason" line per failed file, for copying into a bug report or an e-mail."""
        lines = [f"{path}: {reason}" for path, reason in self.failed]
        if self.error:
            lines.append(f"import stopped: {self.error}")
        return "\n".join(lines)


@dataclass
class TaskResult:
    """What a background task returned, or why it did not finish."""

    value: Any = None
    error: str = ""
    cancelled: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.error and not self.cancelled


# --- the writer slot ------------------------------------------------------------------------------

# Both touched only from the GUI thread: controllers are created, started and finished there.
_writer: list["_Background"] = []
_live: set["_Background"] = set()  # keeps running controllers (and their QThreads) from being collected


def busy_writer() -> str:
    """What is writing to the store now ("import", "regroup", ...), or "" when nothing is."""
    return _writer[0].label if _writer else ""


def shutdown_workers(timeout_ms: int = 10_000) -> bool:
    """Cancel every running import or task and wait for their threads; True if all stopped.

    For the main window's closeEvent: a QThread destroyed while running aborts the process."""
    stopped = True
    for controller in list(_live):
        controller.cancel()
        if controller.wait(timeout_ms):
            controller._finished()  # report now: the queued QThread.finished may never be delivered
        else:
            stopped = False
    return stopped


# --- the thread plumbing shared by imports and tasks ------------------------------------------------


class _Worker(QObject):
    """Runs once in its own thread; the controller reads `result` after the thread has ended.

    `finished(result)` is also emitted from the worker thread itself, for callers that wire a
    worker by hand; the GUI should listen to its controller, which reports once the thread ended."""

    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None
        self.crash = ""  # set if work() itself raised, which it is written never to do
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the work stops at its next checkpoint."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        thread = self.thread()
        try:
            self.result = self.work()
        except Exception as exc:  # last line of defence: nothing may escape into Qt's event loop
            self.crash = _describe(exc)
        finally:
            self.finished.emit(self.result)
            # Hand the worker back to the GUI thread, so it is deleted where it lives, then end the
            # thread's event loop; the controller hears QThread.finished.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            thread.quit()

    def work(self) -> Any:
        raise NotImplementedError


class _Background(QObject):
    """Owns one QThread and one worker; emits `done(result)` in the GUI thread once the thread ended,
    so by then the worker's Library is closed and nothing of it runs any more."""

    done = Signal(object)

    def __init__(self, worker: _Worker, label: str, writes: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.worker = worker
        self._writes = writes
        self._thread = QThread()
        self._thread.setObjectName(f"triangulate-{label}")
        worker.moveToThread(self._thread)
        self._thread.started.connect(worker.run)
        self._thread.finished.connect(self._finished)
        self._started = False
        self._ended = False

    def start(self) -> None:
        """Start the work; raises WorkerBusy if another writer runs. Connect the signals first."""
        if self._started:
            raise RuntimeError("this background job was started already")
        if self._writes and _writer:
            raise WorkerBusy(_busy_message(_writer[0].label))
        if self._writes:
            _writer.append(self)
        _live.add(self)
        self._started = True
        self._thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def is_running(self) -> bool:
        return self._started and not self._ended

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Block until the thread ended (tests and shutdown only); True if it did."""
        return not self._started or self._thread.wait(timeout_ms)

    @Slot()
    def _finished(self) -> None:
        if self._ended:
            return  # already reported by shutdown_workers()
        self._ended = True
        if self in _writer:
            _writer.remove(self)
        _live.discard(self)
        self.done.emit(self.worker.result)


def _busy_message(label: str) -> str:
    what = "An import" if label == "import" else f"A background task ({label})"
    return f"{what} is still writing to the library. Wait for it to finish, or cancel it, and try again."


# --- imports ---------------------------------------------------------------------------------------


class ImportWorker(_Worker):
    """Imports files and folders with its own Library, then attaches the new articles to stories."""

    progress = Signal(int, int, str)  # done, total, current path (emitted in the worker thread)
    grouping = Signal(int)            # the files are read and stored; this many articles are being grouped

    def __init__(self, store_path: StorePath, paths: Sequence[StorePath], source: str | None = None) -> None:
        super().__init__()
        self._store_path = str(store_path)
        self._paths = [str(p) for p in paths]
        self._source = source
        self._job_cancel: Callable[[], None] | None = None

    def cancel(self) -> None:
        super().cancel()
        if self._job_cancel is not None:
            self._job_cancel()  # ImportJob.cancel is an Event: safe from any thread

    def work(self) -> ImportOutcome:
        started = time.monotonic()
        outcome = ImportOutcome()
        try:
            with Library.open(self._store_path) as library:
                outcome = self._import(library)
                if outcome.article_ids:
                    self.grouping.emit(len(outcome.article_ids))
                self._attach(library, outcome)
        except Exception as exc:  # the GUI must always hear back, whatever went wrong
            outcome.error = _describe(exc)
        outcome.elapsed = time.monotonic() - started
        return outcome

    def _import(self, library: Library) -> ImportOutcome:
        job = library.imports.start(self._paths, source=self._source)
        self._job_cancel = job.cancel
        if self.cancelled:
            job.cancel()  # cancel() arrived before the job existed
        last = 0.0
        try:
            for step in job:
                now = time.monotonic()
                if step.done in (1, step.total) or now - last >= PROGRESS_INTERVAL_S:
                    self.progress.emit(step.done, step.total, step.path)
                    last = now
        except Exception as exc:
            # What was committed before the failure stays; report it with the reason.
            outcome = ImportOutcome.of(job.summary)
            outcome.error = _describe(exc)
            return outcome
        return ImportOutcome.of(job.summary)

    @staticmethod
    def _attach(library: Library, outcome: ImportOutcome) -> None:
        if not outcome.article_ids:
            return
        try:
            story_ids = library.stories.attach(outcome.article_ids)
        except Exception as exc:
            outcome.error = f"the articles were imported but not grouped into stories ({_describe(exc)})"
            return
        outcome.story_ids = sorted({s for s in story_ids if s})


class BackgroundImport(_Background):
    """One import on its own thread. Connect `progress` and `finished`, then call start().

    progress(done, total, path), grouping(articles) and finished(ImportOutcome) arrive in the GUI thread."""

    progress = Signal(int, int, str)
    grouping = Signal(int)
    finished = Signal(object)  # ImportOutcome

    def __init__(self, store_path: StorePath, paths: Sequence[StorePath], source: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(ImportWorker(store_path, paths, source), "import", writes=True, parent=parent)
        self.worker.progress.connect(self.progress)
        self.worker.grouping.connect(self.grouping)
        self.done.connect(self._emit_finished)

    def _emit_finished(self, outcome: ImportOutcome | None) -> None:
        # A worker whose work() raised after all still reports, with the reason.
        self.finished.emit(outcome if outcome is not None else ImportOutcome(
            error=self.worker.crash or "the import did not run"))


def start_import(store_path: StorePath, paths: Sequence[StorePath], source: str | None = None,
                 on_progress: Callable[[int, int, str], None] | None = None,
                 on_finished: Callable[[ImportOutcome], None] | None = None,
                 parent: QObject | None = None) -> BackgroundImport:
    """Create, connect and start an import; raises WorkerBusy while another writer runs."""
    background = BackgroundImport(store_path, paths, source, parent)
    _start_connected(background, on_progress, on_finished)
    return background


def _start_connected(job: BackgroundImport | BackgroundTask, on_progress: Callable[..., None] | None,
                     on_finished: Callable[..., None] | None) -> None:
    """Connect the caller's slots before starting, so no early signal is missed."""
    if on_progress is not None:
        job.progress.connect(on_progress)
    if on_finished is not None:
        job.finished.connect(on_finished)
    job.start()


# --- generic tasks ----------------------------------------------------------------------------------


class TaskWorker(_Worker):
    """Runs fn(library, progress, cancelled) with its own Library; the return value is the result."""

    progress = Signal(int, int)

    def __init__(self, store_path: StorePath, fn: TaskFunction) -> None:
        super().__init__()
        self._store_path = str(store_path)
        self._fn = fn
        self._last = 0.0

    def work(self) -> TaskResult:
        started = time.monotonic()
        result = TaskResult()
        try:
            with Library.open(self._store_path) as library:
                result.value = self._fn(library, self._report, lambda: self.cancelled)
        except Exception as exc:
            result.error = _describe(exc)
        result.cancelled = self.cancelled
        result.elapsed = time.monotonic() - started
        return result

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done in (1, total) or now - self._last >= PROGRESS_INTERVAL_S:
            self.progress.emit(done, total)
            self._last = now


class BackgroundTask(_Background):
    """A TaskWorker on its own thread: progress(done, total) and finished(TaskResult) in the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)  # TaskResult

    def __init__(self, store_path: StorePath, fn: TaskFunction, label: str = "task", writes: bool = True,
                 parent: QObject | None = None) -> None:
        super().__init__(TaskWorker(store_path, fn), label, writes=writes, parent=parent)
        self.worker.progress.connect(self.progress)
        self.done.connect(lambda result: self.finished.emit(result if result is not None else TaskResult(
            error=self.worker.crash or "the task did not run")))


def regroup_stories(library: Library, progress: Progress, cancelled: Cancelled) -> int:
    """Regroup every article into stories; returns the number of stories.

    Regrouping writes only at its very end, so stopping early leaves the old stories untouched."""
    steps = library.stories.regroup()
    try:
        for done, total in steps:
            progress(done, total)
            if cancelled():
                return library.stories.count()
        return library.stories.count()
    finally:
        steps.close()


def start_regroup(store_path: StorePath, on_progress: Callable[[int, int], None] | None = None,
                  on_finished: Callable[[TaskResult], None] | None = None,
                  parent: QObject | None = None) -> BackgroundTask:
    """Regroup all stories in the background; raises WorkerBusy while another writer runs."""
    task = BackgroundTask(store_path, regroup_stories, label="regroup", writes=True, parent=parent)
    _start_connected(task, on_progress, on_finished)
    return task


# --- comparisons -----------------------------------------------------------------------------------

CacheKey = tuple[tuple[int, str], ...]  # (article id, content hash) in comparison order


@dataclass(frozen=True)
class _Request:
    request_id: int
    article_ids: tuple[int, ...]


class _ComparisonThread(QThread):
    """The one long-lived comparison thread: takes requests off a queue, newest first wins."""

    computed = Signal(int, object, object)  # request id, CacheKey, Comparison
    failed = Signal(int, str)

    def __init__(self, store_path: str, latest: Callable[[], int]) -> None:
        super().__init__()
        self.setObjectName("triangulate-compare")
        self._store_path = store_path
        self._latest = latest
        self.requests: queue.Queue[_Request | None] = queue.Queue()

    def run(self) -> None:
        library: Library | None = None
        try:
            while (request := self._next()) is not None:
                if request.request_id < self._latest():
                    continue  # superseded while it waited: nobody wants it any more
                try:
                    library = library or Library.open(self._store_path)
                    key, comparison = compute_comparison(library, request.article_ids)
                except Exception as exc:
                    self.failed.emit(request.request_id, _describe(exc))
                    continue
                self.computed.emit(request.request_id, key, comparison)
        finally:
            if library is not None:
                library.close()

    def _next(self) -> _Request | None:
        """Block for a request, then skip to the newest one queued; None means stop."""
        request = self.requests.get()
        while request is not None:
            try:
                newer = self.requests.get_nowait()
            except queue.Empty:
                break
            request = newer
        return request


def compute_comparison(library: Library, article_ids: Sequence[int]) -> tuple[CacheKey, Comparison]:
    """The Comparison of stored articles in the given order, as `main.py compare` builds it."""
    versions: list[Version] = []
    articles: list[ComparedArticle] = []
    key: list[tuple[int, str]] = []
    for article_id in article_ids:
        version, article = library.analyses.compared(article_id)
        versions.append(version)
        articles.append(article)
        key.append((article_id, content_hash(version.body)))
    return tuple(key), compare(versions, articles)


class ComparisonService(QObject):
    """Comparisons of stored articles, computed on one background thread and kept in an LRU cache.

    request(ids) returns a request id; ready(request_id, comparison) or failed(request_id, message)
    follows in the GUI thread. Only the newest request is answered: an older one still waiting is
    skipped, and an older result that arrives late is cached but not emitted.
    """

    ready = Signal(int, object)  # request id, Comparison
    failed = Signal(int, str)

    def __init__(self, store_path: StorePath, lookup: Library | None = None, cache_size: int = COMPARISON_CACHE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store_path = str(store_path)
        self._lookup = lookup  # a GUI-thread Library for content hashes; our own one is opened if not given
        self._owns_lookup = lookup is None
        self._cache: OrderedDict[CacheKey, Comparison] = OrderedDict()
        self._cache_size = cache_size
        self._latest = 0
        self._thread = _ComparisonThread(self._store_path, lambda: self._latest)
        self._thread.computed.connect(self._computed)
        self._thread.failed.connect(self._failed)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)  # a QThread destroyed while running aborts the process

    @property
    def latest_request(self) -> int:
        return self._latest

    def request(self, article_ids: Sequence[int]) -> int:
        """Ask for the comparison of these articles (in this order); supersedes earlier requests."""
        self._latest += 1
        request_id = self._latest
        hit = self.cached(article_ids)
        if hit is not None:
            # Answer on the next turn of the event loop, so the caller holds the id before it arrives.
            QTimer.singleShot(0, self, lambda: self._answer(request_id, hit))
        else:
            self._thread.requests.put(_Request(request_id, tuple(article_ids)))
        return request_id

    def cached(self, article_ids: Sequence[int]) -> Comparison | None:
        """The cached comparison of these articles if their texts have not changed since; no waiting."""
        key = self._key(article_ids)
        if key is None or key not in self._cache:
            return None
        self._cache.move_to_end(key)
        return self._cache[key]

    def clear_cache(self) -> None:
        self._cache.clear()

    def close(self, timeout_ms: int = 30_000) -> None:
        """Stop the thread (after the comparison it is computing) and close the connections."""
        if self._thread.isRunning():
            self._latest += 1  # anything still queued is now stale
            self._thread.requests.put(None)
            self._thread.wait(timeout_ms)
        if self._owns_lookup and self._lookup is not None:
            self._lookup.close()
            self._lookup = None

    def _key(self, article_ids: Sequence[int]) -> CacheKey | None:
        try:
            if self._lookup is None:
                self._lookup = Library.open(self._store_path)
            return tuple((i, self._lookup.articles.get(i).content_hash) for i in article_ids)
        except LibraryError:
            return None  # a deleted article: nothing cached can be right, the worker reports why

    def _remember(self, key: CacheKey, comparison: Comparison) -> None:
        self._cache[key] = comparison
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _answer(self, request_id: int, comparison: Comparison) -> None:
        if request_id == self._latest:
            self.ready.emit(request_id, comparison)

    @Slot(int, object, object)
    def _computed(self, request_id: int, key: CacheKey, comparison: Comparison) -> None:
        self._remember(key, comparison)  # a late result is still right for its articles: keep it
        self._answer(request_id, comparison)

    @Slot(int, str)
    def _failed(self, request_id: int, message: str) -> None:
        if request_id == self._latest:
            self.failed.emit(request_id, message)
