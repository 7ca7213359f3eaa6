"""Hostile article text is inert everywhere it is shown: the HTML report, the CSV and the Qt views.

Articles come from anywhere (a scraped page, a wire feed); their text may hold markup, scripts,
event handlers, javascript: links and CSS with remote url()s. The report is parsed with the
standard library's HTML parser (what a browser would build from it, tag by tag), not searched
with regular expressions; the CSV is read back with csv.reader; the Qt views are asked for the
text they show.
"""
from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import write_article
from core.analysis import Version
from core.compare import ComparedArticle, Comparison, compare
from core.library import Library
from core.notes import Note, difference_key
from core.report import to_csv, to_html

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">click here</a>'
STYLE = "<style>body{background:url(http://evil.example/x.png)}</style>"
HOSTILE = (SCRIPT, IMG, LINK, STYLE)
TITLE = 'Mayor\'s "plan" <b>bold</b> & <script>alert(2)</script>'
SOURCE = "Evil \"Outlet\" <i onmouseover='alert(3)'>"

A = (f"The council closed the bridge on Monday {SCRIPT} after divers found cracks.\n\n"
     f'"We will rebuild it {IMG} by June," Mayor Ann Lee said.\n\n'
     f"About 40 homes were evacuated overnight, see {LINK} for the list.\n\n"
     f"The style guide said {STYLE} nothing more.")
B = (f"The council closed the bridge on Tuesday {SCRIPT} after divers found cracks.\n\n"
     f'"We will repair it {IMG} by July," Mayor Ann Lee said.\n\n'
     f"About 60 homes were evacuated overnight, see {LINK} for the list.\n\n"
     f"The style guide said {STYLE} nothing at all.")


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    articles = [ComparedArticle(1, SOURCE, TITLE, "2024-03-06", "a.txt", A),
                ComparedArticle(2, "Harbour Wire", TITLE + " (2)", "2024-03-06", "b.txt", B)]
    return compare([Version.of(A), Version.of(B)], articles)


class Page(HTMLParser):
    """Every element and attribute a browser would build, and the text it would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []     # (tag, name, value)
        self.text: list[str] = []
        self.styles: list[str] = []
        self.title = ""
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        current = self._open[-1] if self._open else ""
        if current == "style":
            self.styles.append(data)
        elif current == "title":
            self.title += data
        else:
            self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "div", "span", "table", "tr", "th", "td",
               "br", "b"}


def test_the_report_has_no_active_content_from_articles(comparison: Comparison) -> None:
    notes = {difference_key(comparison, 0): Note("k", "wrong", f"note with {SCRIPT} and {LINK}")}
    page = parse(to_html(comparison, title=TITLE, notes=notes))
    assert set(page.tags) <= REPORT_TAGS, f"unexpected elements: {set(page.tags) - REPORT_TAGS}"
    assert "script" not in page.tags and "img" not in page.tags and "a" not in page.tags
    assert not [a for a in page.attributes if a[1].startswith("on")], "an event handler attribute got through"
    assert not [a for a in page.attributes if a[1] in ("src", "href", "style", "action", "formaction")]
    assert not [a for a in page.attributes if "javascript:" in a[2].lower() and a[1] != "title"]
    assert page.tags.count("style") == 1, "article text opened a <style> element"
    assert all("url(" not in css and "evil" not in css for css in page.styles)


def test_the_report_shows_hostile_text_literally(comparison: Comparison) -> None:
    notes = {difference_key(comparison, 0): Note("k", "wrong", f"note with {SCRIPT}")}
    page = parse(to_html(comparison, title=TITLE, notes=notes))
    shown = "".join(page.text)
    for markup in HOSTILE:
        assert markup in shown, f"{markup!r} is not shown as text"
    assert page.title == TITLE                                  # quotes and all, escaped then read back
    assert TITLE in shown and SOURCE in shown
    assert f"note with {SCRIPT}" in shown


def test_tooltips_keep_quotes_inside_their_attribute(comparison: Comparison) -> None:
    page = parse(to_html(comparison, title=TITLE))
    tips = [value for _, name, value in page.attributes if name == "title"]
    assert tips, "the report should carry explanations as tooltips"
    # A quote in the text closing the attribute early would show up as a stray attribute.
    assert {name for _, name, _ in page.attributes} <= {"lang", "charset", "http-equiv", "content", "class", "title"}


def test_the_report_loads_nothing_remote(comparison: Comparison) -> None:
    page = parse(to_html(comparison, title=TITLE))
    csp = [value for tag, name, value in page.attributes if tag == "meta" and name == "content"
           and "default-src 'none'" in value]
    assert csp, "the Content-Security-Policy meta is missing"
    assert not [a for a in page.attributes if a[2].lower().startswith(("http:", "https:", "//"))]


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"]


def _formula_comparison() -> Comparison:
    # Whole one-sided paragraphs: their difference's text is the sentence, starting with the formula.
    a = ("The council closed the bridge on Monday after divers found cracks.\n\n"
         "About 40 homes were evacuated overnight.")
    b = ("The council closed the bridge on Monday after divers found cracks.\n\n"
         '=HYPERLINK("http://evil.example","click") said the flyer handed to residents on the quay.\n\n'
         "@SUM(A1:A9) was written on the board by the engineers.\n\n"
         "-40 degrees was the forecast for the coming night in the valley.\n\n"
         "About 40 homes were evacuated overnight.")
    return compare([Version.of(a), Version.of(b)])


def test_csv_cells_cannot_become_formulas() -> None:
    comparison = _formula_comparison()
    notes = {difference_key(comparison, i): Note("k", "wrong", FORMULAS[i % len(FORMULAS)])
             for i in range(len(comparison.differences))}
    rows = list(csv.reader(io.StringIO(to_csv(comparison, notes))))
    header, body = rows[0], rows[1:]
    assert header == ["number", "category", "kind", "severity", "explanation", "A_text", "A_start", "A_end",
                      "B_text", "B_start", "B_end", "status", "note"]          # the contract, unchanged
    assert body
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{cell!r} would run as a formula"
    notes_column = [row[-1] for row in body]
    assert "'" + FORMULAS[0] in notes_column                 # kept, shown as text
    texts = [row[8] for row in body]
    assert texts[:3] == ["'" + t for t in ('=HYPERLINK("http://evil.example","click") said the flyer handed to '
                                           "residents on the quay.",
                                           "@SUM(A1:A9) was written on the board by the engineers.",
                                           "-40 degrees was the forecast for the coming night in the valley.")]
    assert all(row[0].isdigit() and row[9].isdigit() for row in body)         # numbers stay numbers


def test_csv_leaves_ordinary_text_alone() -> None:
    comparison = _formula_comparison()
    rows = list(csv.reader(io.StringIO(to_csv(comparison))))
    assert all(not row[4].startswith("'") for row in rows[1:])          # explanations start with words


# --- the Qt views -------------------------------------------------------------------------------

def test_compare_view_cells_show_markup_literally(qtbot, comparison: Comparison) -> None:
    from gui.compare_view import CompareView

    view = CompareView()
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    view.set_comparison(comparison)
    shown = "".join(view.cell_text(row, article) for row in range(len(comparison.rows)) for article in range(2))
    for markup in HOSTILE:
        assert markup in shown, f"{markup!r} is not shown literally in the story view"
    for position in range(len(view.rows)):
        for article in range(2):
            if view.rows[position].cells[article] is None:
                continue
            document = view.cell_doc(position, article).doc
            assert document.allFormats() and not any(f.isImageFormat() for f in document.allFormats())
            assert not any(f.toCharFormat().isAnchor() for f in document.allFormats() if f.isCharFormat())


def test_search_snippets_show_markup_literally(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QFont

    from gui.library_search import snippet_document

    write_article(tmp_path / "in", "hostile.txt", A, title=TITLE)
    with Library.open(tmp_path / "library.db") as library:
        list(library.imports.start([tmp_path / "in"]))
        hits = library.articles.search("divers")
    assert hits
    document = snippet_document(hits[0].snippet, QFont(), 600)
    text = document.toPlainText()
    assert SCRIPT in text and "[[" not in text
    assert not any(f.isImageFormat() or (f.isCharFormat() and f.toCharFormat().isAnchor())
                   for f in document.allFormats())
    literal = snippet_document(f"before [[{IMG}]] after {LINK}", QFont(), 600)
    assert literal.toPlainText() == f"before {IMG} after {LINK}"


def test_differences_panel_shows_markup_literally(qtbot, comparison: Comparison) -> None:
    from PySide6.QtCore import Qt

    from gui.differences_panel import DifferencesPanel

    a = (f'The council closed the bridge on Monday.\n\n"We will {SCRIPT} rebuild it by June," Mayor Ann Lee said.'
         "\n\nAbout 40 homes were evacuated overnight.")
    b = (f'The council closed the bridge on Monday.\n\n"We will {SCRIPT} repair it by July," Mayor Ann Lee said.'
         f"\n\nAbout 40 homes were evacuated {IMG} overnight.")
    panel = DifferencesPanel()
    qtbot.addWidget(panel)
    panel.resize(344, 700)
    panel.set_comparison(compare([Version.of(a), Version.of(b)]))
    panel.show()
    rows = [panel.model.index(r) for r in range(panel.model.rowCount())]
    shown = " ".join(str(index.data() or "") for index in rows)
    assert "img src=x onerror=alert(1" in shown, "the hostile text should appear in the list, literally"
    # Tooltips are rich text to Qt: they must carry the markup escaped, never raw.
    tips = " ".join(str(index.data(Qt.ItemDataRole.ToolTipRole) or "") for index in rows)
    assert "onerror=alert(1" in tips
    for raw in ("<script", "</script", "<img"):
        assert raw not in tips, f"{raw} reaches a tooltip unescaped"
    panel.set_comparison(comparison)
    quotes = " ".join(box.text for card in panel.quote_cards() for box in card.boxes)
    assert IMG in quotes
