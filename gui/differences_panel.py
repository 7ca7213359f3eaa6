"""The right-hand panel: the differences of a comparison, grouped and filterable, then its quotes.

It draws what core.panel_items decides (groups, order, labels, counts, quote cards) and holds no
analysis. The editor's verdicts go out as `note_changed`; whoever stores notes sends them back with
`set_notes`. Meanwhile the panel shows the new status at once, so a click never looks ignored.
The lists' rows are drawn by gui.difference_list and gui.quotes_panel, the filter chips by gui.filter_chips.

Signals:
    difference_activated(int)      a listed difference was clicked or reached with the keyboard
    quote_activated(int)           a quote card or one-article quote was clicked (index into comparison.quotes)
    filters_changed(set, set)      shown categories, hidden kind keys (see core.panel_items.kind_key)
    status_filter_changed(str)     one of core.panel_items.STATUS_FILTERS
    note_changed(str, str, str, str, list)  key, status, text, label, article ids
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QActionGroup, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QMenu, QSplitter, QToolButton, QVBoxLayout, \
    QWidget

from core.compare import Comparison
from core.notes import Note, difference_key
from core.panel_items import (
    CATEGORIES, CATEGORY_LABELS, STATUS_FILTER_LABELS, STATUS_FILTERS, UNNAMED, QuoteCard, article_ids,
    cards_of_speakers, category_counts, group_differences, kind_counts, kind_label, one_article_quotes, quote_cards,
    speaker_counts,
)
from gui.difference_list import INDEX_ROLE, NOTE_ROLE, ROW_ROLE, DifferenceDelegate, DifferenceModel
from gui.filter_chips import ChipFlow, FilterChip
from gui.note_editor import NoteEditor, status_menu
from gui.palette import application_palette, theme
from gui.quotes_panel import QuoteDelegate, QuoteModel, quote_rows
from gui.zone_list import zone_list


def _scrollbar_style() -> str:
    """A slim scroll bar as in the mockup (Fusion's arrows take room the 344 px panel lacks)."""
    handle = QColor(theme().secondary)
    handle.setAlphaF(0.45)
    rgba = f"rgba({handle.red()},{handle.green()},{handle.blue()},{handle.alpha()})"
    # The list's own colours go in the style sheet too: once a widget has a style sheet, Qt keeps
    # the palette it had when the sheet was first applied, and a theme switch would not reach it.
    return (f"QListView{{background:{theme().pane};color:{theme().text};}}"
            "QScrollBar:vertical{background:transparent;width:9px;margin:2px 1px 2px 0;}"
            f"QScrollBar::handle:vertical{{background:{rgba};border-radius:3px;min-height:28px;}}"
            "QScrollBar::add-line:vertical,QScrollBar::sub-line:vertical{height:0;}"
            "QScrollBar::add-page:vertical,QScrollBar::sub-page:vertical{background:none;}")


# --- the panel ------------------------------------------------------------------------------------

class DifferencesPanel(QWidget):
    difference_activated = Signal(int)
    quote_activated = Signal(int)
    filters_changed = Signal(object, object)
    status_filter_changed = Signal(str)
    note_changed = Signal(str, str, str, str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("differencesPanel")
        self._comparison: Comparison | None = None
        self._notes: dict[str, Note] = {}
        self._shown: set[str] = set(CATEGORIES)
        self._hidden: set[str] = set()
        self._status = "all"
        self._current = -1
        self._cards: list[QuoteCard] = []
        self._speakers: set[str] = set()          # the speaker filter (UNNAMED for "speaker not named"); empty: all
        self._speaker_counts: list[tuple[str, int]] | None = None     # what the speakers menu lists
        self._menu: QMenu | None = None
        self._editor: NoteEditor | None = None
        self._build()
        self.apply_theme()
        self.clear()

    # construction ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self.tr("Differences"))
        self.count_label = QLabel()
        self.status_button = self._status_button()
        header = self._header_row(self.title, self.count_label, self.status_button)
        self._category_chips = {c: FilterChip(c, CATEGORY_LABELS[c], 0, c) for c in CATEGORIES}
        chips = QHBoxLayout()
        chips.setContentsMargins(10, 2, 10, 4)
        chips.setSpacing(6)
        for chip in self._category_chips.values():
            chip.toggled.connect(self._category_toggled)
            chips.addWidget(chip)
        self._kind_host = ChipFlow()
        self._kind_chips: dict[str, FilterChip] = {}

        self.model = DifferenceModel(self)
        self.view, self.delegate = zone_list("differencesList", self.model, DifferenceDelegate)
        self.view.zone_clicked.connect(self._difference_zone_clicked)
        self.view.moved.connect(lambda index: self._emit_activated(self.model.difference_at(index.row())))

        top = QWidget()
        top.setObjectName("differencesSection")
        box = QVBoxLayout(top)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(header)
        box.addLayout(chips)
        box.addWidget(self._kind_host)
        box.addWidget(self.view, 1)

        self.quotes_title = QLabel(self.tr("Quotes"))
        self.quotes_count = QLabel()
        self.quote_model = QuoteModel(self)
        self.quote_view, self.quote_delegate = zone_list("quotesList", self.quote_model, QuoteDelegate)
        self.quote_view.zone_clicked.connect(self._quote_zone_clicked)
        self.quote_view.moved.connect(lambda index: self._emit_quote(self.quote_model.quote_at(index.row())))
        self.quote_view.placeholder = self.tr("No quotes.")
        bottom = QWidget()
        bottom.setObjectName("quotesSection")
        box = QVBoxLayout(bottom)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.speakers_button = self._speakers_button()
        box.addLayout(self._header_row(self.quotes_title, self.quotes_count, self.speakers_button))
        box.addWidget(self.quote_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _header_row(self, title: QLabel, count: QLabel, extra: QWidget | None) -> QHBoxLayout:
        bold = QFont(self.font())
        bold.setBold(True)
        title.setFont(bold)
        for label in (title, count):
            label.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.setContentsMargins(10, 7, 6, 5)
        row.setSpacing(6)
        row.addWidget(title)
        row.addWidget(count)
        row.addStretch(1)
        if extra is not None:
            row.addWidget(extra)
        return row

    @staticmethod
    def _menu_button(name: str) -> tuple[QToolButton, QMenu]:
        """A flat header button that opens its menu ("All statuses ▾", "Speakers ▾"): both headers match."""
        button = QToolButton()
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(button)
        button.setMenu(menu)
        button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        return button, menu

    def _status_button(self) -> QToolButton:
        button, menu = self._menu_button("statusFilter")
        group = QActionGroup(menu)
        self._status_actions = {}
        for status in STATUS_FILTERS:
            action = menu.addAction(STATUS_FILTER_LABELS[status])
            action.setCheckable(True)
            action.setData(status)
            group.addAction(action)
            self._status_actions[status] = action
        menu.triggered.connect(lambda action: self._status_chosen(action.data()))
        return button

    def _speakers_button(self) -> QToolButton:
        button, menu = self._menu_button("speakerFilter")
        menu.triggered.connect(self._speaker_chosen)
        return button

    # public API -----------------------------------------------------------------------------------
    def set_comparison(self, comparison: Comparison | None, notes: Mapping[str, Note] | None = None) -> None:
        """Show a comparison (None clears); filters stay as they are (they are the editor's habit)."""
        self._comparison = comparison
        self._notes = dict(notes or {})
        self._current = -1
        self._speakers = set()                     # a speaker filter belongs to one story
        self._rebuild_kind_chips()
        self._refresh_counts()
        self._refresh_list()
        self._refresh_quotes()
        self.view.scrollToTop()
        self.quote_view.scrollToTop()

    def clear(self) -> None:
        self.set_comparison(None)

    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_notes(self, notes: Mapping[str, Note]) -> None:
        """The stored notes (keyed by core.notes keys), e.g. after note_changed was saved."""
        self._notes = dict(notes)
        self._refresh_list(keep_scroll=True)
        self._refresh_quotes(keep_scroll=True)

    def notes(self) -> dict[str, Note]:
        return dict(self._notes)

    def set_current(self, index: int) -> None:
        """Select and scroll to difference `index` without emitting (the window already moved there)."""
        self._current = index
        self._select(index, scroll=True)

    def current(self) -> int:
        return self._current

    def filters(self) -> tuple[set[str], set[str]]:
        return set(self._shown), set(self._hidden)

    def set_filters(self, shown: Iterable[str], hidden: Iterable[str]) -> None:
        """Restore filters (e.g. from settings) without emitting filters_changed."""
        self._shown = {c for c in shown if c in CATEGORIES}
        self._hidden = set(hidden)
        self._sync_chips()
        self._refresh_list()

    def status_filter(self) -> str:
        return self._status

    def set_status_filter(self, status: str) -> None:
        """Show only items with this status (one of STATUS_FILTERS), without emitting."""
        self._status = status if status in STATUS_FILTERS else "all"
        self._sync_status_button()
        self._refresh_list()

    def apply_theme(self) -> None:
        """Repaint in gui.palette.theme() (call after set_theme)."""
        t = theme()
        self.setPalette(application_palette(t))
        self.setAutoFillBackground(True)
        for view in (self.view, self.quote_view):
            view.setPalette(application_palette(t))
            view.setStyleSheet(_scrollbar_style())
            view.viewport().setAutoFillBackground(True)
            view.viewport().update()
        for label in (self.count_label, self.quotes_count):
            palette = label.palette()
            palette.setColor(label.foregroundRole(), QColor(t.secondary))
            label.setPalette(palette)
        for chip in [*self._category_chips.values(), *self._kind_chips.values()]:
            chip.update()
        self.update()

    def visible_items(self) -> list[int]:
        """Difference indices listed now, in list order."""
        found = (self.model.difference_at(r) for r in range(self.model.rowCount()))
        return [index for index in found if index >= 0]

    def item_rect(self, index: int) -> QRect:
        """Where difference `index` is drawn, in the list's viewport (an empty rect when not listed)."""
        row = self.model.row_of(index)
        return self.view.visualRect(self.model.index(row)) if row >= 0 else QRect()

    def activate(self, index: int) -> None:
        """As if the editor clicked difference `index`: select it and emit difference_activated."""
        self._select(index, scroll=True)
        self._emit_activated(index)

    def set_status(self, index: int, status: str) -> None:
        """As if chosen from the item's chip menu: emits note_changed."""
        key, label = self._difference_note_target(index)
        self._save_note(key, status, self._note(key).text, label)

    def set_note(self, index: int, text: str) -> None:
        """As if saved in the item's note editor: emits note_changed."""
        key, label = self._difference_note_target(index)
        self._save_note(key, self._note(key).status, text, label)

    def set_quote_status(self, quote: int, status: str) -> None:
        card = self._card(quote)
        self._save_note(card.key, status, self._note(card.key).text, card.label)

    def set_quote_note(self, quote: int, text: str) -> None:
        card = self._card(quote)
        self._save_note(card.key, self._note(card.key).status, text, card.label)

    def quote_count(self) -> int:
        """Quotes of the comparison (shared cards and one-article quotes), whatever the speaker filter."""
        return len(self._cards)

    def quote_cards(self) -> list[QuoteCard]:
        return list(self._cards)

    def listed_quotes(self) -> list[int]:
        """Quote indices listed now (after the speaker filter), in list order."""
        found = (self.quote_model.quote_at(r) for r in range(self.quote_model.rowCount()))
        return [index for index in found if index >= 0]

    def speaker_filter(self) -> set[str]:
        """The chosen speakers (core.panel_items.UNNAMED for "speaker not named"); empty when all are shown."""
        return set(self._speakers)

    def set_speaker_filter(self, speakers: Iterable[str]) -> None:
        """List only the quote cards in which one of `speakers` speaks; none (or unknown names only) lists all."""
        known = {name for name, _ in speaker_counts(self._cards)}
        self._speakers = set(speakers) & known
        self._refresh_quotes()
        self.quote_view.scrollToTop()

    def quote_rect(self, quote: int) -> QRect:
        row = self.quote_model.row_of_quote(quote)
        return self.quote_view.visualRect(self.quote_model.index(row)) if row >= 0 else QRect()

    def chip(self, key: str) -> FilterChip | None:
        """The filter chip of a category ("factual") or a factual kind key ("number", "omission:A")."""
        return self._category_chips.get(key) or self._kind_chips.get(key)

    def kind_chip_keys(self) -> list[str]:
        return list(self._kind_chips)

    def open_status_menu(self, index: int, at: QPoint | None = None, quote: bool = False) -> QMenu:
        """The chip's menu for difference `index` (or quote `index`), popped up at `at`."""
        key = self._card(index).key if quote else self._difference_note_target(index)[0]
        menu = status_menu(self, self._note(key).status)
        setter = self.set_quote_status if quote else self.set_status
        menu.triggered.connect(lambda action: setter(index, action.data()))
        self._menu = menu
        menu.popup(at or self.mapToGlobal(self.rect().center()))
        return menu

    def open_note_editor(self, index: int, quote: bool = False) -> NoteEditor:
        """The note editor for difference `index` (or quote `index`); Save emits note_changed."""
        if quote:
            key, label = self._card(index).key, self._card(index).label
        else:
            key, label = self._difference_note_target(index)
        editor = NoteEditor(self, label, self._note(key).text)
        editor.saved.connect(lambda text: self._save_note(key, self._note(key).status, text, label))
        self._editor = editor
        editor.open()
        return editor

    # internals ------------------------------------------------------------------------------------
    def _note(self, key: str) -> Note:
        return self._notes.get(key) or Note(key)

    def _difference_note_target(self, index: int) -> tuple[str, str]:
        if self._comparison is None or not 0 <= index < len(self._comparison.differences):
            raise IndexError(f"no difference {index}")
        return difference_key(self._comparison, index), self._comparison.differences[index].explanation

    def _card(self, quote: int) -> QuoteCard:
        card = next((c for c in self._cards if c.index == quote), None)
        if card is None:
            raise IndexError(f"no quote {quote}")
        return card

    def _save_note(self, key: str, status: str, text: str, label: str) -> None:
        assert self._comparison is not None
        ids = article_ids(self._comparison)
        self._notes[key] = Note(key, status, text, label, ",".join(str(i) for i in sorted(set(ids))))
        self._refresh_list(keep_scroll=True)
        self._refresh_quotes(keep_scroll=True)
        self.note_changed.emit(key, status, text, label, ids)

    def _emit_activated(self, index: int) -> None:
        if index is not None and index >= 0:
            self._current = index
            self.difference_activated.emit(index)

    def _emit_quote(self, quote: int) -> None:
        if quote is not None and quote >= 0:
            self.quote_activated.emit(quote)

    def _difference_zone_clicked(self, index: QModelIndex, zone: str, at: QPoint) -> None:
        difference = self.model.difference_at(index.row())
        if zone == "chip":
            self.open_status_menu(difference, at)
        elif zone == "note":
            self.open_note_editor(difference)
        else:
            self._emit_activated(difference)

    def _quote_zone_clicked(self, index: QModelIndex, zone: str, at: QPoint) -> None:
        quote = self.quote_model.quote_at(index.row())
        if zone == "chip":
            self.open_status_menu(quote, at, quote=True)
        elif zone == "note":
            self.open_note_editor(quote, quote=True)
        else:
            self._emit_quote(quote)

    def _select(self, index: int, scroll: bool) -> None:
        row = self.model.row_of(index)
        selection = self.view.selectionModel()
        if row < 0:
            selection.clear()
            return
        model_index = self.model.index(row)
        selection.setCurrentIndex(model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if scroll:
            self.view.scrollTo(model_index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _category_toggled(self, _checked: bool) -> None:
        self._shown = {c for c, chip in self._category_chips.items() if chip.isChecked()}
        self._filters_edited()

    def _kind_toggled(self, _checked: bool) -> None:
        # Keys of kinds this comparison lacks stay hidden: the filter is the editor's, not the story's.
        present = set(self._kind_chips)
        self._hidden = {k for k in self._hidden if k not in present}
        self._hidden |= {k for k, chip in self._kind_chips.items() if not chip.isChecked()}
        self._filters_edited()

    def _filters_edited(self) -> None:
        self._sync_chips()
        self._refresh_list(keep_scroll=True)
        self.filters_changed.emit(set(self._shown), set(self._hidden))

    def _status_chosen(self, status: str) -> None:
        self.set_status_filter(status)
        self.status_filter_changed.emit(self._status)

    def _speaker_chosen(self, action) -> None:
        if action.data() is None:                  # "All speakers"
            self.set_speaker_filter(())
        else:
            menu = self.speakers_button.menu()
            self.set_speaker_filter(a.data() for a in menu.actions() if a.data() is not None and a.isChecked())

    def _speaker_label(self, name: str) -> str:
        return name if name != UNNAMED else self.tr("speaker not named")

    def _sync_speakers_button(self) -> None:
        """The menu lists this story's speakers with their card counts; the button names the filter."""
        menu = self.speakers_button.menu()
        counts = speaker_counts(self._cards)
        if counts != self._speaker_counts:
            # Rebuilt only when the story's speakers change: never while one of its actions is being triggered.
            self._speaker_counts = counts
            menu.clear()
            everyone = menu.addAction(self.tr("All speakers"))
            everyone.setCheckable(True)
            menu.addSeparator()
            for name, count in counts:
                # After the tab the count is drawn in the shortcut column, right-aligned as in a legend.
                action = menu.addAction(self._speaker_label(name).replace("&", "&&") + f"\t{count}")
                action.setCheckable(True)
                action.setData(name)
        for action in menu.actions():
            if action.isCheckable():
                action.setChecked(action.data() in self._speakers if action.data() is not None else not self._speakers)
        button = self.speakers_button
        button.setEnabled(bool(self._cards))
        if not self._speakers:
            text, tip = self.tr("Speakers"), self.tr("Show only the quotes of some speakers")
        elif len(self._speakers) == 1:
            name = self._speaker_label(next(iter(self._speakers)))
            text = button.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, 140)
            tip = self.tr("Quotes of {0}").format(name)
        else:
            labels = sorted((self._speaker_label(n) for n in self._speakers), key=str.casefold)
            text = self.tr("Speakers: {0}").format(len(labels))
            tip = self.tr("Quotes of {0}").format(", ".join(labels))
        button.setText(text.replace("&", "&&") + " ▾")
        button.setToolTip(tip)
        button.setAccessibleName(tip)

    def _sync_status_button(self) -> None:
        self._status_actions[self._status].setChecked(True)
        self.status_button.setText(STATUS_FILTER_LABELS[self._status] + " ▾")

    def _sync_chips(self) -> None:
        for category, chip in self._category_chips.items():
            chip.blockSignals(True)
            chip.setChecked(category in self._shown)
            chip.blockSignals(False)
        for key, chip in self._kind_chips.items():
            chip.blockSignals(True)
            chip.setChecked(key not in self._hidden)
            chip.setEnabled("factual" in self._shown)
            chip.blockSignals(False)
            chip.update()

    def _rebuild_kind_chips(self) -> None:
        counts = kind_counts(self._comparison) if self._comparison is not None else {}
        self._kind_chips = {}
        for key, count in counts.items():
            chip = FilterChip(key, kind_label(key), count)
            chip.toggled.connect(self._kind_toggled)
            self._kind_chips[key] = chip
        self._kind_host.set_chips(list(self._kind_chips.values()))
        self._kind_host.setVisible(bool(counts))
        self._sync_chips()
        self._sync_status_button()

    def _refresh_counts(self) -> None:
        counts = category_counts(self._comparison) if self._comparison is not None else dict.fromkeys(CATEGORIES, 0)
        for category, chip in self._category_chips.items():
            chip.count = counts.get(category, 0)
            chip.setAccessibleName(f"{chip.label} {chip.count}")
            chip.updateGeometry()
            chip.update()
        self.count_label.setText(str(sum(counts.values())) if self._comparison is not None else "")

    def _refresh_list(self, keep_scroll: bool = False) -> None:
        scroll = self.view.verticalScrollBar().value()
        groups = [] if self._comparison is None else group_differences(
            self._comparison, self._shown, self._hidden, self._notes, self._status)
        self.delegate.reset()
        self.model.set_groups(groups)
        self.view.placeholder = self._empty_text()
        self._select(self._current, scroll=False)
        if keep_scroll:
            self.view.verticalScrollBar().setValue(scroll)

    def _empty_text(self) -> str:
        if self._comparison is None:
            return self.tr("Choose a story to see how its articles differ.")
        if not self._comparison.differences:
            return self.tr("The articles say the same thing.")
        return self.tr("Nothing matches the filters.")

    def changeEvent(self, event) -> None:
        # Row heights are cached per width; a new font (or style) changes every one of them.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "quote_delegate"):
            self.delegate.reset()
            self.quote_delegate.reset()
            self.view.doItemsLayout()
            self.quote_view.doItemsLayout()
        super().changeEvent(event)

    def _refresh_quotes(self, keep_scroll: bool = False) -> None:
        scroll = self.quote_view.verticalScrollBar().value()
        comparison = self._comparison
        self._cards = quote_cards(comparison, self._notes) if comparison is not None else []
        listed = cards_of_speakers(self._cards, self._speakers)
        shared = [card for card in listed if card.shared]
        singles = one_article_quotes(comparison, listed) if comparison is not None else []
        self.quote_delegate.reset()
        self.quote_model.set_rows(quote_rows(shared, singles))
        if comparison is None:
            count = ""
        elif self._speakers:
            count = self.tr("{0} of {1}").format(len(listed), len(self._cards))     # the header is narrow
        else:
            count = self.tr("{0} · {1} shared").format(len(self._cards), len(shared))
        self.quotes_count.setText(count)
        self._sync_speakers_button()
        if keep_scroll:
            self.quote_view.verticalScrollBar().setValue(scroll)


__all__ = ["DifferencesPanel", "DifferenceModel", "DifferenceDelegate", "FilterChip", "ChipFlow",
           "INDEX_ROLE", "NOTE_ROLE", "ROW_ROLE"]
