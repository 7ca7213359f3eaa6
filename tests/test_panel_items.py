"""What the differences panel lists, checked on the demo story against resources/demo/EXPECTED.md.

A = Harbour Wire (W in the key), B = The Northern Ledger (L), C = Coastline Daily (C).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import PROJECT
from core.analysis import Version
from core.compare import ComparedArticle, Comparison, compare
from core.notes import Note, difference_key, quote_key
from core.panel_items import (
    CATEGORIES, FACTUAL_ORDER, Group, category_counts, excerpt, group_differences, headline, kind_counts, kind_key,
    kind_label, listed_indices, one_article_quotes, quote_cards,
)
from core.readers import read_file

DEMO = PROJECT / "resources" / "demo" / "articles"
STORY = ("harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
         "coastline_daily_saltmere_flood.md")


def demo_comparison(files: tuple[str, ...] = STORY) -> Comparison:
    """The demo story compared as the app does it; article ids 1, 2, 3 as if stored."""
    versions, articles = [], []
    for number, name in enumerate(files, start=1):
        path = DEMO / name
        found = read_file(path).articles[0]
        versions.append(Version.of(found.body, found.published))
        articles.append(ComparedArticle(number, found.source, found.title, found.published, str(path), found.body))
    return compare(versions, articles)


@pytest.fixture(scope="module")
def story() -> Comparison:
    return demo_comparison()


def group_named(groups: list[Group], title: str) -> Group:
    found = [g for g in groups if g.title == title]
    assert found, f"no group {title!r} in {[g.title for g in groups]}"
    return found[0]


def texts(group: Group) -> str:
    return "\n".join(item.first for item in group.items)


def test_seeded_facts_sit_in_their_kind_groups(story: Comparison) -> None:
    groups = group_differences(story)
    assert "240" in texts(group_named(groups, "Number")) and "420" in texts(group_named(groups, "Number"))   # D2
    assert "Monday" in texts(group_named(groups, "Weekday"))                                                   # D1
    assert "Northgate Community Centre" in texts(group_named(groups, "Place"))                                 # D4
    assert "Marchbanks" in texts(group_named(groups, "Name"))                                                  # D5
    assert "Tobias Renwick" in texts(group_named(groups, "Speaker"))                                           # E1
    assert "Radio Saltmere reported" in texts(group_named(groups, "Sourcing"))                                 # D3
    assert "Josiah Penhallow" in texts(group_named(groups, "Only in B"))                                       # D13
    assert "500 euros" in texts(group_named(groups, "Only in C"))                                              # E8
    assert "recieve" in texts(group_named(groups, "Cosmetic"))                                                 # E7
    assert all(story.differences[i.index].kind == "number" for i in group_named(groups, "Number").items)


def test_factual_groups_come_first_in_the_fixed_kind_order(story: Comparison) -> None:
    groups = group_differences(story)
    categories = [g.category for g in groups]
    assert categories == sorted(categories, key=CATEGORIES.index)
    assert [g.title for g in groups if g.category != "factual"] == ["Wording", "Cosmetic"]
    factual = [g.key.split(":")[0] for g in groups if g.category == "factual"]
    assert factual == sorted(factual, key=FACTUAL_ORDER.index)
    assert factual.index("name") < factual.index("number") < factual.index("sourcing") < factual.index("omission")
    listed = listed_indices(groups)
    assert sorted(listed) == list(range(len(story.differences)))          # everything listed once


def test_items_keep_reading_order_and_carry_their_note_keys(story: Comparison) -> None:
    for group in group_differences(story):
        indices = [item.index for item in group.items]
        assert indices == sorted(indices)
        for item in group.items:
            assert item.key == difference_key(story, item.index)
            assert item.first == story.differences[item.index].explanation


def test_omissions_are_named_by_the_article_that_has_the_text(story: Comparison) -> None:
    penhallow = next(i for i, d in enumerate(story.differences)
                     if d.kind == "omission" and "Penhallow" in d.explanation)
    assert kind_key(story.differences[penhallow]) == "omission:B"
    assert kind_label("omission:B") == "Only in B"
    assert kind_label("omission:AC") == "Only in A, C"
    assert kind_label("number") == "Number"
    counts = kind_counts(story)
    assert {"omission:A", "omission:B", "omission:C"} <= set(counts)
    assert list(counts)[0] == "name"
    only_b = group_named(group_differences(story), "Only in B")
    item = next(i for i in only_b.items if i.index == penhallow)
    assert item.second.startswith("B: “The bridge, designed by the engineer Josiah Penhallow")
    assert item.headline.startswith("not in A: ")


def test_headline_drops_only_what_the_heading_says() -> None:
    assert headline("Number differs: A “About 240 residents” · B “Some 420 residents”") == \
        "A “About 240 residents” · B “Some 420 residents”"
    assert headline("Only in C (not in A): 500 euros — households") == "not in A: 500 euros — households"
    assert headline("Name spelled two ways: A “Marchbank” · B “Marchbanks”") == \
        "A “Marchbank” · B “Marchbanks”"
    assert headline("Maybe a typo: B “send for weapons”") == "Maybe a typo: B “send for weapons”"
    assert headline("B adds “the”") == "B adds “the”"
    assert excerpt("one two three four", 9) == "one two …"


def test_filters_hide_categories_and_kinds_and_counts_do_not_move(story: Comparison) -> None:
    before = category_counts(story)
    no_cosmetic = group_differences(story, {"factual", "wording"})
    assert all(story.differences[i].category != "cosmetic" for i in listed_indices(no_cosmetic))
    assert category_counts(story) == before
    no_number = group_differences(story, CATEGORIES, {"number"})
    hidden = set(listed_indices(group_differences(story))) - set(listed_indices(no_number))
    assert hidden and all(story.differences[i].kind == "number" for i in hidden)
    only_b_hidden = listed_indices(group_differences(story, CATEGORIES, {"omission:B"}))
    assert all(kind_key(story.differences[i]) != "omission:B" for i in only_b_hidden)
    assert any(kind_key(story.differences[i]) == "omission:A" for i in only_b_hidden)


def test_status_filter_uses_the_notes(story: Comparison) -> None:
    key = difference_key(story, 6)
    notes = {key: Note(key, "verified", "Council statement says 240.")}
    verified = group_differences(story, notes=notes, status="verified")
    assert listed_indices(verified) == [6]
    assert verified[0].items[0].note == "Council statement says 240."
    assert 6 not in listed_indices(group_differences(story, notes=notes, status="unchecked"))
    assert listed_indices(group_differences(story, notes=notes, status="noted")) == [6]


def test_low_confidence_items_are_listed_last_and_not_counted(story: Comparison) -> None:
    number = next(i for i, d in enumerate(story.differences) if d.kind == "weekday")
    shaky = replace(story.differences[number], kind="number", confidence=0.3)
    changed = replace(story, differences=[*story.differences, shaky])
    assert category_counts(changed) == category_counts(story)
    assert kind_counts(changed)["number"] == kind_counts(story)["number"]
    group = group_named(group_differences(changed), "Number")
    assert group.items[-1].index == len(changed.differences) - 1 and group.items[-1].low_confidence
    assert group.count == len(group.items) - 1


def test_shared_quote_cards_carry_each_wording_and_the_speakers(story: Comparison) -> None:
    cards = quote_cards(story)
    shared = [c for c in cards if c.shared]
    assert [c.number for c in shared] == list(range(1, len(shared) + 1))
    assert cards[:len(shared)] == shared                                   # shared quotes first
    q1 = next(c for c in shared if "180 years" in c.boxes[0].text)
    assert [b.letter for b in q1.boxes] == ["A", "B", "C"]
    assert q1.speakers_differ and "Annika Threlfall" in q1.speaker and "Tobias Renwick" in q1.speaker   # E1
    assert q1.presence == "in all 3" and q1.summary.startswith("reworded")
    risk = next(b for b in q1.boxes if b.letter == "C")
    assert any(risk.text[m.start:m.end] == "risk" and m.category == "wording" for m in risk.marks)     # E2
    assert q1.key == quote_key(story, q1.index)
    q2 = next(c for c in shared if "textbook work" in c.boxes[0].text)
    assert not q2.speakers_differ and q2.speaker == "Fenella Marchbank"     # a spelling, not two speakers
    assert q2.summary == "same words · 2 cosmetic"
    q3 = next(c for c in shared if "top step by midnight" in c.boxes[0].text)
    assert q3.speaker == "Priya Dunmore" and q3.presence == "in A, B"
    assert [b.attribution for b in q3.boxes] == ["said", "told Radio Saltmere"]                        # Q3 relay


def test_one_article_quotes_are_listed_by_article_with_their_speaker(story: Comparison) -> None:
    sections = dict(one_article_quotes(story, quote_cards(story)))
    assert [c.boxes[0].speaker for c in sections["Only in A"]] == ["Tomasz Brennick"]
    assert "Gordon Feltham" in {c.boxes[0].speaker for c in sections["Only in B"]}
    assert [c.boxes[0].speaker for c in sections["Only in C"]] == ["Ines Calloway"]
    assert all(c.presence == f"only in {t[-1]}" for t, cards in sections.items() for c in cards)


def test_two_articles_say_in_both(tmp_path: Path) -> None:
    pair = demo_comparison(STORY[:2])
    shared = [c for c in quote_cards(pair) if c.shared]
    assert shared and all(c.presence == "in both" for c in shared)
    assert set(kind_counts(pair)) <= {*FACTUAL_ORDER, "omission:A", "omission:B"}
