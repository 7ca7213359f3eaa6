"""Sentence splitting (core.sentences): a table of tricky news sentences, the seed and demo
articles, real news (ECB+), bad input and the offset contract.

Measured when the splitter was chosen (see core/sentences.py), cases = this file's table:
  option                    table (84 + 40 blind)   seeds+demo (140 sentences)   ECB+ boundary F1 (clean / all)
  sentencex 1.0.32          76/84, 38/40            134/140                      0.961 / 0.900
  sentencex + post-pass     81/84, 38/40            136/140                      0.962 / 0.901
  own rules (this module)   84/84, 39/40 -> 40/40   140/140                      0.991 / 0.915
Four of sentencex's six seed/demo misses are policy: it keeps a quote of several sentences whole,
where these rules (like the ECB+ gold) split it; the other two are "2 a.m. | Tuesday". Counting
only ECB+ boundaries outside quote marks, F1 is 0.976 for sentencex and 0.990 here (clean articles).
Both are fast enough: sentencex ~0.04 ms, these rules ~0.4 ms per 1,000 words.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from conftest import PROJECT, SHARED
from core.model import Sentence
from core.readers import read_file
from core.sentences import paragraphs, split_sentences

DEMO = PROJECT / "resources" / "demo" / "articles"

# (one paragraph, the sentences it holds) -- fictional news sentences written for these tests
CASES = [
    ('The minister flew to the U.K. on Monday. She met officials there.', ['The minister flew to the U.K. on Monday.', 'She met officials there.']),
    ('Aid from the U.S. and the U.K. arrived on Friday.', ['Aid from the U.S. and the U.K. arrived on Friday.']),
    ('Talks resume on Jan. 17 in Geneva. Both sides agreed.', ['Talks resume on Jan. 17 in Geneva.', 'Both sides agreed.']),
    ('She spoke in Washington, D.C., on Tuesday.', ['She spoke in Washington, D.C., on Tuesday.']),
    ('She landed in Washington, D.C. He met her at the airport.', ['She landed in Washington, D.C.', 'He met her at the airport.']),
    ('Mr. Okafor and Mrs. Lindqvist signed the deal.', ['Mr. Okafor and Mrs. Lindqvist signed the deal.']),
    ('Gen. Harlow Vance inspected the troops. Lt. Col. Amaya Reyes followed.', ['Gen. Harlow Vance inspected the troops.', 'Lt. Col. Amaya Reyes followed.']),
    ('The vote closes at 9 p.m. on Sunday.', ['The vote closes at 9 p.m. on Sunday.']),
    ('The vote closed at 9 p.m. The count began at once.', ['The vote closed at 9 p.m.', 'The count began at once.']),
    ('Doors open at 8 a.m. and close at noon.', ['Doors open at 8 a.m. and close at noon.']),
    ('He arrived at No. 10 Downing Street before lunch.', ['He arrived at No. 10 Downing Street before lunch.']),
    ("She was taken to St. Brigid's Hospital. Her condition is stable.", ["She was taken to St. Brigid's Hospital.", 'Her condition is stable.']),
    ('The crowd gathered on Elm St. It was cold.', ['The crowd gathered on Elm St.', 'It was cold.']),
    ('"We will win," he said.', ['"We will win," he said.']),
    ('"We will win." He left the stage.', ['"We will win."', 'He left the stage.']),
    ('"We will not give up," Mayor Ilse Moreau said. "The town will be rebuilt."', ['"We will not give up," Mayor Ilse Moreau said.', '"The town will be rebuilt."']),
    ('“We are ready,” she said. “The boats are out.”', ['“We are ready,” she said.', '“The boats are out.”']),
    ('She called it "a textbook rescue." Nobody was hurt.', ['She called it "a textbook rescue."', 'Nobody was hurt.']),
    ('She called the plan "reckless." The council disagreed.', ['She called the plan "reckless."', 'The council disagreed.']),
    ('"Is it safe?" asked one resident.', ['"Is it safe?" asked one resident.']),
    ('"Get out now!" the officer shouted at the crowd.', ['"Get out now!" the officer shouted at the crowd.']),
    ('He paused... and then he resigned.', ['He paused... and then he resigned.']),
    ('He paused… and then he resigned.', ['He paused… and then he resigned.']),
    ('The talks stalled... Nobody knows what comes next.', ['The talks stalled...', 'Nobody knows what comes next.']),
    ('The river rose 4.7 metres overnight.', ['The river rose 4.7 metres overnight.']),
    ('The train left at 2.30pm. It was late.', ['The train left at 2.30pm.', 'It was late.']),
    ('Prices rose 3.5 percent in March. Wages rose 2.1 percent.', ['Prices rose 3.5 percent in March.', 'Wages rose 2.1 percent.']),
    ('1. Bring water. 2. Bring a torch.', ['1. Bring water.', '2. Bring a torch.']),
    ('1. First item', ['1. First item']),
    ('The company, Vantor Inc., posted a loss. Its shares fell.', ['The company, Vantor Inc., posted a loss.', 'Its shares fell.']),
    ('Dr. Amina Osei said the tests were clear.', ['Dr. Amina Osei said the tests were clear.']),
    ('The report by J. R. Halloran was published on Monday.', ['The report by J. R. Halloran was published on Monday.']),
    ('Sen. Ruth Calder, D-Ore., voted against the bill.', ['Sen. Ruth Calder, D-Ore., voted against the bill.']),
    ('Is the bridge safe? Engineers are not sure.', ['Is the bridge safe?', 'Engineers are not sure.']),
    ('Stop! The road is closed.', ['Stop!', 'The road is closed.']),
    ('The U.N. Security Council met on Friday.', ['The U.N. Security Council met on Friday.']),
    ('He moved to the U.S. in 1998.', ['He moved to the U.S. in 1998.']),
    ('He moved to the U.S. The rest is history.', ['He moved to the U.S.', 'The rest is history.']),
    ('The agency said about 1,200 people, i.e. most residents, had left.', ['The agency said about 1,200 people, i.e. most residents, had left.']),
    ('The budget is $4.5 billion. That is a record.', ['The budget is $4.5 billion.', 'That is a record.']),
    ('Visit harbourwire.example for updates. The site is free.', ['Visit harbourwire.example for updates.', 'The site is free.']),
    ('The fire began at approx. 3 a.m. on Sunday.', ['The fire began at approx. 3 a.m. on Sunday.']),
    ('Ms. Dunmore runs the cafe. She opened it in 2015.', ['Ms. Dunmore runs the cafe.', 'She opened it in 2015.']),
    ('The meeting is on Feb. 3. It will be public.', ['The meeting is on Feb. 3.', 'It will be public.']),
    ('Officials (including the mayor) attended. The press did not.', ['Officials (including the mayor) attended.', 'The press did not.']),
    ('She said: "We stand together. We will rebuild." The crowd cheered.', ['She said: "We stand together.', 'We will rebuild."', 'The crowd cheered.']),
    ('Prof. Ilse Brandt of the university (est. 1850) spoke first.', ['Prof. Ilse Brandt of the university (est. 1850) spoke first.']),
    ('The plan cost 2.4 million euros. Work starts in Sept. next year.', ['The plan cost 2.4 million euros.', 'Work starts in Sept. next year.']),
    ('Gov. Tessa Maren visited Ore. on Monday.', ['Gov. Tessa Maren visited Ore. on Monday.']),
    ('Jan. 17 (UPI) -- The minister arrived in Ottawa on Tuesday.', ['Jan. 17 (UPI) -- The minister arrived in Ottawa on Tuesday.']),
    ('The vote was 5-4. The measure passed.', ['The vote was 5-4.', 'The measure passed.']),
    ('Rev. Samuel Oduya led the service, then left at 11 a.m. Mourners stayed.', ['Rev. Samuel Oduya led the service, then left at 11 a.m.', 'Mourners stayed.']),
    ('"They were told to leave." Police said nobody refused.', ['"They were told to leave."', 'Police said nobody refused.']),
    ('"Why now?" she asked. "Why not last year?"', ['"Why now?" she asked.', '"Why not last year?"']),
    ('The firm was founded by A. B. Coleman in 1921. It still trades.', ['The firm was founded by A. B. Coleman in 1921.', 'It still trades.']),
    ('Flights to the E.U. resumed. Airlines welcomed the move.', ['Flights to the E.U. resumed.', 'Airlines welcomed the move.']),
    ('The temperature fell to -3.5C overnight. Roads froze.', ['The temperature fell to -3.5C overnight.', 'Roads froze.']),
    ("He said 'no comment.' Then he left.", ["He said 'no comment.'", 'Then he left.']),
    ('Version 2.0 of the app launched today. Users can update it now.', ['Version 2.0 of the app launched today.', 'Users can update it now.']),
    ('U.S. President Joan Avery said the talks would continue.', ['U.S. President Joan Avery said the talks would continue.']),
    ('They sold books, maps, etc. The shop closed in May.', ['They sold books, maps, etc.', 'The shop closed in May.']),
    ('He earned a Ph.D. in 2001 and joined the faculty.', ['He earned a Ph.D. in 2001 and joined the faculty.']),
    ('Sen. Ruth Calder (D-Ore.) said she would vote no.', ['Sen. Ruth Calder (D-Ore.) said she would vote no.']),
    ('(The figure was later revised.) Officials said it was a typo.', ['(The figure was later revised.)', 'Officials said it was a typo.']),
    ('"Stay home," police said. "The roads are flooded."', ['"Stay home," police said.', '"The roads are flooded."']),
    ('The mayor — who was re-elected in May — said no. Council members agreed.', ['The mayor — who was re-elected in May — said no.', 'Council members agreed.']),
    ('The deal was signed with Vantor Corp. The firm employs 400 people.', ['The deal was signed with Vantor Corp.', 'The firm employs 400 people.']),
    ('A team from No. 10 said the plan was final.', ['A team from No. 10 said the plan was final.']),
    ('“It stays closed until it is safe,” said the mayor. “Nobody should cross.”', ['“It stays closed until it is safe,” said the mayor.', '“Nobody should cross.”']),
    ('The index fell 1.5%. Traders blamed the weather.', ['The index fell 1.5%.', 'Traders blamed the weather.']),
    ('She was born on Aug. 4, 1961, in Leeds.', ['She was born on Aug. 4, 1961, in Leeds.']),
    ('The plane left at 6:45 a.m. ET on Friday.', ['The plane left at 6:45 a.m. ET on Friday.']),
    ('Temperatures hit 41C in Spain. In France, records fell.', ['Temperatures hit 41C in Spain.', 'In France, records fell.']),
    ('"I don\'t know," he said, "but we will find out."', ['"I don\'t know," he said, "but we will find out."']),
    ('Police arrested two men. A third escaped.', ['Police arrested two men.', 'A third escaped.']),
    ('The bill passed 52-48. Senators then adjourned.', ['The bill passed 52-48.', 'Senators then adjourned.']),
    ('See pp. 12-14 of the report for details.', ['See pp. 12-14 of the report for details.']),
    ('The convoy reached Kyiv. It carried food and fuel.', ['The convoy reached Kyiv.', 'It carried food and fuel.']),
    ('They met at 10 a.m. They spoke for an hour.', ['They met at 10 a.m.', 'They spoke for an hour.']),
    ('The scheme, run by Hollin & Co., ended in 2020.', ['The scheme, run by Hollin & Co., ended in 2020.']),
    ('What now? Nobody in the room had an answer!', ['What now?', 'Nobody in the room had an answer!']),
    ('She asked whether the bridge was safe. The engineer shrugged.', ['She asked whether the bridge was safe.', 'The engineer shrugged.']),
    ('Capt. Lewis Haddow led the crew. Sgt. Ana Pires drove.', ['Capt. Lewis Haddow led the crew.', 'Sgt. Ana Pires drove.']),
    ('The river rose 2.9 m. Roads closed at once.', ['The river rose 2.9 m.', 'Roads closed at once.']),
    # written after the rules were frozen, as a blind check (39/40 then; "H.R. 1234" was fixed)
    ('The ship docked at Port Said on Thursday. Crews began unloading grain.', ['The ship docked at Port Said on Thursday.', 'Crews began unloading grain.']),
    ('Insp. Maud Keller said the van was stolen. It was found two days later.', ['Insp. Maud Keller said the van was stolen.', 'It was found two days later.']),
    ('The U.K. government denied the report. A spokesman called it false.', ['The U.K. government denied the report.', 'A spokesman called it false.']),
    ('Polls close at 8 p.m. local time. Results are due by midnight.', ['Polls close at 8 p.m. local time.', 'Results are due by midnight.']),
    ('"Where is the money?" shouted a protester. Police moved in.', ['"Where is the money?" shouted a protester.', 'Police moved in.']),
    ('“Enough,” she said. “We are leaving now.” The door shut.', ['“Enough,” she said.', '“We are leaving now.”', 'The door shut.']),
    ('He studied at St. Andrews and Oxford. Later he taught in Boston.', ['He studied at St. Andrews and Oxford.', 'Later he taught in Boston.']),
    ('The firm, Orlo Ltd., denied wrongdoing.', ['The firm, Orlo Ltd., denied wrongdoing.']),
    ('Rates rose to 5.25 per cent. Mortgages will cost more.', ['Rates rose to 5.25 per cent.', 'Mortgages will cost more.']),
    ('The strike began on Oct. 2 and ended on Nov. 9. Talks continue.', ['The strike began on Oct. 2 and ended on Nov. 9.', 'Talks continue.']),
    ('Wait... what happened next? Nobody knows.', ['Wait... what happened next?', 'Nobody knows.']),
    ('She moved to Washington, D.C. in 2010 to work for the agency.', ['She moved to Washington, D.C. in 2010 to work for the agency.']),
    ('A spokesman for No. 10 declined to comment. The opposition called for answers.', ['A spokesman for No. 10 declined to comment.', 'The opposition called for answers.']),
    ('The jury deliberated for 9 hrs. The verdict came at dusk.', ['The jury deliberated for 9 hrs.', 'The verdict came at dusk.']),
    ('Mr. and Mrs. Osei were not at home. Neighbours raised the alarm.', ['Mr. and Mrs. Osei were not at home.', 'Neighbours raised the alarm.']),
    ('The E.U. and the U.S. signed the pact. China did not.', ['The E.U. and the U.S. signed the pact.', 'China did not.']),
    ('Gov. Alma Ruiz (R-Tex.) vetoed the bill on Friday.', ['Gov. Alma Ruiz (R-Tex.) vetoed the bill on Friday.']),
    ('The tower is 310 ft. tall. It opened in 1931.', ['The tower is 310 ft. tall.', 'It opened in 1931.']),
    ('He won! The crowd went wild.', ['He won!', 'The crowd went wild.']),
    ('Officials said the toll was 12. Rescuers fear it will rise.', ['Officials said the toll was 12.', 'Rescuers fear it will rise.']),
    ('"We are heartbroken." The family asked for privacy.', ['"We are heartbroken."', 'The family asked for privacy.']),
    ('Lt. Gen. Omar Haddad arrived in Amman. He met the king.', ['Lt. Gen. Omar Haddad arrived in Amman.', 'He met the king.']),
    ('The event starts at 7:30 p.m. Tickets are free.', ['The event starts at 7:30 p.m.', 'Tickets are free.']),
    ('He cited Art. 5 of the treaty.', ['He cited Art. 5 of the treaty.']),
    ('The vote is set for Jan. 9. Lawmakers return on Jan. 8.', ['The vote is set for Jan. 9.', 'Lawmakers return on Jan. 8.']),
    ('The suspect fled to the U.S. Officials there were alerted.', ['The suspect fled to the U.S.', 'Officials there were alerted.']),
    ('He was born in St. Louis. His father was a baker.', ['He was born in St. Louis.', 'His father was a baker.']),
    ('She works at Acme Inc. Her boss praised her.', ['She works at Acme Inc.', 'Her boss praised her.']),
    ('"Run!" Ms. Patel shouted.', ['"Run!" Ms. Patel shouted.']),
    ("He said it was 'over.' Then he left.", ["He said it was 'over.'", 'Then he left.']),
    ('The bill (H.R. 1234) passed the House.', ['The bill (H.R. 1234) passed the House.']),
    ('He works for the F.B.I. The bureau declined to comment.', ['He works for the F.B.I.', 'The bureau declined to comment.']),
    ("He joined the F.B.I. Director's staff in 2004.", ["He joined the F.B.I. Director's staff in 2004."]),
    ('Sales rose 4%. Profits fell.', ['Sales rose 4%.', 'Profits fell.']),
    ('It was a long night... But the levee held.', ['It was a long night...', 'But the levee held.']),
    ('The ferry sank near Kos. Twelve people were rescued.', ['The ferry sank near Kos.', 'Twelve people were rescued.']),
    ('Dr. Ines Roy, M.D., led the team. She declined interviews.', ['Dr. Ines Roy, M.D., led the team.', 'She declined interviews.']),
    ('Turnout was 61 pct. Officials had expected more.', ['Turnout was 61 pct.', 'Officials had expected more.']),
    ('Supt. Carl Olsen confirmed two arrests. Both men were charged.', ['Supt. Carl Olsen confirmed two arrests.', 'Both men were charged.']),
    ('The match ended 0-0. Both coaches were unhappy.', ['The match ended 0-0.', 'Both coaches were unhappy.']),
]


def texts(body: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(body)]


def check_offsets(body: str, sentences: list[Sentence]) -> None:
    """The contract every caller relies on: exact, trimmed, ordered, non-overlapping spans."""
    paras = paragraphs(body)
    previous_end = 0
    for position, sentence in enumerate(sentences):
        assert sentence.index == position
        assert body[sentence.span.start:sentence.span.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.span.start >= previous_end
        para = paras[sentence.paragraph]
        assert para.start <= sentence.span.start and sentence.span.end <= para.end
        previous_end = sentence.span.end


@pytest.mark.parametrize("text, expected", CASES, ids=[text[:40] for text, _ in CASES])
def test_tricky_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_the_rules_beat_sentencex_on_the_table() -> None:
    sentencex = pytest.importorskip("sentencex")

    def theirs(text: str) -> list[str]:
        return [piece.strip() for piece in sentencex.segment("en", text) if piece.strip()]

    ours_right = sum(texts(text) == expected for text, expected in CASES)
    theirs_right = sum(theirs(text) == expected for text, expected in CASES)
    assert ours_right > theirs_right


@pytest.mark.parametrize(
    "body, expected",
    [
        ("", []),
        ("One.\n\nTwo.", ["One.", "Two."]),
        ("  One.  \n \n\n  Two.\n", ["One.", "Two."]),
        ("One line\nand another\n\n\n\nLast", ["One line\nand another", "Last"]),
        ("\r\n\r\nWindows.\r\n\r\nLines.", ["Windows.", "Lines."]),
        (" \n\n \n\n", []),
    ],
)
def test_paragraphs_split_on_blank_lines(body: str, expected: list[str]) -> None:
    assert [span.text(body) for span in paragraphs(body)] == expected


def test_paragraphs_limit_stops_early() -> None:
    assert [span.text("A\n\nB\n\nC") for span in paragraphs("A\n\nB\n\nC", limit=2)] == ["A", "B"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("He met Gen.\n\nHarlow Vance later.", [("He met Gen.", 0), ("Harlow Vance later.", 1)]),
        ('"We will win,\n\n" he said.', [('"We will win,', 0), ('" he said.', 1)]),
        ("First paragraph ends here\n\nSecond starts. And goes on.", [("First paragraph ends here", 0), ("Second starts.", 1), ("And goes on.", 1)]),
    ],
)
def test_sentences_never_cross_a_paragraph_break(body: str, expected: list[tuple[str, int]]) -> None:
    assert [(s.text, s.paragraph) for s in split_sentences(body)] == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # furniture glued to real text is cut off as a piece of its own (core.cleaning marks it)
        ("The ferry left at dawn. File Photo by Ana Reyes/Harbour Wire | License Photo",
         ["The ferry left at dawn.", "File Photo by Ana Reyes/Harbour Wire | License Photo"]),
        ("Crowds gathered by the quay File Photo by Ana Reyes/Harbour Wire | License Photo The council met on Monday.",
         ["Crowds gathered by the quay", "File Photo by Ana Reyes/Harbour Wire | License Photo", "The council met on Monday."]),
        ("Rescuers reached the island on Wednesday. Advertisement",
         ["Rescuers reached the island on Wednesday.", "Advertisement"]),
        ("Advertisement The river fell overnight.", ["Advertisement", "The river fell overnight."]),
        ("Divers searched the harbour (Photo by Ana Reyes / AFP)",
         ["Divers searched the harbour", "(Photo by Ana Reyes / AFP)"]),
        ("A boat crew at work. Photograph: Ana Reyes/The Ledger", ["A boat crew at work.", "Photograph: Ana Reyes/The Ledger"]),
        # ... but the words inside running text are not furniture
        ("The Advertisement Standards Authority ruled on Monday.", ["The Advertisement Standards Authority ruled on Monday."]),
        ("She said the photo by the river was fake.", ["She said the photo by the river was fake."]),
    ],
)
def test_glued_furniture_becomes_its_own_piece(body: str, expected: list[str]) -> None:
    assert texts(body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Bring:\n1. Water\n2. A torch", ["Bring:", "1. Water", "2. A torch"]),
        ("Flood update\nThe river fell overnight.", ["Flood update", "The river fell overnight."]),
        # a wrapped line of running text is not a heading: the sentence goes on
        ("The council said on Tuesday evening that the long-delayed embankment works would\nResume next spring.",
         ["The council said on Tuesday evening that the long-delayed embankment works would\nResume next spring."]),
        ("the engineers said the pier\nwas sound.", ["the engineers said the pier\nwas sound."]),
    ],
)
def test_single_line_breaks(body: str, expected: list[str]) -> None:
    assert texts(body) == expected


def article_body(path: Path) -> str:
    (article,) = read_file(path).articles
    return article.body


# sentences per demo article, reviewed by hand (multi-sentence quotes are split, "2 a.m. Tuesday" is not)
DEMO_COUNTS = {
    "harbour_wire_saltmere_flood.txt": 27,
    "the_northern_ledger_saltmere_flood.html": 24,
    "coastline_daily_saltmere_flood.md": 20,
    "valley_times_ambersley_flood.txt": 18,
    "civic_bulletin_brackenfield_library.json": 16,
}


@pytest.mark.parametrize("name, count", sorted(DEMO_COUNTS.items()))
def test_demo_articles(name: str, count: int) -> None:
    body = article_body(DEMO / name)
    sentences = split_sentences(body)
    check_offsets(body, sentences)
    assert len(sentences) == count


@pytest.mark.parametrize(
    "name, sentence",
    [
        ("harbour_wire_saltmere_flood.txt",
         "The river peaked at 4.7 meters above its normal level at the Coldharbour gauge shortly after 2 a.m. Tuesday, "
         "according to the regional river authority."),
        ("harbour_wire_saltmere_flood.txt", "He was treated for mild hypothermia at St. Aldhelm's Hospital and released later on Tuesday."),
        ("harbour_wire_saltmere_flood.txt",
         'Fenella Marchbank, chief of Saltmere Fire and Rescue, praised her crews for "textbook work in appalling conditions."'),
        ("harbour_wire_saltmere_flood.txt", "File Photo by Imogen Ashcroft/Harbour Wire | License Photo"),
        ("the_northern_ledger_saltmere_flood.html", "“Tanner’s Bridge has stood for 180 years and we are not going to gamble with anyone’s life,” said the mayor."),
        ("the_northern_ledger_saltmere_flood.html", "Now we need the council to do the same.”"),
        ("valley_times_ambersley_flood.txt", "People cannot.\""),
        ("coastline_daily_saltmere_flood.md", '"We know every eddy on that river, so it made sense for us to be out there," she said.'),
    ],
)
def test_demo_sentences(name: str, sentence: str) -> None:
    assert sentence in texts(article_body(DEMO / name))


@pytest.mark.shared
@pytest.mark.parametrize("name, count", [("000_87e16579f229c99f.txt", 18), ("001_c590c3f217d2194b.txt", 17)])
def test_seed_articles(seeds_dir: Path, name: str, count: int) -> None:
    body = article_body(seeds_dir / name)
    sentences = split_sentences(body)
    check_offsets(body, sentences)
    assert len(sentences) == count
    found = [s.text for s in sentences]
    if name.startswith("000"):
        assert "File Photo by Hugo Philpott/UPI | License Photo" in found  # cut off its caption
        assert "Advertisement" in found  # cut off "... on Wednesday."
        assert any(text.startswith("Jan. 17 (UPI) -- British Foreign Secretary") for text in found)
        assert any("in Washington, D.C., on Tuesday and" in text for text in found)
    else:
        assert any(text.endswith("the Ukrainian people will win,” he added.") for text in found)


# --- real news: ECB+ keeps one sentence per line -------------------------------------------------

# ECB+ text is rebuilt from tokens: undo the spacing so it reads like a stored body.
_DETOKENISE = [
    (re.compile(r"``\s*"), "“"), (re.compile(r"\s*''"), "”"),
    (re.compile(r"\b([ap])\. m\."), r"\1.m."), (re.compile(r"(\d)\. (\d)"), r"\1.\2"),
    (re.compile(r"\(\. (\d)"), r"(.\1"), (re.compile(r"(\d): (\d)"), r"\1:\2"),
    (re.compile(r"\. (com|org|net)\b"), r".\1"), (re.compile(r"\b([A-Z])\. ([A-Z])\.(?= |'|$)"), r"\1.\2."),
    (re.compile(r" ’ s\b"), "’s"), (re.compile(r" - "), "-"),
]
_CLEAN_LINE = re.compile(r"[.!?][\"')”’]?$")


def ecb_articles() -> list[list[str]]:
    path = SHARED / "data" / "ecbplus" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent: real news lives in the read-only ../shared folder")
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        lines = []
        for text in json.loads(line)["text"].split("\n"):
            for pattern, replacement in _DETOKENISE:
                text = pattern.sub(replacement, text.strip())
            if text:
                lines.append(text)
        articles.append(lines)
    return articles


def boundaries(text: str, sentences: list[str]) -> set[int]:
    ends, position = set(), 0
    for sentence in sentences[:-1]:
        position = text.index(sentence, position) + len(sentence)
        ends.add(position)
    return ends


@pytest.mark.shared
def test_real_news_sentence_boundaries() -> None:
    """On ECB+ articles whose every line ends a sentence, boundary F1 was 0.991 (sentencex: 0.961)."""
    found = right = expected = 0
    for lines in ecb_articles():
        if not all(_CLEAN_LINE.search(line) for line in lines):
            continue  # headlines without a stop: no splitter could know
        text = " ".join(lines)
        ours, gold = boundaries(text, texts(text)), boundaries(text, lines)
        found, right, expected = found + len(ours), right + len(ours & gold), expected + len(gold)
    precision, recall = right / found, right / expected
    assert expected > 1000
    assert 2 * precision * recall / (precision + recall) > 0.98


# --- bad input and the offset contract ---------------------------------------------------------

BAD_INPUT = [
    "",
    "   \n\n  \t ",
    "...",
    "!!! ??? …",
    "12345 67.89 %%% 2024-03-06",
    "a" * 200_000,
    ("word " * 40_000).strip() + ".",
    "Mr. " * 20_000,
    ". " * 50_000,
    '"' * 5_000 + " A.",
    "שלום עולם. המשפט השני מזכיר את Benjamin Avery. סוף.",
    "قال الوزير إن الجسر مغلق. وأضاف Ahmed Karim أن العمل مستمر؟ نعم.",
    "He said\x00 no.\x07 Then\x1b he left.\x7f Done.",
    "Zero\u200bwidth. Soft\u00adhyphen. Right\u200fto\u200eleft.",
    "中文句子。第二句！第三句？",
    'Unbalanced "quote. And more. “Open only. Yes.',
    "1. 2. 3. 4. 5.",
    "Photo by " * 2_000,
    "Advertisement " * 2_000,
    "\n" * 1_000 + "Line.\nline\nLine",
    "\ud800 lone surrogate. Next.",
]


@pytest.mark.parametrize("body", BAD_INPUT, ids=[repr(body[:20]) for body in BAD_INPUT])
def test_bad_input_keeps_the_contract(body: str) -> None:
    started = time.perf_counter()
    sentences = split_sentences(body)
    assert time.perf_counter() - started < 2.0  # linear, even on 200,000 characters
    check_offsets(body, sentences)


PROPERTY_BODIES = (
    [text for text, _ in CASES]
    + ["\n\n".join(text for text, _ in CASES), "\n".join(text for text, _ in CASES), " ".join(text for text, _ in CASES)]
    + [article_body(DEMO / name) for name in sorted(DEMO_COUNTS)]
)


@pytest.mark.parametrize("body", PROPERTY_BODIES, ids=[f"{n}:{body[:24]}" for n, body in enumerate(PROPERTY_BODIES)])
def test_offsets_are_exact_ordered_and_disjoint(body: str) -> None:
    check_offsets(body, split_sentences(body))
