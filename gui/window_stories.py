"""Imports and story edits from the window (a part of MainWindow, split out by concept).

Both write to the store, which has one writer: an import runs on its own thread with a dialog;
a story decision is recorded at once and its regrouping runs here for a small library or on the
writer thread for a large one, with progress and Cancel in the status bar.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from core import story_queries
from core.library import LibraryError
from core.stories import StoryError

INLINE_EDIT_ARTICLES = 3000   # above this, a story decision is applied on the writer thread


class StoryWork:
    """Mixin for MainWindow: importing files and editing stories."""

    # --- import -----------------------------------------------------------------------------------

    def import_files(self) -> None:
        from gui.import_dialog import choose_files

        paths = choose_files(self)
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        from gui.import_dialog import choose_folder

        folder = choose_folder(self)
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[str]) -> None:
        from gui.import_dialog import ImportDialog
        from gui.workers import BackgroundImport, WorkerBusy

        background = BackgroundImport(self.library.path, paths)
        self.import_dialog = ImportDialog(self)
        self.import_dialog.attach(background)
        background.finished.connect(self._import_finished)
        try:
            background.start()
        except WorkerBusy as exc:
            QMessageBox.information(self, "Import", str(exc))
            return
        self._import = background
        self.import_dialog.show()

    def _import_finished(self, outcome: object) -> None:
        self.library.stories.invalidate()
        if self.library_view is not None:
            self.library_view.reload()
        self._refresh_status()
        summary = getattr(outcome, "summary_text", lambda: "")()
        self._last_import = summary
        self.import_status.setText(f"Last import: {summary}" if summary else "")
        ids = list(getattr(outcome, "story_ids", []) or [])
        if ids and self.library_view is not None:
            # Show what the import brought: its biggest story, the one with something to compare.
            conn = self.library.store.conn
            best = max(ids, key=lambda story: (story_queries.story_size(conn, story), -ids.index(story)))
            self.library_view.select_story(best)

    # --- story editing ------------------------------------------------------------------------------

    def _edit(self, change: Callable[[bool], object], done: str) -> None:
        """Record a story decision at once; regroup what it touches here, or in the background
        when the library is large enough for the matcher to take more than a moment."""
        background = self.library.articles.count() > INLINE_EDIT_ARTICLES
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            change(not background)
        except (StoryError, LibraryError) as exc:
            QMessageBox.warning(self, "Story", str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.act_undo.setEnabled(self.library.stories.can_undo())
        if background:
            self._run_story_task(lambda library, _progress, _cancelled: library.stories.apply_constraints(),
                                 "Regrouping the stories your change touches…", done)
        else:
            self._edited(done)

    def _edited(self, done: str) -> None:
        if self.library_view is not None:
            self.library_view.reload()
        self._refresh_status()
        self.statusBar().showMessage(done + (" Undo with Ctrl+Z." if self.library.stories.can_undo() else ""), 8000)
        if self._story_articles:
            story = self.library.stories.story_of(self._story_articles[0])
            if story is not None:
                if self.library_view is not None:
                    self.library_view.select_story(story)
                self.open_story(story)

    def _run_story_task(self, task: Callable[..., object], running: str, done: str) -> None:
        """Run a story task on the writer thread, with progress and Cancel in the status bar."""
        from gui.workers import BackgroundTask, WorkerBusy

        background = BackgroundTask(self.library.path, task, label="stories", writes=True, parent=self)
        background.progress.connect(lambda n, total: (self.task_bar.setRange(0, total), self.task_bar.setValue(n)))
        background.finished.connect(lambda result: self._story_task_finished(result, done))
        try:
            background.start()
        except WorkerBusy as exc:
            QMessageBox.information(self, "Stories", str(exc))
            return
        self._task = background
        self.task_label.setText(running)
        self.task_bar.setRange(0, 0)
        for widget in (self.task_label, self.task_bar, self.task_cancel):
            widget.show()

    def _story_task_finished(self, result: object, done: str) -> None:
        for widget in (self.task_label, self.task_bar, self.task_cancel):
            widget.hide()
        self._task = None
        self.library.stories.invalidate()        # the writer thread changed the stories
        error = getattr(result, "error", "")
        if error:
            QMessageBox.warning(self, "Stories", f"The stories could not be regrouped: {error}")
        elif getattr(result, "cancelled", False):
            done = "Regrouping cancelled; the stories are as they were."
        self._edited(done)

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.task_label.setText("Cancelling…")

    def merge_stories(self, first: int, second: int) -> None:
        self._edit(lambda apply: self.library.stories.merge(first, second, apply=apply), "Stories merged.")

    def move_article(self, article_id: int, story_id: int) -> None:
        self._story_articles = [article_id]
        self._edit(lambda apply: self.library.stories.move(article_id, story_id, apply=apply), "Article moved.")

    def split_article(self, article_id: int) -> None:
        self._edit(lambda apply: self.library.stories.split_out(article_id, apply=apply),
                   "Article split out into its own story.")

    def merge_selected(self) -> None:
        if self.library_view is not None:
            self.library_view.merge_action.trigger()

    def split_selected(self) -> None:
        if self.library_view is not None:
            self.library_view.split_action.trigger()

    def move_selected(self) -> None:
        if self.library_view is not None:
            self.library_view.move_action.trigger()

    def undo_story_change(self) -> None:
        self._edit(lambda apply: self.library.stories.undo(apply=apply), "Last story change undone.")

    def regroup(self) -> None:
        from gui.workers import regroup_stories

        self._run_story_task(regroup_stories, "Regrouping every story…", "Stories regrouped.")
