"""The editor's notes: saved in the store, found again after a recomputation, written into the reports."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import PROJECT
from core import report
from core.compare import Comparison, compare
from core.library import Library
from core.notes import NoteError, comparison_keys, difference_key, quote_key

DEMO = PROJECT / "resources" / "demo" / "articles"
STORY = ["harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
         "coastline_daily_saltmere_flood.md"]


def stored(library: Library) -> dict[str, int]:
    job = library.imports.start([DEMO / name for name in STORY] + [DEMO / "valley_times_ambersley_flood.txt"])
    list(job)
    library.stories.attach([a.id for a in job.summary.imported])
    return {Path(a.path).name: a.id for a in job.summary.imported}


def compared(library: Library, ids: list[int]) -> Comparison:
    loaded = [library.analyses.compared(i) for i in ids]
    return compare([v for v, _ in loaded], [a for _, a in loaded])


def first_factual(comparison: Comparison) -> int:
    return next(i for i, d in enumerate(comparison.differences) if d.category == "factual")


def test_keys_are_stable_and_distinct(library: Library) -> None:
    ids = stored(library)
    pair = [ids[STORY[0]], ids[STORY[1]]]
    one, two = compared(library, pair), compared(library, pair)
    assert comparison_keys(one) == comparison_keys(two)
    differences, quotes = comparison_keys(one)
    assert len(set(differences)) == len(differences) and len(set(quotes)) == len(quotes)
    # The same difference between the same two articles keeps its key when a third article is shown.
    trio = compared(library, pair + [ids[STORY[2]]])
    index = first_factual(one)
    same = [i for i, d in enumerate(trio.differences)
            if d.kind == one.differences[index].kind and {s.text for s in d.sides} == {s.text for s in one.differences[index].sides}
            and {trio.articles[s.article].id for s in d.sides} == set(pair)]
    if same:
        assert difference_key(trio, same[0]) == difference_key(one, index)


def test_a_note_survives_reopening_the_store(db_path: Path) -> None:
    with Library.open(db_path) as library:
        ids = stored(library)
        comparison = compared(library, [ids[STORY[0]], ids[STORY[1]]])
        index = first_factual(comparison)
        key = difference_key(comparison, index)
        library.notes.set(key, "wrong", "The Ledger has the wrong figure; checked with the council.",
                          comparison.differences[index].explanation, [ids[STORY[0]], ids[STORY[1]]])
    with Library.open(db_path) as library:
        again = compared(library, [ids[STORY[0]], ids[STORY[1]]])
        notes = library.notes.for_comparison(again)
        assert notes[difference_key(again, index)].status == "wrong"
        assert "council" in notes[key].text
        assert library.notes.all()[0].to_json()["articles"] == sorted([ids[STORY[0]], ids[STORY[1]]])


def test_an_empty_unchecked_note_is_removed_and_bad_status_refused(library: Library) -> None:
    library.notes.set("d:abc", "verified", "")
    assert library.notes.get("d:abc").status == "verified"
    library.notes.set("d:abc", "unchecked", "  ")
    assert library.notes.get_many(["d:abc"]) == {}
    with pytest.raises(NoteError):
        library.notes.set("d:abc", "maybe")


def test_reports_carry_the_notes(library: Library) -> None:
    ids = stored(library)
    comparison = compared(library, [ids[STORY[0]], ids[STORY[1]]])
    index = first_factual(comparison)
    library.notes.set(difference_key(comparison, index), "verified", "Confirmed <b>by phone</b>")
    if comparison.quotes:
        library.notes.set(quote_key(comparison, 0), "not_important", "wire boilerplate")
    notes = library.notes.for_comparison(comparison)
    page = report.to_html(comparison, "Saltmere", notes)
    assert "Confirmed &lt;b&gt;by phone&lt;/b&gt;" in page and "✓ Verified" in page
    rows = list(csv.reader(io.StringIO(report.to_csv(comparison, notes))))
    assert rows[0][-2:] == ["status", "note"]
    assert rows[index + 1][-2:] == ["verified", "Confirmed <b>by phone</b>"]
    assert all(row[-2] == "unchecked" for n, row in enumerate(rows[1:]) if n != index)


def test_story_counts_hold_only_for_the_same_articles(library: Library) -> None:
    ids = stored(library)
    story = library.stories.story_of(ids[STORY[0]])
    members = [a.id for a in library.stories.get(story).articles]
    comparison = compared(library, members)
    library.stories.save_counts(story, members[:2], comparison.counts())     # part of the story: not kept
    assert library.stories.counts([story]) == {}
    library.stories.save_counts(story, members, comparison.counts())
    assert library.stories.counts([story])[story]["factual"] == comparison.counts()["factual"]
    changes = library.store.conn.total_changes
    library.stories.save_counts(story, members, comparison.counts())       # reopened: nothing to write
    assert library.store.conn.total_changes == changes
    library.stories.split_out(members[-1])                                     # the story changed
    assert story not in library.stories.counts([story])
