"""Any string typed (or pasted) into the search box: results, or a message for the editor.

library.articles.search(q) must return a list or raise LibraryError with a readable message,
never a sqlite3 error, a UnicodeEncodeError or FTS5's own parser wording, and must stay fast on
10 KB of input. Checked with explicit nasty cases and with hypothesis.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BRIDGE, FERRY, write_article
from core.library import Library, LibraryError
from core.records import SearchHit

# Words from SQLite's and FTS5's own errors: seeing one means the query reached the engine raw.
ENGINE_WORDS = ("fts5", "syntax error", "unterminated", "malformed", "no such column", "parser stack",
                "unrecognized", "sqlite", "codec", "surrogate")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("articles")
    write_article(folder, "ferry.txt", FERRY, title="The night ferry runs aground", source="Coastline Daily")
    write_article(folder, "bridge.txt", BRIDGE, title="Tanner Street bridge shut", source="Harbour Wire")
    write_article(folder, "odd.txt", "Officials in the U.S. and D.C. said NEAR-term costs were 100% covered; "
                  "title: none, body: none. 🙂 Emoji stay.", title='The "NEAR" (title:x) story')
    with Library.open(Path(folder) / "library.db") as lib:
        list(lib.imports.start([folder]))
        yield lib


def outcome(library: Library, query: str) -> list[SearchHit] | str:
    """The hits, or the message of the LibraryError; anything else fails the test."""
    try:
        hits = library.articles.search(query)
    except LibraryError as exc:
        message = str(exc)
        lowered = message.lower()
        assert message.strip(), f"an empty message for {query!r}"
        assert not any(word in lowered for word in ENGINE_WORDS), f"{query!r} gave an engine message: {message}"
        return message
    except (sqlite3.Error, UnicodeError) as exc:           # pragma: no cover - the failure being tested
        pytest.fail(f"{query!r} raised {type(exc).__name__}: {exc}")
    assert isinstance(hits, list) and all(isinstance(h, SearchHit) for h in hits)
    return hits


NASTY = [
    '"unbalanced', 'ferry "', 'a"b"c"', '"', '""', '" "', "AND", "OR", "NOT", "ferry OR", "OR ferry", "NOT ferry",
    "ferry AND", "ferry NOT", "NEAR(", "NEAR(ferry lifeboat)", "NEAR(ferry lifeboat, 5)", "ferry NEAR lifeboat",
    "title:ferry", "body:ferry", "{title body}:ferry", "-title:ferry", "*", "**", "*ferry", "ferry*", "^", "^ferry",
    "ferry^", "(", ")", "()", "(ferry", "ferry)", "((ferry OR bridge) AND", "+ferry", "-", "--", "-*", "- ferry",
    "ferry -", "a:b:c", "ferry\x00lifeboat", "\x00", "\x00\x00\x00", "🙂", "🙂*", "emoji 🙂", "\ud800", "ferry\udfff",
    "\u200b", "\t\n", "NEAR", "'ferry'", "ferry'", "%", "_", "\\", "ferry; DROP TABLE articles; --",
    "') OR 1=1 --", "U.S.", "D.C.", "100%", "NEAR-term", "ferry OR OR bridge", "NOT NOT ferry", "ferry NOT NOT bridge",
]


@pytest.mark.parametrize("query", NASTY)
def test_a_nasty_query_gives_hits_or_a_clear_message(library: Library, query: str) -> None:
    outcome(library, query)


def test_the_articles_survive_an_injection_attempt(library: Library) -> None:
    outcome(library, "ferry; DROP TABLE articles; --")
    outcome(library, '"); DELETE FROM articles; --"')
    assert library.articles.count() == 3


def test_operators_and_punctuation_still_find_what_they_should(library: Library) -> None:
    def titles(query: str) -> set[str]:
        found = outcome(library, query)
        assert isinstance(found, list), found
        return {h.article.title for h in found}

    assert titles("ferry OR bridge") == {"The night ferry runs aground", "Tanner Street bridge shut"}
    assert titles("NEAR-term") == {'The "NEAR" (title:x) story'}
    assert titles("U.S. D.C.") == {'The "NEAR" (title:x) story'}
    assert titles("ferry\x00lifeboat") == {"The night ferry runs aground"}   # NUL read as a space
    assert titles("lifeboat*") == {"The night ferry runs aground"}
    assert titles("🙂 emoji") == {'The "NEAR" (title:x) story'}


def test_clear_messages_say_what_to_fix(library: Library) -> None:
    assert "closing" in outcome(library, '"harbour master')
    assert "empty" in outcome(library, "   ")
    assert "empty" in outcome(library, "\x00\ud800")
    assert "both sides" in outcome(library, "ferry OR")
    assert "at least one word" in outcome(library, "NOT ferry")


TEN_KB = [
    "ferry " * 1707,                                          # many words
    "ferry OR " * 1137 + "bridge",                            # one long OR group
    "lifeboat " + "NOT x " * 1706,                            # a long NOT list
    '"harbour master" ' * 602,                                # many phrases
    "(" * 10240,                                              # brackets FTS5 would nest
    "x" * 10240,                                              # one enormous word
    "NEAR(" * 2048,
    '"' * 10241,                                              # unbalanced, 10 KB of quotes
    "🙂" * 2560,
    FERRY * 20,                                               # a pasted article (to find where it came from)
]


@pytest.mark.parametrize("query", TEN_KB, ids=lambda q: f"{q[:12]!r}x{len(q)}")
def test_ten_kilobytes_of_input_is_answered_fast(library: Library, query: str) -> None:
    started = time.perf_counter()
    result = outcome(library, query)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.5, f"{elapsed:.2f} s for {len(query)} characters"
    if query.startswith("ferry OR "):
        assert isinstance(result, list) and len(result) == 2


def test_a_pasted_book_gets_a_message_not_a_stall(library: Library) -> None:
    started = time.perf_counter()
    message = outcome(library, "word " * 20_000)
    assert isinstance(message, str) and "at most" in message
    assert time.perf_counter() - started < 1.5


PIECES = st.sampled_from(['"', "AND", "OR", "NOT", "NEAR(", "NEAR", "(", ")", "*", "^", "-", "+", ":", "title:",
                          "body:", "{title}", ",", "'", "\x00", "\ud800", "🙂", "ferry", "bridge", "lifeboat*",
                          "U.S.", "harbour master", " ", "\t", "\\", "%", "0", "NEAR(ferry, 2)"])
QUERIES = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=40),
    st.lists(PIECES, max_size=25).map(" ".join),
    st.lists(PIECES, max_size=25).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES)
def test_any_query_gives_hits_or_a_clear_message(library: Library, query: str) -> None:
    outcome(library, query)
