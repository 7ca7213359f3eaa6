"""Sentences of an article body, with exact character offsets.

    for sentence in split_sentences(body):   # core.model.Sentence
        assert body[sentence.span.start:sentence.span.end] == sentence.text

A rule-based splitter written for news copy. It was measured against `sentencex` (the best
maintained rule-based splitter found, see LIBRARIES.md) on a table of tricky cases, the seed
and demo articles and the ECB+ news sentences, and won on all three (figures in
tests/test_sentences.py). Where sentencex loses: it never splits inside quote marks (a quoted
paragraph of five sentences stays one unit), splits "2 a.m. | Tuesday", "approx. | 3" and
"1. | First item", and keeps "He said no. Council members agreed." whole.

How a paragraph is cut:
  1. Candidates are terminal marks (. ! ? ... and the CJK, Arabic and Devanagari stops)
     with any closing quotes or brackets, followed by white space.
  2. A candidate is a boundary unless the next word starts in lower case or with
     punctuation, or the word before it is an abbreviation that does not end sentences
     there (see `_dot_ends_sentence`). Capitalised words after "U.S.", "D.C.", "Mr." etc.
     continue the sentence unless they are a common sentence opener ("He", "The", "It").
  3. A closing quote followed by a short attribution ('"Why?" Reed asked.') stays one
     sentence; a closing quote followed by a new sentence ('"We will win." He left.') splits.
     '"... win," he said.' has no terminal mark before "he": one sentence with its attribution.
     A quote of several sentences is split into them, as news corpora (ECB+) do: the first
     piece opens the quote mark and the last one closes it.
  4. Page furniture glued to real text (a trailing "File Photo by ... | License Photo"
     credit, a stray "Advertisement") is cut off as a piece of its own, so core.cleaning
     can mark it without touching the real sentence.
  5. A single line break (stored bodies have none) ends a sentence before a list item or
     after a short line such as a heading.
Sentences never cross a paragraph break (a blank line).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from core.model import Sentence, Span

# --- paragraphs -------------------------------------------------------------------------------
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

# --- candidates -------------------------------------------------------------------------------
_CLOSERS = "\"'”’»)]』」）"
_CLOSE_CLASS = "[" + re.escape(_CLOSERS) + "]"
_QUOTE_CLOSERS = "\"'”’»』」"
_OPENERS = "\"'“‘«([「『（"
_TERMINALS = ".!?…‼⁇⁈⁉؟।。！？"
_CJK_STOPS = "。！？"
# Text up to a run of terminal marks, then the marks with any closing quotes or brackets.
# Used with match() from the end of the previous one: the negated class consumes plain text in
# one tight loop (several times faster in `re` than a search), and a text with no mark left
# fails once instead of once per position (finditer would be quadratic on a long tail).
_CANDIDATE = re.compile(f"[^{_TERMINALS}]*([{_TERMINALS}]+{_CLOSE_CLASS}*)")
# The next word after a candidate: opening marks, then the word itself.
_NEXT = re.compile(r"\s*([" + re.escape(_OPENERS) + r"]*)([\w$£€¥][\w'’.-]*)?")
# _CANDIDATE and _NEXT in one match (group 1: the marks, group 2: the next word): one regex call
# per candidate instead of two. The tail after group 1 always matches (every part is optional),
# so it never makes the engine backtrack into the marks: group 1 is exactly _CANDIDATE's.
_CANDIDATE_NEXT = re.compile(_CANDIDATE.pattern + _NEXT.pattern.replace("(", "(?:", 1))
# A short attribution after a closing quote: up to four capitalised words and a say-verb
# that ends the clause ('"Is it safe?" Mayor Ilse Moreau asked.').
_ATTRIBUTION = re.compile(
    r"\s+(?:[A-Z][\w.'’-]*\s+){1,4}"
    r"(?:said|says|asked|asks|added|adds|told\s+\w+|wrote|writes|replied|shouted|insisted|explained|"
    r"recalled|continued|warned|admitted|noted|joked|cried|pleaded|urged)"
    r"(?=\s*[.,;!?]|\s*$)"
)
# Stored bodies have no single newlines (core.readers joins wrapped lines), but other text
# may: a line break ends a sentence without a full stop before a list item, or after a short
# line (a heading or credit, not a wrapped line of running text).
_LINE_BREAK = re.compile(r"\n\s*")
_LIST_START = re.compile(r"(?:\d{1,3}[.)]|[-*•–])\s")
_SHORT_LINE = 60
_APOSTROPHE = re.compile("['’]")
_PREVIOUS_WINDOW = 40  # abbreviations are short: never look further back than this

# --- furniture glued to real text (core.cleaning decides the kind) ------------------------------
# A photo credit starts a piece of its own even when the caption before it has no full stop.
_CREDIT_START = re.compile(
    r"(?<=\S)(?<!\bFile)\s+(?="
    r"(?:File\s+)?(?:Photo|Photograph|Picture|Image)s?\s+(?:by|courtesy\s+of)\s+\S"
    r"|(?:Photo|Photograph|Picture|Image)s?\s*(?:credit)?\s*:\s*[A-Z]"
    r"|\((?:(?:File\s+)?(?:Photo|Photograph|Picture|Image)s?\b|AP\s+Photo)"
    r"|Image\s+(?:copyright|caption|source)\b"
    r")"
)
# ...and ends after "| License Photo" (a wire service's caption link).
_CREDIT_END = re.compile(r"\|\s*License\s+Photo\b")
# A stand-alone advertisement marker between sentences or at a paragraph's edge.
_AD_MARKER = re.compile(r"(?<!\S)(?:Story continues below advertisement|ADVERTISEMENT|Advertisement)(?!\S)")
# Cheap substring tests that gate the patterns above (most paragraphs hold no furniture).
_FURNITURE_KEYS = ("Photo", "Picture", "Image", "dvertisement", "DVERTISEMENT")

# --- word lists ---------------------------------------------------------------------------------
# Titles before a name ("Mr. Okafor", "Gen. Vance", "St. Brigid's"); matched capitalised.
_TITLES = frozenset(
    "mr mrs ms messrs mme mlle dr prof rev revd fr sr jr gen lt col capt cmdr cdr maj brig adm sgt cpl pvt "
    "sen rep gov atty dist supt insp det const cllr amb hon pres sec st mt ft rt".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Abbreviations that stand before a number ("No. 10", "approx. 3", "pp. 12").
_BEFORE_NUMBER = frozenset("no nos nr approx c ca est p pp para vol fig figs art ch op tel ext".split())
# US state abbreviations as AP style writes them ("Sen. Calder, D-Ore."); matched capitalised.
_STATES = frozenset(
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev "
    "okla ore pa tenn tex va vt wash wis wyo".split()
)
# Abbreviations that end a name and often a sentence ("Vantor Corp. The firm ...").
_NAME_ENDS = frozenset("inc corp co ltd llc plc bros etc al".split())
_NEVER_END = frozenset({"i.e", "e.g", "cf", "viz", "vs", "v"})
_CLOCK = frozenset({"a.m", "p.m"})
# Words that continue a time: "2 a.m. Tuesday", "6:45 a.m. ET".
_TIME_FOLLOWERS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst utc cet cest eet ist aest local eastern central "
    "pacific mountain".split()
)
_ABBREVIATIONS = _TITLES | _MONTHS | _BEFORE_NUMBER | _STATES | _NAME_ENDS | _NEVER_END
# Common sentence openers: after an ambiguous abbreviation ("D.C.", "St.", "U.S.") these start
# a new sentence, while other capitalised words ("U.S. President") continue the old one.
_OPENER_WORDS = frozenset(
    "a an the this that these those he she it they we i you his her its their our my your there here then "
    "but and so yet still however meanwhile also now later earlier today yesterday tomorrow in on at for "
    "after before when while if as since although though because some many most all both each every "
    "no none one two three what who why how where officials police authorities".split()
)


def paragraphs(body: str, limit: int | None = None) -> list[Span]:
    """Spans of the body's paragraphs (split on blank lines), without surrounding white space.

    `limit` stops after that many paragraphs (a look at the top of a long body).
    """
    return [Span(first, last) for first, last in _paragraph_bounds(body, limit)]


def _paragraph_bounds(body: str, limit: int | None = None) -> list[tuple[int, int]]:
    """paragraphs() as (start, end) pairs: split_sentences needs no Span objects for them."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for brk in _PARAGRAPH_BREAK.finditer(body):
        first, last = _trimmed(body, start, brk.start())
        if first < last:
            bounds.append((first, last))
        start = brk.end()
        if limit is not None and len(bounds) >= limit:
            return bounds
    first, last = _trimmed(body, start, len(body))
    if first < last:
        bounds.append((first, last))
    return bounds[:limit]


def split_sentences(body: str) -> list[Sentence]:
    """The body's sentences in reading order, each with its offsets and paragraph index.

    Every sentence's text equals body[span.start:span.end] and carries no surrounding white
    space. Furniture is not marked here (see core.cleaning.segment).
    """
    sentences: list[Sentence] = []
    keys = tuple(key for key in _FURNITURE_KEYS if key in body)
    for number, (para_start, para_end) in enumerate(_paragraph_bounds(body)):
        start = para_start
        for cut in _cuts(body, para_start, para_end, keys):
            # _trimmed inlined: this runs once per sentence, and the stripped piece is the text
            piece = body[start:cut]
            stripped = piece.lstrip()
            text = stripped.rstrip()
            if text:
                first = start + len(piece) - len(stripped)
                sentences.append(Sentence(len(sentences), Span(first, first + len(text)), text, number))
            start = cut
    return sentences


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """body[start:end] without its surrounding white space, as offsets (equal when empty)."""
    piece = body[start:end]
    stripped = piece.lstrip()
    first = start + len(piece) - len(stripped)
    return first, first + len(stripped.rstrip())


def _cuts(body: str, start: int, end: int, keys: tuple[str, ...]) -> list[int]:
    """Offsets that end the sentences of body[start:end], the paragraph's end included.

    `keys` are the furniture keys present somewhere in the body (usually none).
    """
    cuts = _boundaries(body, start, end)
    extra = False  # _boundaries gives increasing offsets below `end`: only added cuts need sorting
    if keys and any(body.find(key, start, end) >= 0 for key in keys):
        cuts.extend(_furniture_cuts(body, start, end))
        extra = True
    if body.find("\n", start, end) >= 0:
        cuts.extend(_line_cuts(body, start, end))
        extra = True
    cuts.append(end)
    return sorted(set(cuts)) if extra else cuts


def _boundaries(body: str, start: int, end: int) -> list[int]:
    """Offsets where a sentence ends inside body[start:end] (the end itself excluded)."""
    cuts: list[int] = []
    sentence_start = start
    match = _CANDIDATE_NEXT.match(body, start, end)
    while match:
        after = match.end(1)
        if after >= end:
            break
        # a mark with no space after it is inside a token ("4.7", "U.S.-led", "e.g.,")
        spaced = body[after].isspace() or body[after - 1] in _CJK_STOPS
        if spaced and _ends_sentence(body, match, sentence_start, end):
            cuts.append(after)
            sentence_start = after
        match = _CANDIDATE_NEXT.match(body, after, end)
    return cuts


def _line_cuts(body: str, start: int, end: int) -> Iterator[int]:
    """Single line breaks inside body[start:end] that end a sentence (see _LINE_BREAK)."""
    line_start = start
    for match in _LINE_BREAK.finditer(body, start, end):
        after = match.end()
        short = match.start() - line_start < _SHORT_LINE
        if _LIST_START.match(body, after, end) or short and not body[after].islower():
            yield match.start()
        line_start = after


def _ends_sentence(body: str, match: re.Match[str], sentence_start: int, end: int) -> bool:
    """Whether the terminal marks caught by `match` (of _CANDIDATE_NEXT) end a sentence (see the module docstring)."""
    word = match.group(2)
    if not word:
        # after the marks comes punctuation such as a dash: a sentence rarely starts so
        return match.end() >= end
    if word[0].islower():
        return False
    mark_start, mark_end = match.span(1)
    text = match.group(1)
    if text[-1] in _QUOTE_CLOSERS and _ATTRIBUTION.match(body, mark_end, end):
        return False
    if text != ".":
        if text[0] != "." or text.startswith("..") or text.rstrip(_CLOSERS) != ".":
            return True  # ! ? … and runs of marks end sentences before a capital
        if text[-1] in _QUOTE_CLOSERS:
            return True  # 'called it "reckless." The council ...'
    token_start = max(sentence_start, mark_start - _PREVIOUS_WINDOW)
    before = body[token_start:mark_start]
    token = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
    # The common case first, as _dot_ends_sentence decides it: an ordinary word that is no roman
    # numeral ends the sentence wherever it stands, so `at_start` need not be worked out.
    low = token.lstrip(_OPENERS).lower()
    if not low or len(low) > 1 and low.isalpha() and low not in _ABBREVIATIONS and not _is_roman(low):
        return True
    prefix = before[:len(before) - len(token)]
    at_start = not prefix.strip() or prefix.rstrip(" \t").endswith("\n")  # "1." opening a line
    return _dot_ends_sentence(token.lstrip(_OPENERS), word, at_start)


def _dot_ends_sentence(token: str, word: str, at_start: bool) -> bool:
    """Whether "token." ends a sentence when `word` (capitalised or a number) follows."""
    low = token.lower()
    if not low or len(low) > 1 and low.isalpha() and low not in _ABBREVIATIONS and not (at_start and _is_roman(low)):
        return True  # an ordinary word: the common case, decided before the rules below
    opener = _APOSTROPHE.split(word, 1)[0].rstrip(".").lower() in _OPENER_WORDS
    if at_start and (low.isdigit() and len(low) <= 3 or len(low) == 1 or _is_roman(low)):
        return False  # a list marker: "1. First item", "b. Second"
    if low in _BEFORE_NUMBER:
        # "No. 10" but "He said no. Council members agreed."
        return not word[0].isdigit() and (low in ("no", "nos") or opener)
    dotted = "." in low and not _has_digit(low)
    if word[0].isdigit():
        return not (dotted or low in _MONTHS or low in _NEVER_END)  # "Jan. 17", "H.R. 1234"
    if low in _NEVER_END:
        return False
    if low in _CLOCK:
        return word.rstrip(".,").lower() not in _TIME_FOLLOWERS
    if low in _NAME_ENDS:
        return True
    capitalised = token[:1].isupper()
    if capitalised and (low in _TITLES or low in _MONTHS or low.rsplit("-", 1)[-1] in _STATES):
        return opener  # "Elm St. It was cold." but "Gen. Harlow Vance"
    if len(low) == 1 and token.islower():
        return True  # a unit after a number: "rose 2.9 m. Roads closed"
    if len(low) == 1 and low.isalpha() or dotted:
        return opener  # initials "J. R. Halloran", acronyms "U.S.", "D.C."
    return True


def _is_roman(low: str) -> bool:
    return len(low) <= 4 and not low.strip("ivx")


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def _furniture_cuts(body: str, start: int, end: int) -> Iterator[int]:
    """Offsets that cut page furniture off the real text around it."""
    for match in _CREDIT_START.finditer(body, start, end):
        yield match.start()
    for match in _CREDIT_END.finditer(body, start, end):
        yield match.end()
    for match in _AD_MARKER.finditer(body, start, end):
        if _alone_between_sentences(body, match, start, end):
            yield match.start()
            yield match.end()


def _alone_between_sentences(body: str, match: re.Match[str], start: int, end: int) -> bool:
    """An advertisement marker stands alone when a sentence ends before it and one starts after."""
    before = body[max(start, match.start() - 3):match.start()].rstrip()
    after = _NEXT.match(body, match.end(), end)
    ends_before = not before or before[-1] in ".!?…" + _CLOSERS
    starts_after = after.end() >= end or bool(after.group(2)) and not after.group(2)[0].islower()
    return ends_before and starts_after
