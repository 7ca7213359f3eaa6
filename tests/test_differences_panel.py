"""The differences/quotes panel, driven through its real widgets on the demo story."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMenu

from conftest import PROJECT
from core.analysis import Version
from core.compare import Comparison, compare
from core.notes import Note, difference_key, quote_key
from core.panel_items import category_counts, kind_key
from gui.differences_panel import NOTE_ROLE, DifferencesPanel
from gui.note_editor import NoteEditor
from gui.palette import DARK, LIGHT, application_palette, set_theme
from test_panel_items import demo_comparison

ARTIFACTS = PROJECT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def story() -> Comparison:
    return demo_comparison()


def shown_panel(qtbot, story: Comparison) -> DifferencesPanel:
    """The panel at the window's width, showing `story`, on screen."""
    widget = DifferencesPanel()
    qtbot.addWidget(widget)
    widget.resize(344, 900)
    widget.set_comparison(story)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def panel(qtbot, story: Comparison) -> DifferencesPanel:
    set_theme("light")
    return shown_panel(qtbot, story)


def first_of(story: Comparison, kind: str) -> int:
    return next(i for i, d in enumerate(story.differences) if d.kind == kind)


def click_item(qtbot, panel: DifferencesPanel, index: int, x: int = 40) -> None:
    panel.view.scrollTo(panel.model.index(panel.model.row_of(index)))
    rect = panel.item_rect(index)
    assert rect.isValid(), f"difference {index} is not listed"
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + x, rect.top() + 10))


def test_factual_items_come_before_wording_and_cosmetic(panel: DifferencesPanel, story: Comparison) -> None:
    categories = [story.differences[i].category for i in panel.visible_items()]
    assert len(categories) == len(story.differences)
    assert categories == sorted(categories, key=["factual", "wording", "cosmetic"].index)
    assert panel.count_label.text() == str(len(story.differences))


def test_hiding_cosmetic_removes_its_items_and_keeps_the_counts(qtbot, panel: DifferencesPanel,
                                                                 story: Comparison) -> None:
    chip = panel.chip("cosmetic")
    assert chip is not None and chip.count == category_counts(story)["cosmetic"] > 0
    with qtbot.waitSignal(panel.filters_changed) as signal:
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    shown, hidden = signal.args
    assert "cosmetic" not in shown and {"factual", "wording"} <= shown and hidden == set()
    assert panel.visible_items() and all(story.differences[i].category != "cosmetic" for i in panel.visible_items())
    assert chip.count == category_counts(story)["cosmetic"]
    assert panel.filters() == (shown, hidden)


def test_hiding_one_factual_kind_hides_only_that_kind(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    before = set(panel.visible_items())
    with qtbot.waitSignal(panel.filters_changed) as signal:
        qtbot.mouseClick(panel.chip("number"), Qt.MouseButton.LeftButton)
    assert signal.args[1] == {"number"}
    gone = before - set(panel.visible_items())
    assert gone and all(story.differences[i].kind == "number" for i in gone)
    with qtbot.waitSignal(panel.filters_changed) as signal:
        qtbot.mouseClick(panel.chip("omission:B"), Qt.MouseButton.LeftButton)
    assert signal.args[1] == {"number", "omission:B"}
    assert all(kind_key(story.differences[i]) != "omission:B" for i in panel.visible_items())


def test_set_filters_restores_without_emitting(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    with qtbot.assertNotEmitted(panel.filters_changed):
        panel.set_filters({"factual"}, {"sourcing"})
    assert panel.filters() == ({"factual"}, {"sourcing"})
    assert not panel.chip("wording").isChecked() and not panel.chip("sourcing").isChecked()
    listed = [story.differences[i] for i in panel.visible_items()]
    assert listed and all(d.category == "factual" and d.kind != "sourcing" for d in listed)


def test_clicking_an_item_activates_that_difference(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    for index in (first_of(story, "place"), first_of(story, "misspelling")):
        with qtbot.waitSignal(panel.difference_activated) as signal:
            click_item(qtbot, panel, index)
        assert signal.args == [index]
        assert panel.view.currentIndex().row() == panel.model.row_of(index)


def test_arrow_keys_walk_the_list(qtbot, panel: DifferencesPanel) -> None:
    first, second = panel.visible_items()[:2]
    panel.set_current(first)
    panel.view.setFocus()
    with qtbot.waitSignal(panel.difference_activated) as signal:
        qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert signal.args == [second]


def test_set_current_selects_and_scrolls_without_emitting(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    last = panel.visible_items()[-1]
    with qtbot.assertNotEmitted(panel.difference_activated):
        panel.set_current(last)
    assert panel.view.currentIndex().row() == panel.model.row_of(last)
    assert panel.view.viewport().rect().intersects(panel.item_rect(last))
    assert panel.view.verticalScrollBar().value() > 0


def test_set_status_emits_the_note_key(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    index = first_of(story, "number")
    with qtbot.waitSignal(panel.note_changed) as signal:
        panel.set_status(index, "verified")
    key, status, text, label, ids = signal.args
    assert key == difference_key(story, index)
    assert (status, text, label) == ("verified", "", story.differences[index].explanation)
    assert ids == [1, 2, 3]
    row = panel.model.row(panel.model.row_of(index))
    assert row.item is not None and row.item.status == "verified"


def test_the_status_chip_opens_a_menu_of_the_four_statuses(qtbot, panel: DifferencesPanel,
                                                             story: Comparison) -> None:
    index = first_of(story, "name")
    geometry = panel.delegate.geometry(panel.item_rect(index).width(), panel.model.row(panel.model.row_of(index)).item)
    rect = panel.item_rect(index)
    with qtbot.assertNotEmitted(panel.difference_activated):
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=geometry.chip.center() + rect.topLeft())
    menu = panel.findChild(QMenu, "statusMenu")
    assert menu is not None and menu.isVisible()
    assert [a.data() for a in menu.actions()] == ["unchecked", "verified", "wrong", "not_important"]
    with qtbot.waitSignal(panel.note_changed) as signal:
        menu.actions()[2].trigger()
    assert signal.args[:2] == [difference_key(story, index), "wrong"]
    menu.close()


def test_the_note_icon_opens_an_editor_and_save_emits(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    index = first_of(story, "place")
    height_before = panel.item_rect(index).height()
    item = panel.model.row(panel.model.row_of(index)).item
    geometry = panel.delegate.geometry(panel.item_rect(index).width(), item)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=geometry.note_icon.center() + panel.item_rect(index).topLeft())
    editor = panel.findChild(NoteEditor, "noteEditor")
    assert editor is not None and editor.isVisible()
    editor.edit.setPlainText("Checked: the shelter was at the high school.")
    with qtbot.waitSignal(panel.note_changed) as signal:
        qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert signal.args[:3] == [difference_key(story, index), "unchecked",
                               "Checked: the shelter was at the high school."]
    row = panel.model.row_of(index)
    assert panel.model.index(row).data(NOTE_ROLE) == "Checked: the shelter was at the high school."
    assert panel.item_rect(index).height() > height_before            # the note shows under its item


def test_notes_passed_in_show_under_their_item(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    index = first_of(story, "speaker")
    plain = panel.item_rect(index).height()
    key = difference_key(story, index)
    panel.set_notes({key: Note(key, "wrong", "Renwick is the deputy; the mayor spoke.")})
    row = panel.model.row_of(index)
    assert panel.model.index(row).data(NOTE_ROLE) == "Renwick is the deputy; the mayor spoke."
    assert "Renwick is the deputy" in panel.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.item_rect(index).height() > plain
    assert panel.model.row(row).item.status == "wrong"


def test_status_filter_shows_only_that_status(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    index = first_of(story, "weekday")
    panel.set_status(index, "verified")
    action = panel.status_button.menu().actions()[2]
    assert action.data() == "verified"
    with qtbot.waitSignal(panel.status_filter_changed) as signal:
        action.trigger()
    assert signal.args == ["verified"]
    assert panel.visible_items() == [index]
    assert panel.status_button.text().startswith("Verified")
    panel.set_status_filter("unchecked")
    assert index not in panel.visible_items() and len(panel.visible_items()) == len(story.differences) - 1


def test_low_confidence_items_are_greyed_and_not_counted(qtbot, story: Comparison) -> None:
    shaky = replace(story.differences[first_of(story, "number")], confidence=0.2, explanation="Maybe a typo")
    changed = replace(story, differences=[*story.differences, shaky])
    widget = DifferencesPanel()
    qtbot.addWidget(widget)
    widget.set_comparison(changed)
    assert widget.chip("factual").count == category_counts(story)["factual"]
    assert widget.count_label.text() == str(len(story.differences))
    assert len(changed.differences) - 1 in widget.visible_items()
    assert widget.model.row(widget.model.row_of(len(changed.differences) - 1)).item.low_confidence


def test_quote_cards_show_each_wording_and_the_speaker(qtbot, panel: DifferencesPanel, story: Comparison) -> None:
    assert panel.quote_count() == len(story.quotes)
    assert panel.quotes_count.text().endswith("shared")
    card = next(c for c in panel.quote_cards() if c.shared and len(c.boxes) == 3)
    assert [b.letter for b in card.boxes] == ["A", "B", "C"] and all(b.text for b in card.boxes)
    assert "Annika Threlfall" in card.speaker
    rect = panel.quote_rect(card.index)
    assert rect.height() > 3 * panel.fontMetrics().height() * 2                 # three boxes of wording
    with qtbot.waitSignal(panel.quote_activated) as signal:
        qtbot.mouseClick(panel.quote_view.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(rect.left() + 40, rect.bottom() - 12))
    assert signal.args == [card.index]
    with qtbot.waitSignal(panel.note_changed) as signal:
        panel.set_quote_status(card.index, "verified")
    assert signal.args[:2] == [quote_key(story, card.index), "verified"]
    editor = panel.open_note_editor(card.index, quote=True)
    editor.edit.setPlainText("Both parts of the quote checked against the council video.")
    with qtbot.waitSignal(panel.note_changed) as signal:
        qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert signal.args[:3] == [quote_key(story, card.index), "verified",
                               "Both parts of the quote checked against the council video."]
    assert signal.args[3].startswith(f"Quote {card.number}: ")
    assert panel.quote_rect(card.index).height() > rect.height()                 # the note shows in the card
    single = next(c for c in panel.quote_cards() if not c.shared)
    with qtbot.waitSignal(panel.quote_activated) as signal:
        rect = panel.quote_rect(single.index)
        panel.quote_view.scrollTo(panel.quote_model.index(panel.quote_model.row_of_quote(single.index)))
        rect = panel.quote_rect(single.index)
        qtbot.mouseClick(panel.quote_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [single.index]


def test_markup_in_articles_is_shown_literally(qtbot) -> None:
    a = ('The council closed the bridge on Monday.\n\n"We will <script>alert(1)</script> rebuild it by June," '
         'Mayor Ann Lee said.\n\nAbout 40 homes were evacuated overnight.')
    b = ('The council closed the bridge on Monday.\n\n"We will <script>alert(1)</script> repair it by July," '
         'Mayor Ann Lee said.\n\nAbout 40 homes were evacuated <script>alert(1)</script> overnight.')
    comparison = compare([Version.of(a), Version.of(b)])
    widget = DifferencesPanel()
    qtbot.addWidget(widget)
    widget.resize(344, 700)
    widget.set_comparison(comparison)
    widget.show()
    shown = [widget.model.index(r).data() for r in range(widget.model.rowCount())]
    assert any("alert(1)</script" in text for text in shown)
    tips = [widget.model.index(r).data(Qt.ItemDataRole.ToolTipRole) or "" for r in range(widget.model.rowCount())]
    assert any("alert(1)&lt;/script" in tip for tip in tips) and not any("</script" in tip for tip in tips)
    card = widget.quote_cards()[0]
    assert all("<script>alert(1)</script>" in box.text for box in card.boxes)
    assert "<script>" in widget.quote_model.index(0).data()
    assert widget.grab().width() == 344                                          # paints without trouble


def test_clear_empties_both_lists(panel: DifferencesPanel) -> None:
    panel.set_filters(set(), set())
    assert panel.visible_items() == [] and "filters" in panel.view.placeholder
    panel.clear()
    assert panel.visible_items() == [] and panel.quote_count() == 0
    assert panel.count_label.text() == "" and panel.kind_chip_keys() == []
    assert "Choose a story" in panel.view.placeholder


def test_a_long_comparison_lists_every_difference(qtbot, story: Comparison) -> None:
    many = replace(story, differences=story.differences * 7)
    widget = DifferencesPanel()
    qtbot.addWidget(widget)
    widget.resize(344, 900)
    widget.set_comparison(many)
    widget.show()
    assert len(widget.visible_items()) == len(many.differences) >= 500
    widget.set_current(len(many.differences) - 1)
    assert widget.view.verticalScrollBar().value() > 0


def _dark_pixels(image, step: int = 4) -> float:
    dark = sum(1 for x in range(0, image.width(), step) for y in range(0, image.height(), step)
               if image.pixelColor(x, y).lightness() < 80)
    return dark / ((image.width() // step + 1) * (image.height() // step + 1))


@pytest.mark.parametrize("name", ["light", "dark"])
def test_renders_the_demo_story_in_both_themes(qtbot, story: Comparison, name: str) -> None:
    t = set_theme(name)
    QApplication.instance().setPalette(application_palette(t))
    try:
        widget = DifferencesPanel()
        qtbot.addWidget(widget)
        widget.resize(344, 900)
        key = difference_key(story, first_of(story, "name"))
        widget.set_comparison(story, {
            key: Note(key, "wrong", "Fire chief is Fenella Marchbank; B is wrong."),
            difference_key(story, first_of(story, "number")): Note("", "verified"),
            quote_key(story, 0): Note("", "verified")})
        widget.set_current(first_of(story, "sourcing"))
        widget.show()
        qtbot.waitExposed(widget)
        image = widget.grab().toImage()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if name == "light" else "_dark"
        image.save(str(ARTIFACTS / f"differences_panel{suffix}.png"))
        assert (image.width(), image.height()) == (344, 900)
        list_background = widget.view.viewport().grab().toImage().pixelColor(2, 2)
        assert list_background == QColor((DARK if name == "dark" else LIGHT).pane)
        share = _dark_pixels(image)
        assert (share > 0.5) if name == "dark" else (0.005 < share < 0.3)     # text drawn, theme applied
    finally:
        set_theme("light")
        QApplication.instance().setPalette(application_palette(LIGHT))
