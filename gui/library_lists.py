"""The library's item views: the lazy story (and source) tree, the article list, and how each is set up.

The views stay cheap with 50,000 rows: rows far from the viewport are never measured, scrolling is
per item where heights vary, and an empty list says so in words.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QRegion
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QStyledItemDelegate, QTreeView

from gui.library_delegates import ArticleLineDelegate, StoryDelegate
from gui.library_style import chrome

MODES = ("stories", "sources", "articles")   # the column's views, in the order of its stack; search results follow
Index = QModelIndex | QPersistentModelIndex


class EmptyHint:
    """Draws a short sentence in an empty list, so "nothing here" never looks like "still loading"."""

    empty_text = ""

    def _paint_empty(self, view: QAbstractItemView) -> None:
        model = view.model()
        if model is None or model.rowCount() or not self.empty_text:
            return
        painter = QPainter(view.viewport())
        painter.setPen(QColor(chrome()["faint"]))
        painter.drawText(view.viewport().rect().adjusted(12, 16, -12, -12),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         self.empty_text)
        painter.end()


class LayoutWhenShown:
    """Lays the rows out when the view is shown, not each time Qt asks while it is hidden.

    Qt lays every row out again, at once, on each style change of the view and of its header, and
    building the column sends several (its style sheet, then being put into the window): with
    30,000 stories or 100,000 articles each of those walks every row through the Python model
    (0.1-0.2 s each). While the view is hidden such a layout is only scheduled; Qt runs the
    scheduled layout itself when the view is shown or painted (its delayed-layout machinery).
    """

    def doItemsLayout(self) -> None:
        if not self.isVisible():
            self.scheduleDelayedItemsLayout()
            return
        super().doItemsLayout()


class StoryTree(LayoutWhenShown, EmptyHint, QTreeView):
    """A tree whose rows differ in height, kept cheap for very long lists.

    With rows of varying height Qt finds a row's position by adding up the heights of every row
    between it and the top of the viewport, and each height means fetching that row. Selection
    repaints ask for exactly that (the row that lost the selection may be 30,000 rows away), so
    rows far from the viewport answer "not visible" and selection changes repaint the viewport.
    """

    NEAR = 150   # rows either side of the viewport that still get an exact rectangle

    def visualRect(self, index: Index) -> QRect:
        if index.isValid() and not self._near_viewport(index):
            return QRect()
        return super().visualRect(index)

    def visualRegionForSelection(self, selection) -> QRegion:  # noqa: ANN001 - QItemSelection
        return QRegion(self.viewport().rect())

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        # Qt repaints the previous current row through its private (non-overridable) rectangle lookup,
        # which measures every row in between; a row far off screen needs no repaint anyway.
        if previous.isValid() and not self._near_viewport(previous):
            previous = QModelIndex()
        super().currentChanged(current, previous)

    def _near_viewport(self, index: Index) -> bool:
        top = self.indexAt(QPoint(1, 1))
        if not top.isValid():
            return True

        def top_row(i: Index) -> int:
            return i.parent().row() if i.parent().isValid() else i.row()

        return abs(top_row(index) - top_row(top)) <= self.NEAR

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - Qt event
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # Titles wrap to the width, so row heights change with it; Qt keeps old heights otherwise.
            self.scheduleDelayedItemsLayout()

    def paintEvent(self, event) -> None:  # noqa: ANN001
        super().paintEvent(event)
        self._paint_empty(self)


class ArticleList(LayoutWhenShown, EmptyHint, QListView):
    def paintEvent(self, event) -> None:  # noqa: ANN001
        super().paintEvent(event)
        self._paint_empty(self)


# --- setting the views up -------------------------------------------------------------------------------

def set_up_list(view: EmptyHint | QAbstractItemView, name: str, model: QAbstractItemModel,
                delegate: Callable[[QAbstractItemView], QStyledItemDelegate], accessible: str,
                empty_text: str = "") -> None:
    """What every list of the column shares: names, model, delegate, no frame, no horizontal bar, own menu."""
    view.setObjectName(name)
    view.empty_text = empty_text
    view.setModel(model)
    view.setItemDelegate(delegate(view))
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setAccessibleName(accessible)


def _lazy_tree(name: str, model: QAbstractItemModel, delegate: Callable[[QAbstractItemView], QStyledItemDelegate],
               accessible: str, empty_text: str) -> StoryTree:
    tree = StoryTree()
    set_up_list(tree, name, model, delegate, accessible, empty_text)
    tree.setHeaderHidden(True)
    tree.setUniformRowHeights(False)
    # Per-item scrolling: per-pixel would measure every row (and so fetch every story) up front.
    tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
    return tree


def story_tree(model: QAbstractItemModel, accessible: str, empty_text: str) -> StoryTree:
    """Stories with their articles: several can be selected (to merge) and articles dropped on a story."""
    tree = _lazy_tree("stories", model, StoryDelegate, accessible, empty_text)
    tree.setRootIsDecorated(False)
    tree.setIndentation(0)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    tree.setDefaultDropAction(Qt.DropAction.MoveAction)
    tree.setDropIndicatorShown(True)
    tree.setAnimated(False)
    return tree


def source_tree(model: QAbstractItemModel, accessible: str, empty_text: str) -> StoryTree:
    """Outlets with their articles; articles can be dragged onto a story."""
    tree = _lazy_tree("sources", model, ArticleLineDelegate, accessible, empty_text)
    tree.setIndentation(14)
    tree.setDragEnabled(True)
    return tree


def article_list(model: QAbstractItemModel, accessible: str, empty_text: str) -> ArticleList:
    """Every article (the title column of the article table); articles can be dragged onto a story."""
    view = ArticleList()
    set_up_list(view, "articles", model, ArticleLineDelegate, accessible, empty_text)
    view.setModelColumn(1)
    # Uniform sizes: the list measures one row, not 100,000.
    view.setUniformItemSizes(True)
    view.setDragEnabled(True)
    return view
