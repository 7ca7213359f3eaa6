"""A lazy table of articles: holds only ids, fetches rows in pages and caches them."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, Qt

from core import story_queries
from core.library import Library
from core.records import ArticleSummary
from gui.library_models import ARTICLE_ID_ROLE, PAGE, ArticleDragMixin, Index, article_mime, read_or


class ArticleTableModel(ArticleDragMixin, QAbstractTableModel):
    COLUMNS = ("Outlet", "Title", "Date", "Words")

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._ids: list[int] = []
        self._cache: dict[int, ArticleSummary] = {}
        self._filter = story_queries.LibraryFilter()
        self.reload()

    def set_filter(self, flt: story_queries.LibraryFilter) -> None:
        """Show only the articles of one outlet and/or date range (the library column's filters)."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        if self._filter.is_empty:
            self._ids = self._library.articles.ids()
        else:
            flt = self._filter
            self._ids = story_queries.article_ids(self._library.store.conn, flt.source, flt.since, flt.until)
        self._cache.clear()
        self.endResetModel()

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

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
            page = self._ids[start:start + PAGE]
            self._cache.update(read_or({}, lambda: self._library.articles.summaries(page)))
        # An article deleted (or a store closed) since the ids were read shows blank, never raises into Qt.
        return self._cache.get(article_id) or ArticleSummary(article_id, "", "", "", "", "", 0)

    def summary(self, row: int) -> ArticleSummary:
        return self._summary(row)

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # type: ignore[override]
        return article_mime(list(dict.fromkeys(self._ids[i.row()] for i in indexes if i.isValid())))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        article = self._summary(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return (article.source, article.title, article.published or "—", article.word_count)[index.column()]
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{article.title}\n{article.source} · {article.published or 'no date'}\n{article.path}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
