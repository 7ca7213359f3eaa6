"""The story list's pages come from a background reader: scrolling never reads the store on the GUI thread.

Real widgets over a real 5,000-story store: a row whose page has not arrived is drawn as a calm
placeholder (title and dates, a faint bar for the outlets) and gets its outlets when the page
arrives; the GUI thread's connection is not used while scrolling (counted with SQLite's trace hook).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint

from conftest import PROJECT
from core import story_queries as q
from core.library import Library
from gui.library_models import META_ROLE, PAGE, PAINT_ROLE, SIZE_ROLE, StoryTreeModel
from gui.library_view import LibraryView
from test_story_queries import fill_large_store

ARTIFACTS = PROJECT / "tests" / "artifacts"
STORIES = 5_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paging") / "big.db"
    with Library.open(path) as library:
        fill_large_store(library.store.conn, STORIES)
    return path


@pytest.fixture
def library(big_db: Path):
    with Library.open(big_db) as opened:
        yield opened


def dispose(widget: LibraryView) -> None:
    if shiboken6.isValid(widget):
        widget.close()
        widget.deleteLater()


def test_a_row_not_loaded_is_a_placeholder_until_its_page_arrives(qtbot, library: Library) -> None:
    model = StoryTreeModel(library)
    try:
        row = 3 * PAGE + 17
        index = model.index(row, 0)
        title, meta, badge, heading, placeholder = index.data(PAINT_ROLE)
        assert title == f"Story number {model.story_id(row)}"      # titles come with the order
        assert meta is None and badge is None and placeholder       # the rest is on its way
        assert index.data(SIZE_ROLE)[0] == title                   # a row is measured without its page
        assert model.rows_fetched == 0 and model.gui_reads == 0
        with qtbot.waitSignal(model.dataChanged, timeout=5000) as changed:
            pass
        first, last = changed.args[0].row(), changed.args[1].row()
        assert first <= row <= last                                 # the placeholder row is repainted
        assert index.data(PAINT_ROLE)[1].startswith("1 outlet")
        assert model.gui_reads == 0 and model.loader.pages_read >= 1
        assert index.data(META_ROLE).startswith("1 outlet")        # other roles read at once, as before
        assert model.gui_reads == 0                                 # (the page is here already)
    finally:
        model.deleteLater()


def test_neighbouring_pages_are_read_before_the_view_reaches_them(qtbot, library: Library) -> None:
    model = StoryTreeModel(library)
    try:
        near_end = 2 * PAGE - 5                      # close to the next page's first row
        assert model.index(near_end, 0).data(PAINT_ROLE)[1] is None
        qtbot.waitUntil(lambda: {1, 2} <= model._pages, timeout=5000)
        assert model.index(2 * PAGE + 3, 0).data(PAINT_ROLE)[1] is not None   # there before it was asked for
        assert model.gui_reads == 0
    finally:
        model.deleteLater()


def test_a_reload_drops_pages_of_the_old_order(qtbot, library: Library) -> None:
    model = StoryTreeModel(library)
    try:
        model.index(10 * PAGE, 0).data(PAINT_ROLE)
        model.set_filter(q.LibraryFilter(source="Outlet 2"))     # a new order while the page is on its way
        qtbot.wait(200)
        qtbot.waitUntil(lambda: model.loader.idle(), timeout=5000)
        qtbot.wait(50)
        assert all(model.index(r, 0).data(META_ROLE).startswith("1 outlet") for r in range(3))
        for row, story_id in enumerate(model._order.ids[:PAGE]):
            assert model.story_id(row) == story_id
        assert model._cache.keys() <= set(model._order.ids)      # nothing of the old order was kept
    finally:
        model.deleteLater()


def test_scrolling_never_reads_the_store_on_the_gui_thread(qtbot, library: Library) -> None:
    widget = LibraryView(library)
    statements: list[str] = []
    try:
        widget.resize(260, 700)
        widget.show()
        qtbot.waitExposed(widget)
        tree, model = widget.stories, widget.story_model
        library.store.conn.set_trace_callback(statements.append)
        bar = tree.verticalScrollBar()
        for target in (bar.maximum() // 2, bar.maximum(), 0, bar.maximum() // 3, 1234):
            bar.setValue(target)
            tree.viewport().repaint()
            for _ in range(5):                                    # page by page, as an editor scrolls
                bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
                tree.viewport().repaint()
        assert statements == [] and model.gui_reads == 0
        # the rows in view get their outlets once their pages arrive, without a store read here
        top = tree.indexAt(QPoint(5, 5))
        qtbot.waitUntil(lambda: top.data(PAINT_ROLE)[1] is not None, timeout=5000)
        tree.viewport().repaint()
        assert statements == [] and model.gui_reads == 0
        assert model.rows_fetched <= 12 * PAGE                   # the pages looked at (and neighbours), not all
    finally:
        library.store.conn.set_trace_callback(None)
        dispose(widget)


def test_render_placeholders_and_loaded_rows(qtbot, library: Library) -> None:
    """A picture for a person to look at: placeholder rows must look calm, not broken."""
    widget = LibraryView(library)
    try:
        widget.resize(260, 640)
        widget.show()
        qtbot.waitExposed(widget)
        bar = widget.stories.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        ARTIFACTS.mkdir(exist_ok=True)
        assert widget.grab().save(str(ARTIFACTS / "library_placeholders.png"))
        top = widget.stories.indexAt(QPoint(5, 5))
        qtbot.waitUntil(lambda: top.data(PAINT_ROLE)[1] is not None, timeout=5000)
        assert widget.grab().save(str(ARTIFACTS / "library_loaded.png"))
    finally:
        dispose(widget)
