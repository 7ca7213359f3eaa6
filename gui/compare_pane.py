"""One article's column of the story view: cell documents and the custom-painted scroll area.

Every cell is a QTextDocument built with QTextCursor and QTextCharFormat, so article text is
inserted as plain characters and never read as markup. The pane owns no data: the CompareView
holds the rows, their shared heights and the state (current difference, find matches, filters),
and each pane paints only the rows inside its viewport.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout, QBrush, QColor, QFont, QPainter, QPaintEvent, QPen, QPixmap, QTextBlockFormat,
    QTextCharFormat, QTextCursor, QTextDocument, QTextOption,
)
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QToolTip, QWidget

from core.highlights import Highlight
from core.view_rows import Cell, Row, cell_highlights
from gui.palette import Theme, highlight_format, theme

if TYPE_CHECKING:
    from gui.compare_view import CompareView

GUTTER = 34          # sentence numbers and quote marks (design card)
RIGHT_PAD = 14
PAD_Y = 8            # above and below a sentence cell
FURNITURE_PAD_Y = 3
FURNITURE_LABEL_WIDTH = 96
LINE_HEIGHT = 145    # percent: article text line-height 1.45


_INERT = str.maketrans({c: " " for c in "\n\r\t\v\f\u2028\u2029\x00"})


def _u16(text: str) -> int:
    """Qt counts positions in UTF-16 units; Python in code points (an emoji is 2 vs 1)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class CellDoc:
    """A laid-out cell and the map between article-body offsets and document positions."""

    cell: Cell
    doc: QTextDocument
    marks: list[Highlight]
    pieces: list[tuple[int, int, str]] = field(default_factory=list)   # (body start, doc start, text)
    _text: str | None = None

    def height(self) -> float:
        return self.doc.documentLayout().documentSize().height()

    def to_doc(self, offset: int) -> int:
        """Document position of a body offset, clamped into the cell."""
        for start, doc_start, text in self.pieces:
            if offset <= start + len(text):
                return doc_start + _u16(text[:max(0, offset - start)])
        start, doc_start, text = self.pieces[-1]
        return doc_start + _u16(text)

    def to_body(self, position: int) -> int | None:
        for start, doc_start, text in self.pieces:
            length = _u16(text)
            if doc_start <= position <= doc_start + length:
                units = 0
                for i, char in enumerate(text):
                    if units >= position - doc_start:
                        return start + i
                    units += _u16(char)
                return start + len(text)
        return None

    def rects(self, start: int, end: int) -> list[QRectF]:
        """Line fragments covering body [start, end) in document coordinates; a 2 px caret when empty."""
        if end < self.cell.start or start > self.cell.end:
            return []
        a, b = self.to_doc(max(start, self.cell.start)), self.to_doc(min(end, self.cell.end))
        self.doc.documentLayout().documentSize()   # make sure the block is laid out before touching it
        block = self.doc.firstBlock()
        layout = block.layout()
        origin = self.doc.documentLayout().blockBoundingRect(block).topLeft()
        found = []
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            line_start, line_end = line.textStart(), line.textStart() + line.textLength()
            left, right = max(a, line_start), min(b, line_end)
            if left > right or (left == right and a != b):
                continue
            while right > left and a != b and self.text()[right - 1:right].isspace():
                right -= 1   # a line's trailing space is not part of the highlighted words
            x1 = line.cursorToX(left)[0]
            x2 = line.cursorToX(right)[0] if right > left else x1 + 2
            found.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
            if a == b:
                break
        return found

    def text(self) -> str:
        if self._text is None:
            self._text = self.doc.toPlainText()
        return self._text

    def baseline_offset(self) -> float:
        """Distance from a line's top to its baseline, for the painted underlines."""
        self.doc.documentLayout().documentSize()
        layout = self.doc.firstBlock().layout()
        return layout.lineAt(0).ascent() if layout.lineCount() else 0.0

    def hit(self, point: QPointF) -> int | None:
        """Body offset under a point in document coordinates, None outside the text."""
        position = self.doc.documentLayout().hitTest(point, Qt.HitTestAccuracy.ExactHit)
        return None if position < 0 else self.to_body(position)

    def plain_text(self) -> str:
        return self.text()


def article_font(point_size: float) -> QFont:
    font = QFont()
    font.setPointSizeF(point_size)
    return font


def build_cell_doc(cell: Cell, marks: Sequence[Highlight], point_size: float, t: Theme) -> CellDoc:
    """Insert the cell's pieces as plain text with char formats: highlights from highlight_format,
    furniture small, dimmed and struck through. Underlines are painted by the pane at 2 px (the
    design card), so the document keeps only the fill."""
    furniture = bool(cell.furniture)
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(article_font(point_size * (0.79 if furniture else 1.0)))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    cursor = QTextCursor(doc)
    block = QTextBlockFormat()
    block.setLineHeight(120 if furniture else LINE_HEIGHT, 1)   # 1 = ProportionalHeight
    cursor.setBlockFormat(block)
    base = QTextCharFormat()
    base.setForeground(QColor(t.text))
    dim = QTextCharFormat()
    dim.setForeground(QColor(t.furniture))
    dim.setFontStrikeOut(True)
    if not furniture:
        dim.setFontPointSize(point_size * 0.79)
    shown = [] if furniture else cell_highlights(marks, cell.start, cell.end)
    result = CellDoc(cell, doc, shown)
    position = 0
    for number, piece in enumerate(cell.pieces):
        if number:
            cursor.insertText(" ", base)
            position += 1
        text = piece.text.translate(_INERT)
        result.pieces.append((piece.start, position, text))
        position += _u16(text)
        if piece.furniture:
            cursor.insertText(text, dim)
            continue
        done = piece.start
        for mark in shown:
            if mark.end <= piece.start or mark.start >= piece.end:
                continue
            left, right = max(mark.start, piece.start), min(mark.end, piece.end)
            cursor.insertText(text[done - piece.start:left - piece.start], base)
            cursor.insertText(text[left - piece.start:right - piece.start], _mark_format(base, mark))
            done = right
        cursor.insertText(text[done - piece.start:], base)
    return result


def _mark_format(base: QTextCharFormat, mark: Highlight) -> QTextCharFormat:
    style = highlight_format(mark.category, mark.low_confidence)
    fmt = QTextCharFormat(base)
    fmt.setBackground(style.background())
    return fmt


def underline_style(mark: Highlight) -> tuple[Qt.PenStyle, QColor] | None:
    """The pen of a highlight's underline, read from highlight_format so the palette stays the one source."""
    style = highlight_format(mark.category, mark.low_confidence)
    kind = style.underlineStyle()
    pens = {QTextCharFormat.UnderlineStyle.SingleUnderline: Qt.PenStyle.SolidLine,
            QTextCharFormat.UnderlineStyle.DotLine: Qt.PenStyle.DotLine,
            QTextCharFormat.UnderlineStyle.DashUnderline: Qt.PenStyle.DashLine}
    if kind not in pens:
        return None
    return pens[kind], style.underlineColor()


_HATCHES: dict[str, QBrush] = {}


def hatch_brush(t: Theme) -> QBrush:
    """The one-sided gap: thin diagonal hatch on a near-pane background (design card)."""
    if t.name not in _HATCHES:
        _HATCHES[t.name] = _make_hatch(t)
    return _HATCHES[t.name]


def _make_hatch(t: Theme) -> QBrush:
    tile = QPixmap(8, 8)
    tile.fill(QColor(t.gap_back))
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(t.gap_hatch), 1.6))
    for shift in (-8, 0, 8):
        painter.drawLine(QPointF(shift, 8), QPointF(shift + 8, 0))
    painter.end()
    return QBrush(tile)


class ComparePane(QAbstractScrollArea):
    """One article's column. Paints the rows that intersect the viewport from the view's shared layout."""

    def __init__(self, view: "CompareView", article: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.article = article
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName(f"comparePane{article}")

    # -- geometry --------------------------------------------------------------------------------

    def text_width(self) -> int:
        return max(60, self.viewport().width() - GUTTER - RIGHT_PAD)

    def scroll(self) -> int:
        return self.verticalScrollBar().value()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self.view.pane_resized()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            tip = self.view.tooltip_at(self.article, QPointF(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.view.pane_clicked(self.article, event.position())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        over = self.view.difference_at(self.article, event.position()) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        view = self.view
        view.ensure_layout()
        t = theme()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.viewport().width(), self.viewport().height()
        painter.fillRect(QRect(0, 0, width, height), QColor(t.pane))
        offset = self.scroll()
        clip = event.rect()
        for position in view.rows_between(offset + clip.top(), offset + clip.bottom() + 1):
            top = view.row_tops[position] - offset
            self._paint_row(painter, position, QRect(0, top, width, view.row_heights[position]), t)
        painter.setPen(QPen(QColor(t.gap_hatch), 1))
        painter.drawLine(width - 1, 0, width - 1, height)
        painter.end()

    def _paint_row(self, painter: QPainter, position: int, rect: QRect, t: Theme) -> None:
        view = self.view
        row = view.rows[position]
        current = row.index in view.current_rows
        if current:
            painter.fillRect(rect, QColor(t.current_band))
        cell = row.cells[self.article]
        if cell is None:
            if row.gaps[self.article]:
                self._paint_gap(painter, rect, row.gaps[self.article], t)
        else:
            self._paint_cell(painter, position, row, view.cell_doc(position, self.article), rect, t)
        self._paint_gutter(painter, row, cell, rect, t)
        if current:
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), QColor(t.current_outline))
        painter.setPen(QPen(QColor(t.gap_hatch), 1))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())

    def _paint_gap(self, painter: QPainter, rect: QRect, text: str, t: Theme) -> None:
        painter.fillRect(rect.adjusted(0, 0, -1, -1), hatch_brush(t))
        painter.setPen(QColor(t.secondary))
        painter.setFont(self.view.small_font())
        painter.drawText(rect.adjusted(GUTTER, PAD_Y, -RIGHT_PAD, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)

    def _paint_cell(self, painter: QPainter, position: int, row: Row, cell: CellDoc, rect: QRect, t: Theme) -> None:
        pad = FURNITURE_PAD_Y if cell.cell.furniture else PAD_Y
        origin = QPointF(GUTTER, rect.top() + pad)
        if row.mark and not cell.cell.furniture:
            self._paint_row_mark(painter, row.mark, rect, t)
        painter.save()
        painter.translate(origin)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.selections = self._find_selections(position, cell, t)
        cell.doc.documentLayout().draw(painter, context)
        self._paint_underlines(painter, cell)
        self._paint_current(painter, cell, t)
        painter.restore()
        if cell.cell.furniture:
            painter.setPen(QColor(t.furniture))
            painter.setFont(self.view.small_font(0.72))
            painter.drawText(rect.adjusted(0, FURNITURE_PAD_Y, -RIGHT_PAD, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, cell.cell.furniture_label)

    def _paint_row_mark(self, painter: QPainter, mark: str, rect: QRect, t: Theme) -> None:
        """A reworded row gets a dotted wording bar; a one-sided run a solid factual one (as the report)."""
        style = Qt.PenStyle.DotLine if mark == "reworded" else Qt.PenStyle.SolidLine
        color = t.line("wording" if mark == "reworded" else "factual")
        pen = QPen(color, 2, style)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        x = GUTTER - 6
        painter.drawLine(QPointF(x, rect.top() + PAD_Y), QPointF(x, rect.bottom() - PAD_Y))

    def _paint_underlines(self, painter: QPainter, cell: CellDoc) -> None:
        below = cell.baseline_offset() + 3
        for mark in cell.marks:
            style = underline_style(mark)
            if style is None:
                continue
            pen = QPen(style[1], 2, style[0])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            for box in cell.rects(mark.start, mark.end):
                y = box.top() + below
                painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))

    def _paint_current(self, painter: QPainter, cell: CellDoc, t: Theme) -> None:
        view = self.view
        spans = [(start, end) for article, start, end in view.current_spans if article == self.article]
        if not spans:
            return
        outline = QColor(t.current_outline)
        flash = QColor(t.factual_line)
        flash.setAlphaF(0.35 * view.flash_level)
        for start, end in spans:
            for box in cell.rects(start, end):
                box = box.adjusted(-2, -1, 2, 1)
                if view.flash_level > 0:
                    painter.fillRect(box, flash)
                painter.setPen(QPen(outline, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(box, 3, 3)

    def _find_selections(self, position: int, cell: CellDoc, t: Theme) -> list:
        selections = []
        for index, (row_position, article, start, end) in enumerate(self.view.find_matches):
            if row_position != position or article != self.article:
                continue
            cursor = QTextCursor(cell.doc)
            cursor.setPosition(cell.to_doc(start))
            cursor.setPosition(cell.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            mine = index == self.view.find_index
            fmt.setBackground(QColor(t.current_outline if mine else t.selection))
            fmt.setForeground(QColor(t.pane if mine else t.text))
            selection = QAbstractTextDocumentLayout.Selection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        return selections

    def _paint_gutter(self, painter: QPainter, row: Row, cell: Cell | None, rect: QRect, t: Theme) -> None:
        if cell is None or cell.furniture:
            return
        view = self.view
        line = view.gutter_line_height()
        y = rect.top() + PAD_Y + 2
        painter.setFont(view.small_font())
        painter.setPen(QColor(t.secondary))
        painter.drawText(QRect(6, y, GUTTER - 8, line), Qt.AlignmentFlag.AlignLeft, cell.label)
        y += line
        painter.setPen(QColor(t.quote_mark))
        for number in row.quotes[self.article]:
            painter.drawText(QRect(6, y, GUTTER - 8, line), Qt.AlignmentFlag.AlignLeft, f"“{number}")
            y += line
        if row.moved:
            painter.setPen(QColor(t.secondary))
            painter.drawText(QRect(6, y, GUTTER - 8, line), Qt.AlignmentFlag.AlignLeft, "⇅")
            y += line
        markers = view.note_glyphs(row.index, self.article)
        if markers:
            painter.setFont(view.small_font())
            x = 6
            for glyph, color in markers:
                painter.setPen(QColor(color))
                painter.drawText(QRect(x, y, 12, line), Qt.AlignmentFlag.AlignLeft, glyph)
                x += 10


def rows_between(tops: Sequence[int], heights: Sequence[int], top: int, bottom: int) -> range:
    """Positions of the rows intersecting [top, bottom): the only rows a pane paints."""
    first = max(0, bisect_right(tops, top) - 1)
    last = bisect_right(tops, bottom)
    while first < last and tops[first] + heights[first] <= top:
        first += 1
    return range(first, last)
