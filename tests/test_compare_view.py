"""The story view with real widgets and the real demo story (pytest-qt, offscreen)."""
from __future__ import annotations


import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from conftest import PROJECT
from core.analysis import Version
from core.compare import ComparedArticle, Comparison, compare
from core.view_rows import stops
from gui import palette
from gui.compare_pane import GUTTER, PAD_Y
from gui.compare_view import CompareView
from test_view_rows import SALTMERE, demo_comparison

ARTIFACTS = PROJECT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def story() -> Comparison:
    return demo_comparison()


@pytest.fixture(scope="module")
def pair() -> Comparison:
    return demo_comparison(SALTMERE[:2])


def make_view(qtbot, comparison: Comparison | None, size: tuple[int, int] = (1000, 800)) -> CompareView:
    view = CompareView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    if comparison is not None:
        view.set_comparison(comparison)
    return view


def in_viewport(view: CompareView, pane: int, row: int) -> bool:
    top = view.row_top(row) - view.pane_scroll(pane)
    return 0 <= top < view.panes[pane].viewport().height()


def test_three_articles_three_panes_and_navigation_keeps_rows_level(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    assert view.pane_count() == 3
    assert view.current_difference() == -1
    with qtbot.waitSignal(view.current_changed) as first:
        assert view.next_difference()
    with qtbot.waitSignal(view.current_changed) as second:
        assert view.next_difference()
    assert second.args[0] == view.current_difference() > first.args[0] >= 0
    # Go far down so scrolling really happens.
    late = view.visible_stops()[-5]
    assert view.go_to_difference(late)
    offsets = {view.pane_scroll(i) for i in range(3)}
    assert len(offsets) == 1 and offsets.pop() > 0
    row = view.current_row()
    assert row == story.differences[late].row
    assert all(in_viewport(view, i, row) for i in range(3))


def test_go_to_puts_the_row_a_third_of_the_way_down(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    middle = view.visible_stops()[len(view.visible_stops()) // 2]
    view.go_to_difference(middle, flash=False)
    height = view.panes[0].viewport().height()
    place = view.row_top(view.current_row()) - view.pane_scroll(0)
    assert abs(place - height // 3) <= 2


def test_previous_goes_back_and_stops_at_the_start(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    view.next_difference()
    first = view.current_difference()
    view.next_difference()
    assert view.previous_difference()
    assert view.current_difference() == first
    assert not view.previous_difference()
    assert view.current_difference() == first


def test_sync_scroll_moves_the_other_panes_only_when_on(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    assert view.sync_scroll()
    view.panes[0].verticalScrollBar().setValue(400)
    assert view.pane_scroll(1) == view.pane_scroll(2) == 400
    view.set_sync_scroll(False)
    view.panes[0].verticalScrollBar().setValue(900)
    assert view.pane_scroll(0) == 900 and view.pane_scroll(1) == 400
    view.panes[2].verticalScrollBar().setValue(100)
    assert view.pane_scroll(0) == 900
    view.set_sync_scroll(True)
    assert view.pane_scroll(0) == view.pane_scroll(1) == view.pane_scroll(2) == 100


def test_rows_are_level_across_panes(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    tops = [view.row_top(row) for row in range(len(story.rows))]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    # A row is as tall as its tallest cell in any pane: every cell document fits inside its row.
    for position, row in enumerate(view.rows):
        for article, cell in enumerate(row.cells):
            if cell is not None:
                assert view.cell_doc(position, article).height() <= view.row_heights[position]


def test_filters_hide_cosmetic_highlights_and_stops(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    assert "cosmetic" in view.painted_categories()
    assert any(pair.differences[d].category == "cosmetic" for d in view.visible_stops())
    view.set_filters({"factual", "wording"}, set())
    assert "cosmetic" not in view.painted_categories()
    assert not any(pair.differences[d].category == "cosmetic" for d in view.visible_stops())
    cosmetic = next(i for i, d in enumerate(pair.differences) if d.category == "cosmetic")
    assert view.tick_position(cosmetic) is None
    view.set_filters({"factual", "wording", "cosmetic"}, {"number"})
    assert not any(pair.differences[d].kind == "number" for d in view.visible_stops())
    assert "cosmetic" in view.painted_categories()


def test_next_factual_lands_only_on_factual_differences(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    landed = []
    while view.next_factual() and len(landed) < 12:
        landed.append(view.current_difference())
    assert len(landed) >= 3
    assert all(story.differences[d].category == "factual" for d in landed)
    assert landed == sorted(landed)


def test_find_marks_matches_case_insensitively(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    total = view.find("saltmere")
    assert total > 3
    row, article, start, end = view.find_match()
    assert story.articles[article].text[start:end].lower() == "saltmere"
    assert in_viewport(view, article, row)
    first = view.find_match()
    assert view.find("saltmere") == total and view.find_match() != first
    assert view.find("saltmere", forward=False) == total and view.find_match() == first
    assert view.find("no such words anywhere") == 0
    view.clear_find()
    assert view.find_match() is None


def test_clicking_a_strip_tick_makes_it_current(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    target = view.visible_stops()[len(view.visible_stops()) // 2]
    point = view.tick_position(target)
    assert point is not None
    with qtbot.waitSignal(view.current_changed):
        qtbot.mouseClick(view.strip, Qt.MouseButton.LeftButton, pos=point)
    current = view.current_difference()
    assert current != -1 and abs(view.strip.tick_y(current) - point.y()) <= 3
    assert view.strip.current == current


def test_clicking_the_strip_between_ticks_scrolls(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    ys = {view.strip.tick_y(d) for d in view.visible_stops()}
    free = next(y for y in range(view.strip.height() - 10, 10, -1) if all(abs(y - t) > 4 for t in ys))
    qtbot.mouseClick(view.strip, Qt.MouseButton.LeftButton, pos=QPoint(8, free))
    assert view.current_difference() == -1
    assert view.pane_scroll(0) > 0 and view.pane_scroll(0) == view.pane_scroll(2)


def test_clicking_a_highlight_makes_it_current_and_hover_explains_it(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    number = next(s for s in stops(pair) if s.kind == "number")
    position = view._position_of[number.row]
    _, start, end = next(span for span in number.spans if span[0] == 0)
    doc = view.cell_doc(position, 0)
    boxes = doc.rects(start, end)
    assert boxes, (start, end, doc.pieces)
    box = boxes[0]
    point = QPointF(GUTTER + box.center().x(), view.row_tops[position] + PAD_Y + box.center().y()
                    - view.pane_scroll(0))
    assert view.tooltip_at(0, point) == pair.differences[number.difference].explanation
    with qtbot.waitSignal(view.current_changed):
        qtbot.mouseClick(view.panes[0].viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert view.current_difference() == number.difference


def test_article_text_is_never_markup(qtbot) -> None:
    a = "The council met on Monday. It said <b>bold</b> <script>x</script> plans were &amp; ready."
    b = "The council met on Tuesday. It said the plans were ready."
    comparison = compare([Version.of(a), Version.of(b)],
                         [ComparedArticle(1, "One", "t", "", "a.txt", a), ComparedArticle(2, "Two", "t", "", "b.txt", b)])
    view = make_view(qtbot, comparison)
    texts = " ".join(view.cell_text(row, 0) for row in range(len(comparison.rows)))
    assert "<b>bold</b> <script>x</script>" in texts
    assert "&amp;" in texts


def test_furniture_dim_or_hidden(qtbot, story: Comparison) -> None:
    view = make_view(qtbot, story)
    furniture = next(row for row in view.rows if row.furniture)
    assert view.row_top(furniture.index) >= 0
    sentence_row = next(row for row in view.rows if not row.furniture)
    assert view.row_height(furniture.index) < view.row_height(sentence_row.index)
    view.set_furniture_mode("hide")
    assert view.row_top(furniture.index) == -1
    assert not any(row.furniture for row in view.rows)
    view.set_furniture_mode("dim")
    assert view.row_top(furniture.index) >= 0


def test_zoom_changes_the_font_and_the_row_heights(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    before, height = view.font_size(), view.row_height(0)
    view.zoom(3)
    assert view.font_size() == before + 3
    assert view.row_height(0) > height
    view.set_font_size(before)
    assert view.row_height(0) == height
    # Zooming keeps the editor's place: the row at the top stays at the top.
    row = view.rows[len(view.rows) // 2].index
    view.panes[0].verticalScrollBar().setValue(view.row_top(row))
    view.zoom(2)
    assert view.pane_scroll(0) == view.row_top(row) == view.pane_scroll(1)


def test_the_mouse_wheel_scrolls_all_panes(qtbot, pair: Comparison) -> None:
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    view = make_view(qtbot, pair)
    viewport = view.panes[1].viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(centre, viewport.mapToGlobal(centre), P(0, 0), P(0, -240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)
    assert view.pane_scroll(1) > 0 and view.pane_scroll(0) == view.pane_scroll(1)


def test_note_markers_go_beside_their_row(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    number = next(s for s in stops(pair) if s.kind == "number")
    view.set_note_markers({number.difference: "verified"})
    glyphs = view.note_glyphs(number.row, 0)
    assert glyphs and glyphs[0][0] == "✓" and glyphs[0][1] == palette.theme().verified_text


def test_clear_shows_a_message_and_no_panes(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    view.next_difference()
    with qtbot.waitSignal(view.current_changed):
        view.clear("Comparing…")
    assert view.pane_count() == 0 and view.message() == "Comparing…"
    assert view.current_difference() == -1
    view.set_comparison(pair)
    assert view.pane_count() == 2


def test_articles_menu_emits_the_chosen_ids_and_keeps_two(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    view.set_story_articles([(11, "A · Harbour Wire"), (12, "B · Ledger"), (13, "C · Coastline")], [11, 12])
    actions = view.articles_button.menu().actions()
    with qtbot.waitSignal(view.shown_articles_changed) as chosen:
        actions[2].setChecked(True)
    assert chosen.args[0] == [11, 12, 13]
    with qtbot.waitSignal(view.shown_articles_changed) as chosen:
        actions[0].setChecked(False)
    assert chosen.args[0] == [12, 13]
    with qtbot.assertNotEmitted(view.shown_articles_changed):
        actions[1].setChecked(False)
    assert sum(a.isChecked() for a in actions) == 2


def test_renders_like_the_mockup_in_both_themes(qtbot, story: Comparison) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        for name, file in (("light", "compare_view.png"), ("dark", "compare_view_dark.png")):
            palette.set_theme(name)
            view = make_view(qtbot, story)
            view.set_note_markers({6: "verified", 9: "wrong"})
            view.set_story_articles([(1, "A"), (2, "B"), (3, "C")], [1, 2, 3])
            view.go_to_difference(6, flash=False)
            image = view.grab()
            assert image.save(str(ARTIFACTS / file))
            assert image.width() == 1000 and image.height() == 800
            # The pane background is the theme's, so the theme really reached the painter.
            pane = view.panes[1]
            corner = pane.mapTo(view, QPoint(pane.viewport().width() - 20, pane.viewport().height() - 3))
            assert image.toImage().pixelColor(corner).name() in (palette.theme().pane.lower(),
                                                                  palette.theme().current_band.lower(),
                                                                  palette.theme().gap_back.lower(),
                                                                  palette.theme().gap_hatch.lower())
    finally:
        palette.set_theme("light")


def test_theme_switch_repaints(qtbot, pair: Comparison) -> None:
    view = make_view(qtbot, pair)
    try:
        light = view.cell_doc(0, 0).doc
        palette.set_theme("dark")
        view.apply_theme()
        assert view.cell_doc(0, 0).doc is not light
    finally:
        palette.set_theme("light")


def test_many_painter_calls_do_not_free_none() -> None:
    # PySide6 6.12 void methods drop a reference to None; on Python 3.11 the story view's painting
    # would abort the process within seconds unless the gui package protects None (gui/__init__.py);
    # pyproject keeps PySide6 below 6.12, and the guard stays for a system that has 6.12 anyway.
    import subprocess
    import sys
    code = ("from PySide6.QtGui import QGuiApplication, QImage, QPainter\n"
            "app = QGuiApplication([])\n"
            "import gui.compare_view\n"
            "image = QImage(8, 8, QImage.Format.Format_ARGB32)\n"
            "painter = QPainter(image)\n"
            "for _ in range(50000):\n"
            "    painter.drawLine(0, 0, 4, 4)\n"
            "painter.end()\n"
            "print('alive')\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0 and "alive" in result.stdout, result.stderr[-500:]


def test_eight_articles_get_eight_level_panes(qtbot, story: Comparison) -> None:
    bodies = [a.text for a in story.articles]
    texts = [bodies[i % 3] for i in range(8)]
    comparison = compare([Version.of(t) for t in texts],
                         [ComparedArticle(i, f"Outlet {i}", f"Title {i}", "2024-03-06", f"f{i}.txt", t)
                          for i, t in enumerate(texts)])
    view = make_view(qtbot, comparison, (1400, 800))
    assert view.pane_count() == 8
    view.panes[3].verticalScrollBar().setValue(300)
    assert {view.pane_scroll(i) for i in range(8)} == {300}
    assert view.grab().width() == 1400
