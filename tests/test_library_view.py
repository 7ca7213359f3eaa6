"""The library column over the real demo store: real widgets, clicks, signals and a rendered picture."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication, QDialog

from conftest import PROJECT
from core import story_queries as q
from core.library import Library
from core.records import Problem
from gui import palette
from gui.library_models import (
    ARTICLE_ID_ROLE, BADGE_ROLE, COPY_ROLE, HEADING_ROLE, KIND_ROLE, LETTER_ROLE, META_ROLE, PAGE, SNIPPET_ROLE,
    SOURCE_ROLE, StoryTreeModel,
)
from gui.library_view import LibraryView, MoveToStoryDialog, snippet_document
from test_story_queries import build_demo_store, fill_large_store

ARTIFACTS = PROJECT / "tests" / "artifacts"

FLOOD_OUTLETS = {"Coastline Daily", "Harbour Wire", "The Northern Ledger"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_store(path)
    return path


@pytest.fixture
def demo(demo_db: Path, tmp_path: Path):
    """A private copy of the demo store per test, so a test that changes it cannot leak into others."""
    copy = tmp_path / "demo.db"
    with Library.open(demo_db) as source:
        source.store.backup(copy)
    with Library.open(copy) as library:
        yield library


def dispose(widget: LibraryView) -> None:
    """Delete a view before its library closes: a closed view still answers Qt's repolish later."""
    if shiboken6.isValid(widget):
        widget.close()
        shiboken6.delete(widget)


@pytest.fixture
def view(qtbot, demo: Library):
    widget = LibraryView(demo)
    widget.resize(260, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    dispose(widget)


def story_id(library: Library, word: str) -> int:
    return next(i for i, title in q.story_titles(library.store.conn, word))


def click(qtbot, item_view, index: QModelIndex, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    item_view.scrollTo(index)
    rect = item_view.visualRect(index)
    qtbot.mouseClick(item_view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def flood_index(view: LibraryView, demo: Library) -> QModelIndex:
    return view.story_model.story_index(story_id(demo, "Tanner"))


# --- stories ----------------------------------------------------------------------------------------

def test_stories_are_listed_newest_first_with_outlets_and_headings(view: LibraryView) -> None:
    model = view.story_model
    assert model.rowCount() == 3
    titles = [model.index(r, 0).data() for r in range(3)]
    assert titles[0].startswith("Ambersley") and titles[1].startswith("Brackenfield")
    metas = [model.index(r, 0).data(META_ROLE) for r in range(3)]
    assert metas == ["1 outlet · 13 Mar 2024", "1 outlet · 9 Mar 2024", "3 outlets · 6 Mar 2024"]
    assert model.index(2, 0).data(HEADING_ROLE) == "Wed 6 Mar 2024"
    assert "STORIES" in view.section.text() and ">3<" in view.section.text()


def test_clicking_a_story_selects_it_and_shows_its_articles(qtbot, view: LibraryView, demo: Library) -> None:
    index = flood_index(view, demo)
    with qtbot.waitSignal(view.story_selected) as blocker:
        click(qtbot, view.stories, index)
    assert blocker.args == [story_id(demo, "Tanner")]
    assert view.selected_story() == story_id(demo, "Tanner")
    assert view.stories.isExpanded(index)   # the current story opens, as in the mockup
    children = [view.story_model.index(r, 0, index) for r in range(view.story_model.rowCount(index))]
    assert [c.data(LETTER_ROLE) for c in children] == ["A", "B", "C"]
    assert {c.data() for c in children} == FLOOD_OUTLETS
    assert all(c.data(COPY_ROLE) is None for c in children)
    with qtbot.waitSignal(view.article_selected) as blocker:
        click(qtbot, view.stories, children[1])
    assert blocker.args == [children[1].data(ARTICLE_ID_ROLE)]


def test_select_story_by_id_and_unknown_ids(qtbot, view: LibraryView, demo: Library) -> None:
    target = story_id(demo, "Brackenfield")
    with qtbot.waitSignal(view.story_selected) as blocker:
        assert view.select_story(target)
    assert blocker.args == [target] and view.selected_stories() == [target]
    assert not view.select_story(987_654)
    assert view.selected_story() == target


def test_badge_shows_only_known_counts_and_is_drawn(qtbot, view: LibraryView, demo: Library) -> None:
    flood = story_id(demo, "Tanner")
    index = flood_index(view, demo)
    fill = QColor(palette.theme().factual_fill)

    def badge_pixels() -> int:
        QApplication.processEvents()
        image = view.stories.viewport().grab().toImage()
        rect = view.stories.visualRect(index)
        return sum(1 for x in range(rect.left(), rect.right(), 2) for y in range(rect.top(), rect.bottom(), 2)
                   if image.pixelColor(x, y) == fill)

    assert index.data(BADGE_ROLE) is None and badge_pixels() == 0
    asked: list[list[int]] = []

    def counts(ids: list[int]) -> dict[int, int]:
        asked.append(ids)
        return {flood: 13}

    view.set_badge_source(counts)
    view.reload()
    index = flood_index(view, demo)
    assert index.data(BADGE_ROLE) == 13
    assert view.story_model.story_index(story_id(demo, "Ambersley")).data(BADGE_ROLE) is None
    assert flood in asked[-1]
    assert badge_pixels() > 20
    assert "13 factual differences" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_identical_copies_are_marked_in_words(qtbot, view: LibraryView, demo: Library) -> None:
    members = q.story_articles(demo.store.conn, story_id(demo, "Tanner"))
    with demo.store.conn:   # as the grouping records an identical text: the later article copies the first
        demo.store.conn.execute("UPDATE story_articles SET copy_of = ? WHERE article_id = ?",
                                (members[0].id, members[2].id))
    view.reload()
    index = flood_index(view, demo)
    copies = [view.story_model.index(r, 0, index).data(COPY_ROLE) for r in range(3)]
    assert copies == [None, None, "copy of A"]
    assert "copy of A" in view.story_model.index(2, 0, index).data(Qt.ItemDataRole.ToolTipRole)


def test_import_log_escapes_file_names_and_reasons(view: LibraryView, demo: Library) -> None:
    assert "5 articles · 0 duplicates · 0 errors" in view.import_log.text()
    entry = demo.imports.history(limit=1)[0]
    bad = Problem("/tmp/a&b <img src=x>.txt", "failed", "not <i>readable</i> & more")
    view.show_import_log([replace(entry, failed=1, problems=[bad])])
    text = view.import_log.text()
    assert "a&amp;b &lt;img src=x&gt;.txt" in text and "not &lt;i&gt;readable&lt;/i&gt; &amp; more" in text
    assert "1 errors" in text


# --- story editing requests --------------------------------------------------------------------------

def test_merge_action_needs_two_stories_and_emits_both(qtbot, view: LibraryView, demo: Library) -> None:
    first, second = view.story_model.index(0, 0), view.story_model.index(1, 0)
    click(qtbot, view.stories, first)
    assert not view.merge_action.isEnabled()
    click(qtbot, view.stories, second, Qt.KeyboardModifier.ControlModifier)
    expected = [view.story_model.story_id(0), view.story_model.story_id(1)]
    assert view.selected_stories() == expected
    assert view.merge_action.isEnabled()
    with qtbot.waitSignal(view.merge_requested) as blocker:
        view.merge_action.trigger()
    assert blocker.args == expected


def test_split_and_move_requests_for_an_article(qtbot, view: LibraryView, demo: Library,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    index = flood_index(view, demo)
    click(qtbot, view.stories, index)
    child = view.story_model.index(0, 0, index)
    click(qtbot, view.stories, child)
    article = child.data(ARTICLE_ID_ROLE)
    assert view.split_action.isEnabled() and view.move_action.isEnabled()
    with qtbot.waitSignal(view.split_requested) as blocker:
        view.split_action.trigger()
    assert blocker.args == [article]
    target = story_id(demo, "Ambersley")

    def choose(dialog: MoveToStoryDialog) -> int:
        assert dialog.list.count() == 2   # every story but the article's own
        assert dialog.choose(target)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MoveToStoryDialog, "exec", choose)
    with qtbot.waitSignal(view.move_requested) as blocker:
        view.move_action.trigger()
    assert blocker.args == [article, target]


def test_dropping_an_article_on_a_story_requests_a_move(qtbot, view: LibraryView, demo: Library) -> None:
    model = view.story_model
    flood = flood_index(view, demo)
    view.stories.expand(flood)
    child = model.index(2, 0, flood)
    target = model.story_index(story_id(demo, "Brackenfield"))
    data = model.mimeData([child])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    with qtbot.waitSignal(view.move_requested) as blocker:
        model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert blocker.args == [child.data(ARTICLE_ID_ROLE), story_id(demo, "Brackenfield")]
    with qtbot.assertNotEmitted(view.move_requested):   # onto its own story: nothing to ask
        model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, flood)


def test_move_dialog_filters_story_titles(qtbot, demo: Library) -> None:
    dialog = MoveToStoryDialog(demo, "An article", exclude=None)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 3 and dialog.chosen() is None
    dialog.filter.setText("ambersley")
    assert dialog.list.count() == 1
    assert dialog.choose(story_id(demo, "Ambersley")) and dialog.chosen() == story_id(demo, "Ambersley")


def test_reload_after_a_store_change_keeps_the_selection(qtbot, view: LibraryView, demo: Library) -> None:
    flood = story_id(demo, "Tanner")
    view.select_story(flood)
    valley_article = q.story_articles(demo.store.conn, story_id(demo, "Ambersley"))[0].id
    with qtbot.assertNotEmitted(view.story_selected):
        demo.stories.move(valley_article, flood)   # the library's "stories" notice reloads the view
    assert view.story_model.rowCount() == 2
    assert view.selected_story() == flood
    index = flood_index(view, demo)
    assert view.story_model.rowCount(index) == 4
    assert index.data(META_ROLE).startswith("4 outlets")


def test_a_merged_away_story_hands_the_selection_to_the_merged_one(qtbot, view: LibraryView,
                                                                     demo: Library) -> None:
    ambersley, flood = story_id(demo, "Ambersley"), story_id(demo, "Tanner")
    view.select_story(ambersley)
    view.stories.setFocus()
    with qtbot.waitSignal(view.story_selected) as blocker:
        demo.stories.merge(flood, ambersley)
    survivor = q.story_of(demo.store.conn, q.story_articles(demo.store.conn, blocker.args[0])[0].id)
    assert blocker.args == [survivor] and view.selected_story() == survivor


# --- search ------------------------------------------------------------------------------------------

def test_search_shows_hits_with_bold_snippets_and_selects_articles(qtbot, view: LibraryView) -> None:
    qtbot.keyClicks(view.search_box, "Saltmere")
    assert view.search_pending()   # typing waits for a pause before searching
    view.flush_search()
    assert view.mode() == "search"
    hits = view.hit_model
    assert hits.rowCount() == 3
    index = hits.index(0, 0)
    assert "[[" in index.data(SNIPPET_ROLE)
    document = snippet_document(index.data(SNIPPET_ROLE), QFont(), 200)
    bold = [fragment for fragment in _fragments(document) if fragment[1]]
    assert bold and all(text.casefold() == "saltmere" for text, _ in bold)
    assert "[[" not in document.toPlainText()
    with qtbot.waitSignal(view.article_selected) as blocker:
        click(qtbot, view.results, hits.index(1, 0))
    assert blocker.args == [hits.index(1, 0).data(ARTICLE_ID_ROLE)]
    qtbot.keyClick(view.search_box, Qt.Key.Key_Escape)
    assert view.search_box.text() == ""
    assert view.mode() == "stories" and view.stories.isVisible()


def test_a_search_too_common_to_rank_whole_says_which_matches_it_ranked(qtbot, view: LibraryView,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from core import search

    view.search_box.setText("Saltmere")
    view.flush_search()
    assert view.hit_model.rowCount() == 3 and not view.section_note.isVisible()
    monkeypatch.setattr(search, "RANK_CAP", 2)
    view.search_box.setText("Saltmere ")
    view.flush_search()
    assert view.hit_model.rowCount() == 2
    assert view.section_note.isVisible() and "newest" in view.section_note.text()
    assert "more than 2 articles" in view.section_note.toolTip()
    qtbot.keyClick(view.search_box, Qt.Key.Key_Escape)
    assert view.section_note.text() == "Newest first"


def _fragments(document) -> list[tuple[str, bool]]:
    out = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            out.append((fragment.text(), fragment.charFormat().fontWeight() >= QFont.Weight.Bold))
            it += 1
        block = block.next()
    return out


def test_snippet_text_is_never_read_as_markup() -> None:
    document = snippet_document('a <b>tag</b> &amp; "x" [[hit]] <img src=y>', QFont(), 300)
    assert document.toPlainText() == 'a <b>tag</b> &amp; "x" hit <img src=y>'
    assert [text for text, bold in _fragments(document) if bold] == ["hit"]


@pytest.mark.parametrize("query", ['"unbalanced', "NOT flood", "-flood"])
def test_a_bad_query_shows_a_message_not_an_exception(qtbot, view: LibraryView, query: str) -> None:
    view.search_box.setText(query)
    view.flush_search()
    assert view.search_error()
    assert view.search_message.isVisible() and view.search_message.text().startswith("Can't read this search")
    assert view.hit_model.rowCount() == 0 and not view.results.isVisible()
    if query == '"unbalanced':
        assert "closing" in view.search_message.text()


@pytest.mark.parametrize("query", ["NEAR(", "Wexmouth", "AND OR", "*"])
def test_odd_or_empty_queries_answer_with_hits_or_a_message(qtbot, view: LibraryView, query: str) -> None:
    view.search_box.setText(query)
    view.flush_search()   # FTS5 syntax never reaches SQLite raw, so nothing may raise here
    assert view.mode() == "search"
    assert (view.hit_model.rowCount() > 0) != view.search_message.isVisible()
    if query == "Wexmouth":
        assert view.search_message.text() == "No articles match “Wexmouth”."


def test_filters_narrow_search_results_and_say_so(qtbot, view: LibraryView) -> None:
    view.source_filter.setCurrentIndex(view.source_filter.findData("Harbour Wire"))
    view.search_box.setText("Saltmere")
    view.flush_search()
    assert [view.hit_model.index(r, 0).data(SOURCE_ROLE) for r in range(view.hit_model.rowCount())] == [
        "Harbour Wire"]
    view.source_filter.setCurrentIndex(view.source_filter.findData("Valley Times"))
    assert view.hit_model.rowCount() == 0
    assert view.search_message.text().startswith("3 articles match “Saltmere”, but none")


# --- filters and the other views ---------------------------------------------------------------------

def test_outlet_filter_keeps_only_that_outlets_stories(qtbot, view: LibraryView, demo: Library) -> None:
    combo = view.source_filter
    assert combo.itemText(0) == "All sources" and combo.count() == 6
    combo.setCurrentIndex(combo.findData("Harbour Wire"))
    assert view.story_model.rowCount() == 1
    assert view.story_model.index(0, 0).data(META_ROLE).startswith("3 outlets")
    assert view.article_model.rowCount() == 1
    assert view.source_model.rowCount() == 1
    combo.setCurrentIndex(combo.findData("Valley Times"))
    assert [view.story_model.index(0, 0).data()] == [demo.stories.get(story_id(demo, "Ambersley")).title]
    combo.setCurrentIndex(0)
    assert view.story_model.rowCount() == 3


def test_date_filters(qtbot, view: LibraryView) -> None:
    view.today = lambda: date(2024, 3, 10)
    view.date_filter.setCurrentIndex(1)   # last 7 days: 4–10 March
    assert view.story_model.rowCount() == 2
    assert view.article_model.rowCount() == 4
    view.date_filter.setCurrentIndex(4)   # custom range
    assert view.range_row.isVisible()
    view.since_edit.setDate(QDate(2024, 3, 12))
    view.until_edit.setDate(QDate(2024, 3, 14))
    assert view.current_filter() == q.LibraryFilter(None, "2024-03-12", "2024-03-14")
    assert view.story_model.rowCount() == 1 and view.article_model.rowCount() == 1
    view.date_filter.setCurrentIndex(0)
    assert not view.range_row.isVisible() and view.story_model.rowCount() == 3


def test_sources_and_all_articles_views_select_articles(qtbot, view: LibraryView, demo: Library) -> None:
    view.mode_buttons["sources"].click()
    assert view.mode() == "sources" and view.sources.isVisible()
    model = view.source_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())][:2] == ["Civic Bulletin", "Coastline Daily"]
    wire = next(model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "Harbour Wire")
    view.sources.expand(wire)
    child = model.index(0, 0, wire)
    assert child.data(KIND_ROLE) == "article" and "Tanner" in child.data()
    with qtbot.waitSignal(view.article_selected) as blocker:
        click(qtbot, view.sources, child)
    assert blocker.args == [child.data(ARTICLE_ID_ROLE)]
    view.mode_buttons["articles"].click()
    assert view.article_model.rowCount() == 5 and ">5<" in view.section.text()
    row = view.article_model.index(2, 1)
    with qtbot.waitSignal(view.article_selected) as blocker:
        click(qtbot, view.articles, row)
    assert blocker.args == [view.article_model.article_id(2)]


def test_library_notices_reach_the_view(qtbot, view: LibraryView, demo: Library, tmp_path: Path,
                                        make_article) -> None:
    extra = make_article(tmp_path, "ferry.txt", "The night ferry from Wexmouth ran aground on a sandbank.",
                         title="Ferry aground", source="Isle Courier", date="2024-04-01")
    job = demo.imports.start([extra])
    list(job)
    assert view.source_filter.findData("Isle Courier") > 0
    assert view.article_model.rowCount() == 6
    demo.stories.attach([a.id for a in job.summary.imported])
    assert view.story_model.rowCount() == 4
    assert view.story_model.index(0, 0).data() == "Ferry aground"
    view.set_status_hint("Grouping 1 of 1")
    assert view.status_hint.isVisible()
    view.set_status_hint("")
    assert not view.status_hint.isVisible()


def test_a_view_outliving_its_closed_library_never_raises_into_qt(qtbot, demo_db: Path, tmp_path: Path) -> None:
    # The main window closes the old library when it opens another; the old view is deleted later,
    # and Qt may still repaint or restyle it. An exception escaping a Qt override would abort the app.
    copy = tmp_path / "closing.db"
    with Library.open(demo_db) as source:
        source.store.backup(copy)
    library = Library.open(copy)
    widget = LibraryView(library)
    model = StoryTreeModel(library, page=1)
    old_palette = QApplication.instance().palette()
    try:
        widget.resize(260, 600)
        widget.show()
        qtbot.waitExposed(widget)
        assert model.index(0, 0).data()
        library.close()
        assert model.index(2, 0).data()       # titles come with the order, read before the close
        assert model.index(2, 0).data(META_ROLE).startswith("0 outlets")   # its page was not: blank
        assert model.rowCount(model.index(2, 0)) == 0
        palette.set_theme("dark")
        QApplication.instance().setPalette(palette.application_palette(palette.theme()))
        widget.grab()
        assert widget.section.text().startswith("STORIES")
    finally:
        palette.set_theme("light")
        QApplication.instance().setPalette(old_palette)
        dispose(widget)


# --- scale -------------------------------------------------------------------------------------------

def test_twenty_thousand_stories_are_fetched_lazily(qtbot, tmp_path: Path) -> None:
    with Library.open(tmp_path / "big.db") as library:
        fill_large_store(library.store.conn, 20_000)
        model = StoryTreeModel(library)
        assert model.rowCount() == 20_000 and model.rows_fetched == 0
        last = model.index(19_999, 0)
        assert last.data() and last.data(META_ROLE).startswith("1 outlet")
        assert model.rows_fetched <= PAGE   # one page, not all 20,000
        widget = LibraryView(library)
        try:
            widget.resize(260, 800)
            widget.show()
            qtbot.waitExposed(widget)
            widget.stories.scrollToBottom()
            widget.grab()
            assert widget.story_model.rows_fetched <= 4 * PAGE
            assert widget.select_story(widget.story_model.story_id(12_345))
            assert widget.selected_story() == widget.story_model.story_id(12_345)
            widget.stories.scrollToTop()
            assert widget.select_story(widget.story_model.story_id(19_000))
            widget.grab()
            for key in (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_Home):
                qtbot.keyClick(widget.stories, key)
            widget.grab()
            assert widget.story_model.rows_fetched <= 8 * PAGE
        finally:
            dispose(widget)


# --- pictures ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_render_library_view(qtbot, demo: Library, theme_name: str) -> None:
    app = QApplication.instance()
    old_style, old_palette = app.style().name(), app.palette()
    palette.set_theme(theme_name)
    app.setStyle("Fusion")
    app.setPalette(palette.application_palette(palette.theme()))
    widget = LibraryView(demo)
    try:
        flood = story_id(demo, "Tanner")
        widget.set_badge_source(lambda ids: {flood: 13} if flood in ids else {})
        widget.resize(260, 800)
        widget.show()
        qtbot.waitExposed(widget)
        widget.select_story(flood)
        image: QImage = widget.grab().toImage()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if theme_name == "light" else "_dark"
        image.save(str(ARTIFACTS / f"library_view{suffix}.png"))
        assert (image.width(), image.height()) == (260, 800)
        text = QColor(palette.theme().text)
        inked = sum(1 for x in range(0, 260, 2) for y in range(0, 800, 2)
                    if abs(image.pixelColor(x, y).lightness() - text.lightness()) < 40)
        assert inked > 500, "the column drew almost no text"
    finally:
        dispose(widget)
        palette.set_theme("light")
        app.setStyle(old_style)
        app.setPalette(old_palette)



def test_the_outlet_list_scroll_bar_is_drawn_in_the_theme_not_left_black(qtbot, demo: Library) -> None:
    """With more outlets than rows the outlet list scrolls; its transparent background once left
    the bar's page area unpainted (black) under Fusion."""
    from core.store import utc_now

    conn = demo.store.conn
    now = utc_now()
    with conn:
        for i in range(40):
            source = conn.execute("INSERT INTO sources (name, created_at) VALUES (?, ?)",
                                  (f"Extra Outlet {i:02d}", now)).lastrowid
            conn.execute("""INSERT INTO articles (source_id, title, published, body, content_hash, imported_at)
                            VALUES (?, ?, '2024-05-01', 'A short text.', ?, ?)""",
                         (source, f"Extra {i}", f"extra{i}", now))
    widget = LibraryView(demo)
    widget.resize(260, 800)
    widget.show()
    qtbot.waitExposed(widget)
    try:
        bar = widget.source_summary.verticalScrollBar()
        qtbot.waitUntil(lambda: bar.isVisible() and bar.maximum() > 0)
        # the bar as the window shows it (grabbing the bar alone would give its transparent pixels)
        from PySide6.QtCore import QRect
        image = widget.grab(QRect(bar.mapTo(widget, bar.rect().topLeft()), bar.size())).toImage()
        darkest = min(QColor(image.pixel(x, y)).lightness()
                      for x in range(image.width()) for y in range(image.height()))
        assert darkest > 60, f"the outlet list's scroll bar has near-black pixels (lightness {darkest})"
    finally:
        dispose(widget)
