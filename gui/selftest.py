"""`triangulate --selftest`: prove an installed or frozen copy works, end to end, without a screen.

It opens the main window offscreen, imports the bundled demo articles into a temporary library,
compares their story, exports the report as HTML and PDF to temporary files, and exits 0; any
failure prints the step and the reason and exits 1. Nothing outside the temporary folder is
touched (the editor's own library and settings are never opened).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STEP_TIMEOUT = 120.0


def run_selftest() -> int:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"     # no screen needed, none assumed
    step = "start"
    window = None
    try:
        with tempfile.TemporaryDirectory(prefix="triangulate-selftest-") as tmp:
            folder = Path(tmp)
            step = "open the window"
            from gui.app import make_application
            app = make_application()
            from PySide6.QtCore import QSettings

            from core.demo import demo_articles_dir
            from core.library import Library
            from gui.main_window import MainWindow
            from gui.settings import Settings

            library = Library.open(folder / "selftest.db")   # closed by _close, through the window
            settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
            window = MainWindow(library, settings)
            window.resize(1400, 900)
            window.show()
            step = "import the demo articles"
            window.import_paths([str(demo_articles_dir())])
            _wait(app, lambda: window._import is not None and window._import.worker is not None
                  and not window._import.is_running() and window.library.articles.count() > 0)
            count = window.library.articles.count()
            if count < 3:
                raise RuntimeError(f"only {count} demo articles were imported")
            step = "compare a story"
            _wait(app, lambda: window.comparison is not None)
            comparison = window.comparison
            assert comparison is not None
            counts = comparison.counts()
            if counts["factual"] == 0:
                raise RuntimeError("the demo story showed no factual difference")
            step = "export the report"
            for suffix in ("html", "pdf", "csv"):
                written = window.export_to(str(folder / f"report.{suffix}"))
                if written is None or written.stat().st_size < 500:
                    raise RuntimeError(f"the {suffix.upper()} report was not written")
            step = "close"
            _close(window)
            window = None
    except Exception as exc:  # noqa: BLE001 - the self-test reports every failure the same way
        print(f"selftest failed at '{step}': {type(exc).__name__}: {exc}", file=sys.stderr)
        if window is not None:
            _close(window)
        return 1
    print(f"selftest passed: {count} articles imported, story of {len(comparison.articles)} compared "
          f"({counts['factual']} factual, {counts['wording']} wording, {counts['cosmetic']} cosmetic), "
          "HTML, PDF and CSV reports written")
    return 0


def _close(window: object) -> None:
    window.close()            # type: ignore[attr-defined]  (stops the background workers)
    window.library.close()    # type: ignore[attr-defined]


def _wait(app: object, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {STEP_TIMEOUT:.0f} s")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)
