"""The pieces the differences list and the quote cards share: status chip and menu, note icon, box and
editor, headings, and text wrapping (the list view with clickable zones is gui.zone_list).

Shared so both lists look and behave the same. Chips always
carry a glyph and a word (design card: never colour alone); colours come from gui.palette.
"""
from __future__ import annotations

import html

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenu, QPlainTextEdit, QVBoxLayout, QWidget

from core.notes import STATUS_GLYPHS, STATUS_LABELS, STATUSES
from gui.palette import Theme, theme

NOTE_ICON = (12, 14)


def note_colours(t: Theme) -> tuple[QColor, QColor]:
    """The note box's fill and bar: the factual fill and line turned to a yellow hue.

    The palette has no note colour; turning its own tones keeps the lightness and contrast the
    design card checked, in both themes.
    """
    fill, line = QColor(t.factual_fill), QColor(t.factual_line)
    return (QColor.fromHslF(48 / 360, fill.hslSaturationF(), fill.lightnessF()),
            QColor.fromHslF(45 / 360, line.hslSaturationF(), line.lightnessF()))


def chip_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(9, round(_pixel_size(base) * 0.88)))
    return font


def _pixel_size(font: QFont) -> float:
    return font.pixelSize() if font.pixelSize() > 0 else QFontMetrics(font).height() * 0.8


def chip_text(status: str) -> str:
    return f"{STATUS_GLYPHS.get(status, '○')} {STATUS_LABELS.get(status, status)}"


def chip_size(status: str, base: QFont) -> tuple[int, int]:
    metrics = QFontMetrics(chip_font(base))
    return metrics.horizontalAdvance(chip_text(status)) + 14, metrics.height() + 4


def paint_status_chip(painter: QPainter, rect: QRect, status: str, base: QFont) -> None:
    """A pill with glyph and word: green Verified, red Wrong, grey Unchecked, dashed Not important."""
    t = theme()
    colours = {"verified": (t.verified_fill, t.verified_text), "wrong": (t.wrong_fill, t.wrong_text)}
    fill, text = colours.get(status, (t.pane, t.secondary))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(text if status in colours else t.secondary))
    pen.setWidthF(1.0)
    if status == "not_important":
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(QColor(fill))
    box = QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5)
    painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
    painter.setFont(chip_font(base))
    painter.setPen(QColor(text))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, chip_text(status))
    painter.restore()


def paint_note_icon(painter: QPainter, rect: QRect, has_note: bool, faint: bool = False) -> None:
    """A small page with lines: solid in the note colour when there is a note, faint otherwise."""
    t = theme()
    _, line = note_colours(t)
    colour = line if has_note else QColor(t.secondary)
    if faint and not has_note:
        colour.setAlphaF(0.45)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    page = QRectF(rect).adjusted(1.5, 0.5, -1.5, -0.5)
    painter.drawRoundedRect(page, 1.5, 1.5)
    for step in (0.3, 0.5, 0.7):
        y = page.top() + page.height() * step
        painter.drawLine(QPoint(round(page.left() + 2.5), round(y)), QPoint(round(page.right() - 2.5), round(y)))
    painter.restore()


def status_menu(parent: QWidget, current: str) -> QMenu:
    """The four statuses, the current one checked; each action's data is the status."""
    menu = QMenu(parent)
    menu.setObjectName("statusMenu")
    for status in STATUSES:
        action = menu.addAction(chip_text(status))
        action.setData(status)
        action.setCheckable(True)
        action.setChecked(status == current)
    return menu


class NoteEditor(QDialog):
    """A small editor for one note's text; `saved(text)` on Save, nothing on Cancel."""

    saved = Signal(str)

    def __init__(self, parent: QWidget | None, label: str, text: str) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setWindowTitle(self.tr("Note"))
        self.setModal(True)
        about = QLabel(label)
        about.setTextFormat(Qt.TextFormat.PlainText)     # article words are shown as written, never as markup
        about.setWordWrap(True)
        self.edit = QPlainTextEdit(text)
        self.edit.setPlaceholderText(self.tr("What you found, and where"))
        self.edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(360, 200)

    def _save(self) -> None:
        self.saved.emit(self.edit.toPlainText().strip())
        self.accept()


# --- pieces every list of the panel shares ----------------------------------------------------------

def wrap_text(text: str, font: QFont, width: int, max_lines: int, first_indent: int = 0) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width` px, the last elided when it does not fit."""
    layout = _layout(text, font, width, first_indent)
    lines = [(layout.lineAt(i).textStart(), layout.lineAt(i).textLength()) for i in range(layout.lineCount())]
    if not lines:
        return []
    out = [text[start:start + length].rstrip() for start, length in lines[:max_lines]]
    if len(lines) > max_lines:
        start = lines[max_lines - 1][0]
        room = width - (first_indent if max_lines == 1 else 0)
        rest = " ".join(text[start:].split())
        out[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, max(room, 10))
    return out


def fit_text(text: str, font: QFont, width: int, max_lines: int, first_indent: int = 0) -> str:
    """`text` cut at a word (with " …") so that it wraps into at most `max_lines` lines."""
    if _layout(text, font, width, first_indent).lineCount() <= max_lines:
        return text
    words = text.split(" ")
    low, high = 0, len(words)
    while low < high:                                    # the longest prefix of words that fits
        middle = (low + high + 1) // 2
        if _layout(" ".join(words[:middle]) + " …", font, width, first_indent).lineCount() <= max_lines:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low]) + " …" if low else QFontMetrics(font).elidedText(
        text, Qt.TextElideMode.ElideRight, width - first_indent)


def _layout(text: str, font: QFont, width: int, first_indent: int = 0) -> QTextLayout:
    layout = wrapping_layout(text, font)
    break_lines(layout, width, first_indent)
    return layout


def wrapping_layout(text: str, font: QFont) -> QTextLayout:
    """A layout of `text` that wraps at words, and anywhere inside a word too long for a line."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    return layout


def break_lines(layout: QTextLayout, width: int, first_indent: int = 0, min_width: int | None = 10) -> None:
    """Lay `layout` out in lines of `width` px, the first one `first_indent` px in (room for a badge).

    `min_width` keeps a line from getting narrower than that; None lets it shrink as far as it must.
    """
    layout.beginLayout()
    y, first = 0.0, True
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        indent = first_indent if first else 0
        line.setLineWidth(width - indent if min_width is None else max(width - indent, min_width))
        line.setPosition(QPointF(indent, y))
        y += line.height()
        first = False
    layout.endLayout()


def small_font(base: QFont, factor: float = 0.88, bold: bool = False, spacing: float = 0.0) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(9, round(_pixel_size(base) * factor)))
    font.setBold(bold)
    if spacing:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing)
    return font


def paint_heading(painter: QPainter, rect: QRect, title: str, count: int | None, summary: str, base: QFont) -> None:
    """A group heading: TITLE in small capitals, its count, a short summary; all secondary."""
    t = theme()
    caps = small_font(base, 0.85, spacing=0.6)
    metrics = QFontMetrics(caps)
    painter.save()
    painter.setPen(QColor(t.secondary))
    painter.setFont(caps)
    x = rect.left()
    baseline = rect.bottom() - 5 - metrics.descent()
    text = title.upper()
    painter.drawText(QPoint(x, baseline), text)
    x += metrics.horizontalAdvance(text) + 7
    if count is not None:
        plain = small_font(base, 0.85)
        painter.setFont(plain)
        painter.drawText(QPoint(x, baseline), str(count))
        x += QFontMetrics(plain).horizontalAdvance(str(count)) + 12
    if summary:
        plain = small_font(base, 0.85)
        painter.setFont(plain)
        room = rect.right() - x
        if room > 30:
            painter.drawText(QPoint(x, baseline),
                             QFontMetrics(plain).elidedText(summary, Qt.TextElideMode.ElideRight, room))
    painter.restore()


def paint_note_box(painter: QPainter, rect: QRect, lines: list[str], font: QFont) -> None:
    """The editor's note under its item: a yellowish box with a bar at its left."""
    fill, line = note_colours(theme())
    painter.save()
    painter.fillRect(rect, fill)
    painter.fillRect(QRect(rect.left(), rect.top(), 2, rect.height()), line)
    painter.setFont(font)
    painter.setPen(QColor(theme().text))
    metrics = QFontMetrics(font)
    y = rect.top() + 4 + metrics.ascent()
    for text in lines:
        painter.drawText(QPoint(rect.left() + 10, y), text)
        y += metrics.height()
    painter.restore()


NOTE_LINES = 4
"""A note shows at most this many lines under its item; the tooltip and the editor show it all."""


def note_box_height(lines: int, font: QFont) -> int:
    return lines * QFontMetrics(font).height() + 8 if lines else 0


def rich_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally: escaped inside rich text, so "<b>" in an article stays "<b>"."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"
