"""Facts one article gives and the other lacks (ENGINE §6), and the per-article fact index they rest on.

`ArticleFacts` indexes one version's facts by sentence and by family and answers the question
every omission needs first: does this article carry that fact anywhere (ENGINE §5: "B names
Toronto elsewhere, so Toronto is shared")? Only facts that fail that whole-article look-up are
reported, one difference per fact inside an aligned row ("B: 14 Challenger 2 tanks; A gives no
number"), and one difference per run of one-sided sentences at an editor's grain ("Only in A:
Iran, Alireza Akbari — ambassador, sanctioned, prosecutor, execution (2 facts, ¶10)").

Ranking follows the Pyramid method (Nenkova & Passonneau 2004): weight = how many outlets carry
the fact, then kind (numbers, people, quotes, dates > places > organisations), then position
(lead first).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from core.analysis import Version
from core.model import Difference, Fact, Side
from core.normalise import acronym_fits, same_person_evidence, spelling_key
from core.numwords import PERSON_NOUNS
from core.quantities import quantity_relation
from core.speakers import is_outlet
from core.timex import time_relation

FAMILY = {"number": "quantity", "money": "quantity", "percent": "quantity", "date": "time", "time": "time",
          "weekday": "time", "relative_date": "time", "person": "person", "place": "place",
          "organisation": "organisation"}
# §6: numbers, people, quotes, dates > places > organisations.
KIND_RANK = {"quantity": 0, "person": 0, "quote": 0, "time": 0, "place": 1, "organisation": 2}
_LACKS = {"number": "gives no number", "money": "gives no sum", "percent": "gives no percentage",
          "date": "gives no date", "weekday": "gives no day", "relative_date": "gives no date",
          "time": "gives no time"}
_PUNCTUATION = "\"'“”‘’.,;:!?()[]{}—–-…*_/"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words too common to say what a passage is about (the keyword summary of a one-sided run).
_COMMON = frozenset("""
a about above after again against all also although among an and another any are around as at be because
been before being between both but by can could did do does during each either even ever every for from
further had has have having he her here hers him his how however if in including into is it its itself
just least less like made make many may meanwhile might more most much must near nearly neither no nor not
now of off often on once one only onto or other others our out over own per perhaps rather said same says
say she should since so some still such than that the their them then there these they this those though
through to too under until up upon us very was we were what when where whether which while who whom whose
why will with within without would yet you your already recently following later earlier according told
also added says week weeks year years day days time times today yesterday tomorrow expected likely
reported reports announced announces stated confirmed claimed warned added adds wrote tells
""".split())


def label(article: int) -> str:
    """Articles are A, B, C ... in the order the comparison was given them."""
    return chr(ord("A") + article) if article < 26 else f"#{article + 1}"


def quoted(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1].rstrip() + '…'}”"


def span_side(article: int, body: str, start: int, end: int) -> Side:
    """A side whose text is exactly body[start:end] (the contract every consumer relies on)."""
    start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
    return Side(article, body[start:end], start, max(start, end))


def fact_side(article: int, body: str, fact: Fact) -> Side:
    return span_side(article, body, fact.span.start, fact.span.end)


def missing_side(article: int) -> Side:
    return Side(article, None, None, None)


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude stem for context and keyword matching: British spelling, common endings off."""
    word = spelling_key(word.lower().replace("’", "'"))
    word = word[:-2] if word.endswith("'s") else word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@lru_cache(maxsize=16384)
def same_person(a: str, b: str) -> bool:
    """same_person_evidence's verdict, cached: the same names meet again across rows and look-ups."""
    return same_person_evidence(a, b)[0]


def fact_key(fact: Fact) -> tuple[str, ...]:
    """What makes two mentions one fact for de-duplication within one article."""
    family = FAMILY.get(fact.kind, fact.kind)
    if family == "quantity":
        return (family, fact.kind, fact.value, fact.unit)
    if family == "time":
        return (family, fact.kind, fact.value, fact.detail)
    return (family, fact.value)


def agrees(fact: Fact, other: Fact) -> bool:
    """Whether `other` says the same thing as `fact`, the same or more or less specifically.

    Mere overlap is not enough for times ("3 a.m." is not carried by "shortly after 2am"), but a
    weekday and the date it falls on agree.
    """
    family = FAMILY.get(fact.kind)
    if family != FAMILY.get(other.kind):
        return False
    if family == "quantity":
        if fact.value != other.value and ".." not in fact.value and ".." not in other.value:
            return False      # two plain figures agree only when equal (a qualifier makes them merely compatible)
        relation = quantity_relation(fact, other)
        return relation in ("equal", "more_specific", "less_specific") or (
            relation == "compatible" and fact.value == other.value)
    if family == "time":
        relation = time_relation(fact, other)
        if relation in ("more_specific", "less_specific"):
            return "relative_date" not in (fact.kind, other.kind) or max(_days(fact), _days(other)) <= 8
        return relation == "equal" or (relation == "compatible" and {fact.kind, other.kind} <= {"weekday", "date"})
    if family == "person":
        return fact.value == other.value or same_person(fact.value, other.value)
    if family == "organisation" and (fact.detail and fact.detail == other.detail or abbreviates(fact.text, other.text)):
        return True           # one acronym, however each article spells the name out
    return fact.value == other.value


def abbreviates(a: str, b: str) -> bool:
    """ "NFL" and "National Football League": one organisation, once as its acronym."""
    short, long_ = sorted((a, b), key=len)
    return short.replace(".", "").isupper() and " " not in short and acronym_fits(short, long_)


def _fold(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").casefold()


def _days(fact: Fact) -> int:
    """How many days a relative date or weekday covers ("coming weeks": 60); unknown counts as many."""
    low, _, high = fact.detail.partition("..")
    try:
        return (date.fromisoformat(high or low) - date.fromisoformat(low)).days + 1
    except ValueError:
        return 10_000


@dataclass(eq=False)
class ArticleFacts:
    """One version's facts indexed for the comparison: by sentence, by family, and for look-ups."""

    article: int
    version: Version
    by_sentence: dict[int, list[Fact]] = field(default_factory=dict)
    by_family: dict[str, list[Fact]] = field(default_factory=dict)
    _body_key: str | None = None
    _stems: frozenset[str] | None = None
    _carried: dict[tuple, bool] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _distinct: dict[str, list[Fact]] = field(default_factory=dict)    # family -> one mention per fact
    _by_unit: dict[str, list[Fact]] = field(default_factory=dict)     # quantities by the unit they count
    _values: dict[str, set[str]] = field(default_factory=dict)        # entity family -> values
    _quoted: dict[int, bool] = field(default_factory=dict)
    _words: dict[int, list[tuple[str, str, int]]] = field(default_factory=dict)
    _speaker_spans: list[tuple[int, int]] | None = None
    _quote_parts: list[tuple[int, int]] | None = None

    @classmethod
    def of(cls, article: int, version: Version) -> "ArticleFacts":
        index = cls(article, version)
        sentences = version.analysis.sentences
        starts = index._starts = [s.span.start for s in sentences]
        for fact in version.analysis.facts:
            position = bisect_right(starts, fact.span.start) - 1
            if position >= 0 and fact.span.end <= sentences[position].span.end and not sentences[position].furniture:
                index.by_sentence.setdefault(position, []).append(fact)
            index.by_family.setdefault(FAMILY.get(fact.kind, fact.kind), []).append(fact)
        index._index_lookups()
        return index

    def _index_lookups(self) -> None:
        seen: set[tuple] = set()
        for family, facts in self.by_family.items():
            for fact in facts:
                key = fact_key(fact)
                if key in seen:
                    continue
                seen.add(key)
                self._distinct.setdefault(family, []).append(fact)
                if family == "quantity":
                    self._by_unit.setdefault(fact.unit, []).append(fact)
                else:
                    self._values.setdefault(family, set()).add(fact.value)
                    if fact.kind == "organisation" and fact.detail:
                        self._values.setdefault("acronym", set()).add(fact.detail)

    def _candidates(self, fact: Fact, family: str) -> list[Fact]:
        """The facts that could agree with `fact`: quantities of its unit (or none), any time, any person."""
        if family != "quantity" or not fact.unit:
            return self._distinct.get(family, [])
        found = self._by_unit.get(fact.unit, []) + self._by_unit.get("", [])
        if fact.unit in PERSON_NOUNS:
            found += [f for unit, facts in self._by_unit.items() if unit in PERSON_NOUNS and unit != fact.unit
                      for f in facts]
        return found

    @property
    def body(self) -> str:
        return self.version.body

    @property
    def sentences(self):
        return self.version.analysis.sentences

    def text_sentences(self, indices: Sequence[int]) -> list[int]:
        """The valid, non-furniture sentence indices among `indices` (rows from elsewhere are not trusted)."""
        count = len(self.sentences)
        return [i for i in indices if isinstance(i, int) and 0 <= i < count and not self.sentences[i].furniture]

    def facts_in(self, indices: Sequence[int]) -> list[Fact]:
        return [fact for i in indices for fact in self.by_sentence.get(i, ())]

    def sentence_of(self, position: int) -> int:
        """The sentence holding a body position (-1 before the first)."""
        return bisect_right(self._starts, position) - 1

    def carries(self, fact: Fact) -> bool:
        """Does this article give `fact` anywhere (any mention, any wording)? Cached per fact."""
        key = (fact.kind, fact.value, fact.unit, fact.detail, fact.text)
        if key not in self._carried:
            family = FAMILY.get(fact.kind, fact.kind)
            if family in ("place", "organisation") and fact.value in self._values.get(family, ()):
                found = True
            elif fact.kind == "organisation" and fact.detail and fact.detail in self._values.get("acronym", ()):
                found = True
            elif family == "organisation":
                found = any(abbreviates(fact.text, other.text) for other in self._distinct.get(family, ()))
            elif family == "place":
                found = False
            else:
                found = any(agrees(fact, other) for other in self._candidates(fact, family))
            if not found and family in ("person", "place", "organisation"):
                found = self.mentions(fact.text)   # an entity the extractor missed here is still named
            self._carried[key] = found
        return self._carried[key]

    def mentions(self, text: str) -> bool:
        """Whether `text` occurs in the body as whole words, case and apostrophe style aside."""
        if self._body_key is None:
            self._body_key = " ".join(_fold(self.body).split())
        key = " ".join(_fold(text).split())
        body = self._body_key
        at = body.find(key) if key else -1
        while at >= 0:
            end = at + len(key)
            if (at == 0 or not body[at - 1].isalnum()) and (end == len(body) or not body[end].isalnum()):
                return True
            at = body.find(key, at + 1)
        return False

    def quoted(self, sentence: int) -> bool:
        """Whether a sentence is mostly quoted words (a one-sided quote is reported as quote_only)."""
        if sentence not in self._quoted:
            span = self.sentences[sentence].span
            inside = sum(max(0, min(end, span.end) - max(start, span.start)) for start, end in self._parts()
                         if start < span.end and span.start < end)
            self._quoted[sentence] = inside >= 0.6 * (span.end - span.start)
        return self._quoted[sentence]

    def _parts(self) -> list[tuple[int, int]]:
        if self._quote_parts is None:
            self._quote_parts = [(p.start, p.end) for q in self.version.analysis.quotes for p in q.parts]
        return self._quote_parts

    def is_speaker(self, fact: Fact) -> bool:
        """Whether the fact names a quote's speaker: speakers are reported with their quotes."""
        if self._speaker_spans is None:
            self._speaker_spans = [(q.speaker_span.start, q.speaker_span.end)
                                   for q in self.version.analysis.quotes if q.speaker_span is not None]
        return any(s < fact.span.end and fact.span.start < e for s, e in self._speaker_spans)

    def words(self, sentence: int) -> list[tuple[str, str, int]]:
        """A sentence's candidate keywords: (lower-case word, stem, position), long lower-case words only."""
        if sentence not in self._words:
            span = self.sentences[sentence].span
            found = []
            for position, raw in enumerate(self.body[span.start:span.end].split()):
                word = raw.strip(_PUNCTUATION)
                if len(word) < 5 or not word[0].islower() or word in _COMMON:
                    continue
                word = word[:-2] if word.endswith(("'s", "’s")) else word
                found.append((word, stem(word), span.start + position))
            self._words[sentence] = found
        return self._words[sentence]

    def gives_words(self, text: str) -> bool:
        """Whether the body gives these words too, marks and case aside: a short quote or sentence the
        aligners left unpaired, or one that only changed its quotation marks, is not one-sided."""
        words = " ".join(_fold(text).split()).strip(_PUNCTUATION + " ")
        if not words or self.mentions(words):
            return True
        if len(words.split()) < 4:
            return False
        return fuzz.partial_ratio(words, self._body_key or "", score_cutoff=92) > 0

    def stems(self) -> frozenset[str]:
        if self._stems is None:
            self._stems = frozenset(stem(w) for w in _WORD.findall(self.body))
        return self._stems


# --- omissions --------------------------------------------------------------------------------------

@dataclass
class Ranked:
    """A difference with what ranks it (§6): outlets carrying it, kind, position in the carrying article."""

    difference: Difference
    weight: int
    kind_rank: int
    position: float


def carriers(fact: Fact, owner: int, indexes: Sequence[ArticleFacts]) -> int:
    """How many versions give this fact: its owner plus every other that carries it (Pyramid weight)."""
    return 1 + sum(1 for index in indexes if index.article != owner and index.carries(fact))


def fact_omission(has: ArticleFacts, lacks: ArticleFacts, fact: Fact, row: int | None, order: tuple[int, int],
                  indexes: Sequence[ArticleFacts]) -> Ranked:
    """One fact inside an aligned row that the other article gives nowhere:
    "B: 14 Challenger 2 tanks; A gives no number"."""
    lacking = _LACKS.get(fact.kind)
    said = f"{label(lacks.article)} {lacking}" if lacking else f"not in {label(lacks.article)}"
    text = fact.text + (f" ({fact.role})" if fact.kind == "person" and fact.role else "")
    sides = _ordered(fact_side(has.article, has.body, fact), missing_side(lacks.article), order)
    difference = Difference("omission", "factual", "medium", f"{label(has.article)}: {text}; {said}", sides, row,
                            evidence=f"no {fact.kind} in {label(lacks.article)} agrees with it")
    return Ranked(difference, carriers(fact, has.article, indexes), KIND_RANK.get(FAMILY[fact.kind], 1),
                    fact.span.start / max(1, len(has.body)))


def reportable(fact: Fact) -> bool:
    """Outlets are relays, reported as sourcing; never as an omitted fact."""
    return not (fact.kind == "organisation" and is_outlet(fact.text))


@dataclass
class Run:
    """Consecutive one-sided rows of one article (for one pair of articles)."""

    owner: int
    quotes: bool = False       # a run of quoted sentences, already reported one quote at a time
    rows: list[int] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)


def run_omission(run: Run, has: ArticleFacts, lacks: ArticleFacts, facts: list[Fact], order: tuple[int, int],
                 indexes: Sequence[ArticleFacts]) -> Ranked | None:
    """One difference for a run of one-sided sentences, listing the facts the other article lacks."""
    sentences = [has.sentences[i] for i in sorted(run.sentences)]
    if not sentences:
        return None
    start, end = sentences[0].span.start, sentences[-1].span.end
    paragraphs = sorted({s.paragraph + 1 for s in sentences})
    where = f"¶{paragraphs[0]}" + (f"–{paragraphs[-1]}" if paragraphs[-1] != paragraphs[0] else "")
    unique = _first_mentions(facts)
    keywords = _keywords(has, lacks, sorted(run.sentences), facts)
    # With three or more versions, say which one lacks it (merged N-way: "not in B, C").
    head = f"Only in {label(has.article)}" + (f" (not in {label(lacks.article)}): " if len(indexes) > 2 else ": ")
    if unique:
        listed = ", ".join(f.text for f in unique[:6]) + (", …" if len(unique) > 6 else "")
        tail = f" — {', '.join(keywords)}" if keywords else ""
        count = f"{len(unique)} fact{'s' if len(unique) != 1 else ''}"
        explanation = f"{head}{listed}{tail} ({count}, {where})"
    else:
        summary = ", ".join(keywords) if keywords else quoted(sentences[0].text, 60)
        explanation = f"{head}{summary} (no fact the other lacks, {where})"
    severity = "medium" if unique else "low"
    sides = _ordered(span_side(has.article, has.body, start, end), missing_side(lacks.article), order)
    difference = Difference("omission", "factual", severity, explanation, sides, run.rows[0],
                            evidence="; ".join(f"{f.kind}: {f.text}" for f in unique))
    weight = max((carriers(f, has.article, indexes) for f in unique), default=1)
    kind_rank = min((KIND_RANK.get(FAMILY[f.kind], 1) for f in unique), default=3)
    return Ranked(difference, weight, kind_rank, start / max(1, len(has.body)))


def _first_mentions(facts: list[Fact]) -> list[Fact]:
    """One mention per fact, the fullest (a full name before its surname), ranked by kind then position."""
    best: dict[tuple, Fact] = {}
    for fact in facts:
        key = fact_key(fact)
        if key not in best or (best[key].detail == "surname" and fact.detail != "surname"):
            best[key] = fact
    return sorted(best.values(), key=lambda f: (KIND_RANK.get(FAMILY[f.kind], 1), f.span.start))


def _keywords(has: ArticleFacts, lacks: ArticleFacts, sentences: list[int], facts: list[Fact],
              limit: int = 4) -> list[str]:
    """The longest words of the run that the other article never uses: what the passage is about."""
    inside = {w.lower() for f in facts for w in _WORD.findall(f.text)}
    other = lacks.stems()
    found: dict[str, int] = {}
    for sentence in sentences:
        for lower, stemmed, position in has.words(sentence):
            if lower not in inside and stemmed not in other:
                found.setdefault(lower, position)
    chosen = sorted(found, key=lambda w: (-len(w), found[w]))[:limit]
    return sorted(chosen, key=found.__getitem__)


# --- a figure the other side gives without its number ----------------------------------------------

_VAGUE_AGE = re.compile(r"\b(?:elderly|old|older|young|younger|teenage|teenager|teen|toddler|infant|baby|"
                        r"pensioner|middle-aged|octogenarian|nonagenarian|centenarian|retired|retiree)\b", re.I)
_VAGUE_COUNT = (r"\b(?:several|many|some|numerous|multiple|various|a few|a number of|a handful of|scores of|"
                r"a couple of|countless)\s+(?:[\w-]+\s+){0,2}?")
_HOMOPHONES = {"for": "4", "fore": "4", "to": "2", "too": "2", "won": "1", "ate": "8"}


def figure_without_number(has: ArticleFacts, lacks: ArticleFacts, fact: Fact, other: list[int], row: int,
                          order: tuple[int, int]) -> Difference | None:
    """What a one-sided figure is when the other side of its row says it without the number:
    "an elderly man" for "a 71-year-old man" is an addition (low); "send for weapons" where the other
    has "4 weapons" is a low-confidence note, a typo to check, never a conflict. None otherwise."""
    if FAMILY.get(fact.kind) != "quantity":
        return None
    vague = _vague_counterpart(lacks, other, fact)
    typo = None if vague is not None else _homophone(lacks, other, fact)
    found = vague or typo
    if found is None:
        return None
    sides = _ordered(fact_side(has.article, has.body, fact), span_side(lacks.article, lacks.body, *found), order)
    words = lacks.body[found[0]:found[1]]
    if vague is not None:
        explanation = (f"{label(has.article)} more specific: {quoted(fact.text)} "
                       f"({label(lacks.article)}: {quoted(words)})")
        return Difference("addition", "wording", "low", explanation, sides, row,
                          evidence="a figure against a vague word for it")
    explanation = (f"{label(lacks.article)} {quoted(words)} — a number word mistyped? "
                   f"({label(has.article)}: {quoted(fact.text)})")
    return Difference("number", "factual", "low", explanation, sides, row, 0.3,
                      "homophone of a number word before the counted noun")


def _unit_pattern(unit: str) -> str:
    if unit == "person":
        return r"(?:people|persons|person)"
    stem_ = re.escape(unit)
    if unit.endswith("y"):
        return rf"(?:{stem_}|{re.escape(unit[:-1])}ies)"
    return rf"{stem_}(?:s|es)?"


def _vague_counterpart(index: ArticleFacts, sentences: list[int], fact: Fact) -> tuple[int, int] | None:
    """Where the other side says the same thing without the figure: "an elderly man" for "a 71-year-old
    man", "several tanks" for "14 tanks"."""
    if not fact.unit or fact.kind != "number":
        return None
    pattern = _VAGUE_AGE if fact.unit == "age" else re.compile(_VAGUE_COUNT + _unit_pattern(fact.unit) + r"\b", re.I)
    return _first_match(index, sentences, pattern)


def _homophone(index: ArticleFacts, sentences: list[int], fact: Fact) -> tuple[int, int] | None:
    """ "send for weapons" where the other side has "4 weapons": a number word typed as its homophone."""
    if not fact.unit or fact.kind != "number" or fact.unit == "age":
        return None
    words = [w for w, v in _HOMOPHONES.items() if v == fact.value]
    if not words:
        return None
    pattern = re.compile(rf"\b(?:{'|'.join(words)})\s+{_unit_pattern(fact.unit)}\b", re.I)
    return _first_match(index, sentences, pattern)


def _first_match(index: ArticleFacts, sentences: list[int], pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """Where the pattern first matches inside these sentences, or None."""
    for i in sentences:
        span = index.sentences[i].span
        match = pattern.search(index.body, span.start, span.end)
        if match:
            return match.start(), match.end()
    return None


def merge_one_sided(found: list[Ranked]) -> list[Ranked]:
    """N-way: what the pivot alone gives is one difference lacking in every other version, not one per pair."""
    first: dict[tuple, int] = {}
    merged: list[Ranked] = []
    for item in found:
        difference = item.difference
        present = tuple((s.article, s.start, s.end) for s in difference.sides if s.text is not None)
        key = (difference.kind, present)
        if difference.kind not in ("omission", "quote_only") or key not in first:
            first.setdefault(key, len(merged))
            merged.append(item)
            continue
        kept = merged[first[key]]
        known = {s.article for s in kept.difference.sides}
        extra = tuple(s for s in difference.sides if s.text is None and s.article not in known)
        if extra:
            lacking = [s.article for s in kept.difference.sides + extra if s.text is None]
            kept.difference = replace(kept.difference, sides=kept.difference.sides + extra,
                                      explanation=_lacking_in(kept.difference.explanation, lacking))
    return merged


def _lacking_in(explanation: str, lacking: list[int]) -> str:
    """ "A: 3 a.m.; B gives no time" -> "A: 3 a.m.; B, C give no time"; "Only in A (not in B)" -> "(not in B, C)"."""
    names = ", ".join(label(i) for i in lacking)
    explanation = re.sub(r"; [A-Z#\d]+ gives no ", f"; {names} give no ", explanation, count=1)
    explanation = re.sub(r" \(not in [A-Z#\d]+\):", f" (not in {names}):", explanation, count=1)
    return re.sub(r"; not in [A-Z#\d]+$", f"; not in {names}", explanation, count=1)


def _ordered(has_side: Side, lacks_side: Side, order: tuple[int, int]) -> tuple[Side, ...]:
    """Sides in pair order: the pivot's side first."""
    return (has_side, lacks_side) if has_side.article == order[0] else (lacks_side, has_side)

