"""Read files in worker processes, so that no file can hang, crash or exhaust the app.

    with reader_pool() as pool:
        for path, result, error in pool.read([(path, folder_source), ...]):
            ...   # in the order given; `result` is a ReadResult, or None and `error` says why

Why processes: a reader stuck in a parser (a pathological regex, a looping PDF) cannot be
stopped from inside Python, because a thread cannot be killed; a process can. So each
file is read by one of WORKERS long-lived worker processes, with a time limit of
READ_SECONDS plus SECONDS_PER_MB per megabyte of file, counted from when the worker
has started and loaded the readers. A worker that runs over is killed and replaced, and
its file gets "took too long to read"; a worker that dies (a crash in a C library, the
memory limit) is replaced the same way, and the import goes on. Files are handed back in
the order given, whichever worker read them.

read_and_analyse() also analyses the articles read (core.analysis, the expensive step of an
import) in the same workers, as separate tasks with their own time limit, so that reading,
analysing and the importer's writing run side by side. An analysis that overruns or crashes
is dropped, nothing else: the article is imported, and analysed again in-process later.
Right after its analysis, a worker also makes the article's story_features row (core.story_features
.cache_row) from the Analysis object it holds, under the outlet and title the importer will store
it with: grouping then finds it cached instead of parsing the analysis JSON back (~0.4 ms an
article) and recomputing it after the import. Features that cannot be made are left to core.stories.

Memory: every worker runs under an address-space limit (WORKER_MEMORY, on systems with
`resource`), so a file that would need more fails with a reason instead of swapping the
machine to a halt; the readers refuse oversized files and zip bombs before that.

Workers are started with "spawn" (a fresh interpreter: safe from a GUI thread, and the
same on Linux, macOS and Windows, and in the frozen app, whose entry point calls
multiprocessing.freeze_support()). They start on the first import and stay for the
next one. If processes cannot be started at all (or never report ready, BOOT_FAILURES
times), files are read in this process, as before, without a time limit.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.model import Article, ReadError, ReadResult

if TYPE_CHECKING:
    from core.analysis import Analysis   # not loaded here: a worker loads it on its first analysis

READ_SECONDS = 10.0
SECONDS_PER_MB = 1.0
# Analysing the articles of a file (read_and_analyse) has its own, separate limit: a text that
# makes an extractor hang loses its analysis (computed again later, in-process), never its import.
# The base covers loading the extractors on a worker's first analysis.
ANALYSE_SECONDS = 30.0
ANALYSE_SECONDS_PER_MB = 30.0
# Articles per analysis task (and characters, for long ones): a feed of 10,000 entries is spread
# over the workers in small tasks, each with its own time limit.
ANALYSE_CHUNK = 16
ANALYSE_CHUNK_CHARS = 256 * 1024
# What a worker keeps of the files it read until their analysis tasks arrive (see _Kept).
KEEP_RESULTS = 24
KEEP_CHARS = 64 * 2**20
# Reading is cheap (~0.2 ms for a 700-word article) and analysing is not (~2.5 ms): with analysis in
# the workers, every core is worth a worker; the importer itself mostly waits on SQLite.
WORKERS = max(1, min(4, os.cpu_count() or 1))
WORKER_MEMORY = 3 * 2**30
# Tasks handed to one worker ahead of its current one: keeps it busy while the importer writes.
QUEUE_PER_WORKER = 8
# How far ahead of the file the importer waits for reading may run (bounds memory held).
LOOKAHEAD = 32
# What a worker calls, as "module:function"; tests point them at deliberately hostile ones.
READER = "core.readers:read_file"
ANALYSER = "core.isolation:analysis_json"

Job = tuple[Path, str]                      # (path, folder source)
Outcome = tuple[Path, "ReadResult | None", str]  # (path, result, reason when result is None)
Wanted = Callable[[Article], bool]          # which read articles to analyse (not duplicates, say)


# An import's outlet longer than this is not sent to the workers (its articles' story features are
# then computed by core.stories): messages to a worker must stay far below a pipe's buffer.
MAX_OUTLET = 1000


@dataclass(frozen=True)
class Made:
    """What the ANALYSER makes of one article: the JSON the analyses table stores, the
    core.analysis.ANALYSIS_VERSION it was made with, and the Analysis itself (for the story features;
    None from an analyser that has no object to give)."""

    data: str
    version: int
    analysis: Analysis | None = None


@dataclass(frozen=True)
class AnalysedArticle:
    """One article analysed in a worker, named by its content hash; `features` is its story_features
    row as (stamp, data), or None when it could not be made."""

    content_hash: str
    data: str
    features: tuple[str, bytes] | None = None


@dataclass
class Analysed:
    """Analyses computed in a worker, and the core.analysis.ANALYSIS_VERSION they were made with."""

    rows: list[AnalysedArticle]
    version: int

_MB = 1024 * 1024
# A worker that has not started within this long (a frozen app that cannot spawn, a machine
# swapping hard) is not waited for; after BOOT_FAILURES such starts, files are read in-process.
BOOT_SECONDS = 60.0
BOOT_FAILURES = 2
_READY = 0  # the task id of a worker's "ready" message; real tasks count from 1
# The quick-to-load readers most imports need; trafilatura, pypdf and python-docx (slower to
# load) are imported by the first file that needs them.
_PRELOAD = ("core.readers.text", "core.readers.markdown", "core.readers.records")


def time_limit(path: Path) -> float:
    """Seconds a file may take: READ_SECONDS, plus SECONDS_PER_MB for each megabyte."""
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0
    return READ_SECONDS + SECONDS_PER_MB * size / _MB


def too_slow(limit: float) -> str:
    return (f"took too long to read (stopped after {round(limit, 1):g} seconds); the file may be damaged, "
            "or far larger than an article")


def crashed(exitcode: int | None) -> str:
    detail = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit code {exitcode}"
    return (f"the reader stopped unexpectedly on this file ({detail}); the file may be damaged, or need "
            "more memory than a single file is allowed")


# --- the worker process ------------------------------------------------------------------------

def _worker_main(conn: Connection, memory: int) -> None:
    """Run tasks sent as (task id, kind, payload, "module:function") until the pipe closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle, not ours
    _limit_memory(memory)
    for module in _PRELOAD:  # while the importer is still listing folders, not on the first file
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    conn.send((_READY, None, ""))  # time limits count from here, not from a slow start-up
    functions: dict[str, Callable[..., Any]] = {}
    kept = _Kept()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, kind, payload, spec = message
        if spec not in functions:
            functions[spec] = _resolve(spec)
        if kind == _READ:
            reply: tuple[Any, str] = _read_one(functions[spec], *payload)
            kept.keep(task_id, reply[0])
        else:
            read_id, indexes, last, outlet = payload
            reply = _analyse_many(functions[spec], kept.articles(read_id, indexes, last), outlet)
        try:
            conn.send((task_id, *reply))
        except (EOFError, OSError):
            return
        except Exception:  # noqa: BLE001 - e.g. MemoryError while pickling a huge export
            conn.send((task_id, None, "the file is too large to read with the memory available"))


def _read_one(reader: Callable[..., ReadResult], path: str, folder_source: str) -> tuple[ReadResult | None, str]:
    try:
        result = reader(Path(path), folder_source)
    except ReadError as exc:
        return None, exc.reason
    except MemoryError:
        return None, "the file is too large to read with the memory available"
    except Exception as exc:  # noqa: BLE001 - a reader bug costs one file, never the worker
        return None, f"unexpected error while reading ({type(exc).__name__}: {exc})"
    for article in getattr(result, "articles", ()):
        # Cached on the article and pickled with it: the importer needs both for every article,
        # and here they cost the importing process nothing.
        article.content_hash, article.word_count  # noqa: B018
    return result, ""


class _Kept:
    """The articles of the last files this worker read, for the analysis tasks that follow their
    reading. The importer sends those tasks (which articles are new, by index) to the worker that
    read the file, so messages to a worker stay tiny: a worker stuck in a parser can never block
    the importer on a full pipe. Bounded: the last KEEP_RESULTS files, KEEP_CHARS of text."""

    def __init__(self) -> None:
        self._results: dict[int, list[Article]] = {}   # read task id -> articles, oldest first
        self._chars = 0

    def keep(self, task_id: int, result: ReadResult | None) -> None:
        articles = list(getattr(result, "articles", []))
        chars = sum(len(a.body) for a in articles)
        if not articles or chars > KEEP_CHARS:
            return  # an export too large to keep is analysed later, in-process
        self._results[task_id] = articles
        self._chars += chars
        while len(self._results) > KEEP_RESULTS or self._chars > KEEP_CHARS:
            self._forget(next(iter(self._results)))

    def articles(self, task_id: int, indexes: list[int], last: bool) -> list[Article]:
        kept = self._results.get(task_id, [])
        chosen = [kept[i] for i in indexes if i < len(kept)]
        if last:
            self._forget(task_id)
        return chosen

    def _forget(self, task_id: int) -> None:
        self._chars -= sum(len(a.body) for a in self._results.pop(task_id, []))


def analysis_json(body: str, published: str) -> Made:
    """One article's analysis as the analyses table stores it, with the Analysis object."""
    import json

    from core.analysis import ANALYSIS_VERSION, analyse

    analysis = analyse(body, published)
    return Made(json.dumps(analysis.to_json(), ensure_ascii=False), ANALYSIS_VERSION, analysis)


def _analyse_many(analyser: Callable[[str, str], Made], articles: list[Article],
                  outlet: str | None) -> tuple[Analysed | None, str]:
    rows: list[AnalysedArticle] = []
    version = 0
    for article in articles:
        try:
            made = analyser(article.body, article.published)
        except Exception:  # noqa: BLE001 - left for the in-process analysis to redo (and report)
            continue
        version = made.version
        features = _features_row(article, made.analysis, outlet) if outlet is not None else None
        rows.append(AnalysedArticle(article.content_hash, made.data, features))
    return Analysed(rows, version), ""


def _features_row(article: Article, analysis: Analysis | None, outlet: str) -> tuple[str, bytes] | None:
    """The article's story_features row, under the title and outlet the importer will store it with
    (the importer checks the stamp against what it stored). None when it cannot be made: the
    analysis is kept all the same, and core.stories computes the features when grouping needs them."""
    if analysis is None:
        return None
    try:
        from core.importing import stored_outlet, stored_title
        from core.story_features import cache_row

        title, source = stored_title(article)[0], stored_outlet(article, outlet)[0]
        return cache_row(title, article.body, article.published, source, article.content_hash, analysis)
    except Exception:  # noqa: BLE001 - a cache row is never worth an article's analysis
        return None


def _limit_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the readers' own size checks still apply
        return
    with contextlib.suppress(ValueError, OSError, AttributeError):  # macOS does not enforce RLIMIT_AS
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _resolve(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def read_in_process(path: Path, folder_source: str) -> tuple[ReadResult | None, str]:
    """Read one file here, without a time limit (the fallback when workers cannot start)."""
    return _read_one(_resolve(READER), str(path), folder_source)


# --- the pool ------------------------------------------------------------------------------------

_READ = "read"
_ANALYSE = "analyse"


@dataclass
class _Task:
    id: int
    index: int                # the file's place in the jobs (an analysis task: its file's)
    limit: float
    kind: str = _READ
    path: Path = Path()
    folder_source: str = ""
    # read task id, article indexes, its last task, the import's outlet ("" each article's own; None: no features)
    analyse: tuple[int, list[int], bool, str | None] = (0, [], False, None)
    abandoned: bool = False   # its read() stopped early: the result is thrown away

    def message(self) -> tuple[int, str, tuple[Any, ...], str]:
        if self.kind == _READ:
            return self.id, _READ, (str(self.path), self.folder_source), READER
        return self.id, _ANALYSE, self.analyse, ANALYSER


@dataclass
class _Worker:
    process: Any
    conn: Connection
    tasks: deque[_Task] = field(default_factory=deque)
    backlog: deque[_Task] = field(default_factory=deque)  # analysis tasks for the files it read, not sent yet
    ready: bool = False       # it has loaded the readers and said so
    born: float = field(default_factory=time.monotonic)
    started: float = 0.0      # when the first task in `tasks` began (once ready)

    def deadline(self) -> float:
        if not self.ready:
            return self.born + BOOT_SECONDS
        return self.started + self.tasks[0].limit if self.tasks else float("inf")


@dataclass
class _Run:
    """One read()'s state: tasks not yet handed out, results not yet yielded."""

    wanted: Wanted | None
    outlet: str | None = None                                   # see _Task.analyse
    waiting: deque[_Task] = field(default_factory=deque)       # files to read, in order
    done: dict[int, Outcome] = field(default_factory=dict)     # read files by index, until yielded
    analysed: list[Analysed] = field(default_factory=list)     # until yielded


def analysis_tasks(read: _Task, articles: list[Article], wanted: Wanted, ids: Iterator[int],
                   outlet: str | None = None) -> list[_Task]:
    """Tasks analysing a read file's wanted articles, at most ANALYSE_CHUNK articles / ANALYSE_CHUNK_CHARS each."""
    chunks: list[tuple[list[int], int]] = []
    chunk: list[int] = []
    chars = 0
    for i, article in enumerate(articles):
        if not wanted(article):
            continue
        if chunk and (len(chunk) >= ANALYSE_CHUNK or chars + len(article.body) > ANALYSE_CHUNK_CHARS):
            chunks.append((chunk, chars))
            chunk, chars = [], 0
        chunk.append(i)
        chars += len(article.body)
    if chunk:
        chunks.append((chunk, chars))
    return [_Task(next(ids), read.index, ANALYSE_SECONDS + ANALYSE_SECONDS_PER_MB * chars / _MB, kind=_ANALYSE,
                  analyse=(read.id, indexes, n == len(chunks) - 1, outlet))
            for n, (indexes, chars) in enumerate(chunks)]


class ReaderPool:
    """Worker processes that read files with a time limit; see the module docstring."""

    def __init__(self, workers: int = 0) -> None:
        self._size = workers or WORKERS
        self._workers: list[_Worker] = []
        self._ids = itertools.count(1)
        self._in_process = False
        self._boot_failures = 0
        self._context = multiprocessing.get_context("spawn")

    def read(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Read every (path, folder source), yielding (path, result, error) in the order given."""
        for item in self._run(list(jobs), None):
            assert not isinstance(item, Analysed)
            yield item

    def read_and_analyse(self, jobs: Iterable[Job], wanted: Wanted, outlet: str = "") -> Iterator[Outcome | Analysed]:
        """As read(), and the articles `wanted` accepts are analysed too: their Analysed results come
        whenever ready, between the outcomes (which stay in order), the last ones after them.
        `outlet` is the import's source for every article ("": each article's own), which their
        story features are made under. Files read in-process (no workers) are not analysed."""
        yield from self._run(list(jobs), wanted, outlet if len(outlet) <= MAX_OUTLET else None)

    def _run(self, jobs: list[Job], wanted: Wanted | None, outlet: str | None = None) -> Iterator[Outcome | Analysed]:
        if not jobs:
            return
        run = _Run(wanted, outlet)
        next_index = 0
        try:
            for index, (path, source) in enumerate(jobs):
                run.waiting.append(_Task(next(self._ids), index, time_limit(path), path=Path(path),
                                         folder_source=source))
            while next_index < len(jobs) or run.analysed or self._analysing(run):
                if run.analysed:
                    yield run.analysed.pop(0)
                    continue
                if next_index in run.done:
                    yield run.done.pop(next_index)
                    next_index += 1
                    continue
                if self._in_process or not self._ensure_workers():
                    self._in_process_step(run)
                    continue
                self._dispatch(run, next_index + LOOKAHEAD)
                self._collect(run)
        finally:
            for worker in self._workers:  # read() stopped early: what is still being run is not wanted
                worker.backlog.clear()
                for task in worker.tasks:
                    task.abandoned = True

    def start(self) -> None:
        """Start the workers now (they load the readers while the caller does other work)."""
        if not self._in_process:
            self._ensure_workers()

    def close(self) -> None:
        """Stop the workers (politely, then by force)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in workers:
            worker.process.join(timeout=1.0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=1.0)
            worker.conn.close()

    # -- scheduling --

    def _in_process_step(self, run: _Run) -> None:
        """No workers: the next file is read here (and analysed later, in-process, when needed)."""
        if run.waiting:
            task = run.waiting.popleft()
            run.done[task.index] = (task.path, *read_in_process(task.path, task.folder_source))

    def _ensure_workers(self) -> bool:
        """Start workers up to the pool's size; False (and read in-process from now on) if none can start."""
        while len(self._workers) < self._size:
            try:
                self._workers.append(self._start_worker())
            except (OSError, RuntimeError, ValueError):  # no processes allowed here: read in-process
                if not self._workers:
                    self._in_process = True
                    return False
                break
        return True

    def _start_worker(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main, args=(child, WORKER_MEMORY),
                                        name="triangulate-reader", daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _dispatch(self, run: _Run, before: int) -> None:
        """Hand each worker the analyses of the files it read first (so read articles do not pile up
        waiting), then files to read, never past index `before`, each to the least busy worker."""
        for worker in self._workers:
            while worker.backlog and len(worker.tasks) < QUEUE_PER_WORKER:
                if not self._send(worker, worker.backlog):
                    break
        while run.waiting and run.waiting[0].index < before:
            worker = min(self._workers, key=lambda w: len(w.tasks) + len(w.backlog))
            if len(worker.tasks) + len(worker.backlog) >= QUEUE_PER_WORKER:
                return
            if not self._send(worker, run.waiting):
                return

    def _send(self, worker: _Worker, queue: deque[_Task]) -> bool:
        """Send the queue's first task to the worker; False if the worker is gone (collect will see)."""
        task = queue.popleft()
        try:
            worker.conn.send(task.message())
        except (OSError, ValueError):
            queue.appendleft(task)
            return False
        if not worker.tasks:
            worker.started = time.monotonic()
        worker.tasks.append(task)
        return True

    def _collect(self, run: _Run) -> None:
        """Wait for a result or a deadline; record results, kill and replace workers that overran."""
        busy = [w for w in self._workers if w.tasks]
        if not busy:
            return
        timeout = max(0.0, min(w.deadline() for w in busy) - time.monotonic())
        ready = wait([w.conn for w in busy], timeout=timeout)
        for worker in busy:
            if worker not in self._workers:
                continue  # given up on while handling another worker
            if worker.conn in ready:
                self._receive_all(worker, run)
            elif time.monotonic() >= worker.deadline():
                if not worker.ready:
                    self._failed_start(worker, run)
                    continue
                task = worker.tasks[0]
                self._replace(worker, run)
                self._finish(task, None, too_slow(task.limit), run, None)

    def _receive_all(self, worker: _Worker, run: _Run) -> None:
        """Every result the worker has sent so far (one wait() per batch of results, not per file)."""
        while worker in self._workers and worker.tasks:
            self._receive(worker, run)
            if worker not in self._workers or not worker.conn.poll(0):
                return

    def _receive(self, worker: _Worker, run: _Run) -> None:
        try:
            task_id, result, error = worker.conn.recv()
        except (EOFError, OSError):  # the process died: a crash or the memory limit
            if not worker.ready:
                self._failed_start(worker, run)
                return
            task = worker.tasks[0]
            worker.process.join(timeout=1.0)
            exitcode = worker.process.exitcode
            self._replace(worker, run)
            self._finish(task, None, crashed(exitcode), run, None)
            return
        if task_id == _READY:
            worker.ready, worker.started = True, time.monotonic()
            return
        task = worker.tasks.popleft()
        worker.started = time.monotonic()  # the worker began its next queued task just now
        if task.id == task_id:
            self._finish(task, result, error, run, worker)

    def _analysing(self, run: _Run) -> bool:
        """Analysis tasks of this run still waiting or running (a worker's queue is a few tasks)."""
        return any(w.backlog or any(t.kind == _ANALYSE and not t.abandoned for t in w.tasks)
                   for w in self._workers)

    def _finish(self, task: _Task, result: Any, error: str, run: _Run, worker: _Worker | None) -> None:
        """Record a task's result; a file read by `worker` gets its analysis tasks queued for that worker."""
        if task.abandoned:  # a task of an earlier read() that stopped early
            return
        if task.kind == _ANALYSE:
            if result is not None and result.rows:
                run.analysed.append(result)
            return
        run.done[task.index] = (task.path, result, error)
        if run.wanted is not None and result is not None and worker is not None:
            worker.backlog.extend(analysis_tasks(task, result.articles, run.wanted, self._ids, run.outlet))

    def _replace(self, worker: _Worker, run: _Run, blameless: bool = False) -> None:
        """Kill a worker; its queued tasks go back to the front of their queues (the first one too
        when `blameless`: it was never started)."""
        with contextlib.suppress(OSError, ValueError):
            worker.process.kill()
        worker.process.join(timeout=2.0)
        worker.conn.close()
        self._workers.remove(worker)
        # Its files not yet read go back to the queue (a later worker's may have gone back first: keep
        # file order); its analyses are dropped, as the articles they need died with it.
        queued = [t for t in list(worker.tasks)[0 if blameless else 1:] if not t.abandoned and t.kind == _READ]
        back = sorted([*run.waiting, *queued], key=lambda t: t.index)
        run.waiting.clear()
        run.waiting.extend(back)

    def _failed_start(self, worker: _Worker, run: _Run) -> None:
        """A worker that never became ready: no file is to blame; after BOOT_FAILURES, stop using processes."""
        self._replace(worker, run, blameless=True)
        self._boot_failures += 1
        if self._boot_failures >= BOOT_FAILURES:
            for other in list(self._workers):
                self._replace(other, run, blameless=True)  # their files are read again, here
            self._in_process = True


# --- one shared pool --------------------------------------------------------------------------

_shared: ReaderPool | None = None
_shared_lock = threading.Lock()


def warm_up() -> None:
    """Start the shared pool's workers ahead of an import, unless an import is using it."""
    global _shared
    if _shared_lock.acquire(blocking=False):
        try:
            if _shared is None:
                _shared = ReaderPool()
            _shared.start()
        finally:
            _shared_lock.release()


@contextlib.contextmanager
def reader_pool() -> Iterator[ReaderPool]:
    """The app's pool of reader processes, or a private one while another import holds it."""
    global _shared
    if _shared_lock.acquire(blocking=False):
        try:
            if _shared is None:
                _shared = ReaderPool()
            yield _shared
        finally:
            _shared_lock.release()
        return
    private = ReaderPool()
    try:
        yield private
    finally:
        private.close()


@atexit.register
def shutdown() -> None:
    """Stop the shared pool's workers (also run at exit)."""
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None
