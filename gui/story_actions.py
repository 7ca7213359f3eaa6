"""Story editing requests from the library column: merge two stories, move or split out an article.

The column only asks (the actions' signals); the main window carries a request out, and the
library's change notice brings the new state back.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QMenu

from core import story_queries as q
from gui.library_models import ARTICLE_ID_ROLE, KIND_ROLE
from gui.move_story_dialog import MoveToStoryDialog


class StoryActionsMixin:
    """LibraryView's merge, move and split actions, their context menus, and when each is enabled.

    A part of LibraryView (it reads the view's current rows and emits its request signals).
    """

    def _make_actions(self) -> None:
        self.merge_action = QAction(self.tr("Merge stories"), self)
        self.merge_action.setStatusTip(self.tr("Make the two selected stories one story"))
        self.merge_action.triggered.connect(self._request_merge)
        self.move_action = QAction(self.tr("Move to story…"), self)
        self.move_action.setStatusTip(self.tr("Move the selected article into another story"))
        self.move_action.triggered.connect(self._request_move)
        self.split_action = QAction(self.tr("Split out into its own story"), self)
        self.split_action.setStatusTip(self.tr("Take the selected article out of its story"))
        self.split_action.triggered.connect(self._request_split)
        for action in (self.merge_action, self.move_action, self.split_action):
            action.setEnabled(False)
            self.addAction(action)

    def _active_view(self) -> QAbstractItemView:
        if self._searching:
            return self.results
        return {"stories": self.stories, "sources": self.sources, "articles": self.articles}[self._mode]

    def _focused_article(self) -> int | None:
        current = self._active_view().currentIndex()
        value = current.data(ARTICLE_ID_ROLE) if current.isValid() else None
        return None if value is None else int(value)

    def _update_actions(self) -> None:
        if not hasattr(self, "merge_action"):
            return
        self.merge_action.setEnabled(not self._searching and self._mode == "stories"
                                     and len(self.selected_stories()) == 2)
        article_id = self._focused_article()
        conn = self._library.store.conn
        story_id = q.story_of(conn, article_id) if article_id is not None else None
        self.move_action.setEnabled(story_id is not None)
        self.split_action.setEnabled(story_id is not None and q.story_size(conn, story_id) > 1)

    def _request_merge(self) -> None:
        chosen = self.selected_stories()
        if len(chosen) == 2:
            self.merge_requested.emit(chosen[0], chosen[1])

    def _request_move(self) -> None:
        article_id = self._focused_article()
        if article_id is None:
            return
        conn = self._library.store.conn
        row = conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()
        dialog = MoveToStoryDialog(self._library, row[0] if row else "", q.story_of(conn, article_id), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            self.move_requested.emit(article_id, int(dialog.chosen() or 0))

    def _request_split(self) -> None:
        article_id = self._focused_article()
        if article_id is not None:
            self.split_requested.emit(article_id)

    def _dropped(self, article_id: int, story_id: int) -> None:
        self.move_requested.emit(article_id, story_id)

    def _context_menu(self, view: QAbstractItemView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        self._update_actions()
        menu = QMenu(self)
        if index.data(KIND_ROLE) == "story":
            menu.addAction(self.merge_action)
            if not self.merge_action.isEnabled():
                hint = menu.addAction(self.tr("(select two stories to merge them)"))
                hint.setEnabled(False)
            menu.addSeparator()
            expanded = self.stories.isExpanded(index)
            toggle = menu.addAction(self.tr("Hide articles") if expanded else self.tr("Show articles"))
            toggle.triggered.connect(lambda: self.stories.setExpanded(index, not expanded))
        elif index.data(KIND_ROLE) == "article":
            menu.addAction(self.move_action)
            menu.addAction(self.split_action)
        else:
            return
        menu.exec(view.viewport().mapToGlobal(pos))
