"""Numbers, money and percentages with their units (core.quantities), and how two of them relate."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from core.model import Fact, Span
from core.quantities import find_quantities, quantity_relation
from core.readers import read_file

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT.parent / "shared" / "seeds"
DEMO = PROJECT / "resources" / "demo" / "articles"


def facts(text: str) -> list[tuple[str, str, str, str, str]]:
    found = find_quantities(text)
    for fact in found:
        assert text[fact.span.start:fact.span.end] == fact.text
    return [(f.text, f.kind, f.value, f.unit, f.detail) for f in found]


def one(text: str) -> Fact:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# (sentence, [(text, kind, value, unit, detail), ...]) — fictional news sentences.
FOUND = [
    ("The ministry will send 14 Challenger 2 tanks to the front.",
     [("14 Challenger 2 tanks", "number", "14", "tank", "")]),
    ("Crews pulled 14 new Challenger 2 tanks out of storage.",
     [("14 new Challenger 2 tanks", "number", "14", "tank", "")]),
    ("The alliance has kept the peace for nearly 80 years.",
     [("nearly 80 years", "number", "80", "year", "nearly")]),
    ("Fourteen streets in the harbour district were flooded.",
     [("Fourteen streets", "number", "14", "street", "")]),
    ("The pact now links 11 nations across the Pacific.", [("11 nations", "number", "11", "nation", "")]),
    ("About 240 people spent the night in the sports hall.",
     [("About 240 people", "number", "240", "person", "about")]),
    ("Some 420 residents of the valley were moved overnight.",
     [("Some 420 residents", "number", "420", "resident", "about")]),
    ("The tunnel carries 18,000 vehicles a day.", [("18,000 vehicles", "number", "18000", "vehicle", "")]),
    ("The lake rose by 4.7 metres in a week.", [("4.7 metres", "number", "4.7", "metre", "")]),
    ("The lake rose by 4.7 meters in a week.", [("4.7 meters", "number", "4.7", "metre", "")]),
    ("Officials put the bill at 2.4 million euros.", [("2.4 million euros", "money", "2400000", "EUR", "")]),
    ("The airline lost $5bn last year.", [("$5bn", "money", "5000000000", "USD", "")]),
    ("A painting sold for £300,000 at the auction.", [("£300,000", "money", "300000", "GBP", "")]),
    ("The city received €1.2 million from the fund.", [("€1.2 million", "money", "1200000", "EUR", "")]),
    ("The club paid 5 million dollars for the striker.",
     [("5 million dollars", "money", "5000000", "USD", "")]),
    ("The province borrowed C$3bn and US$40m.",
     [("C$3bn", "money", "3000000000", "CAD", ""), ("US$40m", "money", "40000000", "USD", "")]),
    ("Turnout fell to 12% in the east.", [("12%", "percent", "12", "%", "")]),
    ("Turnout fell to 12 per cent in the east.", [("12 per cent", "percent", "12", "%", "")]),
    ("Turnout fell to twelve percent in the east.", [("twelve percent", "percent", "12", "%", "")]),
    ("Support slipped by 3 percentage points.", [("3 percentage points", "percent", "3", "pp", "")]),
    ("Between 10 and 12 people were hurt.", [("Between 10 and 12 people", "number", "10..12", "person", "range")]),
    ("Police said 10 to 12 people were hurt.", [("10 to 12 people", "number", "10..12", "person", "range")]),
    ("Police said 10-12 people were hurt.", [("10-12 people", "number", "10..12", "person", "range")]),
    ("The minister is on a two-day trip to the north.", [("two-day", "number", "2", "day", "compound")]),
    ("A 71-year-old man was rescued from his roof.", [("71-year-old", "number", "71", "age", "")]),
    ("A man in his seventies was rescued from his roof.",
     [("in his seventies", "number", "70..79", "age", "vague")]),
    ("Dara Quill, 34, said she heard the blast.", [("34", "number", "34", "age", "")]),
    ("Ferries stayed in port for a second day.", [("second day", "number", "2", "day", "ordinal")]),
    ("The rowing club lent five of its safety launches.",
     [("five of its safety launches", "number", "5", "launch", "")]),
    ("Repairs could cost millions of euros.", [("millions of euros", "money", "1000000..999999999", "EUR", "vague")]),
    ("The state has spent billions on the dam.", [("billions", "number", "1000000000..999999999999", "", "vague")]),
    ("Tens of thousands of people marched in the capital.",
     [("Tens of thousands of people", "number", "10000..99999", "person", "vague")]),
    ("Several hundred homes lost power.", [("Several hundred homes", "number", "200..999", "home", "vague")]),
    ("Half a million people live in the delta.", [("Half a million people", "number", "500000", "person", "")]),
    ("Two-thirds of the voters stayed at home.",
     [("Two-thirds of the voters", "number", "0.6667", "voter", "fraction")]),
    ("The bakery sold a dozen loaves before dawn.", [("a dozen loaves", "number", "12", "loaf", "")]),
    ("Two hundred and forty-five thousand people signed it.",
     [("Two hundred and forty-five thousand people", "number", "245000", "person", "")]),
    ("Each family will receive 500 euros.", [("500 euros", "money", "500", "EUR", "")]),
    ("The council had taken more than 1,100 calls.",
     [("more than 1,100 calls", "number", "1100", "call", "more than")]),
    ("The 30km route was closed.", [("30km", "number", "30", "kilometre", "")]),
    ("A 1,000-strong crowd gathered.", [("1,000-strong crowd", "number", "1000", "crowd", "")]),
    ("Prices rose from 10 to 12 percent.",
     [("10", "percent", "10", "%", ""), ("12 percent", "percent", "12", "%", "")]),
    ("About 2000 people voted early, against 1500 voters last time.",
     [("About 2000 people", "number", "2000", "person", "about"), ("1500 voters", "number", "1500", "voter", "")]),
    ("Only 20 staff remained at the plant.", [("20 staff", "number", "20", "staff", "")]),
    ("A ticket costs 50p more.", [("50p", "money", "0.5", "GBP", "")]),
]


@pytest.mark.parametrize("sentence, expected", FOUND)
def test_quantities_are_found_with_their_unit(sentence: str, expected: list) -> None:
    assert facts(sentence) == expected


# Sentences holding digits or number words that are not quantities.
NOTHING = [
    "The bridge opened in 1841 and was widened in 1968.",  # years belong to timex
    "The river peaked shortly after 2 a.m. on Tuesday.",  # a time
    "Water reached the gauge at 2am and at 14:00.",
    "The order was signed on March 5 and reviewed on 5 March.",  # dates
    "The file is dated 2023-01-17 and the form 17/01/2023.",
    "Call the helpline on 020 7946 0000 for advice.",  # a phone number
    "The new Boeing 737 jets and Apollo 11 were on show.",  # model numbers after a capital
    "The storm reached Category 5 before landfall.",
    "The prime minister spoke outside No. 10 and later left No 10 by car.",
    "1. Check the gauge\n2. Close the gate",  # list numbering
    "One of the divers surfaced first; no one was hurt.",  # pronoun-like one
    "The two will then hold a joint news conference.",
    "The UK has decided to send for weapons to the region.",  # "for" is not "four"
    "The home side won 3-1 after a 2-2 draw last week.",  # scores
    "Covid-19 cases fell while the F-16 and MH17 reports came out.",
    "The 1990s were quieter than the 2019 flood season.",
    "A one-off payment was promised.",
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_these_are_not_quantities(sentence: str) -> None:
    assert facts(sentence) == []


def q(text: str) -> Fact:
    return one(text)


# (a, b, relation of a to b)
RELATIONS = [
    ("for nearly 80 years", "for nearly 80 years", "equal"),
    ("for nearly 80 years", "for 80 years", "compatible"),
    ("for about 80 years", "for nearly 80 years", "compatible"),
    ("About 240 residents left", "Some 420 residents left", "conflict"),
    ("240 residents left", "420 residents left", "conflict"),
    ("Water covered 14 streets", "Fourteen streets were under water", "equal"),
    ("It rose 4.7 meters", "It rose 4.7 metres", "equal"),
    ("It has spent billions", "It has spent billions of dollars", "less_specific"),
    ("It has spent billions of dollars", "It has spent billions", "more_specific"),
    ("Repairs may cost millions of euros", "an estimated 2.4 million euros", "less_specific"),
    ("an estimated 2.4 million euros", "Repairs may cost millions of euros", "more_specific"),
    ("hundreds of residents left", "240 residents left", "less_specific"),
    ("10 to 12 people were hurt", "11 people were hurt", "less_specific"),
    ("more than 1,100 calls", "1,100 calls", "compatible"),
    ("more than 1,100 calls", "900 calls", "conflict"),
    ("a 71-year-old man", "a man in his seventies", "more_specific"),
    ("14 tanks", "14 streets", "conflict"),
    ("About 240 residents", "About 240 people", "more_specific"),
    ("240 residents", "240 evacuees", "compatible"),
    ("240 residents", "420 evacuees", "conflict"),
    ("12%", "12 per cent", "equal"),
    ("12%", "14%", "conflict"),
    ("2.4 million euros", "2.4 million dollars", "conflict"),
    ("for a second day", "for two days", "conflict"),  # an ordinal is not a count
]


@pytest.mark.parametrize("a, b, relation", RELATIONS)
def test_quantity_relation(a: str, b: str, relation: str) -> None:
    assert quantity_relation(q(a), q(b)) == relation


def test_relation_is_mirrored() -> None:
    mirror = {"more_specific": "less_specific", "less_specific": "more_specific"}
    for a, b, relation in RELATIONS:
        assert quantity_relation(q(b), q(a)) == mirror.get(relation, relation), (a, b)


# --- the founding example and the demo corpus ----------------------------------------------------

def seed(name: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared is absent: the seed articles live in {SEEDS}")
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.shared
def test_seed_numbers() -> None:
    a, b = seed("000_87e16579f229c99f.txt"), seed("001_c590c3f217d2194b.txt")
    in_a = {(f.value, f.unit): f for f in find_quantities(a)}
    in_b = {(f.value, f.unit): f for f in find_quantities(b)}
    assert ("14", "tank") in in_b and ("2", "tank") not in in_b and ("2", "") not in in_b
    assert ("14", "tank") not in in_a
    assert ("11", "nation") in in_b
    assert ("2", "day") in in_b and in_b[("2", "day")].detail == "compound"
    assert quantity_relation(in_a[("80", "year")], in_b[("80", "year")]) == "equal"
    billions_a = next(f for f in find_quantities(a) if "vague" in f.detail)
    billions_b = next(f for f in find_quantities(b) if "vague" in f.detail)
    assert (billions_a.text, billions_b.text) == ("billions", "billions of dollars")
    assert quantity_relation(billions_a, billions_b) == "less_specific"
    assert "4" not in {f.value for f in find_quantities(b)}  # "send for weapons"
    assert not any(f.value in ("2023", "17", "1") for f in find_quantities(a))  # header date, "Jan. 17"


def demo(name: str) -> str:
    return read_file(DEMO / name).articles[0].body


def by_unit(body: str, unit: str) -> list[Fact]:
    return [f for f in find_quantities(body) if f.unit == unit]


def test_demo_corpus_numbers() -> None:
    wire = demo("harbour_wire_saltmere_flood.txt")
    ledger = demo("the_northern_ledger_saltmere_flood.html")
    coast = demo("coastline_daily_saltmere_flood.md")
    assert quantity_relation(by_unit(wire, "resident")[0], by_unit(ledger, "resident")[0]) == "conflict"
    assert quantity_relation(by_unit(wire, "resident")[0], by_unit(coast, "person")[0]) == "more_specific"
    assert quantity_relation(by_unit(wire, "street")[0], by_unit(coast, "street")[0]) == "equal"
    assert quantity_relation(by_unit(wire, "EUR")[0], by_unit(ledger, "EUR")[0]) == "less_specific"
    assert quantity_relation(by_unit(wire, "metre")[0], by_unit(ledger, "metre")[0]) == "equal"
    assert quantity_relation(by_unit(wire, "call")[0], by_unit(ledger, "call")[0]) == "equal"
    assert quantity_relation(by_unit(wire, "age")[0], by_unit(coast, "age")[0]) == "more_specific"
    assert [f.value for f in by_unit(ledger, "vehicle")] == ["18000"]
    assert [f.value for f in by_unit(ledger, "minute")] == ["25"]
    assert "1841" not in {f.value for f in find_quantities(ledger)}


# --- bad input ------------------------------------------------------------------------------------

BAD = [
    "7" * 200_000,
    "1 " * 100_000,
    "1,2,3.4.5/6:7-8 -- %%% $$$ €€ ... 000 ,,, " * 200,
    "!!! ??? ... --- *** ### 12 ### 34.56.78",
    "قال المسؤول إن ٢٤٠ شخصاً أُجلوا و 14 شارعاً غمرتها المياه",
    "\x00\x01 240 residents\x0b\x0c\u200f 14\u202e streets \x7f",
    '"Fourteen streets, he said, "were flooded',
    "one " * 50_000,
    "twenty-" * 10_000,
    "$" + "9" * 5000 + "bn",
    "",
    "\n\n\n",
]


@pytest.mark.parametrize("body", BAD, ids=range(len(BAD)))
def test_bad_input_never_raises(body: str) -> None:
    for fact in find_quantities(body):
        assert body[fact.span.start:fact.span.end] == fact.text


def test_relation_of_odd_facts_never_raises() -> None:
    odd = Fact("number", "x", Span(0, 1), "12", "", "vague;about")
    assert quantity_relation(odd, odd) == "equal"
    assert quantity_relation(odd, Fact("percent", "y", Span(0, 1), "12", "%")) == "less_specific"
    broken = Fact("number", "x", Span(0, 1), "not a number")
    assert quantity_relation(broken, odd) == "compatible"
    assert quantity_relation(broken, broken) == "equal"


# Tokens that meet each other in odd orders: every reading must stay inside the body and in order.
FUZZ_TOKENS = (
    "14 1,100 4.7 2023 2023-01-17 17/01/2023 $ £ € 5bn m 2am a.m. 12% per cent percent March Jan. Tuesday the a few "
    "several hundreds of dollars euros people tanks Challenger 2 - – to and between from nearly about more than "
    "years year-old in his seventies second day two-day one twenty-one thousand million half third No. 10 , . "
    "( ) \" “ ’ ' 020 7946 ٣ \u200f İ aged Smith, 45, USD C$ 50p 30km 99999999999999999999 0 9.35"
).split()


@pytest.mark.parametrize("seed", range(5))
def test_random_token_soup_keeps_spans_in_order(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        body = " ".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 20)))
        found = find_quantities(body)
        end = 0
        for fact in found:
            assert body[fact.span.start:fact.span.end] == fact.text
            assert end <= fact.span.start < fact.span.end
            end = fact.span.end
        for a in found[:3]:
            for b in found[:3]:
                quantity_relation(a, b)


