"""The story view: one pane per article with level rows, highlights, gutter marks and an overview strip.

What to draw comes from core.view_rows (rows, cells, gaps, margin marks, stops) and
core.highlights (which characters to paint); this module only lays out and paints, keeps the
panes scrolling together and moves the current difference.

Test hooks (public, stable): pane_count(), pane_scroll(i), row_top(row), current_row(),
painted_categories(), visible_stops(), cell_text(row, article), tick_position(difference),
find_match().
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QEasingCurve, QPoint, QPointF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QMenu, QSizePolicy, QStackedLayout, QToolButton, QVBoxLayout, QWidget,
)

from core.compare import Comparison
from core.highlights import Highlight
from core.model import CATEGORIES
from core.view_rows import (
    Row, Stop, article_counts, article_marks, covered_rows, difference_row, find_matches, hidden_differences, label, stops,
    view_rows,
)
from gui.compare_pane import (
    FURNITURE_LABEL_WIDTH, FURNITURE_PAD_Y, GUTTER, PAD_Y, CellDoc, ComparePane, build_cell_doc, rows_between,
)
from gui.overview_strip import OverviewStrip, Tick
from gui.palette import theme

DEFAULT_POINT_SIZE = 11.0      # ~14.5 px article text (design card)
MIN_POINT_SIZE, MAX_POINT_SIZE = 7.0, 32.0
FLASH_MS = 600
STATUS_GLYPHS = {"unchecked": "○", "verified": "✓", "wrong": "✕", "not_important": "–"}


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" instead of widening its column (long headlines)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = text
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._refresh()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._refresh()

    def _refresh(self) -> None:
        self.setText(QFontMetrics(self.font()).elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                          max(10, self.width())))


def display_date(iso: str) -> str:
    """"2024-03-06" -> "6 Mar 2024"; anything else is shown as given."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso or "no date"
    return f"{day.day} {day.strftime('%b')} {day.year}"


class PaneHeader(QFrame):
    """Label box, outlet, date; the headline elided; file name · N sentences · M furniture."""

    def __init__(self, letter: str, outlet: str, published: str, title: str, details: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paneHeader")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(GUTTER - 22, 6, 14, 6)
        layout.setSpacing(1)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.badge = QLabel(letter)
        self.badge.setObjectName("paneBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setFixedSize(17, 17)
        self.outlet = ElidedLabel(outlet or self.tr("Source not set"))
        self.outlet.setObjectName("paneOutlet" if outlet else "paneOutletMissing")
        self.date = QLabel(display_date(published))
        self.date.setObjectName("paneDate")
        self.date.setMinimumWidth(0)
        self.date.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        top.addWidget(self.badge)
        top.addWidget(self.outlet, 1)
        top.addWidget(self.date)
        self.top = top
        self.title = ElidedLabel(title)
        self.title.setObjectName("paneTitle")
        self.details = ElidedLabel(details)
        self.details.setObjectName("paneDetails")
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.details)


class CompareView(QWidget):
    """The story view. Signals: current_changed(difference index or -1), shown_articles_changed(ids)."""

    current_changed = Signal(int)
    shown_articles_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.comparison: Comparison | None = None
        self.rows: list[Row] = []
        self.row_tops: list[int] = []
        self.row_heights: list[int] = []
        self.total_height = 0
        self.current_rows: set[int] = set()
        self.current_spans: list[tuple[int, int, int]] = []
        self.flash_level = 0.0
        self.find_matches: list[tuple[int, int, int, int]] = []
        self.find_index = -1
        self._find_text = ""
        self._position_of: dict[int, int] = {}
        self._docs: dict[tuple[int, int], CellDoc] = {}
        self._marks: list[list[Highlight]] = []
        self._stops: list[Stop] = []
        self._all_stops: dict[int, Stop] = {}
        self._shown = set(CATEGORIES)
        self._hidden_kinds: set[str] = set()
        self._current = -1
        self._point_size = DEFAULT_POINT_SIZE
        self._furniture_mode = "dim"
        self._notes: dict[int, str] = {}
        self._note_slots: dict[tuple[int, int], list[str]] = {}
        self._sync = True
        self._syncing = False
        self._last_scrolled = 0
        self._dirty = True
        self._pending_anchors: list[tuple[int, float]] | None = None
        self._laid_out_widths: tuple[int, ...] = ()
        self._story_items: list[tuple[int, str]] = []
        self.panes: list[ComparePane] = []
        self.headers: list[PaneHeader] = []
        self._flash = QVariantAnimation(self)
        self._flash.setDuration(FLASH_MS)
        self._flash.setStartValue(1.0)
        self._flash.setEndValue(0.0)
        self._flash.setEasingCurve(QEasingCurve.Type.InQuad)
        self._flash.valueChanged.connect(self._flash_step)
        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(0)
        self._relayout_timer.timeout.connect(self._relayout_now)
        self._build()
        self.clear(self.tr("Select a story in the library"))

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self._stack = QStackedLayout(self)
        self._empty = QLabel()
        self._empty.setObjectName("compareEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setAutoFillBackground(True)
        self._story = QWidget()
        self._grid = QGridLayout(self._story)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(0)
        self.strip = OverviewStrip()
        self.strip.tick_clicked.connect(lambda index: self.go_to_difference(index))
        self.strip.scroll_requested.connect(self._strip_scroll)
        self._strip_head = QFrame()
        self._strip_head.setObjectName("paneHeader")
        self.articles_button = QToolButton()
        self.articles_button.setText(self.tr("Articles"))
        self.articles_button.setObjectName("articlesButton")
        self.articles_button.setToolTip(self.tr("Choose which articles of the story to compare"))
        self.articles_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.articles_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._articles_menu = QMenu(self.articles_button)
        self.articles_button.setMenu(self._articles_menu)
        self.articles_button.setVisible(False)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._story)
        self.apply_theme()

    def _rebuild_columns(self) -> None:
        # The button lives in the last header; keep it out of the headers about to be deleted.
        self.articles_button.setVisible(False)
        self.articles_button.setParent(self)
        for widget in [*self.panes, *self.headers]:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self.panes, self.headers = [], []
        self._grid.removeWidget(self.strip)
        self._grid.removeWidget(self._strip_head)
        comparison = self.comparison
        if comparison is None:
            return
        for article, compared in enumerate(comparison.articles):
            sentences, furniture = article_counts(comparison, article)
            name = compared.path.replace("\\", "/").rsplit("/", 1)[-1] or self.tr("no file")
            details = f"{name} · {sentences} sentences" + (f" · {furniture} furniture" if furniture else "")
            header = PaneHeader(label(article), compared.source, compared.date, compared.title, details)
            pane = ComparePane(self, article)
            pane.verticalScrollBar().valueChanged.connect(
                lambda value, a=article: self._pane_scrolled(a, value))
            self._grid.addWidget(header, 0, article)
            self._grid.addWidget(pane, 1, article)
            self._grid.setColumnStretch(article, 1)
            self.headers.append(header)
            self.panes.append(pane)
        count = len(comparison.articles)
        for column in range(count, self._grid.columnCount()):
            self._grid.setColumnStretch(column, 0)
        self._grid.addWidget(self._strip_head, 0, count)
        self._grid.addWidget(self.strip, 1, count)
        self._grid.setRowStretch(1, 1)
        self.headers[-1].top.addWidget(self.articles_button)
        self.articles_button.setVisible(bool(self._story_items))
        self._apply_scrollbar_policy()
        self._style_headers()

    # -- public API ------------------------------------------------------------------------------

    def set_comparison(self, comparison: Comparison) -> None:
        """Show a comparison: every article in its own pane, scrolled to the top, nothing current."""
        self.comparison = comparison
        self._docs.clear()
        self._current = -1
        self.current_rows, self.current_spans = set(), []
        self._all_stops = {s.difference: s for s in stops(comparison, CATEGORIES, ())}
        self._rebuild_columns()
        self.row_tops, self.row_heights = [], []
        self._pending_anchors = None
        self._refresh_rows()
        self._refresh_filters()
        self._stack.setCurrentWidget(self._story)
        self._dirty = True
        self.ensure_layout()   # scroll ranges must exist before anyone scrolls
        self._set_all_scroll(0)
        self.current_changed.emit(-1)

    def clear(self, message: str) -> None:
        """The empty state: no story, only a message ("Select a story in the library", "Comparing…")."""
        self.comparison = None
        self.rows, self._docs, self._marks, self._stops, self._all_stops = [], {}, [], [], {}
        self.find_matches, self.find_index, self._find_text = [], -1, ""
        self.current_rows, self.current_spans = set(), []
        self._rebuild_columns()
        self._empty.setText(message)
        self._stack.setCurrentWidget(self._empty)
        if self._current != -1:
            self._current = -1
            self.current_changed.emit(-1)

    def message(self) -> str:
        return self._empty.text() if self.comparison is None else ""

    def set_filters(self, shown_categories: Iterable[str], hidden_kinds: Iterable[str] = ()) -> None:
        """Show only these categories, and hide these kinds (factual name, number, ...): their
        highlights, ticks and navigation stops go; the counts elsewhere stay."""
        self._shown = set(shown_categories)
        self._hidden_kinds = set(hidden_kinds)
        if self.comparison is None:
            return
        self._refresh_filters()
        if self._current != -1 and self._current not in self.visible_stops():
            self._set_current(-1, flash=False, scroll=False)
        self._update_panes()

    def set_sync_scroll(self, on: bool) -> None:
        """Scroll the panes as one (default). Turning it back on re-levels the rows at the pane last scrolled."""
        self._sync = bool(on)
        self._apply_scrollbar_policy()
        if self._sync and self.panes:
            anchor = self.panes[min(self._last_scrolled, len(self.panes) - 1)]
            self._set_all_scroll(anchor.scroll())

    def sync_scroll(self) -> bool:
        return self._sync

    def set_furniture_mode(self, mode: str) -> None:
        """"dim" shows page furniture small and struck through; "hide" leaves those rows out."""
        if mode not in ("dim", "hide"):
            raise ValueError(f"furniture mode is 'dim' or 'hide', not {mode!r}")
        if mode == self._furniture_mode:
            return
        self._furniture_mode = mode
        if self.comparison is not None:
            self._pending_anchors = self._anchors()   # taken while the old rows still match the tops
            self._refresh_rows()
            self._refresh_find()
            self._relayout()

    def furniture_mode(self) -> str:
        return self._furniture_mode

    def font_size(self) -> float:
        return self._point_size

    def set_font_size(self, point_size: float) -> None:
        size = min(MAX_POINT_SIZE, max(MIN_POINT_SIZE, float(point_size)))
        if size == self._point_size:
            return
        self._point_size = size
        self._docs.clear()
        self._relayout()

    def zoom(self, steps: int) -> None:
        """Ctrl+plus / Ctrl+minus: one point per step."""
        self.set_font_size(self._point_size + steps)

    def set_note_markers(self, markers: dict[int, str]) -> None:
        """Difference index -> "unchecked" | "verified" | "wrong" | "not_important": a glyph in the gutter."""
        self._notes = dict(markers)
        self._place_notes()
        self._dirty = True
        self._update_panes()

    def set_story_articles(self, items: list[tuple[int, str]], shown: list[int]) -> None:
        """The story's articles (id, label) for the "Articles" menu, with those now compared checked."""
        self._story_items = list(items)
        self._articles_menu.clear()
        for article_id, text in items:
            action = QAction(text, self._articles_menu)
            action.setCheckable(True)
            action.setChecked(article_id in shown)
            action.setData(article_id)
            action.toggled.connect(lambda checked, a=action: self._article_toggled(a, checked))
            self._articles_menu.addAction(action)
        self.articles_button.setVisible(bool(items) and self.comparison is not None)

    def apply_theme(self) -> None:
        """Repaint everything in the palette now in use (call after gui.palette.set_theme)."""
        t = theme()
        self._empty.setStyleSheet(f"QLabel#compareEmpty {{ background: {t.pane}; color: {t.secondary}; "
                                  "font-size: 15px; }")
        self._docs.clear()
        self._dirty = True
        self._style_headers()
        self._update_panes()
        self.strip.update()

    # -- navigation ------------------------------------------------------------------------------

    def current_difference(self) -> int:
        return self._current

    def visible_stops(self) -> list[int]:
        """Differences next/previous visit under the filters, in reading order."""
        return [s.difference for s in self._stops]

    def next_difference(self) -> bool:
        return self._step(forward=True)

    def previous_difference(self) -> bool:
        return self._step(forward=False)

    def next_factual(self) -> bool:
        return self._step(forward=True, category="factual")

    def go_to_difference(self, index: int, flash: bool = True) -> bool:
        """Make a difference current: every pane scrolls its row a third of the way down, its spans
        are outlined and briefly flashed, its tick outlined. False when it cannot be shown."""
        if self.comparison is None or not 0 <= index < len(self.comparison.differences):
            return False
        row = difference_row(self.comparison, index)
        if row is None or row not in self._position_of:
            return False
        self._set_current(index, flash=flash, scroll=True)
        return True

    def _step(self, forward: bool, category: str | None = None) -> bool:
        candidates = [s for s in self._stops if category is None or s.category == category]
        if not candidates:
            return False
        if self._current == -1:
            top = self.pane_scroll(0) if self.panes else 0
            chosen = self._first_stop_from(candidates, top, forward)
        elif forward:
            chosen = next((s for s in candidates if s.difference > self._current), None)
        else:
            chosen = next((s for s in reversed(candidates) if s.difference < self._current), None)
        if chosen is None:
            return False
        return self.go_to_difference(chosen.difference)

    def _first_stop_from(self, candidates: list[Stop], top: int, forward: bool) -> Stop | None:
        """With nothing current, start from what the editor is looking at, not from the top."""
        self.ensure_layout()
        placed = [(s, self.row_tops[self._position_of[s.row]]) for s in candidates if s.row in self._position_of]
        if forward:
            return next((s for s, y in placed if y >= top), placed[-1][0] if placed else None)
        bottom = top + self._viewport_height()
        return next((s for s, y in reversed(placed) if y < bottom), placed[0][0] if placed else None)

    def _set_current(self, index: int, flash: bool, scroll: bool) -> None:
        comparison = self.comparison
        self._current = index
        self.current_rows, self.current_spans = set(), []
        if comparison is not None and index >= 0:
            stop = self._all_stops.get(index)
            if stop is not None and stop.whole_row:
                self.current_rows = set(covered_rows(comparison, index))
            else:
                self.current_spans = list(stop.spans) if stop else []
            self.current_rows.add(difference_row(comparison, index))
            if scroll:
                self._scroll_row_to_third(self._position_of[difference_row(comparison, index)])
        self.strip.set_current(index)
        self._flash.stop()
        self.flash_level = 0.0
        if flash and index >= 0:
            self.flash_level = 1.0
            self._flash.start()
        self._update_panes()
        self.current_changed.emit(index)

    def _flash_step(self, value: float) -> None:
        self.flash_level = float(value)
        self._update_panes()

    # -- find ------------------------------------------------------------------------------------

    def find(self, text: str, forward: bool = True) -> int:
        """Case-insensitive search in every pane; scrolls to and marks the next (or previous) match.
        Returns how many matches there are in all."""
        if text != self._find_text:
            self._find_text = text
            self.find_matches = find_matches(self.rows, text)
            self.find_index = -1
        count = len(self.find_matches)
        if not count:
            self._update_panes()
            return 0
        if self.find_index == -1:
            self.ensure_layout()
            top = self.pane_scroll(0) if self.panes else 0
            after = [i for i, m in enumerate(self.find_matches) if self.row_tops[m[0]] >= top]
            self.find_index = (after[0] if after else 0) if forward else ((after[0] - 1) % count if after else count - 1)
        else:
            self.find_index = (self.find_index + (1 if forward else -1)) % count
        self._scroll_row_to_third(self.find_matches[self.find_index][0])
        self._update_panes()
        return count

    def clear_find(self) -> None:
        self._find_text, self.find_matches, self.find_index = "", [], -1
        self._update_panes()

    def find_match(self) -> tuple[int, int, int, int] | None:
        """Test hook: the marked match as (comparison row, article, start, end) in body offsets."""
        if self.find_index < 0:
            return None
        position, article, start, end = self.find_matches[self.find_index]
        return self.rows[position].index, article, start, end

    def _refresh_find(self) -> None:
        if self._find_text:
            self.find_matches = find_matches(self.rows, self._find_text)
            self.find_index = min(self.find_index, len(self.find_matches) - 1)

    # -- test hooks ------------------------------------------------------------------------------

    def pane_count(self) -> int:
        return len(self.panes)

    def pane_scroll(self, index: int) -> int:
        """Vertical offset of pane `index` in content pixels."""
        return self.panes[index].scroll()

    def row_top(self, row: int) -> int:
        """Top of comparison row `row` in content coordinates (shared by every pane); -1 when hidden."""
        self.ensure_layout()
        position = self._position_of.get(row)
        return -1 if position is None else self.row_tops[position]

    def row_height(self, row: int) -> int:
        self.ensure_layout()
        position = self._position_of.get(row)
        return 0 if position is None else self.row_heights[position]

    def current_row(self) -> int:
        """The comparison row of the current difference, -1 when nothing is current."""
        if self.comparison is None or self._current < 0:
            return -1
        row = difference_row(self.comparison, self._current)
        return -1 if row is None else row

    def painted_categories(self) -> set[str]:
        """Categories with at least one highlight painted under the filters."""
        return {mark.category for marks in self._marks for mark in marks}

    def cell_text(self, row: int, article: int) -> str:
        """The plain text of a cell's document ("" for a gap): what the editor reads."""
        position = self._position_of.get(row)
        if position is None or self.rows[position].cells[article] is None:
            return ""
        return self.cell_doc(position, article).plain_text()

    def tick_position(self, difference: int) -> QPoint | None:
        """Where the difference's tick is in the overview strip (strip coordinates), None without one."""
        self.ensure_layout()
        y = self.strip.tick_y(difference)
        return None if y < 0 else QPoint(self.strip.width() // 2, y)

    # -- layout (shared by all panes, so rows stay level) ----------------------------------------

    def cell_doc(self, position: int, article: int) -> CellDoc:
        row = self.rows[position]
        key = (row.index, article)
        doc = self._docs.get(key)
        if doc is None:
            cell = row.cells[article]
            assert cell is not None
            doc = build_cell_doc(cell, self._marks[article], self._point_size, theme())
            doc.doc.setTextWidth(self._doc_width(article, bool(cell.furniture)))
            self._docs[key] = doc
        return doc

    def _doc_width(self, article: int, furniture: bool) -> int:
        width = self.panes[article].text_width() if article < len(self.panes) else 400
        # The kind label takes the right of a furniture row, but never more than a third of a narrow pane.
        return max(40, width - min(FURNITURE_LABEL_WIDTH, width // 3)) if furniture else width

    def pane_resized(self) -> None:
        self._dirty = True
        self._relayout_timer.start()

    def _relayout_now(self) -> None:
        self.ensure_layout()
        self._update_panes()

    def _relayout(self) -> None:
        self._dirty = True
        self.ensure_layout()
        self._update_panes()

    def ensure_layout(self) -> None:
        """Lay out every cell at its pane's width and give each row the height of its tallest cell."""
        if self.comparison is None or not self.panes:
            return
        widths = tuple(p.text_width() for p in self.panes)
        if not self._dirty and widths == self._laid_out_widths:
            return
        anchors = self._pending_anchors if self._pending_anchors is not None else self._anchors()
        self._pending_anchors = None
        self._dirty = False
        self._laid_out_widths = widths
        line = self.gutter_line_height()
        tops, heights, y = [], [], 0
        for position, row in enumerate(self.rows):
            height = 0
            for article, cell in enumerate(row.cells):
                if cell is None:
                    continue
                doc = self.cell_doc(position, article)
                doc.doc.setTextWidth(self._doc_width(article, bool(cell.furniture)))
                pad = FURNITURE_PAD_Y if cell.furniture else PAD_Y
                height = max(height, math.ceil(doc.height()) + 2 * pad)
            if not row.furniture:
                lines = 1 + max(len(q) for q in row.quotes) + int(row.moved) + int(self._has_notes(row.index))
                height = max(height, 2 * PAD_Y + 4 + lines * line, 34)
            tops.append(y)
            heights.append(height)
            y += height
        self.row_tops, self.row_heights, self.total_height = tops, heights, y
        self._update_scroll_ranges()
        self._restore_anchors(anchors)
        self._update_ticks()

    def rows_between(self, top: int, bottom: int) -> range:
        return rows_between(self.row_tops, self.row_heights, top, bottom)

    def _viewport_height(self) -> int:
        return self.panes[0].viewport().height() if self.panes else 0

    def _update_scroll_ranges(self) -> None:
        view = self._viewport_height()
        self._syncing = True
        try:
            for pane in self.panes:
                bar = pane.verticalScrollBar()
                bar.setRange(0, max(0, self.total_height - view))
                bar.setPageStep(max(1, view))
                bar.setSingleStep(max(12, self.gutter_line_height() * 2))
        finally:
            self._syncing = False
        self._update_strip_window()

    def _anchors(self) -> list[tuple[int, float]]:
        """Per pane: the row at its top and how far into it, so a relayout (resize, zoom, furniture
        shown or hidden) keeps the editor's place instead of jumping."""
        found = []
        for pane in self.panes:
            positions = self.rows_between(pane.scroll(), pane.scroll() + 1) if self.row_tops else range(0)
            if not positions or positions[0] >= len(self.rows):
                found.append((-1, 0.0))
                continue
            position = positions[0]
            found.append((self.rows[position].index,
                          (pane.scroll() - self.row_tops[position]) / max(1, self.row_heights[position])))
        return found

    def _restore_anchors(self, anchors: list[tuple[int, float]]) -> None:
        self._syncing = True
        try:
            for pane, (row, fraction) in zip(self.panes, anchors):
                position = self._position_of.get(row)
                if position is not None:
                    pane.verticalScrollBar().setValue(
                        self.row_tops[position] + round(fraction * self.row_heights[position]))
        finally:
            self._syncing = False
        self._update_strip_window()

    # -- scrolling -------------------------------------------------------------------------------

    def _pane_scrolled(self, article: int, value: int) -> None:
        if self._syncing:
            return
        self._last_scrolled = article
        if self._sync:
            self._syncing = True   # the re-entrancy guard: panes must not feed each other's events
            try:
                for pane in self.panes:
                    if pane.article != article:
                        pane.verticalScrollBar().setValue(value)
            finally:
                self._syncing = False
        self._update_strip_window()

    def _set_all_scroll(self, value: int) -> None:
        self.ensure_layout()
        self._syncing = True
        try:
            for pane in self.panes:
                pane.verticalScrollBar().setValue(value)
        finally:
            self._syncing = False
        self._update_strip_window()

    def _scroll_row_to_third(self, position: int) -> None:
        self.ensure_layout()
        self._set_all_scroll(max(0, self.row_tops[position] - self._viewport_height() // 3))

    def _strip_scroll(self, fraction: float) -> None:
        self.ensure_layout()
        self._set_all_scroll(round(fraction * self.total_height - self._viewport_height() / 2))

    def _apply_scrollbar_policy(self) -> None:
        # In sync mode the strip is the one scroll bar (as in the mockup); alone, each pane needs its own.
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff if self._sync else Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        for pane in self.panes:
            pane.setVerticalScrollBarPolicy(policy)

    def _update_strip_window(self) -> None:
        if not self.panes or self.total_height <= 0:
            return
        top = self.pane_scroll(min(self._last_scrolled, len(self.panes) - 1))
        view = self._viewport_height()
        self.strip.set_window(top / self.total_height, min(1.0, (top + view) / self.total_height))

    # -- data refresh ----------------------------------------------------------------------------

    def _refresh_rows(self) -> None:
        assert self.comparison is not None
        self.rows = view_rows(self.comparison, hide_furniture=self._furniture_mode == "hide")
        self._position_of = {row.index: position for position, row in enumerate(self.rows)}
        self._place_notes()

    def _refresh_filters(self) -> None:
        comparison = self.comparison
        assert comparison is not None
        hidden = hidden_differences(comparison, self._shown, self._hidden_kinds)
        self._marks = [article_marks(comparison, article, hidden) for article in range(len(comparison.articles))]
        self._stops = [s for s in stops(comparison, self._shown, self._hidden_kinds) if s.row in self._position_of]
        self._docs.clear()
        self._dirty = True
        self._update_ticks()

    def _update_ticks(self) -> None:
        if not self.row_tops or self.total_height <= 0:
            self.strip.set_ticks([], self._current)
            return
        per_row: dict[int, list[Stop]] = {}
        for stop in self._stops:
            per_row.setdefault(stop.row, []).append(stop)
        ticks = []
        for row, group in per_row.items():
            position = self._position_of[row]
            for k, stop in enumerate(group):
                # Spread a row's ticks over its height so each stays clickable.
                y = self.row_tops[position] + self.row_heights[position] * (k + 0.5) / len(group)
                ticks.append(Tick(stop.difference, y / self.total_height, stop.category))
        self.strip.set_ticks(ticks, self._current)

    def _place_notes(self) -> None:
        """Each note marker goes beside its difference's row, in the first pane where it has text."""
        self._note_slots = {}
        if self.comparison is None:
            return
        for index, status in sorted(self._notes.items()):
            if not 0 <= index < len(self.comparison.differences):
                continue
            row = difference_row(self.comparison, index)
            if row is None:
                continue
            difference = self.comparison.differences[index]
            articles = [s.article for s in difference.sides if s.start is not None] or [0]
            cells = self.comparison.rows[row].sentences
            article = next((a for a in articles if cells[a]), next((a for a, c in enumerate(cells) if c), 0))
            self._note_slots.setdefault((row, article), []).append(status)

    def _has_notes(self, row: int) -> bool:
        return any(key[0] == row for key in self._note_slots)

    def note_glyphs(self, row: int, article: int) -> list[tuple[str, str]]:
        t = theme()
        colours = {"verified": t.verified_text, "wrong": t.wrong_text, "not_important": t.secondary,
                   "unchecked": t.quote_mark}
        return [(STATUS_GLYPHS.get(status, "○"), colours.get(status, t.secondary))
                for status in self._note_slots.get((row, article), [])]

    # -- pointer ---------------------------------------------------------------------------------

    def _hit(self, article: int, point: QPointF) -> tuple[int, CellDoc | None, int | None]:
        """(row position, cell document, body offset) under a viewport point of a pane."""
        self.ensure_layout()
        if not self.panes:
            return -1, None, None
        y = point.y() + self.pane_scroll(article)
        positions = self.rows_between(int(y), int(y) + 1)
        if not positions:
            return -1, None, None
        position = positions[0]
        cell = self.rows[position].cells[article]
        if cell is None:
            return position, None, None
        doc = self.cell_doc(position, article)
        pad = FURNITURE_PAD_Y if cell.furniture else PAD_Y
        local = QPointF(point.x() - GUTTER, y - self.row_tops[position] - pad)
        return position, doc, doc.hit(local) if local.x() >= 0 and local.y() >= 0 else None

    def difference_at(self, article: int, point: QPointF) -> int | None:
        """The difference whose highlight is under the point; in the margin, a whole-row one."""
        position, doc, offset = self._hit(article, point)
        if position < 0:
            return None
        if doc is not None and offset is not None:
            for mark in doc.marks:
                if mark.start <= offset < mark.end:
                    return mark.difference
        row = self.rows[position]
        if point.x() < GUTTER and row.cells[article] is not None:
            shown = set(self.visible_stops())
            return next((d for d in row.whole if d in shown), None)
        return None

    def tooltip_at(self, article: int, point: QPointF) -> str:
        difference = self.difference_at(article, point)
        if difference is not None and self.comparison is not None:
            return self.comparison.differences[difference].explanation
        position, doc, _ = self._hit(article, point)
        if position < 0:
            return ""
        row = self.rows[position]
        notes = []
        if row.mark_tip and row.cells[article] is not None:
            notes.append(row.mark_tip)
        if row.moved and point.x() < GUTTER:
            notes.append(self.tr("Moved: this passage comes at another point in the other articles"))
        return " · ".join(notes)

    def pane_clicked(self, article: int, point: QPointF) -> None:
        difference = self.difference_at(article, point)
        if difference is not None:
            self.go_to_difference(difference)

    # -- painting helpers ------------------------------------------------------------------------

    def small_font(self, scale: float = 0.8) -> QFont:
        font = QFont()
        font.setPointSizeF(max(6.0, self._point_size * scale))
        return font

    def gutter_line_height(self) -> int:
        return QFontMetrics(self.small_font()).height() + 1

    def _update_panes(self) -> None:
        for pane in self.panes:
            pane.viewport().update()

    def _style_headers(self) -> None:
        t = theme()
        self._story.setStyleSheet(
            f"QFrame#paneHeader {{ background: {t.pane}; border-bottom: 1px solid {t.gap_hatch}; "
            f"border-right: 1px solid {t.gap_hatch}; }}"
            f"QFrame#paneHeader QLabel {{ color: {t.text}; background: transparent; border: none; }}"
            f"QFrame#paneHeader QLabel#paneBadge {{ background: {t.text}; color: {t.pane}; font-weight: 600; border-radius: 2px; }}"
            f"QFrame#paneHeader QLabel#paneOutlet {{ font-weight: 600; }}"
            f"QFrame#paneHeader QLabel#paneOutletMissing {{ font-style: italic; }}"
            f"QFrame#paneHeader QLabel#paneDate, QFrame#paneHeader QLabel#paneDetails "
            f"{{ color: {t.secondary}; }}"
            f"QToolButton#articlesButton {{ color: {t.secondary}; border: 1px solid {t.gap_hatch}; "
            f"border-radius: 3px; padding: 0px 4px; background: {t.window}; }}")

    def _article_toggled(self, action: QAction, checked: bool) -> None:
        chosen = [a.data() for a in self._articles_menu.actions() if a.isChecked()]
        if len(chosen) < 2:
            # A comparison needs two articles: undo the uncheck instead of emitting a useless list.
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)
            return
        self.shown_articles_changed.emit(chosen)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(theme().window))
        painter.end()
