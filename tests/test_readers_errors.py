"""Unusable files: each must give a ReadError with a reason an editor can act on, and
read_file must never raise anything else."""
from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from core.model import ReadError
from core.readers import read_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
MB = 1024 * 1024


def reason_for(path: Path) -> str:
    with pytest.raises(ReadError) as caught:
        read_file(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


_RNG = random.Random(20230117)
HIGH_BYTES = bytes(_RNG.randrange(0x80, 0x100) for _ in range(3000))


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "the file is empty"),
    ("bom-only.md", b"\xef\xbb\xbf \xc2\xa0\n", "the file is empty"),
    ("empty.json", b"", "the file is empty"),
    ("nul.txt", b"The ferry left\x00\x00\x00 at noon." * 20, "this is a binary file (it contains NUL bytes), not text"),
    ("controls.html", bytes([1, 2, 3, 4, 5, 6, 0x41, 0x20]) * 200, "this is a binary file (75% of its bytes are control characters)"),
    ("nul.rss", b"<rss>\x00\x00</rss>", "this is a binary file (it contains NUL bytes)"),
    ("noise.txt", HIGH_BYTES, "the text encoding could not be recognised"),
    ("bad-utf16.txt", b"\xff\xfe" + b"A\x00B", "the file starts with a UTF-16 byte-order mark but is not valid UTF-16"),
    ("header-only.txt", b" date 2023-01-17 \n", "the file holds only a header, no article text"),
    ("front-only.md", b"---\ntitle: Nothing here\n---\n\n", "the file holds only front matter, no article text"),
    ("scripts.html", b"<html><body><script>var x = 1;</script><nav>Home</nav></body></html>",
     "no article text found in this web page"),
])
def test_unusable_text_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert reason_for(write(tmp_path, name, data)).startswith(reason)


@pytest.mark.parametrize("content, reason", [
    ("42", "the JSON holds a number, not articles (objects with a text field)"),
    ('"just a string"', "the JSON holds a string, not articles"),
    ("[1, 2, 3]", "the JSON holds a list of numbers, not articles (objects with a text field)"),
    ('["a", "b"]', "the JSON holds a list of strings, not articles"),
    ("[]", "the JSON holds an empty list, not articles"),
    ("null", "the JSON holds null, not articles"),
    ('{"title": "No body", "url": "https://x.example"}', "the only record holds no article text"),
    ('[{"title": "a"}, {"title": "b"}]', "none of the 2 records holds article text"),
    ('{"articles": [{"text": "Unclosed', "the file is not valid JSON (Unterminated string starting at"),
])
def test_json_that_holds_no_articles(tmp_path: Path, content: str, reason: str) -> None:
    assert reason_for(write(tmp_path, "export.json", content.encode())).startswith(reason)


def test_jsonl_without_any_good_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.jsonl", b'{"text": broken}\n[1]\n{"title": "no text"}\n')
    assert reason_for(path) == "none of the 3 lines holds article text (a text, body or content field)"


@pytest.mark.parametrize("name, data, reason", [
    ("catalog.xml", (FIXTURES / "catalog.xml").read_bytes(), "this XML file is not an RSS or Atom feed"),
    ("empty-feed.rss", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
     "the feed has no entries"),
    ("textless.atom", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>x</title></entry></feed>',
     "none of the feed's 1 entries has any text"),
    ("prose.rss", b"Just some words in a file named like a feed.", "this XML file is not an RSS or Atom feed"),
])
def test_unusable_feeds(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    assert reason_for(write(tmp_path, name, data)).startswith(reason)


def test_fifty_megabyte_text_file_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        line = b"The harbour bridge reopened on Friday after months of repairs.\n"
        handle.write(line * (50 * MB // len(line) + 1))
    reason = reason_for(path)
    assert reason == "the file is 50.0 MB; the largest single article Triangulate reads is 10 MB"


def test_export_over_two_hundred_megabytes_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"text": "first"}\n')
        handle.truncate(250 * MB)  # sparse: costs no disk, and must not be read anyway
    assert reason_for(path) == "the file is 250.0 MB; the largest export Triangulate reads is 200 MB"


def test_export_over_the_single_article_limit_is_allowed(tmp_path: Path) -> None:
    sentence = "The ferry left at noon and came back at six in the evening. "
    record = ('{"text": "' + sentence * (MB // len(sentence)) + '"}\n').encode()
    path = write(tmp_path, "big.jsonl", record * 11)
    assert path.stat().st_size > 10 * MB
    assert len(read_file(path).articles) == 11


def test_nonexistent_path(tmp_path: Path) -> None:
    assert reason_for(tmp_path / "nowhere" / "gone.txt").startswith("file not found")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "story.txt"
    folder.mkdir()
    assert reason_for(folder) == "this is a folder, not a file"


def test_file_without_read_permission(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("running as root, which can read any file: permission cannot be tested")
    path = write(tmp_path, "secret.txt", b"The ferry left at noon.")
    path.chmod(0)
    try:
        assert reason_for(path).startswith("permission denied")
    finally:
        path.chmod(0o600)


def test_a_bug_in_a_reader_still_comes_out_as_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.readers.text as text_reader

    def explode(data: bytes) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(text_reader, "read_text", explode)
    reason = reason_for(write(tmp_path, "story.txt", b"Some text."))
    assert reason.startswith("the file could not be read (KeyError")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ".jsonl", ".rss", ".xml", ".pdf", ".docx", ".bin"])
@pytest.mark.parametrize("seed", range(4))
def test_random_bytes_never_raise_anything_but_read_error(tmp_path: Path, suffix: str, seed: int) -> None:
    rng = random.Random(seed)
    prefixes = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><p>", b'{"text": ', b"<rss><channel><item>"]
    data = prefixes[seed % len(prefixes)] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
    try:
        read_file(write(tmp_path, "noise" + suffix, data))
    except ReadError as exc:
        assert exc.reason


# --- issue 9: hostile files found by the malformed corpus (tests/malformed.py) -----------------------

def test_a_number_too_long_for_python_does_not_fail_the_export(tmp_path: Path) -> None:
    path = write(tmp_path, "export.json", b'{"text": "The quay reopened on Friday.", "date": ' + b"9" * 5000 + b"}")
    [article] = read_file(path).articles
    assert article.body == "The quay reopened on Friday." and article.published == ""
    assert reason_for(write(tmp_path, "number.json", b"9" * 5000)).startswith("the JSON holds a number")


def test_one_line_nested_too_deeply_costs_only_that_line(tmp_path: Path) -> None:
    deep = b'{"x": ' * 10_000 + b"1" + b"}" * 10_000
    result = read_file(write(tmp_path, "export.jsonl", deep + b'\n{"text": "The ferry sailed at noon."}\n'))
    assert [a.body for a in result.articles] == ["The ferry sailed at noon."]
    assert result.warnings == ["line 1: nested too deeply to read"]


def test_a_page_that_opens_with_thousands_of_tags_is_still_read(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 3000 + "</div>" * 3000 + "<p>The harbour wall reopened on Friday.</p></body></html>"
    [article] = read_file(write(tmp_path, "page.html", page.encode())).articles
    assert article.body == "The harbour wall reopened on Friday."


@pytest.mark.parametrize("line", ["[" * 500_000 + "](" * 500_000, "*_[`" * 250_000, "<!--" * 250_000, "![" * 500_000])
def test_a_markdown_line_of_unmatched_syntax_reads_in_linear_time(tmp_path: Path, line: str) -> None:
    started = time.perf_counter()
    try:
        read_file(write(tmp_path, "odd.md", line.encode()))
    except ReadError:
        pass
    assert time.perf_counter() - started < 5.0  # the old patterns rescanned the line from every "[" or "*": hours


def test_an_encrypted_word_document_is_named_as_such(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    assert "password-protected" in reason_for(write(tmp_path, "secret.docx", ole))


@pytest.mark.parametrize("honest, reason", [
    (True, 'the Word document is a "zip bomb": its part word/document.xml would unpack'),
    (False, 'the Word document is damaged or a "zip bomb": its part word/document.xml unpacks to more than the '
            "4096 bytes its header declares"),
])
def test_a_zip_bomb_named_docx_is_refused_before_it_is_unpacked(tmp_path: Path, honest: bool, reason: str) -> None:
    from malformed import Story, docx_bomb, render_docx

    template = render_docx(Story("Quay", ("The quay reopened.",)))
    bomb = write(tmp_path, "bomb.docx", docx_bomb(template, 150 * MB, honest=honest))
    assert bomb.stat().st_size < 2 * MB
    assert reason_for(bomb).startswith(reason)


def test_control_characters_in_html_of_a_feed_entry_are_dropped_not_fatal(tmp_path: Path) -> None:
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title><item><title>Quay</title>'
            b"<description>&lt;p&gt;The quay\x0c reopened&lt;/p&gt;&lt;p&gt;on Friday.&lt;/p&gt;</description>"
            b"</item></channel></rss>")
    [article] = read_file(write(tmp_path, "feed.rss", feed)).articles
    assert article.body == "The quay reopened\n\non Friday."


def test_an_atom_entry_cut_mid_title_is_read_or_refused_in_words(tmp_path: Path) -> None:
    # feedparser leaves the summary None for this entry (found by the long fuzzing run)
    feed = (b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title>'
            b"<entry><title>Har began on Monday and will take eleven weeks, the harbour board said.\n\nCrews will "
            b"work at low tide only.</content></entry></feed>")
    try:
        read_file(write(tmp_path, "cut.atom", feed))
    except ReadError as exc:
        assert exc.reason == "none of the feed's 1 entries has any text"
