"""Quote extraction scored against gold, printed as figures.

- our annotated set (tests/fixtures/quotes/*.json, original fiction),
- the seed pair, with gold built at run time from ../shared/seeds/GOLD.md,
- PolNeAR's direct quotes (../shared/data/polnear), real US political news, for reference.

Quote spans are scored by token overlap as Citron's metrics do (bbc/citron `citron/metrics.py`): predicted
word tokens inside gold spans over all predicted tokens (precision) and over all gold tokens (recall),
micro-averaged. Speaker accuracy is over gold quotes that some prediction overlaps (the prediction with
most overlap speaks for it), as GenderGapTracker's evaluation counts it.

Run: .venv/bin/python tests/bench/eval_quotes.py
"""
from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"
FIXTURES = PROJECT / "tests" / "fixtures" / "quotes"
POLNEAR = SHARED / "data" / "polnear" / "articles.jsonl"
sys.path.insert(0, str(PROJECT))  # run as a script from anywhere

from core.model import Quote, Span  # noqa: E402
from core.quotes import find_quotes  # noqa: E402

_TOKEN = re.compile(r"\w+")
_WORDS = re.compile(r"\w+(?:['’]\w+)*")
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you"}
_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "for", "to", "at", "in", "on", "his", "her", "its", "their"}


@dataclass
class GoldQuote:
    parts: list[Span]
    speaker: str = ""
    relay: str = ""
    partial: bool = False
    source_spans: list[Span] = field(default_factory=list)


@dataclass
class Case:
    name: str
    body: str
    quotes: list[GoldQuote]
    exclude: list[Span] = field(default_factory=list)


@dataclass
class Score:
    overlap: int = 0
    predicted: int = 0
    gold: int = 0
    gold_quotes: int = 0
    matched: int = 0
    speaker_right: int = 0
    named_matched: int = 0  # matched gold quotes whose gold speaker is not a bare pronoun
    named_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0


def tokens_in(body: str, spans: Iterable[Span]) -> set[int]:
    """Start offsets of the word tokens that overlap any of the spans."""
    found: set[int] = set()
    for span in spans:
        found.update(m.start() for m in _TOKEN.finditer(body, max(0, span.start - 40), span.end)
                     if m.end() > span.start)
    return found


def same_speaker(predicted: str, gold: str) -> bool:
    """Equal after casefold, or the same surname (last word); an empty gold wants an empty prediction."""
    p, g = predicted.casefold().strip(), gold.casefold().strip()
    if not g or not p:
        return p == g
    p_words, g_words = _WORDS.findall(p), _WORDS.findall(g)
    return p == g or bool(p_words and g_words and p_words[-1] == g_words[-1])


def overlapping_source(predicted: Quote, gold: GoldQuote, body: str) -> bool:
    """PolNeAR: our speaker shares a content word with the gold source text (or its last token)."""
    source = " ".join(body[s.start:s.end] for s in gold.source_spans).casefold()
    source_words = [w for w in _WORDS.findall(source)]
    ours = {w for w in _WORDS.findall(predicted.speaker.casefold()) if w not in _FUNCTION_WORDS}
    return bool(source_words) and (bool(ours & (set(source_words) - _FUNCTION_WORDS))
                                   or source_words[-1] in ours)


def score_case(case: Case, score: Score, speaker_test=None) -> None:
    """Adds one article's token overlap and speaker results to `score`."""
    predicted = find_quotes(case.body, case.exclude)
    pred_tokens = tokens_in(case.body, [p for q in predicted for p in q.parts])
    gold_tokens = tokens_in(case.body, [p for g in case.quotes for p in g.parts])
    score.overlap += len(pred_tokens & gold_tokens)
    score.predicted += len(pred_tokens)
    score.gold += len(gold_tokens)
    per_quote = [(q, tokens_in(case.body, q.parts)) for q in predicted]
    for gold in case.quotes:
        score.gold_quotes += 1
        wanted = tokens_in(case.body, gold.parts)
        best = max(per_quote, key=lambda qt: len(qt[1] & wanted), default=None)
        if best is None or not best[1] & wanted:
            score.misses.append(f"{case.name}: missed {case.body[gold.parts[0].start:gold.parts[0].end][:60]!r}")
            continue
        score.matched += 1
        quote = best[0]
        right = speaker_test(quote, gold, case.body) if speaker_test else same_speaker(quote.speaker, gold.speaker)
        score.speaker_right += right
        if gold.speaker.casefold().strip() not in _PRONOUNS:
            score.named_matched += 1
            score.named_right += right
        if not right:
            score.misses.append(f"{case.name}: speaker {quote.speaker!r}, gold {gold.speaker!r} for "
                                f"{quote.text[:50]!r}")


# --- gold sets ------------------------------------------------------------------------------------------

def fixture_cases(folder: Path = FIXTURES) -> list[Case]:
    """Our annotated articles: body, excluded furniture and gold quotes with offsets."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        quotes = [GoldQuote([Span(p["start"], p["end"]) for p in q["parts"]], q["speaker"], q["relay"], q["partial"])
                  for q in data["quotes"]]
        exclude = [Span(e["start"], e["end"]) for e in data["exclude"]]
        cases.append(Case(data["name"], data["body"], quotes, exclude))
    return cases


_SEED_NAME = re.compile(r"`(\d{3}_[0-9a-f]+\.txt)`\s*\(call it ([A-Z])")
_NUMBERED_QUOTE = re.compile(r'^\d+\.\s+"([^"]+)"', re.MULTILINE)
_SPEAKER_LINE = re.compile(r"Speaker:\s*([^.(;]+?)\s+in both")
_ONLY_LINE = re.compile(r"^- ([A-Z]) only: (.+)$", re.MULTILINE)
_ONLY_QUOTE = re.compile(r'"([^"]+)"\s*\(([^)]*)\)')
_MARKS_OPEN = "\"“"
_MARKS_CLOSE = "\"”"


def seed_cases(seeds: Path = SHARED / "seeds") -> list[Case]:
    """The seed pair with gold quotes read from GOLD.md's lists ("Shared quotes", "Quotes in one article only")."""
    gold_md = (seeds / "GOLD.md").read_text(encoding="utf-8")
    files = {label: seeds / name for name, label in _SEED_NAME.findall(gold_md)}
    bodies = {label: path.read_text(encoding="utf-8") for label, path in files.items()}
    wanted: dict[str, list[tuple[str, str]]] = {label: [] for label in bodies}
    shared = gold_md.split("## Shared quotes", 1)[1].split("\n## ", 1)[0]
    for item in re.split(r"\n(?=\d+\.\s)", shared.strip()):
        text = _NUMBERED_QUOTE.search(item)
        speaker = _SPEAKER_LINE.search(item)
        if text and speaker:
            for label in bodies:
                wanted[label].append((text.group(1), speaker.group(1).strip()))
    only = gold_md.split("## Quotes in one article only", 1)[1].split("\n## ", 1)[0]
    only = re.sub(r"\n[ \t]+", " ", only)  # a list item wrapped onto indented lines
    for label, line in _ONLY_LINE.findall(only):
        for text, note in _ONLY_QUOTE.findall(line):
            wanted[label].append((text, "" if "not named" in note else note.strip()))
    cases = []
    for label, body in sorted(bodies.items()):
        quotes = [GoldQuote([span], speaker) for text, speaker in wanted[label]
                  if (span := locate_quote(body, text)) is not None]
        cases.append(Case(f"seed {label}", body, quotes))
    return cases


def locate_quote(body: str, text: str) -> Span | None:
    """The quoted span of `body` holding five consecutive words of `text` (spelling of marks and
    abbreviations may differ), widened to its quote marks."""
    body_words = [(m.group().casefold(), m.start()) for m in _WORDS.finditer(body)]
    index = {}
    for n, (word, _) in enumerate(body_words):
        index.setdefault(word, []).append(n)
    for piece in re.split(r"\s*(?:\.\.\.|…)\s*", text):
        words = [w.casefold() for w in _WORDS.findall(piece)]
        size = min(5, len(words))
        for start in range(0, len(words) - size + 1):
            window = words[start:start + size]
            for n in index.get(window[0], []):
                if [w for w, _ in body_words[n:n + size]] == window:
                    return _widen_to_marks(body, body_words[n][1])
    return None


def _widen_to_marks(body: str, pos: int) -> Span | None:
    line_start = body.rfind("\n", 0, pos) + 1
    line_end = body.find("\n", pos)
    line_end = len(body) if line_end == -1 else line_end
    left = max(body.rfind(m, line_start, pos) for m in _MARKS_OPEN)
    rights = [r for r in (body.find(m, pos, line_end) for m in _MARKS_CLOSE) if r != -1]
    if left == -1 or not rights:
        return None
    start, end = left + 1, min(rights)
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return Span(start, end)


def polnear_cases(path: Path = POLNEAR) -> list[Case]:
    """PolNeAR articles with their direct attributions: content spans as gold quotes, source spans as speakers."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        quotes = []
        for attribution in record["attributions"]:
            if not attribution.get("direct") or not attribution.get("content"):
                continue
            parts = [Span(a, b) for content in attribution["content"] for a, b in content["spans"]]
            sources = [Span(a, b) for source in attribution.get("source") or [] for a, b in source["spans"]]
            speaker = " ".join(record["text"][s.start:s.end] for s in sources)
            quotes.append(GoldQuote(parts, speaker, source_spans=sources))
        cases.append(Case(record["id"], record["text"], quotes))
    return cases


# --- speed ----------------------------------------------------------------------------------------------

def speed_text() -> str:
    """About 1,000 words of the team's demo corpus (three outlets on one flood), whole paragraphs."""
    from core.readers import read_file
    folder = PROJECT / "resources" / "demo" / "articles"
    names = ("harbour_wire_saltmere_flood.txt", "the_northern_ledger_saltmere_flood.html",
             "coastline_daily_saltmere_flood.md")
    paragraphs = [p for name in names for p in read_file(folder / name).articles[0].body.split("\n\n")]
    text, words = [], 0
    for paragraph in paragraphs:
        if words >= 1000:
            break
        text.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(text)


def median_ms(text: str, runs: int = 300) -> float:
    find_quotes(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        find_quotes(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _report(title: str, score: Score, extra: str = "") -> None:
    print(f"{title}: overlap F1 {score.f1:.3f} (precision {score.precision:.3f}, recall {score.recall:.3f}); "
          f"speaker accuracy {score.speaker_accuracy:.3f} ({score.speaker_right}/{score.matched} matched, "
          f"{score.gold_quotes} gold quotes){extra}")


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    ours = Score()
    for case in fixture_cases():
        score_case(case, ours)
    _report(f"annotated set ({len(fixture_cases())} articles)", ours)
    if verbose:
        print("  " + "\n  ".join(ours.misses))
    if (SHARED / "seeds" / "GOLD.md").is_file():
        seeds = Score()
        for case in seed_cases():
            score_case(case, seeds)
        _report("seeds (GOLD.md)", seeds)
        if verbose:
            print("  " + "\n  ".join(seeds.misses))
    else:
        print("seeds: ../shared/seeds is absent, skipped")
    if POLNEAR.is_file():
        real = Score()
        cases = polnear_cases()
        for case in cases:
            score_case(case, real, overlapping_source)
        named = real.named_right / real.named_matched if real.named_matched else 0.0
        _report(f"PolNeAR direct quotes ({len(cases)} articles)", real,
                f"; {named:.3f} ({real.named_right}/{real.named_matched}) where the gold source is not a bare "
                "pronoun (a resolved 'he' never matches the string 'he')")
        if verbose:
            print("  " + "\n  ".join(real.misses[:60]))
        rates = []
        for case in cases[:200]:
            words = len(case.body.split())
            if words >= 300:
                rates.append(median_ms(case.body, runs=15) * 1000 / words)
        print(f"PolNeAR speed: median {statistics.median(rates):.3f} ms per 1,000 words over {len(rates)} articles")
    else:
        print("PolNeAR: ../shared/data/polnear is absent, skipped")
    text = speed_text()
    print(f"speed: find_quotes median {median_ms(text):.3f} ms on a {len(text.split())}-word demo article")


if __name__ == "__main__":
    main(sys.argv[1:])
