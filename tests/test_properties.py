"""Property tests (issue 9): on any bytes the readers raise only ReadError; on any text the
sentence splitter, quote and fact extraction, the analysis and the comparison never raise,
and every span they return lies inside the text.

The default run tries about 60 examples per property, the same ones every run (so CI is
stable); TRIANGULATE_LONG_FUZZ=1 tries 2,000 fresh random examples per property.
"""
from __future__ import annotations

import codecs
import os
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.analysis import Version, analyse
from core.cleaning import segment
from core.compare import compare
from core.entities import find_entities
from core.model import Fact, ReadError, Span
from core.quantities import find_quantities
from core.quotes import find_quotes
from core.readers import SUPPORTED_EXTENSIONS, read_file
from core.sentences import paragraphs, split_sentences
from core.timex import find_times

LONG = os.environ.get("TRIANGULATE_LONG_FUZZ") == "1"
PROPERTY = settings(
    max_examples=2000 if LONG else 60,
    deadline=None,                       # a slow example is not a failure; a hang is caught elsewhere
    derandomize=not LONG,                # CI: the same examples every run; long runs explore
    database=None,                       # nothing written into the project tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# Pieces news text is made of, and pieces that break naive code: quotes of every kind, nested
# and unbalanced; numbers huge, negative and odd; dates and times; right-to-left and zero-width
# marks; combining accents; other scripts; line and paragraph breaks of every kind.
FRAGMENTS = (
    "The council said", " ", ". ", ", ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", "\u2029",
    '"', "“", "”", "‘", "’", "'", "«", "»", "„", '"We will "not" go," she said. ', "“Nested ‘quote’ here,” he added.",
    "said Ines Varga, the harbour master.", "Dr. Alan Broad", "Mr", "U.S.", "Corp.", "Ltd", "BBC", "Reuters",
    "0", "1", "-3", "12", "1,000,000", "3.5", "£2.4m", "$1.1bn", "€40", "15%", "half", "a dozen", "two thirds",
    "9" * 60, "1e400", "10^30", "0.000001", "1/2", "½", "Ⅻ", "٣", "２０２４",
    "Monday", "on Tuesday", "last week", "Jan 1", "31 February 2023", "2024-03-14", "12:30pm", "25:99",
    "yesterday", "in 1066", "the 1990s", "9999-12-31", "0000-00-00",
    "London", "New York", "Wexmouth", "Saint-Étienne", "Zoë", "e\u0301", "ﬁ",
    "\u200f", "\u200e", "\u202e", "\u202c", "\u200b", "\u2060", "\ufeff", "\u061f", "مرحبا", "שלום", "日本語。", "😀",
    "...", "…", "—", "–", "-", "(", ")", "[", "]", "?!", ";", ":",
)
fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=200).map("".join)
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=600)   # no lone surrogates
mixed_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), unicode_text), max_size=40).map("".join)
# Article-sized text: paragraphs of sentences built from the fragments (hypothesis alone keeps
# its examples short, and some code only misbehaves after the first paragraph).
sentence = st.lists(st.sampled_from(FRAGMENTS), min_size=3, max_size=25).map(lambda parts: "".join(parts) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
article_text = st.lists(paragraph, min_size=2, max_size=12).map("\n\n".join)
any_text = st.one_of(fragment_text, unicode_text, mixed_text, article_text,
                     st.sampled_from(["", " ", "\n\n", "\u200f" * 5]))
published = st.one_of(st.just(""), st.sampled_from(["2024-03-14", "1970-01-01", "9999-12-31", "2024-02-29"]))


def in_bounds(span: Span | None, body: str) -> bool:
    return span is None or 0 <= span.start <= span.end <= len(body)


def check_facts(facts: list[Fact], body: str) -> None:
    for fact in facts:
        assert in_bounds(fact.span, body), fact
        assert isinstance(fact.value, str)


# --- readers ------------------------------------------------------------------------------------

PREFIXES = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body><p>", b'{"text": "', b'[{"text": "',
            b"<rss version=\"2.0\"><channel><item><description>", b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>",
            b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"---\ntitle: x\n---\n", b" date 2024-01-01 ",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
CODECS = ("utf-8", "utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1", "shift_jis", "koi8_r", "gb18030")


def encode(text: str, codec: str) -> bytes:
    return codecs.encode(text, codec, errors="replace")


file_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from(PREFIXES), st.binary(max_size=2000)),
    st.builds(lambda prefix, text, codec: prefix + encode(text, codec), st.sampled_from(PREFIXES), any_text,
              st.sampled_from(CODECS)),
)


@PROPERTY
@given(data=file_bytes, extension=st.sampled_from(sorted(SUPPORTED_EXTENSIONS) + [".bin", ""]))
def test_readers_raise_only_read_error_on_any_bytes(data: bytes, extension: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sample{extension}"
        path.write_bytes(data)
        try:
            result = read_file(path)
        except ReadError as exc:
            assert exc.path == str(path)
            assert exc.reason and "unexpected error" not in exc.reason, exc.reason
            return
    assert result.articles
    for article in result.articles:
        assert article.body.strip() and article.path == str(path)
        assert article.published == "" or len(article.published) == 10


MARKUP = "*_[]()`<>!#-=~\\|&;:/\"'{}.,? \n\taA1"
STARTS = {".json": '{"text": "', ".jsonl": '{"text": "', ".rss": "<rss><channel><item><description>",
          ".html": "<html><body><p>"}


@settings(PROPERTY, max_examples=400 if LONG else 50)
@given(pattern=st.text(st.sampled_from(MARKUP), min_size=1, max_size=12),
       extension=st.sampled_from([".md", ".txt", ".html", ".json", ".jsonl", ".rss", ".xml"]))
def test_reading_a_long_run_of_markup_takes_linear_time(pattern: str, extension: str) -> None:
    """100 KB of one repeated pattern: a regex that rescans from every position takes minutes."""
    data = (STARTS.get(extension, "") + pattern * (100_000 // len(pattern))).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sample{extension}"
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            read_file(path)
        except ReadError:
            pass
        assert time.perf_counter() - started < 5.0, (extension, pattern)


# --- text analysis --------------------------------------------------------------------------------

@PROPERTY
@given(body=any_text)
def test_sentences_and_paragraphs_lie_inside_the_text(body: str) -> None:
    for splitter in (split_sentences, segment):
        sentences = splitter(body)
        for index, sentence in enumerate(sentences):
            assert sentence.index == index
            assert in_bounds(sentence.span, body)
            assert sentence.text == sentence.span.text(body)
        starts = [s.span.start for s in sentences]
        assert starts == sorted(starts)
    for span in paragraphs(body):
        assert in_bounds(span, body)


@PROPERTY
@given(body=any_text)
def test_quotes_lie_inside_the_text(body: str) -> None:
    for quote in find_quotes(body):
        assert in_bounds(quote.span, body), quote
        assert all(in_bounds(part, body) for part in quote.parts), quote
        assert in_bounds(quote.speaker_span, body), quote


@PROPERTY
@given(body=any_text, date=published)
def test_facts_lie_inside_the_text(body: str, date: str) -> None:
    check_facts(find_quantities(body), body)
    check_facts(find_times(body, date), body)
    check_facts(find_entities(body), body)


@PROPERTY
@given(body=any_text, date=published)
def test_analysis_never_fails_a_stage(body: str, date: str) -> None:
    analysis = analyse(body, date)
    assert analysis.problems == []  # analyse() would hide a stage's exception here
    assert all(in_bounds(span, body) for span in analysis.furniture)
    check_facts(analysis.facts, body)


# --- comparison ---------------------------------------------------------------------------------

def edited(text: str) -> st.SearchStrategy[str]:
    """The same text with a few fragments inserted: a second version of one article."""
    return st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(FRAGMENTS)), max_size=4).map(
        lambda edits: _apply(text, edits))


def _apply(text: str, edits: list[tuple[int, str]]) -> str:
    for position, fragment in sorted(edits, reverse=True):
        text = text[:position] + fragment + text[position:]
    return text


versions = any_text.flatmap(lambda a: st.tuples(st.just(a), st.one_of(any_text, edited(a)), any_text))


@PROPERTY
@given(texts=versions, three=st.booleans())
def test_comparison_never_raises_and_points_inside_each_article(texts: tuple[str, str, str], three: bool) -> None:
    bodies = list(texts if three else texts[:2])
    compared = [Version.of(body) for body in bodies]
    comparison = compare(compared)
    for row in comparison.rows:
        assert len(row.sentences) == len(bodies)
        for article, cells in enumerate(row.sentences):
            assert all(0 <= i < len(compared[article].analysis.sentences) for i in cells)
    for difference in comparison.differences:
        for side in difference.sides:
            assert 0 <= side.article < len(bodies)
            if side.start is not None:
                assert 0 <= side.start <= (side.end or side.start) <= len(bodies[side.article]), difference
