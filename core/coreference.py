"""What a subject stands for in its article: a surname, a pronoun or "the mayor" resolved to a person.

`Resolver`, one per article: a surname to its fullest form ("Cleverly" -> "James Cleverly", as Citron maps
a name to its longest form), a pronoun to the nearest person of compatible gender (titles, honorifics,
gendered nouns, a he/she right after the name), "the mayor" to the person the article gave that role.
Candidates come from capitalised runs that read as people and from subjects already resolved for earlier
quotes; look-ups are lazy and bounded so a long article costs little more than a short one. The subjects
themselves (`Mention`s) come from the frames read in core.speakers.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from core.model import Span
from core.speakers import (DEPARTMENTS, DETERMINERS, GENDERED, GROUP_NOUNS, HONORIFICS, ORG_WORDS, OTHER_PRONOUNS,
                           OUTLET_WORDS, PLACE_WORDS, PREPOSITIONS, SENTENCE_OPENERS, SPEECH_CUES, SPEECH_TRIE,
                           TITLE_WORDS, UPPER, Mention, is_capital, is_organisation, is_outlet, role_gender,
                           strip_article)

# --- roles and the nouns that name a person ----------------------------------------------------------------

_PERSON_NOUNS = {"woman": "f", "man": "m", "girl": "f", "boy": "m", "resident": "", "witness": "",
                 "neighbour": "", "neighbor": "", "passenger": "", "driver": "", "teacher": "", "nurse": "",
                 "student": "", "pupil": "", "worker": "", "official": "", "victim": "", "customer": "",
                 "shopper": "", "owner": "", "farmer": "", "parent": "", "daughter": "f", "son": "m", "wife": "f",
                 "husband": "m", "sister": "f", "brother": "m", "mum": "f", "dad": "m", "grandmother": "f",
                 "grandfather": "m", "pensioner": "", "survivor": "", "fan": "", "employee": "", "source": ""}
_ROLE_MODIFIERS = {"deputy", "vice", "assistant", "acting", "interim", "former", "associate", "junior",
                   "shadow", "senior"}
_ROLE_SYNONYMS = {"boss": "manager", "gaffer": "manager", "ceo": "chief executive", "chairman": "chair",
                  "chairwoman": "chair", "chairperson": "chair", "spokesman": "spokesperson",
                  "spokeswoman": "spokesperson", "prime minister": "premier"}


def _role_words(role: str) -> list[str]:
    words = [w for w in role.casefold().replace("’s", "'s").split() if w not in DETERMINERS]
    return " ".join(_ROLE_SYNONYMS.get(w, w) for w in words).split()


def role_matches(wanted: str, role: str) -> int:
    """How well a role noun ("mayor", "fire chief") fits a known role: 2 exact, 1 by head word, 0 not."""
    want = _role_words(wanted)
    have = _role_words(role)
    if not want or not have:
        return 0
    if want == have[-len(want):] and not (set(have[:-len(want)]) & _ROLE_MODIFIERS):
        return 2
    head = want[-1]
    if head in have and not (set(have) & _ROLE_MODIFIERS) - set(want):
        return 1
    return 0


# --- the article: who a surname, a pronoun or "the mayor" stands for ---------------------------------------

@dataclass(frozen=True)
class Speaker:
    """A resolved subject: `name` as the article gives it most fully, `span` where that name was found."""

    name: str
    role: str = ""
    span: Span | None = None
    person: bool = False
    outlet: bool = False
    gender: str = ""


_CAPITAL_RUN = re.compile(rf"[{UPPER}][\w'’-]*\.?(?:[ \t]+[{UPPER}][\w'’-]*)+")
_NAME_RUN = re.compile(rf"[{UPPER}][\w'’-]*\.?(?:[ \t]+[{UPPER}][\w'’-]*)*")
# "Gordon Feltham, chair of the residents' association, said"
_APPOSITIVE_CUE = re.compile(rf",\s+[^,.;:\"“”]{{2,90}},\s+(?:also\s+)?(?:{SPEECH_TRIE})\b")
# one capitalised word that speaks ("Hadley said") or gets a person's appositive ("Brennan, who")
_SINGLE_PERSON = re.compile(rf"[{UPPER}][\w'’-]+(?=,\s+(?:who|whose|aged|\d{{1,3}},|an?)\s|,?\s+(?:also\s+)?"
                            rf"(?:{SPEECH_TRIE})\b)")
_PERSON_AFTER = re.compile(r",\s+(?:who|whose|aged|\d{1,3},|an?)\s")  # "Brennan, who", "Edna Pocock, 81,"
# "the developer, Owen Pike," / "The local MP, Gareth Penhale,": a name set off after a description
_DESCRIBED_BEFORE = re.compile(r"(?<!\w)(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+[^,.;:\"“”]{2,50},\s+$")
_THE_APPOSITIVE = re.compile(r",\s+the\s+(?:[a-z’'-]+\s+){0,3}[a-z’'-]+,")  # "Ben Ito, the harbour master,"
_PRONOUN_AHEAD = re.compile(r"\b(?:([Hh]e|[Hh]is|[Hh]im|himself)|([Ss]he|[Hh]er|hers|herself))\b|[\"“”]")
_SENTENCE_END = re.compile(r"[.!?]\s+")
_NOT_BEFORE_NAMES = set("the a an of in at from to on near into by for with across via".split())
_CHUNK = 256
_MAX_FORMS = 6
_LOOKBACK = 2500
_CANDIDATES = 12


class Resolver:
    """Resolves subjects against one article; every look-up is lazy so short articles pay little.

    Antecedents ("he", "the mayor") come from two sources, nearest first: subjects already resolved for
    earlier quotes, and capitalised runs that read as people ("Mayor Annika Threlfall", "Brennan, who ...",
    "Ruth Anselm is on her third pot") or as organisations that speak ("Wexby Police said"). Nothing is taken
    from blocked spans: quote contents, excluded furniture, heading lines.
    """

    def __init__(self, body: str, blocked_starts: list[int], blocked_ends: list[int]) -> None:
        self.body = body
        self._starts = blocked_starts
        self._ends = blocked_ends
        self._chunks: dict[int, list[tuple[int, str]]] = {}
        self._memo: dict[int, Speaker | None] = {}
        self._noted: dict[int, Speaker] = {}
        self._full: dict[str, tuple[str, str, str]] = {}
        self._genders: dict[str, str] = {}

    def blocked(self, pos: int) -> bool:
        n = bisect_left(self._ends, pos + 1)
        return n < len(self._starts) and self._starts[n] <= pos

    def resolve(self, mention: Mention, before: int | None = None) -> Speaker:
        """The speaker a subject refers to (empty name when the article does not say); antecedents are
        looked for before `before` (default: the mention itself)."""
        at = mention.span.start if before is None else min(before, mention.span.start)
        if mention.kind == "pronoun":
            found = self._antecedent(at, mention.gender, mention.name)
            if found is not None and mention.gender and found.person:
                self._genders.setdefault(found.name, mention.gender)
            speaker = found or Speaker("")
        elif mention.kind == "noun":
            speaker = self._resolve_noun(mention, at)
        else:
            speaker = self._resolve_name(mention)
        if speaker.name and not speaker.outlet:
            self._noted[mention.span.start] = speaker
        return speaker

    def _resolve_name(self, mention: Mention) -> Speaker:
        name = mention.name or mention.text
        if is_outlet(name):
            return Speaker(strip_article(name), span=mention.span, outlet=True)
        if is_organisation(name) or name.lower() in GROUP_NOUNS:
            return Speaker(strip_article(name), mention.role, mention.span)
        if mention.role and len(name.split()) > 1:
            full, role, gender = name, mention.role, ""  # "Mayor Annika Threlfall": already whole
        else:
            full, role, gender = self.full_name(name, mention.span.start)
        role = mention.role or role
        gender = mention.gender or gender or role_gender(role) or self._genders.get(full, "")
        return Speaker(full, role, mention.span, person=True, gender=gender)

    def _resolve_noun(self, mention: Mention, at: int) -> Speaker:
        head = _head_noun(mention.name)
        if head in TITLE_WORDS or head in GENDERED:
            person = self._by_role(mention.name, at)
            if person is not None:
                return Speaker(person.name, person.role or mention.name, person.span, True, gender=person.gender)
        if head in _PERSON_NOUNS or head in GENDERED or head in TITLE_WORDS:  # "a woman", "the daughter of ..."
            gender = mention.gender or _PERSON_NOUNS.get(head, "") or GENDERED.get(head, "")
            return Speaker(mention.name, mention.role, mention.span, person=True, gender=gender)
        return Speaker(mention.name, mention.role, mention.span, gender=mention.gender)

    # names ---------------------------------------------------------------------------------------------------
    def full_name(self, name: str, at: int) -> tuple[str, str, str]:
        """Most repeated, then longest form of a name in the article ("Cleverly" -> "James Cleverly", "Edna" ->
        "Edna Pocock"), with a role and gender when a form had a title or honorific."""
        if name not in self._full:
            self._full[name] = self._full_name(name, at)
        return self._full[name]

    def _full_name(self, name: str, at: int) -> tuple[str, str, str]:
        words = [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS] or name.split()
        gender = next((HONORIFICS[w.lower().rstrip(".")] for w in name.split()
                       if w.lower().rstrip(".") in HONORIFICS), "")
        key = re.sub(r"['’]s$", "", words[-1])
        wanted = tuple(words[:-1]) + (key,)
        forms = self._forms_of(key, 0, at)
        if not forms and len(wanted) == 1:  # a surname before its full form: look ahead too
            forms = self._forms_of(key, at, len(self.body))
        counts: dict[tuple[str, ...], int] = {}
        for form in forms:
            counts[form[1]] = counts.get(form[1], 0) + 1
        best = None
        for form in forms:
            names = form[1]
            if len(wanted) > 1 and not (names[-len(wanted):] == wanted or wanted[-len(names):] == names):
                continue
            if best is None or _better_form(form, best, at, counts):
                best = form
        if best is None:
            return " ".join(wanted), "", gender
        role = best[2] or next((f[2] for f in forms if f[2] and f[1] == best[1]), "")
        return " ".join(best[1]), role, gender

    def _forms_of(self, word: str, lo: int, hi: int) -> list[tuple[int, tuple[str, ...], str]]:
        """Person-like capitalised runs holding `word` between lo and hi: (position, names, role)."""
        forms: list[tuple[int, tuple[str, ...], str]] = []
        body, size = self.body, len(word)
        start, seen = body.find(word, lo, hi), 0
        while start != -1 and len(forms) < _MAX_FORMS and seen < 4 * _MAX_FORMS:
            seen += 1
            end = start + size
            skip = (start and body[start - 1].isalnum()) or body[end:end + 1].isalnum() or self.blocked(start)
            before, run_start = ([], start) if skip else _capitals_before(body, start)
            after = [] if skip else _capitals_after(body, end)
            start = body.find(word, end, hi)
            if not before and not after:
                continue
            names, role = _split_form(before + [word] + after, _sentence_starts_at(body, run_start))
            preceding = body[max(0, run_start - 12):run_start].split()
            if preceding and preceding[-1].lower() in _NOT_BEFORE_NAMES and not role:
                continue  # "in New Hampshire Sanders won": a place glued to a name
            if len(names) > 1 and word in names:
                forms.append((run_start, names, role))
        return forms

    # antecedents --------------------------------------------------------------------------------------------
    def _antecedent(self, at: int, gender: str, pronoun: str) -> Speaker | None:
        """he/she: the nearest person of compatible gender; they: the nearest speaker; it: the nearest
        organisation."""
        for found in self._walk(at):
            if found.outlet or (pronoun in ("he", "she") and not found.person) or (pronoun == "it" and found.person):
                continue
            known = found.gender or self._genders.get(found.name, "")
            if gender and known and known != gender:
                continue
            return found
        return None

    def _by_role(self, wanted: str, at: int) -> Speaker | None:
        """"the mayor": the nearest person given that role (before, else after), exact roles first."""
        for backwards in (True, False):
            best, score = None, 0
            for found in self._walk(at, backwards):
                fit = role_matches(wanted, found.role) if found.person else 0
                if fit > score:
                    best, score = found, fit
                if score == 2:
                    break
            if best is not None:
                return best
        return None

    def _walk(self, at: int, backwards: bool = True):
        """Candidate speakers nearest `at` first, before it (or after it): at most `_CANDIDATES` of them, within
        `_LOOKBACK` characters, so a pronoun with no antecedent costs little."""
        chunk, step, left = at // _CHUNK, -1 if backwards else 1, _CANDIDATES
        while 0 <= chunk * _CHUNK < len(self.body) and abs(chunk * _CHUNK - at) <= _LOOKBACK + _CHUNK:
            lo = chunk * _CHUNK
            hits = self._hits_in(chunk) + [(p, "noted") for p in self._noted if lo <= p < lo + _CHUNK]
            for pos, kind in sorted(hits, reverse=backwards):
                if (pos < at) if backwards else (pos > at):
                    found = self._noted[pos] if kind == "noted" else self._candidate(pos, kind)
                    if found is not None:
                        yield found
                    left -= 1
                    if not left:
                        return
            chunk += step

    def _hits_in(self, chunk: int) -> list[tuple[int, str]]:
        """Capitalised runs in one chunk that read as people or speaking organisations; scanned once."""
        if chunk not in self._chunks:
            body, lo = self.body, chunk * _CHUNK
            hi = min(len(body), lo + _CHUNK + 80)  # a run starting in the chunk may end after it
            hits = [(m.start(), _run_kind(body, m)) for m in _CAPITAL_RUN.finditer(body, lo, hi)
                    if m.start() < lo + _CHUNK]
            for m in _SINGLE_PERSON.finditer(body, lo, hi):
                if m.start() >= lo + _CHUNK:
                    break
                word = m.group()
                if word in SENTENCE_OPENERS or word.lower() in OTHER_PRONOUNS or _capitals_before(body, m.start())[0]:
                    continue
                group = word.lower() in _NON_PERSON or word.lower() in GROUP_NOUNS
                hits.append((m.start(), "organisation" if group else "person"))
            self._chunks[chunk] = [h for h in hits if h[1] and not self.blocked(h[0])]
        return self._chunks[chunk]

    def _candidate(self, pos: int, kind: str) -> Speaker | None:
        if pos not in self._memo:
            self._memo[pos] = self._person_at(pos) if kind == "person" else self._organisation_at(pos)
        return self._memo[pos]

    def _organisation_at(self, pos: int) -> Speaker | None:
        m = _NAME_RUN.match(self.body, pos)
        name = strip_article(m.group()) if m else ""
        return Speaker(name, span=Span(pos, m.end())) if name and not is_outlet(name) else None

    def _person_at(self, pos: int) -> Speaker | None:
        """A person from a capitalised run alone: name and title split, roles from the words around it."""
        body = self.body
        m = _NAME_RUN.match(body, pos)
        names, role = _split_form(m.group().split(), _sentence_starts_at(body, pos))
        if not names:
            return None
        first = body.find(names[0], pos, m.end())
        span = Span(first, m.end())
        role = role or _title_before(body, pos) or _appositive_role(body, pos, m.end())
        name, known_role, gender = self.full_name(" ".join(names), pos)
        role = role or known_role
        gender = gender or _honorific_gender(m.group()) or role_gender(role) or _gender_after(body, m.end())
        return Speaker(name, role, span, person=True, gender=gender)


def _run_kind(body: str, run: re.Match) -> str:
    """"person", "organisation" (one that speaks: "Wexby Police said") or "" for other capitalised runs."""
    words = run.group().split()
    lowered = [w.lower().rstrip(".,") for w in words]
    before = [w.rstrip(",") for w in body[max(0, run.start() - 24):run.start()].split()]
    after = body[run.end():run.end() + 24].replace(",", " ", 1).split()
    next_word = after[0] if after else ""
    if any(w in _NON_PERSON for w in lowered):
        return "organisation" if next_word in SPEECH_CUES and len(words) > 1 else ""
    if len(words) > 4 or (len(words) == 1 and words[0] in SENTENCE_OPENERS):
        return ""
    titled = any(w in _TITLE_OR_HONORIFIC for w in lowered[:-1]) or (before and before[-1].lower() in TITLE_WORDS)
    if titled or next_word in SPEECH_CUES or (before and before[-1] in SPEECH_CUES):
        return "person"
    if before and before[-1].lower() in _NOT_BEFORE_NAMES:
        return ""
    described = body[run.end():run.end() + 1] == "," and _DESCRIBED_BEFORE.search(body, max(0, run.start() - 60),
                                                                                   run.start())
    if described or _PERSON_AFTER.match(body, run.end()) or _APPOSITIVE_CUE.match(body, run.end()) \
            or (len(words) > 1 and (_gender_after(body, run.end()) or _THE_APPOSITIVE.match(body, run.end()))):
        return "person"
    return ""


def _title_before(body: str, pos: int) -> str:
    """Lower-case title words just before a name: "deputy mayor Tobias Renwick" -> "deputy mayor"."""
    words = body[max(0, pos - 40):pos].split()
    n = len(words)
    while n and words[n - 1] in TITLE_WORDS:
        n -= 1
    return " ".join(words[n:])


_ROLE_BEFORE = re.compile(r"(?<!\w)(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?)\s+([^,.;:]{2,60}?),\s+$")
_ROLE_AFTER = re.compile(r",\s+(?:the\s+|an?\s+)?([a-z][^,.;:]{2,60}?)[,.]")


def _appositive_role(body: str, start: int, end: int) -> str:
    """"The mayor, Annika Threlfall," / "Fenella Marchbank, chief of Saltmere Fire and Rescue,"."""
    m = _ROLE_BEFORE.search(body, max(0, start - 70), start)
    if m and _has_title(m.group(1)):
        return m.group(1)
    m = _ROLE_AFTER.match(body, end)
    return m.group(1) if m and _has_title(m.group(1)) else ""


def _has_title(phrase: str) -> bool:
    return any(w in TITLE_WORDS for w in phrase.casefold().split()[:4])


def _honorific_gender(run: str) -> str:
    return next((HONORIFICS[w] for w in run.lower().replace(".", " ").split() if w in HONORIFICS), "")


def _gender_after(body: str, end: int) -> str:
    """"Marchbank ... praised her crews": the first he/she/his/her after a name in its own sentence (or opening
    the next one: "Rourke mends nets. He calls"), before any quote mark."""
    hi = min(len(body), end + 90)
    m = _PRONOUN_AHEAD.search(body, end, hi)
    if m is None or m.group(0) in '"“”':
        return ""
    stop = _SENTENCE_END.search(body, end, m.start())
    if stop is not None and stop.end() != m.start():
        return ""
    return "m" if m.group(1) else "f"


def _capitals_before(body: str, pos: int) -> tuple[list[str], int]:
    """Up to five capitalised words just before `pos` ("British Foreign Secretary James" before "Cleverly"),
    and where the first of them starts."""
    lo = max(0, pos - 90)
    chunk = body[lo:pos]
    words = chunk.split()
    n = len(words)
    while n and len(words) - n < 5 and is_capital(words[n - 1]) and words[n - 1][-1] not in _NOT_IN_NAMES:
        n -= 1
    taken = words[n:]
    if not taken:
        return [], pos
    found = chunk.rfind(taken[0], 0, len(chunk) - sum(map(len, taken[1:])))
    return taken, lo + found if found >= 0 else pos


_NOT_IN_NAMES = frozenset(",;:!?\"“”‘’'()[]")


def _capitals_after(body: str, pos: int) -> list[str]:
    """Up to two capitalised words right after `pos` ("Pocock" after "Edna"), punctuation dropped."""
    words = []
    for word in body[pos:pos + 40].split()[:2] if body[pos:pos + 1] == " " else []:
        bare = word.rstrip(",.;:!?)”’\"'")
        if not is_capital(bare) or bare.endswith(("'s", "’s")):
            break
        words.append(bare)
        if bare != word:
            break
    return words


def _sentence_starts_at(body: str, pos: int) -> bool:
    before = body[max(0, pos - 3):pos].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"”’:"


def _head_noun(phrase: str) -> str:
    words = phrase.casefold().split()
    for n, word in enumerate(words):
        if word in PREPOSITIONS and n:
            return words[n - 1]
    return words[-1] if words else ""


def _split_form(words: list[str], sentence_start: bool) -> tuple[tuple[str, ...], str]:
    """A capitalised run -> (name words, role): "British Foreign Secretary James Cleverly" -> (James, Cleverly)
    and "British Foreign Secretary". A sentence-initial epithet goes: "Brave Edna Pocock" -> (Edna, Pocock)."""
    last = -1
    for n in range(len(words) - 2, -1, -1):
        if words[n].lower().rstrip(".") in _TITLE_OR_HONORIFIC_ALL:
            last = n
            break
    names = words[last + 1:]
    for n in range(len(names) - 2, -1, -1):
        if names[n].endswith(".") and len(names[n]) > 2:
            names, sentence_start = names[n + 1:], True
            break
    while names and (names[0] in SENTENCE_OPENERS or names[0].lower() in DEPARTMENTS
                     or names[0].endswith(("'s", "’s"))):
        names, sentence_start = names[1:], False
    for word in names:
        if word.lower().strip(".,") in _NON_PERSON or word.endswith(("'s", "’s", ",")):
            return (), ""
    if sentence_start and last < 0 and len(names) >= 3:
        names = names[1:]
    if last < 0:
        return tuple(names), ""
    role_words = [w for w in words[:last + 1] if w.lower().rstrip(".") not in HONORIFICS]
    while role_words and role_words[0] in SENTENCE_OPENERS:
        role_words = role_words[1:]
    return tuple(names), " ".join(role_words)


def _better_form(form, best, at: int, counts: dict) -> bool:
    """The most repeated form wins, then the longest; among equals the earliest before `at`, else the earliest."""
    if counts[form[1]] != counts[best[1]]:
        return counts[form[1]] > counts[best[1]]
    if len(form[1]) != len(best[1]):
        return len(form[1]) > len(best[1])
    form_before, best_before = form[0] < at, best[0] < at
    if form_before != best_before:
        return form_before
    return form[0] < best[0]


_NON_PERSON = frozenset(ORG_WORDS | PLACE_WORDS | OUTLET_WORDS | DEPARTMENTS)
_TITLE_OR_HONORIFIC_ALL = frozenset(TITLE_WORDS | set(HONORIFICS))
_TITLE_OR_HONORIFIC = _TITLE_OR_HONORIFIC_ALL - {"former", "acting", "interim", "first", "head"}
