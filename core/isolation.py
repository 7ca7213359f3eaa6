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
from typing import Any

from core.model import ReadError, ReadResult

READ_SECONDS = 10.0
SECONDS_PER_MB = 1.0
# One core is left to the importer itself (the store, the window): on two cores a second
# reader only competes with it (measured: slower), from four cores up two readers are faster.
WORKERS = max(1, min(2, (os.cpu_count() or 1) - 1))
WORKER_MEMORY = 3 * 2**30
# Files handed to one worker ahead of its current one: keeps it busy while the importer writes.
QUEUE_PER_WORKER = 8
# How far ahead of the file the importer waits for reading may run (bounds memory held).
LOOKAHEAD = 32
# What a worker calls, as "module:function"; tests point it at a deliberately hostile reader.
READER = "core.readers:read_file"

Job = tuple[Path, str]                      # (path, folder source)
Outcome = tuple[Path, "ReadResult | None", str]  # (path, result, reason when result is None)

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
    """Read files sent as (task id, path, folder source, reader) until the pipe closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle, not ours
    _limit_memory(memory)
    for module in _PRELOAD:  # while the importer is still listing folders, not on the first file
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    conn.send((_READY, None, ""))  # time limits count from here, not from a slow start-up
    readers: dict[str, Callable[..., ReadResult]] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, path, folder_source, reader = message
        if reader not in readers:
            readers[reader] = _resolve(reader)
        reply = _read_one(readers[reader], path, folder_source)
        try:
            conn.send((task_id, *reply))
        except (EOFError, OSError):
            return
        except Exception:  # noqa: BLE001 - e.g. MemoryError while pickling a huge export
            conn.send((task_id, None, "the file is too large to read with the memory available"))


def _read_one(reader: Callable[..., ReadResult], path: str, folder_source: str) -> tuple[ReadResult | None, str]:
    try:
        return reader(Path(path), folder_source), ""
    except ReadError as exc:
        return None, exc.reason
    except MemoryError:
        return None, "the file is too large to read with the memory available"
    except Exception as exc:  # noqa: BLE001 - a reader bug costs one file, never the worker
        return None, f"unexpected error while reading ({type(exc).__name__}: {exc})"


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


def _resolve(spec: str) -> Callable[..., ReadResult]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def read_in_process(path: Path, folder_source: str) -> tuple[ReadResult | None, str]:
    """Read one file here, without a time limit (the fallback when workers cannot start)."""
    return _read_one(_resolve(READER), str(path), folder_source)


# --- the pool ------------------------------------------------------------------------------------

@dataclass
class _Task:
    id: int
    index: int
    path: Path
    folder_source: str
    limit: float
    abandoned: bool = False   # its read() stopped early: the result is thrown away


@dataclass
class _Worker:
    process: Any
    conn: Connection
    tasks: deque[_Task] = field(default_factory=deque)
    ready: bool = False       # it has loaded the readers and said so
    born: float = field(default_factory=time.monotonic)
    started: float = 0.0      # when the first task in `tasks` began (once ready)

    def deadline(self) -> float:
        if not self.ready:
            return self.born + BOOT_SECONDS
        return self.started + self.tasks[0].limit if self.tasks else float("inf")


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
        jobs = list(jobs)
        if not jobs:
            return
        waiting: deque[_Task] = deque()
        done: dict[int, Outcome] = {}
        next_index = 0
        try:
            for index, (path, source) in enumerate(jobs):
                waiting.append(_Task(next(self._ids), index, Path(path), source, time_limit(path)))
            while next_index < len(jobs):
                if next_index in done:
                    yield done.pop(next_index)
                    next_index += 1
                    continue
                if self._in_process or not self._ensure_workers():
                    task = waiting.popleft()
                    done[task.index] = (task.path, *read_in_process(task.path, task.folder_source))
                    continue
                self._dispatch(waiting, next_index + LOOKAHEAD)
                self._collect(done, waiting)
        finally:
            for worker in self._workers:  # read() stopped early: what is still being read is not wanted
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

    def _dispatch(self, waiting: deque[_Task], before: int) -> None:
        """Hand waiting tasks to the least busy workers, never past index `before`."""
        while waiting and waiting[0].index < before:
            worker = min(self._workers, key=lambda w: len(w.tasks))
            if len(worker.tasks) >= QUEUE_PER_WORKER:
                return
            task = waiting.popleft()
            try:
                worker.conn.send((task.id, str(task.path), task.folder_source, READER))
            except (OSError, ValueError):  # the worker died since we last looked: collect will see
                waiting.appendleft(task)
                return
            if not worker.tasks:
                worker.started = time.monotonic()
            worker.tasks.append(task)

    def _collect(self, done: dict[int, Outcome], waiting: deque[_Task]) -> None:
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
                self._receive_all(worker, done, waiting)
            elif time.monotonic() >= worker.deadline():
                if not worker.ready:
                    self._failed_start(worker, waiting)
                    continue
                task = worker.tasks[0]
                self._replace(worker, waiting)
                self._finish(task, None, too_slow(task.limit), done)

    def _receive_all(self, worker: _Worker, done: dict[int, Outcome], waiting: deque[_Task]) -> None:
        """Every result the worker has sent so far (one wait() per batch of results, not per file)."""
        while worker in self._workers and worker.tasks:
            self._receive(worker, done, waiting)
            if worker not in self._workers or not worker.conn.poll(0):
                return

    def _receive(self, worker: _Worker, done: dict[int, Outcome], waiting: deque[_Task]) -> None:
        try:
            task_id, result, error = worker.conn.recv()
        except (EOFError, OSError):  # the process died: a crash or the memory limit
            if not worker.ready:
                self._failed_start(worker, waiting)
                return
            task = worker.tasks[0]
            worker.process.join(timeout=1.0)
            exitcode = worker.process.exitcode
            self._replace(worker, waiting)
            self._finish(task, None, crashed(exitcode), done)
            return
        if task_id == _READY:
            worker.ready, worker.started = True, time.monotonic()
            return
        task = worker.tasks.popleft()
        worker.started = time.monotonic()  # the worker began its next queued file just now
        if task.id == task_id:
            self._finish(task, result, error, done)

    def _finish(self, task: _Task, result: ReadResult | None, error: str, done: dict[int, Outcome]) -> None:
        if not task.abandoned:
            done[task.index] = (task.path, result, error)

    def _replace(self, worker: _Worker, waiting: deque[_Task], blameless: bool = False) -> None:
        """Kill a worker; its queued files go back to the front of the queue (the first one too
        when `blameless`: it was never started)."""
        with contextlib.suppress(OSError, ValueError):
            worker.process.kill()
        worker.process.join(timeout=2.0)
        worker.conn.close()
        self._workers.remove(worker)
        queued = [t for t in list(worker.tasks)[0 if blameless else 1:] if not t.abandoned]
        waiting.extendleft(reversed(queued))
        waiting_sorted = sorted(waiting, key=lambda t: t.index)  # a later worker's files may have gone back first
        waiting.clear()
        waiting.extend(waiting_sorted)

    def _failed_start(self, worker: _Worker, waiting: deque[_Task]) -> None:
        """A worker that never became ready: no file is to blame; after BOOT_FAILURES, stop using processes."""
        self._replace(worker, waiting, blameless=True)
        self._boot_failures += 1
        if self._boot_failures >= BOOT_FAILURES:
            for other in list(self._workers):
                self._replace(other, waiting, blameless=True)  # their files are read again, here
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
