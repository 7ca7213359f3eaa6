"""Dates, times, weekdays and relative time words (core.timex), resolved against the article date."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from core.model import Fact, Span
from core.readers import read_file
from core.timex import find_times, time_relation

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT.parent / "shared" / "seeds"
DEMO = PROJECT / "resources" / "demo" / "articles"

TUESDAY = "2023-01-17"  # the seed articles' date, a Tuesday
WEDNESDAY = "2024-03-06"  # the demo corpus' date


def times(text: str, published: str = WEDNESDAY) -> list[tuple[str, str, str, str]]:
    found = find_times(text, published)
    for fact in found:
        assert text[fact.span.start:fact.span.end] == fact.text
    return [(f.text, f.kind, f.value, f.detail) for f in found]


# (sentence, published, [(text, kind, value, detail), ...]) — fictional news sentences.
FOUND = [
    ("The treaty was signed on January 17, 2023.", WEDNESDAY, [("January 17, 2023", "date", "2023-01-17", "")]),
    ("The treaty was signed on 17 January 2023.", WEDNESDAY, [("17 January 2023", "date", "2023-01-17", "")]),
    ("Jan. 17 (Wire) -- Talks resumed.", TUESDAY, [("Jan. 17", "date", "2023-01-17", "")]),
    ("The vote is set for Jan 17.", TUESDAY, [("Jan 17", "date", "2023-01-17", "")]),
    ("The dam was closed on March 5.", WEDNESDAY, [("March 5", "date", "2024-03-05", "")]),
    ("The dam was closed on 5 March.", WEDNESDAY, [("5 March", "date", "2024-03-05", "")]),
    ("The dam was closed on the 5th of March.", WEDNESDAY, [("5th of March", "date", "2024-03-05", "")]),
    ("The report, dated Dec. 30, was leaked.", "2024-01-03", [("Dec. 30", "date", "2023-12-30", "")]),
    ("The file is stamped 2023-01-17.", WEDNESDAY, [("2023-01-17", "date", "2023-01-17", "")]),
    ("The form is stamped 17/01/2023.", "", [("17/01/2023", "date", "2023-01-17", "")]),
    ("The form is stamped 04/05/2023.", "", []),  # day and month both possible, no date to decide
    ("The form is stamped 04/05/2023.", "2023-05-01", [("04/05/2023", "date", "2023-05-04", "")]),
    ("The dam was closed on March 5.", "", [("March 5", "date", "--03-05", "")]),
    ("Work starts in March 2024.", WEDNESDAY, [("March 2024", "date", "2024-03", "")]),
    ("Work starts in May.", WEDNESDAY, [("May", "date", "2024-05", "")]),
    ("Theresa May said the plan would work.", WEDNESDAY, []),
    ("Repairs are due by mid-March.", WEDNESDAY, [("mid-March", "date", "2024-03", "mid")]),
    ("The wall was promised in 2019.", WEDNESDAY, [("2019", "date", "2019", "")]),
    ("The bridge has stood since 1841.", WEDNESDAY, [("1841", "date", "1841", "")]),
    ("The river peaked at 2 a.m.", WEDNESDAY, [("2 a.m.", "time", "02:00", "")]),
    ("The river peaked at 2am.", WEDNESDAY, [("2am", "time", "02:00", "")]),
    ("The count ended at 5:30 p.m. on the dot.", WEDNESDAY, [("5:30 p.m.", "time", "17:30", "")]),
    ("Polls closed at 14:00 GMT.", WEDNESDAY, [("14:00 GMT", "time", "14:00", "GMT")]),
    ("The bells rang at noon and again at midnight.", WEDNESDAY,
     [("noon", "time", "12:00", ""), ("midnight", "time", "00:00", "")]),
    ("Water reached the door shortly after 2 a.m.", WEDNESDAY,
     [("shortly after 2 a.m.", "time", "02:00", "shortly after")]),
    ("On Monday, the minister announced new funds.", TUESDAY, [("Monday", "weekday", "monday", "2023-01-16")]),
    ("The minister will meet officials on Tuesday.", TUESDAY, [("Tuesday", "weekday", "tuesday", "2023-01-17")]),
    ("The minister will fly to Ottawa on Wednesday.", TUESDAY, [("Wednesday", "weekday", "wednesday", "2023-01-18")]),
    ("The mayor resigned on Wednesday.", TUESDAY, [("Wednesday", "weekday", "wednesday", "2023-01-11")]),
    ("Schools will stay closed until Monday.", WEDNESDAY, [("Monday", "weekday", "monday", "2024-03-11")]),
    ("Divers were due to survey the damaged pier on Thursday.", WEDNESDAY,
     [("Thursday", "weekday", "thursday", "2024-03-07")]),
    ("Forecasters expect more rain by Friday.", WEDNESDAY, [("Friday", "weekday", "friday", "2024-03-08")]),
    ("The talks resume next Tuesday.", WEDNESDAY, [("next Tuesday", "weekday", "tuesday", "2024-03-12")]),
    ("He resigned last Wednesday.", WEDNESDAY, [("last Wednesday", "weekday", "wednesday", "2024-02-28")]),
    ("The ferry sank on Monday night.", WEDNESDAY, [("Monday night", "weekday", "monday night", "2024-03-04")]),
    ("A man was rescued early on Tuesday.", WEDNESDAY,
     [("early on Tuesday", "weekday", "tuesday early", "2024-03-05")]),
    ("The market opens every Saturday.", WEDNESDAY, []),
    ("The Saturday market was moved.", WEDNESDAY, []),
    ("The minister was sacked on Tuesday.", "", [("Tuesday", "weekday", "tuesday", "")]),
    ("Earlier this week, the minister announced new funds.", TUESDAY,
     [("Earlier this week", "relative_date", "earlier_this_week", "2023-01-16..2023-01-17")]),
    ("The minister announced new funds last week.", TUESDAY,
     [("last week", "relative_date", "last_week", "2023-01-09..2023-01-15")]),
    ("The talks will close this week.", TUESDAY,
     [("this week", "relative_date", "this_week", "2023-01-16..2023-01-22")]),
    ("The plant closed yesterday and reopens tomorrow.", TUESDAY,
     [("yesterday", "relative_date", "yesterday", "2023-01-16..2023-01-16"),
      ("tomorrow", "relative_date", "tomorrow", "2023-01-18..2023-01-18")]),
    ("Hundreds were evacuated overnight.", TUESDAY,
     [("overnight", "relative_date", "overnight", "2023-01-16..2023-01-17")]),
    ("Support will arrive in the coming weeks.", TUESDAY,
     [("in the coming weeks", "relative_date", "coming_weeks", "2023-01-17..2023-03-18")]),
    ("Prices rose last month.", TUESDAY, [("last month", "relative_date", "last_month", "2022-12-01..2022-12-31")]),
    ("The plant closed three days ago.", TUESDAY,
     [("three days ago", "relative_date", "3_days_ago", "2023-01-14..2023-01-14")]),
    ("This morning the gates opened.", "", [("This morning", "relative_date", "this_morning", "")]),
    ("Rain could return over the weekend.", WEDNESDAY,
     [("over the weekend", "relative_date", "weekend", "2024-03-09..2024-03-10")]),
    ("Crowds gathered over the weekend.", WEDNESDAY,
     [("over the weekend", "relative_date", "weekend", "2024-03-02..2024-03-03")]),
]


@pytest.mark.parametrize("sentence, published, expected", FOUND)
def test_time_expressions_are_found_and_resolved(sentence: str, published: str, expected: list) -> None:
    assert times(sentence, published) == expected


def t(text: str, published: str = WEDNESDAY) -> Fact:
    found = find_times(text, published)
    assert len(found) == 1, found
    return found[0]


# (a, b, relation of a to b)
RELATIONS = [
    (t("On Monday, he announced it.", TUESDAY), t("Earlier this week, he announced it.", TUESDAY), "more_specific"),
    (t("The dam shut on March 5."), t("The dam shut on Tuesday."), "compatible"),
    (t("The dam shut on March 5."), t("The dam shut on Monday."), "conflict"),
    (t("The dam shut on Tuesday."), t("The dam shut on Monday."), "conflict"),
    (t("The dam shut on March 5."), t("The dam shut on March 6."), "conflict"),
    (t("The dam shut on March 5."), t("The dam shut on 5 March."), "equal"),
    (t("The dam shut on March 5.", ""), t("The dam shut on 5 March 2024.", ""), "less_specific"),
    (t("The dam shut on March 5."), t("The dam shut in March."), "more_specific"),
    (t("The dam shut in March."), t("The dam shut in 2024."), "more_specific"),
    (t("The dam shut at 2 a.m."), t("The dam shut at 2am."), "equal"),
    (t("The dam shut at 2 a.m."), t("The dam shut shortly after 2am."), "compatible"),
    (t("The dam shut at 2 a.m."), t("The dam shut at 3 a.m."), "conflict"),
    (t("The dam shut at 14:00 GMT."), t("The dam shut at 15:00 CET."), "compatible"),
    (t("The dam shut on Tuesday."), t("The dam shut early on Tuesday."), "less_specific"),
    (t("The dam shut on Monday morning."), t("The dam shut on Monday night."), "conflict"),
    (t("It happened yesterday.", ""), t("It happened this week.", ""), "more_specific"),
    (t("It happened yesterday.", ""), t("It happened today.", ""), "conflict"),
    (t("It happened last week.", ""), t("It happened last week.", ""), "equal"),
    (t("It happened yesterday.", TUESDAY), t("It happened on Monday.", TUESDAY), "compatible"),
    (t("It happened on Tuesday.", ""), t("It happened earlier this week.", ""), "compatible"),
    (t("The dam shut at 2 a.m."), t("The dam shut on Tuesday."), "compatible"),
]


@pytest.mark.parametrize("a, b, relation", RELATIONS)
def test_time_relation(a: Fact, b: Fact, relation: str) -> None:
    assert time_relation(a, b) == relation


def test_relation_is_mirrored() -> None:
    mirror = {"more_specific": "less_specific", "less_specific": "more_specific"}
    for a, b, relation in RELATIONS:
        assert time_relation(b, a) == mirror.get(relation, relation), (a.text, b.text)


# --- the founding example and the demo corpus ----------------------------------------------------

def seed(name: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared is absent: the seed articles live in {SEEDS}")
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.mark.shared
def test_seed_times() -> None:
    a = find_times(seed("000_87e16579f229c99f.txt"), TUESDAY)
    b = find_times(seed("001_c590c3f217d2194b.txt"), TUESDAY)
    monday = next(f for f in a if f.value == "monday")
    this_week = next(f for f in b if f.value == "earlier_this_week")
    assert (monday.detail, this_week.detail) == ("2023-01-16", "2023-01-16..2023-01-17")
    assert time_relation(monday, this_week) == "more_specific"
    weekdays = [(f.value, f.detail) for f in a if f.kind == "weekday"]
    assert weekdays[:2] == [("tuesday", "2023-01-17"), ("wednesday", "2023-01-18")]  # "will visit ... Tuesday"
    assert ("jan. 17", "2023-01-17") in {(f.text.lower(), f.value) for f in a}
    assert "coming_weeks" in {f.value for f in a}


def demo(name: str):
    return read_file(DEMO / name).articles[0]


def test_demo_corpus_times() -> None:
    wire, ledger, coast = (demo(n) for n in ("harbour_wire_saltmere_flood.txt",
                                             "the_northern_ledger_saltmere_flood.html",
                                             "coastline_daily_saltmere_flood.md"))
    in_wire, in_ledger, in_coast = (find_times(x.body, x.published) for x in (wire, ledger, coast))
    closure_w = next(f for f in in_wire if f.kind == "weekday")
    closure_l = next(f for f in in_ledger if f.kind == "weekday")
    assert (closure_w.text, closure_l.text) == ("Tuesday", "Monday")
    assert time_relation(closure_w, closure_l) == "conflict"
    date_w = next(f for f in in_wire if f.value == "2024-03-05")
    date_l = next(f for f in in_ledger if f.value == "2024-03-05")
    assert time_relation(date_w, date_l) == "equal"
    assert time_relation(closure_w, date_w) == "compatible"
    assert time_relation(closure_l, date_l) == "conflict"  # 5 March 2024 was a Tuesday
    two_w = next(f for f in in_wire if f.kind == "time" and f.value == "02:00")
    two_l = next(f for f in in_ledger if f.kind == "time" and f.value == "02:00")
    assert (two_w.text, two_l.text) == ("shortly after 2 a.m.", "shortly after 2am")
    assert time_relation(two_w, two_l) == "equal"
    assert "1841" in {f.value for f in in_ledger}
    until_monday = next(f for f in in_coast if f.value == "monday")
    assert until_monday.detail == "2024-03-11"  # "will stay closed until Monday": a future day
    assert time_relation(until_monday, closure_l) == "conflict"


# --- bad input ------------------------------------------------------------------------------------

BAD = [
    "7" * 200_000,
    "Tuesday " * 30_000,
    "1/1/1/1/1/1 2024-13-45 31/02/2023 99:99 25:00 0 a.m. 13 p.m. February 30 Feb 31, 2023 " * 100,
    "!!! ??? ... --- *** ### 12 ### 34.56.78",
    "أعلن الوزير يوم الثلاثاء ٥ مارس ٢٠٢٤ عن خطة جديدة on Tuesday, 5 March",
    "\x00\x01 on Monday\x0b\x0c\u200f 5 March \x7f at 2\u202eam",
    '"He will meet on Tuesday, he said',
    "last " * 40_000,
    "",
]


@pytest.mark.parametrize("body", BAD, ids=range(len(BAD)))
@pytest.mark.parametrize("published", ["", WEDNESDAY, "not a date", "2024-02-30", "2024-03-06T07:30:00+00:00"])
def test_bad_input_never_raises(body: str, published: str) -> None:
    for fact in find_times(body, published):
        assert body[fact.span.start:fact.span.end] == fact.text


def test_relation_of_odd_facts_never_raises() -> None:
    broken = Fact("weekday", "x", Span(0, 1), "caturday", detail="not a date")
    other = Fact("relative_date", "y", Span(0, 1), "no_such_key", detail="")
    assert time_relation(broken, broken) in ("equal", "compatible")
    assert time_relation(broken, other) == "compatible"
    assert time_relation(other, other) == "equal"


# Tokens that meet each other in odd orders: every reading must stay inside the body and in order.
FUZZ_TOKENS = (
    "14 2023 2023-01-17 17/01/2023 2am a.m. p.m. March May Jan. Feb 29th 31 Tuesday Monday night early on the last "
    "next week weekend over yesterday ago days will said closed , . ( ) \" “ ’ GMT (GMT) 14:00 noon midnight by "
    "shortly after 1400 9.35 25:00 13 pm am mid-March mid-2019 every Saturday ٣ \u200f İ 99999999999999 three"
).split()


@pytest.mark.parametrize("seed", range(5))
def test_random_token_soup_keeps_spans_in_order(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        body = " ".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 20)))
        found = find_times(body, rng.choice(["", WEDNESDAY, "9999-12-31", "0001-01-01"]))
        end = 0
        for fact in found:
            assert body[fact.span.start:fact.span.end] == fact.text
            assert end <= fact.span.start < fact.span.end
            end = fact.span.end
        for a in found[:3]:
            for b in found[:3]:
                time_relation(a, b)


