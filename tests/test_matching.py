"""Story matching: same event together, similar events apart, editor's decisions kept, any order, odd input.

The articles below are team-written fiction (invented towns, people and outlets). ECB+ checks run
on ../shared/data/ecbplus when it is there and are skipped otherwise.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from functools import lru_cache

import pytest

from conftest import PROJECT, SHARED
from core.analysis import analyse
from core.matching import ArticleFeatures, Constraints, Matcher, Story, features, group, pair_score
from core.model import content_hash
from core.readers import read_file

DEMO = PROJECT / "resources" / "demo" / "articles"
ECB = SHARED / "data" / "ecbplus" / "articles.jsonl"

ARTICLES: dict[str, tuple[str, str, str, str]] = {   # name: (title, published, source, body)
    "korvan_wire": (
        "Strong earthquake hits Korvan, 14 dead", "2025-04-07", "Northline Wire",
        "A magnitude 6.1 earthquake struck the mountain town of Korvan early on Monday, killing 14 people and "
        "collapsing the bell tower of St. Odile's church, officials said.\n\n"
        "Mayor Ilse Brandt said 230 residents had spent the night in tents on the Varda sports ground. "
        "\"We are still pulling people from the rubble on Kessel Street,\" she said.\n\n"
        "The quake's epicentre was 9 kilometres below the Tarn valley, the Brevik seismic institute said."),
    "korvan_ledger": (
        "Korvan counts its dead after 6.1 quake", "2025-04-07", "The Daily Ledger",
        "Fourteen people died when a 6.1-magnitude quake shook Korvan on Monday morning, bringing down the "
        "bell tower of St Odile's church.\n\n"
        "\"We are still pulling people from the rubble on Kessel Street,\" Mayor Ilse Brandt told reporters. "
        "Some 230 residents slept in tents on the Varda sports ground.\n\n"
        "Seismologists at the Brevik institute placed the epicentre beneath the Tarn valley."),
    "korvan_courier": (
        "Rescuers dig through rubble in Korvan", "2025-04-08", "Valley Courier",
        "Rescue teams worked through the night on Kessel Street in Korvan, where Monday's earthquake killed "
        "14 people.\n\n"
        "Mayor Ilse Brandt thanked volunteers from the Tarn valley and said the 230 people housed at the "
        "Varda sports ground would move to the school gym.\n\n"
        "The Brevik seismic institute recorded more than 40 aftershocks after the magnitude 6.1 shock."),
    "pellamy_post": (
        "Earthquake shakes coastal Pellamy", "2025-04-10", "Harbour Post",
        "A magnitude 5.4 earthquake shook the fishing port of Pellamy on Thursday, injuring three people and "
        "cracking the harbour wall, officials said.\n\n"
        "Governor Tomas Reyl said 60 families had spent the night at the Lanterne ferry terminal. "
        "\"The sea wall held, and that saved the old quarter,\" he said.\n\n"
        "The quake's epicentre was offshore near the Gull Rocks, the coastguard said."),
    "pellamy_gazette": (
        "Pellamy quake cracks harbour wall", "2025-04-10", "Coast Gazette",
        "Three people were hurt when a 5.4 quake rattled Pellamy on Thursday and cracked its harbour wall.\n\n"
        "\"The sea wall held, and that saved the old quarter,\" Governor Tomas Reyl said. About 60 families "
        "sheltered at the Lanterne ferry terminal overnight.\n\n"
        "The epicentre lay offshore near the Gull Rocks."),
    "korvan_follow_up": (
        "A week after the quake, Korvan starts to rebuild", "2025-04-14", "The Daily Ledger",
        "A week after the magnitude 6.1 earthquake that killed 14 people in Korvan, Mayor Ilse Brandt "
        "opened a rebuilding office on Kessel Street.\n\n"
        "Families who had slept at the Varda sports ground moved into prefabricated homes, and engineers "
        "from the Brevik seismic institute began checking the bell tower of St. Odile's church.\n\n"
        "\"We are still pulling people from the rubble on Kessel Street\" had been the mayor's words on the "
        "first morning; on Monday she spoke of rebuilding the Tarn valley."),
    "budget": (
        "Dunmore council agrees library budget", "2025-04-09", "Civic Notes",
        "Dunmore's council approved a budget of 2.4 million euros for the Elmwood library on Wednesday.\n\n"
        "Councillor Ravi Okafor said the new reading room would open in September."),
}
SYNDICATED = ("Strong earthquake hits Korvan", "2025-04-07", "Alpine Times")   # prints korvan_wire's text


def make(article_id: int, title: str, published: str, source: str, body: str) -> ArticleFeatures:
    return features(article_id, title, body, published, source, content_hash(body) if body else "",
                    analyse(body, published))


@lru_cache(maxsize=1)
def fiction() -> dict[str, ArticleFeatures]:
    items = {name: make(i + 1, *fields) for i, (name, fields) in enumerate(ARTICLES.items())}
    items["korvan_copy"] = make(100, *SYNDICATED, ARTICLES["korvan_wire"][3])
    return items


def ids(*names: str) -> set[int]:
    return {fiction()[name].id for name in names}


def grouping(stories: list[Story]) -> set[frozenset[int]]:
    return {frozenset(story.articles) for story in stories}


def story_holding(stories: list[Story], article_id: int) -> Story:
    return next(story for story in stories if article_id in story.articles)


# --- same event vs similar event ------------------------------------------------------------------

@pytest.mark.parametrize("together, apart", [
    (("korvan_wire", "korvan_ledger", "korvan_courier"), ("pellamy_post",)),      # two quakes in one week
    (("pellamy_post", "pellamy_gazette"), ("korvan_wire",)),
    (("korvan_wire", "korvan_follow_up"), ("budget",)),                            # follow-up a week later
    (("korvan_wire", "korvan_copy"), ("pellamy_gazette",)),                        # syndicated copy
])
def test_same_event_together_similar_event_apart(together: tuple[str, ...], apart: tuple[str, ...]) -> None:
    stories = group(list(fiction().values()))
    story = story_holding(stories, fiction()[together[0]].id)
    assert ids(*together) <= set(story.articles)
    assert not ids(*apart) & set(story.articles)


@pytest.mark.parametrize("gap_days, kept", [(0, 1.0), (3, 0.95), (7, 0.79), (14, 0.5), (60, 0.05)])
def test_dates_are_a_soft_window(gap_days: int, kept: float) -> None:
    title, published, source, body = ARTICLES["korvan_ledger"]
    later = date.fromisoformat(published) + timedelta(days=gap_days)
    same_day = pair_score(fiction()["korvan_wire"], make(50, title, published, source, body))
    moved = pair_score(fiction()["korvan_wire"], make(51, title, later.isoformat(), source, body))
    undated = pair_score(make(52, *ARTICLES["korvan_wire"][:1], "", "", ARTICLES["korvan_wire"][3]),
                         make(53, title, "", source, body))
    assert moved == pytest.approx(same_day * kept, abs=0.01)
    assert undated == pytest.approx(same_day, rel=0.05)     # no date, no date signal


@pytest.mark.parametrize("copies", [2, 20, 80])
def test_many_syndicated_copies_do_not_drown_the_rewrites(copies: int) -> None:
    title, published, _, body = ARTICLES["korvan_wire"]
    wire = [make(200 + i, title, published, f"Outlet {i}", body) for i in range(copies)]
    items = wire + [fiction()[name] for name in ("korvan_ledger", "korvan_courier", "pellamy_post")]
    stories = group(items)
    story = story_holding(stories, 200)
    assert {item.id for item in wire} | ids("korvan_ledger", "korvan_courier") == set(story.articles)
    assert story.copies == (tuple(item.id for item in wire),)
    assert incremental(items, copies) == stories


def test_fiction_grouping_and_story_fields() -> None:
    stories = group(list(fiction().values()))
    korvan = ids("korvan_wire", "korvan_ledger", "korvan_courier", "korvan_follow_up", "korvan_copy")
    assert grouping(stories) == {frozenset(korvan), frozenset(ids("pellamy_post", "pellamy_gazette")),
                                 frozenset(ids("budget"))}
    story = story_holding(stories, fiction()["korvan_wire"].id)
    assert story.articles == tuple(sorted(korvan))
    assert story.copies == (tuple(sorted(ids("korvan_wire", "korvan_copy"))),)
    assert (story.first, story.last) == ("2025-04-07", "2025-04-14")
    assert story.sources == ("Alpine Times", "Northline Wire", "The Daily Ledger", "Valley Courier")
    assert 0.5 <= story.confidence <= 1.0
    assert "Korvan" in story.title


def test_demo_corpus_matches_its_answer_key() -> None:
    items = demo_items()
    by_name = {item.source: item.id for item in items}
    main = {by_name["Harbour Wire"], by_name["The Northern Ledger"], by_name["Coastline Daily"]}
    assert grouping(group(items)) == {frozenset(main), frozenset({by_name["Valley Times"]}),
                                      frozenset({by_name["Civic Bulletin"]})}


# --- the editor's decisions -----------------------------------------------------------------------

def pair(a: str, b: str) -> frozenset[int]:
    return frozenset(ids(a, b))


@pytest.mark.parametrize("constraints, together, apart", [
    (Constraints(same={pair("korvan_wire", "budget")}), [("korvan_wire", "budget")], []),
    (Constraints(different={pair("korvan_wire", "korvan_ledger")}), [], [("korvan_wire", "korvan_ledger")]),
    (Constraints(different={pair("korvan_wire", "korvan_copy")}), [], [("korvan_wire", "korvan_copy")]),
    (Constraints(same={pair("pellamy_post", "korvan_wire"), pair("pellamy_post", "korvan_ledger")},
                 different={pair("korvan_wire", "korvan_ledger")}),
     [("pellamy_post", "korvan_wire")], [("korvan_wire", "korvan_ledger")]),
])
def test_constraints_are_respected(constraints: Constraints, together: list, apart: list) -> None:
    stories = group(list(fiction().values()), constraints)
    for a, b in together:
        assert fiction()[b].id in story_holding(stories, fiction()[a].id).articles
    for a, b in apart:
        assert fiction()[b].id not in story_holding(stories, fiction()[a].id).articles


def test_move_article_to_another_story() -> None:
    items = list(fiction().values())
    moving, target = fiction()["korvan_courier"].id, fiction()["pellamy_post"].id
    former = story_holding(group(items), moving).articles
    constraints = Constraints().moved(moving, target, former)
    stories = group(items, constraints)
    assert target in story_holding(stories, moving).articles
    assert not set(former) - {moving} & set(story_holding(stories, moving).articles)
    assert ids("korvan_wire", "korvan_ledger") <= set(story_holding(stories, fiction()["korvan_wire"].id).articles)


def test_matcher_follows_constraint_updates() -> None:
    items = list(fiction().values())
    matcher = Matcher()
    for item in items:
        matcher.add(item)
    constraints = Constraints(different={pair("korvan_wire", "korvan_ledger")})
    matcher.update_constraints(constraints)
    assert grouping(matcher.stories()) == grouping(group(items, constraints))
    matcher.update_constraints(Constraints())
    assert grouping(matcher.stories()) == grouping(group(items))


# --- order independence ---------------------------------------------------------------------------

def incremental(items: list[ArticleFeatures], seed: int, constraints: Constraints | None = None) -> list[Story]:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    matcher = Matcher(constraints)
    for item in shuffled:
        matcher.add(item)
    return matcher.stories()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_incremental_equals_from_scratch_on_fiction_and_demo(seed: int) -> None:
    items = list(fiction().values()) + [shifted(item, 1000) for item in demo_items()]
    assert incremental(items, seed) == group(items)


def test_remove_then_add_back_restores_the_grouping() -> None:
    items = list(fiction().values()) + [shifted(item, 1000) for item in demo_items()]
    matcher = Matcher()
    for item in items:
        matcher.add(item)
    for item in items[::2]:
        matcher.remove(item.id)
    assert grouping(matcher.stories()) == grouping(group(items[1::2]))
    for item in items[::2]:
        matcher.add(item)
    assert matcher.stories() == group(items)


@pytest.mark.shared
@pytest.mark.parametrize("seed", [7, 8])
def test_shuffled_incremental_equals_from_scratch_on_ecbplus(seed: int) -> None:
    items = ecb_items()
    constraints = Constraints(same={frozenset((0, 500))}, different={frozenset((1, 2))})
    assert incremental(items, seed, constraints) == group(items, constraints)


@pytest.mark.shared
def test_ecbplus_remove_and_re_add_in_another_order() -> None:
    items = ecb_items()
    matcher = Matcher()
    for item in items:
        matcher.add(item)
    dropped = random.Random(3).sample(items, 120)
    for item in dropped:
        matcher.remove(item.id)
    kept = [item for item in items if item not in dropped]
    assert matcher.stories() == group(kept)
    for item in reversed(dropped):
        matcher.add(item)
    assert matcher.stories() == group(items)


# --- odd input -----------------------------------------------------------------------------------

ODD = [
    ("no text", "", "", "", ""),
    ("no text either", "   ", "2025-04-07", "Northline Wire", "\n\n"),
    ("no date", "Korvan", "", "", "Mayor Ilse Brandt spoke in Korvan."),
    ("future date", "Korvan in 2031", "2031-01-01", "", "Mayor Ilse Brandt spoke in Korvan."),
    ("bad date", "", "2025-13-45", "", "Mayor Ilse Brandt spoke in Korvan."),
    ("german", "Erdbeben", "2025-04-07", "Bergpost", "Ein starkes Erdbeben hat am Montag die Stadt erschüttert."),
    ("numbers only", "", "", "", "14 230 6.1 9 40 2025"),
    ("one word many times", "", "", "", "quake " * 2000),
    ("symbols", "", "", "", "*** ### --- !!! ???"),
]


@pytest.mark.parametrize("name, title, published, source, body", ODD)
def test_odd_input_is_a_story_without_exceptions(name: str, title: str, published: str, source: str,
                                                  body: str) -> None:
    item = make(500, title, published, source, body)
    stories = group(list(fiction().values()) + [item])
    story = story_holding(stories, 500)
    assert all(0.0 <= s.confidence <= 1.0 for s in stories)
    if not body.strip() or name in ("german", "symbols", "numbers only"):
        assert story.articles == (500,)
    matcher = Matcher()
    matcher.add(item)
    matcher.remove(item.id)
    assert matcher.stories() == []


FOREIGN = [
    ("Erdbeben", "Ein starkes Erdbeben hat am Montag die Stadt Korvan erschüttert. Die Bürgermeisterin sagte, "
                 "die Rettungskräfte hätten die ganze Nacht gearbeitet und die Menschen seien in Zelten."),
    ("Haushalt", "Der Stadtrat hat am Mittwoch den Haushalt für die neue Bibliothek beschlossen. Die Arbeiten "
                 "sollen im September beginnen, und die Menschen seien froh, sagte die Bürgermeisterin."),
]


def test_articles_in_another_language_do_not_pair_on_their_common_words() -> None:
    items = [make(600 + i, title, "2025-04-08", "Bergpost", body) for i, (title, body) in enumerate(FOREIGN)]
    stories = group(list(fiction().values()) + items)
    assert {frozenset({600}), frozenset({601})} <= grouping(stories)


def test_empty_articles_are_not_copies_of_each_other() -> None:
    items = [make(1, "", "", "", ""), make(2, "", "", "", ""), make(3, "", "", "", "  \n")]
    stories = group(items)
    assert grouping(stories) == {frozenset({1}), frozenset({2}), frozenset({3})}
    assert all(story.copies == () for story in stories)


def test_nothing_in_nothing_out() -> None:
    assert group([]) == []
    assert Matcher().stories() == []
    Matcher().remove(42)


def test_adding_the_same_id_again_replaces_the_article() -> None:
    matcher = Matcher()
    matcher.add(fiction()["korvan_wire"])
    matcher.add(fiction()["korvan_ledger"])
    matcher.add(make(fiction()["korvan_ledger"].id, *ARTICLES["budget"]))
    assert len(matcher.stories()) == 2


@pytest.mark.parametrize("published, expected", [
    ("2025-04-07", "2025-04-07"), ("2025-04-07T09:30:00+02:00", "2025-04-07"), ("", ""), ("yesterday", ""),
    ("2025-02-30", ""),
])
def test_story_dates_come_from_valid_publication_dates(published: str, expected: str) -> None:
    story = group([make(1, "Korvan", published, "", "Mayor Ilse Brandt spoke in Korvan.")])[0]
    assert (story.first, story.last) == (expected, expected)


# --- helpers: the demo corpus and ECB+ ------------------------------------------------------------

def shifted(item: ArticleFeatures, offset: int) -> ArticleFeatures:
    from dataclasses import replace
    return replace(item, id=item.id + offset)


@lru_cache(maxsize=1)
def _demo() -> tuple[ArticleFeatures, ...]:
    items = []
    for i, path in enumerate(sorted(DEMO.iterdir())):
        article = read_file(path).articles[0]
        items.append(features(i + 1, article.title, article.body, article.published, article.source,
                              article.content_hash, analyse(article.body, article.published)))
    return tuple(items)


def demo_items() -> list[ArticleFeatures]:
    return list(_demo())


@lru_cache(maxsize=1)
def _ecb() -> tuple[ArticleFeatures, ...]:
    if not ECB.is_file():
        return ()
    with ECB.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return tuple(features(i, row.get("title") or "", row["text"], "", row.get("source") or "",
                          content_hash(row["text"]), analyse(row["text"], "")) for i, row in enumerate(rows))


def ecb_items() -> list[ArticleFeatures]:
    items = list(_ecb())
    if not items:
        pytest.skip(f"{ECB} is absent: ECB+ lives in the read-only ../shared folder")
    return items
