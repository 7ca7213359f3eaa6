"""Word and punctuation tokens of an article's text, each with a comparison key.

The word diff (core.wording) compares *keys*, never surfaces, so that two outlets' house styles
line up word for word: "U.K." and "UK", "defense" and "defence", "Fourteen" and "14", "other's"
and "other’s" get one key each. Every token keeps its original text, its span in the stored body
and the whitespace after it, so nothing is lost and every difference can point at the body
(CollateX keeps original + normalised form per token for the same reason: collatex#31, #94).

What stays one word: "U.K.", "D.C.", "a.m." (initialisms with their stops), "St." and other
common abbreviations, "1,000" and "2.4", "9/11", "other's", "Trans-Pacific", "71-year-old".
A number glued to a time or unit abbreviation comes apart ("2am" -> "2", "am"), so that it lines
up with "2 a.m." word for word.
Every other non-space character is a punctuation token (a run of one repeated mark, such as
"--" or "...", is one token); punctuation has an empty key and leaves the word diff.

`normalise_ladder` names the normalisation that makes two surfaces of one thing equal (the
cosmetic kinds), and `misspelling_evidence` says when two words are one common word misspelt.

The key of a word: NFKC, quote marks / apostrophes / dashes unified, Latin diacritics dropped
("café" = "cafe"), case folded, abbreviation stops removed ("U.K." -> "uk"; the decimal point
of "2.4" stays), digit-group commas removed ("1,000" -> "1000"), British spelling
(core.normalise.spelling_key: "defense" -> "defence"), number words as digits ("fourteen" ->
"14", "forty-five" -> "45", "first" -> "1st").
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from core.gazetteer import load as load_gazetteer
from core.model import Span
from core.normalise import metaphone, spelling_key, text_key
from core.numwords import ORDINALS, SMALL, TENS, words_to_number


@dataclass(frozen=True)
class Token:
    """One word or punctuation mark: body[start:end] == text; `space` is the whitespace after it."""

    text: str
    start: int
    end: int
    key: str
    is_word: bool
    space: str = ""


_new = object.__new__
# Abbreviations written with a stop; the stop belongs to the word ("St. Aldhelm's", "Jan. 17").
_ABBREVIATIONS = frozenset((
    "St Mr Mrs Ms Mx Dr Jr Sr Gen Lt Col Capt Cpt Sgt Maj Adm Cmdr Brig Gov Sen Rep Pres Supt Insp Det "
    "Prof Rev Hon Amb Mt Ft Ave Rd Blvd Sq Inc Ltd Co Corp Bros Dept Univ Jan Feb Mar Apr Jun Jul Aug "
    "Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun vs etc approx est Nos No"
).split())
_JOINERS = re.escape("'’‘ʼ`´′-‐‑/&")     # inside a word: other's, Trans-Pacific, 9/11, AT&T
# One plain pattern, scanned once; the rare cases (a final abbreviation stop, "2am") are settled in
# Python afterwards, which is twice as fast as an alternation tried at every token.
_TOKEN = re.compile(
    rf"(?P<w>\w+(?:(?:[{_JOINERS}]|\.(?=\w)|(?<=\d),(?=\d{{3}}(?!\d)))\w+)*)"   # words, U.K, 1,000, 9/11
    r"|(?P<p>\S)(?P=p)*"                                                         # a run of one repeated mark
)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")     # "U.K", "a.m": their last stop is theirs too
_POSSESSIVE = re.compile(r"['’]s(?!\w)")
_GLUED_UNIT = re.compile(r"(\d+(?:[.,]\d+)*)(?:[ap]m|km|kg|mm|cm|ml|mph|kph|ft|lbs?)", re.IGNORECASE)
_SPACE = re.compile(r"\s*")

_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("“”„‟«»″〝〞＂", '"'),
    **dict.fromkeys("‘’‚‛ʼ`´′‹›", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
})


def _ordinal(value: int) -> str:
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


_NUMBER_WORDS = {**{w: str(v) for w, v in {**SMALL, **TENS}.items()}, **{w: _ordinal(v) for w, v in ORDINALS.items()}}
_ABBREVIATION_STOP = re.compile(r"(?<!\d)\.|\.(?!\d)")   # a stop not between two digits
_GROUP_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def unify_typography(text: str) -> str:
    """NFKC with curly quotes, apostrophes, dashes and odd spaces made plain; Latin accents dropped."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return strip_latin_accents(text)


def strip_latin_accents(text: str) -> str:
    """ "café" -> "cafe"; marks on non-Latin letters (Devanagari, Arabic ...) are kept: they spell."""
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed == text and not any(unicodedata.combining(ch) for ch in text):
        return text
    out: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and out and ord(out[-1]) < 0x250:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


@lru_cache(maxsize=65536)
def word_key(text: str) -> str:
    """The comparison key of one word token (see the module docstring)."""
    key = unify_typography(text).casefold()
    if "." in key:
        key = _ABBREVIATION_STOP.sub("", key)
    if "," in key:
        key = _GROUP_COMMA.sub("", key)
    number = _NUMBER_WORDS.get(key)
    if number is not None:
        return number
    if "-" in key:
        value = words_to_number(key)
        if value is not None:
            return str(value)
        return "-".join(spelling_key(part) for part in key.split("-"))
    return spelling_key(key)


def tokenize(body: str, spans: Sequence[Span]) -> list[Token]:
    """Tokens of the given spans of `body`, in span order; offsets index `body`.

    Words and punctuation come apart; every non-space character of every span lies in exactly
    one token. Spans outside the body are clipped, never an error.
    """
    tokens: list[Token] = []
    for span in spans:
        start, end = max(0, span.start), min(len(body), span.end)
        if start < end:
            tokens += span_tokens(body, start, end)
    return tokens


@lru_cache(maxsize=8192)   # a sentence is diffed against every other outlet's version of it
def span_tokens(body: str, start: int, end: int) -> tuple[Token, ...]:
    """The tokens of body[start:end] (cached: the body's hash is computed once per string)."""
    found: list[list] = []
    skip = start
    for match in _TOKEN.finditer(body, start, end):
        first, stop = match.span()
        if first < skip:                    # a stop or "'s" already given to the word before
            if stop <= skip:
                continue
            first = skip
        if match.lastgroup != "w":
            found.append([first, stop, False])
            continue
        if stop < end and body[stop] == ".":
            stop = skip = _abbreviation_end(body, first, stop, end)
        elif body[first].isdigit() and body[stop - 1].isalpha() and (glued := _GLUED_UNIT.fullmatch(body, first, stop)):
            found.append([first, glued.end(1), True])      # "2am" -> "2" "am", to line up with "2 a.m."
            first = glued.end(1)
        found.append([first, stop, True])
    if found and not body.isascii() and not body[start:end].isascii():
        found = _join_marks(body, found)
    tokens = []
    for k, (first, stop, is_word) in enumerate(found):
        after = found[k + 1][0] if k + 1 < len(found) else _SPACE.match(body, stop, end).end()
        text = body[first:stop]
        # Token(...) without the frozen dataclass's per-field __setattr__: the same object at half the cost
        token = _new(Token)
        fields = token.__dict__
        fields["text"], fields["start"], fields["end"] = text, first, stop
        fields["key"], fields["is_word"], fields["space"] = word_key(text) if is_word else "", is_word, body[stop:after]
        tokens.append(token)
    return tuple(tokens)


def _abbreviation_end(body: str, first: int, stop: int, end: int) -> int:
    """Where a word followed by a stop ends: after the stop for "St." or "U.S." (and "U.S.'s"), else at the stop."""
    word = body[first:stop]
    if word not in _ABBREVIATIONS and not _INITIALISM.fullmatch(word):
        return stop
    possessive = _POSSESSIVE.match(body, stop + 1, end)
    return possessive.end() if possessive else stop + 1


def _join_marks(body: str, found: list[list]) -> list[list]:
    """Keep combining marks inside their word: re's \\w leaves out the vowel signs of Devanagari, Thai ..."""
    out = [found[0]]
    for item in found[1:]:
        last = out[-1]
        joined = item[0] == last[1] and last[2] and (
            unicodedata.category(body[item[0]])[0] == "M" or unicodedata.category(body[last[1] - 1])[0] == "M")
        if joined:
            last[1] = item[1]
        else:
            out.append(item)
    return out


def inside(tokens: Sequence[Token], spans: Sequence[Span]) -> list[bool]:
    """For each token, whether it overlaps one of `spans` (protected text of the factual layer)."""
    if not spans:
        return [False] * len(tokens)
    ordered = sorted((s.start, s.end) for s in spans if s.end > s.start)
    starts = [s for s, _ in ordered]
    reach: list[int] = []           # the furthest end among spans starting at or before each one
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)
    flags = []
    for token in tokens:
        i = bisect_right(starts, token.end - 1) - 1    # last span starting before the token ends
        flags.append(i >= 0 and reach[i] > token.start)
    return flags


# --- the ladder: which normalisation makes two surfaces equal ----------------------------------

_ABBREVIATED = {   # short form -> long forms, for abbreviations written without a stop ("St Aldhelm's")
    "st": ("saint", "street"), "mt": ("mount",), "ft": ("fort", "foot", "feet"), "rd": ("road",),
    "ave": ("avenue",), "dr": ("doctor", "drive"), "mr": ("mister",), "sq": ("square",),
    "gen": ("general",), "lt": ("lieutenant",), "col": ("colonel",), "capt": ("captain",),
    "sgt": ("sergeant",), "gov": ("governor",), "sen": ("senator",), "rep": ("representative",),
    "prof": ("professor",), "rev": ("reverend",), "dept": ("department",), "govt": ("government",),
    "intl": ("international",), "natl": ("national",), "univ": ("university",), "co": ("company",),
    "corp": ("corporation",), "bros": ("brothers",), "no": ("number",), "vs": ("versus",),
}
# Punctuation but stops, apostrophes, hyphens, slashes and the commas of "1,200" (later rungs' business).
_MARKS = re.compile(r"[^\w\s.,'/-]+|(?<!\d),|,(?!\d)")


def _typography(text: str) -> str:
    return " ".join(unify_typography(text).split())


def _no_punctuation(text: str) -> str:
    """Marks between words gone, apostrophes dropped, hyphens and slashes made spaces; stops stay (rung 4's)."""
    text = _MARKS.sub(" ", text.replace("'", "")).replace("-", " ").replace("/", " ")
    return " ".join(text.split())


def no_stops(text: str) -> str:
    """Abbreviation stops removed ("U.K." -> "UK"); a decimal point ("2.4") stays."""
    return _ABBREVIATION_STOP.sub("", text)


def _abbreviation_equal(a: str, b: str, dotted: bool) -> bool:
    if a == b or (dotted and a.replace(" ", "") == b.replace(" ", "")):
        return True
    wa, wb = a.split(), b.split()
    if len(wa) == len(wb) and all(x == y or _abbreviates(x, y) or _abbreviates(y, x) for x, y in zip(wa, wb)):
        return True
    return same_place(a, b)


def _abbreviates(short: str, long: str) -> bool:
    return long in _ABBREVIATED.get(short, ())


def same_place(a: str, b: str) -> bool:
    """ "UK" / "United Kingdom" / "British": one place named two ways (both must be known places)."""
    gazetteer = load_gazetteer()
    place_a, place_b = gazetteer.lookup(text_key(a)), gazetteer.lookup(text_key(b))
    return bool(place_a and place_b and place_a.value == place_b.value and not place_a.ambiguous)


def _british(text: str) -> str:
    return " ".join(spelling_key(w) for w in text.split())


def _numbers(text: str) -> str:
    words = [word_key(w) for w in text.split()]
    value = words_to_number(text)
    return str(value) if value is not None else " ".join(words)


def normalise_ladder(a: str, b: str) -> str | None:
    """The cosmetic kind that makes a and b equal, or None.

    Rungs, each on top of the ones before, the first that equalises naming the kind:
    typography (NFKC, quote marks, apostrophes, dashes, spaces, Latin accents) · case ·
    punctuation (marks between words, apostrophes and hyphens inside them) · abbreviation (stops:
    U.K./UK, 2 a.m./2am; St/Saint; UK/British) · spelling (British/American) · number_format
    ("fourteen"/14, "1,000"/1000). None when a == b (nothing to name) or no rung equalises them.
    """
    if a == b:
        return None
    a, b = _typography(a), _typography(b)
    if a == b:
        return "typography"
    a, b = a.casefold(), b.casefold()
    if a == b:
        return "case"
    dotted, hyphened = "." in a + b, "-" in a + b
    a, b = _no_punctuation(a), _no_punctuation(b)
    if a == b or (hyphened and a.replace(" ", "") == b.replace(" ", "")):     # clean-up = clean up = cleanup
        return "punctuation"
    a, b = no_stops(a), no_stops(b)
    if _abbreviation_equal(a, b, dotted):
        return "abbreviation"
    a, b = _british(a), _british(b)
    if a == b:
        return "spelling"
    if _numbers(a) == _numbers(b):
        return "number_format"
    return None


# --- misspellings -------------------------------------------------------------------------------

def misspelling_evidence(a: Token, b: Token, a_initial: bool, b_initial: bool) -> str | None:
    """Evidence that two single words are one common word, one of them misspelt, or None.

    Lower-case words only (a capital at a sentence start is allowed): names are factual. Same first
    letter, both at least 5 letters, one edit (two from 8 letters; a swap of neighbours is one),
    not two inflections of one stem (rescued/rescues), and the same sound (metaphone) unless the
    edit drops a letter from a long word (goverment). Real-word confusions (advice/advise) pass:
    they are the same slot written two ways, which is what an editor wants to see lightly.
    """
    x, y = a.key, b.key
    if not (_lower_word(a, a_initial) and _lower_word(b, b_initial)) or not (x.isalpha() and y.isalpha()):
        return None
    if x[0] != y[0] or min(len(x), len(y)) < 5 or _same_stem(x, y):
        return None
    distance = OSA.distance(x, y)
    if distance > (2 if min(len(x), len(y)) >= 8 else 1):
        return None
    code_x, code_y = metaphone(x), metaphone(y)
    if code_x != code_y and not (distance == 1 and abs(len(x) - len(y)) == 1 and max(len(x), len(y)) >= 7):
        return None
    return f"edit distance {distance}, metaphone {code_x} {'=' if code_x == code_y else '≠'} {code_y}"


def _lower_word(token: Token, initial: bool) -> bool:
    text = token.text
    return text.islower() or (initial and text[:1].isupper() and text[1:].islower())


_INFLECTIONS = ("ing", "ed", "es", "s", "d", "er", "est", "ly")


def _same_stem(x: str, y: str) -> bool:
    def stem(word: str) -> str:
        for ending in _INFLECTIONS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)].rstrip("e")
        return word.rstrip("e")
    return stem(x) == stem(y)
