"""The main window: library on the left, the story side by side in the centre, differences on the right.

It wires widgets to core and to the background workers; it holds no analysis logic. Comparisons are
computed off the GUI thread (gui.workers.ComparisonService) and cached, imports run in their own
thread with a progress dialog, and every store change arrives as a library notice.
"""
from __future__ import annotations

import gc
import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QTextBrowser, QWidget,
)

from typing import TYPE_CHECKING

from core import story_queries
from core.compare import Comparison
from core.library import Library, LibraryError
from core.notes import NoteError, comparison_keys
from core.stories import StoryError
from gui import dialogs, palette
from gui.settings import CATEGORIES, Settings
from gui.window_chrome import WindowChrome
from gui.window_stories import StoryWork

if TYPE_CHECKING:
    from gui.library_view import LibraryView
    from gui.workers import BackgroundImport

MAX_PANES = 4           # more articles than this are chosen from the header's "Articles" menu
FIRST_START_HINT = "This is the demo library. Import your own articles with File › Import (Ctrl+O) or drop files here."


class MainWindow(WindowChrome, StoryWork, QMainWindow):
    story_opened = Signal(int)          # a story's comparison is on screen (tests and benchmarks wait for it)

    ready = Signal()                    # the library, story view and differences panel are built

    def __init__(self, library: Library, settings: Settings | None = None, hint: str = "",
                 deferred: bool = False) -> None:
        """`deferred`: paint the frame (menus, toolbar, empty columns) first and build the library,
        story view and panel right after the first frame, so the window appears at once on a cold
        start; their modules are a good part of the start-up time."""
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.comparison: Comparison | None = None
        self._story_id: int | None = None
        self._story_articles: list[int] = []
        self._shown: list[int] = []
        self._pending = -1
        self._import: BackgroundImport | None = None
        self._last_import = ""
        self._hint = hint
        self._closed = False
        self.is_ready = False
        self._parts_pending = deferred
        self.library_view: LibraryView | None = None
        self.setWindowTitle("Triangulate")
        self.setAcceptDrops(True)
        self._build_frame()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._restore_window()
        if not deferred:
            self._build_parts()

    def _build_parts(self) -> None:
        """The working parts of the window: story view, differences panel, library, workers."""
        if self._closed:
            return
        from gui.drop import install_drop_target

        self._build_views()
        self._restore_view_settings()
        self._attach_library(self.library)
        install_drop_target(self, self.import_paths)
        # What start-up built (Qt wrappers, modules, the library's lists) lives as long as the window:
        # moved out of the collector's way, a full collection no longer walks it (60-140 ms pauses
        # while scrolling a 100,000-article library).
        gc.freeze()
        self.is_ready = True
        if self._hint:
            self.statusBar().showMessage(self._hint, 15000)
        self.ready.emit()

    # --- building ------------------------------------------------------------------------------

    def _build_frame(self) -> None:
        """The three columns, empty until _build_parts fills them."""
        self.single_view = QTextBrowser(self)
        self.single_view.setOpenLinks(False)
        self.single_view.setOpenExternalLinks(False)
        self.single_view.document().setDocumentMargin(18)
        self.centre = QStackedWidget(self)
        self.centre.addWidget(self.single_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(QWidget())          # replaced by the library view in _attach_library
        self.splitter.addWidget(self.centre)
        self.splitter.addWidget(QWidget())          # replaced by the differences panel in _build_views
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([230, 820, 350])
        self.setCentralWidget(self.splitter)

    def _build_views(self) -> None:
        from gui.compare_view import CompareView
        from gui.differences_panel import DifferencesPanel

        self.compare_view = CompareView(self)
        self.centre.insertWidget(0, self.compare_view)
        self.centre.setCurrentWidget(self.compare_view)
        self.panel = DifferencesPanel(self)
        sizes = self.splitter.sizes()
        placeholder = self.splitter.replaceWidget(2, self.panel)
        if placeholder is not None:
            placeholder.deleteLater()
        self.splitter.setSizes(sizes)
        self.compare_view.clear("Select a story in the library to compare its articles.")
        self.compare_view.current_changed.connect(self._current_changed)
        self.compare_view.shown_articles_changed.connect(self._choose_articles)
        self.panel.difference_activated.connect(self.compare_view.go_to_difference)
        self.panel.quote_activated.connect(self._quote_activated)
        self.panel.filters_changed.connect(self._filters_changed)
        self.panel.note_changed.connect(self._note_changed)
        self._start_comparisons(self.library)

    def _start_comparisons(self, library: Library) -> None:
        from gui.workers import ComparisonService

        self.comparisons = ComparisonService(library.path, lookup=library, parent=self)
        self.comparisons.ready.connect(self._comparison_ready)
        self.comparisons.failed.connect(self._comparison_failed)

    # --- library (store) -------------------------------------------------------------------------

    def _attach_library(self, library: Library) -> None:
        self.library = library
        old = self.splitter.widget(0)
        sizes = self.splitter.sizes()
        from gui.library_view import LibraryView

        view = LibraryView(library, self)
        view.set_badge_source(self._badges)
        view.story_selected.connect(self.open_story)
        view.article_selected.connect(self.open_article)
        view.merge_requested.connect(self.merge_stories)
        view.move_requested.connect(self.move_article)
        view.split_requested.connect(self.split_article)
        self.splitter.replaceWidget(0, view)
        old.deleteLater()
        if sizes[0] < 120:                     # the placeholder had no width yet: the design card's widths
            sizes = [230, max(400, sum(sizes) - 580), 350]
        self.splitter.setSizes(sizes)
        self.library_view = view
        library.subscribe(self._library_changed)
        self.setWindowTitle(f"Triangulate — {Path(library.path).name}")
        self.settings.add_recent_store(library.path)
        self._refresh_status()
        self.act_undo.setEnabled(False)
        if self.isVisible():
            self._open_first_story()
        else:
            self._first_story_pending = True   # opened after the first paint: the window shows at once

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # Paint events go to the child widgets, not always to the window itself: a short timer
        # after showing lets the first frame out before the parts are built or the comparison starts.
        if self._parts_pending:
            self._parts_pending = False
            QTimer.singleShot(30, self._build_parts)
        elif getattr(self, "_first_story_pending", False):
            QTimer.singleShot(30, self._open_pending_story)

    def _open_pending_story(self) -> None:
        if getattr(self, "_first_story_pending", False) and not self._closed:
            self._first_story_pending = False
            self._open_first_story()

    def _open_first_story(self) -> None:
        """Open the newest story that has something to compare (else the newest one)."""
        if self.library_view is None or self._story_id is not None:
            return
        conn = self.library.store.conn
        ids = story_queries.story_ids(conn)
        first = next((i for i in ids[:200] if story_queries.story_size(conn, i) > 1), ids[0] if ids else None)
        if first is not None:
            self.library_view.select_story(first)       # emits story_selected, which opens it

    def switch_library(self, path: str, create: bool = False) -> bool:
        """Open another store; on failure the current one stays open and the editor is told why."""
        if not create and not Path(path).exists():
            QMessageBox.warning(self, "Open library", f"{path}: the file does not exist.")
            return False
        try:
            library = Library.open(path)
        except LibraryError as exc:
            QMessageBox.warning(self, "Open library", str(exc))
            return False
        old = self.library
        self.comparisons.close()
        self._start_comparisons(library)
        self._clear_story()
        self._attach_library(library)
        old.close()
        return True

    def open_store_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open library", str(Path(self.library.path).parent),
                                              "Triangulate library (*.db *.sqlite *.triangulate);;All files (*)")
        if path:
            self.switch_library(path)

    def new_store_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New library", str(Path(self.library.path).parent / "library.db"),
                                              "Triangulate library (*.db)")
        if path:
            if Path(path).exists():
                QMessageBox.warning(self, "New library", f"{path} already exists; open it with File › Open library.")
                return
            self.switch_library(path, create=True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_stores():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _on=False, p=path: self.switch_library(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _library_changed(self, what: str) -> None:
        if what in ("articles", "sources", "stories"):
            self._refresh_status()

    def _refresh_status(self) -> None:
        conn = self.library.store.conn
        articles = self.library.articles.count()
        stories = int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])
        outlets = len(self.library.sources.list())
        self.status.setText(f"{articles:,} articles · {stories:,} stories · {outlets:,} outlets")

    def _badges(self, story_ids: list[int]) -> dict[int, int]:
        return {story: counts["factual"] for story, counts in self.library.stories.counts(story_ids).items()}

    # --- opening a story ---------------------------------------------------------------------------

    def open_story(self, story_id: int, shown: list[int] | None = None) -> None:
        try:
            story = self.library.stories.get(story_id)
        except StoryError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self._story_id = story_id
        self._story_articles = [a.id for a in story.articles]
        self._shown = [a for a in (shown or self._story_articles) if a in self._story_articles][:MAX_PANES]
        labels = [(a.id, f"{a.source or 'Unknown'} · {a.published or 'no date'} · {a.title}") for a in story.articles]
        self.compare_view.set_story_articles(labels, self._shown)
        if len(self._shown) < 2:
            self._show_single(self._shown[0] if self._shown else None)
            return
        self.centre.setCurrentWidget(self.compare_view)
        cached = self.comparisons.cached(self._shown)
        if cached is not None:
            self._show_comparison(cached)
            return
        self.compare_view.clear("Comparing…")
        self.panel.clear()
        self._pending = self.comparisons.request(self._shown)

    def open_article(self, article_id: int) -> None:
        story = self.library.stories.story_of(article_id)
        if story is None:
            self._story_id, self._story_articles, self._shown = None, [article_id], [article_id]
            self._show_single(article_id)
            return
        self.open_story(story)

    def _choose_articles(self, ids: list[int]) -> None:
        if self._story_id is not None and len(ids) >= 2:
            self.open_story(self._story_id, list(ids))

    def _comparison_ready(self, request_id: int, comparison: object) -> None:
        if request_id != self._pending or not isinstance(comparison, Comparison):
            return                                     # an answer to a story the editor has left
        self._show_comparison(comparison)

    def _comparison_failed(self, request_id: int, message: str) -> None:
        if request_id == self._pending:
            self.compare_view.clear(f"This story could not be compared: {message}")

    def _show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        notes = self.library.notes.for_comparison(comparison)
        self.compare_view.set_comparison(comparison)
        self.panel.set_comparison(comparison, notes)
        shown, hidden = self.panel.filters()
        self.compare_view.set_filters(shown, hidden)
        self._show_note_markers(notes)
        if self._story_id is not None and sorted(self._shown) == sorted(self._story_articles):
            self.library.stories.save_counts(self._story_id, self._shown, comparison.counts())
            if self.library_view is not None:
                self.library_view.refresh_badges()
        self._update_position(self.compare_view.current_difference())
        title = comparison.articles[0].title or "Untitled"
        self.setWindowTitle(f"{title} ({len(comparison.articles)} articles) — Triangulate")
        if self._story_id is not None:
            self.story_opened.emit(self._story_id)

    def _show_single(self, article_id: int | None) -> None:
        self.comparison = None
        self.panel.clear()
        self._update_position(-1)
        if article_id is None:
            self.compare_view.clear("This story has no articles.")
            return
        record = self.library.articles.get(article_id)
        meta = " · ".join(p for p in (record.source, record.published, Path(record.path).name) if p)
        body = "".join(f"<p>{html.escape(p)}</p>" for p in record.body.split("\n\n") if p.strip())
        t = palette.theme()
        self.single_view.setHtml(
            f"<h2>{html.escape(record.title)}</h2><p style='color:{t.secondary}'>{html.escape(meta)}</p>"
            f"<p style='color:{t.secondary}'><i>Only one outlet has reported this story so far: "
            "import another version to compare.</i></p>" + body)
        self.centre.setCurrentWidget(self.single_view)

    def _clear_story(self) -> None:
        self.comparison = None
        self._story_id, self._story_articles, self._shown = None, [], []
        self.compare_view.clear("Select a story in the library to compare its articles.")
        self.panel.clear()
        self.centre.setCurrentWidget(self.compare_view)

    # --- differences, notes, filters ------------------------------------------------------------

    def next_difference(self) -> None:
        if self.comparison is not None and not self.compare_view.next_difference():
            self.statusBar().showMessage("No more differences below.", 3000)

    def previous_difference(self) -> None:
        if self.comparison is not None and not self.compare_view.previous_difference():
            self.statusBar().showMessage("No more differences above.", 3000)

    def next_factual(self) -> None:
        if self.comparison is not None and not self.compare_view.next_factual():
            self.statusBar().showMessage("No more factual differences below.", 3000)

    def _current_changed(self, index: int) -> None:
        self.panel.set_current(index)
        self._update_position(index)

    def _update_position(self, index: int) -> None:
        comparison = self.comparison
        if comparison is None or not comparison.differences:
            self.position_label.setText("")
            self.position_status.setText("")
            return
        stops = self.compare_view.visible_stops()
        total = len(stops)
        if index < 0 or index not in stops:
            self.position_label.setText(f"– / {total}")
            self.position_status.setText(f"{total} differences shown")
            return
        number = stops.index(index) + 1
        kind = comparison.differences[index].kind.replace("_", " ")
        self.position_label.setText(f"{number} / {total}")
        self.position_status.setText(f"Difference {number} of {total} · {kind}")

    def _quote_activated(self, index: int) -> None:
        if self.comparison is None or not 0 <= index < len(self.comparison.quotes):
            return
        group = self.comparison.quotes[index]
        related = self.comparison.quote_differences(group)
        if related:
            self.compare_view.go_to_difference(self.comparison.differences.index(related[0]))
        elif hasattr(self.compare_view, "go_to_quote"):
            self.compare_view.go_to_quote(index)

    def _filters_changed(self, shown: set[str], hidden: set[str]) -> None:
        self.compare_view.set_filters(shown, hidden)
        for category, action in self.category_actions.items():
            action.blockSignals(True)
            action.setChecked(category in shown)
            action.blockSignals(False)
        self.settings.set_words("view/categories", set(shown))
        self.settings.set_words("view/hidden_kinds", set(hidden))
        self._update_position(self.compare_view.current_difference())

    def _toggle_category(self, category: str, on: bool) -> None:
        shown, hidden = self.panel.filters()
        shown = (set(shown) | {category}) if on else (set(shown) - {category})
        self.panel.set_filters(shown, hidden)
        self._filters_changed(shown, hidden)

    def _note_changed(self, key: str, status: str, text: str, label: str, article_ids: list[int]) -> None:
        try:
            self.library.notes.set(key, status, text, label, article_ids)
        except NoteError as exc:
            QMessageBox.warning(self, "Note", str(exc))
            return
        if self.comparison is not None:
            notes = self.library.notes.for_comparison(self.comparison)
            self.panel.set_notes(notes)
            self._show_note_markers(notes)

    def _show_note_markers(self, notes: dict) -> None:
        if self.comparison is None:
            return
        keys, _ = comparison_keys(self.comparison)
        self.compare_view.set_note_markers({i: notes[k].status for i, k in enumerate(keys) if k in notes})

    # --- find and zoom ----------------------------------------------------------------------------

    def focus_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def find_in_panes(self, forward: bool = True) -> None:
        text = self.find_field.text().strip()
        if not text or self.comparison is None:
            return
        found = self.compare_view.find(text, forward)
        self.statusBar().showMessage(f"“{text}”: {found} match{'es' if found != 1 else ''} in the articles"
                                     if found else f"“{text}” is not in these articles.", 4000)

    def _find_text_changed(self, text: str) -> None:
        if not text:
            self.compare_view.clear_find()

    def zoom(self, steps: int) -> None:
        if steps == 0:
            self.compare_view.set_font_size(11.0)
        else:
            self.compare_view.zoom(steps)
        self.settings.set_number("view/font_size", self.compare_view.font_size())

    def _furniture_mode(self, dim: bool) -> None:
        self.compare_view.set_furniture_mode("dim" if dim else "hide")

    def set_theme(self, name: str) -> None:
        theme = palette.set_theme(name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(palette.application_palette(theme))
        # A widget that set its own palette no longer follows the application's: give it the new
        # one, then let each part re-apply its own touches (apply_theme).
        for child in self.findChildren(QWidget):
            if child.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
                child.setPalette(palette.application_palette(theme))
        for widget in (getattr(self, "compare_view", None), getattr(self, "panel", None), self.library_view):
            if widget is not None and hasattr(widget, "apply_theme"):
                widget.apply_theme()
        self.theme_actions.get(name, self.theme_actions["system"]).setChecked(True)
        self.settings.set_text("view/theme", name)

    # --- export -----------------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        if self.comparison is None:
            QMessageBox.information(self, "Export", "Open a story with two or more articles first.")
            return
        title = self.comparison.articles[0].title or "story"
        stem = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title)[:60].strip() or "story"
        start = str(Path(self.settings.text("export/folder", str(Path.home()))) / f"{stem}.html")
        from gui import export

        path, chosen = QFileDialog.getSaveFileName(self, "Export story", start, ";;".join(export.FORMATS.values()))
        if not path:
            return
        if not Path(path).suffix:
            path += "." + next((k for k, v in export.FORMATS.items() if v == chosen), "html")
        self.export_to(path)

    def export_to(self, path: str) -> Path | None:
        if self.comparison is None:
            return None
        title = self.comparison.articles[0].title or "Triangulate comparison"
        from gui import export

        try:
            written = export.export(self.comparison, path, title, self.library.notes.for_comparison(self.comparison))
        except OSError as exc:
            QMessageBox.warning(self, "Export", f"{path}: could not be written ({exc.strerror or exc}).")
            return None
        self.settings.set_text("export/folder", str(Path(path).parent))
        self.statusBar().showMessage(f"Exported to {written}", 8000)
        return written

    # --- help, settings ---------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        dialogs.ShortcutsDialog(self.actions(), self).exec()

    def _restore_window(self) -> None:
        geometry = self.settings.geometry("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        sizes = self.settings.sizes("window/splitter")
        if len(sizes) == 3 and all(s > 0 for s in sizes):
            self.splitter.setSizes(sizes)
        self.set_theme(self.settings.text("view/theme", "light"))

    def _restore_view_settings(self) -> None:
        self.compare_view.set_font_size(self.settings.number("view/font_size", 11.0))
        shown = self.settings.words("view/categories", CATEGORIES)
        hidden = self.settings.words("view/hidden_kinds", ())
        self.panel.set_filters(shown, hidden)
        self.compare_view.set_filters(shown, hidden)
        for category, action in self.category_actions.items():
            action.blockSignals(True)
            action.setChecked(category in shown)
            action.blockSignals(False)
        sync = self.settings.flag("view/sync_scroll", True)
        self.act_sync.blockSignals(True)
        self.act_sync.setChecked(sync)
        self.act_sync.blockSignals(False)
        self.compare_view.set_sync_scroll(sync)
        dim = self.settings.flag("view/dim_furniture", True)
        self.act_dim.blockSignals(True)
        self.act_dim.setChecked(dim)
        self.act_dim.blockSignals(False)
        self._furniture_mode(dim)

    def save_settings(self) -> None:
        if not self.is_ready:
            return                     # closed before it was built: nothing the editor changed
        self.settings.set_geometry("window/geometry", self.saveGeometry())
        self.settings.set_sizes("window/splitter", self.splitter.sizes())
        self.settings.set_flag("view/sync_scroll", self.act_sync.isChecked())
        self.settings.set_flag("view/dim_furniture", self.act_dim.isChecked())
        self.settings.set_number("view/font_size", self.compare_view.font_size())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._closed = True
        if self.is_ready:
            from gui.workers import shutdown_workers

            shutdown_workers(5000)        # a running import is cancelled; what it committed stays
            self.comparisons.close()
        self.save_settings()
        super().closeEvent(event)
