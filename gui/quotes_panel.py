"""The Quotes section of the panel: a card per shared quote, then each article's one-article quotes.

A card shows the quote's number (the panes' “1, “2 marks), its speaker, where it appears and how the
wordings relate, then one box per article with that article's wording (differences inside it filled
in their category's colour) and its cue. What is listed comes from core.panel_items.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from core.panel_items import QuoteBox, QuoteCard
from gui.note_editor import (
    NOTE_ICON, NOTE_LINES, break_lines, chip_size, fit_text, note_box_height, paint_heading, paint_note_box,
    paint_note_icon, paint_status_chip, rich_tooltip, small_font, wrap_text, wrapping_layout,
)
from gui.palette import theme
from gui.zone_list import ENTRY_ROLE, ZoneListModel

QUOTE_ROLE = ENTRY_ROLE   # a row's quote index (gui.zone_list has the row and note roles)

MARGIN = 8            # card to list edge
PAD = 7               # inside a box


@dataclass(frozen=True)
class QuoteRow:
    """One row of the quotes list: a shared quote's card, a heading, or a one-article quote."""

    kind: str                          # "card", "heading", "single"
    card: QuoteCard | None = None
    title: str = ""
    count: int = 0
    summary: str = ""


def quote_rows(shared: list[QuoteCard], singles: list[tuple[str, list[QuoteCard]]]) -> list[QuoteRow]:
    rows = [QuoteRow("card", card) for card in shared]
    empty = [title.removeprefix("Only in ") for title, cards in singles if not cards]
    listed = [(title, cards) for title, cards in singles if cards]
    for number, (title, cards) in enumerate(listed):
        # The articles with none are named once, on the first heading, as "none only in B".
        summary = "none only in " + ", ".join(empty) if empty and number == 0 else ""
        rows.append(QuoteRow("heading", title=title, count=len(cards), summary=summary))
        rows += [QuoteRow("single", card) for card in cards]
    return rows


class QuoteModel(ZoneListModel):
    def set_rows(self, rows: list[QuoteRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def quote_at(self, number: int) -> int:
        return self.entry_index(number)

    def row_of_quote(self, quote: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.card is not None and r.card.index == quote), -1)

    def _entry(self, row: QuoteRow) -> QuoteCard | None:
        return row.card

    def _entry_data(self, row: QuoteRow, card: QuoteCard | None, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title if card is None else card.label
        if role == Qt.ItemDataRole.ToolTipRole and card is not None:
            parts = [f"{box.letter}: “{box.text}” — {box.speaker or 'unattributed'}"
                     + (f" ({box.attribution})" if box.attribution else "") for box in card.boxes]
            return rich_tooltip("\n".join(parts + ([f"Note: {card.note}"] if card.note else [])))
        return None


@dataclass(frozen=True)
class _CardGeometry:
    card: QRect
    header: QRect
    chip: QRect
    note_icon: QRect
    boxes: list[QRect]
    note_box: QRect | None


class QuoteDelegate(QStyledItemDelegate):
    """Draws cards, headings and one-article rows; `zone()` tells the view what a click hit."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[int, int], int] = {}

    def reset(self) -> None:
        self._heights.clear()

    # geometry -----------------------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = self._view.font()
        return base, small_font(base, 0.9), small_font(base, 1.0, bold=True)

    def _columns(self, card: QuoteCard) -> int:
        # Two wordings sit side by side as in the mockup; three or more would be too narrow at 344 px.
        return 2 if len(card.boxes) == 2 else 1

    def _box_width(self, card_width: int, card: QuoteCard) -> int:
        return card_width // self._columns(card)

    def _max_lines(self, card: QuoteCard) -> int:
        return 4 if self._columns(card) == 2 else 3

    def _box_height(self, box: QuoteBox, card: QuoteCard, width: int) -> int:
        base, small, _ = self._fonts()
        text = f"“{box.text}”"
        lines = min(len(wrap_text(text, base, width - 2 * PAD, 99, self._badge(base) + 5)), self._max_lines(card))
        return PAD + lines * QFontMetrics(base).height() + QFontMetrics(small).height() + PAD - 2

    def _badge(self, base: QFont) -> int:
        return QFontMetrics(base).height() - 3

    def _header_height(self) -> int:
        base, small, _ = self._fonts()
        return QFontMetrics(base).height() + QFontMetrics(small).height() + 10

    def _note_lines(self, card: QuoteCard, width: int) -> list[str]:
        if not card.note.strip():
            return []
        return wrap_text(" ".join(card.note.split()), self._fonts()[0], width - 14, NOTE_LINES)

    def geometry(self, rect: QRect, card: QuoteCard) -> _CardGeometry:
        base, small, _ = self._fonts()
        outer = rect.adjusted(MARGIN, 4, -MARGIN, -4)
        header = QRect(outer.left(), outer.top(), outer.width(), self._header_height())
        chip_w, chip_h = chip_size(card.status, base)
        chip = QRect(header.right() - 6 - chip_w, header.top() + 5, chip_w, chip_h)
        note_icon = QRect(chip.left() - 6 - NOTE_ICON[0], chip.top() + (chip_h - NOTE_ICON[1]) // 2, *NOTE_ICON)
        boxes, y = [], header.bottom() + 1
        columns = self._columns(card)
        width = self._box_width(outer.width(), card)
        if columns == 2:
            height = max(self._box_height(b, card, width) for b in card.boxes)
            boxes = [QRect(outer.left() + i * width, y, width if i == 0 else outer.width() - width, height)
                     for i in range(2)]
            y += height
        else:
            for box in card.boxes:
                height = self._box_height(box, card, outer.width())
                boxes.append(QRect(outer.left(), y, outer.width(), height))
                y += height
        note_box = None
        lines = self._note_lines(card, outer.width() - 12)
        if lines:
            note_box = QRect(outer.left() + 6, y + 2, outer.width() - 12, note_box_height(len(lines), base))
            y = note_box.bottom() + 7
        return _CardGeometry(QRect(outer.left(), outer.top(), outer.width(), y - outer.top()), header, chip,
                             note_icon, boxes, note_box)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        row = self._view.model().row(index.row())
        width = self._view.viewport().width()
        base = self._fonts()[0]
        if row.kind == "heading":
            return QSize(width, QFontMetrics(base).height() + 12)
        if row.kind == "single":
            return QSize(width, QFontMetrics(base).height() + 8)
        key = (id(row.card), width)
        if key not in self._heights:
            self._heights[key] = self.geometry(QRect(0, 0, width, 10000), row.card).card.height() + 8
        return QSize(width, self._heights[key])

    def zone(self, rect: QRect, index: QModelIndex, point: QPoint) -> str:
        row = self._view.model().row(index.row())
        if row.kind != "card":
            return "body"
        geometry = self.geometry(rect, row.card)
        if geometry.chip.adjusted(-2, -2, 2, 2).contains(point):
            return "chip"
        if geometry.note_icon.adjusted(-4, -4, 4, 4).contains(point):
            return "note"
        return "body"

    # painting -----------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row = self._view.model().row(index.row())
        painter.save()
        painter.setClipRect(option.rect)
        if row.kind == "heading":
            paint_heading(painter, option.rect.adjusted(MARGIN + 2, 0, -MARGIN, 0), row.title, row.count,
                          row.summary, self._fonts()[0])
        elif row.kind == "single":
            self._paint_single(painter, option, row.card)
        else:
            self._paint_card(painter, option, row.card)
        painter.restore()

    def _paint_single(self, painter: QPainter, option: QStyleOptionViewItem, card: QuoteCard) -> None:
        t = theme()
        base, small, _ = self._fonts()
        rect = option.rect.adjusted(MARGIN, 0, -MARGIN, 0)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected or option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor(t.selection if selected else t.current_band))
        painter.setPen(QColor(t.current_band if not selected else t.selection).darker(108))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        speaker = card.boxes[0].speaker if card.boxes else ""
        metrics, small_metrics = QFontMetrics(base), QFontMetrics(small)
        speaker_w = min(small_metrics.horizontalAdvance(speaker), rect.width() // 3) if speaker else 0
        painter.setFont(small)
        painter.setPen(QColor(t.secondary))
        speaker_rect = QRect(rect.right() - 2 - speaker_w, rect.top(), speaker_w, rect.height())
        painter.drawText(speaker_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         small_metrics.elidedText(speaker, Qt.TextElideMode.ElideRight, speaker_w))
        painter.setFont(base)
        painter.setPen(QColor(t.text))
        room = rect.width() - speaker_w - 14
        text = metrics.elidedText(f"“{' '.join(card.boxes[0].text.split())}”" if card.boxes else "",
                                  Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRect(rect.left() + 2, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignVCenter,
                         text)

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, card: QuoteCard) -> None:
        t = theme()
        base, small, bold = self._fonts()
        g = self.geometry(option.rect, card)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        border = QColor(t.current_outline) if selected else QColor(t.secondary).lighter(100)
        if not selected:
            border.setAlphaF(0.35)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(t.pane))
        painter.setPen(border)
        painter.drawRoundedRect(g.card.adjusted(0, 0, -1, -1), 4, 4)
        band = QColor(t.selection if selected else t.current_band)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(band)
        painter.drawRoundedRect(g.header.adjusted(1, 1, -1, 0), 3, 3)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._paint_header(painter, g, card, selected)
        separator = QColor(border)
        painter.setPen(separator)
        painter.drawLine(g.header.left(), g.header.bottom(), g.header.right(), g.header.bottom())
        for number, (rect, box) in enumerate(zip(g.boxes, card.boxes)):
            if number:
                if rect.top() == g.boxes[0].top():
                    painter.drawLine(rect.left(), rect.top() + 4, rect.left(), rect.bottom() - 4)
                else:
                    painter.drawLine(rect.left() + 6, rect.top(), rect.right() - 6, rect.top())
            self._paint_box(painter, rect, box, card)
            painter.setPen(separator)
        if g.note_box is not None:
            paint_note_box(painter, g.note_box, self._note_lines(card, g.note_box.width()), base)

    def _paint_header(self, painter: QPainter, g: _CardGeometry, card: QuoteCard, selected: bool) -> None:
        t = theme()
        base, small, bold = self._fonts()
        metrics = QFontMetrics(bold)
        x, baseline = g.header.left() + 8, g.header.top() + 5 + metrics.ascent()
        painter.setFont(bold)
        painter.setPen(QColor(t.quote_mark))
        painter.drawText(QPoint(x, baseline), "“")
        x += metrics.horizontalAdvance("“") + 2
        painter.setPen(QColor(t.text))
        painter.drawText(QPoint(x, baseline), str(card.number))
        x += metrics.horizontalAdvance(str(card.number)) + 6
        room = g.note_icon.left() - 8 - x
        # A speaker conflict is a factual difference: the names take the factual badge colour and a "≠".
        speaker = card.speaker.replace(" / ", " ≠ ") if card.speakers_differ else card.speaker
        painter.setPen(QColor(t.factual_badge if card.speakers_differ else t.text))
        speaker = metrics.elidedText(speaker or "unattributed", Qt.TextElideMode.ElideRight, max(room, 20))
        painter.drawText(QPoint(x, baseline), speaker)
        painter.setFont(small)
        painter.setPen(QColor(t.secondary))
        small_metrics = QFontMetrics(small)
        line2 = f"{card.presence} · {card.summary}"
        painter.drawText(QPoint(g.header.left() + 8, baseline + QFontMetrics(base).descent() + 3
                                + small_metrics.ascent()),
                         small_metrics.elidedText(line2, Qt.TextElideMode.ElideRight, g.header.width() - 16))
        paint_note_icon(painter, g.note_icon, bool(card.note.strip()), faint=True)
        paint_status_chip(painter, g.chip, card.status, base)

    def _paint_box(self, painter: QPainter, rect: QRect, box: QuoteBox, card: QuoteCard) -> None:
        t = theme()
        base, small, _ = self._fonts()
        badge = self._badge(base)
        metrics = QFontMetrics(base)
        left, top = rect.left() + PAD, rect.top() + PAD
        # The article letter in a dark square, as in the panes' headers.
        badge_rect = QRect(left, top + (metrics.height() - badge) // 2, badge, badge)
        painter.fillRect(badge_rect, QColor(t.text))
        painter.setPen(QColor(t.pane))
        painter.setFont(small_font(base, 0.8, bold=True))
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, box.letter)
        width = rect.width() - 2 * PAD
        text = fit_text(f"“{box.text}”", base, width, self._max_lines(card), badge + 5)
        layout = self._marked_layout(text, box, base, width, badge + 5)
        painter.setPen(QColor(t.text))
        layout.draw(painter, QPointF(left, top))
        lines_height = sum(layout.lineAt(i).height() for i in range(layout.lineCount()))
        attribution = box.attribution
        if box.speaker and (card.speakers_differ or len({b.speaker for b in card.boxes}) > 1):
            attribution = f"{box.speaker} · {attribution}" if attribution else box.speaker
        painter.setFont(small)
        painter.setPen(QColor(t.secondary))
        small_metrics = QFontMetrics(small)
        painter.drawText(QPoint(left, round(top + lines_height + small_metrics.ascent())),
                         small_metrics.elidedText(attribution, Qt.TextElideMode.ElideRight, width))

    def _marked_layout(self, text: str, box: QuoteBox, font: QFont, width: int, indent: int) -> QTextLayout:
        """The wording laid out with each difference inside it filled in its category's colour.

        The text is plain (never markup), so an article's "<script>" shows as written.
        """
        t = theme()
        layout = wrapping_layout(text, font)
        ranges = []
        shown = len(text) - (2 if text.endswith(" …") else 1)
        for mark in box.marks:
            start, end = mark.start + 1, min(mark.end + 1, shown)       # +1: the opening “ added above
            if end <= start:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(t.pane) if mark.low_confidence else t.fill(mark.category))
            fmt.setForeground(QColor(t.text))
            if mark.category == "factual" and not mark.low_confidence:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(t.line("factual"))
            elif mark.category == "wording" and not mark.low_confidence:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(t.line("wording"))
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = start, end - start, fmt
            ranges.append(span)
        layout.setFormats(ranges)
        break_lines(layout, width, indent, min_width=None)
        return layout
