"""core.view_rows on the real demo story: rows, cells, gaps, marks and stops the story view draws."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT
from core.analysis import Version
from core.compare import ComparedArticle, Comparison, compare
from core.highlights import whole_row_differences
from core.readers import read_file
from core.view_rows import (
    article_counts, article_marks, cell_highlights, difference_row, find_matches, hidden_differences, quote_numbers, stops,
    view_rows,
)

DEMO = PROJECT / "resources" / "demo" / "articles"
SALTMERE = ("harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
            "coastline_daily_saltmere_flood.md")


def demo_comparison(names: tuple[str, ...] = SALTMERE) -> Comparison:
    articles = [read_file(Path(DEMO / name)).articles[0] for name in names]
    versions = [Version.of(a.body, a.published) for a in articles]
    compared = [ComparedArticle(i, a.source, a.title, a.published, a.path, a.body) for i, a in enumerate(articles)]
    return compare(versions, compared)


@pytest.fixture(scope="module")
def story() -> Comparison:
    return demo_comparison()


@pytest.fixture(scope="module")
def pair() -> Comparison:
    return demo_comparison(SALTMERE[:2])


def test_every_difference_maps_to_a_shown_row(story: Comparison) -> None:
    shown = {row.index for row in view_rows(story)}
    assert len(shown) == len(story.rows)
    for index in range(len(story.differences)):
        assert difference_row(story, index) in shown, story.differences[index]


def test_a_number_difference_stop_has_spans_in_both_articles(pair: Comparison) -> None:
    numbers = [s for s in stops(pair) if s.kind == "number"]
    assert numbers, "the demo pair differs on 240 vs 420 residents"
    stop = numbers[0]
    assert {article for article, _, _ in stop.spans} == {0, 1}
    texts = {pair.articles[a].text[start:end] for a, start, end in stop.spans}
    assert any("240" in t for t in texts) and any("420" in t for t in texts)
    assert not stop.whole_row


def test_furniture_rows_carry_their_kind_and_hide_drops_them(story: Comparison) -> None:
    rows = view_rows(story)
    furniture = [row for row in rows if row.furniture]
    kinds = {cell.furniture for row in furniture for cell in row.cells if cell}
    assert {"photo_credit", "advertisement", "subheading"} <= kinds
    credit = next(cell for row in furniture for cell in row.cells if cell and cell.furniture == "photo_credit")
    assert credit.furniture_label == "PHOTO CREDIT" and credit.label == ""
    for row in furniture:
        assert all(gap == "" for gap in row.gaps), "furniture leaves the other side blank, not hatched"
    hidden = view_rows(story, hide_furniture=True)
    assert len(hidden) == len(rows) - len(furniture)
    assert not any(row.furniture for row in hidden)


def test_only_in_rows_have_one_cell_and_labelled_gaps(story: Comparison) -> None:
    only = [row for row in view_rows(story) if row.kind == "only_in" and not row.furniture]
    assert only
    for row in only:
        present = [cell for cell in row.cells if cell is not None]
        assert len(present) == 1 and present[0].pieces[0].text
        assert [gap for gap in row.gaps if gap] == [f"NOT IN {'ABC'[a]}" for a, c in enumerate(row.cells) if c is None]


def test_sentence_numbers_skip_furniture(story: Comparison) -> None:
    rows = view_rows(story)
    assert [cell.label for cell in rows[0].cells] == ["A1", "B1", "C1"]
    for article in range(3):
        sentences, furniture = article_counts(story, article)
        cells = [row.cells[article] for row in rows if row.cells[article] and not row.cells[article].furniture]
        numbers = [int(cell.label[1:]) for cell in cells]
        assert len(set(numbers)) == len(numbers) and max(numbers) <= sentences
        # a cell of several sentences is labelled by its first, so the labels plus the extra sentences add up
        assert len(numbers) + sum(len(c.sentences) - 1 for c in cells) == sentences
        assert all(cell.label == "" for row in rows for cell in row.cells if cell and cell.furniture)


def test_cells_hold_the_article_text(story: Comparison) -> None:
    for row in view_rows(story):
        for cell in row.cells:
            if cell is None:
                continue
            for piece in cell.pieces:
                assert story.articles[cell.article].text[piece.start:piece.end] == piece.text


def test_shared_quotes_are_numbered_in_the_margin(story: Comparison) -> None:
    numbers = quote_numbers(story)
    first = [key for key, found in numbers.items() if 1 in found]
    assert len({article for article, _ in first}) >= 2, "quote group 1 is shared, so it shows in two panes"
    single = [i + 1 for i, g in enumerate(story.quotes) if len({s.article for s in g.sides}) < 2]
    assert not any(n in found for n in single for found in numbers.values())


def test_reworded_rows_get_a_margin_mark_not_highlights(story: Comparison) -> None:
    whole = whole_row_differences(story.differences, story.rows, story.versions)
    rows = view_rows(story)
    assert any(row.mark == "reworded" for row in rows)
    assert any(row.mark == "onesided" for row in rows)
    for article in range(3):
        assert not {mark.difference for mark in article_marks(story, article)} & set(whole)


def test_filters_drop_stops_and_let_weaker_highlights_show(pair: Comparison) -> None:
    all_stops = stops(pair)
    no_cosmetic = stops(pair, {"factual", "wording"})
    assert any(s.category == "cosmetic" for s in all_stops)
    assert not any(s.category == "cosmetic" for s in no_cosmetic)
    assert not any(s.kind == "number" for s in stops(pair, {"factual", "wording", "cosmetic"}, {"number"}))
    hidden = hidden_differences(pair, {"wording", "cosmetic"}, ())
    marks = article_marks(pair, 0, hidden)
    assert marks and all(m.category != "factual" for m in marks)
    assert [s.difference for s in all_stops] == sorted(s.difference for s in all_stops), "reading order"


def test_cell_highlights_are_cut_to_the_cell(pair: Comparison) -> None:
    marks = article_marks(pair, 0)
    first = marks[0]
    inside = cell_highlights(marks, first.start + 1, first.end + 500)
    assert inside[0].start == first.start + 1
    assert all(first.start + 1 <= m.start < m.end <= first.end + 500 for m in inside)


def test_find_matches_ignore_case_and_give_body_offsets(story: Comparison) -> None:
    rows = view_rows(story)
    matches = find_matches(rows, "saltmere")
    assert len(matches) > 3
    for position, article, start, end in matches:
        assert story.articles[article].text[start:end].lower() == "saltmere"
        assert rows[position].cells[article] is not None
    assert find_matches(rows, "") == []


def test_a_reworded_wire_lead_is_whole_row_despite_its_dateline() -> None:
    # W opens "SALTMERE, March 6 (Harbour Wire) -- The city ..."; C says it in other words. The dateline
    # is furniture, so the rewording covers the row and gets the margin bar, not a paragraph of blue.
    wire_and_coast = demo_comparison((SALTMERE[0], SALTMERE[2]))
    first = view_rows(wire_and_coast)[0]
    assert first.mark == "reworded" and first.whole
    painted = {mark.difference for mark in article_marks(wire_and_coast, 0)}
    assert not painted & set(first.whole)


def test_hiding_one_articles_only_in_kind_drops_just_those_stops(story) -> None:
    from core.panel_items import kind_key
    from core.view_rows import stops
    keys = {kind_key(d) for d in story.differences if d.kind == "omission"}
    assert keys, "the demo story has sentences only one outlet reports"
    hidden = sorted(keys)[0]
    kept = stops(story, {"factual", "wording", "cosmetic"}, {hidden})
    assert all(kind_key(story.differences[s.difference]) != hidden for s in kept)
    assert len(kept) < len(stops(story, {"factual", "wording", "cosmetic"}, set()))
