"""Number words, plural nouns, unit spellings and years: what quantities and timex share.

Both fact finders must agree on what a four-digit number is (a year for timex, a count for
quantities), so that rule lives here, next to the number words, the plural -> singular
lemmatiser that names the thing a number counts, and the two helpers that make their scans fast
(`scan_copy`, `trie_pattern`).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
# "in his seventies": the decade words an age range is given in.
DECADES = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}


def _alternation(words) -> str:
    # Longest first, so "fourteen" is tried before "four".
    return "|".join(sorted(words, key=len, reverse=True))


SMALL_RX = _alternation(list(SMALL) + list(TENS))
UNIT_RX = _alternation([w for w in SMALL if SMALL[w] < 10 and w != "zero"])
SCALE_RX = _alternation(list(SCALES) + ["dozen"])
ORDINAL_RX = rf"(?:(?:{_alternation(TENS)})-)?(?:{_alternation(ORDINALS)})"
DENOMINATOR_RX = _alternation(list(DENOMINATORS) + [d + "s" for d in DENOMINATORS if not d.endswith("s")])
# "forty-five", "two hundred and forty", "a million", "half a million", "two dozen".
_SMALL_ONE = rf"(?:{SMALL_RX})(?:-(?:{UNIT_RX}))?"
WORD_NUMBER_RX = (
    rf"(?:{_SMALL_ONE}|a(?=[ \t]+(?:{SCALE_RX})\b)|half[ \t]+an?(?=[ \t]+(?:{SCALE_RX})\b))"
    rf"(?:[ \t]+(?:{SCALE_RX})\b(?:[ \t]+and(?=[ \t]+(?:{SMALL_RX})\b))?|[ \t]+{_SMALL_ONE}\b)*"
)

_SPLIT = re.compile(r"[\s-]+")


def trie_pattern(words) -> str:
    """An alternation of `words` shaped as a prefix tree ("t(?:en|wo|hree)" rather than "ten|two|three").

    Python's `re` tries a flat alternation branch by branch at every position; the tree lets it
    reject a position after one character, which makes a scan for ~100 trigger words about five
    times faster. Longer words win because every branch is tried before its optional end.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(tree)


def _emit(node: dict) -> str:
    branches = [re.escape(char) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group


_SCAN_SEPARATORS = "\n\t\r\x0b\x0c\u00a0\"“”‘’'([{—–-/"


class _IdentityDefault(dict):
    """A str.translate table that maps every character it does not name to itself, and remembers it.

    With a plain table each character left alone costs str.translate a KeyError raised and cleared,
    which made the translation the dearest step of scan_copy on text that is not pure ASCII (curly
    quotes, "£"): remembered, such a character costs one dictionary hit from then on.
    """

    def __missing__(self, code: int) -> int:
        if len(self) < 10_000:  # bounded: remember the characters of ordinary text, not of every script
            self[code] = code
        return code


_SCAN_TABLE = _IdentityDefault(str.maketrans({**{char: " " for char in _SCAN_SEPARATORS},
                                              **{digit: "0" for digit in "123456789"}}))
_WIDE_SEPARATORS = tuple(char for char in _SCAN_SEPARATORS if ord(char) > 0xFF)
# The same translation for Latin-1 text, as a bytes.translate table.
_SCAN_BYTES = bytes(ord(_SCAN_TABLE[code]) if code in _SCAN_TABLE else code for code in range(256))


@lru_cache(maxsize=4)  # find_quantities and find_times scan the same body one after the other
def scan_copy(text: str) -> str:
    """A copy of `text` for fast trigger scans, with every character kept in place.

    Lower case, word separators (line breaks, quote marks, brackets, dashes, slashes) made spaces and
    ASCII digits made "0", so that a pattern can start with a literal " " or "0", which Python's
    `re` finds with a fast character search instead of trying every position (~0.2 ms -> ~0.04 ms
    on a 1,000-word article). A leading space is added: offset i in `text` is i + 1 in the copy.
    str.lower() turns a few characters into two ("İ"); those are kept as they are.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    return " " + _scan_translate(low)


def _scan_translate(low: str) -> str:
    """low.translate(_SCAN_TABLE), fast: news text is Latin-1 but for its curly quotes and dashes, and
    bytes.translate is several times faster than str.translate on text that is not pure ASCII."""
    for char in _WIDE_SEPARATORS:
        if char in low:
            low = low.replace(char, " ")
    try:
        raw = low.encode("latin-1")
    except UnicodeEncodeError:   # other scripts, symbols: the general (slower) way
        return low.translate(_SCAN_TABLE)
    return raw.translate(_SCAN_BYTES).decode("latin-1")


def words_to_number(text: str) -> Decimal | None:
    """The value of a run of number words ("two hundred and forty" -> 240), None if it is not one."""
    tokens = [t for t in _SPLIT.split(text.lower()) if t and t != "and"]
    half = len(tokens) > 1 and tokens[0] == "half"
    if half:
        tokens = tokens[1:]
    total, current, seen = 0, 0, False
    for token in tokens:
        if token in SMALL or token in TENS:
            current += SMALL.get(token, TENS.get(token, 0))
        elif token in ("a", "an"):
            current += 1
        elif token in ("hundred", "dozen"):
            current = (current or 1) * (100 if token == "hundred" else 12)
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = Decimal(total + current)
    return value / 2 if half else value


def ordinal_value(word: str) -> int | None:
    """ "second" -> 2, "twenty-first" -> 21, "21st" -> 21; None for anything else."""
    word = word.lower()
    if word[:1].isdigit():
        digits = word.rstrip("stndrh")
        return int(digits) if digits.isdigit() else None
    tens, _, unit = word.rpartition("-")
    if unit not in ORDINALS:
        return None
    return TENS.get(tens, 0) + ORDINALS[unit] if tens else ORDINALS[unit]


# --- plural nouns -------------------------------------------------------------------------------

_IRREGULAR = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "geese": "goose", "lives": "life", "wives": "wife",
    "knives": "knife", "halves": "half", "leaves": "leaf", "thieves": "thief", "shelves": "shelf",
    "wolves": "wolf", "calves": "calf", "loaves": "loaf", "crises": "crisis", "analyses": "analysis",
    "theses": "thesis", "criteria": "criterion", "phenomena": "phenomenon", "buses": "bus",
    "gases": "gas", "viruses": "virus", "statuses": "status", "bonuses": "bonus", "campuses": "campus",
    "censuses": "census", "heroes": "hero", "potatoes": "potato", "tomatoes": "tomato",
    "echoes": "echo", "vetoes": "veto", "torpedoes": "torpedo", "cargoes": "cargo",
    "indices": "index", "oxen": "ox", "dice": "die", "fishermen": "fisherman",
    "firemen": "fireman", "policemen": "policeman", "policewomen": "policewoman",
    "businessmen": "businessman", "gunmen": "gunman", "spokesmen": "spokesman",
}
# Counted as they are: "20 police", "30 aircraft", "5 series".
_INVARIANT = {
    "police", "staff", "personnel", "aircraft", "sheep", "deer", "fish", "cattle", "livestock",
    "series", "species", "data", "media", "crew", "infantry", "spacecraft", "offspring",
}
# End in -s but are not plurals that a number counts.
_NOT_PLURAL = {
    "news", "its", "his", "hers", "this", "thus", "was", "has", "is", "as", "us", "yes", "plus",
    "minus", "versus", "always", "perhaps", "whereas", "towards", "afterwards", "besides",
    "sometimes", "nevertheless", "unless", "less", "politics", "economics", "physics",
    "mathematics", "athletics", "headquarters", "means", "lens", "chaos", "does", "goes", "ours",
    "theirs", "yours", "whose", "upwards", "downwards", "backwards", "forwards", "overseas",
    "nowadays", "various", "numerous", "previous", "serious", "famous", "dangerous", "enormous",
}
# One spelling per unit noun, so "metres" and "meters" count the same thing.
_SPELLING = {
    "meter": "metre", "kilometer": "kilometre", "centimeter": "centimetre", "millimeter": "millimetre",
    "liter": "litre", "milliliter": "millilitre", "kilogramme": "kilogram", "gramme": "gram",
    "center": "centre", "theater": "theatre", "neighbor": "neighbour", "harbor": "harbour",
    "fiber": "fibre", "caliber": "calibre", "laborer": "labourer", "behavior": "behaviour",
    "program": "programme", "jewelry": "jewellery", "storey": "story",
}
# Nouns that count people: "240 residents" and "240 people" can be one figure.
PERSON_NOUNS = frozenset("""
person resident villager civilian citizen inhabitant local worker employee staff passenger student
pupil child adult man woman boy girl patient victim casualty survivor voter member official officer
soldier troop refugee migrant evacuee protester demonstrator tourist visitor fan spectator teacher
nurse doctor firefighter volunteer hostage prisoner inmate detainee suspect pilgrim customer driver
player athlete delegate participant attendee guest individual family household
""".split())
ABBREVIATIONS = {
    "km": "kilometre", "kms": "kilometre", "m": "metre", "cm": "centimetre", "mm": "millimetre",
    "kg": "kilogram", "kgs": "kilogram", "g": "gram", "mg": "milligram", "lb": "lb", "lbs": "lb",
    "ft": "foot", "mi": "mile", "ha": "hectare", "mph": "mph", "kph": "km/h", "km/h": "km/h",
    "ml": "millilitre", "mw": "megawatt", "gw": "gigawatt", "kw": "kilowatt", "kwh": "kilowatt hour",
    "mwh": "megawatt hour", "gwh": "gigawatt hour", "°c": "°C", "°f": "°F",
}


def is_plural(word: str) -> bool:
    """Does this lowercase word look like a plural noun (or a noun counted without -s)?"""
    if word in _IRREGULAR or word in _INVARIANT:
        return True
    if len(word) < 3 or not word.endswith("s") or word in _NOT_PLURAL:
        return False
    return not word.endswith(("ss", "us", "is", "'s", "’s", "ous"))


def singular(word: str) -> str:
    """A simple lemma: "residents" -> "resident", "people" -> "person", "metres" -> "metre"."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if is_plural(word) and word not in _INVARIANT:
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith(("sses", "ches", "shes", "xes", "zzes")):
            word = word[:-2]
        else:
            word = word[:-1]
    return unit_spelling(word)


def unit_spelling(word: str) -> str:
    """One spelling for nouns that British and American English spell apart."""
    if word.endswith("ization"):
        word = word[: -len("ization")] + "isation"
    return _SPELLING.get(word, word)


# --- years --------------------------------------------------------------------------------------

# A four-digit number after these words is a year even when a plural follows ("in 2019 floods").
_YEAR_LEAD = {
    "in", "since", "of", "by", "until", "till", "from", "before", "after", "during", "the", "its",
    "their", "his", "her", "our", "this", "that", "a", "an", "to", "through", "and", "or", "between",
    "early", "late", "mid", "summer", "winter", "spring", "autumn", "fall", "year", "season",
}
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
_AFTER_NOT_YEAR = re.compile(r"[ \t]*(?:%|per[ \t]?cent\b|percent\b|[ap]\.?m\b)|[.,:/]\d|[A-Za-z]", re.I)


def looks_like_year(body: str, start: int, end: int) -> bool:
    """Is body[start:end] a year ("in 1841") rather than a count ("1500 people", "$2019")?

    Four digits from 1000 to 2099, not money, not a percentage, not glued to letters or a time,
    and not followed by a plural noun unless a date word leads ("the 2019 floods" is a year).
    """
    text = body[start:end]
    if len(text) != 4 or not text.isdigit() or not 1000 <= int(text) <= 2099:
        return False
    if start and (body[start - 1].isalnum() or body[start - 1] in ",."):
        return False
    if body[max(0, start - 2):start].strip(" \t") in ("$", "£", "€", "¥", "₹", "₽", "₴"):
        return False
    if _AFTER_NOT_YEAR.match(body, end):
        return False
    following = _NEXT_WORD.match(body, end)
    if following and is_plural(following.group(1).lower()):
        before = body[max(0, start - 24):start].replace("-", " ").split()
        return bool(before) and before[-1].lower() in _YEAR_LEAD
    return True
