"""The colour legend in the status bar: every highlight category with its second cue, as painted."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from gui.palette import theme

# (label, sample text, how the sample is drawn)
ENTRIES = (("Factual", "ab", "factual"), ("Wording", "ab", "wording"), ("Cosmetic", "ab", "cosmetic"),
           ("Reworded", "", "reworded"), ("Only in one", "", "gap"), ("Shared quote", "“", "quote"),
           ("Low confidence", "ab", "low"), ("Furniture", "", "furniture"))
GAP = 14


class Legend(QWidget):
    """Paints the legend; its tooltip explains the cues in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setToolTip("Factual: solid underline · Wording: dotted underline · Cosmetic: faint fill, no underline\n"
                        "Reworded sentence: dotted bar in the margin · Only in one article: hatched gap opposite\n"
                        "Low confidence: dashed underline, not counted · Page furniture: small and struck through")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetrics(self.font())
        width = sum(self._entry_width(metrics, label, sample) for label, sample, _ in ENTRIES)
        return QSize(width, metrics.height() + 4)

    def _entry_width(self, metrics: QFontMetrics, label: str, sample: str) -> int:
        return (metrics.horizontalAdvance(sample) + 6 if sample else 14) + metrics.horizontalAdvance(label) + GAP

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        t = theme()
        metrics = QFontMetrics(self.font())
        baseline = (self.height() + metrics.ascent() - metrics.descent()) / 2
        x = 2.0
        for label, sample, cue in ENTRIES:
            x = self._sample(painter, x, baseline, metrics, sample, cue)
            painter.setPen(QColor(t.furniture if cue == "furniture" else t.secondary))
            if cue == "furniture":
                font = painter.font()
                font.setStrikeOut(True)
                painter.setFont(font)
            painter.drawText(QPointF(x, baseline), label)
            painter.setFont(self.font())
            x += metrics.horizontalAdvance(label) + GAP
        painter.end()

    def _sample(self, painter: QPainter, x: float, baseline: float, metrics: QFontMetrics, sample: str,
                cue: str) -> float:
        t = theme()
        top, height = baseline - metrics.ascent(), float(metrics.height())
        if cue in ("factual", "wording", "cosmetic", "low"):
            width = metrics.horizontalAdvance(sample) + 4
            if cue != "low":
                painter.fillRect(QRectF(x, top, width, height), t.fill(cue))
            painter.setPen(QColor(t.text))
            painter.drawText(QPointF(x + 2, baseline), sample)
            style = {"factual": Qt.PenStyle.SolidLine, "wording": Qt.PenStyle.DotLine,
                     "low": Qt.PenStyle.DashLine}.get(cue)
            if style is not None:
                colour = QColor(t.low_confidence) if cue == "low" else t.line(cue)
                painter.setPen(QPen(colour, 2, style))
                painter.drawLine(QPointF(x, baseline + 3), QPointF(x + width, baseline + 3))
            return x + width + 4
        if cue == "reworded":
            painter.setPen(QPen(t.line("wording"), 2, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x + 4, top + 2), QPointF(x + 4, top + height - 2))
            return x + 12
        if cue == "gap":
            box = QRectF(x, top + 2, 12, height - 4)
            painter.fillRect(box, QColor(t.gap_back))
            painter.fillRect(box, QBrush(QColor(t.secondary), Qt.BrushStyle.BDiagPattern))
            return x + 16
        if cue == "quote":
            painter.setPen(QColor(t.quote_mark))
            painter.drawText(QPointF(x, baseline), sample)
            return x + metrics.horizontalAdvance(sample) + 4
        return x
