"""The tense of the clause around a time word: "past", "future" or "" when the clause does not say.

Weekdays are resolved by it (core.timex): "on Tuesday" in a past-tense clause is the nearest Tuesday on or
before the article's date, in a future clause ("will meet ... on Tuesday") the nearest on or after it; so is
"the weekend". The nearest tense marker before the time word in its sentence decides, else the first one
after it ("On Monday, X announced"). Markers are future words ("will", "is due to", "plans to"), past forms
("was", "said", "met") and "-ed" words that read as past-tense verbs ("announced", not "the damaged pier").
"""
from __future__ import annotations

import re

from core.numwords import trie_pattern

# A full stop after two lower-case letters or digits, before a capital: not "U.S. Secretary",
# "Mr. Smith" or "2 a.m. Tuesday". Starts with a character set so re can search fast.
_SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=\n)|(?<=[a-z0-9%)][a-z0-9%)][.!?])[\"'”’)]*[ \t]+(?=[\"“‘'(]?[A-Z0-9]))"
)
_FUTURE_WORDS = (
    "will", "won't", "won’t", "shall", "could", "may", "might", "forecast", "forecasts", "forecasted",
    "predicted", "predicts", "upcoming", "expected", "scheduled", "planned", "due", "slated",
    *(f"{be} {adjective} to" for be in ("is", "are", "was", "were", "be") for adjective in
      ("due", "set", "expected", "scheduled", "going", "about", "likely", "planning", "preparing")),
    *(f"{verb} to" for verb in
      ("plan", "plans", "planning", "intend", "intends", "aim", "aims", "hope", "hopes")),
)
_PAST_WORDS = (
    "was", "were", "had", "did", "wasn't", "weren't", "hadn't", "didn't", "ago", "said", "told", "began",
    "met", "went", "came", "took", "gave", "made", "left", "held", "saw", "found", "spoke", "wrote", "fell",
    "rose", "ran", "sent", "spent", "lost", "won", "hit", "broke", "brought", "bought", "caught", "chose",
    "drew", "drove", "flew", "fought", "grew", "kept", "knew", "led", "paid", "sat", "sold", "stood",
    "struck", "swept", "thought", "threw", "woke", "became", "got", "shook", "sank", "hung", "shut",
)
# Both on the scan copy (lower case, a space before each word, offsets + 1); an "-ed" word is found
# by its ending and checked only when a weekday near it asks.
_TENSE_WORDS = re.compile(rf" ({trie_pattern(_FUTURE_WORDS + _PAST_WORDS + ('ll',))})\b")
_ED = re.compile(r"ed\b")
_FUTURE = frozenset(_FUTURE_WORDS) | {"ll"}
_CLAUSE_REACH = 150  # characters searched for a tense marker on each side, within the sentence
_PARTICIPLE_LEADS = frozenset(
    "the a an its his her their our this that be been being is are stay stays remain remains get gets will".split()
)
_NOT_PAST = frozenset("need speed feed seed bed red shed hundred embed exceed proceed succeed indeed".split())


def clause_tense(body: str, scan: str, start: int, end: int) -> str:
    """ "past", "future" or "" for the clause around body[start:end]: the nearest tense marker
    before it in its sentence decides, else the first one after it ("On Monday, X announced")."""
    low = max(0, start - _CLAUSE_REACH)
    for boundary in _SENTENCE_END.finditer(body, low, start):
        low = boundary.end()
    for marker in reversed(_markers(scan, low, start)):
        verdict = _verdict(body, *marker)
        if verdict:
            return verdict
    stop = _SENTENCE_END.search(body, end, end + _CLAUSE_REACH)
    for marker in _markers(scan, end, stop.start() if stop else end + _CLAUSE_REACH):
        verdict = _verdict(body, *marker)
        if verdict:
            return verdict
    return ""


def _markers(scan: str, low: int, high: int) -> list[tuple[int, int, str]]:
    """Tense words and "-ed" words in body[low:high] as (start, end, word) in body offsets;
    an "-ed" word has word "" until _verdict checks it."""
    found = [(m.start(1) - 1, m.end() - 1, m.group(1)) for m in _TENSE_WORDS.finditer(scan, low, high + 1)]
    found += [(scan.rfind(" ", 0, m.start()), m.end() - 1, "")
              for m in _ED.finditer(scan, low + 1, high + 1)]
    found.sort()
    return found


def _verdict(body: str, start: int, end: int, word: str) -> str:
    if word == "ll":
        return "future" if body[start - 1:start] in ("'", "’") else ""
    if word:
        return "future" if word in _FUTURE else "past"
    return "past" if _is_past_tense(body, start, body[start:end]) else ""


def _is_past_tense(body: str, start: int, word: str) -> bool:
    """Is this "-ed" word a past-tense verb? Not a name ("United"), not "need" or "hundred", and not
    an adjective after "the" or "stay" ("the damaged pier", "will stay closed")."""
    if len(word) < 4 or not word.isalpha() or word in _NOT_PAST or not word.islower():
        return False
    return previous_word(body, start) not in _PARTICIPLE_LEADS


def previous_word(body: str, start: int) -> str:
    """The word just before body[start] in lower case ("on" before "Tuesday"); "" unless white space parts them."""
    tokens = body[max(0, start - 16):start].split()
    return tokens[-1].lower().rstrip("-") if tokens and body[start - 1:start].isspace() else ""
