"""Candidate edits of one article for the perturbation test (tests/perturbation.py plants and checks them).

Each finder reads an article's analysis and yields `Plan`s in A's coordinates: replace body[start:end]
with `text`. DIR finders propose one factual change of their kind, INV finders a change that must leave
every fact as it was (ENGINE.md §7). Finders only propose; whether a plan does what it says is checked
on the analysis of the edited text by tests/perturbation.py.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

from core.analysis import Analysis
from core.gazetteer import load as load_gazetteer
from core.model import Fact, Sentence, Span
from core.normalise import same_person_evidence, text_key
from core.numwords import SMALL, TENS
from core.sentences import paragraphs
from core.speakers import Frame, frames_in, is_outlet, tokenize

_QUOTE_MARKS = frozenset('"“”')
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_RX = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_DIGITS_RX = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?")
_NUMBER_WORDS = {w: v for w, v in {**SMALL, **TENS}.items() if v >= 2}
# A "place" that is a source ("according to Gallup", "Gallup said") is an organisation misread: not swapped.
_SOURCE_BEFORE = re.compile(r"according to (?:the )?$", re.I)
_CUE_AFTER = re.compile(r"['’]?s? (?:said|says|reported|reports|found|polls?)\b")
_PLACE_DETAILS = ("country", "state", "city", "region")
_QUALIFIED = ("about", "nearly", "more than", "at least", "less than", "up to", "vague", "range", "ordinal",
              "compound", "fraction")
_OUTLETS = ("Sky News", "Reuters", "CNN", "Fox News", "the Associated Press", "Bloomberg", "NBC News")
_RELAY_CUES = {cue: "reported" for cue in "said added stated wrote tweeted announced claimed noted argued".split()}
_RELAY_CUES.update({cue: "reports" for cue in "says adds writes tweets argues claims notes".split()})
_PRONOUNS = frozenset("he she they it we i you this that who".split())
_VOWELS = "aeiou"
_DOUBLES = frozenset("bcdfglmnprst")     # consonants a slip doubles ("Wallace" -> "Walllace" is no slip)
_SPELLING_RULES = (("iz", "is"), ("yz", "ys"), ("or", "our"), ("er", "re"), ("ense", "ence"), ("og", "ogue"),
                   ("el", "ell"))
_SPELLING_SKIP = frozenset({"meter", "meters", "metered"})     # parking meters are not metres
_ABBREVIATIONS = {"U.S.": "US", "U.K.": "UK", "U.N.": "UN", "E.U.": "EU", "D.C.": "DC"}
_SHOUTED = re.compile(r"[ ,;:’'-]*(?:\n|[A-Z]{2,}\b)")   # a line break or an all-capitals headline word next
_MERGE_OPENERS = frozenset("He She They It We The This That His Her Their Its".split())
_FURNITURE_LINES = ("Advertisement", "Advertisement", "RELATED What to watch in the week ahead",
                    "RELATED Lawmakers return to a crowded agenda")    # no names or numbers: furniture carries no facts
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


# --- a plan and the article it edits ----------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """A change proposed in A's coordinates: replace body[start:end] with `text`."""

    kind: str
    start: int
    end: int
    text: str
    detail: str = ""
    payload: str = ""      # what the DIR check needs to know (the intended speaker, the outlet)


def overlaps(a: Span, start: int | None, end: int | None) -> bool:
    """Whether [start, end) meets span a; an empty span a counts as the point between two characters."""
    if start is None or end is None:
        return False
    if a.start == a.end:
        return start <= a.start <= end and start < end
    return start < a.end and a.start < end


# --- one article's view ------------------------------------------------------------------------------

@dataclass
class ArticleView:
    """An article with its analysis, and the look-ups every finder needs."""

    body: str
    published: str
    analysis: Analysis

    @cached_property
    def paragraphs(self) -> list[Span]:
        return paragraphs(self.body)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return [s for s in self.analysis.sentences if not s.furniture]

    def quoted(self, span: Span) -> bool:
        """Whether the span's sentence holds a quote mark or quoted words (edits there could move a quote's
        attribution, and quotes are compared word for word)."""
        for sentence in self.sentences:
            if overlaps(sentence.span, span.start, span.end) and (
                    any(ch in _QUOTE_MARKS for ch in sentence.text)
                    or any(overlaps(part, sentence.span.start, sentence.span.end) for part in self.quote_parts)):
                return True
        return False

    @cached_property
    def quote_parts(self) -> list[Span]:
        return [part for quote in self.analysis.quotes for part in quote.parts]

    def in_fact(self, start: int, end: int, kinds: Sequence[str] = ()) -> bool:
        return any(overlaps(f.span, start, end) and (not kinds or f.kind in kinds) for f in self.analysis.facts)

    def paragraph_of(self, position: int) -> Span | None:
        return next((p for p in self.paragraphs if p.start <= position <= p.end), None)

    def at_sentence_start(self, position: int) -> bool:
        return any(s.span.start == position for s in self.analysis.sentences)


# --- DIR candidates ---------------------------------------------------------------------------------

def _number_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A counted number changed by 10-50 % (240 -> 180, "eight years" -> "five years"): never one containing the other."""
    for fact in doc.analysis.facts:
        if fact.kind not in ("number", "money", "percent") or (fact.kind == "number" and not fact.unit) \
                or any(tag in fact.detail for tag in _QUALIFIED):
            continue
        runs = list(_DIGITS_RX.finditer(fact.text))
        word = re.match(r"[A-Za-z]+", fact.text)
        if len(runs) == 1:
            old, at, new = runs[0].group(), runs[0].start(), _changed_number(runs[0].group(), rng)
        elif not runs and word and word.group().lower() in _NUMBER_WORDS:
            old, at, new = word.group(), 0, _changed_word(word.group(), rng)
        else:
            continue
        if new:
            start = fact.span.start + at
            yield Plan("number", start, start + len(old), new, f"{old} -> {new}")


def _changed_word(word: str, rng: random.Random) -> str | None:
    """Another number word ("eight" -> "five"), in the word's case."""
    value = _NUMBER_WORDS[word.lower()]
    others = [w for w, v in _NUMBER_WORDS.items() if v != value and 0.5 <= v / value <= 1.5 and w not in word.lower()
              and word.lower() not in w]
    if not others:
        return None
    new = rng.choice(sorted(others))
    return new.capitalize() if word[0].isupper() else new


def _changed_number(text: str, rng: random.Random) -> str | None:
    plain = text.replace(",", "")
    places = len(plain.split(".")[1]) if "." in plain else 0
    old = Decimal(plain)
    if old < 2:
        return None
    for _ in range(12):
        factor = Decimal(str(round(1 + rng.choice((-1, 1)) * rng.uniform(0.1, 0.5), 3)))
        new = (old * factor).quantize(Decimal(1).scaleb(-places))
        shown = f"{new:,}" if "," in text else str(new)
        if new >= 2 and new != old and shown not in text and text not in shown:
            return shown
    return None


def _name_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """One mention's surname misspelled by one letter (Wallace -> Wallac), still the same person by the evidence."""
    for fact in doc.analysis.facts:
        words = fact.text.split()
        if fact.kind != "person" or not words or not re.fullmatch(r"[A-Z][a-z]{3,}", words[-1]):
            continue
        surname = words[-1]
        for new in _misspellings(surname, rng):
            if same_person_evidence(fact.text, " ".join(words[:-1] + [new]))[0]:
                start = fact.span.end - len(surname)
                yield Plan("name", start, fact.span.end, new, f"{surname} -> {new}")
                break


def _misspellings(word: str, rng: random.Random) -> list[str]:
    """One-letter slips inside a word (first letter kept): a vowel swapped, a letter dropped or doubled."""
    out = []
    for i in range(1, len(word)):
        ch = word[i]
        if ch in _VOWELS:
            out += [word[:i] + v + word[i + 1:] for v in _VOWELS if v != ch]
        if i < len(word) - 1 or ch not in _VOWELS:
            out.append(word[:i] + word[i + 1:])
        if ch in _DOUBLES and i < len(word) - 1 and word[i - 1] != ch and word[i + 1] != ch:
            out.append(word[:i] + ch + word[i:])
    out = sorted(set(w for w in out if w != word and w.lower() != word.lower()))
    rng.shuffle(out)
    return out


def _weekday_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A weekday moved by one day (Tuesday -> Wednesday)."""
    for fact in doc.analysis.facts:
        match = _WEEKDAY_RX.search(fact.text) if fact.kind == "weekday" else None
        if match:
            day = _WEEKDAYS.index(match.group())
            new = _WEEKDAYS[(day + rng.choice((-1, 1))) % 7]
            start = fact.span.start + match.start()
            yield Plan("weekday", start, start + len(match.group()), new, f"{match.group()} -> {new}")


def _place_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A place swapped for another from the same article (of its kind first), else from the gazetteer;
    best first, shuffled within each tier."""
    places = [f for f in doc.analysis.facts if f.kind == "place" and f.detail in _PLACE_DETAILS
              and not _SOURCE_BEFORE.search(doc.body, max(0, f.span.start - 14), f.span.start)
              and not _CUE_AFTER.match(doc.body, f.span.end)]
    tiers: list[list[Plan]] = [[], [], []]
    for fact in places:
        # Another kind of place only where no "City, State" pattern would turn into nonsense ("USA, N.C.").
        kinds = ((0, True), (1, False)) if doc.body[fact.span.end:fact.span.end + 1] != "," else ((0, True),)
        for tier, same_kind in kinds:
            others = sorted({f.text for f in places if (f.detail == fact.detail) == same_kind and _unrelated(f, fact)
                             and not f.text.isupper()})
            tiers[tier] += [Plan("place", fact.span.start, fact.span.end, t, f"{fact.text} -> {t}") for t in others]
        tiers[2] += [Plan("place", fact.span.start, fact.span.end, t, f"{fact.text} -> {t} (gazetteer)")
                     for _, t in _gazetteer_places(fact, rng)]
    for tier in tiers:
        rng.shuffle(tier)
        yield from tier


def _unrelated(a: Fact, b: Fact) -> bool:
    """Different places, and neither name inside the other ("York" / "New York")."""
    x, y = text_key(a.text), text_key(b.text)
    return a.value != b.value and x not in y and y not in x and a.value not in b.value and b.value not in a.value


def _gazetteer_places(fact: Fact, rng: random.Random) -> list[tuple[str, str]]:
    names = _gazetteer_names(fact.detail)
    picks = [names[rng.randrange(len(names))] for _ in range(3)] if names else []
    key = text_key(fact.text)
    return [(p, p.title()) for p in picks if p != fact.value and p not in key and key not in p]


@lru_cache(maxsize=8)
def _gazetteer_names(detail: str) -> list[str]:
    """Unambiguous places of one kind whose key is their own canonical name, one word or two."""
    gazetteer = load_gazetteer()
    names = []
    for key in sorted(gazetteer.places):
        place = gazetteer.lookup(key)
        if place and place.detail == detail and not place.ambiguous and place.value == key \
                and key.isalpha() and len(key) > 3:
            names.append(key)
    return names


def _speaker_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A quote's speaker replaced by another person named in the same article."""
    people = {f.value: f.text for f in doc.analysis.facts if f.kind == "person" and f.detail != "surname"
              and len(f.text.split()) > 1}
    for quote in doc.analysis.quotes:
        span = quote.speaker_span
        if not quote.speaker or span is None or not doc.body[span.start:span.start + 1].isupper():
            continue
        shown = doc.body[span.start:span.end]
        if not doc.in_fact(span.start, span.end, ("person",)) or shown.lower() in _PRONOUNS:
            continue
        others = sorted((v, t) for v, t in people.items() if not same_person_evidence(t, quote.speaker)[0])
        rng.shuffle(others)
        for value, text in others[:2]:
            new = text if len(shown.split()) > 1 else text.split()[-1]
            yield Plan("speaker", span.start, span.end, new, f"{shown} -> {new}", payload=text)


def _sourcing_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """An attribution replaced by an outlet relay ("the White House said" -> "Sky News reported")."""
    outlets = [o for o in _OUTLETS if o.lower().removeprefix("the ") not in doc.body.lower()]
    tiers: list[list[Plan]] = [[], [], []]
    for sentence in doc.sentences:
        for frame in frames_in(doc.body, tokenize(doc.body, sentence.span.start, sentence.span.end)):
            plan = _sourcing_plan(doc, sentence, frame, rng.choice(outlets)) if outlets else None
            if plan:
                person = doc.in_fact(plan.start, plan.end, ("person",))
                tiers[2 if doc.quoted(sentence.span) else int(person)].append(plan)
    for tier in tiers:
        rng.shuffle(tier)
        yield from tier


def _sourcing_plan(doc: ArticleView, sentence: Sentence, frame: Frame, outlet: str) -> Plan | None:
    subject = frame.subject
    if subject is None or subject.kind not in ("name", "noun") or subject.text.lower() in _PRONOUNS \
            or is_outlet(subject.name or subject.text):
        return None
    if frame.cue == "according to":
        start = frame.cue_span.end + 1          # a title before the name goes too ("according to spokesman X")
        if doc.body[subject.span.end:subject.span.end + 1] not in (".", ",", ";", ":") or start > subject.span.start:
            return None                         # the name must end the clause, or its rest would stay behind
        return Plan("sourcing", start, subject.span.end, outlet, f"{doc.body[start:subject.span.end]} -> {outlet}",
                     payload=outlet)
    if frame.cue not in _RELAY_CUES or doc.body[subject.span.end:frame.cue_span.start] != " ":
        return None
    start = _with_article(doc, subject.span.start)
    before = doc.body[max(sentence.span.start, start - 2):start]
    if start != sentence.span.start and before not in (", ", '" ', "” "):
        return None
    name = outlet[0].upper() + outlet[1:] if start == sentence.span.start else outlet
    text = f"{name} {_RELAY_CUES[frame.cue]}"
    return Plan("sourcing", start, frame.cue_span.end, text, f"{doc.body[start:frame.cue_span.end]} -> {text}",
                 payload=outlet)


def _with_article(doc: ArticleView, start: int) -> int:
    """Where a name starts counting a "the" before it (so "the White House" is replaced whole)."""
    return start - 4 if doc.body[max(0, start - 4):start].lower() == "the " else start


def _omission_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A sentence deleted that carries a fact said nowhere else in the article."""
    facts = doc.analysis.facts
    found = [s for s in doc.sentences[1:] if not doc.quoted(s.span) and len(s.text.split()) >= 6
             and _own_fact(facts, s.span)]
    rng.shuffle(found)
    for sentence in found:
        start, end = _deletion(doc, sentence)
        yield Plan("omission", start, end, "", f"deleted: {sentence.text[:60]}")


def _own_fact(facts: list[Fact], span: Span) -> bool:
    inside = {(f.kind, f.value) for f in facts if overlaps(span, f.span.start, f.span.end)}
    outside = {(f.kind, f.value) for f in facts if not overlaps(span, f.span.start, f.span.end)}
    return bool(inside - outside)


def _deletion(doc: ArticleView, sentence: Sentence) -> tuple[int, int]:
    """The sentence with the space after it, or its whole paragraph with the break after (or before) it."""
    para = doc.paragraph_of(sentence.span.start)
    if para and (para.start, para.end) == (sentence.span.start, sentence.span.end):
        nxt = next((p for p in doc.paragraphs if p.start > para.end), None)
        if nxt:
            return para.start, nxt.start
        prev = [p for p in doc.paragraphs if p.end < para.start]
        return (prev[-1].end if prev else para.start), para.end
    end = sentence.span.end
    while end < len(doc.body) and doc.body[end] == " ":
        end += 1
    if para and sentence.span.end == para.end:       # last in its paragraph: take the space before instead
        start = sentence.span.start
        while start > para.start and doc.body[start - 1] == " ":
            start -= 1
        return start, sentence.span.end
    return sentence.span.start, end


DIR_FINDERS: dict[str, Callable[[ArticleView, random.Random], Iterator[Plan]]] = {
    "number": _number_plans, "name": _name_plans, "weekday": _weekday_plans, "place": _place_plans,
    "speaker": _speaker_plans, "sourcing": _sourcing_plans, "omission": _omission_plans,
}


# --- INV candidates ---------------------------------------------------------------------------------

def _case_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A title before a name in the other case ("President Obama" -> "president Obama"), a headline in sentence case."""
    for fact in doc.analysis.facts:
        role = fact.role
        start = fact.span.start - len(role) - 1
        if fact.kind == "person" and re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)*", role) and start >= 0 \
                and doc.body[start:fact.span.start] == role + " " and not doc.at_sentence_start(start):
            new = role.lower() if role[0].isupper() else role.title()
            yield Plan("case", start, start + len(role), new, f"{role} -> {new}")
    yield from _headline_case(doc)


def _headline_case(doc: ArticleView) -> Iterator[Plan]:
    first = doc.sentences[0] if doc.sentences else None
    if first is None or len(first.text.split()) > 20:
        return
    words = [m for m in re.finditer(r"\b[A-Z][a-z]+\b", first.text)
             if m.start() > 0 and not doc.in_fact(first.span.start + m.start(), first.span.start + m.end())]
    if words:
        lo, hi = words[0].start(), words[-1].end()
        changed = "".join(ch.lower() if any(m.start() == i for m in words) else ch
                          for i, ch in enumerate(first.text[lo:hi], lo))
        yield Plan("case", first.span.start + lo, first.span.start + hi, changed, "headline in sentence case")


def _punctuation_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """The comma after a sentence's opening phrase dropped ("On Monday, the" -> "On Monday the")."""
    for sentence in doc.sentences:
        match = re.match(r"[A-Z][\w’'-]*(?: [\w’'-]+){0,3},(?= \w)", sentence.text)
        if match and not doc.quoted(sentence.span) and not re.search(r"\d", match.group()):
            comma = sentence.span.start + match.end() - 1
            yield Plan("punctuation", comma, comma + 1, "", f"comma dropped after {match.group()[:-1]!r}")


_LIST_RX = re.compile(r", (?P<y>[A-Za-z][\w’'-]*(?: [A-Z][\w’'-]*)?)(?P<comma>,?) (?:and|or) (?=[A-Za-z])")
_LAST_WORD = re.compile(r"[A-Za-z][\w’'-]*$")


def _serial_comma_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """The serial comma added or removed in a list of like items ("Iowa, Ohio and Texas")."""
    for match in _LIST_RX.finditer(doc.body):
        before = _LAST_WORD.search(doc.body, max(0, match.start() - 40), match.start())
        y = match.group("y")
        if before is None or before.group()[0].isupper() != y[0].isupper() \
                or doc.quoted(Span(match.start(), match.end())):
            continue
        at = match.end("y")
        if match.group("comma"):
            yield Plan("serial_comma", at, at + 1, "", "serial comma removed")
        else:
            yield Plan("serial_comma", at, at, ",", "serial comma added")


def _abbreviation_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """U.S. <-> US, U.K. <-> UK (never where the stop also ends a sentence)."""
    ends = {s.span.end for s in doc.analysis.sentences}
    for match in re.finditer(r"(?<![\w.])(?:U\.S\.|U\.K\.|U\.N\.|E\.U\.|D\.C\.)(?=[ ,;:’'-])", doc.body):
        if match.end() not in ends and not _SHOUTED.match(doc.body, match.end()):
            new = _ABBREVIATIONS[match.group()]
            yield Plan("abbreviation", match.start(), match.end(), new, f"{match.group()} -> {new}")
    dotted = {v: k for k, v in _ABBREVIATIONS.items()}
    for match in re.finditer(r"(?<![\w.])(?:US|UK|UN|EU|DC)(?=[ ,;:’'-][^A-Z\n])", doc.body):
        yield Plan("abbreviation", match.start(), match.end(), dotted[match.group()],
                    f"{match.group()} -> {dotted[match.group()]}")


def _spelling_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """An American spelling made British by a regular rule (defense -> defence, organize -> organise)."""
    table = load_gazetteer().spelling
    for match in re.finditer(r"\b[A-Za-z]{4,}\b", doc.body):
        word = match.group()
        british = table.get(word.lower())
        if british and _regular_spelling(word.lower(), british) \
                and not doc.in_fact(match.start(), match.end(), ("person", "place")):
            new = british.upper() if word.isupper() else british[0].upper() + british[1:] if word[0].isupper() else british
            yield Plan("spelling", match.start(), match.end(), new, f"{word} -> {new}")


def _regular_spelling(american: str, british: str) -> bool:
    """Whether one regular rule turns one spelling into the other (and the pair means one thing)."""
    if american in _SPELLING_SKIP:
        return False
    for old, new in _SPELLING_RULES:
        for at in (m.start() for m in re.finditer(old, american)):
            if american[:at] + new + american[at + len(old):] == british:
                return True
    return american.replace("iz", "is") == british


def _typography_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """One paragraph's quote marks and apostrophes made straight (or curly where they were straight)."""
    for para in doc.paragraphs:
        text = doc.body[para.start:para.end]
        new = text.translate(_CURLY) if any(ch in text for ch in "“”‘’") else _curled(text)
        changed = [i for i, (x, y) in enumerate(zip(text, new)) if x != y]
        if changed:
            lo, hi = changed[0], changed[-1] + 1
            yield Plan("typography", para.start + lo, para.start + hi, new[lo:hi],
                        "curly to straight" if "“" in text or "’" in text else "straight to curly")


def _curled(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        if ch == '"':
            out.append("“" if before.isspace() or before in "([" else "”")
        elif ch == "'":
            out.append("‘" if before.isspace() or before in "([" else "’")
        else:
            out.append(ch)
    return "".join(out)


def _split_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A sentence split in two at "; " or ", and " (both halves five words or more)."""
    for sentence in doc.sentences:
        if doc.quoted(sentence.span):
            continue
        for match in re.finditer(r"(?:, and|;) (?=[A-Za-z])", sentence.text):
            left, right = sentence.text[:match.start()], sentence.text[match.end():]
            if len(left.split()) >= 5 and len(right.split()) >= 5:
                start = sentence.span.start + match.start()
                yield Plan("split", start, sentence.span.start + match.end() + 1, ". " + right[0].upper(),
                            f"split before {right.split()[0]!r}")


def _merge_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """Two sentences of one paragraph joined by a semicolon ("... vote. He said" -> "... vote; he said")."""
    for one, two in zip(doc.sentences, doc.sentences[1:]):
        opener = two.text.split()[0] if two.text.split() else ""
        if one.paragraph == two.paragraph and one.text.endswith(".") and opener in _MERGE_OPENERS \
                and doc.body[one.span.end:two.span.start] == " " \
                and not doc.quoted(one.span) and not doc.quoted(two.span):
            yield Plan("merge", one.span.end - 1, two.span.start + 1, "; " + two.text[0].lower(),
                        f"merged before {opener!r}")


def _paragraph_order_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """Two neighbouring paragraphs (after the first two, without quotes) swapped."""
    plain = [p for p in doc.paragraphs[2:] if not any(ch in _QUOTE_MARKS for ch in doc.body[p.start:p.end])
             and all(not s.furniture for s in doc.analysis.sentences if overlaps(p, s.span.start, s.span.end))]
    for one, two in zip(plain, plain[1:]):
        gap = doc.body[one.end:two.start]
        if gap.strip() == "":
            text = doc.body[two.start:two.end] + gap + doc.body[one.start:one.end]
            yield Plan("paragraph_order", one.start, two.end, text, "two paragraphs swapped")


def _furniture_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A furniture line ("Advertisement", "RELATED ...") put between two paragraphs."""
    for before, para in zip(doc.paragraphs[1:], doc.paragraphs[2:]):
        gap = doc.body[before.end:para.start]
        if "\n" in gap and gap.strip() == "":
            line = rng.choice(_FURNITURE_LINES)
            yield Plan("furniture", para.start, para.start, line + gap, f"added {line!r}")


_SMALL_WORDS = {value: word for word, value in SMALL.items() if 2 <= value <= 12}


def _number_format_plans(doc: ArticleView, rng: random.Random) -> Iterator[Plan]:
    """A small count in the other style ("14 tanks" -> "fourteen tanks", "three people" -> "3 people")."""
    for fact in doc.analysis.facts:
        if fact.kind != "number" or not fact.unit or fact.detail or doc.quoted(fact.span) \
                or doc.at_sentence_start(fact.span.start):
            continue
        first = fact.text.split()[0]
        if first.isdigit() and int(first) in _SMALL_WORDS:
            new = _SMALL_WORDS[int(first)]
        elif first.lower() in SMALL and SMALL[first.lower()] in _SMALL_WORDS:
            new = str(SMALL[first.lower()])
        else:
            continue
        yield Plan("number_format", fact.span.start, fact.span.start + len(first), new, f"{first} -> {new}")


INV_FINDERS: dict[str, Callable[[ArticleView, random.Random], Iterator[Plan]]] = {
    "case": _case_plans, "punctuation": _punctuation_plans, "serial_comma": _serial_comma_plans,
    "abbreviation": _abbreviation_plans, "spelling": _spelling_plans, "typography": _typography_plans,
    "split": _split_plans, "merge": _merge_plans, "paragraph_order": _paragraph_order_plans,
    "furniture": _furniture_plans, "number_format": _number_format_plans,
}
