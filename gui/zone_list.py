"""The panel's lists: rows of headings and entries, where a click on an entry hits a zone.

An entry is a difference or a quote card; its zones (status chip, note icon, body) come from the
list's delegate, which answers `zone(rect, index, point)`. Both panel lists share this model and view
so they select, step and click alike.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QStyledItemDelegate, QWidget

from gui.palette import theme

ROW_ROLE = Qt.ItemDataRole.UserRole + 1       # the row itself (heading or entry)
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2     # the entry's index (difference or quote number), -1 on a heading
NOTE_ROLE = Qt.ItemDataRole.UserRole + 3      # the entry's note, "" on a heading

Index = QModelIndex | QPersistentModelIndex


class ZoneListModel(QAbstractListModel):
    """Rows of a panel list; a row's entry (`_entry`) has an `index` and a `note`, a heading has none."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def _entry(self, row: Any) -> Any:
        """The row's difference item or quote card; None for a heading."""
        raise NotImplementedError

    def _entry_data(self, row: Any, entry: Any, role: int) -> Any:
        """The roles that differ from list to list (display text, tooltip …)."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def row(self, number: int) -> Any:
        return self._rows[number]

    def entry_index(self, number: int) -> int:
        """The index of the entry on row `number`; -1 for a heading or a row that does not exist."""
        entry = self._entry(self._rows[number]) if 0 <= number < len(self._rows) else None
        return entry.index if entry is not None else -1

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Headings are neither selectable nor enabled, so arrow keys step over them.
        if not index.isValid() or self._entry(self._rows[index.row()]) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        entry = self._entry(row)
        if role == ROW_ROLE:
            return row
        if role == ENTRY_ROLE:
            return entry.index if entry is not None else -1
        if role == NOTE_ROLE:
            return entry.note if entry is not None else ""
        return self._entry_data(row, entry, role)


class ZoneListView(QListView):
    """A list whose rows have clickable zones (status chip, note icon, body), as the delegate says.

    `zone_clicked(index, zone, global_pos)` fires for every press on a selectable row; presses on the
    chip or the note icon do not move the selection. `moved(index)` fires when the keyboard moves
    the current row, so arrow keys walk through the differences as clicks do.
    """

    zone_clicked = Signal(QModelIndex, str, QPoint)
    moved = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.placeholder = ""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        index = self.indexAt(point)
        if event.button() != Qt.MouseButton.LeftButton or not index.isValid() or not (
                index.flags() & Qt.ItemFlag.ItemIsSelectable):
            super().mousePressEvent(event)
            return
        zone = self.itemDelegate().zone(self.visualRect(index), index, point)
        if zone == "body":
            super().mousePressEvent(event)
        self.zone_clicked.emit(index, zone, event.globalPosition().toPoint())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.currentIndex()
        super().keyPressEvent(event)
        after = self.currentIndex()
        if after.isValid() and after != before:
            self.moved.emit(after)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(theme().secondary))
            painter.drawText(self.viewport().rect().adjusted(16, 16, -16, -16),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             self.placeholder)


def zone_list(name: str, model: ZoneListModel,
              delegate: type[QStyledItemDelegate]) -> tuple[ZoneListView, QStyledItemDelegate]:
    """A ZoneListView named `name` over `model`, drawn (and hit-tested) by a new `delegate`."""
    view = ZoneListView()
    view.setObjectName(name)
    view.setModel(model)
    rows = delegate(view)
    view.setItemDelegate(rows)
    return view, rows
