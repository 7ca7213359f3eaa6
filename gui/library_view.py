"""The library column: search, filters, stories (with their articles), sources, all articles.

The view only reads the store and emits what the editor asked for (select a story, merge two,
move or split out an article); the main window carries requests out, and the library's change
notices bring the new state back here. Long lists are lazy (gui.library_models), so a store of
50,000 stories opens as fast as one of three.

The column's parts live beside it: its filters (gui.library_filters), search (gui.library_search),
footer (gui.library_footer), current story (gui.story_selection), editing requests (gui.story_actions),
lists (gui.library_lists), row drawing (gui.library_delegates) and looks (gui.library_style).
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import date

import shiboken6
from PySide6.QtCore import QEvent, QItemSelectionModel, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QToolButton, \
    QVBoxLayout, QWidget

from core import story_queries as q
from core.library import Library
from core.records import ImportLogEntry
from core import search
from gui.article_model import ArticleTableModel
from gui.library_filters import LibraryFiltersMixin
from gui.library_footer import LibraryFooterMixin
from gui.library_lists import MODES, article_list, source_tree, story_tree
from gui.library_models import ARTICLE_ID_ROLE, KIND_ROLE, BadgeSource, SearchHitModel, SourceTreeModel, StoryTreeModel
from gui.library_search import SEARCH_DELAY_MS, LibrarySearchMixin, snippet_document
from gui.library_style import chrome, library_style_sheet, scaled, search_icon
from gui.move_story_dialog import MoveToStoryDialog
from gui.palette import theme
from gui.story_actions import StoryActionsMixin
from gui.story_selection import StorySelectionMixin

__all__ = ["LibraryView", "MoveToStoryDialog", "snippet_document"]   # the last two for callers of the old module


# --- the column -----------------------------------------------------------------------------------------

class LibraryView(LibrarySearchMixin, LibraryFiltersMixin, LibraryFooterMixin, StorySelectionMixin,
                  StoryActionsMixin, QWidget):
    """The library column. Emits selections and story-editing requests; never changes the store."""

    story_selected = Signal(int)
    article_selected = Signal(int)
    merge_requested = Signal(int, int)
    move_requested = Signal(int, int)      # article id, target story id
    split_requested = Signal(int)          # article id
    _changed = Signal(str)                 # library notices, delivered on the GUI thread

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.today: Callable[[], date] = date.today   # replaceable, so date filters are testable
        self._restoring = False
        self._expanded: set[int] = set()
        self._auto_expanded: int | None = None
        self._search_error: str | None = None
        self._mode = "stories"
        self._searching = False
        self._search_capped = False
        self.setObjectName("libraryView")
        self.story_model = StoryTreeModel(library, self)
        self.source_model = SourceTreeModel(library, self)
        self.article_model = ArticleTableModel(library, self)
        self.hit_model = SearchHitModel(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._build()
        self._make_actions()
        self._connect()
        self._apply_style()
        self._refresh_sources_combo()
        self._refresh_counts()
        self._refresh_source_summary()
        self._refresh_import_log()
        self._subscribe()

    # --- building ---

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = QLabel(self.tr("Library"))
        self.header.setObjectName("dockHead")
        self.header.setFixedHeight(28)
        layout.addWidget(self.header)
        layout.addLayout(self._build_search())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_range())
        layout.addLayout(self._build_segments())
        layout.addLayout(self._build_section())
        self.stack = QStackedWidget()
        self.stories = story_tree(self.story_model, self.tr("Stories"),
                                  self.tr("No stories yet. Import articles to group them into stories."))
        self.sources = source_tree(self.source_model, self.tr("Sources"), self.tr("No outlets match the filters."))
        self.articles = article_list(self.article_model, self.tr("All articles"),
                                     self.tr("No articles match the filters."))
        self.stack.addWidget(self.stories)
        self.stack.addWidget(self.sources)
        self.stack.addWidget(self.articles)
        self.stack.addWidget(self._build_results())
        layout.addWidget(self._rule())
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._rule())
        self.footer = self._build_footer()
        layout.addWidget(self.footer)

    @staticmethod
    def _rule() -> QFrame:
        # Hairlines around the lists as separate widgets: a style sheet rule on the item views themselves
        # makes Qt measure every row between the old and new scroll position (all 50,000 on Ctrl+End).
        rule = QFrame()
        rule.setObjectName("rule")
        rule.setFixedHeight(1)
        return rule

    def _build_segments(self) -> QHBoxLayout:
        # A segmented control rather than tabs: three small buttons fit the 222 px column.
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 0)
        row.setSpacing(0)
        labels = {"stories": "Stories", "sources": "Sources", "articles": "All articles"}
        for position, mode in enumerate(MODES):
            button = QToolButton()
            button.setObjectName("segment")
            button.setProperty("segment", ("first", "middle", "last")[position])
            button.setText(self.tr(labels[mode]))
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.mode_group.addButton(button, position)
            self.mode_buttons[mode] = button
            row.addWidget(button)
        self.mode_buttons["stories"].setChecked(True)
        return row

    def _build_section(self) -> QHBoxLayout:
        self.section = QLabel()
        self.section.setObjectName("section")
        self.section.setTextFormat(Qt.TextFormat.RichText)   # only numbers and fixed words go in
        self.section_note = QLabel(self.tr("Newest first"))
        self.section_note.setObjectName("sectionNote")
        row = QHBoxLayout()
        row.setContentsMargins(10, 10, 10, 4)
        row.addWidget(self.section)
        row.addStretch(1)
        row.addWidget(self.section_note)
        return row

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._search_text_changed)
        self.search_box.returnPressed.connect(self.flush_search)
        self.source_filter.currentIndexChanged.connect(self._filters_changed)
        self.date_filter.currentIndexChanged.connect(self._date_choice_changed)
        self.since_edit.dateChanged.connect(self._filters_changed)
        self.until_edit.dateChanged.connect(self._filters_changed)
        self.mode_group.idClicked.connect(lambda position: self.set_mode(MODES[position]))
        self.stories.selectionModel().currentChanged.connect(self._story_current_changed)
        self.stories.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.stories.expanded.connect(lambda index: self._expanded.add(self.story_model.story_of_index(index) or 0))
        self.stories.collapsed.connect(lambda index: self._expanded.discard(self.story_model.story_of_index(index)))
        self.story_model.move_dropped.connect(self._dropped)
        for view in (self.sources, self.articles, self.results):
            view.selectionModel().currentChanged.connect(self._article_current_changed)
        for view in (self.stories, self.sources, self.articles, self.results):
            view.customContextMenuRequested.connect(lambda pos, v=view: self._context_menu(v, pos))
        self.source_summary.itemClicked.connect(self._summary_clicked)
        self._changed.connect(self._library_changed)

    def _subscribe(self) -> None:
        # A weak reference: the library outlives views, and a closed view must not be called back.
        ref = weakref.ref(self)

        def listener(what: str) -> None:
            view = ref()
            if view is not None and shiboken6.isValid(view):
                view._changed.emit(what)

        self._library.subscribe(listener)

    # --- styling ---

    def _apply_style(self) -> None:
        t, c = theme(), chrome()
        self._styled_theme = t.name
        self.setStyleSheet(library_style_sheet(t, c))
        base = self.font()
        self.header.setFont(scaled(base, 0.96, QFont.Weight.DemiBold))
        section_font = scaled(base, 0.85)
        section_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        for label in (self.section, self.summary_section, self.log_section):
            label.setFont(section_font)
        self.section_note.setFont(scaled(base, 0.88))
        self.import_log.setFont(scaled(base, 0.92))
        self.status_hint.setFont(scaled(base, 0.92))
        for button in self.mode_buttons.values():
            button.setFont(scaled(base, 0.9))
        self._search_icon.setIcon(search_icon(QColor(c["faint"])))
        # Re-render what carries theme colours from what is already known: no store reads here,
        # since a theme change may reach a view whose library is already closed.
        self._refresh_counts()
        self._render_import_log()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The app switches themes by setting a new palette; restyle the chrome built from the theme.
        # Only on a real theme change: setting the style sheet itself sends palette events.
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_styled_theme", theme().name) != theme().name:
            self._apply_style()

    def sizeHint(self) -> QSize:
        return QSize(222, 800)

    # --- public API ---

    def reload(self) -> None:
        """Query everything again; the selection is kept by id where it still exists."""
        self._refresh_sources_combo()
        self._reload_stories()
        self._reload_sources()
        self._reload_articles()
        self._refresh_source_summary()
        self._refresh_import_log()
        if self._searching:
            self._run_search()
        self._refresh_counts()

    def select_story(self, story_id: int) -> bool:
        """Make a story current (emits story_selected); False when the filters hide it or it is gone."""
        index = self.story_model.story_index(story_id)
        if not index.isValid():
            return False
        if self._searching:
            self.search_box.clear()
        self.set_mode("stories")
        self.stories.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.stories.scrollTo(index)
        return True

    def selected_story(self) -> int | None:
        """The current story (the story of the current article row, too), or None."""
        return self.story_model.story_of_index(self.stories.currentIndex())

    def selected_stories(self) -> list[int]:
        """The selected story rows, in list order."""
        rows = sorted(i.row() for i in self.stories.selectionModel().selectedIndexes()
                      if i.isValid() and i.data(KIND_ROLE) == "story")
        return [self.story_model.story_id(row) for row in rows]

    def set_badge_source(self, source: BadgeSource | None) -> None:
        """`source(story ids)` -> {story id: factual differences} for the counts known; others get no badge."""
        self.story_model.set_badge_source(source)

    def refresh_badges(self) -> None:
        """Ask the badge source again (e.g. after a comparison finished)."""
        self.story_model.refresh_badges()

    def show_import_log(self, entries: Sequence[ImportLogEntry]) -> None:
        """Show these import runs (newest first) in the IMPORT LOG section."""
        self._log_entries = list(entries)
        self._render_import_log(always=True)

    def set_status_hint(self, text: str) -> None:
        """A short line at the foot of the column ("Grouping 40 of 300…"); empty hides it."""
        self.status_hint.setText(text)
        self.status_hint.setVisible(bool(text))
        self._footer_changed()

    def set_mode(self, mode: str) -> None:
        """"stories", "sources" or "articles"; leaves search results."""
        if mode not in MODES:
            raise ValueError(f"unknown library view {mode!r}")
        self._mode = mode
        self.mode_buttons[mode].setChecked(True)
        if self._searching:
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self._leave_search()
        self.stack.setCurrentIndex(MODES.index(mode))
        # The Sources view already lists the outlets, so the summary below it steps aside.
        wanted = mode != "sources" and self.source_summary.count() > 0
        self.summary_section.setVisible(wanted)
        self.source_summary.setVisible(wanted)
        self._footer_changed()
        self._refresh_counts()
        self._update_actions()

    def mode(self) -> str:
        return "search" if self._searching else self._mode

    def current_filter(self) -> q.LibraryFilter:
        source = self.source_filter.currentData()
        since, until = self._date_range()
        return q.LibraryFilter(source if isinstance(source, str) else None, since, until)

    def flush_search(self) -> None:
        """Run a search that is waiting for the typing pause now (Enter does this too)."""
        if self._search_timer.isActive():
            self._search_timer.stop()
        self._run_search()

    def search_pending(self) -> bool:
        return self._search_timer.isActive()

    def search_error(self) -> str | None:
        return self._search_error

    # --- reloading ---

    def _library_changed(self, what: str) -> None:
        if what == "stories":
            self._reload_stories()
            self._refresh_counts()
        else:
            self.reload()

    def _reload_sources(self) -> None:
        tops = [self.source_model.index(r, 0) for r in range(self.source_model.rowCount())]
        expanded = {index.data() for index in tops if self.sources.isExpanded(index)}
        self.source_model.set_filter(self.current_filter())
        for row in range(self.source_model.rowCount()):
            index = self.source_model.index(row, 0)
            if index.data() in expanded:
                self.sources.expand(index)

    def _reload_articles(self) -> None:
        current = self.articles.currentIndex()
        article_id = current.data(ARTICLE_ID_ROLE) if current.isValid() else None
        self.article_model.set_filter(self.current_filter())
        row = self.article_model.row_of(article_id) if article_id is not None else None
        if row is not None:
            self.articles.selectionModel().setCurrentIndex(
                self.article_model.index(row, 1), QItemSelectionModel.SelectionFlag.NoUpdate)

    def _refresh_counts(self) -> None:
        if not hasattr(self, "section"):
            return
        faint = chrome()["faint"]
        if self._searching:
            word, count = "RESULTS", (None if self._search_error else self.hit_model.rowCount())
        else:
            word, count = {"stories": ("STORIES", self.story_model.story_count()),
                           "sources": ("SOURCES", self.source_model.rowCount()),
                           "articles": ("ARTICLES", self.article_model.rowCount())}[self._mode]
        number = "" if count is None else f" <span style='color:{faint}'>{count:,}</span>"
        self.section.setText(f"{self.tr(word)}{number}")
        capped = self._searching and self._search_capped
        self.section_note.setVisible(capped or (not self._searching and self._mode != "sources"))
        if capped:
            # a very common word: only its newest matches were ranked (core.search.RANK_CAP)
            self.section_note.setText(self.tr("Best of newest {0:,}").format(search.RANK_CAP))
            self.section_note.setToolTip(self.tr("This search matches more than {0:,} articles: the best matches "
                                                 "among the {0:,} imported most recently are shown. Add a word to "
                                                 "narrow it.").format(search.RANK_CAP))
        else:
            self.section_note.setText(self.tr("Newest first"))
            self.section_note.setToolTip("")
