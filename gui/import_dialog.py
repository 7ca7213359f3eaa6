"""The import dialog: progress while an import runs, then a summary the editor can copy from.

Choosing what to import lives here too (choose_files, choose_folder), so the menu actions and
the drop target all end in the same dialog.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent, QFont, QFontDatabase, QGuiApplication, QResizeEvent, QTextOption,
)
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from gui.palette import theme
from gui.workers import BackgroundImport, ImportOutcome

IMPORT_EXTENSIONS = ("txt", "md", "html", "htm", "json", "jsonl", "xml", "rss", "atom", "pdf", "docx")
FILE_FILTER = (
    "Articles (" + " ".join(f"*.{ext}" for ext in IMPORT_EXTENSIONS) + ");;"
    "Text and Markdown (*.txt *.md);;Web pages (*.html *.htm);;"
    "Feeds and exports (*.json *.jsonl *.xml *.rss *.atom);;Documents (*.pdf *.docx);;All files (*)"
)
REPORT_LINES_SHOWN = 6
MAX_WIDTH = 860  # wider than this and the dialog stops looking like a dialog; reasons wrap instead

_last_folder: list[str] = []  # where the previous file dialog ended, so the next one starts there


def choose_files(parent: QWidget | None = None) -> list[str]:
    """Ask for article files; an empty list when the editor cancels."""
    paths, _ = QFileDialog.getOpenFileNames(parent, "Import articles", _start_folder(), FILE_FILTER)
    if paths:
        _last_folder[:] = [str(Path(paths[0]).parent)]
    return list(paths)


def choose_folder(parent: QWidget | None = None) -> str | None:
    """Ask for a folder to import (read with its subfolders); None when the editor cancels."""
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder of articles", _start_folder())
    if not folder:
        return None
    _last_folder[:] = [folder]
    return folder


def _start_folder() -> str:
    return _last_folder[0] if _last_folder else str(Path.home())


class ElidedLabel(QLabel):
    """A one-line label that elides its text in the middle, so a path keeps its file name visible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setMinimumWidth(120)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), self.minimumWidth())
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


class ImportDialog(QDialog):
    """Shows one import: a bar, the current file and "N of M" while it runs, then the summary.

    Use attach(background_import) before starting it, or drive it by hand with set_progress() and
    show_outcome(). Closing it while the import runs asks the import to stop instead."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import articles")
        self.setMinimumWidth(540)
        self._background: BackgroundImport | None = None
        self.outcome: ImportOutcome | None = None
        self._build()
        self._show_running()

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        secondary = f"color: {theme().secondary};"
        self.heading = QLabel("Importing…")
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.15)
        heading_font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(heading_font)
        self.current = ElidedLabel()
        self.current.setStyleSheet(secondary)
        self.count = QLabel("")
        self.count.setStyleSheet(secondary)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)  # busy until the total is known
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label = QLabel("")
        self.report_label.setStyleSheet(secondary)
        self.report = self._report_view()
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the list of files that could not be imported")
        self.copy_button.clicked.connect(self.copy_report)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.request_cancel)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.accept)
        self.setLayout(self._layout())

    def _report_view(self) -> QPlainTextEdit:
        view = QPlainTextEdit()
        view.setReadOnly(True)
        # Long reasons wrap on screen only; the copied text keeps one "path: reason" line per file.
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        view.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        lines = view.fontMetrics().lineSpacing() * REPORT_LINES_SHOWN
        view.setMinimumHeight(lines // 2)
        view.setMaximumHeight(lines + 2 * view.frameWidth() + 8)
        return view

    def _layout(self) -> QVBoxLayout:
        status = QHBoxLayout()
        status.addWidget(self.current, 1)
        status.addSpacing(12)
        status.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout()
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.bar)
        layout.addLayout(status)
        layout.addWidget(self.summary)
        layout.addSpacing(4)
        layout.addWidget(self.report_label)
        layout.addWidget(self.report)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        return layout

    # --- driving it ---------------------------------------------------------------------------

    def attach(self, background: BackgroundImport) -> None:
        """Follow a BackgroundImport (connect before its start()); Cancel will cancel it."""
        self._background = background
        background.progress.connect(self.set_progress)
        background.grouping.connect(self.show_grouping)
        background.finished.connect(self.show_outcome)

    @property
    def finished_import(self) -> bool:
        return self.outcome is not None

    def set_progress(self, done: int, total: int, path: str) -> None:
        if self.outcome is not None:
            return  # a late progress signal must not overwrite the summary
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.count.setText(f"{done} of {total}")
        self.current.set_full_text(path)

    def show_grouping(self, articles: int) -> None:
        """The files are stored; the new articles are being placed into stories (seconds in a large
        library, with no per-file progress): say so, rather than sit at "N of N" looking stuck."""
        if self.outcome is not None:
            return
        self.heading.setText(f"Grouping {articles:,} new article{'s' if articles != 1 else ''} into stories…")
        self.bar.setRange(0, 0)         # busy: grouping has no steps to count
        self.count.setText("")
        self.current.set_full_text("Every article is saved. In a large library grouping takes a few seconds.")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip("The articles are saved already; grouping them finishes on its own.")

    def request_cancel(self) -> None:
        """Stop after the current file; what was imported so far stays in the library."""
        if self.outcome is not None:
            return
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.heading.setText("Cancelling after the current file…")
        if self._background is not None:
            self._background.cancel()
        self.cancel_requested.emit()

    def show_outcome(self, outcome: ImportOutcome) -> None:
        """Turn the dialog into the summary of a finished import."""
        self.outcome = outcome
        self.heading.setText(_heading(outcome))
        self.summary.setText(outcome.summary_text())
        report = outcome.report_text()
        self.report.setPlainText(report)
        if report:
            count = len(outcome.failed)
            self.report_label.setText(
                f"{count} file{'s' if count != 1 else ''} could not be imported:" if count else "What went wrong:")
        self._show_finished(bool(report))
        if report:
            self._widen_for(report)
        self.close_button.setFocus()

    def _widen_for(self, report: str) -> None:
        longest = max((self.report.fontMetrics().horizontalAdvance(line) for line in report.splitlines()), default=0)
        wanted = longest + 2 * self.layout().contentsMargins().left() + 40  # frame, margins and scroll bar
        self.resize(max(self.width(), min(wanted, MAX_WIDTH)), self.height())

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText("Copied")

    # --- states -------------------------------------------------------------------------------

    def _show_running(self) -> None:
        for widget in (self.summary, self.report_label, self.report, self.copy_button, self.close_button):
            widget.hide()
        self.cancel_button.setDefault(True)

    def _show_finished(self, has_report: bool) -> None:
        for widget in (self.bar, self.current, self.count, self.cancel_button):
            widget.hide()
        self.summary.show()
        for widget in (self.report_label, self.report, self.copy_button):
            widget.setVisible(has_report)
        self.close_button.show()
        self.close_button.setDefault(True)
        self.adjustSize()

    # --- closing ------------------------------------------------------------------------------

    def reject(self) -> None:
        # Esc or the window's close button while importing means "stop", not "hide and keep going".
        if self.outcome is None:
            self.request_cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.outcome is None:
            event.ignore()
            self.request_cancel()
            return
        super().closeEvent(event)


def _heading(outcome: ImportOutcome) -> str:
    if outcome.error and not outcome.imported:
        return "Import failed"
    if outcome.cancelled:
        return "Import cancelled"
    if outcome.failed or outcome.error:
        return "Import finished with problems"
    return "Import finished"
