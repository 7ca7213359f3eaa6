"""Factual differences between versions of one story: the fact layer, kept apart from the word diff (ENGINE §5).

`factual_differences(versions, rows, quotes, pivot)` compares every non-pivot version with the
pivot. Per aligned row it takes the SET of facts on each side and pairs them by kind and anchor:

- anchor = the unit a number counts ("240 residents" / "420 residents"), the kind of a time
  (weekday with weekday, date with date), a person's role, a place's class (facility, city ...),
  plus the words around the fact ("closed ... on Tuesday" / "closed ... on Monday"), so that a
  clean-up on Wednesday is never weighed against a closure on Monday;
- equal -> nothing; one side more specific ("billions" / "billions of dollars", "On Monday" /
  "earlier this week") -> an "addition" (wording, low); disjoint in the same slot -> a conflict
  (number, date, weekday, time, name, place, organisation; factual, high);
- a fact with no counterpart in the row is looked up in the WHOLE other article first; only what
  the other article gives nowhere becomes an omission (core.omissions).

Beside the rows: one person spelled two ways anywhere in the pair ("Ben Wallace" / "Ben Wallas",
with the evidence), speakers and sourcing of shared quotes, one-sided quotes and the sourcing of
claims (core.attribution; a claim credited to another person is a speaker difference), and runs of
one-sided sentences (core.omissions). With three or more versions, what the pivot alone gives is one
difference naming every version that lacks it. Never raises on odd input: unknown indices are
skipped, a failing step costs only its own findings.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.analysis import Version
from core.attribution import QuoteFindings, quote_differences, row_sourcing, sources_in, sourcing_difference
from core.gazetteer import load
from core.model import AlignedRow, Difference, Fact, QuoteGroup
from core.normalise import name_key, role_key, same_person_evidence
from core.numwords import PERSON_NOUNS
from core.omissions import (
    FAMILY, ArticleFacts, Ranked, Run, abbreviates, agrees, fact_key, fact_omission, fact_side, figure_without_number,
    label, merge_one_sided, quoted, reportable, run_omission, same_person, stem,
)
from core.quantities import quantity_relation
from core.speakers import is_organisation, is_outlet
from core.timex import time_relation

log = logging.getLogger(__name__)

_FAMILIES = ("quantity", "time", "person", "place", "organisation")
_RELATION_SCORE = {"equal": 4.0, "more_specific": 3.0, "less_specific": 3.0, "compatible": 2.0, "conflict": 0.0}
_CONFLICT_KIND = {"number": "number", "money": "number", "percent": "number", "date": "date", "weekday": "weekday",
                  "time": "time", "relative_date": "date", "person": "name", "place": "place",
                  "organisation": "organisation"}
_NOUN = {"number": "Number", "date": "Date", "weekday": "Day", "time": "Time", "name": "Name", "place": "Place",
         "organisation": "Organisation"}
_PREPOSITIONS = frozenset("at in on to from near outside inside into via through across".split())
_GENERIC_PLACE_WORDS = frozenset("saint st the of and street road lane avenue city county river lake new north south "
                                 "east west upper lower great little".split())
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
_CONTEXT_STOP = frozenset("""
a an the of in on at by for from to with and or but as that this these those it its is was were be been are has
have had will would said says about after before into than then there their they he she his her them who which
""".split())
_CONTEXT_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def factual_differences(versions: Sequence[Version], rows: Sequence[AlignedRow], quotes: Sequence[QuoteGroup],
                        pivot: int = 0) -> list[Difference]:
    """Factual differences (and compatible additions) of every version against the pivot, ranked.

    Sides come pivot first, then the other version; every side's text is body[start:end]."""
    if len(versions) < 2:
        return []
    pivot = pivot if 0 <= pivot < len(versions) else 0
    indexes = [ArticleFacts.of(i, version) for i, version in enumerate(versions)]
    found: list[Ranked] = []
    for other in range(len(versions)):
        if other != pivot:
            found.extend(_Pair(indexes[pivot], indexes[other], rows, quotes, indexes).differences())
    found = merge_one_sided(found)
    found.sort(key=_rank)
    return [item.difference for item in found]


def _rank(item: Ranked) -> tuple:
    """§6 order: conflicts first, then by outlets carrying it, kind, and position (lead first); notes last."""
    difference = item.difference
    shaky = difference.confidence < 0.5
    return (shaky, _SEVERITY_ORDER.get(difference.severity, 3), -item.weight, item.kind_rank, item.position)


def _ranked(difference: Difference, body_length: int, kind_rank: int = 0) -> Ranked:
    start = next((s.start for s in difference.sides if s.start is not None), 0)
    return Ranked(difference, 1, kind_rank, start / max(1, body_length))


@dataclass
class _Link:
    a: Fact
    b: Fact
    relation: str
    confidence: float = 1.0


@dataclass
class _Pair:
    """One pivot/other comparison: walks the rows once, then adds the article-wide findings."""

    pa: ArticleFacts
    pb: ArticleFacts
    rows: Sequence[AlignedRow]
    quotes: Sequence[QuoteGroup]
    indexes: Sequence[ArticleFacts]
    found: list[Ranked] = field(default_factory=list)
    reported: set[tuple] = field(default_factory=set)
    speakers: set[tuple[int, int, int]] = field(default_factory=set)
    _context: dict[int, frozenset[str]] = field(default_factory=dict)
    _name_rows: set[int] = field(default_factory=set)
    _rows_of: dict[tuple[int, int], int] | None = None

    @property
    def order(self) -> tuple[int, int]:
        return (self.pa.article, self.pb.article)

    def differences(self) -> list[Ranked]:
        findings = self._guard("quotes", lambda: quote_differences(self.quotes, self.pa, self.pb),
                               QuoteFindings([], set(), set()))
        self.speakers = self._shared_speakers(findings)
        rows_of = self._rows_of_sentences()
        self.found.extend(_ranked(self._placed(d, rows_of), len(self.pa.body)) for d in findings.differences)
        self._guard("rows", lambda: self._walk_rows(findings), None)
        self._guard("names", self._name_spellings, None)
        return self.found

    def _guard(self, step: str, run, fallback):
        try:
            return run()
        except Exception:  # noqa: BLE001 - a failing step costs its own findings, never the comparison
            log.exception("factual differences: step %s failed", step)
            return fallback

    def _shared_speakers(self, findings: QuoteFindings) -> set[tuple[int, int, int]]:
        """Speaker spans of quotes both sides give: the speaker layer judges those people, not the fact layer."""
        spans = set()
        for index in (self.pa, self.pb):
            for article, number in findings.shared:
                quote = index.version.analysis.quotes[number] if article == index.article else None
                if quote is not None and quote.speaker_span is not None:
                    spans.add((article, quote.speaker_span.start, quote.speaker_span.end))
        return spans

    # --- rows -------------------------------------------------------------------------------------

    def _walk_rows(self, findings: QuoteFindings) -> None:
        """Aligned rows: facts paired, sourcing compared; consecutive one-sided rows gathered into runs."""
        run: Run | None = None
        for number, row in enumerate(self.rows):
            side_a = self._sentences(self.pa, row)
            side_b = self._sentences(self.pb, row)
            if side_a and side_b:
                self._close(run)
                run = None
                self._row(number, side_a, side_b)
                if not any((self.pa.article, s) in findings.row_sentences for s in side_a) and \
                        not any((self.pb.article, s) in findings.row_sentences for s in side_b):
                    self._row_sourcing(number, side_a, side_b)
            elif side_a or side_b:
                owner = self.pa if side_a else self.pb
                quotes = self._quotes_only(owner, side_a or side_b)
                if run is not None and (run.owner != owner.article or run.quotes != quotes):
                    self._close(run)
                    run = None
                run = run or Run(owner.article, quotes)
                run.rows.extend([number] * len(side_a or side_b))
                run.sentences.extend(side_a or side_b)
        self._close(run)

    @staticmethod
    def _sentences(index: ArticleFacts, row: AlignedRow) -> list[int]:
        sentences = row.sentences[index.article] if index.article < len(row.sentences) else ()
        return index.text_sentences(sentences)

    def _row(self, number: int, side_a: list[int], side_b: list[int]) -> None:
        facts_a = [f for f in self.pa.facts_in(side_a) if self._usable(self.pa, f)]
        facts_b = [f for f in self.pb.facts_in(side_b) if self._usable(self.pb, f)]
        for family in _FAMILIES:
            fa = [f for f in facts_a if FAMILY.get(f.kind) == family]
            fb = [f for f in facts_b if FAMILY.get(f.kind) == family]
            if not fa and not fb:
                continue
            links, left_a, left_b = self._pair(family, fa, fb)
            for link in links:
                self._link(number, link)
            for fact in left_a:
                self._one_sided(number, self.pa, self.pb, fact, side_b)
            for fact in left_b:
                self._one_sided(number, self.pb, self.pa, fact, side_a)

    def _usable(self, index: ArticleFacts, fact: Fact) -> bool:
        if fact.kind == "person" and any(a == index.article and s < fact.span.end and fact.span.start < e
                                         for a, s, e in self.speakers):
            return False
        return fact.kind in FAMILY

    # --- pairing one family inside a row ---------------------------------------------------------

    def _pair(self, family: str, fa: list[Fact], fb: list[Fact]) -> tuple[list[_Link], list[Fact], list[Fact]]:
        candidates = []
        for i, a in enumerate(fa):
            for j, b in enumerate(fb):
                relation = _relation(family, a, b)
                # context words also choose between two equal mentions ("Iowa Sen." / "a surge in Iowa")
                anchor = self._anchor(family, a, b, context=relation != "equal" or len(fa) > 1 or len(fb) > 1)
                if relation is None or anchor is None:
                    continue
                confidence = 1.0
                if relation == "conflict":
                    confidence = self._conflict_confidence(family, a, b, fa, fb)
                    if confidence <= 0:
                        continue
                candidates.append((_RELATION_SCORE[relation] + anchor, i, j, relation, confidence))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        links, used_a, used_b = [], set(), set()
        for _score, i, j, relation, confidence in candidates:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                links.append(_Link(fa[i], fb[j], relation, confidence))
        # A fact left over that agrees with some fact opposite is said there too ("March 5" beside "early on Tuesday").
        left_a = [a for i, a in enumerate(fa) if i not in used_a and not any(agrees(a, b) for b in fb)]
        left_b = [b for j, b in enumerate(fb) if j not in used_b and not any(agrees(b, a) for a in fa)]
        return links, left_a, left_b

    def _anchor(self, family: str, a: Fact, b: Fact, context: bool = True) -> float | None:
        """How surely a and b fill one slot; None when they cannot (a count of tanks against a count of days).
        A lone pair of equal facts skips the context words: it pairs first anyway."""
        if family == "quantity":
            if _same_unit(a, b):
                base = 2.0
            elif not a.unit or not b.unit:
                base = 0.0
            else:
                return None
        elif family == "time":
            base = 2.0 if a.kind == b.kind else 1.0 if {a.kind, b.kind} <= {"weekday", "date"} else 0.0
        else:
            base = 0.0
        return base + (min(3, self._overlap(a, b)) if context else 3)

    def _overlap(self, a: Fact, b: Fact) -> int:
        return len(self._words_around(self.pa, a) & self._words_around(self.pb, b))

    def _words_around(self, index: ArticleFacts, fact: Fact) -> frozenset[str]:
        """Stems of the content words near a fact in its sentence: the event it dates or counts."""
        key = id(fact)
        if key not in self._context:
            sentence = index.sentences[index.sentence_of(fact.span.start)].span
            before = _CONTEXT_WORD.findall(index.body[max(sentence.start, fact.span.start - 70):fact.span.start])[-6:]
            after = _CONTEXT_WORD.findall(index.body[fact.span.end:min(sentence.end, fact.span.end + 45)])[:4]
            self._context[key] = frozenset(stem(w) for w in before + after
                                           if len(w) > 2 and w.lower() not in _CONTEXT_STOP)
        return self._context[key]

    def _conflict_confidence(self, family: str, a: Fact, b: Fact, fa: list[Fact], fb: list[Fact]) -> float:
        """1.0 / 0.8 when a and b are one slot with different values; 0 when the evidence is too thin."""
        overlap = self._overlap(a, b)
        # The only figure of its unit on each side fills one slot unless its words say otherwise; among
        # several, a pair needs two words of context in common ("closed ... Tuesday" / "closed ... Monday").
        if family == "quantity":
            if not _same_unit(a, b):      # bare figures only in the very same words ("... at 3, the police said")
                bare = not a.unit and not b.unit and a.kind == b.kind and not a.text.startswith("0") \
                    and not b.text.startswith("0")        # "9 : 00" read apart is no figure
                return 0.7 if bare and overlap >= 3 else 0.0
            alone = sum(_same_unit(a, f) for f in fa) == 1 and sum(_same_unit(b, f) for f in fb) == 1
            return 1.0 if overlap >= (1 if alone else 2) else 0.7 if alone else 0.0
        if family == "time":
            if "relative_date" in (a.kind, b.kind):
                return 1.0 if overlap >= 2 else 0.0
            if a.kind != b.kind and {a.kind, b.kind} != {"weekday", "date"}:
                return 0.0
            if a.kind != b.kind and (any(f.kind == b.kind for f in fa) or any(f.kind == a.kind for f in fb)):
                return 0.0      # a weekday is weighed against the other's weekday, not against its date
            alone = sum(f.kind == a.kind for f in fa) == 1 and sum(f.kind == b.kind for f in fb) == 1
            return 1.0 if overlap >= (1 if alone else 2) else 0.8 if alone and a.kind == b.kind else 0.0
        if family == "place" and overlap >= 2:
            return 1.0                      # the very same words around two places: one slot, whatever their class
        if self.pb.carries(a) or self.pa.carries(b):
            return 0.0                      # the other article names it elsewhere: two facts, not a swap
        if family == "person":
            return 1.0 if a.role and b.role and _same_role(a.role, b.role) else 0.0
        if family == "place":
            if a.detail != b.detail:
                return 0.0
            alone = sum(f.detail == a.detail for f in fa) == 1 and sum(f.detail == b.detail for f in fb) == 1
            shared_word = bool(set(a.value.split()) & set(b.value.split()) - _GENERIC_PLACE_WORDS)
            same_preposition = _preposition(self.pa, a) == _preposition(self.pb, b) != ""
            return 1.0 if overlap >= 1 or shared_word or (alone and same_preposition) else 0.0
        if family == "organisation":
            return 1.0 if reportable(a) and reportable(b) and overlap >= 2 else 0.0
        return 0.0

    def _link(self, number: int, link: _Link) -> None:
        a, b = link.a, link.b
        if link.relation in ("equal", "compatible"):
            return
        side_a, side_b = fact_side(self.pa.article, self.pa.body, a), fact_side(self.pb.article, self.pb.body, b)
        la, lb = label(self.pa.article), label(self.pb.article)
        if link.relation == "conflict":
            # a weekday against a date is a date difference; money against a bare figure a number one
            kind = _CONFLICT_KIND[a.kind] if a.kind == b.kind or FAMILY[a.kind] != "time" else "date"
            role = f" (both {a.role})" if kind == "name" else ""
            explanation = f"{_NOUN[kind]} differs: {la} {quoted(a.text)} · {lb} {quoted(b.text)}{role}"
            evidence = f"{la} {a.value}{' ' + a.unit if a.unit else ''} {a.detail}".rstrip() + \
                f"; {lb} {b.value}{' ' + b.unit if b.unit else ''} {b.detail}".rstrip()
            difference = Difference(kind, "factual", "high", explanation, (side_a, side_b), number,
                                    link.confidence, evidence)
            if kind == "name":
                self._name_rows.add(number)
        elif link.relation in ("more_specific", "less_specific") and not _trivial(a, b):
            wide, narrow = (b, a) if link.relation == "more_specific" else (a, b)
            who = la if narrow is a else lb
            other = lb if narrow is a else la
            explanation = f"{who} more specific: {quoted(narrow.text)} ({other}: {quoted(wide.text)})"
            difference = Difference("addition", "wording", "low", explanation, (side_a, side_b), number,
                                    evidence=f"{a.kind} {link.relation.replace('_', ' ')} than {b.kind}")
        else:
            return
        self.found.append(_ranked(difference, len(self.pa.body)))

    # --- one-sided facts ----------------------------------------------------------------------------

    def _one_sided(self, number: int, has: ArticleFacts, lacks: ArticleFacts, fact: Fact, other: list[int]) -> None:
        key = (has.article, fact_key(fact))
        if key in self.reported or not self._usable_in_run(has, fact) or lacks.carries(fact):
            return
        self.reported.add(key)
        softer = figure_without_number(has, lacks, fact, other, number, self.order)
        if softer is not None:
            self.found.append(_ranked(softer, len(self.pa.body)))
            return
        self.found.append(fact_omission(has, lacks, fact, number, self.order, self.indexes))

    def _close(self, run: Run | None) -> None:
        """A run of one-sided rows becomes omissions listing the facts the other article lacks, one per topic."""
        if run is None:
            return
        has, lacks = (self.pa, self.pb) if run.owner == self.pa.article else (self.pb, self.pa)
        for part in _topics(run, has, lacks):
            self._omit_run(part, has, lacks)

    def _omit_run(self, run: Run, has: ArticleFacts, lacks: ArticleFacts) -> None:
        facts = []
        for fact in has.facts_in(run.sentences):
            key = (has.article, fact_key(fact))
            if not self._usable_in_run(has, fact) or key in self.reported or lacks.carries(fact):
                continue
            self.reported.add(key)
            facts.append(fact)
        if not facts and (run.quotes or all(lacks.gives_words(has.sentences[i].text) for i in run.sentences)):
            return          # quotes are reported one by one; sentences the other gives word for word are shared
        omission = run_omission(run, has, lacks, facts, self.order, self.indexes)
        if omission is not None:
            self.found.append(omission)

    def _usable_in_run(self, index: ArticleFacts, fact: Fact) -> bool:
        """Speakers are named with their quotes and outlets are sourcing: neither is an omitted fact."""
        if not reportable(fact) or fact.kind not in FAMILY:
            return False
        return not (fact.kind in ("person", "organisation") and index.is_speaker(fact))

    @staticmethod
    def _quotes_only(index: ArticleFacts, sentences: list[int]) -> bool:
        """Whether every sentence is (mostly) a quote: a one-sided quote is reported as quote_only."""
        return all(index.quoted(i) for i in sentences)

    # --- sourcing of a row, names across the pair ------------------------------------------------

    def _row_sourcing(self, number: int, side_a: list[int], side_b: list[int]) -> None:
        """A claim credited to another source; to another person it is a speaker difference, which then
        stands for the name difference of that row ("spokeswoman Hua Chunying said" / "... Li Wei said")."""
        pair = row_sourcing(sources_in(self.pa, side_a), sources_in(self.pb, side_b))
        if pair is None:
            return
        difference = sourcing_difference(self.pa, self.pb, pair[0], pair[1], number)
        if pair[0].kind == pair[1].kind == "person":
            difference = replace(difference, kind="speaker", severity="high",
                                 explanation=difference.explanation.replace("Sourcing differs", "Speaker differs", 1))
            if number in self._name_rows:
                self.found = [f for f in self.found if not (f.difference.kind == "name" and f.difference.row == number
                                                            and f.difference.explanation.startswith("Name differs"))]
        self.found.append(_ranked(difference, len(self.pa.body)))

    def _name_spellings(self) -> None:
        """One person spelled two ways anywhere in the pair: "Ben Wallace" / "Ben Wallas" (ENGINE §5; the
        evidence is Splink-style: Jaro-Winkler for closeness, metaphone for sound). A spelling both
        articles use is no difference, but one article's stray "Obamma" beside its "Obama" is."""
        people_a, people_b = _people(self.pa), _people(self.pb)
        for value_a, facts_a in people_a.items():
            for value_b, facts_b in people_b.items():
                if value_a == value_b or (value_a in people_b and value_b in people_a):
                    continue
                if not same_person(value_a, value_b):
                    continue
                evidence = same_person_evidence(value_a, value_b)[1]
                if "Jaro-Winkler" in evidence:
                    self._name_difference(facts_a, facts_b, evidence)

    def _name_difference(self, facts_a: list[Fact], facts_b: list[Fact], evidence: str) -> None:
        """Shown where both spellings sit in one row when they do; else at each first full mention."""
        rows_of = self._rows_of_sentences()
        row_of = {rows_of.get((self.pa.article, self.pa.sentence_of(f.span.start))): f for f in reversed(facts_a)}
        together = [(row_of[row], fact_b, row) for fact_b in facts_b
                    if (row := rows_of.get((self.pb.article, self.pb.sentence_of(fact_b.span.start)))) in row_of
                    and row is not None]
        fact_a, fact_b, row = together[0] if together else (facts_a[0], facts_b[0], None)
        sides = (fact_side(self.pa.article, self.pa.body, fact_a), fact_side(self.pb.article, self.pb.body, fact_b))
        explanation = (f"Name spelled two ways: {label(self.pa.article)} {quoted(fact_a.text)} · "
                       f"{label(self.pb.article)} {quoted(fact_b.text)} ({evidence})")
        self.found.append(_ranked(Difference("name", "factual", "high", explanation, sides, row, evidence=evidence),
                                  len(self.pa.body)))

    def _placed(self, difference: Difference, rows_of: dict[tuple[int, int], int]) -> Difference:
        """A quote's difference sits in the row of its sentences when every side's sentence is in that one row."""
        rows = set()
        for side in difference.sides:
            if side.start is not None:
                index = self.pa if side.article == self.pa.article else self.pb
                rows.add(rows_of.get((side.article, index.sentence_of(side.start))))
        return replace(difference, row=rows.pop()) if len(rows) == 1 and None not in rows else difference

    def _rows_of_sentences(self) -> dict[tuple[int, int], int]:
        """(article, sentence) -> the first row holding it; built once per pair."""
        if self._rows_of is None:
            self._rows_of = {}
            for number, row in enumerate(self.rows):
                for index in (self.pa, self.pb):
                    for sentence in self._sentences(index, row):
                        self._rows_of.setdefault((index.article, sentence), number)
        return self._rows_of


# --- helpers ---------------------------------------------------------------------------------------

def _relation(family: str, a: Fact, b: Fact) -> str | None:
    if family == "quantity":
        return quantity_relation(a, b)
    if family == "time":
        return time_relation(a, b)
    if family == "person":
        return "equal" if a.value == b.value or same_person(a.value, b.value) else "conflict"
    if family == "organisation" and (a.detail and a.detail == b.detail or abbreviates(a.text, b.text)):
        return "equal"
    return "equal" if a.value == b.value else "conflict"


def _same_unit(a: Fact, b: Fact) -> bool:
    """One thing counted: the same unit and kind, or two words for people ("residents" / "people")."""
    if ("ordinal" in a.detail.split(";")) != ("ordinal" in b.detail.split(";")):
        return False
    if a.kind == b.kind and a.unit == b.unit and a.unit:
        return True
    return a.kind == b.kind == "number" and a.unit in PERSON_NOUNS and b.unit in PERSON_NOUNS


def _trivial(a: Fact, b: Fact) -> bool:
    """Refinements an editor need not see: "residents" for "people" with one figure, "early on Tuesday"
    for "Tuesday"."""
    if FAMILY[a.kind] == "quantity":
        return a.value == b.value and a.unit in PERSON_NOUNS and b.unit in PERSON_NOUNS
    if a.kind == b.kind == "weekday":
        return a.value.partition(" ")[0] == b.value.partition(" ")[0]
    return False


def _preposition(index: ArticleFacts, fact: Fact) -> str:
    """The preposition a place hangs on ("at the Northgate Community Centre" -> "at"), or ""."""
    words = index.body[max(0, fact.span.start - 30):fact.span.start].lower().split()
    while words and words[-1] in ("the", "a", "an"):
        words.pop()
    return words[-1] if words and words[-1] in _PREPOSITIONS else ""


def _role_words(role: str) -> tuple[str, ...]:
    """A title without the country in front: "UK Foreign Secretary" -> ("foreign", "secretary")."""
    words = role_key(role).split()
    gazetteer = load()
    for length in range(min(3, len(words) - 1), 0, -1):
        place = gazetteer.lookup(" ".join(words[:length]))
        if place is not None and place.detail in ("country", "demonym"):
            return tuple(words[length:])
    return tuple(words)


def _same_role(a: str, b: str) -> bool:
    words = _role_words(a)
    return bool(words) and words == _role_words(b)


def _people(index: ArticleFacts) -> dict[str, list[Fact]]:
    """Every mention of each person, the fullest first ("Ben Wallace" before "Wallace"); a quote's
    speaker the entity finder missed ("The chief of X, Fenella Marchbank, said") counts too."""
    found: dict[str, list[Fact]] = {}
    for fact in index.by_family.get("person", ()):
        found.setdefault(fact.value, []).append(fact)
    for quote in index.version.analysis.quotes:
        span = quote.speaker_span
        value = name_key(quote.speaker)
        if span is None or not value or value in found or " " not in value or is_organisation(quote.speaker) \
                or is_outlet(quote.speaker) or index.body[span.start:span.end] != quote.speaker:
            continue
        found[value] = [Fact("person", quote.speaker, span, value, role=quote.role)]
    for mentions in found.values():
        mentions.sort(key=lambda f: f.detail == "surname")
    return found

def _topics(run: Run, has: ArticleFacts, lacks: ArticleFacts) -> list[Run]:
    """A run cut at paragraph breaks, neighbouring paragraphs kept together while they share a
    person, place or organisation the other article lacks (the editor's grain: one topic, one line)."""
    parts: list[Run] = []
    last_paragraph = None
    for row, sentence in zip(run.rows, run.sentences):
        paragraph = has.sentences[sentence].paragraph
        if paragraph != last_paragraph:
            parts.append(Run(run.owner, run.quotes))
            last_paragraph = paragraph
        parts[-1].rows.append(row)
        parts[-1].sentences.append(sentence)
    merged: list[Run] = parts[:1]
    for part in parts[1:]:
        if _entities(merged[-1], has, lacks) & _entities(part, has, lacks):
            merged[-1].rows.extend(part.rows)
            merged[-1].sentences.extend(part.sentences)
        else:
            merged.append(part)
    return merged


def _entities(run: Run, has: ArticleFacts, lacks: ArticleFacts) -> set[str]:
    return {f.value for f in has.facts_in(run.sentences)
            if FAMILY.get(f.kind) in ("person", "place", "organisation") and not lacks.carries(f)}
