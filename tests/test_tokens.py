"""Tokens for the word diff: words and marks apart, offsets into the body, comparison keys."""
from __future__ import annotations

import pytest

from conftest import PROJECT
from core.model import Span
from core.readers import read_file
from core.tokens import Token, inside, tokenize, word_key

DEMO = PROJECT / "resources" / "demo" / "articles"


def texts(body: str) -> list[str]:
    return [t.text for t in tokenize(body, [Span(0, len(body))])]


@pytest.mark.parametrize("body, expected", [
    ("The U.K., U.S. and Canada agreed.", ["The", "U.K.", ",", "U.S.", "and", "Canada", "agreed", "."]),
    ("Talks in Washington, D.C. ended.", ["Talks", "in", "Washington", ",", "D.C.", "ended", "."]),
    ("It cost 1,000 euros, or 2.4 million.", ["It", "cost", "1,000", "euros", ",", "or", "2.4", "million", "."]),
    ("Each other's backs", ["Each", "other's", "backs"]),
    ("the Trans-Pacific pact", ["the", "Trans-Pacific", "pact"]),
    ("after 9/11 and a 71-year-old", ["after", "9/11", "and", "a", "71-year-old"]),
    ("at St. Aldhelm's Hospital", ["at", "St.", "Aldhelm's", "Hospital"]),
    ("Jan. 17 (Harbour Wire) -- text", ["Jan.", "17", "(", "Harbour", "Wire", ")", "--", "text"]),
    ("at 2 a.m. or 2am or 3PM", ["at", "2", "a.m.", "or", "2", "am", "or", "3", "PM"]),
    ("a 5.5km walk", ["a", "5.5", "km", "walk"]),
    ("the U.S.'s role and the U.K's", ["the", "U.S.'s", "role", "and", "the", "U.K's"]),
    ("“We will win,” he said...", ["“", "We", "will", "win", ",", "”", "he", "said", "..."]),
    ("visit the U.S.", ["visit", "the", "U.S."]),                      # the stop ends the initialism
    ("the U.S.-led force", ["the", "U.S.", "-", "led", "force"]),
    ("Ends here. Next", ["Ends", "here", ".", "Next"]),                # a sentence stop is a mark
    ("No. 10 said no.", ["No.", "10", "said", "no", "."]),
    ("AT&T and café", ["AT&T", "and", "café"]),
    ("हिन्दी में समाचार", ["हिन्दी", "में", "समाचार"]),              # vowel signs stay in their word
    ("日本語の記事です。", ["日本語の記事です", "。"]),
    ("Wow!! 🙂 ok", ["Wow", "!!", "🙂", "ok"]),
])
def test_words_and_marks_come_apart(body: str, expected: list[str]) -> None:
    assert texts(body) == expected


@pytest.mark.parametrize("word, key", [
    ("U.K.", "uk"), ("UK", "uk"), ("D.C.", "dc"), ("a.m.", "am"),
    ("defense", "defence"), ("Defence", "defence"), ("armored", "armoured"), ("center", "centre"),
    ("organize", "organise"), ("meters", "metres"),
    ("Fourteen", "14"), ("fourteen", "14"), ("forty-five", "45"), ("first", "1st"), ("twelfth", "12th"),
    ("1,000", "1000"), ("2.4", "2.4"), ("9/11", "9/11"),
    ("café", "cafe"), ("Zoë", "zoe"), ("other’s", "other's"), ("clean‑up", "clean-up"),
    ("St.", "st"), ("हिन्दी", "हिन्दी"),
])
def test_word_keys(word: str, key: str) -> None:
    assert word_key(word) == key


def test_punctuation_has_no_key_and_words_do() -> None:
    tokens = tokenize('"Yes," she said.', [Span(0, 16)])
    assert [(t.text, t.is_word, t.key) for t in tokens] == [
        ('"', False, ""), ("Yes", True, "yes"), (",", False, ""), ('"', False, ""),
        ("she", True, "she"), ("said", True, "said"), (".", False, "")]


def test_tokens_keep_their_trailing_space() -> None:
    body = "Crews  worked\tthrough the\nnight ."
    tokens = tokenize(body, [Span(0, len(body))])
    assert "".join(t.text + t.space for t in tokens) == body
    assert [t.space for t in tokens] == ["  ", "\t", " ", "\n", " ", ""]


def test_offsets_index_the_body_across_several_spans() -> None:
    body = "Skip this. The ferry ran aground. Skip that. All 212 passengers were safe."
    first, second = Span(11, 33), Span(45, len(body))
    tokens = tokenize(body, [first, second])
    assert all(body[t.start:t.end] == t.text for t in tokens)
    assert tokens[0].text == "The" and tokens[-1].text == "."
    assert not any(t.text == "Skip" for t in tokens)
    assert (tokens[4].text, tokens[4].space) == (".", "")   # a span's whitespace ends with the span


@pytest.mark.parametrize("spans", [
    [Span(-5, 8)], [Span(5, 500)], [Span(9, 3)], [Span(400, 500)], [],
])
def test_odd_spans_are_clipped_never_an_error(spans: list[Span]) -> None:
    body = "Short body of text."
    tokens = tokenize(body, spans)
    assert all(body[t.start:t.end] == t.text and 0 <= t.start < t.end <= len(body) for t in tokens)


def every_char_once(body: str) -> None:
    """Every non-space character of the body lies in exactly one token (collatex#94: none lost)."""
    covered = [0] * len(body)
    for token in tokenize(body, [Span(0, len(body))]):
        assert body[token.start:token.end] == token.text
        for i in range(token.start, token.end):
            covered[i] += 1
    assert all(count == (0 if ch.isspace() else 1) for ch, count in zip(body, covered))


@pytest.mark.parametrize("name", sorted(p.name for p in DEMO.iterdir()))
def test_every_character_of_the_demo_articles_is_in_exactly_one_token(name: str) -> None:
    every_char_once(read_file(DEMO / name).articles[0].body)


@pytest.mark.parametrize("body", [
    "", "   \n\t ", "....", "U.S..", "a'b'c-d-e/f", "’’’", "x\u0301\u0301y", "\u0301 orphan mark",
    "Mixed हिन्दी, 日本語 and English.", "tab\there\u00a0nbsp", "1,00 and 1,0000 and ,5",
])
def test_odd_text_keeps_every_character(body: str) -> None:
    every_char_once(body)


def test_tokens_are_plain_frozen_data() -> None:
    token = tokenize("Ferry", [Span(0, 5)])[0]
    assert token == Token("Ferry", 0, 5, "ferry", True, "")
    with pytest.raises(AttributeError):
        token.text = "other"   # type: ignore[misc]


@pytest.mark.parametrize("protected, expected", [
    ([], [False] * 5),
    ([Span(4, 7)], [False, True, False, False, False]),              # "240"
    ([Span(5, 6)], [False, True, False, False, False]),              # overlap, not containment
    ([Span(8, 17), Span(0, 3)], [True, False, True, False, False]),
    ([Span(0, 40)], [True] * 5),
    ([Span(7, 8)], [False] * 5),                                     # only the space between tokens
])
def test_inside_marks_tokens_that_overlap_protected_spans(protected: list[Span], expected: list[bool]) -> None:
    body = "Say 240 residents left ."
    assert inside(tokenize(body, [Span(0, len(body))]), protected) == expected
