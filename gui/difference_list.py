"""The differences list: its rows (group headings and items) and how an item is drawn and hit-tested.

An item shows its category's bar, a first line (the headline, two lines at most), a second line,
its status chip and note icon, and the editor's note under it. What is listed, in which groups,
comes from core.panel_items.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from core.panel_items import Group, Item
from gui.note_editor import (
    NOTE_ICON, NOTE_LINES, chip_size, note_box_height, paint_heading, paint_note_box, paint_note_icon,
    paint_status_chip, rich_tooltip, small_font, wrap_text,
)
from gui.palette import theme
from gui.zone_list import ENTRY_ROLE, NOTE_ROLE, ROW_ROLE, ZoneListModel

INDEX_ROLE = ENTRY_ROLE   # a row's difference index, -1 on a heading

BAR_X, TEXT_X, RIGHT = 10, 20, 10
FIRST_LINES = 2       # an explanation wraps to two lines at most; the tooltip shows all of it

__all__ = ["DiffRow", "DifferenceDelegate", "DifferenceModel", "INDEX_ROLE", "NOTE_ROLE", "ROW_ROLE"]


@dataclass(frozen=True)
class DiffRow:
    group: Group
    item: Item | None = None           # None: the group's heading


class DifferenceModel(ZoneListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._row_of: dict[int, int] = {}

    def set_groups(self, groups: list[Group]) -> None:
        self.beginResetModel()
        self._rows = []
        for group in groups:
            self._rows.append(DiffRow(group))
            self._rows += [DiffRow(group, item) for item in group.items]
        self._row_of = {r.item.index: n for n, r in enumerate(self._rows) if r.item is not None}
        self.endResetModel()

    def row_of(self, difference: int) -> int:
        return self._row_of.get(difference, -1)

    def difference_at(self, number: int) -> int:
        return self.entry_index(number)

    def _entry(self, row: DiffRow) -> Item | None:
        return row.item

    def _entry_data(self, row: DiffRow, item: Item | None, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return row.group.title if item is None else item.first
        if role == Qt.ItemDataRole.ToolTipRole and item is not None:
            note = f"\n\nNote: {item.note}" if item.note.strip() else ""
            return rich_tooltip(item.first + note)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.group.title if item is None else f"{item.first}. {item.second}. {item.status}"
        return None


# --- the list delegate ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _ItemGeometry:
    first: list[str]
    first_top: int
    second_top: int
    chip: QRect
    note_icon: QRect
    note_lines: list[str]
    note_box: QRect | None
    height: int


class DifferenceDelegate(QStyledItemDelegate):
    """Draws headings and items (bar, two lines, status chip, note icon, note box); `zone()` hit-tests."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view
        self._cache: dict[tuple[int, int], _ItemGeometry] = {}

    def reset(self) -> None:
        self._cache.clear()

    def _row(self, index: QModelIndex) -> DiffRow:
        # Straight from the model, not index.data(): PySide 6.12 mis-counts None coming back through
        # QModelIndex.data() from Python, which crashes the interpreter in the long run.
        return self._view.model().row(index.row())

    def _fonts(self) -> tuple[QFont, QFont]:
        base = self._view.font()
        return base, small_font(base, 0.92)

    def geometry(self, width: int, item: Item) -> _ItemGeometry:
        """The item's layout in a row of `width` px starting at (0, 0); cached per item and width."""
        key = (id(item), width)
        if key not in self._cache:
            self._cache[key] = self._layout(width, item)
        return self._cache[key]

    def _layout(self, width: int, item: Item) -> _ItemGeometry:
        base, small = self._fonts()
        line, small_line = QFontMetrics(base).height(), QFontMetrics(small).height()
        text_width = width - TEXT_X - RIGHT
        top = 5
        if item.low_confidence:
            label_w = QFontMetrics(small).horizontalAdvance("low confidence") + 10
            first = wrap_text(item.headline or item.first, base, text_width - label_w, 1)
            second_top = top + line
            chip = QRect(width - RIGHT - label_w, top, label_w, line)
            bottom = second_top
        else:
            first = wrap_text(item.headline or item.first, base, text_width, FIRST_LINES)
            chip_w, chip_h = chip_size(item.status, base)
            # The second line is as tall as the chip beside it, so the chip never covers the first lines.
            second_height = max(small_line, chip_h)
            second_top = top + len(first) * line + (second_height - small_line) // 2
            chip = QRect(width - RIGHT - chip_w, top + len(first) * line + 1, chip_w, chip_h)
            bottom = top + len(first) * line + second_height
        note_icon = QRect(chip.left() - 6 - NOTE_ICON[0], chip.center().y() - NOTE_ICON[1] // 2 + 1, *NOTE_ICON)
        lines = wrap_text(" ".join(item.note.split()), base, text_width - 14, NOTE_LINES) if item.note.strip() else []
        note_box = None
        if lines:
            note_box = QRect(TEXT_X - 4, bottom + 5, text_width + 4, note_box_height(len(lines), base))
            bottom = note_box.bottom() + 1
        return _ItemGeometry(first, top, second_top, chip, note_icon, lines, note_box, bottom + 6)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        row = self._row(index)
        width = self._view.viewport().width()
        if row.item is None:
            return QSize(width, QFontMetrics(self._fonts()[0]).height() + 13)
        return QSize(width, self.geometry(width, row.item).height)

    def zone(self, rect: QRect, index: QModelIndex, point: QPoint) -> str:
        row = self._row(index)
        if row.item is None or row.item.low_confidence:
            return "body"
        g = self.geometry(rect.width(), row.item)
        local = point - rect.topLeft()
        if g.chip.adjusted(-2, -2, 2, 2).contains(local):
            return "chip"
        if g.note_icon.adjusted(-4, -4, 4, 4).contains(local):
            return "note"
        return "body"

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row = self._row(index)
        painter.save()
        painter.setClipRect(option.rect)
        if row.item is None:
            paint_heading(painter, option.rect.adjusted(BAR_X + 2, 0, -RIGHT, 0), row.group.title, row.group.count,
                          row.group.summary, self._fonts()[0])
        else:
            self._paint_item(painter, option, row.item)
        painter.restore()

    def _paint_item(self, painter: QPainter, option: QStyleOptionViewItem, item: Item) -> None:
        t = theme()
        base, small = self._fonts()
        rect = option.rect
        g = self.geometry(rect.width(), item)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        band = rect.adjusted(4, 1, -4, -1)
        if selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(t.selection))
            painter.setPen(QPen(QColor(t.current_outline), 1.5))
            painter.drawRoundedRect(band.adjusted(1, 1, -1, -1), 3, 3)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        elif hovered:
            painter.fillRect(band, QColor(t.current_band))
        x, y = rect.left(), rect.top()
        bar_bottom = y + (g.note_box.top() - 4 if g.note_box else g.height - 6)
        self._paint_bar(painter, QRect(x + BAR_X, y + g.first_top + 1, 3, bar_bottom - g.first_top - 1), item)
        metrics = QFontMetrics(base)
        painter.setFont(base)
        painter.setPen(QColor(t.low_confidence if item.low_confidence else t.text))
        for number, text in enumerate(g.first):
            painter.drawText(QPoint(x + TEXT_X, y + g.first_top + number * metrics.height() + metrics.ascent()), text)
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        if item.low_confidence:
            italic = QFont(small)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(QColor(t.low_confidence))
            painter.drawText(g.chip.translated(x, y), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             "low confidence")
        else:
            painter.setPen(QColor(t.secondary))
            room = g.note_icon.left() - 6 - TEXT_X
            painter.drawText(QPoint(x + TEXT_X, y + g.second_top + small_metrics.ascent()),
                             small_metrics.elidedText(item.second, Qt.TextElideMode.ElideRight, room))
            # The note icon shows where there is a note, or where the pointer is (it stays clickable).
            if item.note.strip() or selected or hovered:
                paint_note_icon(painter, g.note_icon.translated(x, y), bool(item.note.strip()), faint=True)
            paint_status_chip(painter, g.chip.translated(x, y), item.status, base)
        if g.note_box is not None:
            paint_note_box(painter, g.note_box.translated(x, y), g.note_lines, base)

    def _paint_bar(self, painter: QPainter, rect: QRect, item: Item) -> None:
        """The category's second cue at the row's left: solid (factual), dotted (wording), faint (cosmetic)."""
        t = theme()
        if item.low_confidence:
            painter.fillRect(QRect(rect.left() + 1, rect.top(), 1, rect.height()), QColor(t.low_confidence))
        elif item.category == "wording":
            for top in range(rect.top(), rect.bottom(), 5):
                painter.fillRect(QRect(rect.left(), top, 3, min(3, rect.bottom() - top)), t.line("wording"))
        elif item.category == "factual":
            painter.fillRect(rect, t.line("factual"))
        else:
            painter.fillRect(rect, t.fill("cosmetic").darker(125 if t.name == "light" else 70))
