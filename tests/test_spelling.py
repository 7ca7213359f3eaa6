"""The one-sided spell check: typos flagged with a suggestion, modern words and names left alone."""
from __future__ import annotations

import pytest

from core.model import Span
from core.spelling import find_misspellings


def flagged(text: str) -> list[tuple[str, str]]:
    return [(m.word, m.suggestion) for m in find_misspellings(text, [Span(0, len(text))])]


@pytest.mark.parametrize("text, expected", [
    ("The minister hopes to pursuade the council.", [("pursuade", "persuade")]),
    ("Families will recieve a payment next week.", [("recieve", "receive")]),
    ("The team finished the climb succesfully.", [("succesfully", "successfully")]),
    ("Officials said the goverment would act.", [("goverment", "government")]),
    ("Defence and defense, organise and organize, centre and center are both right.", []),
    ("Attendees used the datetime field in the playbook for the livestreamed matchup.", []),
    ("Councillor Pursuade and the Recieve Group met in Wexmouth.", []),  # capitalised: names
    ("The seperate tent was wet.", [("seperate", "separate")]),
    ("Nothing here is wrong at all.", []),
])
def test_misspellings(text: str, expected: list[tuple[str, str]]) -> None:
    assert flagged(text) == expected


def test_only_inside_the_given_spans() -> None:
    text = "Advertisement pursuade. The board will recieve it."
    assert [m.word for m in find_misspellings(text, [Span(24, len(text))])] == ["recieve"]
    assert find_misspellings(text, []) == []


@pytest.mark.parametrize("text", ["", "x" * 200_000, "١٢٣ قال الوزير", "\x00\x07\x1b"])
def test_odd_text(text: str) -> None:
    assert isinstance(find_misspellings(text, [Span(0, len(text))]), list)
