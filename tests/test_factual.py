"""Factual differences: facts paired per aligned row, omissions after a whole-article look-up, speakers and sourcing.

Rows and quote groups are built by hand here (sentence i with sentence i unless a test says otherwise), so these
tests do not depend on the aligner. Every sentence below is fiction written for the test, except the seed and
demo checks at the end, which read ../shared/seeds (skipped when absent) and resources/demo.
"""
from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from conftest import PROJECT, SHARED
from core.analysis import Version
from core.factual import factual_differences
from core.model import AlignedRow, Difference, QuoteGroup, QuoteSide
from core.normalise import role_key

DATE = "2024-05-08"   # a Wednesday


# --- helpers -----------------------------------------------------------------------------------------

def versions(*bodies: str, published: str = DATE) -> list[Version]:
    return [Version.of(body, published) for body in bodies]


def rows_by_index(vs: list[Version], pairs: list[tuple] | None = None) -> list[AlignedRow]:
    """Rows from tuples of sentence indices (None = no sentence); by default sentence i beside sentence i."""
    if pairs is None:
        longest = max(len(v.analysis.sentences) for v in vs)
        pairs = [tuple(i if i < len(v.analysis.sentences) else None for v in vs) for i in range(longest)]
    rows = []
    for pair in pairs:
        sentences = tuple(() if i is None else tuple(i) if isinstance(i, tuple) else (i,) for i in pair)
        filled = sum(1 for s in sentences if s)
        rows.append(AlignedRow("changed" if filled > 1 else "only_in", 1.0, sentences))
    return rows


def groups_by_words(vs: list[Version]) -> list[QuoteGroup]:
    """Quote groups by fuzzy wording: every quote of article 0 with the closest quote of each other article."""
    groups, used = [], set()
    for i, version in enumerate(vs):
        for qi, quote in enumerate(version.analysis.quotes):
            if (i, qi) in used:
                continue
            sides = [_side(i, qi, version)]
            used.add((i, qi))
            for j in range(i + 1, len(vs)):
                scored = [(fuzz.ratio(quote.text, other.text), qj) for qj, other in enumerate(vs[j].analysis.quotes)
                          if (j, qj) not in used]
                if scored and max(scored)[0] >= 60:
                    qj = max(scored)[1]
                    used.add((j, qj))
                    sides.append(_side(j, qj, vs[j]))
            groups.append(QuoteGroup(tuple(sides), "only_in" if len(sides) == 1 else "reworded", 1.0))
    return groups


def _side(article: int, number: int, version: Version) -> QuoteSide:
    quote = version.analysis.quotes[number]
    return QuoteSide(article, number, quote.text, quote.span.start, quote.span.end, quote.speaker, quote.relay)


def diff(*bodies: str, pairs: list[tuple] | None = None, published: str = DATE, pivot: int = 0) -> list[Difference]:
    vs = versions(*bodies, published=published)
    found = factual_differences(vs, rows_by_index(vs, pairs), groups_by_words(vs), pivot)
    assert_sides_exact(vs, found)
    return found


def assert_sides_exact(vs: list[Version], found: list[Difference]) -> None:
    """The contract every consumer relies on: a side's text is exactly body[start:end]."""
    for difference in found:
        for side in difference.sides:
            if side.text is None:
                assert side.start is None and side.end is None
            else:
                assert vs[side.article].body[side.start:side.end] == side.text, difference


def kinds(found: list[Difference], category: str | None = None) -> list[str]:
    return [d.kind for d in found if category is None or d.category == category]


def factual(found: list[Difference]) -> list[Difference]:
    return [d for d in found if d.category == "factual" and d.confidence >= 0.5]


# --- pairing facts inside an aligned row ----------------------------------------------------------------

@pytest.mark.parametrize("a, b, kind, shown", [
    ("About 240 residents of the Dunmere estate were evacuated overnight, the council said.",
     "About 420 residents of the Dunmere estate were evacuated overnight, the council said.",
     "number", ("240 residents", "420 residents")),
    ("The ferry was halted on Tuesday after the harbour wall cracked.",
     "The ferry was halted on Monday after the harbour wall cracked.", "weekday", ("Tuesday", "Monday")),
    ("The ferry was halted on May 6 after the harbour wall cracked.",
     "The ferry was halted on May 7 after the harbour wall cracked.", "date", ("May 6", "May 7")),
    ("Most families spent the night at a shelter set up at Ashby High School.",
     "Most families spent the night at a shelter set up at the Ashby Community Centre.",
     "place", ("Ashby High School", "Ashby Community Centre")),
    ("Police Chief Daniel Okafor led the search for the missing boy.",
     "Police Chief Martin Hale led the search for the missing boy.", "name", ("Daniel Okafor", "Martin Hale")),
    ("Police Chief Daniel Okafor confirmed that the road would reopen.",
     "Police Chief Martin Hale confirmed that the road would reopen.", "speaker", ("Daniel Okafor", "Martin Hale")),
])
def test_a_different_value_in_the_same_slot_is_a_conflict(a: str, b: str, kind: str, shown: tuple[str, str]) -> None:
    found = factual(diff(a, b))
    assert [d.kind for d in found] == [kind]
    conflict = found[0]
    assert conflict.severity == "high" and conflict.row == 0
    assert shown[0] in conflict.sides[0].text and shown[1] in conflict.sides[1].text
    assert shown[0] in conflict.explanation and shown[1] in conflict.explanation
    assert conflict.explanation.startswith(("Number differs", "Day differs", "Date differs", "Place differs",
                                            "Name differs", "Speaker differs"))


@pytest.mark.parametrize("a, b, specific, wide", [
    ("Repairs could cost millions of euros.", "Repairs could cost an estimated 2.4 million euros.",
     "2.4 million euros", "millions of euros"),
    ("On Monday, Transport Secretary Imogen Hale announced that the line would close.",
     "Earlier this week, Transport Secretary Imogen Hale announced that the line would close.",
     "Monday", "Earlier this week"),
    ("A 71-year-old man was pulled from the water.", "An elderly man was pulled from the water.",
     "71-year-old", "elderly"),
    ("The agency will send 12 trucks of aid to the port.", "The agency will send several trucks of aid to the port.",
     "12 trucks", "several trucks"),
])
def test_more_specific_is_an_addition_not_a_conflict(a: str, b: str, specific: str, wide: str) -> None:
    found = diff(a, b)
    assert [(d.kind, d.category, d.severity) for d in found] == [("addition", "wording", "low")]
    assert "more specific" in found[0].explanation
    assert specific in found[0].explanation and wide in found[0].explanation


@pytest.mark.parametrize("a, b", [
    ("Water covered 14 streets on Wednesday.", "Fourteen streets were under water on Wednesday."),
    ("The order has stood for nearly 80 years.", "The order has stood for nearly 80 years."),
    ("About 240 residents were evacuated.", "About 240 people were evacuated."),
    ("The bridge closed before dawn on Tuesday.", "The bridge closed early on Tuesday."),
    ("The U.K. Defense Secretary flew to Washington, D.C., on Tuesday.",
     "The UK Defence Secretary flew to Washington on Tuesday."),
    ("British Foreign Secretary Ann Cole met St. Aldhelm's Hospital staff.",
     "United Kingdom Foreign Secretary Ann Cole met Saint Aldhelm's Hospital staff."),
])
def test_equal_facts_written_two_ways_make_no_difference(a: str, b: str) -> None:
    assert diff(a, b) == []


def test_a_clean_up_on_wednesday_is_not_weighed_against_a_closure_on_tuesday() -> None:
    a = "The council closed Tanner Bridge before dawn on Tuesday, May 7, after the river rose."
    b = ("Crews moved into the Dunmere estate on Wednesday as the river began to fall, a day after "
         "Tanner Bridge was closed early on Tuesday.")
    found = diff(a, b)
    assert not [d for d in found if d.kind in ("date", "weekday")]
    assert [d.explanation for d in found] == ["B: Wednesday; A gives no day"]


def test_name_spelled_two_ways_is_a_name_conflict_with_its_evidence() -> None:
    found = factual(diff("On Monday, Transport Secretary Imogen Ravensworth announced that the line would close.",
                         "On Monday, Transport Secretary Imogen Ravenworth announced that the line would close."))
    assert [d.kind for d in found] == ["name"]
    name = found[0]
    assert name.explanation.startswith("Name spelled two ways: A “Imogen Ravensworth” · B “Imogen Ravenworth”")
    assert "same given name" in name.evidence and "Jaro-Winkler" in name.evidence
    assert name.evidence in name.explanation and name.row == 0


# --- one-sided facts: look-up in the whole other article first ---------------------------------------------

def test_a_figure_only_one_side_gives_is_an_omission() -> None:
    found = diff("The agency will send 12 trucks of aid to the port.",
                 "The agency will send trucks of aid to the port.")
    assert [(d.kind, d.category, d.severity) for d in found] == [("omission", "factual", "medium")]
    omission = found[0]
    assert omission.explanation == "A: 12 trucks; B gives no number"
    assert omission.sides[0].text == "12 trucks"
    assert (omission.sides[1].text, omission.sides[1].start, omission.sides[1].end) == (None, None, None)


def test_a_fact_the_other_article_gives_elsewhere_is_shared() -> None:
    a = "Talks were held in Ashford with Mayor Ruth Calder on Monday."
    b = "Talks were held on Monday. The mayor, Ruth Calder, hosted them in Ashford."
    found = diff(a, b, pairs=[(0, 0), (None, 1)])
    assert not [d for d in found if "Ashford" in d.explanation or "Calder" in d.explanation]


def test_one_sided_sentences_are_one_omission_listing_their_facts() -> None:
    a = ("The storm closed the harbour on Monday. "
         "The coastguard rescued 14 sailors near Gullcombe Point. Three yachts sank off Gullcombe Point.")
    b = "The storm closed the harbour on Monday."
    found = diff(a, b, pairs=[(0, 0), (1, None), (2, None)])
    assert [d.kind for d in found] == ["omission"]
    run = found[0]
    assert run.explanation.startswith("Only in A: ")
    assert run.explanation.startswith("Only in A: 14 sailors, Three yachts")
    assert run.explanation.endswith("(2 facts, ¶1)")
    assert run.sides[0].text.startswith("The coastguard") and run.sides[0].text.endswith("Gullcombe Point.")
    assert run.sides[1].text is None and run.row == 1


def test_a_homophone_of_a_number_word_is_only_a_low_confidence_note() -> None:
    found = diff("The depot will receive four tanks next month.", "The depot will receive for tanks next month.")
    assert len(found) == 1
    note = found[0]
    assert note.kind == "number" and note.confidence < 0.5 and "?" in note.explanation
    assert factual(found) == []


# --- speakers and sourcing -------------------------------------------------------------------------------

def test_a_quote_credited_to_another_person_is_a_speaker_conflict() -> None:
    found = diff('"We will rebuild the pier before the summer," Mayor Ruth Calder said.',
                 '"We will rebuild the pier before the summer," deputy mayor Owen Tate said.')
    assert [(d.kind, d.severity) for d in found] == [("speaker", "high")]
    assert "Ruth Calder" in found[0].explanation and "Owen Tate" in found[0].explanation
    assert [s.text for s in found[0].sides] == ["Ruth Calder", "Owen Tate"]


def test_a_surname_and_the_full_name_are_one_speaker() -> None:
    found = diff('Mayor Ruth Calder visited the harbour on Friday. '
                 '"We will rebuild the pier before the summer," Calder said.',
                 'Mayor Ruth Calder visited the harbour on Friday. "We will rebuild the pier before the summer," '
                 'Ruth Calder said.')
    assert found == []


def test_a_quote_relayed_through_an_outlet_differs_in_sourcing() -> None:
    found = diff('"The pier is safe to walk on," Ruth Calder said in a statement.',
                 '"The pier is safe to walk on," Ruth Calder told Harbour News.')
    assert [(d.kind, d.severity) for d in found] == [("sourcing", "medium")]
    assert "A “Ruth Calder said in a statement” · B “told Harbour News”" in found[0].explanation


@pytest.mark.parametrize("a, b, expected", [
    ("About 240 residents of the Dunmere estate were evacuated, the city council said in a statement.",
     "About 240 residents of the Dunmere estate were evacuated, Radio Ashby reported.",
     "Sourcing differs: A “the city council said in a statement” · B “Radio Ashby reported”"),
    ("The ferry will not sail until Friday, the harbour authority said.",
     "The ferry will not sail until Friday, according to the coastguard.",
     "Sourcing differs: A “the harbour authority said” · B “according to the coastguard”"),
    ("The ferry will not sail until Friday, the harbour authority said.",
     "The ferry will not sail until Friday, according to the port operator.", None),
    ("About 240 residents were evacuated, the city council said.",
     "About 240 residents were evacuated, according to the council.", None),
    ("About 240 residents were evacuated, the mayor said.", "About 240 residents were evacuated, Ruth Calder said.",
     None),
    ("About 240 residents were evacuated, the council said.", "About 240 residents were evacuated.", None),
])
def test_a_claim_credited_to_another_source_differs_in_sourcing(a: str, b: str, expected: str | None) -> None:
    found = [d for d in diff(a, b) if d.kind == "sourcing"]
    assert [d.explanation for d in found] == ([expected] if expected else [])


def test_a_quote_one_article_alone_gives_is_reported_once_with_its_speaker() -> None:
    found = diff('The gale brought down power lines. "It was the worst night I can remember," said Nell Price.',
                 "The gale brought down power lines.")
    assert [(d.kind, d.severity) for d in found] == [("quote_only", "medium")]
    assert found[0].explanation == "Quote only in A: “It was the worst night I can remember,” (Nell Price)"
    assert found[0].sides[1].text is None


def test_a_quote_split_around_its_attribution_is_judged_once() -> None:
    vs = versions('"We will rebuild the pier," Mayor Ruth Calder said. "It will take a year."',
                  '"We will rebuild the pier," deputy mayor Owen Tate said. "It will take a year."')
    quotes = [v.analysis.quotes[0] for v in vs]
    assert [len(q.parts) for q in quotes] == [2, 2]
    by_part = [QuoteGroup(tuple(QuoteSide(i, 0, v.body[q.parts[k].start:q.parts[k].end], q.parts[k].start,
                                          q.parts[k].end, q.speaker) for i, (v, q) in enumerate(zip(vs, quotes))),
                          "identical", 1.0) for k in (0, 1)]
    found = factual_differences(vs, rows_by_index(vs), by_part)
    assert [d.kind for d in found] == ["speaker"]


def test_an_unpaired_quote_the_other_article_gives_word_for_word_is_not_one_sided() -> None:
    body = 'The senator campaigned in Ohio. "Elections matter," Kelly said.'
    vs = versions(body, body.replace('"Elections matter,"', "“Elections matter,”"))
    unpaired = [QuoteGroup((_side(i, 0, v),), "only_in", 1.0) for i, v in enumerate(vs)]
    assert factual_differences(vs, rows_by_index(vs), unpaired) == []


# --- three versions: each against the pivot --------------------------------------------------------------

def test_each_version_is_compared_with_the_pivot_and_the_pivot_side_comes_first() -> None:
    a = "The ferry was halted on Tuesday after the harbour wall cracked. The council sent 12 engineers."
    b = "The ferry was halted on Monday after the harbour wall cracked. The council sent engineers."
    c = "The ferry was halted on Tuesday after the harbour wall cracked. The council sent engineers."
    found = diff(a, b, c)
    assert [(d.kind, [s.article for s in d.sides]) for d in factual(found)] == [
        ("weekday", [0, 1]), ("omission", [0, 1, 2])]
    assert factual(found)[1].explanation == "A: 12 engineers; B, C give no number"
    from_b = factual(diff(a, b, c, pivot=1))
    assert {(d.kind, tuple(s.article for s in d.sides)) for d in from_b} >= {("weekday", (1, 0)), ("weekday", (1, 2))}


# --- odd input -------------------------------------------------------------------------------------------

def test_identical_versions_have_no_differences() -> None:
    body = ('"We will rebuild the pier," Mayor Ruth Calder said on Tuesday. About 240 residents left, '
            "Radio Ashby reported. Repairs could cost 2.4 million euros.")
    assert diff(body, body) == []


@pytest.mark.parametrize("a, b", [
    ("", "The agency will send 12 trucks of aid to the port."),
    ("The agency will send 12 trucks of aid to the port.", ""),
    ("", ""),
    ("Der Stadtrat hat am Dienstag 240 Menschen evakuiert.", "The agency will send 12 trucks of aid to the port."),
])
def test_empty_or_foreign_versions_never_raise(a: str, b: str) -> None:
    found = diff(a, b)
    assert all(d.kind == "omission" for d in found)


def test_unrelated_articles_give_one_sided_omissions_only() -> None:
    a = "Brackenfield Library reopened on Saturday after an 18-month renovation."
    b = "The agency will send 12 trucks of aid to the port on Monday."
    found = diff(a, b, pairs=[(0, None), (None, 0)])
    assert [d.kind for d in found] == ["omission", "omission"]
    assert {d.sides[0].text is None for d in found} == {True, False}


def test_rows_pointing_nowhere_and_a_single_version_are_ignored() -> None:
    vs = versions("The agency will send 12 trucks.", "The agency will send 14 trucks.")
    odd = [AlignedRow("changed", 1.0, ((0, 99, -1), (0,))), AlignedRow("only_in", 1.0, ((),)),
           AlignedRow("same", 1.0, ())]
    found = factual_differences(vs, odd, [])
    assert [d.kind for d in found] == ["number"]
    assert factual_differences(vs[:1], odd, []) == []
    assert factual_differences([], [], []) == []


# --- the seed pair (../shared/seeds/GOLD.md) ------------------------------------------------------------

SEED_ROWS = [(0, 0), (None, 1), (None, 2), (2, None), (3, 6), (None, 7), (5, 3), (6, 5), (7, 9), (None, 10),
             (None, 11), (None, 12), (9, None), (10, None), (12, 13), (None, 14), (13, 15), (None, 16), (14, None),
             (15, None), (16, None)]


@pytest.fixture(scope="module")
def seed_pair() -> tuple[list[Version], list[Difference]]:
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the seed articles live in the read-only ../shared folder")
    from core.readers import read_file
    articles = [read_file(path).articles[0] for path in sorted(folder.glob("*.txt"))]
    vs = [Version.of(a.body, a.published) for a in articles]
    a_quotes, b_quotes = (v.analysis.quotes for v in vs)
    assert a_quotes[0].text.startswith("The U.K., U.S. and Canada") and len(a_quotes[0].parts) == 2
    second = a_quotes[0].parts[1]
    groups = [QuoteGroup((_side(0, 0, vs[0]), _side(1, 0, vs[1])), "cosmetic", 0.97),
              QuoteGroup((QuoteSide(0, 0, vs[0].body[second.start:second.end], second.start, second.end,
                                    a_quotes[0].speaker), _side(1, 1, vs[1])), "cosmetic", 0.97)]
    groups += [QuoteGroup((_side(0, i, vs[0]),), "only_in", 1.0) for i in range(1, len(a_quotes))]
    found = factual_differences(vs, rows_by_index(vs, SEED_ROWS), groups)
    assert_sides_exact(vs, found)
    return vs, found


@pytest.mark.shared
def test_seed_wallace_wallas_is_one_name_spelled_two_ways(seed_pair) -> None:
    _, found = seed_pair
    names = [d for d in found if d.kind == "name"]
    assert len(names) == 1 and names[0].severity == "high"
    assert names[0].explanation == ("Name spelled two ways: A “Ben Wallace” · B “Ben Wallas” "
                                    "(same given name; surnames Jaro-Winkler 0.91, metaphone WLS = WLS)")
    assert names[0] is found[0], "the one conflict of the pair ranks first"


@pytest.mark.shared
def test_seed_tanks_only_in_b_and_compatible_details_are_additions(seed_pair) -> None:
    _, found = seed_pair
    explanations = [d.explanation for d in found]
    assert "B: 14 Challenger 2 tanks; A gives no number" in explanations
    additions = {d.explanation for d in found if d.kind == "addition"}
    assert additions == {"A more specific: “Monday” (B: “earlier this week”)",
                         "B more specific: “billions of dollars” (A: “billions”)"}
    assert not [d for d in found if d.kind in ("number", "date", "weekday", "time")]


@pytest.mark.shared
def test_seed_sourcing_of_quote_one_and_no_speaker_conflict(seed_pair) -> None:
    _, found = seed_pair
    sourcing = [d for d in found if d.kind == "sourcing"]
    assert [d.explanation.split(": ", 1)[1] for d in sourcing] == [
        "A “Cleverly said in a statement” · B “reported Sky News”"]
    assert not [d for d in found if d.kind == "speaker"]
    quote_only = [d.explanation for d in found if d.kind == "quote_only"]
    assert "Quote only in A: “to go further and faster” (British government)" in quote_only
    assert len(quote_only) == 4


@pytest.mark.shared
def test_seed_omissions_after_the_whole_article_look_up(seed_pair) -> None:
    _, found = seed_pair
    omissions = [d.explanation for d in found if d.kind == "omission"]
    only_a = " | ".join(e for e in omissions if e.startswith(("A:", "Only in A")))
    only_b = " | ".join(e for e in omissions if e.startswith(("B:", "Only in B")))
    for fact in ("Iran", "Alireza Akbari", "Melanie Joly", "Wednesday", "in the coming weeks"):
        assert fact in only_a
    assert "ambassador" in only_a and "execution" in only_a
    for fact in ("Centre for Strategic and International Studies", "Comprehensive and Progressive Agreement",
                 "11 nations", "British Army", "14 Challenger 2 tanks", "Kyiv"):
        assert fact in only_b
    for shared in ("Toronto", "Blinken", "Putin", "Washington", "nearly 80 years", "Ukraine", "Canada", "Sky News"):
        assert shared not in only_a + only_b
    iran = next(e for e in omissions if "Iran" in e and e.startswith("Only in A"))
    assert "Alireza Akbari" in iran


@pytest.mark.shared
def test_seed_nothing_cosmetic_is_called_factual(seed_pair) -> None:
    """U.K./UK, defense/defence, "British"/"United Kingdom" in a title: equal keys, never two sides of a difference."""
    _, found = seed_pair
    for difference in found:
        texts = [s.text for s in difference.sides if s.text is not None]
        if len(texts) == 2:
            assert role_key(texts[0]) != role_key(texts[1]), difference
    kinds_found = {d.kind for d in found}
    assert kinds_found <= {"name", "omission", "sourcing", "quote_only", "addition"}
    assert all(d.confidence >= 0.5 for d in found), "B's 'send for weapons' has no counterpart: no note"


# --- the demo corpus (resources/demo/EXPECTED.md) -------------------------------------------------------

DEMO = PROJECT / "resources" / "demo" / "articles"
N = None
# W, L, C sentence indices, one row per statement (as EXPECTED.md pairs them), one-sided rows in reading order.
DEMO_ROWS = [(0, 0, 0), (N, 1, N), ((3, 4), (7, 8), 1), (5, 2, 4), (6, 3, 5), (N, 4, N), (8, 13, N), (9, N, 2),
             (N, N, 3), (10, 9, N), ((11, 12), 10, 6), (13, 11, 7), (N, N, 8), (N, N, 9), (N, N, 10), (N, N, 11),
             (14, N, N), (15, 12, N), (17, 5, N), (18, N, N), (19, 14, N), (20, N, N), (N, 15, N), (22, 16, N),
             (23, 18, N), (N, 19, N), (N, 20, N), (N, 21, N), (N, 22, N), (N, 23, N), (24, N, N), (25, N, N),
             (N, N, 14), (N, N, 15), (N, N, 16), (N, N, 17), (N, N, 18)]


@pytest.fixture(scope="module")
def demo() -> list[Version]:
    from core.readers import read_file
    names = ("harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
             "coastline_daily_saltmere_flood.md")
    articles = [read_file(DEMO / name).articles[0] for name in names]
    return [Version.of(a.body, a.published) for a in articles]


def demo_differences(vs: list[Version], pivot: int) -> list[Difference]:
    found = factual_differences(vs, rows_by_index(vs, DEMO_ROWS), groups_by_words(vs), pivot)
    assert_sides_exact(vs, found)
    return found


def between(found: list[Difference], a: int, b: int) -> list[Difference]:
    """The differences of one pair, including those merged across pairs (what the pivot alone gives)."""
    return [d for d in found if {a, b} <= {s.article for s in d.sides}]


def test_demo_wire_against_ledger(demo) -> None:
    found = between(demo_differences(demo, 0), 0, 1)
    high = {(d.kind, tuple(s.text for s in d.sides)) for d in found if d.severity == "high"}
    assert high == {
        ("weekday", ("Tuesday", "Monday")),
        ("number", ("About 240 residents", "Some 420 residents")),
        ("place", ("Northgate High School", "Northgate Community Centre")),
        ("name", ("Fenella Marchbank", "Fenella Marchbanks")),
    }
    explanations = [d.explanation for d in found]
    assert ("Sourcing differs: A “the city council said in a statement” · B “Radio Saltmere reported”"
            in explanations)
    assert "B more specific: “an estimated 2.4 million euros” (A: “millions of euros”)" in explanations
    assert "A more specific: “71-year-old” (B: “elderly”)" in explanations
    assert any(d.kind == "sourcing" and "told Radio Saltmere" in d.explanation for d in found)   # D9, a relay
    assert not [d for d in found if d.kind == "speaker"]
    assert "A: At around 3 a.m.; B, C give no time" in explanations                                  # D12
    only_b = " | ".join(e for e in explanations if e.startswith("Only in B"))
    assert "Josiah Penhallow" in only_b and "about 25 minutes" in only_b                               # D13


def test_demo_wire_against_coastline(demo) -> None:
    found = between(demo_differences(demo, 0), 0, 2)
    high = [(d.kind, tuple(s.text for s in d.sides)) for d in found if d.severity == "high"]
    assert high == [("speaker", ("Annika Threlfall", "Tobias Renwick"))]
    assert "A more specific: “71-year-old” (C: “in his seventies”)" in [d.explanation for d in found]
    flagged = " ".join(s.text or "" for d in factual(found) for s in d.sides if s.article == 2)
    for consistent in ("Fourteen streets", "About 240 people", "Northgate High School", "according to the council",
                       "early on Tuesday", "Fenella Marchbank"):
        assert consistent not in flagged
    only_c = " | ".join(d.explanation for d in found if d.explanation.startswith("Only in C"))
    assert "500 euros" in only_c and "Saltmere Rowing Club" in only_c                                   # E8


def test_demo_ledger_against_coastline(demo) -> None:
    found = between(demo_differences(demo, 1), 1, 2)
    high = {(d.kind, tuple(s.text for s in d.sides)) for d in found if d.severity == "high"}
    assert high == {
        ("weekday", ("Monday", "early on Tuesday")),
        ("number", ("Some 420 residents", "About 240 people")),
        ("place", ("Northgate Community Centre", "Northgate High School")),
        ("name", ("Fenella Marchbanks", "Fenella Marchbank")),
        ("speaker", ("Annika Threlfall", "Tobias Renwick")),
    }
    assert any(d.explanation == "Sourcing differs: B “Radio Saltmere reported” · C “according to the council”"
               for d in found)


def test_demo_story_against_an_unrelated_flood_has_no_conflicts(demo) -> None:
    """The Ambersley flood shares the vocabulary but no fact: with nothing aligned, nothing conflicts."""
    from core.readers import read_file
    other = read_file(DEMO / "valley_times_ambersley_flood.txt").articles[0]
    vs = [demo[0], Version.of(other.body, other.published)]
    rows = rows_by_index(vs, [(i, None) for i in range(len(vs[0].analysis.sentences))] +
                         [(None, i) for i in range(len(vs[1].analysis.sentences))])
    found = factual_differences(vs, rows, [])
    assert_sides_exact(vs, found)
    assert found and all(d.kind == "omission" for d in found)
