"""Render the main window with the demo story open to docs/screenshot.png (offscreen, 1400x900).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py [OUTPUT.png] [--dark]
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402

from core.demo import ensure_demo_store  # noqa: E402
from core.library import Library  # noqa: E402
from gui.app import make_application  # noqa: E402


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"
    app = make_application()
    from gui.main_window import MainWindow
    from gui.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        library = Library.open(ensure_demo_store(Path(tmp) / "demo.db"))
        window = MainWindow(library, settings)
        window.resize(1400, 900)
        window.show()
        if "--dark" in sys.argv:
            window.set_theme("dark")
        deadline = time.monotonic() + 20
        while window.comparison is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        window.next_difference()
        window.next_difference()
        for _ in range(10):
            app.processEvents()
        window.grab().save(str(target))
        window.close()
        library.close()
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
