"""Speed of the desktop app (issue 6 targets), offscreen, with a bare PySide6 window as the peer.

Run: .venv/bin/python tests/bench/bench_gui.py
Targets: cold start to a painted main window < 0.5 s median (the peer, a bare QWidget, is the
floor: Python + Qt start-up); opening a story of two 1,000-word articles < 200 ms to the first
paint of its comparison (analyses cached in the store as after an import; the comparison itself
computed in the background); scrolling never waits on the store (a 20,000-article library view
scrolled page by page, each step timed).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests" / "bench"))

RUNS = 5
CHILD = r"""
import sys, time
sys.path.insert(0, {project!r})
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            obj.removeEventFilter(self)
            if {bare!r}:
                QTimer.singleShot(0, QApplication.instance().quit)
        return False
def ready():
    print("ready", flush=True)
    QTimer.singleShot(0, QApplication.instance().quit)
if {bare!r}:
    app = QApplication(sys.argv)
    window = QWidget(); window.resize(1400, 900)
else:
    from gui.app import make_application
    app = make_application()
    from core.library import Library
    from gui.main_window import MainWindow
    window = MainWindow(Library.open({store!r}), deferred=True)   # as gui.app.run_app opens it
    window.ready.connect(ready)
watcher = Painted()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def cold_start(store: str, bare: bool) -> tuple[float, float]:
    """Seconds from launching the process to the window's first paint, and to its parts being ready."""
    script = CHILD.format(project=str(PROJECT), store=store, bare=bare)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    seen: dict[str, float] = {}
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, env=env) as child:
        assert child.stdout is not None
        for line in child.stdout:
            seen.setdefault(line.strip(), time.perf_counter() - started)
        child.wait(timeout=60)
    if "painted" not in seen:
        raise RuntimeError("the window never painted")
    return seen["painted"], seen.get("ready", seen["painted"])


def make_story_store(folder: Path) -> Path:
    from bench_compare import real_texts, variant

    from core.library import Library

    text, published = real_texts(900, 1100, 1)[0]
    for name, body in (("first.txt", text), ("second.txt", variant(text, 7))):
        (folder / name).write_text(f"title: {name}\nsource: Outlet {name[0].upper()}\ndate: {published[:10]}\n\n{body}",
                                   encoding="utf-8")
    store = folder / "story.db"
    with Library.open(store) as library:
        job = library.imports.start([folder / "first.txt", folder / "second.txt"])
        list(job)
        ids = [a.id for a in job.summary.imported]
        list(library.analyses.ensure(ids))
        list(library.stories.regroup())
    return store


def open_story_times(store: Path) -> tuple[list[float], list[float], int]:
    from PySide6.QtCore import QEventLoop, QTimer

    from core.library import Library
    from gui.app import make_application
    from gui.main_window import MainWindow

    app = make_application()
    library = Library.open(store)
    story = library.store.conn.execute(
        "SELECT story_id FROM story_articles GROUP BY story_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    words = sum(a.word_count for a in library.stories.get(story).articles)
    window = MainWindow(library)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    fresh, cached = [], []
    for run in range(RUNS):
        window.comparisons.forget() if hasattr(window.comparisons, "forget") else None
        for bucket in (fresh, cached):
            window._clear_story()
            app.processEvents()
            loop = QEventLoop()
            window.story_opened.connect(loop.quit)
            QTimer.singleShot(10_000, loop.quit)
            started = time.perf_counter()
            window.open_story(story)
            if window.comparison is None:
                loop.exec()
            window.compare_view.repaint()
            app.processEvents()
            bucket.append((time.perf_counter() - started) * 1000)
            window.story_opened.disconnect(loop.quit)
    window.close()
    library.close()
    return fresh, cached, words


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        from core.demo import ensure_demo_store

        demo = str(ensure_demo_store(folder / "demo.db"))
        cold_start(demo, False)                     # warm the file cache: a cold disk is not what we measure
        app_runs = [cold_start(demo, False) for _ in range(RUNS)]
        app_times, ready_times = [r[0] for r in app_runs], [r[1] for r in app_runs]
        bare_times = [cold_start(demo, True)[0] for _ in range(RUNS)]
        fresh, cached, words = open_story_times(make_story_store(folder))
    app_s, bare_s = statistics.median(app_times), statistics.median(bare_times)
    print(f"{'measure':<46} {'median':>10} {'target':>10}")
    print(f"{'cold start to painted main window (demo store)':<46} {app_s * 1000:>8.0f} ms {'< 500 ms':>10}"
          f"   bare PySide6 window {bare_s * 1000:.0f} ms, ratio {app_s / bare_s:.1f}x")
    print(f"{'  ... to library, story view and panel built':<46} {statistics.median(ready_times) * 1000:>8.0f} ms "
          f"{'':>10}   (the first story's comparison follows in the background)")
    print(f"{'open story, ' + str(words) + ' words, not cached':<46} {statistics.median(fresh):>8.0f} ms "
          f"{'< 200 ms':>10}   runs {', '.join(f'{t:.0f}' for t in fresh)}")
    print(f"{'open story again (comparison cached)':<46} {statistics.median(cached):>8.0f} ms {'< 200 ms':>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
