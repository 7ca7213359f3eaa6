"""The building blocks of the readers, as tables: dates, outlets, whitespace, sniffing,
front matter and Markdown inline syntax."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from core.readers import dates, outlet
from core.readers.encoding import decode, repair
from core.readers.errors import Unreadable
from core.readers.frontmatter import split_fenced, split_unfenced
from core.readers.loading import describe_os_error
from core.readers.markdown import inline
from core.readers.records import describe
from core.readers.sniff import sniff
from core.readers.whitespace import one_line, paragraphs, tidy


@pytest.mark.parametrize("value, expected", [
    ("2023-01-17", "2023-01-17"),
    ("2023-01-17T10:00:00Z", "2023-01-17"),
    ("2023-01-17T23:30:00-05:00", "2023-01-17"),  # as written, not converted to UTC
    ("2023-01-17 10:00:00.123456+00:00", "2023-01-17"),
    ("Tue, 17 Jan 2023 10:00:00 GMT", "2023-01-17"),
    ("17 Jan 2023 10:00 +0000", "2023-01-17"),
    ("January 17, 2023", "2023-01-17"),
    ("Jan. 17, 2023", "2023-01-17"),
    ("Jan 17 2023", "2023-01-17"),
    ("Sept. 5, 2023", "2023-09-05"),
    ("17 January 2023", "2023-01-17"),
    ("17th of January, 2023", "2023-01-17"),
    ("Updated: Tuesday, January 17, 2023 10:00 AM EST", "2023-01-17"),
    ("2023/01/17", "2023-01-17"),
    ("2023.01.17", "2023-01-17"),
    ("20230117", "2023-01-17"),
    ("17.01.2023", "2023-01-17"),
    ("01/17/2023", "2023-01-17"),
    ("17/01/2023", "2023-01-17"),
    ("03/04/2023", ""),  # March 4th or 3 April: cannot tell
    ("2023-02-30", ""),
    ("Smarch 17, 2023", ""),
    ("yesterday", ""),
    ("", ""),
    (None, ""),
    (True, ""),
    (1673949600, "2023-01-17"),
    (1673949600000, "2023-01-17"),  # milliseconds
    (dt.datetime(2023, 1, 17, 9, 30), "2023-01-17"),
    (dt.date(2023, 1, 17), "2023-01-17"),
    (time.struct_time((2023, 1, 17, 10, 0, 0, 1, 17, 0)), "2023-01-17"),
    (["2023-01-17"], ""),
])
def test_dates_to_iso(value: object, expected: str) -> None:
    assert dates.to_iso(value) == expected


@pytest.mark.parametrize("body, expected", [
    ("LONDON (Reuters) - Britain said on Tuesday...", ("Reuters", "dateline")),
    ("Intro line.\n\nJan. 17 (UPI) -- British Foreign Secretary...", ("UPI", "dateline")),
    ("WASHINGTON (AP) — The Senate voted...", ("AP", "dateline")),
    ("KYIV, Ukraine, Jan 17 (Reuters) - Ukraine said...", ("Reuters", "dateline")),
    ("(CNN) — A storm hit the coast...", ("CNN", "dateline")),
    ("BERLIN (dpa) - Die Regierung...", ("dpa", "dateline")),
    ("VELMSTAD (Coastal Wire Service) – The bridge...", ("Coastal Wire Service", "dateline")),
    ("The bridge reopened. File Photo by Hugo Lind/UPI | License Photo\n\nMore text.", ("UPI", "credit")),
    ("Crowds gathered. Photo: Jane Doe/Reuters\n\nMore text.", ("Reuters", "credit")),
    ("Crowds gathered (Photograph: Jane Doe/AFP via Getty Images).", ("AFP", "credit")),
    ("Crowds gathered. Photo by Jane Doe/Getty Images\n\nMore text.", ("", "")),
    ("The UK diplomat will visit, Sky News reported. He said (on Monday) - nothing.", ("", "")),
    ("The minister (left) - pictured - spoke.", ("", "")),
    ("Mr Smith said the vote (taken on Monday) — was fair.", ("", "")),
    ("x" * 500 + "\nLONDON (Reuters) - too far from the start", ("", "")),
])
def test_outlet_inference(body: str, expected: tuple[str, str]) -> None:
    assert outlet.infer(body) == expected


@pytest.mark.parametrize("text, expected", [
    ("One.\r\nTwo.\rThree.", ["One.", "Two.", "Three."]),
    ("  spaced\t\tout\u00a0\u00a0words  \n\n\n\n\nNext", ["spaced out words", "Next"]),
    ("zero\u200bwidth and soft\u00adhyphen", ["zerowidth and softhyphen"]),
    ("A\u2029B", ["A", "B"]),
    ("\n\n   \n", []),
    # hard-wrapped: long lines without sentence ends are joined; a short line closes
    ("The harbour bridge in Velmstad reopened to traffic on Friday after\n"
     "eight months of repairs, the town council said in its statement.\n"
     "Cars were back.\n"
     "Engineers replaced forty steel cables and laid a new deck surface\n"
     "over the summer.",
     ["The harbour bridge in Velmstad reopened to traffic on Friday after eight months of repairs, "
      "the town council said in its statement. Cars were back.",
      "Engineers replaced forty steel cables and laid a new deck surface over the summer."]),
    # one sentence per line: kept as paragraphs
    ("The bridge reopened on Friday.\nAdvertisement\nEngineers replaced the cables.",
     ["The bridge reopened on Friday.", "Advertisement", "Engineers replaced the cables."]),
])
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


def test_tidy_is_idempotent_and_separates_with_one_blank_line() -> None:
    once = tidy("A line\n\n\n\nB line \n C line")
    assert once == "A line\n\nB line\n\nC line"
    assert tidy(once) == once


@pytest.mark.parametrize("value, expected", [("  Ines \n Park\t", "Ines Park"), (None, ""), ("", ""), (42, "42")])
def test_one_line(value: object, expected: str) -> None:
    assert one_line(value) == expected


@pytest.mark.parametrize("name, head, kind", [
    ("a.txt", b"Plain words.", "txt"),
    ("a.txt", b"<!DOCTYPE html><html><body><p>x</p>", "html"),
    ("a.md", b"<html><body>x", "html"),
    ("a.md", b"# Title\n\nText", "md"),
    ("a.txt", b'  {"title": "x", "text": "y"}', "json"),
    ("a.txt", b"[Editor's note] This story was updated.", "txt"),
    ("a.dat", b'[{"text": "y"}]', "json"),
    ("a", b"Plain words.", "txt"),
    ("a.jsonl", b'{"text": "y"}\n{"text": "z"}', "jsonl"),
    ("a.json", b"42", "json"),
    ("a.xml", b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">', "feed"),
    ("a.xml", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
    ("a.xml", b'<rdf:RDF xmlns:rdf="x">', "feed"),
    ("a.xml", b"<catalog><book/></catalog>", "feed"),  # the feed reader explains
    ("a.html", b'<?xml version="1.0"?><rss>', "feed"),
    ("a.html", b"Just words, no markup at all.", "txt"),
    ("a.rss", b"<html><body><p>A page</p>", "html"),
    ("a.txt", b"%PDF-1.7\n...", "pdf"),
    ("a.dat", b"PK\x03\x04....", "docx"),
    ("a.pdf", b"Not really a PDF.", "pdf"),  # the PDF reader explains
    ("a.txt", "\ufeff<html><p>x".encode("utf-16"), "html"),
])
def test_sniff(name: str, head: bytes, kind: str) -> None:
    assert sniff(head, Path(name)) == kind


def test_fenced_front_matter_with_quotes_lists_and_unknown_keys() -> None:
    text = ('---\ntitle: "A \\"quoted\\" title"\nsource: \'Ledger\'\'s Desk\'\nauthors:\n  - Ann\n  - "Bo"\n'
            "tags: [a, b]\n---\nBody")
    fields, rest = split_fenced(text)
    assert fields == {"title": 'A "quoted" title', "source": "Ledger's Desk", "byline": "Ann, Bo"}
    assert rest == "Body"


def test_fenced_block_with_prose_is_not_front_matter() -> None:
    assert split_fenced("---\nThe ferry was late.\n---\nText") is None
    assert split_fenced("---\ntitle: never closed\nText") is None


def test_unfenced_front_matter_stops_at_first_other_line() -> None:
    fields, rest = split_unfenced("Headline: Ferry late\nBy Ann Lee\nThe ferry was late.")
    assert fields == {"title": "Ferry late"}
    assert rest == "By Ann Lee\nThe ferry was late."


@pytest.mark.parametrize("text, expected", [
    ("**bold** and __strong__", "bold and strong"),
    ("*em* and _em_ but snake_case_name and 2*3*4", "em and em but snake_case_name and 2*3*4"),
    ("see [the report](https://x.example/r) now", "see the report now"),
    ("see [the report][1] now", "see the report now"),
    ("![chart](c.png)Text", "Text"),
    ("`code` and ~~old~~", "code and old"),
    ("<https://x.example>", "https://x.example"),
    ("a <span class='x'>b</span> <!-- hidden -->c", "a b c"),
    (r"\*not em\* and \_x\_", "*not em* and _x_"),
])
def test_markdown_inline(text: str, expected: str) -> None:
    assert " ".join(inline(text).split()) == expected


@pytest.mark.parametrize("value, words", [
    (1, "a number"), (1.5, "a number"), ("x", "a string"), (None, "null"), (False, "true/false"),
    ([], "an empty list"), ([1, 2], "a list of numbers"), ([{"a": 1}], "a list of objects"),
    ([1, "a"], "a list of mixed values"), ({"a": 1}, "an object"),
])
def test_describe_json(value: object, words: str) -> None:
    assert describe(value) == words


def test_decode_prefers_western_european_for_ambiguous_legacy_bytes() -> None:
    text = "Café “Zoë” naïve — déjà vu. Señor Muñoz said the bridge’s cables were replaced."
    assert decode(text.encode("cp1252")) == text


def test_decode_keeps_central_european_text_in_its_code_page() -> None:
    text = "Łódź i Kraków: zażółcić gęślą jaźń. Miasto podało, że remont mostu potrwa rok."
    assert decode(text.encode("cp1250")) == text


def test_decode_refuses_binary() -> None:
    with pytest.raises(Unreadable, match="NUL bytes"):
        decode(b"abc\x00def")


@pytest.mark.parametrize("text, expected", [
    ("Washingtonâ€™s", "Washington’s"),
    ("“curly” stays", "“curly” stays"),
    ("plain ascii", "plain ascii"),
    ("AT&amp;T", "AT&T"),
    ("e\u0301", "é"),
    ("ﬁnal", "final"),
])
def test_repair(text: str, expected: str) -> None:
    assert repair(text) == expected


@pytest.mark.parametrize("error, reason", [
    (FileNotFoundError(2, "No such file or directory"), "file not found"),
    (PermissionError(13, "Permission denied"), "permission denied: your account is not allowed to read this file"),
    (IsADirectoryError(21, "Is a directory"), "this is a folder, not a file"),
    (OSError(5, "Input/output error"), "the file could not be read (Input/output error)"),
])
def test_os_errors_become_sentences(error: OSError, reason: str) -> None:
    # the real permission case cannot run as root, so the wording is checked here too
    assert describe_os_error(error).startswith(reason)
