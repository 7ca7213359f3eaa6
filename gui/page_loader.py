"""Reads pages of story rows on a background thread, so scrolling the library never waits on the store.

The story list asks for a page (200 stories) before the view reaches it; this loader reads it with
its OWN read-only connection (an sqlite3 connection belongs to the thread that made it; the store
is WAL, so a reader never blocks the writer nor waits for it) and hands the rows back through a
queued signal, so the model only ever changes in the GUI thread.

The newest request is served first: after a jump to the middle of the list, the page the editor
is looking at comes before the pages they scrolled past. The connection is closed after a short
idle spell, so a loader never keeps a store file open for long.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from core import story_queries as q

_log = logging.getLogger(__name__)

IDLE_S = 2.0            # close the reader after this long without requests
MAX_QUEUED = 24         # older requests beyond this are dropped (the model asks again if still needed)


class _Shared:
    """State shared with the thread; holds no Qt object, so the thread never touches a deleted one."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Condition()
        self.queue: list[tuple[int, int, list[int]]] = []      # (generation, page, ids); newest last
        self.stop = False
        self.emit = None      # the signal bridge's emit functions, cleared on close


class PageLoader(QObject):
    """`request(generation, page, ids)`; answers with `loaded(generation, page, {id: StoryRow})`.

    `failed(generation, page, message)` when the page could not be read; `dropped(generation, page)`
    when a request was pushed out of the queue by newer ones.
    """

    loaded = Signal(int, int, object)
    failed = Signal(int, int, str)
    dropped = Signal(int, int)

    def __init__(self, path: str, parent: QObject | None = None, idle_s: float = IDLE_S) -> None:
        super().__init__(parent)
        self._shared = _Shared(path)
        self._shared.emit = (self.loaded.emit, self.failed.emit, self.dropped.emit)
        self._idle_s = idle_s
        self._thread: threading.Thread | None = None
        self.pages_read = 0           # pages read on the background thread (tests and benchmarks count them)
        self.destroyed.connect(_stopper(self._shared))

    def request(self, generation: int, page: int, ids: Sequence[int]) -> None:
        shared = self._shared
        with shared.lock:
            if shared.stop:
                return
            shared.queue = [item for item in shared.queue if item[:2] != (generation, page)]
            shared.queue.append((generation, page, list(ids)))
            pushed_out = shared.queue[:-MAX_QUEUED]
            del shared.queue[:-MAX_QUEUED]
            shared.lock.notify()
        for old_generation, old_page, _ in pushed_out:
            self.dropped.emit(old_generation, old_page)
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=_run, args=(shared, self._idle_s, self._count),
                                            name="triangulate-pages", daemon=True)
            self._thread.start()

    def forget(self, generation: int) -> None:
        """Drop queued requests older than `generation` (the list was reloaded)."""
        with self._shared.lock:
            self._shared.queue = [item for item in self._shared.queue if item[0] >= generation]

    def close(self, wait: float = 1.0) -> None:
        """Stop the thread (it closes its connection); pending requests are dropped."""
        _stopper(self._shared)()
        if self._thread is not None:
            self._thread.join(wait)

    def idle(self) -> bool:
        with self._shared.lock:
            return not self._shared.queue

    def _count(self) -> None:
        self.pages_read += 1


def _stopper(shared: _Shared):  # noqa: ANN202 - a slot closure that holds no Qt object
    def stop(*_args: object) -> None:
        with shared.lock:
            shared.stop = True
            shared.emit = None
            shared.queue.clear()
            shared.lock.notify()
    return stop


def _run(shared: _Shared, idle_s: float, count) -> None:  # noqa: ANN001
    conn = None
    try:
        while True:
            with shared.lock:
                if not shared.queue and not shared.stop:
                    shared.lock.wait(idle_s)
                if shared.stop:
                    return
                if not shared.queue:
                    if conn is not None:          # idle: let the store file go
                        conn.close()
                        conn = None
                    continue
                generation, page, ids = shared.queue.pop()      # the newest first
            try:
                if conn is None:
                    conn = q.reader(shared.path)
                rows = q.story_rows_packed(conn, ids)
                outcome = (0, (generation, page, rows))
            except Exception as exc:        # noqa: BLE001 - a failed read shows blanks, never kills the app
                _log.warning("library page %s could not be read: %s", page, exc)
                outcome = (1, (generation, page, str(exc)))
                if conn is not None:
                    conn.close()
                    conn = None
            with shared.lock:
                emit = shared.emit
            if emit is None:
                return
            try:
                count()
                emit[outcome[0]](*outcome[1])
            except RuntimeError:            # the loader's Qt object is gone (its view closed)
                return
    finally:
        if conn is not None:
            conn.close()
