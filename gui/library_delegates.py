"""How the library's rows are drawn: stories with their articles, and two-line article rows.

Rows are measured for their size hint and painted from the model's roles alone (gui.library_models),
so a delegate never reads the store.
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from gui.article_model import ArticleTableModel
from gui.library_models import (
    BADGE_ROLE, COPY_ROLE, COUNT_ROLE, DATE_ROLE, HEADING_ROLE, KIND_ROLE, LETTER_ROLE, META_ROLE, UNSET_ROLE,
    day_label, outlet_label,
)
from gui.library_style import chrome, scaled
from gui.palette import Theme, theme

Index = QModelIndex | QPersistentModelIndex

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


class RowDelegate(QStyledItemDelegate):
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


class StoryDelegate(RowDelegate):
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


class ArticleLineDelegate(RowDelegate):
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

