"""The Quotes header's "Speakers ▾" filter, driven through the real panel on the demo story.

Demo speakers (resources/demo/EXPECTED.md): quotes 1 and 2 are Annika Threlfall's in A and B but Tobias
Renwick's in C (a speaker difference); quote 3 is Fenella Marchbank's, spelt "Marchbanks" by B (one person);
Gordon Feltham has two one-article quotes, Annika Threlfall one more.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from core.analysis import Version
from core.compare import Comparison, compare
from core.panel_items import UNNAMED, card_speakers, cards_of_speakers, quote_cards, speaker_counts
from gui.differences_panel import DifferencesPanel
from gui.palette import LIGHT, application_palette, set_theme
from test_differences_panel import shown_panel
from test_panel_items import demo_comparison

DEMO_SPEAKERS = [("Annika Threlfall", 3), ("Gordon Feltham", 2), ("Tobias Renwick", 2), ("Fenella Marchbank", 1),
                 ("Ines Calloway", 1), ("Priya Dunmore", 1), ("Tomasz Brennick", 1)]


@pytest.fixture(scope="module")
def story() -> Comparison:
    return demo_comparison()


@pytest.fixture(scope="module")
def unnamed_story() -> Comparison:
    """Two articles: a shared quote by Ann Lee, and one in A that no one is named as saying."""
    a = ('"We will rebuild it by June," Mayor Ann Lee said.\n\nThe council closed the bridge on Monday.\n\n'
         'A sign on the door read: "Closed until further notice for repairs to the deck."')
    b = '"We will rebuild it by July," Mayor Ann Lee said.\n\nThe council closed the bridge on Monday.'
    return compare([Version.of(a), Version.of(b)])


@pytest.fixture
def panel(qtbot, story: Comparison) -> DifferencesPanel:
    set_theme("light")
    return shown_panel(qtbot, story)


def menu_entries(panel: DifferencesPanel) -> list[tuple[str, str, bool]]:
    """(name, count, checked) per menu entry, the count being what follows the tab ("" for none)."""
    actions = [a for a in panel.speakers_button.menu().actions() if not a.isSeparator()]
    return [(*(a.text().split("\t") + [""])[:2], a.isChecked()) for a in actions]


def choose(qtbot, panel: DifferencesPanel, label: str) -> None:
    action = next(a for a in panel.speakers_button.menu().actions() if a.text().split("\t")[0] == label)
    action.trigger()                       # as a click in the menu: toggles, then the menu's triggered fires


def listed_cards(panel: DifferencesPanel):
    """The cards behind the quote list's rows (headings left out), read from the model."""
    model = panel.quote_model
    return [model.row(r).card for r in range(model.rowCount()) if model.row(r).card is not None]


def box_speakers(card) -> set[str]:
    return {box.speaker for box in card.boxes}


# --- core.panel_items ----------------------------------------------------------------------------

def test_card_speakers_name_each_side_only_when_the_speakers_differ(story: Comparison,
                                                                    unnamed_story: Comparison) -> None:
    cards = {card.index: card for card in quote_cards(story)}
    assert card_speakers(cards[0]) == ("Annika Threlfall", "Tobias Renwick")
    assert box_speakers(cards[2]) == {"Fenella Marchbank", "Fenella Marchbanks"}
    assert card_speakers(cards[2]) == ("Fenella Marchbank",)                   # one person spelt two ways
    assert speaker_counts(quote_cards(story)) == DEMO_SPEAKERS
    unnamed = quote_cards(unnamed_story)
    assert [card_speakers(c) for c in unnamed] == [("Ann Lee",), (UNNAMED,)]
    tied = [*unnamed, replace(unnamed[0], index=7, speaker="Zoe Abbot", boxes=())]
    assert speaker_counts(tied) == [("Ann Lee", 1), ("Zoe Abbot", 1), (UNNAMED, 1)]   # not named: last
    assert cards_of_speakers(unnamed, [UNNAMED]) == [unnamed[1]]
    assert cards_of_speakers(unnamed, []) == unnamed


# --- the panel -----------------------------------------------------------------------------------

def test_the_menu_lists_the_demo_speakers_with_their_counts(panel: DifferencesPanel) -> None:
    assert panel.speakers_button.text() == "Speakers ▾" and panel.speakers_button.isEnabled()
    entries = menu_entries(panel)
    assert entries[0] == ("All speakers", "", True)
    assert [(name, int(count)) for name, count, _ in entries[1:]] == DEMO_SPEAKERS
    assert not any(checked for *_, checked in entries[1:])
    assert "Fenella Marchbanks" not in [name for name, *_ in entries]


def test_choosing_a_speaker_lists_only_their_cards_and_all_speakers_restores(qtbot, panel: DifferencesPanel,
                                                                            story: Comparison) -> None:
    everything = listed_cards(panel)
    assert len(everything) == len(story.quotes) == 9 and panel.quote_model.rowCount() > 9    # with headings
    choose(qtbot, panel, "Tobias Renwick")
    cards = listed_cards(panel)
    assert [c.index for c in cards] == panel.listed_quotes() == [0, 1]
    assert all("Tobias Renwick" in box_speakers(c) for c in cards)                  # C's version names him
    assert all(panel.quote_model.row(r).kind == "card" for r in range(panel.quote_model.rowCount()))
    assert panel.speaker_filter() == {"Tobias Renwick"}
    assert panel.speakers_button.text() == "Tobias Renwick ▾"
    assert panel.quotes_count.text() == "2 of 9"
    assert panel.quote_count() == 9                                                 # the story still has 9

    choose(qtbot, panel, "Gordon Feltham")
    cards = listed_cards(panel)
    assert {c.index for c in cards} == {0, 1, 5, 6}
    assert all(box_speakers(c) & {"Tobias Renwick", "Gordon Feltham"} for c in cards)
    assert any(panel.quote_model.row(r).kind == "heading" for r in range(panel.quote_model.rowCount()))
    assert panel.speakers_button.text() == "Speakers: 2 ▾"
    assert [checked for *_, checked in menu_entries(panel)] == [False, False, True, True] + [False] * 4

    choose(qtbot, panel, "Annika Threlfall")
    choose(qtbot, panel, "Tobias Renwick")                                          # unticked again
    choose(qtbot, panel, "Gordon Feltham")
    cards = listed_cards(panel)
    assert [c.index for c in cards] == [0, 1, 7]                # A and B name her in 1 and 2; 8 is her own
    assert all("Annika Threlfall" in box_speakers(c) for c in cards)
    assert all("Annika Threlfall" not in box_speakers(c) for c in everything if c not in cards)

    choose(qtbot, panel, "All speakers")
    assert listed_cards(panel) == everything
    assert panel.speaker_filter() == set() and panel.speakers_button.text() == "Speakers ▾"
    assert menu_entries(panel)[0][2] and not any(checked for *_, checked in menu_entries(panel)[1:])
    assert panel.quotes_count.text() == "9 · 4 shared"


def test_a_name_spelt_two_ways_is_one_speaker(qtbot, panel: DifferencesPanel) -> None:
    choose(qtbot, panel, "Fenella Marchbank")
    (card,) = listed_cards(panel)
    assert box_speakers(card) == {"Fenella Marchbank", "Fenella Marchbanks"}


def test_quotes_without_a_speaker_can_be_chosen(qtbot, unnamed_story: Comparison) -> None:
    widget = DifferencesPanel()
    qtbot.addWidget(widget)
    widget.set_comparison(unnamed_story)
    assert [(name, count) for name, count, _ in menu_entries(widget)[1:]] == [("Ann Lee", "1"),
                                                                               ("speaker not named", "1")]
    choose(qtbot, widget, "speaker not named")
    (card,) = listed_cards(widget)
    assert box_speakers(card) == {""} and widget.speaker_filter() == {UNNAMED}
    assert widget.speakers_button.text() == "speaker not named ▾"


def test_a_long_name_is_elided_on_the_button(qtbot, story: Comparison) -> None:
    long = "Councillor Bartholomew Fitzwilliam-Ravensworth of the Saltmere Harbour Board"
    cards = quote_cards(story)
    changed = replace(story, quotes=[replace(g, sides=tuple(replace(s, speaker=long) for s in g.sides))
                                     if i == 4 else g for i, g in enumerate(story.quotes)])
    assert long in {n for n, _ in speaker_counts(quote_cards(changed))} and cards
    widget = DifferencesPanel()
    qtbot.addWidget(widget)
    widget.resize(344, 600)
    widget.set_comparison(changed)
    widget.set_speaker_filter([long])
    assert widget.listed_quotes() == [4]
    text = widget.speakers_button.text()
    assert text.endswith(" ▾") and "…" in text and len(text) < len(long)
    assert long in widget.speakers_button.toolTip()


def test_opening_another_story_resets_the_filter(qtbot, panel: DifferencesPanel,
                                                 unnamed_story: Comparison, story: Comparison) -> None:
    choose(qtbot, panel, "Priya Dunmore")
    assert panel.listed_quotes() == [3]
    panel.set_comparison(unnamed_story)
    assert panel.speaker_filter() == set() and panel.speakers_button.text() == "Speakers ▾"
    assert [name for name, *_ in menu_entries(panel)] == ["All speakers", "Ann Lee", "speaker not named"]
    assert panel.listed_quotes() == [0, 1]
    choose(qtbot, panel, "Ann Lee")
    panel.set_comparison(story)                                     # back to the demo: everything again
    assert panel.speaker_filter() == set() and len(listed_cards(panel)) == 9
    assert menu_entries(panel)[0] == ("All speakers", "", True)


def test_a_cleared_panel_has_no_speakers(panel: DifferencesPanel) -> None:
    panel.clear()
    assert not panel.speakers_button.isEnabled()
    assert [name for name, *_ in menu_entries(panel)] == ["All speakers"]


@pytest.mark.parametrize("name", ["light", "dark"])
def test_render_the_header_in_both_states(qtbot, story: Comparison, name: str) -> None:
    t = set_theme(name)
    QApplication.instance().setPalette(application_palette(t))
    try:
        widget = shown_panel(qtbot, story)
        out = Path("/tmp")
        widget.grab().save(str(out / f"speakers_{name}.png"))
        widget.set_speaker_filter(["Annika Threlfall"])
        QApplication.processEvents()                                         # the header lays out again
        assert widget.speakers_button.width() >= widget.speakers_button.sizeHint().width()    # not squeezed
        widget.grab().save(str(out / f"speakers_{name}_filtered.png"))
        button = widget.speakers_button.geometry()
        title = widget.quotes_title.geometry()
        assert abs(button.center().y() - title.center().y()) <= 3            # on the header's line
        assert button.right() > widget.width() - 20                          # at its right end
    finally:
        set_theme("light")
        QApplication.instance().setPalette(application_palette(LIGHT))
