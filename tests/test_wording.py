"""Word diff of aligned rows: cosmetic vs wording, exact spans, protected facts, reworded rows, odd input."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import PROJECT
from core.analysis import analyse
from core.model import Difference, Span
from core.readers import read_file
from core.wording import REWORDED_SHARE, diff_row, normalise_ladder

DEMO = PROJECT / "resources" / "demo" / "articles"
W, L, C = "harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html", "coastline_daily_saltmere_flood.md"


def whole(text: str) -> list[Span]:
    return [Span(0, len(text))]


def check(diffs: list[Difference], bodies: tuple[str, str], row: int | None = 7) -> list[Difference]:
    """Every side points at its body exactly; only the word layer's categories; the row is kept."""
    for d in diffs:
        assert d.category in ("cosmetic", "wording") and d.row == row
        assert d.severity == "low" if d.category == "cosmetic" else d.severity in ("low", "medium")
        for side, body in zip(d.sides, bodies):
            assert side.text is not None and body[side.start:side.end] == side.text
    return diffs


def run(a: str, b: str, protected: tuple = ((), ()), articles: tuple[int, int] = (0, 1)) -> list[Difference]:
    return check(diff_row((a, b), (whole(a), whole(b)), articles, 7, protected), (a, b))


def sides(d: Difference) -> tuple[str | None, str | None]:
    return d.sides[0].text, d.sides[1].text


def spans_of(body: str, *words: str) -> list[Span]:
    return [Span(m.start(), m.end()) for w in words for m in [re.search(re.escape(w), body)]]


# --- cosmetic: equal after normalisation -------------------------------------------------------

@pytest.mark.parametrize("a, b, kind, text_a, text_b", [
    ("The ferry left the U.K. on Monday.", "The ferry left the UK on Monday.", "abbreviation", "U.K.", "UK"),
    ("Talks in Washington, D.C., resumed.", "Talks in Washington, DC, resumed.", "abbreviation", "D.C.", "DC"),
    ("Mass was said at St. Brannoc's Church.", "Mass was said at Saint Brannoc's Church.", "abbreviation", "St.", "Saint"),
    ("The tide turned shortly after 4 p.m. today.", "The tide turned shortly after 4pm today.", "abbreviation", "p.m.", "pm"),
    ("British Foreign Secretary Ada Lyle spoke.", "UK Foreign Secretary Ada Lyle spoke.", "abbreviation", "British", "UK"),
    ("The council's defense budget grew.", "The council's defence budget grew.", "spelling", "defense", "defence"),
    ("An armored convoy arrived.", "An armoured convoy arrived.", "spelling", "armored", "armoured"),
    ("The city centre was closed.", "The city center was closed.", "spelling", "centre", "center"),
    ("Volunteers organise the shelters.", "Volunteers organize the shelters.", "spelling", "organise", "organize"),
    ('He said "enough" twice.', "He said “enough” twice.", "typography", '"enough"', "“enough”"),
    ("The harbour master's boat sank.", "The harbour master’s boat sank.", "typography", "master's", "master’s"),
    ("She runs a cafe by the quay.", "She runs a café by the quay.", "typography", "cafe", "café"),
    ("The river rose – fast.", "The river rose — fast.", "typography", "–", "—"),
    ("The Mayor said so.", "The mayor said so.", "case", "Mayor", "mayor"),
    ("Fourteen boats sank.", "14 boats sank.", "number_format", "Fourteen", "14"),
    ("A 1,200 tonne ship ran aground.", "A 1200 tonne ship ran aground.", "number_format", "1,200", "1200"),
    ("It was the first time.", "It was the 1st time.", "number_format", "first", "1st"),
    ("A clean-up effort began.", "A clean up effort began.", "punctuation", "clean-up", "clean up"),
    ("Boats, buses and trains stopped.", "Boats, buses, and trains stopped.", "punctuation", "", ","),
    ('She praised the "quick response."', 'She praised the "quick response".', "punctuation", '."', '".'),
    ("On Friday, June 7, the ferry ran.", "On Friday, 7 June, the ferry ran.", "word_order", "June 7", "7 June"),
    ("The Fenmoor River rose overnight.", "The River Fenmoor rose overnight.", "word_order", "Fenmoor River", "River Fenmoor"),
    ("The board will recieve the report.", "The board will receive the report.", "misspelling", "recieve", "receive"),
    ("Aides hope to pursuade voters.", "Aides hope to persuade voters.", "misspelling", "pursuade", "persuade"),
    ("The goverment said no.", "The government said no.", "misspelling", "goverment", "government"),
    ("Goverment officials said no.", "Government officials said no.", "misspelling", "Goverment", "Government"),
])
def test_cosmetic_differences_are_named_by_their_rung(a: str, b: str, kind: str, text_a: str, text_b: str) -> None:
    diffs = run(a, b)
    assert [(d.category, d.kind, sides(d)) for d in diffs] == [("cosmetic", kind, (text_a, text_b))]


@pytest.mark.parametrize("a, b, note", [
    ("Boats, buses and trains stopped.", "Boats, buses, and trains stopped.", "serial comma"),
    ("Cars or vans, buses or trains.", "Cars, or vans, buses or trains.", "serial comma"),
    ('She praised the "quick response."', 'She praised the "quick response".', "inside vs outside the closing quote"),
    ("The ferry left the U.K. on Monday.", "The ferry left the UK on Monday.", "abbreviation style"),
    ("British Foreign Secretary Ada Lyle spoke.", "UK Foreign Secretary Ada Lyle spoke.", "the same place named two ways"),
    ("An armored convoy arrived.", "An armoured convoy arrived.", "British/American spelling"),
    ("She runs a cafe by the quay.", "She runs a café by the quay.", "accents"),
    ("Fourteen boats sank.", "14 boats sank.", "number in words vs figures"),
])
def test_explanations_say_what_differs(a: str, b: str, note: str) -> None:
    (diff,) = run(a, b)
    assert note in diff.explanation and diff.explanation.startswith("A “")


def test_a_misspelling_names_the_side_that_misspells_when_the_texts_tell() -> None:
    a = "Aides hope to persuade voters. They will persuade them."
    b = "Aides hope to pursuade voters."
    (diff,) = check(diff_row((a, b), ([Span(0, 30)], whole(b)), (0, 1), 7), (a, b))
    assert diff.kind == "misspelling" and "misspelling in B" in diff.explanation and diff.evidence


@pytest.mark.parametrize("a, b", [
    ("Officials rescued the man.", "Officials rescues the man."),        # two forms of one verb
    ("The house was flooded.", "The horse was flooded."),                # another word, another sound
    ("They send aid.", "They sent aid."),                                # short words
    ("Aid came from Fenmoor.", "Aid came form Fenmoor."),
    ("The chief, Ada Marrick, spoke.", "The chief, Ada Marick, spoke."),   # names are factual, never misspelt here
    ("Rain fell on Tuesday.", "Rain fell on Thursday."),
])
def test_word_changes_that_are_not_misspellings_are_wording(a: str, b: str) -> None:
    diffs = run(a, b)
    assert [d.kind for d in diffs] == ["wording"]


# --- wording -------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, text_a, text_b, explanation", [
    ("Crews will gamble with the tide tonight.", "Crews will risk the tide tonight.",
     "gamble with", "risk", "A “gamble with” · B “risk”: reworded"),
    ("The mayor hopes to convince the board today.", "The mayor is looking to pursuade the board today.",
     "hopes to convince", "is looking to pursuade", "A “hopes to convince” · B “is looking to pursuade”: reworded"),
    ("The navy will send tanks to the port.", "The navy will send tanks and other weaponry to the port.",
     "", "and other weaponry", "B adds “and other weaponry”"),
    ("Nobody was hurt in the blaze, police said.", "Nobody was hurt, police said.",
     "in the blaze", "", "A adds “in the blaze”"),
])
def test_wording_blocks_have_exact_spans(a: str, b: str, text_a: str, text_b: str, explanation: str) -> None:
    (diff,) = run(a, b)
    assert (diff.kind, diff.category, diff.severity) == ("wording", "wording", "medium")
    assert sides(diff) == (text_a, text_b) and diff.explanation == explanation


def test_an_insertion_points_at_the_gap_in_the_other_article() -> None:
    a, b = "The navy will send tanks to the port.", "The navy will send tanks and other weaponry to the port."
    (diff,) = run(a, b)
    gap = diff.sides[0]
    assert gap.text == "" and gap.start == gap.end == a.index("tanks") + len("tanks")
    assert diff.sides[1].start == b.index("and other")


@pytest.mark.parametrize("a, b, severity", [
    ("The council met on Monday.", "The council met Monday.", "low"),
    ("Crews reached the boat.", "Crews reached a boat.", "low"),
    ("Crews reached the boat.", "Crews reached the stricken boat.", "medium"),
    ("Crews reached the boat.", "Crews finally reached the boat.", "medium"),
])
def test_a_lone_function_word_is_low_severity(a: str, b: str, severity: str) -> None:
    (diff,) = run(a, b)
    assert diff.kind == "wording" and diff.severity == severity


def test_a_block_with_a_restyled_word_is_judged_word_by_word() -> None:
    diffs = run("He was taken to St. Brannoc's ward.", "He was taken into Saint Brannoc's ward.")
    assert [(d.kind, d.severity, sides(d)) for d in diffs] == [
        ("wording", "low", ("to", "into")), ("abbreviation", "low", ("St.", "Saint"))]


def test_a_lone_function_word_between_two_changes_joins_them() -> None:
    a = "Crews fought the blaze at the mill until dawn."
    b = "Firefighters battled the flames at the mill until dawn."
    (diff,) = run(a, b)
    assert sides(diff) == ("Crews fought the blaze", "Firefighters battled the flames")


def test_a_row_that_shares_little_is_one_reworded_difference() -> None:
    a = "Water covered the low streets of the port by dawn."
    b = "Residents fear that the sea wall will not hold through another winter."
    (diff,) = run(a, b)
    assert (diff.kind, diff.category, diff.severity) == ("wording", "wording", "medium")
    assert sides(diff) == (a, b) and diff.explanation.startswith("reworded")


@pytest.mark.parametrize("changed, reworded", [(2, False), (4, False), (8, True), (10, True)])
def test_the_reworded_threshold(changed: int, reworded: bool) -> None:
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet".split()
    other = [w.upper() + "x" if i < changed else w for i, w in enumerate(words)]
    a, b = " ".join(words), " ".join(other)
    diffs = run(a, b)
    assert (len(diffs) == 1 and diffs[0].explanation.startswith("reworded")) == reworded
    assert (changed / len(words) > REWORDED_SHARE) == reworded


def test_a_country_word_added_before_a_title_is_not_a_difference() -> None:
    """Choice (mockup: "UK Foreign Secretary" / "Foreign Secretary" are equal after normalisation)."""
    assert run("Foreign Secretary Ada Lyle will visit.", "UK Foreign Secretary Ada Lyle will visit.") == []
    (diff,) = run("Ada Lyle met Canadian officials.", "Ada Lyle met officials.")   # before a common noun it is
    assert sides(diff) == ("Canadian", "")


# --- protected spans: what the factual layer reports ---------------------------------------------

def test_protected_numbers_anchor_the_words_around_them() -> None:
    a, b = "About 240 residents left the district.", "Some 420 residents left the district."
    (diff,) = run(a, b, protected=(spans_of(a, "240"), spans_of(b, "420")))
    assert sides(diff) == ("About", "Some")


@pytest.mark.parametrize("a, b, guard_a, guard_b", [
    ("The river rose 4.7 meters overnight.", "The river rose 4.7 metres overnight.", "4.7 meters", "4.7 metres"),
    ("The bridge shut on Monday at dawn.", "The bridge shut on Tuesday at dawn.", "Monday", "Tuesday"),
    ("Chief Ada Marrick, of the brigade, spoke.", "Chief Ada Marick, of the brigade, spoke.", "Ada Marrick", "Ada Marick"),
    ("Crews reached Northgate High School by noon.", "Crews reached the Northgate Community Centre by noon.",
     "Northgate High School", "Northgate Community Centre"),
])
def test_protected_tokens_are_never_reported_here(a: str, b: str, guard_a: str, guard_b: str) -> None:
    diffs = run(a, b, protected=(spans_of(a, guard_a), spans_of(b, guard_b)))
    guarded_a, guarded_b = spans_of(a, guard_a)[0], spans_of(b, guard_b)[0]
    for d in diffs:
        assert d.sides[0].end <= guarded_a.start or d.sides[0].start >= guarded_a.end
        assert d.sides[1].end <= guarded_b.start or d.sides[1].start >= guarded_b.end
    assert diffs == []        # "the" before the place goes with it: that slot is the factual layer's


# --- rows of several sentences, labels, odd input --------------------------------------------------

def test_a_row_of_several_sentences_is_compared_as_one_text() -> None:
    a = "Skip. The ferry sank. All were saved."
    b = "The ferry sank and all were saved."
    diffs = check(diff_row((a, b), ([Span(6, 21), Span(22, len(a))], whole(b)), (0, 1), 3), (a, b), row=3)
    assert [(d.kind, sides(d)) for d in diffs] == [("wording", ("", "and")), ("case", ("All", "all"))]
    assert diffs[0].sides[0].start == a.index(".", 6)


def test_explanations_name_the_articles_by_their_index() -> None:
    (diff,) = run("The ferry left the U.K.", "The ferry left the UK", articles=(2, 0))
    assert diff.explanation.startswith("C “U.K.” · A “UK”") and [s.article for s in diff.sides] == [2, 0]


@pytest.mark.parametrize("a, b, expected", [
    ("", "", []),
    ("   ", "\n", []),
    ("Same words here.", "Same words here.", []),
    ("!!", "?", []),
    ("A whole new sentence.", "", [("wording", ("A whole new sentence", ""))]),
    ("", "Only here.", [("wording", ("", "Only here"))]),
])
def test_empty_and_identical_sides(a: str, b: str, expected: list) -> None:
    assert [(d.kind, sides(d)) for d in run(a, b)] == expected


def test_an_empty_side_points_at_where_its_text_would_be() -> None:
    body = "Intro line.   \n"
    (diff,) = check(diff_row((body, "Only here."), ([Span(11, 15)], whole("Only here.")), (0, 1), 7),
                    (body, "Only here."))
    assert diff.sides[0].start == diff.sides[0].end == 11


@pytest.mark.parametrize("a, b", [
    ("हिन्दी में समाचार आज", "Hindi news today"),
    ("Der Bürgermeister sagte, die Brücke bleibt zu.", "The mayor said the bridge stays shut."),
    ("市長は橋を閉鎖したと述べた。", "市長は橋を再開したと述べた。"),
    ("Tanner's Bridge 🙂 stays shut", "Tanner's Bridge 🙁 stays shut"),
    ("x\u0301y z", "xy z"),
])
def test_mixed_scripts_never_raise(a: str, b: str) -> None:
    run(a, b)


def test_odd_spans_never_raise() -> None:
    a, b = "Ferry sank.", "Ferry sunk."
    diffs = diff_row((a, b), ([Span(-3, 400)], [Span(9, 2), Span(0, 11)]), (0, 1), None)
    check(diffs, (a, b), row=None)


def test_ten_thousand_word_rows() -> None:
    words = [f"word{i % 997}" for i in range(10_000)]
    edited = list(words)
    for i in range(0, 10_000, 250):
        edited[i] = "changed"
    a, b = " ".join(words), " ".join(edited)
    diffs = run(a, b)
    assert len(diffs) == 40 and all(d.kind == "wording" and d.sides[1].text == "changed" for d in diffs)
    other = " ".join(f"other{i % 991}" for i in range(10_000))
    (diff,) = run(a, other)
    assert diff.explanation.startswith("reworded")


# --- the ladder on its own -----------------------------------------------------------------------

@pytest.mark.parametrize("a, b, kind", [
    ("U.K.", "UK", "abbreviation"), ("2 a.m.", "2am", "abbreviation"), ("St", "Saint", "abbreviation"),
    ("United Kingdom", "Britain", "abbreviation"), ("defense", "defence", "spelling"),
    ("Defense", "defence", "spelling"), ("“x”", '"x"', "typography"), ("ADA", "Ada", "case"),
    ("a, b", "a b", "punctuation"), ("cleanup", "clean-up", "punctuation"), ("any one", "anyone", None), ("two hundred", "200", "number_format"), ("ninety-nine", "99", "number_format"),
    ("same", "same", None), ("dog", "cat", None), ("St", "Street", "abbreviation"), ("new", "news", None),
])
def test_normalise_ladder(a: str, b: str, kind: str | None) -> None:
    assert normalise_ladder(a, b) == kind


# --- the seed pair (GOLD.md) -----------------------------------------------------------------------

@lru_cache(maxsize=None)
def body_of(path: Path) -> str:
    return read_file(path).articles[0].body


def window(body: str, start_text: str, end_text: str) -> Span:
    start = body.index(start_text)
    return Span(start, body.index(end_text, start) + len(end_text))


@pytest.fixture
def seeds(seed_files: list[Path]) -> tuple[str, str]:
    return body_of(seed_files[0]), body_of(seed_files[1])


def test_gold_quote_one_differs_only_in_abbreviations_and_a_serial_comma(seeds: tuple[str, str]) -> None:
    a, b = seeds
    spans = window(a, "The U.K., U.S.", "80 years"), window(b, "The UK, US", "80 years")
    diffs = check(diff_row((a, b), ([spans[0]], [spans[1]]), (0, 1), 7), (a, b))
    assert [(d.kind, sides(d)) for d in diffs] == [
        ("abbreviation", ("U.K.", "UK")), ("abbreviation", ("U.S.", "US")), ("punctuation", ("", ","))]
    assert "serial comma" in diffs[2].explanation


def test_gold_quote_one_sentences_have_no_wording_inside_the_quote(seeds: tuple[str, str]) -> None:
    a, b = seeds
    sentence_a = next(s.span for s in analyse(a, "2023-01-17").sentences if "The U.K., U.S." in s.text)
    sentence_b = next(s.span for s in analyse(b, "2023-01-17").sentences if "The UK, US" in s.text)
    quote_a, quote_b = window(a, "The U.K., U.S.", "80 years"), window(b, "The UK, US", "80 years")
    diffs = check(diff_row((a, b), ([sentence_a], [sentence_b]), (0, 1), 7), (a, b))
    assert {d.kind for d in diffs if d.category == "cosmetic"} == {"abbreviation", "punctuation"}
    for d in diffs:
        if d.category == "wording":
            assert not quote_a.start < d.sides[0].start < quote_a.end
            assert not quote_b.start < d.sides[1].start < quote_b.end


def test_gold_quote_two_defence_is_spelling_and_its_closing_mark_cosmetic(seeds: tuple[str, str]) -> None:
    a, b = seeds
    spans = window(a, "Today we stand", 'win."'), window(b, "Today we stand", "win,”")
    diffs = check(diff_row((a, b), ([spans[0]], [spans[1]]), (0, 1), 7), (a, b))
    assert [(d.kind, sides(d)) for d in diffs] == [("spelling", ("defense", "defence")), ("punctuation", ('."', ",”"))]


def test_gold_curly_and_straight_quotes_are_typography(seeds: tuple[str, str]) -> None:
    _, b = seeds
    sentence = window(b, '"Today we stand', "he added.")
    straight = sentence.text(b).replace("”", '"')
    diffs = run(straight, sentence.text(b))
    assert [(d.kind, sides(d)) for d in diffs] == [("typography", ('"', "”"))]


def test_gold_pursuade_is_a_misspelling_in_b(seeds: tuple[str, str]) -> None:
    _, b = seeds
    fixed = b.replace("pursuade", "persuade")
    span = window(b, "UK Foreign Secretary James", "war-torn Ukraine.")
    (diff,) = check(diff_row((fixed, b), ([span], [span]), (0, 1), 7), (fixed, b))
    assert diff.kind == "misspelling" and sides(diff) == ("persuade", "pursuade")
    assert "misspelling in B" in diff.explanation


def test_gold_country_before_the_title_is_not_highlighted(seeds: tuple[str, str]) -> None:
    a, b = seeds
    spans = window(a, "Foreign Secretary James", "Cleverly"), window(b, "UK Foreign Secretary", "Cleverly")
    assert diff_row((a, b), ([spans[0]], [spans[1]]), (0, 1), 7) == []


# --- the demo corpus (EXPECTED.md) ---------------------------------------------------------------

def demo_body(name: str) -> str:
    return body_of(DEMO / name)


def sentence_with(name: str, needle: str) -> Span:
    body = demo_body(name)
    return next(s.span for s in analyse(body, "2024-03-06").sentences if needle in s.text)


@pytest.mark.parametrize("left, right, needle_a, needle_b, kind, text_a, text_b", [
    (W, L, "The river peaked", "The river peaked", "spelling", "meters", "metres"),
    (W, L, "The river peaked", "The river peaked", "abbreviation", "a.m.", "am"),
    (W, L, "Ferry sailings", "Ferry sailings", "spelling", "harbor", "harbour"),
    (W, L, "flood information", "flood information", "spelling", "center", "centre"),
    (W, L, "flood information", "flood information", "typography", "council's", "council’s"),
    (W, L, "Work on new flood", "Work on new flood", "spelling", "defenses", "defences"),
    (W, L, "Most spent the night", "Many spent the night", "spelling", "organized", "organised"),
    (W, L, "Firefighters", "Firefighters", "punctuation", "", ","),
    (W, L, "Priya Dunmore", "Priya Dunmore", "typography", "cafe", "café"),
    (W, L, "It stays closed", "It stays closed", "typography", '"', "“"),
    (W, L, "praised her crews", "praised her crews", "punctuation", '."', "”."),
    (W, C, "Tanner's Bridge has stood", "Tanner's Bridge has stood", "wording", "gamble with", "risk"),
])
def test_demo_sentences(left: str, right: str, needle_a: str, needle_b: str, kind: str, text_a: str, text_b: str) -> None:
    a, b = demo_body(left), demo_body(right)
    spans = sentence_with(left, needle_a), sentence_with(right, needle_b)
    diffs = check(diff_row((a, b), ([spans[0]], [spans[1]]), (0, 1), 7), (a, b))
    assert (kind, (text_a, text_b)) in [(d.kind, sides(d)) for d in diffs]


@pytest.mark.parametrize("left, right, phrase_a, phrase_b, kind, text_a, text_b", [
    (W, L, "at St. Aldhelm's Hospital", "at St Aldhelm’s Hospital", "abbreviation", "St.", "St"),
    (W, C, "St. Aldhelm's Hospital", "Saint Aldhelm's Hospital", "abbreviation", "St.", "Saint"),
    (W, L, "March 5", "5 March", "word_order", "March 5", "5 March"),
    (W, L, "the swollen Idden River drove", "the swollen River Idden drove", "word_order", "Idden River", "River Idden"),
    (W, C, "14 streets in Eastquay", "Fourteen streets in Eastquay", "number_format", "14", "Fourteen"),
    (W, C, 'conditions."', 'conditions".', "punctuation", '."', '".'),
    (W, L, "gamble with anyone's life to save a few minutes on the commute,\"", "gamble with anyone’s life,”",
     "wording", "to save a few minutes on the commute", ""),
])
def test_demo_phrases(left: str, right: str, phrase_a: str, phrase_b: str, kind: str, text_a: str, text_b: str) -> None:
    a, b = demo_body(left), demo_body(right)
    spans = spans_of(a, phrase_a), spans_of(b, phrase_b)
    diffs = check(diff_row((a, b), spans, (0, 1), 7), (a, b))
    found = [(d.kind, sides(d)) for d in diffs]
    assert (kind, (text_a, text_b)) in found
    assert kind == "wording" or all(k != "wording" for k, _ in found)


def test_demo_recieve_is_a_misspelling() -> None:
    body = demo_body(C)
    span = sentence_with(C, "recieve")
    fixed = body.replace("recieve", "receive")
    (diff,) = check(diff_row((body, fixed), ([span], [span]), (0, 1), 7), (body, fixed))
    assert diff.kind == "misspelling" and sides(diff) == ("recieve", "receive")


def test_demo_cosmetic_items_are_never_wording() -> None:
    """The W-L sentences that EXPECTED.md lists as cosmetic only (D10) give no wording difference."""
    a, b = demo_body(W), demo_body(L)
    for needle in ("Ferry sailings", "flood information", "Work on new flood", "Firefighters", "It stays closed"):
        spans = sentence_with(W, needle), sentence_with(L, needle)
        diffs = check(diff_row((a, b), ([spans[0]], [spans[1]]), (0, 1), 7), (a, b))
        assert diffs and all(d.category == "cosmetic" for d in diffs), needle


def test_every_sentence_pair_of_two_demo_articles_gives_exact_spans() -> None:
    """All pairs, aligned or not: no exception, every side indexes its body, categories are the word layer's."""
    a, b = demo_body(W), demo_body(L)
    spans_a = [s.span for s in analyse(a, "2024-03-06").sentences]
    spans_b = [s.span for s in analyse(b, "2024-03-06").sentences]
    for i, x in enumerate(spans_a):
        for y in spans_b:
            check(diff_row((a, b), ([x], [y]), (0, 1), i), (a, b), row=i)
