"""Render the main window on the bundled demo articles to docs/screenshot.png (offscreen).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot.py [OUTPUT.png]
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from core.demo import ensure_demo_store  # noqa: E402
from core.library import Library  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs" / "screenshot.png"
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp, Library.open(ensure_demo_store(Path(tmp) / "demo.db")) as library:
        window = MainWindow(library)
        window.resize(1400, 860)
        window.show()
        window.table.selectRow(2)
        app.processEvents()
        window.grab().save(str(target))
        window.close()
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
