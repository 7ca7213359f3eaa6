"""Likely misspellings of common words ("pursuade", "recieve"), found without the other outlet.

A misspelt word usually has no counterpart on the other side of an aligned row (B writes
"pursuade" where A says "convince"), so the word diff cannot see it. News is edited copy, so a
false alarm costs more than a miss: a word is flagged only when it is lower case and at least
six letters (names, sentence starts and short words are left alone), not in the shipped word
list (British and American spellings both count as right), not a compound or derivation of
listed words ("datetime", "unelectable", "attendees"), and exactly one edit (a swapped pair
counts as one) from a listed word, which is the suggestion. It is a cosmetic note, never a
factual difference. Measured on 300 PolNeAR articles (216,000 words): see tests/bench.
"""
from __future__ import annotations

import gzip
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.model import Span
from core.resources import resource_path

log = logging.getLogger(__name__)
_WORD = re.compile(r"(?<![\w'’-])[a-z]{6,30}(?![\w'’-])")  # longer runs are not words
PREFIXES = ("un", "re", "non", "over", "under", "out", "pre", "post", "anti", "co", "counter", "mis", "inter",
            "trans", "sub", "super", "multi", "self", "cyber", "de", "dis", "mega", "micro", "neo", "semi")
SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ee", "ees", "ism", "ist", "ists", "ive", "al",
            "ally", "ity", "ness", "able", "ible", "ory", "ish", "ian", "ic", "on", "ons", "ional")


@dataclass(frozen=True)
class Misspelling:
    span: Span
    word: str
    suggestion: str


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], dict[tuple[str, int], list[str]]]:
    """The word list, and its words bucketed by first letter and length for quick suggestions."""
    try:
        words = gzip.decompress(resource_path("lexicon", "words.txt.gz").read_bytes()).decode("utf-8").split()
    except (OSError, EOFError) as error:  # a broken install loses the spell check, nothing else
        log.warning("word list unreadable: %s", error)
        return frozenset(), {}
    buckets: dict[tuple[str, int], list[str]] = {}
    for word in words:
        buckets.setdefault((word[0], len(word)), []).append(word)
    return frozenset(words), buckets


def _suggestion(word: str, buckets: dict[tuple[str, int], list[str]]) -> str:
    candidates = [w for length in (len(word) - 1, len(word), len(word) + 1) for w in buckets.get((word[0], length), ())]
    # OSA counts a swapped pair ("ie"/"ei") as one edit, as a reader perceives it.
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=1)
    return best[0] if best else ""


def find_misspellings(body: str, spans: list[Span]) -> list[Misspelling]:
    """Likely misspellings inside the given spans of the body (article sentences, not furniture)."""
    words, buckets = _lexicon()
    if not words:
        return []
    found = []
    for span in spans:
        for match in _WORD.finditer(body, span.start, span.end):
            word = match.group()
            if word in words or _derived(word, words):
                continue
            suggestion = _suggestion(word, buckets)
            if suggestion:
                found.append(Misspelling(Span(match.start(), match.end()), word, suggestion))
    return found


def _derived(word: str, words: frozenset[str]) -> bool:
    """New words built from listed ones are words too: compounds, prefixes, suffixes."""
    stems = {word} | {word[: -len(s)] for s in SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3}
    stems |= {stem + "e" for stem in stems}  # "xenophob" + e, "attend" <- "attendees" via "attendee"
    for stem in stems:
        if stem in words:
            return True
        if any(stem.startswith(p) and stem[len(p):] in words for p in PREFIXES):
            return True
        if any(stem[:i] in words and stem[i:] in words for i in range(3, len(stem) - 2)):
            return True
    return False
