"""What a number counts: the unit read after it (or a currency sign before it), in one spelling.

core.quantities finds a number and reads it into a `Draft`; the functions here read what the words
around it add: a currency ("$", "US$", "USD 40", "2.4 million euros" -> "EUR", "50 pence" -> GBP), a
percentage ("%", "per cent", "percentage points" -> "pp"), an age ("71-year-old", "aged 71", "Priya
Dunmore, 34,"), a compound ("a two-day trip" -> day) or the head noun it counts, lemmatised by
core.numwords ("14 new Challenger 2 tanks" -> tank, "hundreds of residents" -> resident).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from core.numwords import ABBREVIATIONS, is_plural, singular

# --- vocabulary -----------------------------------------------------------------------------------

_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB", "₴": "UAH"}
_DOLLAR_PREFIX = {"US": "USD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "NZ": "NZD",
                  "HK": "HKD", "S": "SGD"}
CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "RUB", "UAH", "NZD", "HKD",
         "SGD", "SEK", "NOK", "DKK", "PLN", "TRY", "ZAR", "BRL", "MXN", "ILS", "NGN")
_CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "franc": "CHF", "rouble": "RUB", "ruble": "RUB",
    "hryvnia": "UAH", "rand": "ZAR", "lira": "TRY", "shekel": "ILS", "naira": "NGN", "pence": "GBP",
}
_DOLLAR_ADJECTIVES = {"us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD",
                      "australian": "AUD", "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD"}
# Closed-class words: the noun search stops at them, and a capital one before a digit is no name.
STOP = frozenset("""
a an the of in on at by for from to with without into onto over under above below across through
between among after before since until during per via about around and or but nor than as that which
who whom whose this these those there here it its they them their he him his she her we us our you
your i me my is are was were be been being am has have had having do does did will would shall should
can could may might must not no said says say told more less most least also only just even still yet
so too very each every all both either neither such if when where while because although though
whether including like up down out off then now ago later earlier some nearly almost roughly
approximately another further additional estimated exactly precisely total totalling altogether
respectively what how why
""".split())
_COMPOUND_SKIP = frozenset("off on time times way sided handed hand fold liner stop party".split())
_COMPOUND_PASS = frozenset("strong odd plus".split())


# --- patterns -------------------------------------------------------------------------------------

CURRENCY_RIGHT = re.compile(
    rf"[ \t]+(?:(?P<adj>US|U\.S\.|American|Canadian|Australian|New[ \t]Zealand|Hong[ \t]Kong|Singapore"
    rf"|Swiss)[ \t]+)?(?P<cur>dollars?|euros?|pounds?(?:[ \t]+sterling)?|sterling|yen|yuan|renminbi"
    rf"|rupees?|francs?|roubles?|rubles?|hryvnias?|rand|lira|shekels?|naira|pence|{'|'.join(CODES)})\b",
    re.I,
)
# First words after a number that may open a currency or percentage phrase: only then is it tried.
_CURRENCY_LEADS = frozenset(
    "dollar dollars euro euros pound pounds sterling yen yuan renminbi rupee rupees franc francs rouble "
    "roubles ruble rubles hryvnia hryvnias rand lira shekel shekels naira pence us u american canadian "
    "australian new hong singapore swiss".split()) | {code.lower() for code in CODES}
_PERCENT_LEADS = frozenset("per percent pct percentage".split())
OF = re.compile(r"[ \t]+of[ \t]+(?:(?:the|their|its|his|her|our|these|those)[ \t]+)?", re.I)
_PERCENT = re.compile(r"[ \t]+(percentage[ \t]+points?)\b|[ \t]*(?:%|(?:per[ \t]?cent|percent|pct)\b)", re.I)
_AGE = re.compile(r"(?:-|[ \t]+)years?(?:-|[ \t]+)old\b", re.I)
COMPOUND = re.compile(r"-([A-Za-z]+)\b")
TOKEN = re.compile(r"[ \t]*(?:\n[ \t]*)?([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|\d[\d,.]*)")

Number = int | Decimal


@dataclass
class Draft:
    """A quantity while it is being read: its bounds grow as the words around it are consumed.

    `left` holds the words just before `start` (read once, see left_words); it is None until
    asked for, and cleared when `start` moves onto a currency sign.
    """

    start: int
    end: int
    lo: Number
    hi: Number
    kind: str = "number"
    unit: str = ""
    tags: list[str] = field(default_factory=list)
    scaled: bool = False
    unit_from: int = -1
    left: list[str] | None = None

    def words_before(self, body: str) -> list[str]:
        if self.left is None:
            self.left = left_words(body, self.start)
        return self.left

    def value(self) -> str:
        if self.lo == self.hi:
            return _decimal(self.lo)
        return f"{_decimal(self.lo)}..{_decimal(self.hi)}"


def _decimal(number: Number) -> str:
    if isinstance(number, int):
        return str(number)
    if number == number.to_integral_value():
        return str(int(number))
    try:
        return format(number.quantize(Decimal("0.0001")).normalize(), "f")
    except ArithmeticError:  # more digits than the context holds: keep them all
        return format(number.normalize(), "f")


def left_words(body: str, start: int) -> list[str]:
    """The whitespace-separated words in the 40 characters before `start` (plain string work: a
    regex search backwards would cost more than the whole rest of reading a number)."""
    window = max(0, start - 40)
    words = body[window:start].split()
    if words and window and not body[window - 1].isspace() and not body[window].isspace():
        words = words[1:]  # cut mid-word by the window
    return words


def last_word(words: list[str]) -> str:
    """The last of `words` in lower case, "" when there is none."""
    return words[-1].lower() if words else ""


def phrase_start(body: str, end: int, phrase: str) -> int:
    """Where `phrase` (lower case, single-spaced) starts if it ends just before `end`, else -1."""
    stop = len(body[max(0, end - 40):end].rstrip(" \t\u00a0")) + max(0, end - 40)
    begin = stop - len(phrase)
    if begin < 0 or body[begin:stop].lower() != phrase:
        return -1
    return begin if begin == 0 or not body[begin - 1].isalnum() else -1


# --- a currency before the number -----------------------------------------------------------------

def currency_left(body: str, start: int, left: list[str]) -> tuple[str, int] | None:
    """The currency written just before the digits at `start` ("$", "US$", "€ ", "USD "): (ISO code, where
    it starts), or None; `left` holds the words before `start`."""
    at = start - 1 if start and body[start - 1] in _SYMBOLS else start - 2
    if at >= 0 and body[at] in _SYMBOLS and (at == start - 1 or body[start - 1] == " "):
        code, begin = _SYMBOLS[body[at]], at
        for prefix in ("US", "AU", "CA", "NZ", "HK", "A", "C", "S"):
            first = at - len(prefix)
            if body[at] == "$" and body.startswith(prefix, first) and (first == 0 or not body[first - 1].isalpha()):
                code, begin = _DOLLAR_PREFIX[prefix], first
                break
        return code, begin
    if left and left[-1] in CODES and body[start - 1] == " ":
        begin = phrase_start(body, start, left[-1].lower())
        return (left[-1], begin) if begin >= 0 else None
    return None


# --- what follows the number --------------------------------------------------------------------

def read_unit(body: str, draft: Draft, words: bool) -> Draft | None:
    """Look at what follows once and try only the reading it allows."""
    end = draft.end
    following = body[end:end + 1]
    if following == "-":
        age = _AGE.match(body, end)
        if age and draft.kind == "number":
            draft.unit, draft.end = "age", age.end()
            return draft
        compound = COMPOUND.match(body, end)
        return _read_compound(body, draft, compound) if compound and draft.kind == "number" else draft
    if following == "%" or body.startswith(" %", end):
        return _read_percent(body, draft)
    token = TOKEN.match(body, end)
    word = token.group(1).lower() if token else ""
    if word in _PERCENT_LEADS and draft.kind == "number" and _PERCENT.match(body, end):
        return _read_percent(body, draft)
    if word in _CURRENCY_LEADS and _read_currency(body, draft):
        return draft
    if draft.kind != "number":
        return draft
    if (word in ("year", "years") and _AGE.match(body, end)) or _is_stated_age(body, draft):
        age = _AGE.match(body, end)
        draft.unit, draft.end = "age", age.end() if age else end
        return draft
    integral = isinstance(draft.hi, int) or draft.hi == draft.hi.to_integral_value()
    unit, unit_end = head_noun(body, end, plural=draft.hi != 1 and integral, first=token)
    if unit:
        draft.unit, draft.end = unit, unit_end
    elif words and draft.hi <= 2 and not draft.scaled and "vague" not in draft.tags:
        return None  # "the two will meet": a pronoun, not a count
    return draft


def _is_stated_age(body: str, draft: Draft) -> bool:
    """ "aged 71", and the news convention "Priya Dunmore, 34, said"."""
    left = draft.words_before(body)
    if last_word(left) == "aged":
        return True
    if draft.hi >= 120 or not body.startswith(",", draft.end) or not left or body[draft.start - 1] != " ":
        return False
    name = left[-1]
    return name[0].isupper() and name.endswith(",") and name[:-1].isalpha()


def _read_percent(body: str, draft: Draft) -> Draft:
    percent = _PERCENT.match(body, draft.end)
    if percent and draft.kind == "number":
        draft.kind, draft.unit, draft.end = "percent", "pp" if percent.group(1) else "%", percent.end()
    return draft


def _read_currency(body: str, draft: Draft) -> bool:
    currency = CURRENCY_RIGHT.match(body, draft.end)
    if not currency:
        return False
    word = currency.group("cur").lower()
    code = word.upper() if word.upper() in CODES else _CURRENCY_WORDS[singular(word.split()[0])]
    adjective = " ".join((currency.group("adj") or "").lower().split())
    if adjective == "swiss":
        code = "CHF"
    elif adjective and code == "USD":
        code = _DOLLAR_ADJECTIVES.get(adjective, code)
    if word == "pence":
        draft.lo, draft.hi = Decimal(draft.lo) / 100, Decimal(draft.hi) / 100
    draft.kind, draft.unit, draft.end = "money", code, currency.end()
    return True


def _read_compound(body: str, draft: Draft, compound: re.Match) -> Draft | None:
    """ "a two-day trip" -> 2 day (compound); "a 1,000-strong crowd" -> 1000 crowd; "one-off" is none."""
    word = compound.group(1).lower()
    if word in _COMPOUND_SKIP or draft.tags:
        return None
    if word in _COMPOUND_PASS:
        unit, end = head_noun(body, compound.end(), plural=False)
        if not unit:
            return None
        draft.unit, draft.end = unit, end
        return draft
    draft.unit, draft.end = singular(word), compound.end()
    draft.tags.append("compound")
    return draft


def unit_after_of(body: str, draft: Draft, position: int) -> None:
    """ "billions of dollars" -> USD, "hundreds of residents" -> resident."""
    magnitude_end, draft.end = draft.end, position - 1
    if _read_currency(body, draft):
        return
    unit, end = head_noun(body, position, plural=True)
    draft.unit, draft.end = (unit, end) if unit else ("", magnitude_end)


def head_noun(body: str, position: int, plural: bool, first: re.Match | None = None) -> tuple[str, int]:
    """The noun a number counts: the first plural within four words, skipping adjectives and names
    ("14 new Challenger 2 tanks" -> tank); for one thing or an ordinal, the last word before a
    function word ("a second consecutive day" -> day). Returns (lemma, end) or ("", position)."""
    token = first or TOKEN.match(body, position)
    if token is None:
        return "", position
    word = token.group(1).lower()
    if word in ABBREVIATIONS and word not in STOP:
        return ABBREVIATIONS[word], token.end()
    if plural:
        return _first_plural(body, token, word)
    last: tuple[str, int] = ("", position)
    for _ in range(3):
        if word in STOP or word[0].isdigit():
            break
        if not word.endswith(("ed", "ly")):
            last = (singular(word), token.end())
        token = TOKEN.match(body, token.end())
        if token is None:
            break
        word = token.group(1).lower()
    return last


def _first_plural(body: str, token: re.Match, word: str) -> tuple[str, int]:
    """The first plural noun from `token` (whose lower-case text is `word`) within four words."""
    if word == "of":
        of = OF.match(body, token.start())  # "five of its safety launches" -> launch
        token = TOKEN.match(body, of.end()) if of else None
        word = token.group(1).lower() if token else ""
    for _ in range(4):
        if token is None or word in STOP:
            break
        if not word[0].isdigit() and is_plural(word):
            return singular(word), token.end()
        token = TOKEN.match(body, token.end())
        word = token.group(1).lower() if token else ""
    return "", 0
