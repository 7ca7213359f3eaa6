"""ascii_tokens + token_key (story features' fast path) give word_keys' words, "&" aside."""
from __future__ import annotations

import pytest

from core.similarity import TEXT_END, ascii_tokens, token_key, word_keys

TEXTS = [
    "The U.S. Army's 3rd Division said on Monday it would 're-deploy' 4,000 troops.",
    "AT&T and O'Brien & Co. -- colour/color... `quoted' e.g. i.e. ...",
    "“Curly” quotes – dashes — and ‘single’ ones… non\u00a0breaking",
    "",
    "   ...   ''' ``` ",
    "Plain words only",
]


def _keys(texts: list[str]) -> list[str]:
    tokens = ascii_tokens(texts)
    assert tokens is not None
    assert tokens[-1] == TEXT_END
    return [key for key in map(token_key, tokens[:-1]) if key]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_are_word_keys_but_for_ampersands(text: str) -> None:
    assert [k for k in _keys([text]) if k != "and"] == [w for w in word_keys(text) if w != "and"]


def test_texts_end_with_a_marker_and_join_no_words() -> None:
    tokens = ascii_tokens(["one two", "three", ""])
    assert tokens is not None and tokens.count(TEXT_END) == 3 and tokens[-1] == TEXT_END
    assert [t for t in tokens if t != TEXT_END] == [b"one", b"two", b"three"]
    assert ascii_tokens([]) == []


def test_other_letters_or_a_nul_leave_the_fast_path() -> None:
    assert ascii_tokens(["Zoë Brennan"]) is None
    assert ascii_tokens(["a\0b"]) is None
    assert ascii_tokens(["fine", "Zoë"]) is None
