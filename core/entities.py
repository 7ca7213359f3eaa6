"""People, places and organisations named in an article, as facts that compare across outlets.

`find_entities(body)` returns `Fact`s of kind "person", "place" and "organisation", each with its
span in `body` and a `value` from core.normalise:

- person: text/span = the name without its title ("James Cleverly"); value = name_key;
  role = the title as written ("British Foreign Secretary", "mayor"). A surname alone or a
  possessive ("Cleverly", "Putin's") links to the full name found elsewhere in the same text:
  value is the full name's key, detail "surname".
- place: value = place_key ("U.K." = "Britain" = "British" -> "united kingdom"); detail = country,
  state, city, region, demonym, facility (a named building, street or bridge) or feature (a
  river, lake, mountain). Demonyms are places on purpose, so "British Foreign Secretary" and
  "UK Foreign Secretary" name the same country.
- organisation: value = org_key; detail = the acronym when the text gives one ("... Partnership
  (CPTPP)": both mentions get the expansion's key) or a well-known one (NATO, BBC).

How: one regex pass finds runs of capitalised words ("chunks", joined by of/for/and/de/von ...;
function words, weekdays and furniture words never start one); each chunk is read as title + name,
organisation, places, a named building or feature, or a bare name, by the word lists in
resources/gazetteer/lexicon.txt, the given names and the gazetteer. A name needs evidence: a title
or honorific, a common given name, a quote verb next to it ("Cleverly said", "said Brennick"), a
lower-case role next to it ("the mayor, X,", "X, chief of ..."), or its surname coming back alone
elsewhere in the text. A one-word town that is also the surname of a person named in the text is
that person ("Clinton"). Places whose names are also common words, given names or small towns
("Reading", "Victoria", "Clinton") need context ("in Reading").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.gazetteer import Gazetteer, Place, lexicon, load
from core.model import Fact, Span
from core.normalise import acronym_fits, name_key, org_key, place_key, text_key

# --- word lists (resources/gazetteer/lexicon.txt) ---------------------------------------------------

_WORD_LISTS = lexicon()
_ROLE_HEADS = _WORD_LISTS["role_heads"]
_TITLE_ABBREVIATIONS = _WORD_LISTS["title_abbreviations"]
_ROLE_WORDS = _WORD_LISTS["role_words"]
_HONORIFICS = _WORD_LISTS["honorifics"]
_ORG_WORDS = _WORD_LISTS["organisation_words"]
_ORG_WORDS += [w + "s" for w in _ORG_WORDS if not w.endswith("s")]
_ORG_PREFIXES = frozenset(_WORD_LISTS["organisation_prefixes"])
_FACILITY_OR_ORG = frozenset(_WORD_LISTS["facility_or_organisation"])
_FACILITY_WORDS = frozenset(_WORD_LISTS["facility_words"])
_FEATURE_WORDS = frozenset(_WORD_LISTS["feature_words"])
_FEATURE_FIRST = frozenset(_WORD_LISTS["feature_first"])
_STOP = frozenset(_WORD_LISTS["stop_words"])
_CALENDAR = frozenset(_WORD_LISTS["calendar_words"])
_NON_NAME = frozenset(_WORD_LISTS["non_name_words"])
_NAME_PARTICLES = frozenset(_WORD_LISTS["name_particles"])
_CONNECTORS = _NAME_PARTICLES | {"of", "for", "and", "&"}

STOP, CALENDAR, NON_NAME, ROLE, ROLE_WORD, HONORIFIC, ORG, FACILITY, FEATURE = (1 << i for i in range(9))
_LEXICON: dict[str, int] = {}
for _flag, _words in ((STOP, _STOP), (CALENDAR, _CALENDAR), (NON_NAME, _NON_NAME), (ROLE, _ROLE_HEADS + _TITLE_ABBREVIATIONS),
                      (ROLE_WORD, _ROLE_WORDS), (HONORIFIC, _HONORIFICS), (ORG, _ORG_WORDS),
                      (FACILITY, _FACILITY_WORDS | _FACILITY_OR_ORG), (FEATURE, _FEATURE_WORDS)):
    for _word in _words:
        _LEXICON[_word] = _LEXICON.get(_word, 0) | _flag
_NOT_NAME = STOP | CALENDAR | NON_NAME | ROLE | ROLE_WORD | HONORIFIC | ORG | FACILITY | FEATURE
_TRIM = STOP | CALENDAR | NON_NAME
_TITLE_OR_BODY = ROLE | ROLE_WORD | HONORIFIC | ORG | FACILITY   # "U.S. Secretary", "U.S. Army" go on; "D.C. James" ends

# --- patterns -------------------------------------------------------------------------------------

# Capitals as a few ranges (a long class of single letters takes the regex compiler 15 ms): exact for
# ASCII, Latin-1, Greek and Cyrillic; the Latin Extended blocks are taken whole, lower case included,
# since a word starting with a lower-case "ā" or "ẹ" is rare in English news.
_U = "[A-ZÀ-ÖØ-ÞĀ-ɏΆΈ-ΏΑ-ΫЀ-ЯḀ-ỿ]"
_ABBR = "|".join(sorted({w.capitalize() for w in _HONORIFICS + _TITLE_ABBREVIATIONS} | {"St", "Mt", "Ft", "Jr", "Sr"},
                        key=len, reverse=True))
_ABBREVIATIONS = frozenset(_ABBR.lower().split("|"))
# A word's own stop is kept when a capital follows ("Gen. Mark"); tokens() drops it again unless
# the word is an abbreviation, and then the stop ended a sentence.
_TOKEN = (rf"{_U}(?:(?:\.{_U})+\.?"                                # U.S. / U.K / D.C.
          rf"|[^\W_]*(?:['’]{_U}[^\W_]*|-(?={_U}|\d)[^\W_]+)*(?:\.(?=[ ]{_U}))?)")   # O'Brien, UK-US
_FACILITY_AFTER_POSSESSIVE = "|".join(sorted(w.capitalize() for w in _FACILITY_WORDS | _FACILITY_OR_ORG |
                                             {"college", "party", "association", "union"}))   # "Tanner's Bridge"
_SEP = (rf"(?:,[ ](?=D\.?C\b)"
        rf"|['’]s[ ](?=(?:{_FACILITY_AFTER_POSSESSIVE})\b)"
        rf"|(?<=s)['’][ ](?={_U})"                   # "Residents' Association"
        rf"|[ \u00a0](?:(?:{'|'.join(sorted(_CONNECTORS | {'of the', 'for the'}, key=len, reverse=True))})[ \u00a0])?)")
# A chunk never starts with a function word, weekday or furniture word ("The", "On Monday", "RELATED"):
# the regex skips them itself, which is cheaper than looking at each in Python.


def _trie_pattern(words: set[str]) -> str:
    """An alternation shaped as a trie ("T(?:he(?:se)?|his)"): the regex engine tries one branch per letter."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return emit(tree)


_SKIP_WORDS = {w.capitalize() for w in _STOP | _CALENDAR | _NON_NAME} | {w.upper() for w in _NON_NAME if len(w) > 3}
# The chunk pattern starts by consuming a capital, so that `re` finds candidates with its fast scan for a
# first character from a set; a pattern opening with a look-ahead is instead tried at every position of
# the body (a quarter slower on news text). The tests that belong before that capital are therefore written
# after it: "no word character before it" looks two characters back, and "not a skip word" checks the
# rest of each skip word behind the look-behind of its first letter ("T" then "he", "hese", "his" ...).
# The look-behinds are tried in turn, so the capitals that most often open a word in news copy go first.
_CAPITALS_BY_USE = "TCSMIAHFBNRDPWLEGOVJKUYZXQ"
_SKIP_FIRSTS = sorted({w[0] for w in _SKIP_WORDS},
                      key=lambda c: (c not in _CAPITALS_BY_USE, _CAPITALS_BY_USE.find(c), c))
_SKIP_REST = "|".join(f"(?<={re.escape(first)}){_trie_pattern({w[1:] for w in _SKIP_WORDS if w[0] == first})}"
                      for first in _SKIP_FIRSTS)
assert _TOKEN.startswith(_U)
_CHUNK = re.compile(rf"{_U}(?<![\w'’.-].)(?!(?:{_SKIP_REST})(?![^\W_]|['’.-]\w))"
                    rf"{_TOKEN[len(_U):]}(?:{_SEP}{_TOKEN})*")
_OPENERS = frozenset(" \t\"“‘'([")
_ENDERS = frozenset("\n.!?:;|—–-")
_CLOSERS = frozenset("\"”’')]")
_CUES = "|".join(_WORD_LISTS["cue_verbs"])
_CUE_AFTER = re.compile(rf"[ ](?:has[ ]|had[ ]|also[ ]|later[ ]|then[ ]|previously[ ]|earlier[ ])?(?:{_CUES})\b")
_CUE_WORDS_BEFORE = frozenset(_WORD_LISTS["cue_words_before"])
_ROLE_MODS = "|".join(_WORD_LISTS["role_modifiers"])
_LOWER_ROLE = rf"(?P<role>(?:(?:{_ROLE_MODS})[ -])*(?:{'|'.join(sorted(set(_ROLE_HEADS), key=len, reverse=True))}))"
_ROLE_HEAD_SET = frozenset(_ROLE_HEADS)
_ROLE_MOD_SET = frozenset(_ROLE_MODS.split("|"))
_ROLE_AFTER = re.compile(rf",[ ](?:the[ ]|a[ ]|an[ ]|its[ ]|their[ ]|his[ ]|her[ ])?{_LOWER_ROLE}\b(?![-'’])")
_GOVERNMENT_AFTER = re.compile(
    r"[ ](?:government|army|military|navy|air force|embassy|parliament|police|administration|cabinet|"
    r"coastguard|coast guard|(?:foreign|defen[cs]e|interior|health|finance|justice) ministry)\b")
_PLACE_WORDS_BEFORE = frozenset(_WORD_LISTS["place_words_before"])
_PLACE_CONTEXT_AFTER = re.compile(r"-based\b|,[ ](?=[A-Z])")
_PAREN_ACRONYM = re.compile(r"[ ]?\((?P<acronym>[A-Z][A-Za-z&.-]{1,11})\)")
_NOT_ACRONYMS = frozenset(_WORD_LISTS["not_acronyms"])


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    key: str
    flags: int
    caps: bool = False      # an acronym: "UK", "CSIS", "G7"
    full_stop: bool = False  # a sentence ends right after this word


@dataclass(slots=True)
class _Person:
    tokens: list[_Tok]
    role: str = ""
    evidence: bool | None = False   # None: a lone word, judged only if no full name claims it
    initial: bool = False


class _Reader:
    """One article's pass: chunks in, mentions out; names and acronyms resolved at the end."""

    def __init__(self, body: str, gazetteer: Gazetteer) -> None:
        self.body = body
        self.gaz = gazetteer
        self.facts: list[Fact] = []
        self.people: list[_Person] = []
        self.acronyms: dict[str, str] = {}            # "cptpp" -> org key of its expansion
        self.acronym_tokens: list[_Tok] = []
        self.towns: list[tuple[_Tok, Place]] = []     # one-word towns, checked against surnames at the end
        self._lower_seen: dict[str, bool] = {}
        self._runs: dict[tuple[int, int, int], dict[int, tuple[int, Place]]] = {}
        self._name_like: dict[str, bool] = {}

    # -- helpers --------------------------------------------------------------------------------
    def fact(self, kind: str, toks: list[_Tok], value: str, role: str = "", detail: str = "") -> None:
        start, end = toks[0].start, toks[-1].end
        self.facts.append(Fact(kind, self.body[start:end], Span(start, end), value, role=role, detail=detail))

    def is_initial(self, start: int) -> bool:
        body, i = self.body, start
        while i > 0 and start - i < 8 and body[i - 1] in _OPENERS:
            i -= 1
        if i == 0 or body[i - 1] in _ENDERS:
            return True
        return body[i - 1] in _CLOSERS and i > 1 and body[i - 2] in ".!?"

    def word_before(self, end: int, comma: bool = False) -> tuple[str, int]:
        """The lower-case word just before `end` (past one space, and a comma when allowed), and its start."""
        body, i = self.body, end
        if i and body[i - 1] == " ":
            i -= 1
        if comma and i and body[i - 1] == ",":
            i -= 1
        j = max(body.rfind(" ", max(0, i - 30), i), body.rfind("\n", max(0, i - 30), i)) + 1
        word = body[j:i]
        if word and not word[0].isalpha():       # "(the", "“said"
            k = 0
            while k < len(word) and not word[k].isalpha():
                k += 1
            word, j = word[k:], j + k
        return word.lower(), j

    def letter_before(self, end: int, comma: bool = False) -> bool:
        """Whether word_before(end, comma) ends in a letter: a cheap test that rules out every word of the
        lexicon (they all end in one; no other character lower-cases to one) before the word is cut out."""
        body, i = self.body, end
        if i and body[i - 1] == " ":
            i -= 1
        if comma and i and body[i - 1] == ",":
            i -= 1
        return i > 0 and body[i - 1].isalpha()

    def lower_elsewhere(self, key: str) -> bool:
        """Whether the word appears in lower case in this text: then it is a common word here."""
        seen = self._lower_seen.get(key)
        if seen is None:
            seen, body, at = False, self.body, self.body.find(key)
            while at >= 0 and not seen:
                end = at + len(key)
                seen = (at == 0 or not body[at - 1].isalpha()) and (end >= len(body) or not body[end].isalpha())
                at = body.find(key, at + 1)
            self._lower_seen[key] = seen
        return seen

    def place(self, key: str) -> Place | None:
        if _LEXICON.get(key, 0) & CALENDAR:
            return None
        return self.gaz.lookup(key)

    def name_like(self, tok: _Tok, first: bool) -> bool:
        """Could this word be part of a person's name? Towns can ("Washington"), countries cannot."""
        if tok.flags & _NOT_NAME or tok.caps or not tok.text[0].isalpha() or len(tok.text) > 2 and tok.text.isupper():
            return False
        if first and tok.key in self.gaz.given_names:
            return True
        known = self._name_like.get(tok.key)
        if known is None:
            entry = self.place(tok.key)
            known = self._name_like[tok.key] = entry is None or entry.detail in ("city", "state") or entry.ambiguous
        return known

    # -- chunks ---------------------------------------------------------------------------------
    def read(self) -> None:
        body = self.body
        for match in _CHUNK.finditer(body):
            start, text = match.start(), match.group()
            if " " not in text and "," not in text:
                word, key, flags, caps, full_stop = _WORDS.get(text) or _word(text)
                if not (flags & _TRIM and not caps):    # "The", "On", "Tuesday", "Advertisement" end here
                    self.read_word(_Tok(start, start + len(word), word, key, flags, caps, full_stop))
                continue
            toks = self.tokens(start, text)
            if "." in text:
                for part, initial in self.sentence_parts(toks):
                    self.read_chunk(part, initial)
            else:
                self.read_chunk(toks, self.is_initial(start))

    def tokens(self, offset: int, text: str) -> list[_Tok]:
        out = []
        for piece in text.replace(",", " ").replace("\u00a0", " ").split(" "):
            if piece:
                word, key, flags, caps, full_stop = _WORDS.get(piece) or _word(piece)
                out.append(_Tok(offset, offset + len(word), word, key, flags, caps, full_stop))
                offset += len(piece) + 1
            else:
                offset += 1
        return out

    def read_word(self, tok: _Tok) -> None:
        """A chunk of one word, the commonest case, on a short path."""
        initial = self.is_initial(tok.start)
        key = tok.key
        if key in self.gaz.places and not tok.flags and not tok.caps and key not in self.gaz.organisations:
            if not self.one_place(tok, initial):      # the commonest named thing: "Ukraine", "U.S."
                self.people.append(_Person([tok], evidence=None, initial=initial))
        elif tok.flags or tok.caps or "-" in tok.text or key in self.gaz.organisations \
                or not self.name_like(tok, first=False):
            self.read_segment([tok], initial)
        else:   # "Cleverly said", "Putin's", or a common word starting a sentence ("Floodwater")
            self.people.append(_Person([tok], evidence=None, initial=initial))

    def sentence_parts(self, toks: list[_Tok]) -> list[tuple[list[_Tok], bool]]:
        """Split where a stop ends a sentence ("Smith. He", "D.C. The"); say which parts start one."""
        parts, current = [], [toks[0]]
        initial = self.is_initial(toks[0].start)
        for prev, tok in zip(toks, toks[1:]):
            if prev.full_stop or prev.text.endswith(".") and not prev.flags & (HONORIFIC | ROLE) and (
                    tok.flags & STOP or prev.text.count(".") > 1 and not tok.flags & _TITLE_OR_BODY):
                parts.append((current, initial))
                current, initial = [tok], True
            else:
                current.append(tok)
        parts.append((current, initial))
        return parts

    def possessive_parts(self, toks: list[_Tok]) -> list[list[_Tok]]:
        """"Washington's Centre for X" is a place and an organisation; "Tanner's Bridge" stays whole."""
        parts, current = [], []
        for tok in toks:
            current.append(tok)
            if tok.key.endswith("s") and tok.text[-2:-1] in ("'", "’"):
                entry = self.place(tok.key[:-1])
                if entry and not entry.ambiguous:
                    tok.text, tok.end, tok.key = tok.text[:-2], tok.end - 2, tok.key[:-1]
                    parts.append(current)
                    current = []
        return parts + [current] if current else parts

    def read_chunk(self, toks: list[_Tok], initial: bool) -> None:
        if len(toks) > 1 and any(t.text[-2:-1] in ("'", "’") for t in toks):
            parts = self.possessive_parts(toks)
            if len(parts) > 1:
                for i, part in enumerate(parts):
                    self.read_chunk(part, initial and i == 0)
                return
        trimmed = _trim(toks, _TRIM)
        if trimmed and trimmed[0] is not toks[0]:
            initial = False      # "The UK": after a dropped word, capitalised on its own merit
        toks = trimmed
        if len(toks) == 1:
            self.read_segment(toks, initial)
        elif toks:
            for segment in self.segments(toks):
                self.read_segment(segment, initial and segment[0] is toks[0])

    def place_runs(self, toks: list[_Tok]) -> dict[int, tuple[int, Place]]:
        """Greedy longest gazetteer matches: start index -> (end index, place). Cached per token run."""
        n = len(toks)
        if n == 1:
            entry = self.place(toks[0].key)
            return {0: (1, entry)} if entry else {}
        memo_key = (toks[0].start, toks[-1].end, n)
        runs = self._runs.get(memo_key)
        if runs is None:
            runs = self._runs[memo_key] = self._place_runs(toks)
        return runs

    def _place_runs(self, toks: list[_Tok]) -> dict[int, tuple[int, Place]]:
        runs, i, n = {}, 0, len(toks)
        while i < n:
            found = None
            if toks[i].key in self.gaz.first_words:
                for j in range(min(n, i + self.gaz.max_words), i + 1, -1):
                    if toks[j - 1].key in _CONNECTORS:
                        continue
                    entry = self.place(" ".join(t.key for t in toks[i:j]))
                    if entry:
                        found = (j, entry)
                        break
            if found is None and toks[i].key not in _CONNECTORS:
                entry = self.place(toks[i].key)
                found = (i + 1, entry) if entry else None
            if found:
                runs[i] = found
                i = found[0]
            else:
                i += 1
        return runs

    def segments(self, toks: list[_Tok]) -> list[list[_Tok]]:
        """Split at "and" unless it sits inside a place ("Bosnia and Herzegovina") or an organisation."""
        if not any(t.key in ("and", "&") for t in toks):
            return [toks]
        runs = self.place_runs(toks)
        inside = {k for i, (j, _) in runs.items() for k in range(i, j)}
        parts, current = [], []
        for i, tok in enumerate(toks):
            if tok.key in ("and", "&") and i not in inside:
                parts.append(current)
                current = []
            else:
                current.append(tok)
        parts.append(current)
        merged = [parts[0]]
        for part in parts[1:]:
            if merged[-1] and part and self.joins_org(merged[-1], part):
                and_tok = next(t for t in toks if merged[-1][-1].end < t.start < part[0].start)
                merged[-1] = merged[-1] + [and_tok] + part
            else:
                merged.append(part)
        return [trimmed for m in merged if (trimmed := _trim(m))]

    def joins_org(self, left: list[_Tok], right: list[_Tok]) -> bool:
        """"Centre for Strategic | International Studies", "Comprehensive | Progressive Agreement"."""
        for i, tok in enumerate(left[:-1]):
            if tok.flags & ORG | (tok.key in _FACILITY_OR_ORG) and left[i + 1].key in ("of", "for"):
                return not any(t.flags & ORG for t in right)
        if any(t.flags & ORG for t in left) or not any(t.flags & ORG for t in right):
            return False
        places = [entry for _, entry in self.place_runs(left).values() if not entry.ambiguous]
        return not places and not (left[0].key in self.gaz.given_names and len(left) > 1)

    # -- segments ------------------------------------------------------------------------------
    def read_segment(self, toks: list[_Tok], initial: bool) -> None:
        flags, n = 0, len(toks)
        for tok in toks:
            flags |= tok.flags
        if n > 1 and flags & (ROLE | HONORIFIC) and self.titled_person(toks):
            return
        if self.organisation(toks, flags):
            return
        if n > 1 and toks[0].key in self.gaz.given_names and self.person_tokens(toks):
            self.people.append(_Person(toks, self.lower_role(toks)[0], evidence=True))
            return
        if self.places(toks, initial):
            return
        if n > 1 and flags & (FACILITY | FEATURE) and self.facility(toks, initial):
            return
        if n == 1 and self.person_tokens(toks):
            self.people.append(_Person(toks, evidence=None, initial=initial))
        elif n <= 4 and self.person_tokens(toks):
            role, found = self.lower_role(toks)
            self.people.append(_Person(toks, role, found or self.cue(toks), initial))
        else:
            self.unnamed_places(toks)

    def person_tokens(self, toks: list[_Tok]) -> bool:
        if len(toks) > 4 or not self.name_like(toks[0], first=True):
            return False
        given = toks[0].key in self.gaz.given_names and len(toks) > 1
        return all(t.key in _NAME_PARTICLES or self.name_like(t, False) or
                   (given and t.flags & (ROLE | ROLE_WORD) and not t.flags & (ORG | STOP)) for t in toks[1:])

    def titled_person(self, toks: list[_Tok]) -> bool:
        """"Foreign Secretary James Cleverly": role = the words before the name, with a title among them."""
        n = len(toks)
        for start in range(max(1, n - 4), n):
            name = toks[start:]
            if toks[start - 1].flags & (ROLE | ROLE_WORD | HONORIFIC) or toks[start - 1].caps:
                if self.person_tokens(name) and any(t.flags & (ROLE | HONORIFIC) for t in toks[:start]):
                    break
        else:
            return False
        role_toks = toks[:start]
        honorific_only = all(t.flags & HONORIFIC and not t.flags & ROLE for t in role_toks)
        role = "" if honorific_only else self.body[role_toks[0].start:role_toks[-1].end]
        self.people.append(_Person(name, role, evidence=True))
        self.role_qualifiers(role_toks)
        return True

    def role_qualifiers(self, role_toks: list[_Tok]) -> None:
        """The place or organisation at the front of a title: "Canadian" in "Canadian Foreign Minister"."""
        end = len(role_toks)
        while end and (role_toks[end - 1].flags & (ROLE | ROLE_WORD | HONORIFIC) or role_toks[end - 1].key in _CONNECTORS):
            end -= 1
        if end:
            front = role_toks[:end]
            if not self.organisation(front):
                self.places(front, initial=False)

    def organisation(self, toks: list[_Tok], flags: int = ORG) -> bool:
        key = toks[0].key if len(toks) == 1 else " ".join([t.key for t in toks])
        if key in self.gaz.organisations:
            self.org_fact(toks, org_key(self.span_text(toks)))
            return True
        if len(toks) == 1 and toks[0].caps and not self.place(toks[0].key) and not toks[0].flags & _TRIM:
            if toks[0].key not in _NOT_ACRONYMS and (len(toks[0].key) < 5 or not self.lower_elsewhere(toks[0].key)):
                self.acronym_tokens.append(toks[0])     # "LETTERS" in a shouted headline is a word, not an acronym
            return True
        if not flags & (ORG | FACILITY):
            return False
        end = self.org_end(toks)
        if end is None:
            return False
        org = toks[:end]
        self.org_fact(org, org_key(self.body[org[0].start:org[-1].end]))
        rest = toks[end:]
        if rest:
            self.read_segment(rest, False)
        return True

    def org_end(self, toks: list[_Tok]) -> int | None:
        """Index after the organisation's last word ("Bank of England"), or None when there is none."""
        head = None
        for i, tok in enumerate(toks):
            following = toks[i + 1].key if i + 1 < len(toks) else ""
            if tok.flags & ORG and (i or tok.key in _ORG_PREFIXES or following in ("of", "for")):
                head = i
            elif tok.key in _FACILITY_OR_ORG and following in ("of", "for"):
                head = i
            elif head is not None and tok.flags & (ROLE | HONORIFIC):
                return head + 1
        if head is None or (len(toks) == 1 and toks[0].flags & (ROLE | NON_NAME)):
            return None
        if toks[head].key in _ORG_PREFIXES or head + 1 < len(toks) and toks[head + 1].key in _CONNECTORS:
            return len(toks)
        return head + 1

    def org_fact(self, toks: list[_Tok], value: str) -> None:
        after = _PAREN_ACRONYM.match(self.body, toks[-1].end)
        detail = ""
        if after and acronym_fits(after.group("acronym"), self.body[toks[0].start:toks[-1].end]):
            detail = after.group("acronym")
            self.acronyms[text_key(detail)] = value
        else:
            detail = _known_acronyms(self.gaz).get(value, "")
        self.fact("organisation", toks, value, detail=detail)

    def places(self, toks: list[_Tok], initial: bool) -> bool:
        """A segment made of places only ("United States", "UK-US", "British-Iranian")."""
        if len(toks) == 1:
            return self.one_place(toks[0], initial)
        runs = self.place_runs(toks)
        if sum(j - i for i, (j, _) in runs.items()) != len(toks):
            return False
        for i, (j, entry) in runs.items():
            if entry.ambiguous and j - i == 1 and not self.place_context(toks[i:j], initial and i == 0):
                return False
        for i, (j, entry) in runs.items():
            self.place_fact(toks[i:j], entry, last=j == len(toks))
        return True

    def one_place(self, tok: _Tok, initial: bool) -> bool:
        entry = self.place(tok.key)
        if entry is None:
            return "-" in tok.text and self.hyphenated_places(tok)
        if entry.ambiguous and not self.place_context([tok], initial):
            return False
        if entry.detail in ("city", "state") and tok.key not in self.gaz.given_names:
            self.towns.append((tok, entry))   # "Clinton": a town, unless a Hillary Clinton is named too
        else:
            self.place_fact([tok], entry, last=True)
        return True

    def place_fact(self, run: list[_Tok], entry: Place, last: bool) -> None:
        """A place, or with "government"/"army" after a country word, that state's body ("British government")."""
        gov = _GOVERNMENT_AFTER.match(self.body, run[-1].end) if last and entry.detail in ("country", "demonym") else None
        if gov:
            span = [run[0], _Tok(gov.start() + 1, gov.end(), gov.group()[1:], "", 0)]
            self.org_fact(span, org_key(self.body[run[0].start:gov.end()]))
        else:
            self.fact("place", run, entry.value, detail=entry.detail)

    def hyphenated_places(self, tok: _Tok) -> bool:
        parts, at = [], tok.start
        for word in tok.text.split("-"):
            entry = self.place(text_key(word))
            if entry is None or entry.ambiguous:
                return False
            parts.append((at, word, entry))
            at += len(word) + 1
        for start, word, entry in parts:
            self.fact("place", [_Tok(start, start + len(word), word, "", 0)], entry.value, detail=entry.detail)
        return True

    def place_context(self, run: list[_Tok], initial: bool) -> bool:
        if initial:
            return False
        return (self.word_before(run[0].start)[0] in _PLACE_WORDS_BEFORE
                or _PLACE_CONTEXT_AFTER.match(self.body, run[-1].end) is not None)

    def facility(self, toks: list[_Tok], initial: bool) -> bool:
        """"Northgate High School", "Tanner's Bridge", "River Idden": a named place of no gazetteer."""
        last, first = toks[-1], toks[0]
        if len(toks) > 1 and last.flags & (FACILITY | FEATURE) and not last.flags & ORG:
            detail = "feature" if last.flags & FEATURE else "facility"
        elif len(toks) > 1 and first.key in _FEATURE_FIRST:
            detail = "feature"
        else:
            return False
        if initial and len(toks) == 2 and self.lower_elsewhere(toks[0].key):
            return False
        self.fact("place", toks, place_key(self.body[first.start:last.end]), detail=detail)
        return True

    # -- people --------------------------------------------------------------------------------
    def cue(self, toks: list[_Tok]) -> bool:
        body, start, end = self.body, toks[0].start, toks[-1].end
        if _CUE_AFTER.match(body, end):
            return True
        if not self.letter_before(start):
            return False   # "... rise. Hospital managers said": no cue word before the name
        word, at = self.word_before(start)
        return word in _CUE_WORDS_BEFORE or word == "to" and self.word_before(at)[0] == "according"

    def lower_role(self, toks: list[_Tok]) -> tuple[str, bool]:
        """A lower-case title next to the name: "deputy mayor X", "the mayor, X,", "X, a hydrologist"."""
        body, start, end = self.body, toks[0].start, toks[-1].end
        word, at = self.word_before(start, comma=True) if self.letter_before(start, comma=True) else ("", 0)
        if word in _ROLE_HEAD_SET and body[at].islower():
            role_end, role_start = at + len(word), at
            word, at = self.word_before(role_start)
            while word in _ROLE_MOD_SET or word.endswith("-"):
                role_start = at
                word, at = self.word_before(role_start)
            return body[role_start:role_end], True
        after = _ROLE_AFTER.match(body, end) if body.startswith(", ", end) else None
        return (after.group("role"), True) if after else ("", False)

    def resolve_people(self) -> None:
        """Full names first; then surnames, possessives and titled surnames linked to them.

        A name of two or more words with no other evidence counts when its surname comes back
        alone elsewhere in the text ("Goldman Sachs" does not, "Tomasz Brennick ... Brennick" does).
        """
        lone = {p.tokens[0].key for p in self.people if len(p.tokens) == 1}
        full: dict[str, str] = {}
        for person in self.people:
            if len(person.tokens) > 1 and (person.evidence or person.tokens[-1].key in lone):
                person.evidence = True
                full.setdefault(person.tokens[-1].key, name_key(self.span_text(person.tokens)))
        titled = {p.tokens[0].key for p in self.people if len(p.tokens) == 1 and p.evidence}   # "President Obama"
        for tok, entry in self.towns:
            if tok.key in full:
                self.fact("person", [tok], full[tok.key], detail="surname")
            elif tok.key in titled:
                self.fact("person", [tok], tok.key)
            else:
                self.fact("place", [tok], entry.value, detail=entry.detail)
        for person in self.people:
            toks = person.tokens
            if person.evidence is None and toks[0].key not in full:
                person.role, found = self.lower_role(toks)
                person.evidence = found or not person.initial and self.cue(toks)
            if len(toks) == 1 and toks[0].key in full:
                self.fact("person", toks, full[toks[0].key], role=person.role, detail="surname")
            elif person.evidence:
                self.fact("person", toks, name_key(self.span_text(toks)), role=person.role)
            else:
                self.unnamed_places(toks)

    def unnamed_places(self, toks: list[_Tok]) -> None:
        """A capitalised run that is no name after all may still hold a country ("Canada")."""
        if len(toks) == 1:  # the common case, as place_runs() reads it, without building its dict
            entry = self.place(toks[0].key)
            if entry is not None and not entry.ambiguous and entry.detail in ("country", "demonym", "region", "state"):
                self.fact("place", toks, entry.value, detail=entry.detail)
            return
        for i, (j, entry) in self.place_runs(toks).items():
            if not entry.ambiguous and entry.detail in ("country", "demonym", "region", "state"):
                self.fact("place", toks[i:j], entry.value, detail=entry.detail)

    def resolve_acronyms(self) -> None:
        for tok in self.acronym_tokens:
            key = tok.key
            value = self.acronyms.get(key) or org_key(tok.text)
            self.fact("organisation", [tok], value, detail=tok.text)

    def span_text(self, toks: list[_Tok]) -> str:
        return self.body[toks[0].start:toks[-1].end]


def _trim(toks: list[_Tok], leading: int = STOP) -> list[_Tok]:
    """Without leading function words ("the"; weekdays and furniture too when asked) and trailing connectors."""
    start, end = 0, len(toks)
    while start < end and (toks[start].flags & leading and not toks[start].caps or toks[start].key in _CONNECTORS):
        start += 1
    while end > start and toks[end - 1].key in _CONNECTORS:
        end -= 1
    return toks[start:end]


@lru_cache(maxsize=1)
def _known_acronyms(gazetteer: Gazetteer) -> dict[str, str]:
    """Organisation key -> its well-known acronym ("north atlantic treaty organisation" -> "NATO")."""
    return {org_key(full): short for full, short in gazetteer.acronyms.items()}


_WORDS: dict[str, tuple[str, str, int, bool, bool]] = {}


def _word(piece: str) -> tuple[str, str, int, bool, bool]:
    """A capitalised word's text (stop dropped), key, lexicon flags, acronym and sentence-end marks; cached."""
    known = _WORDS.get(piece)
    if known is None:
        word, full_stop = piece, False
        if piece[-1] == "." and piece.count(".") == 1 and len(piece) > 2 and piece[:-1].lower() not in _ABBREVIATIONS:
            word, full_stop = piece[:-1], True          # "Smith. He said": the stop ends a sentence
        key = word.lower() if word.isascii() and word.isalpha() else text_key(word)
        caps = 1 < len(word) < 8 and word.isupper() and word.isalnum()
        known = (word, key, _LEXICON.get(key, 0), caps, full_stop)
        if len(_WORDS) > 50_000:     # bounded: a long session reads many names
            _WORDS.clear()
        _WORDS[piece] = known
    return known


def find_entities(body: str) -> list[Fact]:
    """People, places and organisations named in `body`, in text order; never raises on odd text."""
    if not body or not isinstance(body, str):
        return []
    reader = _Reader(body, load())
    reader.read()
    reader.resolve_people()
    reader.resolve_acronyms()
    facts = sorted(reader.facts, key=lambda f: (f.span.start, f.span.end))
    return _without_overlaps(facts)


def _without_overlaps(facts: list[Fact]) -> list[Fact]:
    """Drop a fact lying inside an earlier, longer one (a place found again inside a name)."""
    out: list[Fact] = []
    for fact in facts:
        if out and fact.span.start < out[-1].span.end:
            if fact.span.end - fact.span.start > out[-1].span.end - out[-1].span.start:
                out[-1] = fact
            continue
        out.append(fact)
    return out
