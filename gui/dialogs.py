"""Small dialogs of the main window: About, Keyboard shortcuts, store problems."""
from __future__ import annotations

import html
import sqlite3
import sys
from collections.abc import Sequence

import PySide6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)



def app_version() -> str:
    try:
        from importlib.metadata import version
        return version("triangulate")
    except Exception:  # noqa: BLE001 - a source checkout without metadata still has an About box
        return "development"


def about(parent: QWidget, store_path: str) -> None:
    libraries = [("Python", sys.version.split()[0]), ("PySide6 (Qt)", PySide6.__version__),
                 ("SQLite", sqlite3.sqlite_version)]
    for name in ("diff_match_patch", "rapidfuzz", "trafilatura"):
        libraries.append((name.replace("_", "-"), _module_version(name)))
    rows = "".join(f"<tr><td>{html.escape(n)}</td><td>&nbsp;{html.escape(v)}</td></tr>" for n, v in libraries)
    QMessageBox.about(
        parent, "About Triangulate",
        f"<h3>Triangulate {html.escape(app_version())}</h3>"
        "<p>Compares how different outlets report the same event: aligned sentences, shared quotes, "
        "factual and textual differences. Works fully offline.</p>"
        f"<p><b>Store:</b> {html.escape(store_path)}</p><table>{rows}</table>")


def _module_version(name: str) -> str:
    try:
        from importlib.metadata import version
        return version(name.replace("_", "-"))
    except Exception:  # noqa: BLE001
        return "—"


class ShortcutsDialog(QDialog):
    """Every action that has a shortcut, as the menus define them (one source of truth)."""

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [(a.text().replace("&", "").rstrip("…."), ", ".join(s.toString() for s in a.shortcuts()))
                for a in actions if a.shortcuts()]
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Alt+Down / Alt+Up move between differences, as in Meld and WinMerge."))
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(460, 520)
