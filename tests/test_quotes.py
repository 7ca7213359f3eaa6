"""Direct quotes and their speakers: marks, splits, paragraphs, partial and nested quotes, attribution,
relays, furniture, bad input, and the evaluation targets on our annotated set and the seeds."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from bench.eval_quotes import Score, fixture_cases, same_speaker, score_case, seed_cases
from conftest import PROJECT
from core.model import Quote, Span
from core.quotes import find_quotes
from core.readers import read_file

DEMO = PROJECT / "resources" / "demo" / "articles"


def quote_with(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert len(found) == 1, (words, [q.text for q in quotes])
    return found[0]


def check_spans(body: str, quotes: list[Quote]) -> None:
    for quote in quotes:
        assert quote.span == quote.parts[0]
        assert quote.text == " ".join(body[p.start:p.end] for p in quote.parts)
        for part in quote.parts:
            assert 0 <= part.start < part.end <= len(body)
            assert body[part.start:part.end] == body[part.start:part.end].strip()
        if quote.speaker_span is not None:
            assert 0 <= quote.speaker_span.start < quote.speaker_span.end <= len(body)


# --- evaluation targets --------------------------------------------------------------------------------

def test_annotated_set_meets_the_targets() -> None:
    cases = fixture_cases()
    score = Score()
    for case in cases:
        score_case(case, score)
    assert len(cases) >= 8 and score.gold_quotes >= 60
    assert score.f1 >= 0.90, score.misses
    assert score.speaker_accuracy >= 0.90, score.misses


def test_annotated_fixtures_are_consistent() -> None:
    for case in fixture_cases():
        for gold in case.quotes:
            for part in gold.parts:
                text = case.body[part.start:part.end]
                assert text and text == text.strip(), (case.name, text)
        check_spans(case.body, find_quotes(case.body, case.exclude))


@pytest.mark.shared
def test_seed_quotes_are_found_with_their_speakers(seeds_dir: Path) -> None:
    cases = seed_cases(seeds_dir)
    score = Score()
    for case in cases:
        score_case(case, score)
    assert score.gold_quotes >= 8  # two shared quotes in both seeds, four in A only (GOLD.md)
    assert score.matched == score.gold_quotes and score.speaker_right == score.matched, score.misses
    assert score.f1 >= 0.95


@pytest.mark.shared
def test_seed_traps(seeds_dir: Path) -> None:
    bodies = {case.name: case.body for case in seed_cases(seeds_dir)}
    a, b = find_quotes(bodies["seed A"]), find_quotes(bodies["seed B"])
    first_a, first_b = quote_with(a, "always have each other"), quote_with(b, "always have each other")
    assert same_speaker(first_a.speaker, "Cleverly") and first_a.speaker == "James Cleverly"
    assert (first_b.speaker, first_b.relay) == ("James Cleverly", "Sky News")
    second_b = quote_with(b, "Today we stand united")
    assert second_b.speaker == "James Cleverly" and second_b.cue == "added"
    assert quote_with(a, "Today we stand united").speaker == "James Cleverly"
    partial = quote_with(a, "to go further and faster")
    assert partial.partial and partial.speaker == "British government"
    assert quote_with(a, "with the right equipment").speaker == "British government"
    assert quote_with(a, "prime minister's commitment").speaker == "British government"
    assert quote_with(a, "extensive visit program").speaker == ""
    for quote in a + b:
        assert quote.speaker not in ("Sky News", "UPI") and "eyes" not in quote.speaker
    heading = bodies["seed B"].index("All eyes on Ukraine war")
    assert all(q.speaker_span is None or not heading <= q.speaker_span.start < heading + 23 for q in b)


# --- the team's demo corpus (resources/demo/EXPECTED.md) ---------------------------------------------------

@pytest.mark.parametrize("name, words, speaker, relay, partial", [
    ("harbour_wire_saltmere_flood.txt", "we are not going to gamble", "Annika Threlfall", "", False),
    ("harbour_wire_saltmere_flood.txt", "textbook work in appalling", "Fenella Marchbank", "", True),
    ("harbour_wire_saltmere_flood.txt", "water at the top step", "Priya Dunmore", "", False),
    ("harbour_wire_saltmere_flood.txt", "The ground is saturated", "Tomasz Brennick", "", False),
    ("the_northern_ledger_saltmere_flood.html", "has stood for 180 years", "Annika Threlfall", "", False),
    ("the_northern_ledger_saltmere_flood.html", "textbook work in appalling", "Fenella Marchbanks", "", True),
    ("the_northern_ledger_saltmere_flood.html", "water at the top step", "Priya Dunmore", "Radio Saltmere", False),
    ("the_northern_ledger_saltmere_flood.html", "We were told in 2019", "Gordon Feltham", "", False),
    ("the_northern_ledger_saltmere_flood.html", "within weeks", "Annika Threlfall", "", True),
    ("coastline_daily_saltmere_flood.md", "we are not going to risk", "Tobias Renwick", "", False),
    ("coastline_daily_saltmere_flood.md", "textbook work in appalling", "Fenella Marchbank", "", True),
    ("coastline_daily_saltmere_flood.md", "every eddy on that river", "Ines Calloway", "", False),
    ("valley_times_ambersley_flood.txt", "We will not reopen that footbridge", "Dorian Castell", "", False),
])
def test_demo_quotes_match_the_answer_key(name: str, words: str, speaker: str, relay: str, partial: bool) -> None:
    body = read_file(DEMO / name).articles[0].body
    quotes = find_quotes(body)
    quote = quote_with(quotes, words)
    assert (quote.speaker, quote.relay, quote.partial) == (speaker, relay, partial)
    where = quote.speaker_span
    assert where is not None and quote.speaker.split()[-1] in body[where.start:where.end]
    check_spans(body, quotes)


# --- marks and shapes ----------------------------------------------------------------------------------------

def test_split_quote_is_one_quote_with_two_parts() -> None:
    body = '"The pier will reopen in May," harbour master Iona Brack said. "Until then, the ferry docks at Slate Bay."'
    [quote] = find_quotes(body)
    assert [body[p.start:p.end] for p in quote.parts] == [
        "The pier will reopen in May,", "Until then, the ferry docks at Slate Bay."]
    assert quote.text == "The pier will reopen in May, Until then, the ferry docks at Slate Bay."
    assert (quote.speaker, quote.role, quote.cue) == ("Iona Brack", "harbour master", "said")


def test_two_speakers_around_one_gap_stay_two_quotes() -> None:
    body = '"I will look at it," Marsh said, while Odell said only: "Ask me next week."'
    quotes = find_quotes(body)
    assert [(q.text, q.speaker) for q in quotes] == [("I will look at it,", "Marsh"), ("Ask me next week.", "Odell")]


def test_quote_over_paragraphs_continues_at_the_repeated_mark() -> None:
    body = ('“We found the hull intact,” the diver, Petra Lund, said. “The keel is another story.\n\n'
            '“It will take a crane and a calm week to lift her.”\n\nThe harbour board meets on Monday.')
    [quote] = find_quotes(body)
    assert len(quote.parts) == 3 and not quote.unbalanced
    assert body[quote.parts[2].start:quote.parts[2].end] == "It will take a crane and a calm week to lift her."
    assert quote.speaker == "Petra Lund"


@pytest.mark.parametrize("body, words", [
    ('The council said Mayor Ruth Obi would push landlords "to act faster and fix damp homes" before winter.',
     "to act faster and fix damp homes"),
    ("Ruth Obi said the repairs had been “long overdue and badly planned”.", "long overdue and badly planned"),
])
def test_partial_quote_inside_a_sentence(body: str, words: str) -> None:
    [quote] = find_quotes(body)
    assert quote.partial and quote.text.rstrip(".") == words


def test_full_quote_after_a_cue_is_not_partial() -> None:
    [quote] = find_quotes('Kemal Arslan said, "The bakery stays open every day of the strike."')
    assert not quote.partial and quote.speaker == "Kemal Arslan"


def test_nested_single_quotes_keep_the_outer_quote_whole() -> None:
    body = "“They wrote ‘not our problem’ on the letter and sent it back,” said Nadia Ferro."
    [quote] = find_quotes(body)
    assert quote.text == "They wrote ‘not our problem’ on the letter and sent it back,"
    assert quote.speaker == "Nadia Ferro"


def test_unbalanced_quote_stops_at_the_paragraph_end() -> None:
    body = ('"The bins will be collected on Thursday from now on, a council officer said.\n\n'
            'Residents have complained for months about the old rota.\n\nThe change starts next week.')
    [quote] = find_quotes(body)
    assert quote.unbalanced and "\n" not in quote.text
    assert quote.span.end <= body.index("\n\n")
    # the closing mark was forgotten before the attribution: the attribution stays outside the quote
    assert quote.text.endswith("from now on,") and quote.speaker == "a council officer"


def test_unbalanced_quote_without_attribution_runs_to_the_paragraph_end() -> None:
    body = '“The water came in through the floor and we lost everything\n\nThe insurer has not replied.'
    [quote] = find_quotes(body)
    assert quote.unbalanced and quote.text == "The water came in through the floor and we lost everything"


@pytest.mark.parametrize("body", [
    "The band played rock 'n' roll covers of '60s hits all night.",
    "It was the ’90s revival that saved the club’s finances.",
    "The U.K.'s rules and the other's reply were both late.",
    "Parents' groups and teachers' unions met the heads' panel.",
    "She said she'd come, and we'd wait till the ferry's horn.",
])
def test_apostrophes_are_not_quotes(body: str) -> None:
    assert find_quotes(body) == []


def test_single_marks_quote_in_a_headline_line() -> None:
    body = "‘We will rebuild the pier,’ says harbour master\n\nWork begins in June."
    [quote] = find_quotes(body)
    assert quote.text == "We will rebuild the pier,"


@pytest.mark.parametrize("body", [
    'The standoff became known in the town as "the bin wars."',
    'Critics called the scheme "madness".',
    'She wrote the memoir "Salt and Iron" after leaving the navy.',
    'He hosts the podcast "The Long Tide" on weekends.',
])
def test_scare_quotes_and_titles_are_not_quotes(body: str) -> None:
    assert find_quotes(body) == []


# --- speakers ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, speaker, role, cue", [
    ('"The road is closed until Friday," Inspector Tom Adeyemi said.', "Tom Adeyemi", "Inspector", "said"),
    ('"The road is closed until Friday," said Dana Whitlock, who runs the garage.', "Dana Whitlock", "", "said"),
    ('"The road is closed until Friday," Dana Whitlock told reporters.', "Dana Whitlock", "", "told"),
    ('The road is closed until Friday, "and maybe longer," according to Dana Whitlock.', "Dana Whitlock", "",
     "according to"),
    ('In a statement, the highways agency said: "The road is closed until Friday."', "highways agency", "", "said"),
    ('"The road is closed until Friday," the British government said in a statement.', "British government", "",
     "said"),
    ('Foreign Secretary Helen Marr arrived on Monday. "We are ready to talk," Marr said.', "Helen Marr",
     "Foreign Secretary", "said"),
    ('The mayor, Annika Lowe, visited the site. "It is a mess," she said.', "Annika Lowe", "mayor", "said"),
    ('Mayor Annika Lowe visited the site. "It is a mess," the mayor said.', "Annika Lowe", "Mayor", "said"),
    ('Ben Ito, the harbour master, checked the lines. "Nobody sails today," he added.', "Ben Ito",
     "harbour master", "added"),
    ('Okonjo: "We showed what we are about."', "Okonjo", "", ":"),
])
def test_speaker_role_and_cue(body: str, speaker: str, role: str, cue: str) -> None:
    [quote] = find_quotes(body)
    assert (quote.speaker, quote.role, quote.cue) == (speaker, role, cue)
    assert quote.speaker_span is not None


@pytest.mark.parametrize("body, speaker, relay", [
    ('Dana Whitlock said, "The road is closed until Friday," Sky News reported.', "Dana Whitlock", "Sky News"),
    ('"The road is closed until Friday," Dana Whitlock said, reported Sky News.', "Dana Whitlock", "Sky News"),
    ('"The road is closed until Friday," Dana Whitlock told Radio Saltmere.', "Dana Whitlock", "Radio Saltmere"),
    ('"The road is closed until Friday," Sky News reported.', "", "Sky News"),
    ('According to Sky News, "the road is closed until Friday and maybe longer."', "", "Sky News"),
])
def test_outlets_are_relays_never_speakers(body: str, speaker: str, relay: str) -> None:
    [quote] = find_quotes(body)
    assert (quote.speaker, quote.relay) == (speaker, relay)


def test_pronoun_follows_the_nearest_person_of_its_gender() -> None:
    body = ('Councillor Rita Vance and the developer, Owen Pike, met on Tuesday. Vance said her ward had waited '
            'long enough.\n\n"We want spades in the ground by spring," she said.\n\n'
            '"Spring is ambitious," he said.')
    quotes = find_quotes(body)
    assert [q.speaker for q in quotes] == ["Rita Vance", "Owen Pike"]


def test_floating_paragraph_inherits_only_right_after_an_attributed_quote() -> None:
    body = ('"We will appeal the ruling," the club\'s chair, Marta Silva, said.\n\n'
            '"This is not the end of the matter."\n\n'
            'The league declined to comment.\n\n'
            '"Nobody expected the verdict to land this early."')
    quotes = find_quotes(body)
    assert [q.speaker for q in quotes] == ["Marta Silva", "Marta Silva", ""]


def test_excluded_heading_is_never_a_speaker_and_starts_no_quote() -> None:
    body = ('Harbour Lights Quartet\n\n"We play every Friday," the band said.\n\n'
            '"Quoted caption text," photo by Ada Ray')
    caption = body.index('"Quoted caption')
    exclude = [Span(0, len("Harbour Lights Quartet")), Span(caption, len(body))]
    quotes = find_quotes(body, exclude)
    assert [(q.text, q.speaker) for q in quotes] == [("We play every Friday,", "band")]


# --- bad input ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "",
    '"',
    '"""""""""',
    "“ ” ‘ ’ « » „ \" '",
    "12345 67890 -- ++ ** \"\" ''",
    '"Open quote with no end ' * 500,
    "x" * 50_000 + '"' + "y" * 50_000,
    "\x00\x01\x02 \"quoted\x07\" \x1b[31m said Bob\x7f",
    "قال الوزير \"سنبني الجسر\" يوم الاثنين. שלום \"עולם\" אמר דני.",
    "“混合”的文本, said 王伟. \"Ελληνικά λόγια,\" είπε η Μαρία.",
    "\u202eReversed \"text\" here\u202c said Ann.",
    "said said said \"\" said \" \" told told according to",
])
def test_bad_input_never_raises(body: str) -> None:
    quotes = find_quotes(body)
    check_spans(body, quotes)


def test_a_200000_character_sentence_is_handled_quickly() -> None:
    body = ('He said "yes" and she said "no, not yet" and they said "maybe", ' * 3400)[:200_000]
    start = time.perf_counter()
    quotes = find_quotes(body)
    assert time.perf_counter() - start < 5.0
    check_spans(body, quotes)


def test_random_marks_never_raise() -> None:
    rng = random.Random(11)
    alphabet = list("abc XYZ,.;:!?-—\n\n\"'“”‘’«»()")
    alphabet += ["said", "told", "he", "Mayor", "Ann Lee", "according to"]
    for _ in range(300):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        check_spans(body, find_quotes(body))


