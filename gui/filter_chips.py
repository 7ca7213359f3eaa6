"""Filter chips: a toggle per category or kind of difference with its count, and a row that wraps them."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from gui.note_editor import small_font
from gui.palette import theme

SWATCH_W = 16


class FilterChip(QAbstractButton):
    """A toggle with its label and count: checked = shown. Hidden ones are struck through and dashed,
    and the count stays (the counts describe the comparison, not the filter)."""

    def __init__(self, key: str, label: str, count: int, category: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.label, self.count, self.category = key, label, count, category
        self.setCheckable(True)
        self.setChecked(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Show or hide {0}").format(label.lower() if category else f"“{label}” differences"))
        self.setAccessibleName(f"{label} {count}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding if category else QSizePolicy.Policy.Preferred,
                           QSizePolicy.Policy.Fixed)

    def _font(self) -> QFont:
        return small_font(self.font(), 0.95 if self.category else 0.9)

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self._font())
        swatch = SWATCH_W + 5 if self.category else 0
        width = 7 + swatch + metrics.horizontalAdvance(self.label) + 5 + metrics.horizontalAdvance(str(self.count)) + 7
        return QSize(width, metrics.height() + (11 if self.category else 6))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = theme()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shown = self.isChecked()
        border = QColor(t.secondary)
        border.setAlphaF(0.55 if shown else 0.45)
        pen = QPen(border, 1.0)
        if not shown:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(t.pane) if shown else Qt.BrushStyle.NoBrush)
        box = self.rect().adjusted(0, 0, -1, -1)
        painter.drawRoundedRect(box, 4, 4)
        if self.hasFocus():
            painter.setPen(QPen(QColor(t.current_outline), 1.0))
            painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 3, 3)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        x = 7
        if self.category:
            x = self._paint_swatch(painter, x, shown)
        font = self._font()
        font.setStrikeOut(not shown)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        baseline = (self.height() + metrics.ascent() - metrics.descent()) // 2
        painter.setPen(QColor(t.text if shown and self.isEnabled() else t.secondary))
        label = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight,
                                   self.width() - x - metrics.horizontalAdvance(str(self.count)) - 9)
        painter.drawText(QPoint(x, baseline), label)
        font.setStrikeOut(False)
        painter.setFont(font)
        painter.setPen(QColor(t.secondary))
        painter.drawText(QPoint(x + metrics.horizontalAdvance(label) + 5, baseline), str(self.count))

    def _paint_swatch(self, painter: QPainter, x: int, shown: bool) -> int:
        """The category's look in the text: its fill, and its underline (solid, dotted, none)."""
        t = theme()
        swatch = QRect(x, (self.height() - 12) // 2, SWATCH_W, 12)
        if shown:
            painter.fillRect(swatch, t.fill(self.category))
        else:
            painter.setPen(QPen(QColor(t.secondary), 1.0, Qt.PenStyle.DotLine))
            painter.drawRect(swatch.adjusted(0, 0, -1, -1))
        line = QRect(swatch.left(), swatch.bottom() - 1, swatch.width(), 2)
        if self.category == "factual":
            painter.fillRect(line, t.line("factual"))
        elif self.category == "wording":
            for left in range(line.left(), line.right(), 4):
                painter.fillRect(QRect(left, line.top(), 2, 2), t.line("wording"))
        return swatch.right() + 6


class ChipFlow(QWidget):
    """Holds chips left to right, wrapping to new lines (the kind chips vary with the comparison).

    Places its children itself rather than through a custom QLayout: a Python QLayout must return
    None from itemAt(), which PySide 6 mis-counts until the interpreter crashes.
    """

    def __init__(self, parent: QWidget | None = None, margins: tuple[int, int, int, int] = (10, 2, 10, 8),
                 spacing: int = 4) -> None:
        super().__init__(parent)
        self._chips: list[QWidget] = []
        self._margins, self._spacing = margins, spacing
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_chips(self, chips: list[QWidget]) -> None:
        for chip in self._chips:
            chip.hide()
            chip.deleteLater()
        self._chips = chips
        for chip in chips:
            chip.setParent(self)
            chip.show()
        self._arrange(self.width(), move=True)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width, move=False)

    def sizeHint(self) -> QSize:
        return QSize(344, self.heightForWidth(344))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(self.width(), move=True)

    def _arrange(self, width: int, move: bool) -> int:
        if not self._chips:
            return 0
        left, top, right, bottom = self._margins
        x, y, line = left, top, 0
        for chip in self._chips:
            hint = chip.sizeHint()
            if x + hint.width() > width - right and line > 0:
                x, y, line = left, y + line + self._spacing, 0
            if move:
                chip.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line + bottom
