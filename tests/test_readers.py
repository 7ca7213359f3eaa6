"""read_file() on team-written fixtures: every text format, sniffing, encodings, seeds.

PDF and DOCX are in test_readers_binary.py, unusable files in test_readers_errors.py,
the small building blocks (dates, outlets, whitespace...) in test_readers_parts.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.model import Article, ReadError
from core.readers import SUPPORTED_EXTENSIONS, is_supported, read_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def one(name: str, folder_source: str = "") -> Article:
    result = read_file(FIXTURES / name, folder_source=folder_source)
    assert len(result.articles) == 1, result
    return result.articles[0]


def paragraphs(article: Article) -> list[str]:
    return article.body.split("\n\n")


# --- public API ---------------------------------------------------------------------

@pytest.mark.parametrize("name, supported", [
    ("a.txt", True), ("a.TXT", True), ("a.text", True), ("a.md", True), ("a.markdown", True),
    ("a.html", True), ("a.htm", True), ("a.xhtml", True), ("a.json", True), ("a.jsonl", True),
    ("a.ndjson", True), ("a.rss", True), ("a.atom", True), ("a.xml", True), ("a.pdf", True),
    ("a.docx", True), ("a.doc", False), ("a.png", False), ("README", False), ("a.txt.bak", False),
])
def test_is_supported_by_extension(name: str, supported: bool) -> None:
    assert is_supported(Path(name)) is supported


def test_supported_extensions_are_lowercase_with_dot() -> None:
    assert ".txt" in SUPPORTED_EXTENSIONS and ".docx" in SUPPORTED_EXTENSIONS
    assert all(ext.startswith(".") and ext == ext.lower() for ext in SUPPORTED_EXTENSIONS)


@pytest.mark.parametrize("name, fmt, count", [
    ("headline.txt", "txt", 1), ("front_matter.txt", "txt", 1), ("fenced.txt", "txt", 1),
    ("seed_style.txt", "txt", 1), ("wrapped.txt", "txt", 1), ("lines.txt", "txt", 1),
    ("article.md", "md", 1), ("heading.md", "md", 1),
    ("page.html", "html", 1), ("truncated.html", "html", 1), ("saved_page.txt", "html", 1),
    ("export.json", "json", 2), ("list.json", "json", 2), ("export.dat", "json", 1),
    ("records.jsonl", "jsonl", 3),
    ("feed.rss", "rss", 2), ("feed.atom", "atom", 1), ("feed_in.xml", "rss", 1),
])
def test_each_fixture_gives_articles_with_path_and_format(name: str, fmt: str, count: int) -> None:
    path = FIXTURES / name
    result = read_file(path)
    assert len(result.articles) == count
    for article in result.articles:
        assert article.path == str(path)
        assert article.format == fmt
        assert article.body and "\n\n\n" not in article.body
        assert article.body == article.body.strip()


# --- plain text -----------------------------------------------------------------------

def test_txt_first_short_line_is_the_headline() -> None:
    article = one("headline.txt")
    assert article.title == "Harbour bridge in Velmstad reopens after repairs"
    assert paragraphs(article)[0].startswith("VELMSTAD, Norland (NWA) - The old harbour bridge")
    assert len(paragraphs(article)) == 3


def test_txt_unfenced_front_matter() -> None:
    article = one("front_matter.txt", folder_source="Some Folder")
    assert article.title == "Orchard growers count frost losses"
    assert (article.source, article.source_origin) == ("The Valley Courier", "metadata")
    assert article.published == "2023-03-04"
    assert article.byline == "Tomas Brekke"
    assert article.url == "https://courier.example/frost"
    assert article.body.startswith("Apple growers in the Lindal valley")
    assert "Title:" not in article.body and len(paragraphs(article)) == 3


def test_txt_fenced_front_matter_with_synonym_keys() -> None:
    article = one("fenced.txt")
    assert article.title == "Library opens on Sundays"
    assert (article.source, article.byline, article.published) == ("Lindal Weekly", "Siv Aas", "2023-05-14")
    assert article.body.startswith("The public library in Lindal")
    assert "---" not in article.body


def test_txt_seed_style_header_gives_date_and_keeps_furniture() -> None:
    article = one("seed_style.txt")
    assert article.published == "2024-05-02"
    assert article.body.startswith("The ferry company said on Thursday")
    assert article.title == ""  # first paragraph is long: no headline
    assert "Advertisement" in paragraphs(article)
    assert "RELATED Island school gets new roof" in paragraphs(article)
    assert (article.source, article.source_origin) == ("Coastal Wire", "credit")


def test_txt_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    paras = paragraphs(one("wrapped.txt"))
    assert len(paras) == 3
    assert paras[0].startswith("The council in Ostby voted") and paras[0].endswith("almost ten years.")
    assert "railway line between the town centre" in paras[0]
    assert paras[2].endswith("visitors to the town.")


def test_txt_one_paragraph_per_line_is_kept() -> None:
    paras = paragraphs(one("lines.txt"))
    assert paras == [
        "The fire brigade in Holm put out a grass fire near the lighthouse on Saturday afternoon.",
        "No one was hurt, and the lighthouse itself was not damaged.",
        "Advertisement",
        "Firefighters said the dry spring had left the grass on the headland very easy to set alight.",
    ]


def test_txt_key_value_lines_without_body_are_text_not_metadata(tmp_path: Path) -> None:
    path = tmp_path / "source.txt"
    path.write_text("Source: officials said the bridge will reopen in May.\n")
    article = read_file(path).articles[0]
    assert article.body == "Source: officials said the bridge will reopen in May."
    assert article.source == ""


def test_txt_rule_line_above_prose_is_not_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "rule.txt"
    path.write_text("---\nThe ferry was late again on Monday.\n---\nPassengers waited an hour.\n")
    assert "The ferry was late again on Monday." in read_file(path).articles[0].body


# --- markdown -------------------------------------------------------------------------

def test_md_front_matter_and_syntax_removed() -> None:
    article = one("article.md")
    assert article.title == "Night trains return to the coast line"
    assert (article.source, article.source_origin) == ("Coastal Ledger", "metadata")
    assert article.byline == "Mira Solberg, Jon Vik"
    assert article.published == "2023-06-01"
    assert article.url == "https://ledger.example/night-trains"
    paras = paragraphs(article)
    assert paras[0] == ("The railway company will run night trains between Velmstad and the capital "
                        "again from September, after a break of three years.")
    assert "Tickets go on sale in July, the company said in a press release." in paras[1]
    assert "*about*" in paras[1]  # escaped asterisks are text
    assert "What changes" in paras
    assert "• Two departures a week at first" in paras and "2. Sunday evenings" in paras
    assert '"We have missed the night train," said regular traveller Eva Holt.' in paras
    for syntax in ("#", "**", "](", "![", "https://", ">", "---"):
        assert syntax not in article.body


def test_md_setext_heading_is_the_title_without_front_matter() -> None:
    article = one("heading.md", folder_source="Lindal Weekly")
    assert article.title == "School meals to be free in Lindal"
    assert article.body.startswith("Pupils at the three schools")
    assert "education budget." in article.body and "*" not in article.body
    assert (article.source, article.source_origin) == ("Lindal Weekly", "folder")


# --- web pages ------------------------------------------------------------------------

def test_html_page_metadata_and_text() -> None:
    article = one("page.html")
    assert article.title == "Harbour bridge reopens"
    assert (article.source, article.source_origin) == ("The Coastal Ledger", "metadata")
    assert article.byline == "Mira Solberg"
    assert article.published == "2023-03-04"  # as the page wrote it, not shifted to UTC
    assert article.url == "https://ledger.example/news/harbour-bridge"
    paras = paragraphs(article)
    assert len(paras) == 3 and paras[0].startswith("The old harbour bridge in Velmstad")
    assert paras[2].startswith("“We are glad to have the bridge back,”")  # entities decoded
    assert "Sport" not in article.body and "Copyright" not in article.body


def test_html_cut_off_mid_tag_keeps_the_text_that_is_there() -> None:
    article = one("truncated.html")
    assert article.body.startswith("The old harbour bridge in Velmstad reopened")
    assert "Engineers replaced forty steel cables" in article.body


def test_txt_holding_html_is_read_as_a_web_page() -> None:
    article = one("saved_page.txt")
    assert article.format == "html"
    assert article.title == "Ferry strike ends"
    assert "<p>" not in article.body and article.body.startswith("Ferry crews on the northern routes")


def test_html_without_article_text_in_trafilatura_falls_back_to_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text("<html><body><p>Bins are collected on Tuesday this week.</p></body></html>")
    assert read_file(path).articles[0].body == "Bins are collected on Tuesday this week."


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    path = tmp_path / "bins.xhtml"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
                    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Bins</title></head>'
                    "<body><p>Bins are collected on Tuesday this week because of the holiday.</p></body></html>")
    article = read_file(path).articles[0]
    assert (article.format, article.title) == ("html", "Bins")
    assert article.body == "Bins are collected on Tuesday this week because of the holiday."


def test_html_declared_legacy_charset_is_used(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    html = ('<html><head><meta charset="windows-1252"><title>Café</title></head><body>'
            "<p>The café on Quay Road, run by Zoë Lund, reopened on Friday after a refit.</p></body></html>")
    path.write_bytes(html.encode("cp1252"))
    assert "Zoë Lund" in read_file(path).articles[0].body


# --- JSON and JSON Lines --------------------------------------------------------------

def test_json_wrapped_list_with_nested_source_and_html_body() -> None:
    result = read_file(FIXTURES / "export.json", folder_source="Exports")
    first, second = result.articles
    assert first.title == "Orchard growers count frost losses"
    assert (first.source, first.source_origin) == ("Valley Courier", "metadata")
    assert (first.byline, first.published) == ("Tomas Brekke", "2023-03-04")
    assert first.url == "https://courier.example/frost"
    assert first.body == ("Apple growers in the Lindal valley lost about a third of their blossom to a late frost."
                          "\n\nSome farms ran sprinklers through the night.")
    assert second.title == "Library opens on Sundays"  # keys matched case-insensitively
    assert second.byline == "Siv Aas, Per Moe"
    assert second.published == "2023-05-16"
    assert (second.source, second.source_origin) == ("Exports", "folder")
    assert result.warnings == ["record 3: no article text (no text, body or content field)"]


def test_json_list_with_timestamp_and_dateline() -> None:
    first, second = read_file(FIXTURES / "list.json").articles
    assert (first.title, first.published, first.source) == ("Bus lane opens on Quay Road", "2023-06-02", "Coastal Ledger")
    assert second.published == "2023-06-05"  # Unix timestamp
    assert (second.source, second.source_origin) == ("NWA", "dateline")


def test_unknown_extension_holding_json_is_read_as_json() -> None:
    article = one("export.dat")
    assert (article.format, article.title, article.source) == ("json", "Ferry timetable changes", "Holm Gazette")


def test_jsonl_bad_lines_become_warnings_and_reading_goes_on() -> None:
    result = read_file(FIXTURES / "records.jsonl")
    assert [a.title for a in result.articles] == ["Harbour crane removed", "Beach closed after storm", "Market moves indoors"]
    assert [a.published for a in result.articles] == ["2023-07-05", "2023-07-06", "2023-07-08"]
    assert len(result.warnings) == 2
    assert result.warnings[0].startswith("line 3: not valid JSON (Unterminated string")
    assert result.warnings[1] == "line 5: a list of numbers, not an article object"


def test_json_saved_as_lines_with_json_extension(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"text": "First story about the harbour."}\n{"text": "Second story about the ferry."}\n')
    result = read_file(path)
    assert [a.format for a in result.articles] == ["jsonl", "jsonl"]


# --- feeds ----------------------------------------------------------------------------

def test_rss_entries_with_content_summary_and_warning() -> None:
    result = read_file(FIXTURES / "feed.rss")
    mill, roads = result.articles
    assert mill.title == "Mill to close in Ostby"
    assert mill.body == ("The paper mill in Ostby will close at the end of the year, its owners said on Tuesday."
                         "\n\nAbout 120 people work at the mill.")  # full content beats the teaser
    assert (mill.source, mill.source_origin) == ("Valley Courier", "metadata")
    assert (mill.byline, mill.url) == ("Ines Park", "https://courier.example/mill")
    assert mill.published == "2023-01-17"  # 23:30 at UTC-5 stays the 17th
    assert roads.body == "The valley road will be closed at night for two weeks from Monday."
    assert result.warnings == ['entry 3 "Entry without text": no text (neither content nor summary)']


def test_atom_feed() -> None:
    article = one("feed.atom")
    assert (article.format, article.title, article.source) == ("atom", "Harbour bridge reopens", "Coastal Ledger")
    assert (article.byline, article.published) == ("Mira Solberg", "2023-03-04")
    assert article.body.endswith("Engineers replaced forty steel cables.")


def test_xml_extension_holding_rss_uses_the_entry_source() -> None:
    article = one("feed_in.xml")
    assert article.format == "rss"
    assert (article.source, article.source_origin) == ("Coastal Ledger", "metadata")


# --- encodings ------------------------------------------------------------------------

ACCENTED = ("Mayor Zoë Ångström said the “new” bridge’s cables were replaced — the work cost €2 million.\n\n"
            "Señor Muñoz, a naïve critic from Orléans, said the café déjà had queues.")
PLAIN_LATIN1 = "Mayor Zoë Ångström said the bridge's cables were replaced.\n\nSeñor Muñoz from Orléans was naïve."


@pytest.mark.parametrize("label, data, expected", [
    ("cp1252", ACCENTED.encode("cp1252"), ACCENTED),
    ("latin-1", PLAIN_LATIN1.encode("latin-1"), PLAIN_LATIN1),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"), ACCENTED),
    ("utf-16 LE with BOM", ACCENTED.encode("utf-16"), ACCENTED),
    ("utf-16 BE with BOM", b"\xfe\xff" + ACCENTED.encode("utf-16-be"), ACCENTED),
    ("crlf", ACCENTED.replace("\n", "\r\n").encode("utf-8"), ACCENTED),
])
def test_encodings_decode_to_the_same_text(tmp_path: Path, label: str, data: bytes, expected: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    assert read_file(path).articles[0].body == expected


def test_mojibake_is_repaired_and_curly_quotes_kept(tmp_path: Path) -> None:
    path = tmp_path / "moji.txt"
    path.write_text("Washingtonâ€™s mayor, JosÃ© GarcÃ\u00ada, called the bridge â€œsafeâ€\x9d.", encoding="utf-8")
    assert read_file(path).articles[0].body == "Washington’s mayor, José García, called the bridge “safe”."


def test_unicode_is_nfc_and_spaces_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "nfc.md"
    path.write_text("Zoe\u0308 paid\u00a0\u00a0the  fee\t\ttoday.\u200b\n\n\n\n\nSecond\u2009paragraph.", encoding="utf-8")
    assert read_file(path).articles[0].body == "Zoë paid the fee today.\n\nSecond paragraph."


# --- outlet order ---------------------------------------------------------------------

@pytest.mark.parametrize("text, folder, source, origin", [
    ("Source: Holm Gazette\n\nLONDON (Reuters) - Text of the story here.", "Folder", "Holm Gazette", "metadata"),
    ("LONDON (Reuters) - Text. Photo by Ann Lee/UPI | License Photo", "Folder", "Reuters", "dateline"),
    ("Text of the story. Photo by Ann Lee/UPI | License Photo", "Folder", "UPI", "credit"),
    ("Text of the story, Sky News reported.", "Folder", "Folder", "folder"),
    ("Text of the story, Sky News reported.", "", "", ""),
])
def test_outlet_order(tmp_path: Path, text: str, folder: str, source: str, origin: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(text)
    article = read_file(path, folder_source=folder).articles[0]
    assert (article.source, article.source_origin) == (source, origin)


# --- the shared seeds -----------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.parametrize("name, source, origin, first_words, paragraph_count", [
    ("000_87e16579f229c99f.txt", "UPI", "dateline", "Foreign Secretary James Cleverly will visit", 12),
    ("001_c590c3f217d2194b.txt", "", "", "UK Foreign Secretary James Cleverly is looking", 7),
])
def test_seed_files(name: str, source: str, origin: str, first_words: str, paragraph_count: int) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared is absent: the seed articles live beside the repository")
    result = read_file(SEEDS / name)
    assert result.warnings == []
    (article,) = result.articles
    assert article.published == "2023-01-17"
    assert (article.source, article.source_origin) == (source, origin)
    assert article.body.startswith(first_words)
    assert "date 2023-01-17" not in article.body
    assert len(paragraphs(article)) == paragraph_count
    assert article.title == "" and article.format == "txt"


@pytest.mark.shared
def test_seed_furniture_is_kept() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared is absent: the seed articles live beside the repository")
    paras = paragraphs(read_file(SEEDS / "000_87e16579f229c99f.txt").articles[0])
    assert "Advertisement" in paras
    assert any(p.startswith("RELATED ") for p in paras)
    assert "File Photo by Hugo Philpott/UPI | License Photo" in paras[0]


def test_read_error_is_the_only_exception_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        read_file(tmp_path / "gone.txt")
    assert caught.value.path == str(tmp_path / "gone.txt")
    assert "not found" in caught.value.reason


def test_html_copyright_year_is_not_a_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    path.write_text(
        "<html><head><title>Ferry strike ends</title></head><body><div class='story'>"
        "<p>Ferry crews on the northern routes returned to work on Monday after a week-long strike over rosters, "
        "the union said in a statement to members.</p><p>The company agreed to publish shift patterns four weeks "
        "ahead and to pay a fixed allowance for late changes, according to the union.</p></div>"
        "<footer>© 2021 The Coastal Ledger</footer></body></html>"
    )
    assert read_file(path).articles[0].published == ""


@pytest.mark.parametrize("first_line", ["By Ines Park", "Photo by Ada Lind/Coastal Wire", "Advertisement"])
def test_furniture_first_line_is_not_taken_as_headline(tmp_path: Path, first_line: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"{first_line}\n\nThe ferry left at noon.\n\nIt came back at six.")
    article = read_file(path).articles[0]
    assert article.title == ""
    assert article.body.startswith(first_line)


def test_reading_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)  # recorded, because read_file turns any exception into a ReadError
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    failed = []
    for path in sorted(FIXTURES.iterdir()):
        try:
            read_file(path)
        except ReadError:
            failed.append(path.name)
    assert attempts == []
    assert failed == ["catalog.xml"]
