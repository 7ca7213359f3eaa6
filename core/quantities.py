"""Numbers, money and percentages, each with the thing it counts ("14 Challenger 2 tanks" -> 14 tank).

Value format of each kind (equal facts give equal strings in every outlet):

- ``number``: ``value`` is a plain decimal without separators or trailing zeros ("14", "1000", "4.7",
  fractions to four places: "two-thirds" -> "0.6667"), or a closed range "LOW..HIGH" for ranges
  ("10 to 12", "10-12" -> "10..12") and vague magnitudes ("hundreds" -> "100..1999", "billions" ->
  "1000000000..999999999999", "in his seventies" -> "70..79"). ``unit`` is the singular lowercase
  lemma of the head noun ("tanks" -> "tank", "people" -> "person", "metres"/"meters"/"m" -> "metre"),
  "age" for ages ("a 71-year-old man", "aged 71", "in his seventies") and "" when no noun follows.
- ``money``: ``value`` as for numbers, in whole currency units ("2.4 million euros" -> "2400000",
  "50p" -> "0.5"); ``unit`` the ISO 4217 code ("EUR", "GBP"; "$" and plain "dollars" -> "USD",
  "C$" -> "CAD").
- ``percent``: ``value`` as for numbers; ``unit`` "%" (also "per cent", "percent") or "pp" for
  percentage points.

``detail`` holds ";"-joined tags: first the qualifier class if any (``about`` for about/around/some/
roughly/an estimated; ``nearly`` for nearly/almost/just under; ``more than`` for more than/over;
``at least``; ``less than`` for less/fewer than/under; ``up to`` for up to/as many as), then the form:
``vague`` (a magnitude word), ``range``, ``ordinal`` ("a second day" -> 2 day), ``compound``
("a two-day trip" -> 2 day) and ``fraction``.

Not quantities: years ("in 1841", left to timex through ``numwords.looks_like_year``), clock times,
dates ("March 5", ISO and slashed dates), phone numbers, list numbering, "No. 10", model numbers
after a capitalised word ("Challenger 2", "Boeing 737"), pronoun-like "one"/"the two", and scores.

The number and its qualifier, range and scale are read here; what it counts (a currency, a percent sign,
an age, the noun after it) is read by core.units.
"""
from __future__ import annotations

import re
from decimal import Decimal

from core.model import Fact, Span
from core.numwords import (
    ABBREVIATIONS, DECADES, DENOMINATOR_RX, DENOMINATORS, ORDINAL_RX, ORDINALS, PERSON_NOUNS, SMALL, TENS,
    WORD_NUMBER_RX, is_plural, looks_like_year, ordinal_value, scan_copy, trie_pattern, words_to_number,
)
from core.units import (
    CODES, COMPOUND, CURRENCY_RIGHT, OF, STOP, TOKEN, Draft, Number, currency_left, head_noun, last_word, left_words,
    phrase_start, read_unit, unit_after_of,
)

# --- vocabulary -----------------------------------------------------------------------------------

_QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "circa": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "just shy of": "nearly", "more than": "more than", "over": "more than", "above": "more than",
    "upwards of": "more than", "in excess of": "more than", "just over": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "a minimum of": "at least", "less than": "less than", "fewer than": "less than",
    "under": "less than", "below": "less than", "up to": "up to", "as many as": "up to",
    "as much as": "up to", "at most": "up to", "no more than": "up to", "a maximum of": "up to",
}
_QUALIFIER_ENDS = frozenset(phrase.rsplit(None, 1)[-1] for phrase in _QUALIFIERS)
_SCALE_VALUES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9,
                 "trillion": 10**12, "mn": 10**6, "m": 10**6, "bn": 10**9, "b": 10**9,
                 "tn": 10**12, "trn": 10**12, "k": 10**3}
# Vague magnitudes, lenient on purpose: "thousands" for 20,000 is loose wording, not a false number.
_VAGUE = {"dozens": (12, 199), "hundreds": (100, 1999), "thousands": (10**3, 10**6 - 1),
          "millions": (10**6, 10**9 - 1), "billions": (10**9, 10**12 - 1),
          "trillions": (10**12, 10**15 - 1)}
_DETERMINERS = frozenset("the a an its his her their our this that".split())
_LEAD_ABBREVIATIONS = frozenset("no nos nr vol art fig ch para sec pt rm apt tel ph ext p pp".split())
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
                "Sept", "Oct", "Nov", "Dec")
_MONTHS = frozenset(name.lower() for name in _MONTH_NAMES)


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


# --- patterns -------------------------------------------------------------------------------------

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_TRIGGER_WORDS = (
    list(SMALL) + list(TENS) + list(ORDINALS) + list(_VAGUE) + ["tens", "several", "many", "a few",
    "a couple", "half", "quarter", "quarters", "halves", "in his", "in her", "in their"]
    + [f"a {scale}" for scale in ("dozen", "hundred", "thousand", "million", "billion", "trillion")]
    + [d + "s" for d in DENOMINATORS if d not in ("half", "halves")]
)
# Two cheap scans of numwords.scan_copy find where a quantity may start; the patterns below then
# read it in place in the body. "00*", not "0+": a literal first character lets re search fast.
_WORD_TRIGGER = re.compile(rf" (?:{trie_pattern(_TRIGGER_WORDS)})\b")
_DIGIT_TRIGGER = re.compile(r"00*")
_NOT_BEFORE_DIGITS = frozenset(".,/:#+-−")
_DIGITS_AT = re.compile(_DIGITS)
_DECADE = re.compile(
    rf"in[ \t]+(?:his|her|their)[ \t]+(?:(?P<part>early|mid|late)[ \t-]+)?"
    rf"(?:(?P<decw>{_alt(DECADES)})|'?(?P<decd>[1-9])0s)\b", re.I)
_FEW = re.compile(
    r"(?:several|a[ \t]+few|a[ \t]+couple[ \t]+of|many)[ \t]+(?:hundred|thousand|million|billion)\b(?!s)", re.I)
_FRACTION = re.compile(
    rf"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)[ \t-](?:{DENOMINATOR_RX})|half)(?=[ \t]+of\b)", re.I)
_VAGUE_AT = re.compile(
    rf"tens[ \t]+of[ \t]+(?:thousands|millions|billions)\b"
    rf"|(?:{_alt(_VAGUE)})(?:[ \t]+of[ \t]+(?:thousands|millions|billions))?\b", re.I)
_ORDINAL_WORD = re.compile(rf"{ORDINAL_RX}\b", re.I)
_WORD_NUMBER = re.compile(rf"{WORD_NUMBER_RX}\b", re.I)
_SECOND_NUMBER = re.compile(rf"(?:[$£€][ \t]?)?(?:(?P<d>{_DIGITS})|(?P<w>{WORD_NUMBER_RX})\b)", re.I)
_ATTACHED = re.compile(r"[A-Za-z°]+(?:/h)?|%")
_SPACED_SCALE = re.compile(r"[ \t]*(million|billion|trillion|thousand|hundred)\b|[ \t]?(bn|mn|tn|trn)\b", re.I)
_SCALE_LEADS = frozenset("million billion trillion thousand hundred bn mn tn trn".split())
_RANGE_JOIN = re.compile(r"[ \t]*(?:-|–|—)[ \t]*(?=[$£€]?\d)|[ \t]+to[ \t]+", re.I)
_BETWEEN_AND = re.compile(r"[ \t]+and[ \t]+", re.I)
_NOT_A_COUNT_AFTER = re.compile(
    r"[:/.]\d|[ \t]+\d|[ \t]*(?:[ap]\.?m\b|o['’]clock|GMT\b|UTC\b|BST\b|CET\b|hrs\b)"
    rf"|(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?:{_alt(_MONTH_NAMES)})\b",
)


# --- finding --------------------------------------------------------------------------------------

def find_quantities(body: str) -> list[Fact]:
    """Every number, sum of money and percentage in `body`, each with the noun it counts."""
    scan = scan_copy(body)
    events = [(m.start(), m.group()[1:]) for m in _WORD_TRIGGER.finditer(scan)]
    events += [(m.start() - 1, "") for m in _DIGIT_TRIGGER.finditer(scan)]
    events.sort(key=lambda event: event[0])
    facts: list[Fact] = []
    taken = 0
    for position, word in events:
        if position < taken:
            continue
        if not word and position and (body[position - 1].isalnum() or body[position - 1] in _NOT_BEFORE_DIGITS):
            continue
        try:
            draft = _read_words(body, word, position) if word else _read_digits(body, position)
            if draft is None or draft.start < taken:
                continue  # a currency sign glued to the previous fact's last word: keep the first reading
            _qualify(body, draft, taken)
            facts.append(_to_fact(body, draft))
        except (ArithmeticError, ValueError, KeyError):
            continue  # digits beyond any sensible number ("9" * 5000): no quantity
        taken = draft.end
    return facts


def _read_words(body: str, word: str, start: int) -> Draft | None:
    if word in ("in his", "in her", "in their"):
        decade = _DECADE.match(body, start)
        return _read_decade(decade) if decade else None
    if word in _VAGUE or word == "tens":
        vague = _VAGUE_AT.match(body, start)
        return _read_vague(body, vague) if vague else None
    if word in ("several", "many", "a few", "a couple"):
        few = _FEW.match(body, start)
        return _read_few(body, few) if few else None
    fraction = _FRACTION.match(body, _fraction_start(body, start, word))
    if fraction:
        return _read_fraction(body, fraction)
    if word in ORDINALS or word in TENS:
        ordinal = _ORDINAL_WORD.match(body, start)
        if ordinal:
            return _read_ordinal(body, start, ordinal.end(), ordinal_value(ordinal.group()))
    number = _WORD_NUMBER.match(body, start)
    return _read_word_number(body, number) if number else None


def _fraction_start(body: str, start: int, word: str) -> int:
    """ "a third of" starts at "a": the scan found "third"."""
    if word.rstrip("s") in DENOMINATORS or word == "halves":
        lead = last_word(left_words(body, start))
        begin = phrase_start(body, start, lead) if lead in ("a", "one") else -1
        if begin >= 0:
            return begin
    return start


def _read_digits(body: str, start: int) -> Draft | None:
    match = _DIGITS_AT.match(body, start)
    text, end = match.group(), match.end()
    left = left_words(body, start)
    if _excluded_digits(body, start, end, left):
        return None
    plain = text.replace(",", "")
    number: Number = Decimal(plain) if "." in plain else int(plain)
    draft = Draft(start, end, number, number, left=left)
    currency = currency_left(body, start, left)
    if currency:
        draft.kind, draft.unit, draft.start, draft.left = "money", currency[0], currency[1], None
    following = body[end:end + 1]
    if following.isalpha() or following in ("%", "°"):
        return _read_attached(body, draft, _ATTACHED.match(body, end))
    if following in (" ", "\t"):
        _scale(body, draft)
    return _finish(body, draft)


def _excluded_digits(body: str, start: int, end: int, left: list[str]) -> bool:
    """Digits that are a date, a time, a year, a list number, a name's model number or a phone."""
    if _NOT_A_COUNT_AFTER.match(body, end) or looks_like_year(body, start, end):
        return True
    if body.startswith((". ", ") "), end) and not body[body.rfind("\n", 0, start) + 1:start].strip():
        return True  # "1. First item"
    if not left:
        return False
    last = left[-1]
    spaced = body[start - 1] in " \t\u00a0"
    if spaced and last[-1].isdigit():
        return True  # "020 7946 0000"
    bare = last.rstrip(".").lower()
    if last[0].isupper() and bare in _MONTHS:
        return True  # "Jan. 17", "March 5": dates
    if bare in _LEAD_ABBREVIATIONS and (last.endswith(".") or last[0].isupper()):
        return True  # "No. 10", "No 10", "p. 5"
    return (last[0].isupper() and spaced and last[-1].isalnum() and last.lower() not in STOP
            and last not in CODES)  # "Challenger 2", "Boeing 737", "Category 5": names


def _read_attached(body: str, draft: Draft, attached: re.Match | None) -> Draft | None:
    """Letters glued to the digits: "5bn", "21st", "4.7m", "12%", "50p", "30km"; anything else is a code."""
    if attached is None:
        return None  # glued to a letter outside A-Z: a code or another script
    suffix = attached.group().lower()
    if suffix == "%":
        return _finish(body, draft)
    if suffix in ("st", "nd", "rd", "th") and draft.kind == "number":
        following = TOKEN.match(body, attached.end())
        if following and following.group(1)[0].isupper():
            return None  # "117th Street", "5th Avenue": names
        return _read_ordinal(body, draft.start, attached.end(), int(draft.lo))
    if suffix in ("bn", "mn", "tn", "trn") or (suffix in ("m", "k", "b") and _money_scale(body, draft, attached)):
        draft.end = attached.end()
        _apply_scale(draft, _SCALE_VALUES[suffix])
        return _finish(body, draft)
    if suffix == "p" and draft.kind == "number":
        draft.kind, draft.unit, draft.end = "money", "GBP", attached.end()
        draft.lo = draft.hi = Decimal(draft.lo) / 100
        return draft
    if suffix in ABBREVIATIONS and draft.kind == "number":
        draft.unit, draft.end = ABBREVIATIONS[suffix], attached.end()
        return draft
    return None


def _money_scale(body: str, draft: Draft, attached: re.Match) -> bool:
    """ "$1.2m" and "1.2m euros" are millions; "1.2m people" too; "4.7m above" is metres."""
    if draft.kind == "money" or CURRENCY_RIGHT.match(body, attached.end()):
        return True
    following = TOKEN.match(body, attached.end())
    return bool(following) and is_plural(following.group(1).lower())


def _scale(body: str, draft: Draft) -> None:
    following = TOKEN.match(body, draft.end)
    if following and following.group(1).lower() in _SCALE_LEADS:
        spaced = _SPACED_SCALE.match(body, draft.end)
        if spaced:
            draft.end = spaced.end()
            _apply_scale(draft, _SCALE_VALUES[(spaced.group(1) or spaced.group(2)).lower()])


def _apply_scale(draft: Draft, scale: int) -> None:
    draft.lo *= scale
    draft.hi *= scale
    draft.scaled = True


def _read_word_number(body: str, match: re.Match) -> Draft | None:
    number = words_to_number(match.group())
    if number is None or (match.group().lower() == "one" and not _counted_one(body, match)):
        return None
    if number == number.to_integral_value():
        number = int(number)
    return _finish(body, Draft(match.start(), match.end(), number, number), words=True)


def _counted_one(body: str, match: re.Match) -> bool:
    """ "one" counts only before its noun ("one person"); "one of the", "no one", "the one" are pronouns."""
    if last_word(left_words(body, match.start())) in ("no", "the", "that", "this", "any", "every", "each"):
        return False
    if COMPOUND.match(body, match.end()):
        return True  # "a one-day strike"; "one-off" is dropped with the other compounds
    following = TOKEN.match(body, match.end())
    return bool(following) and following.group(1).lower() not in STOP


def _read_ordinal(body: str, start: int, end: int, number: int | None) -> Draft | None:
    """ "a second day" -> 2 day (ordinal); an ordinal word needs a determiner, any ordinal a noun."""
    if number is None:
        return None
    if body[start].isalpha() and last_word(left_words(body, start)) not in _DETERMINERS:
        return None
    unit, unit_end = head_noun(body, end, plural=False)
    if not unit:
        return None
    return Draft(start, unit_end, number, number, unit=unit, tags=["ordinal"])


def _read_vague(body: str, match: re.Match) -> Draft:
    """ "billions" -> 10^9..10^12-1; "tens of thousands" -> 10,000..99,999."""
    words = match.group().lower().split()
    if len(words) > 1:
        multiple = 10 if words[0] == "tens" else _SCALE_VALUES[words[0][:-1]]
        scale = _SCALE_VALUES[words[-1][:-1]]
        low, high = multiple * scale, 10 * multiple * scale - 1
    else:
        low, high = _VAGUE[words[0]]
    draft = Draft(match.start(), match.end(), low, high, tags=["vague"])
    of = OF.match(body, draft.end)
    if of:
        unit_after_of(body, draft, of.end())
    return draft


def _read_few(body: str, match: re.Match) -> Draft | None:
    words = match.group().lower().split()
    scale = _SCALE_VALUES[words[-1]]
    low, high = (2 * scale, 3 * scale - 1) if "couple" in words else (2 * scale, 10 * scale - 1)
    return _finish(body, Draft(match.start(), match.end(), low, high, tags=["vague"]), words=True)


def _read_fraction(body: str, match: re.Match) -> Draft:
    text = match.group().lower()
    if text == "half":
        number = Decimal(1) / 2
    else:
        count, denominator = re.split(r"[ \t-]", text, maxsplit=1)
        numerator = 1 if count in ("a", "one") else SMALL[count]
        number = Decimal(numerator) / DENOMINATORS[denominator if denominator == "halves" else denominator.rstrip("s")]
    draft = Draft(match.start(), match.end(), number, number, tags=["fraction"])
    of = OF.match(body, draft.end)
    if of:
        unit, end = head_noun(body, of.end(), plural=False)
        if unit:
            draft.unit, draft.end = unit, end
    return draft


def _read_decade(match: re.Match) -> Draft:
    """ "in his seventies", "in her early 30s" -> ages 70..79, 30..33."""
    decade = DECADES[match.group("decw").lower()] if match.group("decw") else int(match.group("decd")) * 10
    low, high = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get((match.group("part") or "").lower(), (0, 9))
    return Draft(match.start(), match.end(), decade + low, decade + high, unit="age", tags=["vague"])


# --- what follows the number --------------------------------------------------------------------

def _finish(body: str, draft: Draft, words: bool = False) -> Draft | None:
    """Read range, percent, currency, age, compound or head noun after the number."""
    if not _read_range(body, draft):
        return None
    if draft.unit_from >= 0:
        # "from 10 to 12 percent": the first figure takes the unit written after the second.
        probe = Draft(draft.start, draft.unit_from, draft.hi, draft.hi, draft.kind, draft.unit, left=[])
        if read_unit(body, probe, words):
            draft.kind, draft.unit = probe.kind, probe.unit
        return draft
    return read_unit(body, draft, words)


def _read_range(body: str, draft: Draft) -> bool:
    """ "10 to 12", "10-12", "between 10 and 12" -> 10..12; a score "3-1" or "2-2" is no quantity."""
    following = body[draft.end:draft.end + 1]
    if following in ("-", "–", "—"):
        between, join = False, _RANGE_JOIN.match(body, draft.end)
    elif following in (" ", "\t") and body.startswith((" to ", " and "), draft.end):
        between = last_word(draft.words_before(body)) == "between"
        join = (_BETWEEN_AND if between else _RANGE_JOIN).match(body, draft.end)
    else:
        return True
    second = _SECOND_NUMBER.match(body, join.end()) if join else None
    if not second:
        return True
    high, high_end, scale = _second_value(body, second)
    if high is None:
        return True
    low = draft.lo
    if scale > 1 and not draft.scaled and low < high:
        low *= scale
    high *= scale
    if last_word(draft.words_before(body)) == "from":
        draft.unit_from = high_end  # "from 10 to 12 percent": a change, the unit is after the second
        return True
    if low >= high:
        return following not in ("-", "–", "—")
    draft.lo, draft.hi, draft.end = low, high, high_end
    draft.tags.append("range")
    begin = phrase_start(body, draft.start, "between") if between else -1
    if begin >= 0:
        draft.start, draft.left = begin, None
    return True


def _second_value(body: str, second: re.Match) -> tuple[Number | None, int, int]:
    if second.group("w"):
        return words_to_number(second.group("w")), second.end(), 1
    text = second.group("d").replace(",", "")
    number: Number = Decimal(text) if "." in text else int(text)
    spaced = _SPACED_SCALE.match(body, second.end())
    if spaced:
        return number, spaced.end(), _SCALE_VALUES[(spaced.group(1) or spaced.group(2)).lower()]
    attached = _ATTACHED.match(body, second.end())
    if attached and attached.group().lower() in ("bn", "mn", "tn", "trn", "m", "k", "b"):
        return number, attached.end(), _SCALE_VALUES[attached.group().lower()]
    return number, second.end(), 1


def _qualify(body: str, draft: Draft, taken: int) -> None:
    """ "nearly 80 years": the qualifier joins the span and leads the detail."""
    if "range" in draft.tags or draft.start == 0 or body[draft.start - 1] not in " \t\u00a0":
        return
    left = draft.words_before(body)
    if last_word(left) not in _QUALIFIER_ENDS:
        return
    for size in (3, 2, 1):
        if len(left) < size:
            continue
        phrase = " ".join(left[-size:]).lower()
        if phrase in _QUALIFIERS:
            begin = phrase_start(body, draft.start, phrase)
            if begin >= taken:
                draft.tags.insert(0, _QUALIFIERS[phrase])
                draft.start = begin
            return


def _to_fact(body: str, draft: Draft) -> Fact:
    return Fact(
        kind=draft.kind,
        text=body[draft.start:draft.end],
        span=Span(draft.start, draft.end),
        value=draft.value(),
        unit=draft.unit,
        detail=";".join(draft.tags),
    )


# --- comparing ------------------------------------------------------------------------------------

_APPROXIMATE = ("about", "nearly", "more than", "at least", "less than", "up to")
_HUGE = Decimal(10) ** 18


def quantity_relation(a: Fact, b: Fact) -> str:
    """How quantity `a` stands to `b`: "equal", "more_specific" (a is narrower or names its unit,
    e.g. "2.4 million euros" against "millions of euros"), "less_specific" (the reverse),
    "compatible" (they can both be true: "nearly 80" and "80") or "conflict" (240 against 420).

    Callers pair facts by unit first; two different units (or an ordinal against a count) are
    reported as a conflict because they cannot be the same figure, except nouns that both count
    people ("240 residents" / "240 people": the named group is the more specific).
    """
    unit_order = _unit_order(a, b)
    if unit_order is None:
        return "conflict"
    try:
        (a_lo, a_hi), (b_lo, b_hi) = _interval(a), _interval(b)
    except ArithmeticError:  # a value no finder here wrote: say only whether the strings agree
        return "equal" if (a.value, a.unit) == (b.value, b.unit) else "compatible"
    a_tags, b_tags = _tags(a), _tags(b)
    a_vague, b_vague = "vague" in a_tags or "range" in a_tags, "vague" in b_tags or "range" in b_tags
    if (a_vague or b_vague) and (a_lo, a_hi) != (b_lo, b_hi):
        if b_lo <= a_lo and a_hi <= b_hi and b_vague:
            return "more_specific"
        if a_lo <= b_lo and b_hi <= a_hi and a_vague:
            return "less_specific"
    overlap = a_lo <= b_hi and b_lo <= a_hi
    if not overlap:
        return "conflict"
    if _qualifier(a_tags) != _qualifier(b_tags) or (a_lo, a_hi) != (b_lo, b_hi):
        return "compatible"
    return unit_order


def _unit_order(a: Fact, b: Fact) -> str | None:
    """ "equal" when both name the same unit, "more_specific" when only `a` names one, None when
    the units (or kinds, or ordinal use) differ."""
    if ("ordinal" in _tags(a)) != ("ordinal" in _tags(b)):
        return None
    if a.kind != b.kind and "number" not in (a.kind, b.kind):
        return None
    if a.unit == b.unit and a.kind == b.kind:
        return "equal"
    if a.kind == b.kind == "number" and a.unit in PERSON_NOUNS and b.unit in PERSON_NOUNS:
        if "person" in (a.unit, b.unit):
            return "less_specific" if a.unit == "person" else "more_specific"
        return "compatible"  # "240 residents" and "240 evacuees" may be the same people
    if not b.unit and (b.kind == "number" or b.kind == a.kind):
        return "more_specific"
    if not a.unit and (a.kind == "number" or a.kind == b.kind):
        return "less_specific"
    return None


def _tags(fact: Fact) -> set[str]:
    return set(fact.detail.split(";")) if fact.detail else set()


def _qualifier(tags: set[str]) -> str:
    return next((tag for tag in _APPROXIMATE if tag in tags), "")


def _interval(fact: Fact) -> tuple[Decimal, Decimal]:
    """The values a fact allows, widened by its qualifier ("nearly 80" -> 72..80)."""
    low_text, _, high_text = fact.value.partition("..")
    low = Decimal(low_text)
    high = Decimal(high_text) if high_text else low
    qualifier = _qualifier(_tags(fact))
    if qualifier == "about":
        return low * Decimal("0.9"), high * Decimal("1.1")
    if qualifier == "nearly":
        return low * Decimal("0.9"), high
    if qualifier in ("more than", "at least"):
        return low, _HUGE
    if qualifier in ("less than", "up to"):
        return Decimal(0), high
    return low, high
