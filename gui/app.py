"""Start the desktop app: QApplication, the store, the main window."""
from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from core.demo import ensure_demo_store
from core.library import Library, LibraryError
from gui.main_window import MainWindow

NO_DISPLAY = (
    "Triangulate needs a display to open its window, and none was found (DISPLAY and WAYLAND_DISPLAY are unset).\n"
    "Use the command line instead, for example:\n"
    "  python main.py import FOLDER     python main.py articles     python main.py search WORDS\n"
    "  (python main.py --help lists every command)"
)


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(db_path: str | None = None, demo: bool = False) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Triangulate")
    app.setOrganizationName("Triangulate")
    try:
        library = Library.open(ensure_demo_store() if demo else db_path)
    except LibraryError as exc:
        QMessageBox.critical(None, "Triangulate", str(exc))
        return 1
    window = MainWindow(library)
    window.show()
    code = app.exec()
    library.close()
    return int(code)
