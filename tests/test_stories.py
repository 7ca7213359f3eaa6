"""Stories in the store: every import grouped, the editor's decisions kept by every regrouping."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT
from core.library import Library
from core.stories import StoryError
from main import main

DEMO = PROJECT / "resources" / "demo" / "articles"
MAIN_STORY = {"harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
              "coastline_daily_saltmere_flood.md"}


def imported(library: Library, *paths: Path) -> dict[str, int]:
    job = library.imports.start(list(paths))
    list(job)
    ids = {Path(a.path).name: a.id for a in job.summary.imported}
    library.stories.attach(ids.values())
    return ids


def groups(library: Library) -> set[frozenset[str]]:
    return {frozenset(Path(a.path).name for a in story.articles) for story in library.stories.list()}


@pytest.fixture
def demo(library: Library) -> dict[str, int]:
    return imported(library, *sorted(DEMO.iterdir()))


def test_demo_groups_as_the_answer_key_says(library: Library, demo: dict[str, int]) -> None:
    assert groups(library) == {frozenset(MAIN_STORY), frozenset({"valley_times_ambersley_flood.txt"}),
                               frozenset({"civic_bulletin_brackenfield_library.json"})}
    main_story = next(s for s in library.stories.list() if len(s.articles) == 3)
    assert main_story.title and main_story.first == main_story.last == "2024-03-06"
    assert set(main_story.sources) == {"Harbour Wire", "The Northern Ledger", "Coastline Daily"}


def test_regroup_gives_the_same_stories_and_keeps_ids(library: Library, demo: dict[str, int]) -> None:
    before = {s.id: {a.id for a in s.articles} for s in library.stories.list()}
    list(library.stories.regroup())
    after = {s.id: {a.id for a in s.articles} for s in library.stories.list()}
    assert after == before


def test_editor_decisions_survive_regrouping(library: Library, demo: dict[str, int]) -> None:
    wire, ledger = demo["harbour_wire_saltmere_flood.txt"], demo["the_northern_ledger_saltmere_flood.html"]
    valley = demo["valley_times_ambersley_flood.txt"]
    library.stories.different(wire, ledger)
    assert library.stories.story_of(wire) != library.stories.story_of(ledger)
    library.stories.move(valley, library.stories.story_of(wire))
    assert library.stories.story_of(valley) == library.stories.story_of(wire)
    list(library.stories.regroup())
    assert library.stories.story_of(wire) != library.stories.story_of(ledger)
    assert library.stories.story_of(valley) == library.stories.story_of(wire)


def test_split_out_gives_an_article_its_own_story(library: Library, demo: dict[str, int]) -> None:
    coast = demo["coastline_daily_saltmere_flood.md"]
    library.stories.split_out(coast)
    story = library.stories.get(library.stories.story_of(coast))
    assert [a.id for a in story.articles] == [coast]


def test_merge_makes_two_stories_one_and_regrouping_keeps_it(library: Library, demo: dict[str, int]) -> None:
    wire, library_piece = demo["harbour_wire_saltmere_flood.txt"], demo["civic_bulletin_brackenfield_library.json"]
    main_story, other = library.stories.story_of(wire), library.stories.story_of(library_piece)
    library.stories.merge(main_story, other)
    merged = library.stories.get(library.stories.story_of(wire))
    assert {Path(a.path).name for a in merged.articles} == MAIN_STORY | {"civic_bulletin_brackenfield_library.json"}
    list(library.stories.regroup())
    assert library.stories.story_of(library_piece) == library.stories.story_of(wire)
    with pytest.raises(StoryError):
        library.stories.merge(main_story, main_story)


def test_undo_takes_back_the_last_decision_only(library: Library, demo: dict[str, int]) -> None:
    before = groups(library)
    coast, wire = demo["coastline_daily_saltmere_flood.md"], demo["harbour_wire_saltmere_flood.txt"]
    valley = demo["valley_times_ambersley_flood.txt"]
    library.stories.move(valley, library.stories.story_of(wire))
    library.stories.split_out(coast)
    assert library.stories.undo()
    after_one = groups(library)
    assert frozenset(MAIN_STORY | {"valley_times_ambersley_flood.txt"}) in after_one
    assert library.stories.undo()
    assert groups(library) == before and library.stories.constraints().same == set()
    assert not library.stories.undo() and not library.stories.can_undo()


def test_a_deleted_article_leaves_its_story(library: Library, demo: dict[str, int]) -> None:
    library.stories.split_out(demo["coastline_daily_saltmere_flood.md"])   # loads the matcher
    valley = demo["valley_times_ambersley_flood.txt"]
    library.articles.delete(valley)
    assert library.stories.story_of(valley) is None
    assert all(valley not in {a.id for a in s.articles} for s in library.stories.list())
    assert len(library.stories.list()) == 3


def test_decisions_about_one_article_are_refused(library: Library, demo: dict[str, int]) -> None:
    wire = demo["harbour_wire_saltmere_flood.txt"]
    with pytest.raises(StoryError):
        library.stories.same(wire, wire)


def test_new_articles_attach_without_regrouping(library: Library, tmp_path: Path) -> None:
    first = imported(library, DEMO / "harbour_wire_saltmere_flood.txt", DEMO / "valley_times_ambersley_flood.txt")
    wire_story = library.stories.story_of(first["harbour_wire_saltmere_flood.txt"])
    later = imported(library, DEMO / "coastline_daily_saltmere_flood.md")
    assert library.stories.story_of(later["coastline_daily_saltmere_flood.md"]) == wire_story


def test_cli_import_groups_and_stories_lists(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "import", str(DEMO), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(isinstance(a["story"], int) for a in data["articles"])
    assert main(["--db", db, "stories", "--json"]) == 0
    stories = json.loads(capsys.readouterr().out)
    assert len(stories) == 3
    assert all(set(a) >= {"id", "path", "source", "date", "title"} for s in stories for a in s["articles"])
    biggest = max(stories, key=lambda s: len(s["articles"]))
    assert main(["--db", db, "story", str(biggest["id"])]) == 0
    assert "Harbour Wire" in capsys.readouterr().out
    assert main(["--db", db, "regroup", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["--db", db, "story", "999"]) == 1


def test_cli_merge_joins_two_stories(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "import", str(DEMO), "--json"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "stories", "--json"]) == 0
    singles = [s["id"] for s in json.loads(capsys.readouterr().out) if len(s["articles"]) == 1]
    assert main(["--db", db, "merge", str(singles[0]), str(singles[1]), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["story"]["articles"]) == 2
    assert main(["--db", db, "stories", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_articles_an_interrupted_import_left_unplaced_get_a_story_with_the_next_import(
        library: Library, tmp_path: Path) -> None:
    job = library.imports.start([DEMO / "harbour_wire_saltmere_flood.txt"])
    list(job)                                   # stored, but the process "died" before attach
    orphan = job.summary.imported[0].id
    assert library.stories.story_of(orphan) is None
    later = imported(library, DEMO / "coastline_daily_saltmere_flood.md")
    assert library.stories.story_of(orphan) == library.stories.story_of(later["coastline_daily_saltmere_flood.md"])


def test_attach_in_a_new_session_and_with_the_matcher_loaded_agree_with_regrouping(
        library: Library, demo: dict[str, int]) -> None:
    ids = sorted(demo.values())
    late = ids[len(ids) // 2:]
    with library.store.conn:
        library.store.conn.executemany("DELETE FROM story_articles WHERE article_id = ?", [(a,) for a in late])
    library.stories.invalidate()
    library.stories.attach(late)                # a new session: one bulk build of placed + new
    fresh = groups(library)
    with library.store.conn:
        library.store.conn.executemany("DELETE FROM story_articles WHERE article_id = ?", [(a,) for a in late])
    for article_id in late:                     # the matcher in memory, without the late ones: then added
        library.stories._loaded_matcher().remove(article_id)
    library.stories.attach(late)
    loaded = groups(library)
    list(library.stories.regroup())
    assert fresh == loaded == groups(library)
