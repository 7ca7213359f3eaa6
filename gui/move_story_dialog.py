"""The "Move to story" dialog: which story an article should move to, found by title."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, \
    QWidget

from core import story_queries as q
from core.library import Library


class MoveToStoryDialog(QDialog):
    """Asks which story an article should move to: a filter field over story titles, newest first."""

    def __init__(self, library: Library, article_title: str, exclude: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._exclude = exclude
        self.setWindowTitle(self.tr("Move to story"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter stories by title"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Move"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        prompt = QLabel(self.tr("Move “{0}” to:").format(article_title))
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._fill)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentItemChanged.connect(lambda *_: self._ok.setEnabled(self.chosen() is not None))
        self.resize(420, 420)
        self._fill("")

    def _fill(self, text: str) -> None:
        self.list.clear()
        for story_id, title in q.story_titles(self._library.store.conn, text.strip(), exclude=self._exclude):
            item = QListWidgetItem(title or self.tr("Untitled story"))
            item.setData(Qt.ItemDataRole.UserRole, story_id)
            self.list.addItem(item)
        self._ok.setEnabled(False)

    def choose(self, story_id: int) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == story_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
