"""The library column: search, filters, stories (with their articles), sources, all articles.

The view only reads the store and emits what the editor asked for (select a story, merge two,
move or split out an article); the main window carries requests out, and the library's change
notices bring the new state back here. Long lists are lazy (gui.library_models), so a store of
50,000 stories opens as fast as one of three.
"""
from __future__ import annotations

import html
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, QPoint, \
    QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QPainter, QPainterPath, QPen, \
    QPixmap, QRegion, QTextCharFormat, QTextCursor, QTextDocument, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel,
    QLineEdit, QListView, QListWidget, QListWidgetItem, QMenu, QSizePolicy, QStackedWidget, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QToolButton, QTreeView, QVBoxLayout, QWidget,
)

from core import story_queries as q
from core.library import Library, LibraryError
from core.records import ImportLogEntry, SearchHit
from gui.article_model import ArticleTableModel
from gui.library_models import (
    ARTICLE_ID_ROLE, BADGE_ROLE, COPY_ROLE, COUNT_ROLE, DATE_ROLE, HEADING_ROLE, KIND_ROLE, LETTER_ROLE,
    META_ROLE, SNIPPET_ROLE, STORY_ID_ROLE, UNSET_ROLE, BadgeSource, SearchHitModel, SourceTreeModel,
    StoryTreeModel, day_label, outlet_label, snippet_parts,
)
from gui.palette import Theme, theme

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 100
DATE_CHOICES = ("Any date", "Last 7 days", "Last 30 days", "This year", "Custom range…")
MODES = ("stories", "sources", "articles")
Index = QModelIndex | QPersistentModelIndex

# Chrome tones the design card uses that gui.palette does not name (borders, faint text, the
# selection bar); the categories' colours always come from gui.palette.
_CHROME = {
    "light": {"border": "#C9C9CC", "border_soft": "#DEDEE1", "rowline": "#ECECEE", "faint": "#8D9096",
              "sel_line": "#7D8FA8", "btn_on": "#DCDDE0"},
    "dark": {"border": "#414349", "border_soft": "#35373C", "rowline": "#2A2C30", "faint": "#7D8087",
             "sel_line": "#7D93B3", "btn_on": "#3B3D43"},
}


def chrome(t: Theme | None = None) -> dict[str, str]:
    return _CHROME.get((t or theme()).name, _CHROME["light"])


def scaled(font: QFont, ratio: float, weight: QFont.Weight | None = None, italic: bool = False) -> QFont:
    """`font` at `ratio` of its size: the design sizes (13 px UI, 12 px secondary …) as ratios of the UI font."""
    result = QFont(font)
    if font.pointSizeF() > 0:
        result.setPointSizeF(font.pointSizeF() * ratio)
    else:
        result.setPixelSize(max(1, round(font.pixelSize() * ratio)))
    if weight is not None:
        result.setWeight(weight)
    result.setItalic(italic)
    return result


_WRAP_CACHE: OrderedDict[tuple[str, str, int, int], list[str]] = OrderedDict()


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width`; the last one elided if text is left.

    Cached, because the same rows are measured for the size hint and again for painting.
    """
    key = (text, font.key(), width, max_lines)
    if key in _WRAP_CACHE:
        _WRAP_CACHE.move_to_end(key)
        return _WRAP_CACHE[key]
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        if len(lines) == max_lines - 1:
            rest = text[line.textStart():]
            lines.append(QFontMetrics(font).elidedText(" ".join(rest.split()), Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[line.textStart():line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    _WRAP_CACHE[key] = lines or [""]
    if len(_WRAP_CACHE) > 4096:
        _WRAP_CACHE.popitem(last=False)
    return _WRAP_CACHE[key]


def snippet_document(snippet: str, font: QFont, width: int, t: Theme | None = None) -> QTextDocument:
    """The snippet as a document: hits bold in the text colour, the rest secondary.

    Text is inserted with insertText, never parsed as HTML, so an article containing "<b>" or
    "&amp;" shows exactly those characters.
    """
    t = t or theme()
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(font)
    document.setTextWidth(max(1, width))
    cursor = QTextCursor(document)
    plain, hit = QTextCharFormat(), QTextCharFormat()
    plain.setForeground(QColor(t.secondary))
    hit.setForeground(QColor(t.text))
    hit.setFontWeight(QFont.Weight.Bold)
    for text, is_hit in snippet_parts(snippet):
        cursor.insertText(text, hit if is_hit else plain)
    return document


def search_icon(color: QColor) -> QIcon:
    """The magnifier of the mockup's search field, drawn so no icon file is needed."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawEllipse(QRectF(6, 6, 15, 15))
    painter.drawLine(19, 19, 26, 26)
    painter.end()
    return QIcon(pixmap)


# --- delegates ---------------------------------------------------------------------------------------

class _Delegate(QStyledItemDelegate):
    """Shared helpers: the view's width (size hints get no useful rect) and the theme's colours."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    def _width(self) -> int:
        return max(120, self._view.viewport().width())

    @staticmethod
    def _background(painter: QPainter, rect: QRect, option: QStyleOptionViewItem, t: Theme) -> bool:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor(t.selection if selected else t.pane))
        return selected

    @staticmethod
    def _focus(painter: QPainter, rect: QRect, option: QStyleOptionViewItem) -> None:
        # Keyboard focus needs a visible cue even on an unselected row (the selection alone is not it).
        if option.state & QStyle.StateFlag.State_HasFocus and not option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(QColor(chrome()["sel_line"]), 1, Qt.PenStyle.DotLine))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))


class StoryDelegate(_Delegate):
    """Story rows as in the mockup: date heading, bold title (3 lines at most), outlets and dates, badge."""

    PAD_LEFT = 11        # 3 px selection bar + 8 px
    PAD_RIGHT = 10
    CHILD_INDENT = 24
    TITLE_LINES = 3

    def _fonts(self, option: QStyleOptionViewItem) -> dict[str, QFont]:
        base = option.font
        return {"title": scaled(base, 1.0, QFont.Weight.DemiBold), "meta": scaled(base, 0.92),
                "heading": scaled(base, 0.88), "badge": scaled(base, 0.88, QFont.Weight.DemiBold),
                "outlet": scaled(base, 0.96), "unset": scaled(base, 0.96, italic=True),
                "letter": scaled(base, 0.82, QFont.Weight.Bold), "small": scaled(base, 0.82)}

    def _heading_height(self, fonts: dict[str, QFont]) -> int:
        return QFontMetrics(fonts["heading"]).height() + 10

    def _title_lines(self, index: Index, fonts: dict[str, QFont]) -> list[str]:
        width = self._width() - self.PAD_LEFT - self.PAD_RIGHT
        return wrapped_lines(str(index.data() or ""), fonts["title"], width, self.TITLE_LINES)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        fonts = self._fonts(option)
        if index.data(KIND_ROLE) == "story":
            height = self._heading_height(fonts) if index.data(HEADING_ROLE) else 0
            lines = len(self._title_lines(index, fonts))
            height += 7 + lines * QFontMetrics(fonts["title"]).lineSpacing() + 4
            height += max(QFontMetrics(fonts["meta"]).height(), 18) + 8
            return QSize(self._width(), height)
        height = 5 + max(17, QFontMetrics(fonts["outlet"]).height()) + 1 + QFontMetrics(fonts["meta"]).height() + 6
        return QSize(self._width(), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        fonts = self._fonts(option)
        if index.data(KIND_ROLE) == "story":
            self._paint_story(painter, option, index, fonts)
        else:
            self._paint_article(painter, option, index, fonts)
        painter.restore()

    def _paint_story(self, painter: QPainter, option: QStyleOptionViewItem, index: Index,
                     fonts: dict[str, QFont]) -> None:
        t, c = theme(), chrome()
        rect = QRect(option.rect)
        heading = index.data(HEADING_ROLE)
        if heading:
            band = QRect(rect.left(), rect.top(), rect.width(), self._heading_height(fonts))
            painter.fillRect(band, QColor(t.pane))
            if rect.top() > 0 or index.row() > 0:
                painter.fillRect(QRect(band.left(), band.top(), band.width(), 1), QColor(c["rowline"]))
            painter.setFont(fonts["heading"])
            painter.setPen(QColor(c["faint"]))
            painter.drawText(band.adjusted(10, 3, -10, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             str(heading))
            rect.setTop(band.bottom() + 1)
        selected = self._background(painter, rect, option, t)
        if selected:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), QColor(c["sel_line"]))
        self._focus(painter, rect, option)
        x, right = rect.left() + self.PAD_LEFT, rect.right() - self.PAD_RIGHT
        y = rect.top() + 7
        painter.setFont(fonts["title"])
        painter.setPen(QColor(t.text))
        spacing = QFontMetrics(fonts["title"]).lineSpacing()
        for line in self._title_lines(index, fonts):
            painter.drawText(QRect(x, y, right - x, spacing),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += spacing
        meta_rect = QRect(x - 2, y + 4, right - x + 2, max(QFontMetrics(fonts["meta"]).height(), 18))
        badge = index.data(BADGE_ROLE)
        if badge is not None:
            badge_rect = self.paint_badge(painter, meta_rect, int(badge), fonts["badge"], t)
            meta_rect.setRight(badge_rect.left() - 6)
        expanded = isinstance(self._view, QTreeView) and self._view.isExpanded(index)
        meta = ("▾ " if expanded else "▸ ") + str(index.data(META_ROLE) or "")
        painter.setFont(fonts["meta"])
        painter.setPen(QColor(t.secondary))
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(fonts["meta"]).elidedText(meta, Qt.TextElideMode.ElideRight, meta_rect.width()))

    @staticmethod
    def paint_badge(painter: QPainter, area: QRect, count: int, font: QFont, t: Theme) -> QRect:
        """The factual-differences pill at the right of `area`: fill, a 2 px underline, bold count."""
        text = str(count)
        width = QFontMetrics(font).horizontalAdvance(text) + 14
        rect = QRect(area.right() - width + 1, area.center().y() - 9, width, 18)
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), 9, 9)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(path, QColor(t.factual_fill))
        painter.setClipPath(path)
        # The solid line under the pill is the factual category's second cue (never colour alone).
        painter.fillRect(QRect(rect.left(), rect.bottom() - 1, rect.width(), 2), QColor(t.factual_line))
        painter.setClipping(False)
        painter.setFont(font)
        painter.setPen(QColor(t.factual_badge))
        painter.drawText(rect.adjusted(0, 0, 0, -1), Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        return rect

    def _paint_article(self, painter: QPainter, option: QStyleOptionViewItem, index: Index,
                       fonts: dict[str, QFont]) -> None:
        t, c = theme(), chrome()
        rect = option.rect
        self._background(painter, rect, option, t)
        painter.fillRect(QRect(rect.left() + self.CHILD_INDENT, rect.top(), rect.width(), 1), QColor(c["rowline"]))
        self._focus(painter, rect, option)
        x, right = rect.left() + self.CHILD_INDENT, rect.right() - self.PAD_RIGHT
        line_h = max(17, QFontMetrics(fonts["outlet"]).height())
        top = rect.top() + 5
        box = QRect(x, top + (line_h - 17) // 2, 17, 17)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(t.text))
        painter.drawRoundedRect(QRectF(box), 3, 3)
        painter.setFont(fonts["letter"])
        painter.setPen(QColor(t.pane))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(index.data(LETTER_ROLE) or ""))
        date_text = str(index.data(DATE_ROLE) or "")
        painter.setFont(fonts["meta"])
        date_w = QFontMetrics(fonts["meta"]).horizontalAdvance(date_text)
        painter.setPen(QColor(c["faint"]))
        painter.drawText(QRect(right - date_w, top, date_w, line_h), Qt.AlignmentFlag.AlignVCenter, date_text)
        text_x, text_right = x + 24, right - date_w - 8
        copy = index.data(COPY_ROLE)
        if copy:
            text_right = self._paint_copy_chip(painter, str(copy), text_right, top, line_h, fonts["small"], t)
        unset = bool(index.data(UNSET_ROLE))
        outlet_font = fonts["unset" if unset else "outlet"]
        painter.setFont(outlet_font)
        painter.setPen(QColor(t.secondary if unset else t.text))
        painter.drawText(QRect(text_x, top, text_right - text_x, line_h), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(outlet_font).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight,
                                                              text_right - text_x))
        painter.setFont(fonts["meta"])
        painter.setPen(QColor(t.secondary))
        title_rect = QRect(text_x, top + line_h + 1, right - text_x, QFontMetrics(fonts["meta"]).height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(fonts["meta"]).elidedText(str(index.data(META_ROLE) or ""),
                                                                Qt.TextElideMode.ElideRight, title_rect.width()))

    @staticmethod
    def _paint_copy_chip(painter: QPainter, text: str, right: int, top: int, line_h: int, font: QFont,
                         t: Theme) -> int:
        """An outlined "copy of A" chip: identical texts are marked in words, not colour."""
        width = QFontMetrics(font).horizontalAdvance(text) + 10
        chip = QRect(right - width, top + (line_h - 15) // 2, width, 15)
        painter.setPen(QPen(QColor(t.low_confidence), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.setFont(font)
        painter.setPen(QColor(t.secondary))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        return chip.left() - 6


class SearchHitDelegate(_Delegate):
    """A hit: title, "outlet · date", and the snippet with the matched words bold."""

    SNIPPET_LINES = 3

    def _parts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, int]:
        return scaled(option.font, 0.96, QFont.Weight.DemiBold), scaled(option.font, 0.9), self._width() - 20

    def document(self, index: Index, font: QFont, width: int) -> QTextDocument:
        return snippet_document(str(index.data(SNIPPET_ROLE) or ""), font, width)

    def _heights(self, option: QStyleOptionViewItem, index: Index) -> tuple[list[str], int, int]:
        title_font, small, width = self._parts(option)
        lines = wrapped_lines(str(index.data() or ""), title_font, width, 2)
        doc_h = min(int(self.document(index, small, width).size().height()),
                    QFontMetrics(small).lineSpacing() * self.SNIPPET_LINES)
        return lines, QFontMetrics(title_font).lineSpacing(), doc_h

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        lines, spacing, doc_h = self._heights(option, index)
        small = self._parts(option)[1]
        return QSize(self._width(), 7 + len(lines) * spacing + QFontMetrics(small).height() + 3 + doc_h + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        t, c = theme(), chrome()
        title_font, small, width = self._parts(option)
        lines, spacing, doc_h = self._heights(option, index)
        painter.save()
        rect = option.rect
        self._background(painter, rect, option, t)
        painter.fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), QColor(c["rowline"]))
        self._focus(painter, rect, option)
        x, y = rect.left() + 10, rect.top() + 7
        painter.setFont(title_font)
        painter.setPen(QColor(t.text))
        for line in lines:
            painter.drawText(QRect(x, y, width, spacing), Qt.AlignmentFlag.AlignVCenter, line)
            y += spacing
        painter.setFont(small)
        painter.setPen(QColor(t.secondary))
        meta_h = QFontMetrics(small).height()
        painter.drawText(QRect(x, y, width, meta_h), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(str(index.data(META_ROLE) or ""),
                                                        Qt.TextElideMode.ElideRight, width))
        y += meta_h + 3
        painter.translate(x, y)
        painter.setClipRect(QRect(0, 0, width, doc_h))
        self.document(index, small, width).drawContents(painter, QRectF(0, 0, width, doc_h))
        painter.restore()


class ArticleLineDelegate(_Delegate):
    """Two lines per article (title, then "outlet · date") for the "All articles" list and source children.

    `flat` draws source rows as the mockup's SOURCES summary: on the window colour, 10 px in.
    """

    def __init__(self, view: QAbstractItemView, flat: bool = False) -> None:
        super().__init__(view)
        self._flat = flat

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        if index.data(KIND_ROLE) == "source":
            return QSize(self._width(), QFontMetrics(option.font).height() + (6 if self._flat else 10))
        return QSize(self._width(), 6 + QFontMetrics(option.font).height() + 1
                     + QFontMetrics(scaled(option.font, 0.9)).height() + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        t, c = theme(), chrome()
        painter.save()
        rect = option.rect
        if not self._flat or option.state & QStyle.StateFlag.State_Selected:
            self._background(painter, rect, option, t)
        self._focus(painter, rect, option)
        if index.data(KIND_ROLE) == "source":
            self._paint_source(painter, option, index, t, c)
        else:
            self._paint_article(painter, option, index, t, c)
        painter.restore()

    def _paint_source(self, painter: QPainter, option: QStyleOptionViewItem, index: Index, t: Theme,
                      c: dict[str, str]) -> None:
        rect = option.rect.adjusted(10 if self._flat else 4, 0, -10, 0)
        count = str(index.data(COUNT_ROLE) or 0)
        font = scaled(option.font, 0.96, italic=bool(index.data(UNSET_ROLE)))
        painter.setFont(font)
        count_w = QFontMetrics(font).horizontalAdvance(count)
        painter.setPen(QColor(c["faint"]))
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        painter.setPen(QColor(t.secondary if index.data(UNSET_ROLE) else t.text))
        painter.drawText(rect.adjusted(0, 0, -count_w - 8, 0), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(font).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight,
                                                       rect.width() - count_w - 8))

    def _paint_article(self, painter: QPainter, option: QStyleOptionViewItem, index: Index, t: Theme,
                       c: dict[str, str]) -> None:
        rect = option.rect
        painter.fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), QColor(c["rowline"]))
        x, width = rect.left() + (4 if isinstance(self._view, QTreeView) else 10), rect.width() - 20
        y = rect.top() + 6
        title, meta = self._texts(index)
        fm, small = QFontMetrics(option.font), scaled(option.font, 0.9)
        painter.setFont(option.font)
        painter.setPen(QColor(t.text))
        painter.drawText(QRect(x, y, width, fm.height()), Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, width))
        painter.setFont(small)
        painter.setPen(QColor(t.secondary))
        painter.drawText(QRect(x, y + fm.height() + 1, width, QFontMetrics(small).height()),
                         Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(meta, Qt.TextElideMode.ElideRight, width))

    @staticmethod
    def _texts(index: Index) -> tuple[str, str]:
        model = index.model()
        if isinstance(model, ArticleTableModel):
            article = model.summary(index.row())
            dated = f" · {day_label(article.published)}" if article.published else ""
            return article.title or "Untitled", outlet_label(article.source) + dated
        return str(index.data() or ""), str(index.data(DATE_ROLE) or "no date")


# --- item views ---------------------------------------------------------------------------------------

class _EmptyHint:
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


class StoryTree(_EmptyHint, QTreeView):
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


class ArticleList(_EmptyHint, QListView):
    def paintEvent(self, event) -> None:  # noqa: ANN001
        super().paintEvent(event)
        self._paint_empty(self)


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


@dataclass
class _StoryState:
    """What was selected in the story list before a reload, by id (rows move; ids do not)."""

    current_story: int | None = None
    current_article: int | None = None
    selected: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)   # articles of the current story, to find it after a merge


# --- the column -----------------------------------------------------------------------------------------

class LibraryView(QWidget):
    """The library column. Emits selections and story-editing requests; never changes the store."""

    story_selected = Signal(int)
    article_selected = Signal(int)
    merge_requested = Signal(int, int)
    move_requested = Signal(int, int)      # article id, target story id
    split_requested = Signal(int)          # article id
    _changed = Signal(str)                 # library notices, delivered on the GUI thread

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.today: Callable[[], date] = date.today   # replaceable, so date filters are testable
        self._restoring = False
        self._expanded: set[int] = set()
        self._auto_expanded: int | None = None
        self._search_error: str | None = None
        self._mode = "stories"
        self._searching = False
        self.setObjectName("libraryView")
        self.story_model = StoryTreeModel(library, self)
        self.source_model = SourceTreeModel(library, self)
        self.article_model = ArticleTableModel(library, self)
        self.hit_model = SearchHitModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._build()
        self._make_actions()
        self._connect()
        self._apply_style()
        self._refresh_sources_combo()
        self._refresh_counts()
        self._refresh_source_summary()
        self._refresh_import_log()
        self._subscribe()

    # --- building ---

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QLabel(self.tr("Library"))
        self.header.setObjectName("dockHead")
        self.header.setFixedHeight(28)
        layout.addWidget(self.header)
        layout.addLayout(self._build_search())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_range())
        layout.addLayout(self._build_segments())
        layout.addLayout(self._build_section())
        self.stack = QStackedWidget()
        self.stories = self._build_story_tree()
        self.sources = self._build_source_tree()
        self.articles = self._build_article_list()
        self.stack.addWidget(self.stories)
        self.stack.addWidget(self.sources)
        self.stack.addWidget(self.articles)
        self.stack.addWidget(self._build_results())
        layout.addWidget(self._rule())
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._rule())
        self.footer = self._build_footer()
        layout.addWidget(self.footer)

    @staticmethod
    def _rule() -> QFrame:
        # Hairlines around the lists as separate widgets: a style sheet rule on the item views themselves
        # makes Qt measure every row between the old and new scroll position (all 50,000 on Ctrl+End).
        rule = QFrame()
        rule.setObjectName("rule")
        rule.setFixedHeight(1)
        return rule

    def _build_search(self) -> QHBoxLayout:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("librarySearch")
        self.search_box.setPlaceholderText(self.tr("Search library"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(self.tr('Words and "quoted phrases"; OR between alternatives; '
                                           "-word or NOT word to exclude; word* for a prefix"))
        self._search_icon = self.search_box.addAction(search_icon(QColor(chrome()["faint"])),
                                                      QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.installEventFilter(self)   # Escape clears the search
        row = QHBoxLayout()
        row.setContentsMargins(8, 8, 8, 6)
        row.addWidget(self.search_box)
        return row

    def _build_filters(self) -> QHBoxLayout:
        self.source_filter = QComboBox()
        self.source_filter.setObjectName("sourceFilter")
        self.source_filter.setToolTip(self.tr("Show only stories and articles from one outlet"))
        self.date_filter = QComboBox()
        self.date_filter.setObjectName("dateFilter")
        self.date_filter.addItems([self.tr(text) for text in DATE_CHOICES])
        self.date_filter.setToolTip(self.tr("Show only stories and articles from a time span"))
        for combo in (self.source_filter, self.date_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 4)
        row.setSpacing(6)
        row.addWidget(self.source_filter, 1)
        row.addWidget(self.date_filter, 1)
        return row

    def _build_range(self) -> QWidget:
        self.range_row = QWidget()
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addDays(-30))
        self.until_edit = QDateEdit(today)
        for edit, tip in ((self.since_edit, "First day shown"), (self.until_edit, "Last day shown")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setToolTip(self.tr(tip))
            edit.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(8, 0, 8, 4)
        row.setSpacing(4)
        row.addWidget(self.since_edit, 1)
        row.addWidget(QLabel("–"))
        row.addWidget(self.until_edit, 1)
        self.range_row.hide()
        return self.range_row

    def _build_segments(self) -> QHBoxLayout:
        # A segmented control rather than tabs: three small buttons fit the 222 px column.
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 0)
        row.setSpacing(0)
        labels = {"stories": "Stories", "sources": "Sources", "articles": "All articles"}
        for position, mode in enumerate(MODES):
            button = QToolButton()
            button.setObjectName("segment")
            button.setProperty("segment", ("first", "middle", "last")[position])
            button.setText(self.tr(labels[mode]))
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.mode_group.addButton(button, position)
            self.mode_buttons[mode] = button
            row.addWidget(button)
        self.mode_buttons["stories"].setChecked(True)
        return row

    def _build_section(self) -> QHBoxLayout:
        self.section = QLabel()
        self.section.setObjectName("section")
        self.section.setTextFormat(Qt.TextFormat.RichText)   # only numbers and fixed words go in
        self.section_note = QLabel(self.tr("Newest first"))
        self.section_note.setObjectName("sectionNote")
        row = QHBoxLayout()
        row.setContentsMargins(10, 10, 10, 4)
        row.addWidget(self.section)
        row.addStretch(1)
        row.addWidget(self.section_note)
        return row

    def _build_story_tree(self) -> StoryTree:
        tree = StoryTree()
        tree.setObjectName("stories")
        tree.empty_text = self.tr("No stories yet. Import articles to group them into stories.")
        tree.setModel(self.story_model)
        tree.setItemDelegate(StoryDelegate(tree))
        tree.setHeaderHidden(True)
        tree.setRootIsDecorated(False)
        tree.setIndentation(0)
        tree.setUniformRowHeights(False)
        # Per-item scrolling: per-pixel would measure every row (and so fetch every story) up front.
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setDropIndicatorShown(True)
        tree.setAnimated(False)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.setFrameShape(QTreeView.Shape.NoFrame)
        tree.setAccessibleName(self.tr("Stories"))
        return tree

    def _build_source_tree(self) -> StoryTree:
        tree = StoryTree()
        tree.setObjectName("sources")
        tree.empty_text = self.tr("No outlets match the filters.")
        tree.setModel(self.source_model)
        tree.setItemDelegate(ArticleLineDelegate(tree))
        tree.setHeaderHidden(True)
        tree.setIndentation(14)
        tree.setUniformRowHeights(False)
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setDragEnabled(True)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.setFrameShape(QTreeView.Shape.NoFrame)
        tree.setAccessibleName(self.tr("Sources"))
        return tree

    def _build_article_list(self) -> ArticleList:
        view = ArticleList()
        view.setObjectName("articles")
        view.empty_text = self.tr("No articles match the filters.")
        view.setModel(self.article_model)
        view.setModelColumn(1)
        view.setItemDelegate(ArticleLineDelegate(view))
        # Uniform sizes: the list measures one row, not 100,000.
        view.setUniformItemSizes(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setDragEnabled(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.setFrameShape(QListView.Shape.NoFrame)
        view.setAccessibleName(self.tr("All articles"))
        return view

    def _build_results(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.search_message = QLabel()
        self.search_message.setObjectName("searchMessage")
        self.search_message.setTextFormat(Qt.TextFormat.PlainText)   # the message quotes the editor's query
        self.search_message.setWordWrap(True)
        self.search_message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.search_message.setContentsMargins(10, 10, 10, 10)
        self.search_message.hide()
        self.results = ArticleList()
        self.results.setObjectName("results")
        self.results.setModel(self.hit_model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setResizeMode(QListView.ResizeMode.Adjust)   # snippets re-wrap with the width
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setDragEnabled(True)
        self.results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.results.setFrameShape(QListView.Shape.NoFrame)
        self.results.setAccessibleName(self.tr("Search results"))
        layout.addWidget(self.search_message)
        layout.addWidget(self.results, 1)
        return page

    def _build_footer(self) -> QWidget:
        footer = QWidget()
        footer.setObjectName("libraryFooter")
        # The lists above take every spare pixel; the footer never grows past its content.
        footer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(footer)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.setSpacing(0)
        self.summary_section = QLabel()
        self.summary_section.setObjectName("section")
        self.summary_section.setTextFormat(Qt.TextFormat.RichText)
        self.summary_section.setContentsMargins(10, 10, 10, 4)
        self.source_summary = QListWidget()
        self.source_summary.setObjectName("sourceSummary")
        self.source_summary.setFrameShape(QListWidget.Shape.NoFrame)
        self.source_summary.setItemDelegate(ArticleLineDelegate(self.source_summary, flat=True))
        self.source_summary.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.source_summary.setToolTip(self.tr("Click an outlet to show only its stories; click again for all"))
        self.log_section = QLabel()
        self.log_section.setObjectName("section")
        self.log_section.setText(self.tr("IMPORT LOG"))
        self.log_section.setContentsMargins(10, 10, 10, 4)
        self.import_log = QLabel()
        self.import_log.setObjectName("importLog")
        self.import_log.setTextFormat(Qt.TextFormat.RichText)   # built from html.escape'd parts only
        self.import_log.setWordWrap(True)
        self.import_log.setContentsMargins(10, 0, 10, 0)
        self.status_hint = QLabel()
        self.status_hint.setObjectName("statusHint")
        self.status_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.status_hint.setWordWrap(True)
        self.status_hint.setContentsMargins(10, 6, 10, 0)
        self.status_hint.hide()
        for widget in (self.summary_section, self.source_summary, self.log_section, self.import_log,
                       self.status_hint):
            layout.addWidget(widget)
        return footer

    def _make_actions(self) -> None:
        self.merge_action = QAction(self.tr("Merge stories"), self)
        self.merge_action.setStatusTip(self.tr("Make the two selected stories one story"))
        self.merge_action.triggered.connect(self._request_merge)
        self.move_action = QAction(self.tr("Move to story…"), self)
        self.move_action.setStatusTip(self.tr("Move the selected article into another story"))
        self.move_action.triggered.connect(self._request_move)
        self.split_action = QAction(self.tr("Split out into its own story"), self)
        self.split_action.setStatusTip(self.tr("Take the selected article out of its story"))
        self.split_action.triggered.connect(self._request_split)
        for action in (self.merge_action, self.move_action, self.split_action):
            action.setEnabled(False)
            self.addAction(action)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._search_text_changed)
        self.search_box.returnPressed.connect(self.flush_search)
        self.source_filter.currentIndexChanged.connect(self._filters_changed)
        self.date_filter.currentIndexChanged.connect(self._date_choice_changed)
        self.since_edit.dateChanged.connect(self._filters_changed)
        self.until_edit.dateChanged.connect(self._filters_changed)
        self.mode_group.idClicked.connect(lambda position: self.set_mode(MODES[position]))
        self.stories.selectionModel().currentChanged.connect(self._story_current_changed)
        self.stories.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.stories.expanded.connect(lambda index: self._expanded.add(self.story_model.story_of_index(index) or 0))
        self.stories.collapsed.connect(lambda index: self._expanded.discard(self.story_model.story_of_index(index)))
        self.story_model.move_dropped.connect(self._dropped)
        for view in (self.sources, self.articles, self.results):
            view.selectionModel().currentChanged.connect(self._article_current_changed)
        for view in (self.stories, self.sources, self.articles, self.results):
            view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu(v, pos))
        self.source_summary.itemClicked.connect(self._summary_clicked)
        self._changed.connect(self._library_changed)

    def _subscribe(self) -> None:
        # A weak reference: the library outlives views, and a closed view must not be called back.
        ref = weakref.ref(self)

        def listener(what: str) -> None:
            view = ref()
            if view is not None and shiboken6.isValid(view):
                view._changed.emit(what)

        self._library.subscribe(listener)

    # --- styling ---

    def _apply_style(self) -> None:
        t, c = theme(), chrome()
        self._styled_theme = t.name
        self.setStyleSheet(f"""
            QWidget#libraryView, QWidget#libraryFooter {{ background: {t.window}; }}
            QLabel#dockHead {{ padding: 0 10px; border-bottom: 1px solid {c['border_soft']}; color: {t.text}; }}
            QLabel#section, QLabel#sectionNote {{ color: {t.secondary}; }}
            QLabel#importLog, QLabel#statusHint {{ color: {t.secondary}; }}
            QLabel#searchMessage {{ color: {t.text}; background: {t.pane}; }}
            QFrame#rule {{ background: {c['border_soft']}; border: none; }}
            QListWidget#sourceSummary {{ background: transparent; border: none; }}
            QToolButton#segment {{ border: 1px solid {c['border']}; background: {t.pane}; color: {t.secondary};
                padding: 2px 4px; margin: 0; }}
            QToolButton#segment:checked {{ background: {c['btn_on']}; color: {t.text}; }}
            QToolButton#segment[segment="first"] {{ border-top-left-radius: 4px; border-bottom-left-radius: 4px; }}
            QToolButton#segment[segment="middle"] {{ border-left: none; }}
            QToolButton#segment[segment="last"] {{ border-left: none; border-top-right-radius: 4px;
                border-bottom-right-radius: 4px; }}
        """)
        base = self.font()
        self.header.setFont(scaled(base, 0.96, QFont.Weight.DemiBold))
        section_font = scaled(base, 0.85)
        section_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        for label in (self.section, self.summary_section, self.log_section):
            label.setFont(section_font)
        self.section_note.setFont(scaled(base, 0.88))
        self.import_log.setFont(scaled(base, 0.92))
        self.status_hint.setFont(scaled(base, 0.92))
        for button in self.mode_buttons.values():
            button.setFont(scaled(base, 0.9))
        self._search_icon.setIcon(search_icon(QColor(c["faint"])))
        # Re-render what carries theme colours from what is already known: no store reads here,
        # since a theme change may reach a view whose library is already closed.
        self._refresh_counts()
        self._render_import_log()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search_box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape and self.search_box.text()):
            self.search_box.clear()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The app switches themes by setting a new palette; restyle the chrome built from the theme.
        # Only on a real theme change: setting the style sheet itself sends palette events.
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_styled_theme", theme().name) != theme().name:
            self._apply_style()

    def sizeHint(self) -> QSize:
        return QSize(222, 800)

    # --- public API ---

    def reload(self) -> None:
        """Query everything again; the selection is kept by id where it still exists."""
        self._refresh_sources_combo()
        self._reload_stories()
        self._reload_sources()
        self._reload_articles()
        self._refresh_source_summary()
        self._refresh_import_log()
        if self._searching:
            self._run_search()
        self._refresh_counts()

    def select_story(self, story_id: int) -> bool:
        """Make a story current (emits story_selected); False when the filters hide it or it is gone."""
        index = self.story_model.story_index(story_id)
        if not index.isValid():
            return False
        if self._searching:
            self.search_box.clear()
        self.set_mode("stories")
        self.stories.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.stories.scrollTo(index)
        return True

    def selected_story(self) -> int | None:
        """The current story (the story of the current article row, too), or None."""
        return self.story_model.story_of_index(self.stories.currentIndex())

    def selected_stories(self) -> list[int]:
        """The selected story rows, in list order."""
        rows = sorted(i.row() for i in self.stories.selectionModel().selectedIndexes()
                      if i.isValid() and i.data(KIND_ROLE) == "story")
        return [self.story_model.story_id(row) for row in rows]

    def set_badge_source(self, source: BadgeSource | None) -> None:
        """`source(story ids)` -> {story id: factual differences} for the counts known; others get no badge."""
        self.story_model.set_badge_source(source)

    def refresh_badges(self) -> None:
        """Ask the badge source again (e.g. after a comparison finished)."""
        self.story_model.refresh_badges()

    def show_import_log(self, entries: Sequence[ImportLogEntry]) -> None:
        """Show these import runs (newest first) in the IMPORT LOG section."""
        self._log_entries = list(entries)
        self._render_import_log(always=True)

    def set_status_hint(self, text: str) -> None:
        """A short line at the foot of the column ("Grouping 40 of 300…"); empty hides it."""
        self.status_hint.setText(text)
        self.status_hint.setVisible(bool(text))
        self._footer_changed()

    def set_mode(self, mode: str) -> None:
        """"stories", "sources" or "articles"; leaves search results."""
        if mode not in MODES:
            raise ValueError(f"unknown library view {mode!r}")
        self._mode = mode
        self.mode_buttons[mode].setChecked(True)
        if self._searching:
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self._leave_search()
        self.stack.setCurrentIndex(MODES.index(mode))
        # The Sources view already lists the outlets, so the summary below it steps aside.
        wanted = mode != "sources" and self.source_summary.count() > 0
        self.summary_section.setVisible(wanted)
        self.source_summary.setVisible(wanted)
        self._footer_changed()
        self._refresh_counts()
        self._update_actions()

    def _footer_changed(self) -> None:
        # Qt does not re-lay the column when only the footer's content changes size.
        if hasattr(self, "footer"):
            self.footer.updateGeometry()

    def mode(self) -> str:
        return "search" if self._searching else self._mode

    def current_filter(self) -> q.LibraryFilter:
        source = self.source_filter.currentData()
        since, until = self._date_range()
        return q.LibraryFilter(source if isinstance(source, str) else None, since, until)

    def flush_search(self) -> None:
        """Run a search that is waiting for the typing pause now (Enter does this too)."""
        if self._search_timer.isActive():
            self._search_timer.stop()
        self._run_search()

    def search_pending(self) -> bool:
        return self._search_timer.isActive()

    def search_error(self) -> str | None:
        return self._search_error

    # --- filters ---

    def _date_range(self) -> tuple[str | None, str | None]:
        choice = self.date_filter.currentIndex()
        today = self.today()
        if choice in (1, 2):
            days = 6 if choice == 1 else 29   # today counts as one of the seven (or thirty) days
            return (today - timedelta(days=days)).isoformat(), today.isoformat()
        if choice == 3:
            return date(today.year, 1, 1).isoformat(), date(today.year, 12, 31).isoformat()
        if choice == 4:
            since, until = self.since_edit.date().toPython(), self.until_edit.date().toPython()
            return (min(since, until).isoformat(), max(since, until).isoformat())
        return None, None

    def _date_choice_changed(self, choice: int) -> None:
        self.range_row.setVisible(choice == len(DATE_CHOICES) - 1)
        self._filters_changed()

    def _filters_changed(self, *_: object) -> None:
        flt = self.current_filter()
        state = self._remember()
        self.story_model.set_filter(flt)
        self._restore(state)
        self._reload_sources()
        self.article_model.set_filter(flt)
        if self._searching:
            self._run_search()
        self._refresh_source_summary()
        self._refresh_counts()

    def _refresh_sources_combo(self) -> None:
        current = self.source_filter.currentData()
        self.source_filter.blockSignals(True)
        self.source_filter.clear()
        self.source_filter.addItem(self.tr("All sources"), None)
        for source in self._library.sources.list():
            self.source_filter.addItem(outlet_label(source.name), source.name)
        position = self.source_filter.findData(current) if isinstance(current, str) else 0
        self.source_filter.setCurrentIndex(max(0, position))
        self.source_filter.blockSignals(False)
        if isinstance(current, str) and position < 0:
            self._filters_changed()   # the chosen outlet is gone (renamed or emptied): show all

    def _summary_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        position = self.source_filter.findData(name)
        # A second click on the outlet already filtered on shows all outlets again.
        self.source_filter.setCurrentIndex(0 if position == self.source_filter.currentIndex() else max(0, position))

    # --- reloading ---

    def _library_changed(self, what: str) -> None:
        if what == "stories":
            self._reload_stories()
            self._refresh_counts()
        else:
            self.reload()

    def _remember(self) -> _StoryState:
        current = self.stories.currentIndex()
        state = _StoryState(selected=self.selected_stories())
        if current.isValid():
            state.current_story = self.story_model.story_of_index(current)
            article = self.story_model.article_at(current)
            state.current_article = article.id if article else None
            parent = current if article is None else current.parent()
            state.members = [a.id for a in (self.story_model.article_at(self.story_model.index(r, 0, parent))
                                            for r in range(min(self.story_model.rowCount(parent), 20))) if a]
        return state

    def _reload_stories(self) -> None:
        state = self._remember()
        self.story_model.reload()
        self._restore(state)
        self._update_actions()

    def _restore(self, state: _StoryState) -> None:
        model, selection = self.story_model, self.stories.selectionModel()
        self._restoring = True
        try:
            for story_id in sorted(self._expanded):
                if model.row_of(story_id) is None:
                    self._expanded.discard(story_id)
                else:
                    self.stories.expand(model.story_index(story_id))
            target, moved = self._restore_target(state)
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for story_id in state.selected:
                index = model.story_index(story_id)
                if index.isValid():
                    selection.select(index, flags)
            if target.isValid():
                selection.setCurrentIndex(target, flags)
        finally:
            self._restoring = False
        if moved is not None:
            self.story_selected.emit(moved)   # the story the editor had open now has another id (a merge)

    def _restore_target(self, state: _StoryState) -> tuple[QModelIndex, int | None]:
        """Where the current row goes after a reload, and the new story id when it changed."""
        model = self.story_model
        if state.current_story is None:
            return QModelIndex(), None
        story = model.story_index(state.current_story)
        if story.isValid():
            if state.current_article is not None:
                for row in range(model.rowCount(story)):
                    child = model.index(row, 0, story)
                    if child.data(ARTICLE_ID_ROLE) == state.current_article:
                        return child, None
            return story, None
        conn = self._library.store.conn
        for article_id in state.members:
            new_story = q.story_of(conn, article_id)
            if new_story is not None and model.row_of(new_story) is not None:
                return model.story_index(new_story), new_story
        return QModelIndex(), None

    def _reload_sources(self) -> None:
        tops = [self.source_model.index(r, 0) for r in range(self.source_model.rowCount())]
        expanded = {index.data() for index in tops if self.sources.isExpanded(index)}
        self.source_model.set_filter(self.current_filter())
        for row in range(self.source_model.rowCount()):
            index = self.source_model.index(row, 0)
            if index.data() in expanded:
                self.sources.expand(index)

    def _reload_articles(self) -> None:
        current = self.articles.currentIndex()
        article_id = current.data(ARTICLE_ID_ROLE) if current.isValid() else None
        self.article_model.set_filter(self.current_filter())
        row = self.article_model.row_of(article_id) if article_id is not None else None
        if row is not None:
            self.articles.selectionModel().setCurrentIndex(
                self.article_model.index(row, 1), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _refresh_counts(self) -> None:
        if not hasattr(self, "section"):
            return
        faint = chrome()["faint"]
        if self._searching:
            word, count = "RESULTS", (None if self._search_error else self.hit_model.rowCount())
        else:
            word, count = {"stories": ("STORIES", self.story_model.story_count()),
                           "sources": ("SOURCES", self.source_model.rowCount()),
                           "articles": ("ARTICLES", self.article_model.rowCount())}[self._mode]
        number = "" if count is None else f" <span style='color:{faint}'>{count:,}</span>"
        self.section.setText(f"{self.tr(word)}{number}")
        self.section_note.setVisible(not self._searching and self._mode != "sources")
        self.section_note.setText(self.tr("Best match") if self._searching else self.tr("Newest first"))

    def _refresh_source_summary(self) -> None:
        sources = self.source_model.sources()
        self.source_summary.clear()
        chosen = self.source_filter.currentData()
        for source in sources:
            item = QListWidgetItem(outlet_label(source.name))
            item.setData(Qt.ItemDataRole.UserRole, source.name)
            item.setData(KIND_ROLE, "source")
            item.setData(COUNT_ROLE, source.articles)
            item.setData(UNSET_ROLE, outlet_label(source.name) != source.name)
            item.setToolTip(self.tr("{0}: {1} articles").format(outlet_label(source.name), source.articles))
            self.source_summary.addItem(item)
            if source.name == chosen:
                item.setSelected(True)
        row_h = QFontMetrics(self.font()).height() + 6
        self.source_summary.setFixedHeight(min(len(sources), 5) * row_h + 2)
        wanted = bool(sources) and self._mode != "sources"
        self.summary_section.setVisible(wanted)
        self.source_summary.setVisible(wanted)
        faint = chrome()["faint"]
        self.summary_section.setText(f"{self.tr('SOURCES')} <span style='color:{faint}'>{len(sources)}</span>")
        self._footer_changed()

    def _refresh_import_log(self) -> None:
        self._log_entries = self._library.imports.history(limit=1)
        self._render_import_log()

    def _render_import_log(self, always: bool = False) -> None:
        if not hasattr(self, "import_log"):
            return
        entries = getattr(self, "_log_entries", [])
        self.import_log.setText(self._import_log_html(entries))
        self.log_section.setVisible(always or bool(entries))
        self.import_log.setVisible(always or bool(entries))
        self._footer_changed()

    def _import_log_html(self, entries: list[ImportLogEntry]) -> str:
        if not entries:
            return html.escape(self.tr("No imports yet."))
        t = theme()
        latest = entries[0]
        parts = [f"{latest.imported} articles", f"{latest.duplicates} duplicates", f"{latest.failed} errors"]
        if latest.skipped:
            parts.append(f"{latest.skipped} skipped")
        if latest.status not in ("done", "running"):
            parts.append(latest.status)
        lines = [html.escape(" · ".join(parts))]
        for problem in latest.problems[:3]:
            name = html.escape(Path(problem.path).name or problem.path)
            lines.append(f"<span style='color:{t.text}; font-family:monospace'>{name}</span><br>"
                         f"{html.escape(problem.kind)}: {html.escape(problem.reason)}")
        if len(latest.problems) > 3:
            lines.append(html.escape(self.tr("… and {0} more").format(len(latest.problems) - 3)))
        return "<br>".join(lines)

    # --- search ---

    def _search_text_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._leave_search()

    def _run_search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            self._leave_search()
            return
        self._searching = True
        self._check_segment(None)
        self.stack.setCurrentIndex(len(MODES))
        try:
            hits = self._library.articles.search(query, limit=SEARCH_LIMIT)
        except LibraryError as exc:
            self._show_search_message(self._reason(query, str(exc)), error=True)
            return
        shown = self._filtered_hits(hits)
        self._search_error = None
        self.hit_model.set_hits(shown)
        if shown:
            self.search_message.hide()
        elif hits:
            self._show_search_message(self.tr("{0} articles match “{1}”, but none from the outlet and dates "
                                              "chosen above.").format(len(hits), query), error=False)
        else:
            self._show_search_message(self.tr("No articles match “{0}”.").format(query), error=False)
        self.results.setVisible(bool(shown))
        self._refresh_counts()
        self._update_actions()

    def _check_segment(self, mode: str | None) -> None:
        """No segment looks chosen while results are shown: the list is not any of the three views."""
        self.mode_group.setExclusive(False)
        for name, button in self.mode_buttons.items():
            button.setChecked(name == mode)
        self.mode_group.setExclusive(True)

    @staticmethod
    def _reason(query: str, message: str) -> str:
        """The library's message without its "search '…':" lead-in, which would repeat the query."""
        for lead in (f"search {query!r}: ", f"search {query!r} could not be run: "):
            if message.startswith(lead):
                return message[len(lead):]
        return message

    def _show_search_message(self, text: str, error: bool) -> None:
        self._search_error = text if error else None
        self.hit_model.set_hits([])
        prefix = self.tr("Can't read this search: ") if error else ""
        self.search_message.setText(prefix + text.rstrip(".") + ".")
        self.search_message.show()
        self.results.hide()
        self._refresh_counts()

    def _filtered_hits(self, hits: list[SearchHit]) -> list[SearchHit]:
        """The outlet and date filters apply to search results too, so the column never contradicts itself."""
        flt = self.current_filter()
        until = (date.fromisoformat(flt.until) + timedelta(days=1)).isoformat() if flt.until else None

        def keep(hit: SearchHit) -> bool:
            published = hit.article.published
            if flt.source is not None and hit.article.source.casefold() != flt.source.casefold():
                return False
            if flt.since is not None and (not published or published < flt.since):
                return False
            return until is None or (bool(published) and published < until)

        return [hit for hit in hits if keep(hit)]

    def _leave_search(self) -> None:
        if not self._searching and self.stack.currentIndex() == MODES.index(self._mode):
            return
        self._searching = False
        self._search_error = None
        self._check_segment(self._mode)
        self.hit_model.set_hits([])
        self.search_message.hide()
        self.stack.setCurrentIndex(MODES.index(self._mode))
        self._refresh_counts()
        self._update_actions()

    # --- selection and requests ---

    def _story_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        if self._restoring or not current.isValid():
            return
        if current.data(KIND_ROLE) == "story":
            self._auto_expand(current)
            self.story_selected.emit(int(current.data(STORY_ID_ROLE)))
        else:
            self.article_selected.emit(int(current.data(ARTICLE_ID_ROLE)))

    def _auto_expand(self, story: QModelIndex) -> None:
        """Open the current story's articles (as the mockup shows) and close the one opened before."""
        story_id = int(story.data(STORY_ID_ROLE))
        previous = self._auto_expanded
        if previous is not None and previous != story_id:
            index = self.story_model.story_index(previous)
            if index.isValid():
                self.stories.collapse(index)
        if not self.stories.isExpanded(story):
            self.stories.expand(story)
            self._auto_expanded = story_id
        elif previous != story_id:
            self._auto_expanded = None   # the editor opened it; leave it open

    def _article_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        article_id = current.data(ARTICLE_ID_ROLE) if current.isValid() else None
        if article_id is not None:
            self.article_selected.emit(int(article_id))

    def _active_view(self) -> QAbstractItemView:
        if self._searching:
            return self.results
        return {"stories": self.stories, "sources": self.sources, "articles": self.articles}[self._mode]

    def _focused_article(self) -> int | None:
        current = self._active_view().currentIndex()
        value = current.data(ARTICLE_ID_ROLE) if current.isValid() else None
        return None if value is None else int(value)

    def _update_actions(self) -> None:
        if not hasattr(self, "merge_action"):
            return
        self.merge_action.setEnabled(not self._searching and self._mode == "stories"
                                     and len(self.selected_stories()) == 2)
        article_id = self._focused_article()
        conn = self._library.store.conn
        story_id = q.story_of(conn, article_id) if article_id is not None else None
        self.move_action.setEnabled(story_id is not None)
        self.split_action.setEnabled(story_id is not None and q.story_size(conn, story_id) > 1)

    def _request_merge(self) -> None:
        chosen = self.selected_stories()
        if len(chosen) == 2:
            self.merge_requested.emit(chosen[0], chosen[1])

    def _request_move(self) -> None:
        article_id = self._focused_article()
        if article_id is None:
            return
        conn = self._library.store.conn
        row = conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()
        dialog = MoveToStoryDialog(self._library, row[0] if row else "", q.story_of(conn, article_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            self.move_requested.emit(article_id, int(dialog.chosen() or 0))

    def _request_split(self) -> None:
        article_id = self._focused_article()
        if article_id is not None:
            self.split_requested.emit(article_id)

    def _dropped(self, article_id: int, story_id: int) -> None:
        self.move_requested.emit(article_id, story_id)

    def _context_menu(self, view: QAbstractItemView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        self._update_actions()
        menu = QMenu(self)
        if index.data(KIND_ROLE) == "story":
            menu.addAction(self.merge_action)
            if not self.merge_action.isEnabled():
                hint = menu.addAction(self.tr("(select two stories to merge them)"))
                hint.setEnabled(False)
            menu.addSeparator()
            expanded = self.stories.isExpanded(index)
            toggle = menu.addAction(self.tr("Hide articles") if expanded else self.tr("Show articles"))
            toggle.triggered.connect(lambda: self.stories.setExpanded(index, not expanded))
        elif index.data(KIND_ROLE) == "article":
            menu.addAction(self.move_action)
            menu.addAction(self.split_action)
        else:
            return
        menu.exec(view.viewport().mapToGlobal(pos))
