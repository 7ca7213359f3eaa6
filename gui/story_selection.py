"""Which story or article is current in the library column, and how that survives a reload.

Rows move when the store changes, ids do not: the selection is remembered by id before a reload
and put back after it, following a story into the one it was merged into.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QItemSelectionModel, QModelIndex

from core import story_queries as q
from gui.library_models import ARTICLE_ID_ROLE, KIND_ROLE, STORY_ID_ROLE


@dataclass
class StoryState:
    """What was selected in the story list before a reload, by id (rows move; ids do not)."""

    current_story: int | None = None
    current_article: int | None = None
    selected: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)   # articles of the current story, to find it after a merge


class StorySelectionMixin:
    """LibraryView's current story and article: what is emitted when they change, kept across reloads.

    A part of LibraryView (it uses the view's story tree, story model and signals).
    """

    def _remember(self) -> StoryState:
        current = self.stories.currentIndex()
        state = StoryState(selected=self.selected_stories())
        if current.isValid():
            state.current_story = self.story_model.story_of_index(current)
            article = self.story_model.article_at(current)
            state.current_article = article.id if article else None
            parent = current if article is None else current.parent()
            state.members = [a.id for a in (self.story_model.article_at(self.story_model.index(r, 0, parent))
                                            for r in range(min(self.story_model.rowCount(parent), 20))) if a]
        return state

    def _reload_stories(self) -> None:
        state = self._remember()
        self.story_model.reload()
        self._restore(state)
        self._update_actions()

    def _restore(self, state: StoryState) -> None:
        model, selection = self.story_model, self.stories.selectionModel()
        self._restoring = True
        try:
            for story_id in sorted(self._expanded):
                if model.row_of(story_id) is None:
                    self._expanded.discard(story_id)
                else:
                    self.stories.expand(model.story_index(story_id))
            target, moved = self._restore_target(state)
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for story_id in state.selected:
                index = model.story_index(story_id)
                if index.isValid():
                    selection.select(index, flags)
            if target.isValid():
                selection.setCurrentIndex(target, flags)
        finally:
            self._restoring = False
        if moved is not None:
            self.story_selected.emit(moved)   # the story the editor had open now has another id (a merge)

    def _restore_target(self, state: StoryState) -> tuple[QModelIndex, int | None]:
        """Where the current row goes after a reload, and the new story id when it changed."""
        model = self.story_model
        if state.current_story is None:
            return QModelIndex(), None
        story = model.story_index(state.current_story)
        if story.isValid():
            if state.current_article is not None:
                for row in range(model.rowCount(story)):
                    child = model.index(row, 0, story)
                    if child.data(ARTICLE_ID_ROLE) == state.current_article:
                        return child, None
            return story, None
        conn = self._library.store.conn
        for article_id in state.members:
            new_story = q.story_of(conn, article_id)
            if new_story is not None and model.row_of(new_story) is not None:
                return model.story_index(new_story), new_story
        return QModelIndex(), None

    def _story_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        if self._restoring or not current.isValid():
            return
        if current.data(KIND_ROLE) == "story":
            self._auto_expand(current)
            self.story_selected.emit(int(current.data(STORY_ID_ROLE)))
        else:
            self.article_selected.emit(int(current.data(ARTICLE_ID_ROLE)))

    def _auto_expand(self, story: QModelIndex) -> None:
        """Open the current story's articles (as the mockup shows) and close the one opened before."""
        story_id = int(story.data(STORY_ID_ROLE))
        previous = self._auto_expanded
        if previous is not None and previous != story_id:
            index = self.story_model.story_index(previous)
            if index.isValid():
                self.stories.collapse(index)
        if not self.stories.isExpanded(story):
            self.stories.expand(story)
            self._auto_expanded = story_id
        elif previous != story_id:
            self._auto_expanded = None   # the editor opened it; leave it open

    def _article_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        article_id = current.data(ARTICLE_ID_ROLE) if current.isValid() else None
        if article_id is not None:
            self.article_selected.emit(int(article_id))
