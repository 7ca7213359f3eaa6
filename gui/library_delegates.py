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
    COPY_ROLE, COUNT_ROLE, DATE_ROLE, KIND_ROLE, LETTER_ROLE, META_ROLE, PAINT_ROLE, SIZE_ROLE,
    UNSET_ROLE,
    day_label, outlet_label,
)
from gui.library_style import chrome, scaled
from gui.palette import Theme, theme

Index = QModelIndex | QPersistentModelIndex

_WRAP_CACHE: OrderedDict[tuple[str, str, int, int], list[str]] = OrderedDict()


def wrapped_lines(text: str, font: QFont, width: int, max_lines: int, font_key: str | None = None) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width`; the last one elided if text is left.

    Cached, because the same rows are measured for the size hint and again for painting; a caller
    that keeps its fonts passes `font_key` (font.key() is not free at thousands of rows).
    """
    key = (text, font_key if font_key is not None else font.key(), width, max_lines)
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
    if len(_WRAP_CACHE) > 20_000:
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


class _StoryFonts:
    """The story delegate's fonts for one base font, with their metrics (built once, not per row)."""

    RATIOS = {"title": (1.0, QFont.Weight.DemiBold, False), "meta": (0.92, None, False),
              "heading": (0.88, None, False), "badge": (0.88, QFont.Weight.DemiBold, False),
              "outlet": (0.96, None, False), "unset": (0.96, None, True),
              "letter": (0.82, QFont.Weight.Bold, False), "small": (0.82, None, False)}

    def __init__(self, base: QFont) -> None:
        self.base = QFont(base)
        self.fonts = {name: scaled(base, ratio, weight, italic) for name, (ratio, weight, italic) in self.RATIOS.items()}
        self.metrics = {name: QFontMetrics(font) for name, font in self.fonts.items()}
        self.title_key = self.fonts["title"].key()
        self.title_spacing = self.metrics["title"].lineSpacing()
        self.meta_height = self.metrics["meta"].height()
        self.heading_height = self.metrics["heading"].height() + 10
        self.article_height = 5 + max(17, self.metrics["outlet"].height()) + 1 + self.meta_height + 6


class StoryDelegate(RowDelegate):
    """Story rows as in the mockup: date heading, bold title (3 lines at most), outlets and dates, badge.

    A story row is measured and drawn from PAINT_ROLE alone, which never reads the store: while its
    page is on its way the row shows its title and dates with a faint bar where the outlets go.
    Fonts, metrics, heights and elided texts are cached: scrolling repaints the same rows often.
    """

    PAD_LEFT = 11        # 3 px selection bar + 8 px
    PAD_RIGHT = 10
    CHILD_INDENT = 24
    TITLE_LINES = 3
    CACHE_LIMIT = 20_000

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._font_set: _StoryFonts | None = None
        self._heights: dict[tuple[str, bool, int], int] = {}
        self._elided: dict[tuple[str, int], str] = {}
        self._colors: tuple[str, dict[str, QColor]] | None = None

    def _story_fonts(self, base: QFont) -> _StoryFonts:
        if self._font_set is None or self._font_set.base != base:
            self._font_set = _StoryFonts(base)
            self._heights.clear()
            self._elided.clear()
        return self._font_set

    def _fonts(self, option: QStyleOptionViewItem) -> dict[str, QFont]:
        return self._story_fonts(option.font).fonts

    def _palette(self) -> dict[str, QColor]:
        t = theme()
        if self._colors is None or self._colors[0] != t.name:
            c = chrome(t)
            self._colors = (t.name, {"pane": QColor(t.pane), "text": QColor(t.text), "secondary": QColor(t.secondary),
                                     "rowline": QColor(c["rowline"]), "faint": QColor(c["faint"]),
                                     "sel_line": QColor(c["sel_line"])})
        return self._colors[1]

    def _lines(self, title: str, fs: _StoryFonts) -> list[str]:
        width = self._width() - self.PAD_LEFT - self.PAD_RIGHT
        return wrapped_lines(title, fs.fonts["title"], width, self.TITLE_LINES, fs.title_key)

    def _story_height(self, title: str, heading: bool, fs: _StoryFonts) -> int:
        width = self._width()
        key = (title, heading, width)
        height = self._heights.get(key)
        if height is None:
            height = fs.heading_height if heading else 0
            height += 7 + len(self._lines(title, fs)) * fs.title_spacing + 4
            height += max(fs.meta_height, 18) + 8
            if len(self._heights) > self.CACHE_LIMIT:
                self._heights.clear()
            self._heights[key] = height
        return height

    def _elide(self, text: str, width: int, fs: _StoryFonts) -> str:
        key = (text, width)
        found = self._elided.get(key)
        if found is None:
            found = fs.metrics["meta"].elidedText(text, Qt.TextElideMode.ElideRight, width)
            if len(self._elided) > self.CACHE_LIMIT:
                self._elided.clear()
            self._elided[key] = found
        return found

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fs = self._story_fonts(option.font)
        story = index.data(SIZE_ROLE)      # (title, heading): no page is asked for to measure a row
        if story is not None:
            return QSize(self._width(), self._story_height(story[0], bool(story[1]), fs))
        return QSize(self._width(), fs.article_height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        story = index.data(PAINT_ROLE)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if story is not None:
            self._paint_story(painter, option, index, story)
        else:
            self.initStyleOption(option, index)
            self._paint_article(painter, option, index, self._fonts(option))
        painter.restore()

    def _paint_story(self, painter: QPainter, option: QStyleOptionViewItem, index: Index,
                     story: tuple) -> None:
        title, meta, badge, heading, placeholder = story
        fs = self._story_fonts(option.font)
        fonts, colors = fs.fonts, self._palette()
        rect = QRect(option.rect)
        if heading:
            band = QRect(rect.left(), rect.top(), rect.width(), fs.heading_height)
            painter.fillRect(band, colors["pane"])
            if rect.top() > 0 or index.row() > 0:
                painter.fillRect(QRect(band.left(), band.top(), band.width(), 1), colors["rowline"])
            painter.setFont(fonts["heading"])
            painter.setPen(colors["faint"])
            painter.drawText(band.adjusted(10, 3, -10, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             str(heading))
            rect.setTop(band.bottom() + 1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor(theme().selection))
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), colors["sel_line"])
        else:
            painter.fillRect(rect, colors["pane"])
        self._focus(painter, rect, option)
        x, right = rect.left() + self.PAD_LEFT, rect.right() - self.PAD_RIGHT
        y = rect.top() + 7
        painter.setFont(fonts["title"])
        painter.setPen(colors["text"])
        spacing = fs.title_spacing
        for line in self._lines(title, fs):
            painter.drawText(QRect(x, y, right - x, spacing),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += spacing
        meta_rect = QRect(x - 2, y + 4, right - x + 2, max(fs.meta_height, 18))
        if badge is not None:
            badge_rect = self.paint_badge(painter, meta_rect, int(badge), fonts["badge"], theme())
            meta_rect.setRight(badge_rect.left() - 6)
        expanded = isinstance(self._view, QTreeView) and self._view.isExpanded(index)
        arrow = "▾ " if expanded else "▸ "
        painter.setFont(fonts["meta"])
        painter.setPen(colors["secondary"])
        if meta is None:
            self._paint_placeholder_meta(painter, meta_rect, arrow, str(placeholder or ""), fs, colors)
            return
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._elide(arrow + meta, meta_rect.width(), fs))

    def _paint_placeholder_meta(self, painter: QPainter, rect: QRect, arrow: str, dates: str, fs: _StoryFonts,
                                colors: dict[str, QColor]) -> None:
        """The meta line of a row whose page is on its way: the dates, a calm bar where the outlets go."""
        metrics = fs.metrics["meta"]
        arrow_w = metrics.horizontalAdvance(arrow)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, arrow)
        bar_w = metrics.horizontalAdvance("0 outlets")
        bar = QRectF(rect.left() + arrow_w, rect.center().y() - 3, bar_w, 6)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors["rowline"])
        painter.drawRoundedRect(bar, 3, 3)
        painter.restore()
        rest = QRect(rect)
        rest.setLeft(int(bar.right()) + 1)
        painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._elide(" · " + dates, rest.width(), fs))

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

