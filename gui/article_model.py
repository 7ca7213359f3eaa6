"""A lazy table of articles: holds only ids, fetches rows in pages and caches them."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from core.library import Library
from core.records import ArticleSummary

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    COLUMNS = ("Outlet", "Title", "Date", "Words")

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._ids: list[int] = []
        self._cache: dict[int, ArticleSummary] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._ids = self._library.articles.ids()
        self._cache.clear()
        self.endResetModel()

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def _summary(self, row: int) -> ArticleSummary:
        article_id = self._ids[row]
        if article_id not in self._cache:
            start = (row // PAGE) * PAGE
            self._cache.update(self._library.articles.summaries(self._ids[start:start + PAGE]))
        return self._cache[article_id]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        article = self._summary(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return (article.source, article.title, article.published or "—", article.word_count)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{article.title}\n{article.source} · {article.published or 'no date'}\n{article.path}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
