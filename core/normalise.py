"""Comparison keys: the form in which equal things written two ways compare equal.

Every key is lower case, free of diacritics, dots and apostrophes, with any other punctuation
turned into one space ("Zoë  O’Brien-Hale" -> "zoe obrien hale"). On top of that plain
`text_key`:

- `name_key`   a person's name ("Zoë  Brennan" -> "zoe brennan").
- `place_key`  a place, with the gazetteer's aliases and demonyms resolved ("U.K." = "Britain" =
               "British" -> "united kingdom"; "Washington, D.C." -> "washington dc"; bare
               "Washington" is taken as the capital, as news uses it).
- `org_key`    an organisation: no leading "the", no legal suffix (Inc, Ltd), British spelling
               ("Center" -> "centre"), a leading country word resolved ("UK government" =
               "British government"), well-known acronyms expanded ("NATO" -> its full name).
- `role_key`   a title: abbreviations expanded ("Gen." -> "general"), country words resolved,
               British spelling ("British Defense Secretary" -> "united kingdom defence secretary").

British spelling is the canonical form because the table is derived from word lists where the
British form is the marked one (see scripts/build_gazetteer.py); any fixed choice would do.

`acronym_fits` says whether "CSIS" abbreviates "Centre for Strategic and International Studies".
`same_person_evidence` says whether two names may be one person spelled two ways, and why
(Jaro-Winkler and metaphone as evidence, after Splink's name comparison levels).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

# Letters NFKD leaves whole; folded by hand so "Łukasz" and "Lukasz" meet.
_FOLD = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
    "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ß": "ss",
    "&": " and ",
})
_DROP = re.compile(r"[.'’‘`´ʼ]+")       # U.S. -> us, O'Brien -> obrien
_NON_WORD = re.compile(r"[\W_]+")
_WORDS = re.compile(r"[^\W_]+")
_LEGAL_SUFFIX = frozenset({"inc", "ltd", "llc", "plc", "corp", "co", "limited", "gmbh", "ag", "sa", "nv", "bv"})
_TITLE_ABBREVIATIONS = {
    "gen": "general", "lt": "lieutenant", "col": "colonel", "capt": "captain", "cpt": "captain",
    "sgt": "sergeant", "maj": "major", "adm": "admiral", "cmdr": "commander", "cdr": "commander",
    "brig": "brigadier", "gov": "governor", "sen": "senator", "rep": "representative",
    "pres": "president", "supt": "superintendent", "insp": "inspector", "det": "detective",
    "prof": "professor", "amb": "ambassador", "sec": "secretary", "atty": "attorney",
    "dept": "department", "min": "minister", "pm": "prime minister", "vp": "vice president",
}
# A country word at the front is resolved only for the state's own bodies ("British government" =
# "UK government"); "European Union" or "American Airlines" keep their words.
_STATE_BODIES = frozenset((
    "government army navy military embassy parliament police forces ministry cabinet administration coastguard "
    "treasury authorities force"
).split())
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "jr", "sr", "ii", "iii"})


def text_key(text: str) -> str:
    """Case, diacritics, dots, apostrophes and other punctuation folded away."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_FOLD))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    else:
        text = text.replace("&", " and ")
    text = _DROP.sub("", text.casefold())
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A person's name as a comparison key: "Zoë  Brennan" -> "zoe brennan"."""
    return text_key(name)


@lru_cache(maxsize=4096)
def spelling_key(word: str) -> str:
    """One lower-case word in its British spelling when the word has two ("center" -> "centre")."""
    from core.gazetteer import load
    return load().spelling.get(word, word)


def _words_to_british(words: list[str]) -> list[str]:
    return [spelling_key(word) for word in words]


def _resolve_places(words: list[str], countries_only: bool = False) -> list[str]:
    """Replace runs of words that name a place (or a demonym) by the place's key, longest first."""
    from core.gazetteer import load
    gazetteer = load()
    out: list[str] = []
    i = 0
    while i < len(words):
        for length in range(min(gazetteer.max_words, len(words) - i), 0, -1):
            entry = gazetteer.lookup(" ".join(words[i:i + length]))
            if entry and not entry.ambiguous and (not countries_only or entry.detail in ("country", "demonym")):
                out.extend(entry.value.split())
                i += length
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _drop_article(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


@lru_cache(maxsize=8192)
def place_key(text: str) -> str:
    """A place's key with aliases, abbreviations and demonyms resolved.

    "U.K." = "UK" = "United Kingdom" = "Britain" = "Great Britain" = "British" -> "united kingdom";
    "Washington, D.C." = "Washington DC" -> "washington dc"; "River Idden" = "Idden River" ->
    "idden river"; "St. Aldhelm's Hospital" = "Saint Aldhelm's Hospital". Unknown places keep
    their `text_key`.
    """
    from core.gazetteer import load
    key = _drop_article(text_key(text))
    entry = load().lookup(key)
    if entry:
        return entry.value
    words = key.split()
    if len(words) > 1 and words[0] == "river":        # "River Idden" / "Idden River"
        words = words[1:] + ["river"]
    if words and words[0] == "st":
        words[0] = "saint"
    return " ".join(words)


@lru_cache(maxsize=8192)
def org_key(text: str) -> str:
    """An organisation's key: "the Center for X Studies" = "Centre for X Studies"; "NATO" = its name."""
    from core.gazetteer import load
    gazetteer = load()
    key = _drop_article(text_key(text))
    words = key.split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIX:
        words.pop()
    key = " ".join(words)
    expansion = gazetteer.organisations.get(key)
    if expansion:
        words = expansion.split()
    if words and words[-1] in _STATE_BODIES:
        words = _resolve_places(words[:3], countries_only=True) + words[3:]
    return " ".join(_words_to_british(words))


@lru_cache(maxsize=8192)
def role_key(text: str) -> str:
    """A title's key: "British Defense Secretary" = "UK Defence Secretary" -> "united kingdom defence secretary"."""
    words = _drop_article(text_key(text)).split()
    words = [w for part in (_TITLE_ABBREVIATIONS.get(w, w) for w in words) for w in part.split()]
    return " ".join(_words_to_british(_resolve_places(words, countries_only=True)))


def acronym_fits(acronym: str, expansion: str) -> bool:
    """Whether `acronym` abbreviates `expansion` (after Schwartz & Hearst 2003, first letters anchored).

    "CPTPP" fits "Comprehensive and Progressive Agreement for Trans-Pacific Partnership",
    "CSIS" fits "Centre for Strategic and International Studies".
    """
    letters = [ch.lower() for ch in acronym if ch.isalnum()]
    words = _WORDS.findall(expansion.lower())
    if len(letters) < 2 or not words or words[0][0] != letters[0]:
        return False
    text = " ".join(words)
    at = len(text) - 1
    for i in range(len(letters) - 1, -1, -1):
        while at >= 0 and (text[at] != letters[i] or (i == 0 and at > 0 and text[at - 1] != " ")):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


# --- one person, two spellings ------------------------------------------------------------------

_VOWELS = frozenset("AEIOU")
_FRONT = frozenset("EIY")
_OA = frozenset("OA")
_H_SILENT_AFTER = frozenset("CSPTG")


def metaphone(word: str) -> str:
    """Lawrence Philips' original Metaphone code of one word ("Wallace" -> "WLS", "Walsh" -> "WLX")."""
    w = "".join(ch for ch in text_key(word).upper() if "A" <= ch <= "Z")
    if not w:
        return ""
    if w[:2] in ("AE", "GN", "KN", "PN", "WR"):
        w = w[1:]
    elif w[0] == "X":
        w = "S" + w[1:]
    elif w[:2] == "WH":
        w = "W" + w[2:]
    code: list[str] = []
    for i, ch in enumerate(w):
        if i and ch == w[i - 1] and ch != "C":
            continue
        code.append(_metaphone_letter(w, i, ch))
    return "".join(code)


def _metaphone_letter(w: str, i: int, ch: str) -> str:
    prev = w[i - 1] if i else ""
    nxt = w[i + 1] if i + 1 < len(w) else ""
    after = w[i + 2] if i + 2 < len(w) else ""
    if ch in _VOWELS:
        return ch if i == 0 else ""
    if ch == "B":
        return "" if prev == "M" and not nxt else "B"
    if ch == "C":
        if nxt == "I" and after == "A" or nxt == "H":
            return "K" if prev == "S" else "X"
        if nxt in _FRONT:
            return "" if prev == "S" else "S"
        return "K"
    if ch == "D":
        return "J" if nxt == "G" and after in _FRONT else "T"
    if ch == "G":
        if nxt == "H" and after and after not in _VOWELS:
            return ""
        if nxt == "N" and (i + 2 == len(w) or w[i + 2:] == "ED"):
            return ""
        if prev == "D" and nxt in _FRONT:           # "dge": the D already said J
            return ""
        return "J" if nxt in _FRONT and prev != "G" else "K"
    if ch == "H":
        if prev in _H_SILENT_AFTER or (prev in _VOWELS and nxt not in _VOWELS):
            return ""
        return "H"
    if ch == "K":
        return "" if prev == "C" else "K"
    if ch == "P":
        return "F" if nxt == "H" else "P"
    if ch == "S":
        return "X" if nxt == "H" or (nxt == "I" and after in _OA) else "S"
    if ch == "T":
        if nxt == "I" and after in _OA:
            return "X"
        if nxt == "H":
            return "0"
        return "" if nxt == "C" and after == "H" else "T"
    if ch in "WY":
        return ch if nxt in _VOWELS else ""
    return {"Q": "K", "V": "F", "X": "KS", "Z": "S"}.get(ch, ch)


def _name_words(name: str) -> list[str]:
    return [w for w in name_key(name).split() if w not in _HONORIFICS]


def _close_spelling(a: str, b: str) -> tuple[bool, str]:
    """Two spellings of one word? Jaro-Winkler or edit distance for closeness, metaphone for sound."""
    jw = JaroWinkler.similarity(a, b)
    distance = Levenshtein.distance(a, b)
    shortest = min(len(a), len(b))
    code_a, code_b = metaphone(a), metaphone(b)
    close = jw >= 0.88 or (distance <= 2 and shortest >= 6) or (distance == 1 and shortest >= 4)
    sound = code_a == code_b or (distance == 1 and shortest >= 5)
    relation = "=" if code_a == code_b else "≠"
    return close and sound, f"Jaro-Winkler {jw:.2f}, metaphone {code_a} {relation} {code_b}"


def _given_names_agree(a: str, b: str) -> tuple[bool, str]:
    if a == b:
        return True, "same given name"
    short, long_ = sorted((a, b), key=len)
    if len(short) == 1 and long_.startswith(short):
        return True, f"initial {short.upper()} fits {long_}"
    if len(short) >= 3 and long_.startswith(short):
        return True, f"given name {short} is short for {long_}"
    same, how = _close_spelling(a, b)
    return same, (f"given names {a}/{b}: {how}" if same else f"different given names ({a}, {b})")


def same_person_evidence(a: str, b: str) -> tuple[bool, str]:
    """Whether names a and b may be one person spelled two ways, with the evidence.

    ("Ben Wallace", "Ben Wallas") -> (True, "same given name; surnames Jaro-Winkler 0.91,
    metaphone WLS = WLS"). A surname alone ("Cleverly") matches a full name with that surname.
    """
    words_a, words_b = _name_words(a), _name_words(b)
    if not words_a or not words_b:
        return False, "a name is empty"
    if words_a == words_b:
        return True, "same name"
    notes: list[str] = []
    if len(words_a) > 1 and len(words_b) > 1:
        agree, note = _given_names_agree(words_a[0], words_b[0])
        if not agree:
            return False, note
        notes.append(note)
    else:
        notes.append("one name is a surname alone")
    surname_a, surname_b = words_a[-1], words_b[-1]
    if surname_a == surname_b:
        return True, "; ".join(notes + ["same surname"])
    same, how = _close_spelling(surname_a, surname_b)
    return same, "; ".join(notes + [f"surnames {how}"])
