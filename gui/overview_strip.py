"""The 16 px overview strip: every shown difference of the story as a tick at its place.

Ticks: factual 4 px orange, wording 3 px blue, cosmetic 2 px grey (the design card's "second cue":
thickness as well as colour). The visible part of the panes is a framed band, so the strip also
works as the story's scroll bar: clicking a tick makes that difference current, clicking or
dragging elsewhere scrolls there.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from gui.palette import theme

STRIP_WIDTH = 16
_MARGIN = 3
_THICKNESS = {"factual": 4, "wording": 3, "cosmetic": 2}
_HIT = 3


@dataclass(frozen=True)
class Tick:
    difference: int
    fraction: float     # place in the story, 0 top .. 1 bottom
    category: str


class OverviewStrip(QWidget):
    tick_clicked = Signal(int)          # difference index
    scroll_requested = Signal(float)    # fraction of the story to centre on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(STRIP_WIDTH)
        self.setObjectName("overviewStrip")
        self.ticks: list[Tick] = []
        self.current = -1
        self.window_band = (0.0, 1.0)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_ticks(self, ticks: list[Tick], current: int) -> None:
        self.ticks = ticks
        self.current = current
        self.update()

    def set_current(self, current: int) -> None:
        self.current = current
        self.update()

    def set_window(self, top: float, bottom: float) -> None:
        if (top, bottom) != self.window_band:
            self.window_band = (top, bottom)
            self.update()

    def _span(self) -> float:
        return max(1.0, self.height() - 2 * _MARGIN)

    def tick_y(self, difference: int) -> int:
        """Test hook and hit-testing: the y of a difference's tick, -1 when it has none."""
        for tick in self.ticks:
            if tick.difference == difference:
                return round(_MARGIN + tick.fraction * self._span())
        return -1

    def ticks_at(self, y: float) -> list[int]:
        return [t.difference for t in self.ticks if abs(_MARGIN + t.fraction * self._span() - y) <= _HIT]

    def paintEvent(self, event) -> None:  # noqa: N802
        t = theme()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(t.current_band))
        top, bottom = self.window_band
        band = QRectF(0.5, _MARGIN + top * self._span(), self.width() - 1,
                      max(6.0, (bottom - top) * self._span()))
        fill = QColor(t.selection)
        fill.setAlphaF(0.55)
        painter.fillRect(band, fill)
        painter.setPen(QPen(QColor(t.secondary), 1))
        painter.drawRect(band)
        current = None
        for tick in self.ticks:
            rect = self._tick_rect(tick)
            color = t.line(tick.category) if tick.category != "cosmetic" else QColor(t.low_confidence)
            painter.fillRect(rect, color)
            if tick.difference == self.current:
                current = rect
        if current is not None:
            painter.setPen(QPen(QColor(t.current_outline), 1.5))
            painter.drawRect(current.adjusted(-1.5, -1.5, 1.5, 1.5))
        painter.setPen(QPen(QColor(t.gap_hatch), 1))
        painter.drawLine(0, 0, 0, self.height())
        painter.end()

    def _tick_rect(self, tick: Tick) -> QRectF:
        thickness = _THICKNESS.get(tick.category, 2)
        y = _MARGIN + tick.fraction * self._span() - thickness / 2
        left = {"factual": 3, "wording": 6, "cosmetic": 6}.get(tick.category, 6)
        return QRectF(left, y, self.width() - left - 3, thickness)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        y = event.position().y()
        hits = self.ticks_at(y)
        if hits:
            # Several ticks can share a pixel: clicking again steps through them.
            following = hits[(hits.index(self.current) + 1) % len(hits)] if self.current in hits else hits[0]
            self.tick_clicked.emit(following)
        else:
            self._scroll_to(event.position())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._scroll_to(event.position())

    def _scroll_to(self, point: QPointF) -> None:
        self.scroll_requested.emit(min(1.0, max(0.0, (point.y() - _MARGIN) / self._span())))
