"""Start the desktop app: QApplication, the store, the main window."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

from core.library import Library, LibraryError

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


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Triangulate")
    app.setOrganizationName("Triangulate")
    app.setStyle("Fusion")        # one look on every system; the palette comes from gui.palette
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> "QIcon":
    from PySide6.QtGui import QIcon

    from core.resources import resource_path

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = resource_path("icons", f"triangulate-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def open_library(db_path: str | None, demo: bool) -> tuple[Library, str]:
    """The store to open and a hint for the status bar.

    No store named and none used before: the demo store, with a hint on importing. A store that
    cannot be opened (not SQLite, a newer schema, unreadable) is left untouched; the editor is told
    why and the demo store opens instead, so the window still comes up.
    """
    from core.demo import ensure_demo_store
    from gui.main_window import FIRST_START_HINT
    from gui.settings import Settings

    if demo:
        return Library.open(ensure_demo_store()), FIRST_START_HINT
    chosen = db_path or Settings().text("store/last", "")
    if chosen and (db_path or Path(chosen).exists()):
        try:
            return Library.open(chosen), ""
        except LibraryError as exc:
            QMessageBox.warning(None, "Triangulate", f"{exc}\n\nThe demo library opens instead.")
    return Library.open(ensure_demo_store()), FIRST_START_HINT


def _report_unexpected(kind: type[BaseException], error: BaseException, trace: object) -> None:
    """A bug must not take the window down silently: log it, tell the editor their work is safe."""
    import logging
    import traceback

    logging.getLogger("triangulate").error("".join(traceback.format_exception(kind, error, trace)))  # type: ignore[arg-type]
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "Triangulate", f"Something went wrong: {error}\n\nYour library is saved as it "
                             "was after your last change. Please report this with what you were doing.")


def run_app(db_path: str | None = None, demo: bool = False) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    app = make_application()
    from gui.main_window import MainWindow   # after QApplication: widgets need it, and --help stays fast

    try:
        library, hint = open_library(db_path, demo)
    except LibraryError as exc:
        QMessageBox.critical(None, "Triangulate", str(exc))
        return 1
    sys.excepthook = _report_unexpected
    window = MainWindow(library, hint=hint, deferred=True)
    window.show()
    code = app.exec()
    window.library.close()
    return int(code)
