"""The comparison as a whole: odd inputs, the JSON contract, and what the seeds and the demo must show."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BRIDGE, FERRY, PROJECT
from core import report
from core.analysis import Version
from core.compare import Comparison, compare
from core.model import Difference
from core.readers import read_file
from main import main

DEMO = PROJECT / "resources" / "demo" / "articles"


def version(path: Path) -> Version:
    article = read_file(path).articles[0]
    return Version.of(article.body, article.published)


def factual(comparison: Comparison, kind: str | None = None) -> list[Difference]:
    return [d for d in comparison.differences if d.category == "factual" and (kind is None or d.kind == kind)]


def side_texts(difference: Difference) -> list[str | None]:
    return [s.text for s in difference.sides]


def assert_spans_index_bodies(comparison: Comparison) -> None:
    for difference in comparison.differences:
        for side in difference.sides:
            if side.start is not None and side.text is not None:
                body = comparison.versions[side.article].body
                assert body[side.start:side.end] == side.text, difference


def assert_every_sentence_once(comparison: Comparison) -> None:
    for article, version in enumerate(comparison.versions):
        seen = sorted(i for row in comparison.rows for i in row.sentences[article])
        assert seen == list(range(len(version.analysis.sentences)))


# --- odd input ----------------------------------------------------------------------------------

def test_fewer_than_two_articles_is_refused() -> None:
    with pytest.raises(ValueError):
        compare([Version.of(FERRY)])


@pytest.mark.parametrize("a, b", [(FERRY, FERRY), (BRIDGE, BRIDGE)])
def test_identical_articles_are_identical(a: str, b: str) -> None:
    result = compare([Version.of(a, "2024-03-03"), Version.of(b, "2024-03-03")])
    assert result.identical and result.differences == []
    assert {row.kind for row in result.rows} == {"same"}
    assert_every_sentence_once(result)


@pytest.mark.parametrize("a, b", [
    (FERRY, ""),
    ("", BRIDGE),
    ("", ""),
    (FERRY, BRIDGE),
    (FERRY, "Le ferry de nuit s'est échoué dimanche sur un banc de sable ; les 212 passagers ont été évacués."),
    (FERRY, "渡轮周日凌晨搁浅，212名乘客全部获救。"),
])
def test_odd_pairs_give_sensible_results(a: str, b: str) -> None:
    result = compare([Version.of(a, "2024-03-03"), Version.of(b, "2024-03-03")])
    assert_every_sentence_once(result)
    assert_spans_index_bodies(result)
    if not a.strip() or not b.strip() or a is FERRY and b is BRIDGE:
        assert all(row.kind == "only_in" for row in result.rows)


def test_unrelated_articles_are_not_aligned() -> None:
    result = compare([Version.of(FERRY, "2024-03-03"), Version.of(BRIDGE, "2024-03-03")])
    assert not [row for row in result.rows if all(row.sentences)]


# --- contract -----------------------------------------------------------------------------------

def test_json_contract_fields() -> None:
    result = compare([version(DEMO / "harbour_wire_saltmere_flood.txt"),
                      version(DEMO / "the_northern_ledger_saltmere_flood.html")])
    data = json.loads(json.dumps(report.to_json(result)))
    assert {"articles", "rows", "quotes", "differences"} <= set(data)
    assert set(data["articles"][0]) >= {"id", "source", "title", "date", "path", "text"}
    assert {row["kind"] for row in data["rows"]} <= {"same", "changed", "only_in", "moved"}
    assert all(len(row["sentences"]) == 2 for row in data["rows"])
    assert all(set(q) >= {"sides", "differences"} for q in data["quotes"])
    assert all(set(s) >= {"article", "text", "start", "end", "speaker"} for q in data["quotes"] for s in q["sides"])
    for difference in data["differences"]:
        assert set(difference) >= {"kind", "category", "severity", "explanation", "sides"}
        assert difference["category"] in ("factual", "wording", "cosmetic")
        assert difference["severity"] in ("high", "medium", "low")
        assert difference["explanation"]
    assert_spans_index_bodies(result)
    assert_every_sentence_once(result)


def test_story_of_three_has_a_side_per_article() -> None:
    names = ("harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
             "coastline_daily_saltmere_flood.md")
    result = compare([version(DEMO / name) for name in names])
    assert all(len(row.sentences) == 3 for row in result.rows)
    assert [row for row in result.rows if all(row.sentences)], "no statement is carried by all three"
    assert_every_sentence_once(result)
    assert_spans_index_bodies(result)


class Tags(HTMLParser):
    """Every tag and attribute name a browser would see in the report."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.seen.add(tag)
        self.attributes |= {name for name, _ in attrs}


def test_html_report_escapes_text_and_loads_nothing(tmp_path: Path) -> None:
    hostile = FERRY + '\n\n<script>alert("x")</script> <img src="http://tracker.example/p.png">'
    result = compare([Version.of(FERRY, "2024-03-03"), Version.of(hostile, "2024-03-03")])
    page = report.to_html(result)
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    tags = Tags()
    tags.feed(page)
    assert not tags.seen & {"script", "img", "iframe", "link", "object", "embed"}
    assert not tags.attributes & {"src", "href", "onload", "onerror"}  # nothing to fetch or run
    assert "factual" in page and "wording" in page and "cosmetic" in page  # the legend


def test_csv_has_a_line_per_difference() -> None:
    result = compare([version(DEMO / "harbour_wire_saltmere_flood.txt"),
                      version(DEMO / "the_northern_ledger_saltmere_flood.html")])
    lines = report.to_csv(result).strip().splitlines()
    assert lines[0].startswith("number,category,kind,severity,explanation,A_text,A_start,A_end,B_text")
    assert len(lines) == len(result.differences) + 1


def test_cli_compare_files_and_ids(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    files = [str(DEMO / "harbour_wire_saltmere_flood.txt"), str(DEMO / "coastline_daily_saltmere_flood.md")]
    html_out, csv_out = tmp_path / "r.html", tmp_path / "r.csv"
    assert main(["--db", db, "compare", *files, "--json", "--html", str(html_out), "--csv", str(csv_out)]) == 0
    from_files = json.loads(capsys.readouterr().out)
    assert from_files["articles"][0]["source"] == "Harbour Wire"
    assert html_out.read_text().startswith("<!DOCTYPE html>") and csv_out.read_text().startswith("number,")
    main(["--db", db, "import", *files])
    capsys.readouterr()
    assert main(["--db", db, "compare", "1", "2", "--json"]) == 0
    from_ids = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in from_ids["articles"]] == [1, 2]
    assert len(from_ids["differences"]) == len(from_files["differences"])
    assert main(["--db", db, "compare", "1", "2"]) == 0
    assert "factual" in capsys.readouterr().out


def test_cli_compare_needs_two(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(tmp_path / "x.db"), "compare", str(DEMO / "harbour_wire_saltmere_flood.txt")])
    assert exc.value.code == 2


def test_whole_row_differences_are_marked_not_painted() -> None:
    from core.highlights import article_highlights, rows_covered, whole_row_differences

    result = compare([version(DEMO / "harbour_wire_saltmere_flood.txt"),
                      version(DEMO / "the_northern_ledger_saltmere_flood.html")])
    whole = whole_row_differences(result.differences, result.rows, result.versions)
    assert whole, "the demo pair has one-sided runs and reworded rows"
    for index in whole:
        difference = result.differences[index]
        covered = rows_covered(difference, result.rows, result.versions)
        assert covered and covered[0] == difference.row
    painted = {h.difference for a in (0, 1) for h in article_highlights(result.differences, a, 10**6, skip=whole)}
    assert not painted & set(whole)
    # a fact-level difference inside an aligned row is still painted
    number = next(i for i, d in enumerate(result.differences) if d.kind == "number")
    assert number in painted


def test_the_html_report_numbers_quotes_as_the_app_does() -> None:
    """Shared quotes first, numbered 1, 2 ... like the panel's cards and the panes' quote marks; the
    quotes only one article has follow, unnumbered (an editor quoting "quote 3" means one quote)."""
    import html
    import re

    from core.panel_items import quote_cards

    result = compare([version(DEMO / name) for name in ("coastline_daily_saltmere_flood.md",
                                                        "harbour_wire_saltmere_flood.txt",
                                                        "the_northern_ledger_saltmere_flood.html")])
    cards = quote_cards(result)
    shared = [card for card in cards if card.number]
    assert shared and len(shared) < len(cards)          # the demo story has both kinds
    table = report.to_html(result).split("<h2>Quotes</h2>", 1)[1]
    rows = re.findall(r"<tr><td>(.*?)</td><td>.*?</td><td>(.*?)</td>", table)
    assert [number for number, _ in rows] == [f"“{card.number}" for card in shared] + [""] * (len(cards) - len(shared))
    for (_, sides), card in zip(rows, cards):
        first = result.quotes[card.index].sides[0]
        assert html.escape(first.text) in sides
