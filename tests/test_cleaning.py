"""Page furniture (core.cleaning): marked, never deleted; real sentences never marked.

Tables of the team's own fictional lines for every kind, the seed articles (GOLD.md lists their
furniture), the demo articles (EXPECTED.md), real news for over-marking, and bad input.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import PROJECT, SHARED
from core.cleaning import FURNITURE_KINDS, dateline_span, mark_furniture, segment
from core.readers import read_file
from core.sentences import split_sentences

DEMO = PROJECT / "resources" / "demo" / "articles"

LEAD = "The night ferry from Wexmouth ran aground on a sandbank early on Sunday, the coastguard said."
MIDDLE = "All 212 passengers were taken off by lifeboat crews before dawn."
LAST = "The operator said the vessel would be towed to dry dock once the tide turned."


def between(line: str) -> str:
    """A body with `line` as a paragraph of its own between two paragraphs of article text."""
    return f"{LEAD}\n\n{line}\n\n{MIDDLE}\n\n{LAST}"


def marked(body: str) -> list[tuple[str, str]]:
    return [(s.text, s.furniture) for s in segment(body) if s.furniture]


@pytest.mark.parametrize(
    "line, kind",
    [
        # photo credits and captions
        ("File Photo by Ana Reyes/Harbour Wire | License Photo", "photo_credit"),
        ("Photo: Jane Doe/Reuters", "photo_credit"),
        ("Photograph: Callum Brody/The Ledger", "photo_credit"),
        ("(Photo by Jane Doe / AFP)", "photo_credit"),
        ("PHOTO BY JANE DOE", "photo_credit"),
        ("Image copyright Getty Images", "photo_credit"),
        ("Getty Images", "photo_credit"),
        ("Jane Doe/Getty Images", "photo_credit"),
        ("Lucas Ferro via Getty Images.", "photo_credit"),
        ("(AP Photo/Jane Doe)", "photo_credit"),
        ("Credit: Jane Doe", "photo_credit"),
        # advertisements
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Story continues below advertisement", "advertisement"),
        # related links
        ("RELATED Harbour towns brace for spring tides", "related"),
        ("Related: Harbour towns brace for spring tides", "related"),
        ("Read more: Harbour towns brace for spring tides", "related"),
        ("READ MORE Harbour towns brace for spring tides", "related"),
        ("See also: Harbour towns brace for spring tides", "related"),
        # share and subscribe prompts
        ("Share this story: Facebook | X | WhatsApp | Email", "share_prompt"),
        ("Share this article", "share_prompt"),
        ("Subscribe to our morning briefing for the latest news, delivered at 7am.", "share_prompt"),
        ("Sign up for our weekly newsletter.", "share_prompt"),
        ("Follow us on Instagram and X.", "share_prompt"),
        ("Click here to read the full report.", "share_prompt"),
        ("Facebook | X | Email", "share_prompt"),
        ("For more, sign up for the Harbour Wire newsletter.", "share_prompt"),
        # bylines
        ("By Jane Roe", "byline"),
        ("By Jane Roe and John Doe, Reuters", "byline"),
        ("By Harriet Pell, North of England correspondent · 6 March 2024", "byline"),
        ("By Reuters", "byline"),
        ("(Reporting by Jane Roe; Editing by John Doe)", "byline"),
        # sub-headings
        ("Residents Moved Overnight", "subheading"),
        ("All eyes on the harbour", "subheading"),
        ("Mayor stresses need for the right pumps", "subheading"),
        ("What happens next", "subheading"),
        ("By the numbers", "subheading"),  # "By" and a lower-case word: a heading, not a byline
        ("By Tuesday evening the quay had dried out", "subheading"),  # no name after "By"
    ],
)
def test_furniture_lines(line: str, kind: str) -> None:
    assert marked(between(line)) == [(line, kind)]
    assert kind in FURNITURE_KINDS


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday evening the water had fallen by more than a metre.",
        "By winning the vote, the council cleared the way for the new embankment.",
        "The Advertisement Standards Authority ruled against the campaign on Monday.",
        "Photos of the flooded quay were shared thousands of times.",
        "She said the photo by the river had been taken on Sunday.",
        "Residents said they would sign up for the new flood alert scheme.",
        "Related cases are being heard in two other courts.",
        '"Follow us," the officer told the crowd, and led them to the school.',
        "Subscribers to the ferry pass will be refunded.",
        "The club said its members would share the costs of the repairs.",
        '"We will rebuild"',                  # a quote, not a heading
        "Here is what we know:",              # introduces a list
        "1. Bring water",                     # a list item
    ],
)
def test_real_sentences_stay_unmarked(line: str) -> None:
    assert marked(between(line)) == []


@pytest.mark.parametrize(
    "body",
    [
        "Residents Moved Overnight\n\n" + LEAD + "\n\n" + MIDDLE,  # before any article text: a headline
        LEAD + "\n\n" + MIDDLE + "\n\nResidents Moved Overnight",  # after the last: a sign-off or tag
        LEAD + "\n\nResidents moved overnight as the river rose and the ferry stayed in port for a fourth day\n\n" + MIDDLE,
        LEAD + "\n\nResidents Moved Overnight. Crews Stayed.\n\n" + MIDDLE,  # two sentences
    ],
)
def test_subheadings_need_a_short_single_line_between_text(body: str) -> None:
    assert marked(body) == []


def test_furniture_glued_to_real_text_is_split_off_and_marked() -> None:
    body = (
        f"{LEAD} File Photo by Ana Reyes/Harbour Wire | License Photo\n\n"
        f"{MIDDLE} Advertisement\n\n"
        f"Advertisement {LAST}"
    )
    sentences = segment(body)
    assert [(s.text, s.furniture) for s in sentences] == [
        (LEAD, ""),
        ("File Photo by Ana Reyes/Harbour Wire | License Photo", "photo_credit"),
        (MIDDLE, ""),
        ("Advertisement", "advertisement"),
        ("Advertisement", "advertisement"),
        (LAST, ""),
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        # a caption shares its paragraph with the credit: both are furniture ...
        (between("Lifeboat crews at the quay. File Photo by Ana Reyes/Harbour Wire | License Photo"),
         [("Lifeboat crews at the quay.", "photo_credit"), ("File Photo by Ana Reyes/Harbour Wire | License Photo", "photo_credit")]),
        (between("Lifeboat crews at the quay. Photograph: Ana Reyes/The Ledger"),
         [("Lifeboat crews at the quay.", "photo_credit"), ("Photograph: Ana Reyes/The Ledger", "photo_credit")]),
        # ... except in the first paragraph, where wire pages print the lead above the picture
        (f"{LEAD} File Photo by Ana Reyes/Harbour Wire | License Photo\n\n{MIDDLE}",
         [("File Photo by Ana Reyes/Harbour Wire | License Photo", "photo_credit")]),
        # a real paragraph of several sentences keeps its sentences
        (between(f"{MIDDLE} {LAST} Photo: Ana Reyes/Reuters"), [("Photo: Ana Reyes/Reuters", "photo_credit")]),
    ],
)
def test_captions(body: str, expected: list[tuple[str, str]]) -> None:
    assert marked(body) == expected


def test_short_lines_beside_a_prompt_take_its_kind() -> None:
    body = between("Enjoying our journalism? Subscribe to the Harbour Wire for unlimited access. Subscribe now")
    assert [kind for _, kind in marked(body)] == ["share_prompt"] * 3


@pytest.mark.parametrize(
    "body, dateline",
    [
        ("Jan. 17 (UPI) -- The minister arrived in Ottawa on Tuesday.", "Jan. 17 (UPI) --"),
        ("SALTMERE, March 6 (Harbour Wire) -- The city closed its oldest bridge.", "SALTMERE, March 6 (Harbour Wire) --"),
        ("LONDON (Reuters) - The central bank held rates.", "LONDON (Reuters) -"),
        ("WASHINGTON — The senator said no.", "WASHINGTON —"),
        ("KYIV, Ukraine (AP) — Air raid sirens sounded.", "KYIV, Ukraine (AP) —"),
        ("ST. LOUIS (AP) — A judge ruled on Friday.", "ST. LOUIS (AP) —"),
        ("NEW YORK, Dec. 22 (UPI) — Shares rose.", "NEW YORK, Dec. 22 (UPI) —"),
        ("CHICO, Calif. - Crews contained the fire.", "CHICO, Calif. -"),
        ("(CNN) — The storm made landfall.", "(CNN) —"),
        ("Aug 27 (Reuters) - Oil prices fell.", "Aug 27 (Reuters) -"),
        ("A caption line above the story.\n\nLONDON (Reuters) - The bank held rates.", "LONDON (Reuters) -"),
        # not datelines
        ("Jan. 17 -- The minister arrived.", None),  # a bare date needs an agency
        ("US-led forces arrived on Monday.", None),
        ("NATO — the alliance — met on Monday.", None),
        ("The minister — who left early — said no.", None),
        ("\n\n".join([LEAD] * 5 + ["LONDON (Reuters) - Too far down."]), None),
        ("", None),
    ],
)
def test_dateline_span(body: str, dateline: str | None) -> None:
    span = dateline_span(body)
    assert (span.text(body) if span else None) == dateline


def test_dateline_keeps_its_sentence_whole_and_unmarked() -> None:
    body = "SALTMERE, March 6 (Harbour Wire) -- The city closed its oldest bridge.\n\nWASHINGTON —\n\n" + MIDDLE
    sentences = segment(body)
    assert sentences[0].text.startswith("SALTMERE") and sentences[0].furniture == ""
    assert dateline_span(body).text(body) == "SALTMERE, March 6 (Harbour Wire) --"
    dateline_only = "WASHINGTON —\n\n" + MIDDLE
    assert [(s.text, s.furniture) for s in segment(dateline_only)] == [("WASHINGTON —", "dateline"), (MIDDLE, "")]


def test_mark_furniture_keeps_every_sentence() -> None:
    body = between("Advertisement") + "\n\nRELATED Harbour towns brace for spring tides"
    plain = split_sentences(body)
    result = mark_furniture(body, plain)
    assert [(s.index, s.span, s.text, s.paragraph) for s in result] == [(s.index, s.span, s.text, s.paragraph) for s in plain]
    assert [s.furniture for s in result] == ["", "advertisement", "", "", "related"]
    assert segment(body) == result


# --- the seed pair: GOLD.md ---------------------------------------------------------------------

SEED_FURNITURE = {
    "000_87e16579f229c99f.txt": [
        ("File Photo by Hugo Philpott/UPI | License Photo", "photo_credit"),
        ("Advertisement", "advertisement"),
        ("RELATED British government blocks Scottish gender change law", "related"),
        ("Advertisement", "advertisement"),
        ("RELATED Iran executes former defense official for alleged ties to British spies", "related"),
    ],
    "001_c590c3f217d2194b.txt": [
        ("All eyes on Ukraine war", "subheading"),
        ("Cleverly stresses on need for the right tools", "subheading"),
    ],
}


def article_body(path: Path) -> str:
    (article,) = read_file(path).articles
    return article.body


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(SEED_FURNITURE))
def test_seed_furniture_exactly(seeds_dir: Path, name: str) -> None:
    body = article_body(seeds_dir / name)
    assert marked(body) == SEED_FURNITURE[name]  # all of it, and no real sentence


@pytest.mark.shared
def test_seed_dateline(seeds_dir: Path) -> None:
    body = article_body(seeds_dir / "000_87e16579f229c99f.txt")
    assert dateline_span(body).text(body) == "Jan. 17 (UPI) --"
    assert dateline_span(article_body(seeds_dir / "001_c590c3f217d2194b.txt")) is None


@pytest.mark.shared
def test_seed_files_as_saved_with_their_header(seeds_dir: Path) -> None:
    """The raw file (with its " date ..." header line) marks the same furniture."""
    body = (seeds_dir / "000_87e16579f229c99f.txt").read_text(encoding="utf-8")
    assert marked(body) == SEED_FURNITURE["000_87e16579f229c99f.txt"]


# --- the demo corpus: EXPECTED.md -----------------------------------------------------------------

DEMO_FURNITURE = {
    "harbour_wire_saltmere_flood.txt": [
        ("Floodwater surges around the piers of Tanner's Bridge in Saltmere.", "photo_credit"),
        ("File Photo by Imogen Ashcroft/Harbour Wire | License Photo", "photo_credit"),
        ("Advertisement", "advertisement"),
        ("RELATED Coastal towns brace for spring tides after wettest February on record", "related"),
        ("Advertisement", "advertisement"),
        ("RELATED Saltmere council approves new riverside cycle path", "related"),
    ],
    "the_northern_ledger_saltmere_flood.html": [
        ("Residents Moved Overnight", "subheading"),
        ("Questions Over Flood Defences", "subheading"),
    ],
    "coastline_daily_saltmere_flood.md": [
        ("Share this story: Facebook | X | WhatsApp | Email", "share_prompt"),
        ("What happens next", "subheading"),
        ("Subscribe to our morning briefing for the latest on the Saltmere floods, delivered to your inbox at 7am.", "share_prompt"),
    ],
    "valley_times_ambersley_flood.txt": [],
    "civic_bulletin_brackenfield_library.json": [],
}
DEMO_DATELINES = {
    "harbour_wire_saltmere_flood.txt": "SALTMERE, March 6 (Harbour Wire) --",
    "valley_times_ambersley_flood.txt": "AMBERSLEY, March 13 (Valley Times) --",
}


@pytest.mark.parametrize("name", sorted(DEMO_FURNITURE))
def test_demo_furniture_exactly(name: str) -> None:
    body = article_body(DEMO / name)
    assert marked(body) == DEMO_FURNITURE[name]
    span = dateline_span(body)
    assert (span.text(body) if span else None) == DEMO_DATELINES.get(name)


# --- real news: furniture stays rare ------------------------------------------------------------

@pytest.mark.shared
def test_real_news_is_not_over_marked() -> None:
    """PolNeAR (928 US political articles): furniture is a few credits, prompts and sign-offs."""
    path = SHARED / "data" / "polnear" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent: real news lives in the read-only ../shared folder")
    total = marked_count = datelines = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        body = json.loads(line)["text"]
        sentences = segment(body)
        total += len(sentences)
        marked_count += sum(1 for s in sentences if s.furniture)
        datelines += dateline_span(body) is not None
    assert total > 20_000
    assert marked_count / total < 0.005
    assert datelines > 100  # "WASHINGTON (AP) —", "PARIS, Aug 31 (Reuters) -" ...


# --- bad input, offsets, speed -----------------------------------------------------------------

BAD_INPUT = [
    "",
    " \n\n \t",
    "no letters: 12345 %%% ... !!!",
    "a" * 200_000,
    ("Advertisement " * 5_000).strip(),
    "Photo by " * 2_000,
    "By " * 10_000,
    "RELATED\n\n" * 2_000,
    "شارك هذه القصة. Share this story: Facebook | X\n\nقال Ahmed Karim إن الجسر مغلق.",
    "כתבה קשורה\n\nRELATED כתבה\n\nDavid Levi אמר שהגשר סגור.",
    "Control\x00 chars\x07 here.\x1b\n\nAdvertisement\x7f",
    "WASHINGTON —",
    "(",
    "Jan. 17 (" + "U" * 10_000 + ") -- text",
]


@pytest.mark.parametrize("body", BAD_INPUT, ids=[repr(body[:20]) for body in BAD_INPUT])
def test_bad_input_never_raises_and_keeps_offsets(body: str) -> None:
    started = time.perf_counter()
    sentences = segment(body)
    dateline_span(body)
    assert time.perf_counter() - started < 2.0
    for position, sentence in enumerate(sentences):
        assert sentence.index == position
        assert body[sentence.span.start:sentence.span.end] == sentence.text
        assert sentence.furniture in ("", *FURNITURE_KINDS)
