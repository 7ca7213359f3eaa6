"""Direct quotes in an article body, each with its speaker, cue verb and relaying outlet.

Passes, after GenderGapTracker's quote extractor (sfu-discourse-lab/GenderGapTracker): pair the quote marks
paragraph by paragraph (straight, curly, guillemets by their neighbours; single marks only where they cannot
be apostrophes: "'90s", "rock 'n' roll", "other's"), join a quote split around its attribution ("Part one,"
he said. "Part two.") and a quote carried over paragraphs (the opening mark repeated, no closing one); read
the frame beside each quote ("Cleverly said", "said the mayor", "according to X", "reported Sky News") and
resolve its subject in the whole article (core.speakers, core.coreference). A paragraph opening in quotes
right after an attributed quote inherits its speaker ("floating" quote); so does a fragment in the same
sentence as a quote.

Choices, so every caller reads the fields alike:
- spans cover the words between the marks without surrounding spaces; punctuation inside the marks stays
  ("... for nearly 80 years,"). `text` joins the parts with one space.
- `speaker` is the name as the article gives it most fully ("James Cleverly" for "Cleverly", the person for
  "the mayor" when the article said who the mayor is); an organisation or an unnamed source is kept as
  written minus a leading "the" ("British government", "a council spokesman").
- `speaker_span` is where that name was found: the subject beside the quote, or for "he"/"the mayor" the
  earlier mention the pronoun or role stands for; for a floating quote, the previous quote's.
- `cue` is the verb as written ("said", "told", "according to"); ":" for `Name: "..."`, "—" for a dash
  attribution, "" for a floating quote.
- `relay` is an outlet the words came through ("Sky News reported", "told Radio Saltmere"); outlets are
  never speakers.
- a missing closing mark ends the quote at its paragraph end (`unbalanced`), or at the comma before an
  attribution that slipped inside it; scare quotes around one word, titles of works and short unattributed
  fragments are not quotes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.coreference import Resolver, Speaker
from core.model import Quote, Span
from core.speakers import (ABBREVIATIONS, CUE_RE, SPEECH_CUES, UPPER, Frame, Mention, frames_in, is_capital, is_outlet,
                           name_mention, strip_article, tokenize)

_DOUBLE_MARKS = '"“”„«»'
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_SINGLE_MARK = re.compile(r"['‘]")
_SINGLE_CLOSE = re.compile(r"(?<=\S)['’](?![^\W_])")
_ELISION = re.compile(r"(?:\d0s?|n['’]|em|til|tis|twas|cause|bout|cos|round|s)(?![^\W_])", re.IGNORECASE)
_CONTINUED = re.compile(r'[“„«"](?=\S)')
_BOUNDARY = re.compile(rf"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]*[{UPPER}0-9])")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_HAS_WORD = re.compile(r"[^\W_]")
_OPEN_AFTER = frozenset("([{<—–-/:;'‘’\"“„«")
_CLOSE_BEFORE = frozenset(".,;:!?)]}>…—–-/'’‘\"”»")
_TERMINAL = frozenset(".!?:;\"”’')…")
_SMALL_WORDS = frozenset("a an the of and or in on at to for by with from".split())
_CLAUSE_WORDS = frozenset("that which who when while as and but or if because so then he she they it we i the a an "
                          "this these those there".split())
_DASH_NAME = re.compile(rf"\s*[-—–]+\s*((?:[{UPPER}][\w'’.-]*\s*){{1,4}})\.?\s*$")
_WINDOW = 320          # an attribution frame sits within a few words of its quote
_MAX_GAP = 150         # characters: "Part one," <an attribution no longer than this> "Part two."
_MAX_LEAD_TOKENS = 12  # Smith said on Tuesday in a statement to reporters: "..."
_NEAR = 90             # characters after a quote read first for its frame
_LEAD_WINDOW = 240     # characters before a quote searched for its frame


@dataclass
class _Part:
    open: int    # the opening mark
    start: int   # first character of the words
    end: int     # just after the last character of the words
    close: int   # the closing mark, -1 when the paragraph ended first
    block: int


@dataclass
class _Raw:
    parts: list[_Part] = field(default_factory=list)
    unbalanced: bool = False
    partial: bool = False
    lead: int = 0     # start of the sentence before the first mark
    trail: int = 0    # end of the attribution room after the last mark


@dataclass
class _Found:
    """What the frames beside one quote said."""

    speaker: Speaker | None = None
    cue: str = ""
    relay: str = ""
    framed: bool = False


def find_quotes(body: str, exclude: Sequence[Span] = ()) -> list[Quote]:
    """Direct quotes of `body` in reading order, with speaker, role, cue, relay, partial and unbalanced.

    `exclude` are furniture spans (sub-headings, captions): no quote starts inside them and no speaker is
    taken from them.
    """
    if not body or not any(mark in body for mark in _DOUBLE_MARKS) and "'" not in body and "‘" not in body:
        return []
    blocks = _blocks(body, sorted((s for s in exclude if s.end > s.start), key=lambda s: s.start))
    raws = _pair_doubles(body, blocks)
    raws = _dedupe(raws + _pair_singles(body, blocks, raws))
    for raw in raws:
        if raw.unbalanced:
            _trim_unclosed(body, raw)
    sentences = _Sentences(body, blocks)
    for n in range(len(raws)):
        _measure(body, sentences, raws, n)
    art = _Article(body, sentences, raws, exclude)
    art.raws = _merge_split(art)
    return _attribute_all(art)


# --- paragraphs ---------------------------------------------------------------------------------------------

def _blocks(body: str, exclude: list[Span]) -> list[tuple[int, int]]:
    """Non-blank lines with excluded spans cut out, as (start, end) without surrounding spaces."""
    if not exclude:
        return [m.span() for m in _LINE.finditer(body)]
    blocks, pos = [], 0
    for line in body.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        for piece_lo, piece_hi in _cut(lo, hi, exclude):
            while piece_lo < piece_hi and body[piece_lo].isspace():
                piece_lo += 1
            while piece_hi > piece_lo and body[piece_hi - 1].isspace():
                piece_hi -= 1
            if piece_hi > piece_lo:
                blocks.append((piece_lo, piece_hi))
    return blocks


def _cut(lo: int, hi: int, exclude: list[Span]) -> list[tuple[int, int]]:
    pieces = [(lo, hi)]
    for span in exclude:
        if span.start >= hi:
            break
        if span.end <= lo:
            continue
        pieces = [p for a, b in pieces for p in ((a, min(b, span.start)), (max(a, span.end), b)) if p[1] > p[0]]
    return pieces


def _heading_like(body: str, lo: int, hi: int) -> bool:
    """A short line without end punctuation: a sub-heading, "Advertisement", a share prompt."""
    return hi - lo < 90 and body[hi - 1] not in _TERMINAL and body.count(" ", lo, hi) < 12


# --- pairing the marks --------------------------------------------------------------------------------------

def _double_opens(body: str, i: int, lo: int, hi: int, inside: bool) -> bool:
    """Whether the double mark at i opens a quote, judged by its neighbours first and its shape second."""
    prev = body[i - 1] if i > lo else " "
    nxt = body[i + 1] if i + 1 < hi else " "
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_AFTER)
    can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_BEFORE)
    if can_open != can_close:
        return can_open
    if body[i] in "“„«":
        return True
    if body[i] in "”»":
        return False
    return not inside


def _make_part(body: str, mark: int, end: int, close: int, block: int) -> _Part | None:
    start = mark + 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if not _HAS_WORD.search(body, start, end):
        return None
    return _Part(mark, start, end, close, block)


def _pair_doubles(body: str, blocks: list[tuple[int, int]]) -> list[_Raw]:
    """Pairs double marks with a stack per paragraph; an open quote continues when the next paragraph
    starts with an opening mark, else it is unbalanced and stops at the paragraph end."""
    raws: list[_Raw] = []
    carry: _Raw | None = None
    marks = _double_marks(body)
    k = 0
    for b, (lo, hi) in enumerate(blocks):
        while k < len(marks) and marks[k] < lo:
            k += 1  # inside an excluded span
        if carry is None and (k == len(marks) or marks[k] >= hi):
            continue
        cont, carry = carry, None
        stack: list[int] = []
        while k < len(marks) and marks[k] < hi:
            i = marks[k]
            k += 1
            if _double_opens(body, i, lo, hi, bool(stack)):
                if len(stack) < 16:
                    stack.append(i)
            elif stack:
                mark = stack.pop()
                if not stack:
                    raw = cont if cont is not None and mark == lo else _Raw()
                    cont = None if raw is cont else cont
                    _add_part(raws, raw, _make_part(body, mark, i, i, b))
        if stack:
            raw = cont if cont is not None and stack[0] == lo else _Raw()
            cont = None if raw is cont else cont
            part = _make_part(body, stack[0], hi, -1, b)
            if part is not None:
                raw.parts.append(part)
            if raw.parts and b + 1 < len(blocks) and _CONTINUED.match(body, blocks[b + 1][0]):
                carry = raw
            elif raw.parts:
                raw.unbalanced = True
                raws.append(raw)
        if cont is not None and cont.parts:
            cont.unbalanced = True
            raws.append(cont)
    if carry is not None:
        carry.unbalanced = True
        raws.append(carry)
    return raws


def _double_marks(body: str) -> list[int]:
    """Offsets of the double marks (_DOUBLE_MARKS), in order: one str.find per mark and occurrence is several
    times faster than a character-set pattern, which tests every position of the body."""
    marks: list[int] = []
    for mark in _DOUBLE_MARKS:
        at = body.find(mark)
        while at >= 0:
            marks.append(at)
            at = body.find(mark, at + 1)
    marks.sort()
    return marks


def _add_part(raws: list[_Raw], raw: _Raw, part: _Part | None) -> None:
    if part is not None:
        raw.parts.append(part)
    if raw.parts:
        raws.append(raw)


def _pair_singles(body: str, blocks: list[tuple[int, int]], doubles: list[_Raw]) -> list[_Raw]:
    """‘Single’ quotes outside double ones; an opener needs a closer in its paragraph, apostrophes never pair."""
    taken = sorted((p.open, p.close if p.close >= 0 else p.end) for r in doubles for p in r.parts)
    starts = [a for a, _ in taken]

    def inside(i: int) -> bool:
        n = bisect_right(starts, i) - 1
        return n >= 0 and taken[n][0] <= i <= taken[n][1]

    raws = []
    for b, (lo, hi) in enumerate(blocks):
        if body.find("'", lo, hi) < 0 and body.find("‘", lo, hi) < 0:
            continue
        pos = lo
        for m in _SINGLE_MARK.finditer(body, lo, hi):
            i = m.start()
            if i < pos or not _single_opens(body, i, lo, hi) or inside(i) or _ELISION.match(body, i + 1):
                continue
            close = _single_close(body, i, hi, inside)
            if close < 0:
                continue
            part = _make_part(body, i, close, close, b)
            if part is not None:
                raws.append(_Raw([part]))
            pos = close + 1
    return raws


def _single_opens(body: str, i: int, lo: int, hi: int) -> bool:
    """‘ or ' opens only after a space or bracket and before a letter: never inside "don't" or "U.K.'s"."""
    prev = body[i - 1] if i > lo else " "
    return i + 1 < hi and body[i + 1].isalnum() and (prev.isspace() or prev in "([{—–/-\"“")


def _single_close(body: str, i: int, hi: int, inside) -> int:
    """The first closer that cannot be a plural possessive ("the teachers’ union"), else the first at all."""
    weak = -1
    for m in _SINGLE_CLOSE.finditer(body, i + 2, hi):
        c = m.start()
        if inside(c):
            continue
        nxt = body[c + 1] if c + 1 < hi else " "
        if body[c - 1] in "sS" and nxt.isspace():
            weak = c if weak < 0 else weak
            continue
        return c
    return weak


def _trim_unclosed(body: str, raw: _Raw) -> None:
    """`"... nobody is offering me a penny, Pryce said.` lost its closing mark before the attribution: end the
    quote at the comma and leave the attribution outside it, where it is read as a frame."""
    last = raw.parts[-1]
    if last.close >= 0:
        return
    comma = body.rfind(",", max(last.start, last.end - 90), last.end)
    words = body[comma + 1:last.end].rstrip(".!?").split() if comma > last.start else []
    if 2 <= len(words) <= 9 and any(w in SPEECH_CUES for w in words[1:]) and not any(c in body[comma:last.end]
                                                                                  for c in ";:!?"):
        last.end = last.close = comma + 1


def _dedupe(raws: list[_Raw]) -> list[_Raw]:
    raws.sort(key=lambda r: r.parts[0].open)
    kept: list[_Raw] = []
    for raw in raws:
        if kept and raw.parts[0].open < max(p.end for p in kept[-1].parts):
            continue
        kept.append(raw)
    return kept


# --- sentence room around a quote ---------------------------------------------------------------------------

def _abbreviation_before(body: str, dot: int) -> bool:
    if body[dot] != ".":
        return False
    word = body[max(0, dot - 12):dot].rsplit(None, 1)[-1:] or [""]
    word = word[0].lstrip("(\"“‘'")
    return word.lower() in ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper())


class _Sentences:
    """Sentence ends per paragraph, found once: (punctuation position, start of the next sentence)."""

    def __init__(self, body: str, blocks: list[tuple[int, int]]) -> None:
        self.body = body
        self.blocks = blocks
        self._ends: dict[int, tuple[list[int], list[int]]] = {}

    def _of(self, block: int) -> tuple[list[int], list[int]]:
        if block not in self._ends:
            lo, hi = self.blocks[block]
            found = [(m.start(), m.end()) for m in _BOUNDARY.finditer(self.body, lo, min(len(self.body), hi + 4))
                     if m.end() <= hi and not _abbreviation_before(self.body, m.start())]
            self._ends[block] = ([a for a, _ in found], [b for _, b in found])
        return self._ends[block]

    def start_before(self, block: int, lo: int, pos: int) -> int:
        """Start of the sentence holding `pos`, not before `lo`."""
        _, nexts = self._of(block)
        n = bisect_right(nexts, pos) - 1
        return max(lo, nexts[n]) if n >= 0 else lo

    def end_after(self, block: int, pos: int, hi: int) -> int:
        """Just after the punctuation ending the sentence at `pos`, or `hi`."""
        marks, nexts = self._of(block)
        n = bisect_left(marks, pos)
        return marks[n] + 1 if n < len(marks) and marks[n] < hi else hi

    def between(self, block: int, lo: int, hi: int) -> bool:
        """Whether a sentence ends in [lo, hi) with the next one starting before `hi`."""
        marks, nexts = self._of(block)
        n = bisect_left(marks, lo)
        return n < len(marks) and nexts[n] < hi


def _measure(body: str, sentences: _Sentences, raws: list[_Raw], n: int) -> None:
    """Sets the sentence start before a quote, the attribution room after it, and whether it is partial."""
    raw = raws[n]
    first, last = raw.parts[0], raw.parts[-1]
    lo = sentences.blocks[first.block][0]
    if n and raws[n - 1].parts[-1].block == first.block:
        lo = max(lo, raws[n - 1].parts[-1].end + 1)
    raw.lead = sentences.start_before(first.block, max(lo, first.open - _LEAD_WINDOW), first.open)
    raw.trail = last.end
    if last.close >= 0:
        hi = sentences.blocks[last.block][1]
        if n + 1 < len(raws) and raws[n + 1].parts[0].block == last.block:
            hi = min(hi, raws[n + 1].parts[0].open)
        raw.trail = sentences.end_after(last.block, last.close + 1, min(hi, last.close + _WINDOW))
    raw.partial = _is_partial(body, raw.lead, first)


def _is_partial(body: str, lead: int, part: _Part) -> bool:
    """A fragment inside a sentence: `push Canada "to go further"`, not `he said, "We will."`."""
    before = body[max(lead, part.open - 40):part.open].rstrip()
    letter = _HAS_WORD.search(body, part.start, part.end)
    lower = letter is not None and letter.group().islower()
    if not before or before[-1] in ".!?…:":
        return False
    if before[-1] in ",;—–-(":
        return lower
    if before.rsplit(None, 1)[-1] in SPEECH_CUES:
        return lower
    return True


# --- the article: frames read once, speakers resolved in reading order ---------------------------------------

class _Article:
    """One body being read: its paragraphs and sentences, the raw quotes, frames read so far, the resolver."""

    def __init__(self, body: str, sentences: _Sentences, raws: list[_Raw], exclude: Sequence[Span]) -> None:
        self.body = body
        self.sentences = sentences
        blocks = self.blocks = sentences.blocks
        self.raws = raws
        self._frames: dict[tuple[int, int], tuple[list, list[Frame]]] = {}
        self.resolver = Resolver(body, *_blocked(body, blocks, raws, exclude))

    def frames(self, lo: int, hi: int) -> tuple[list, list[Frame]]:
        """Tokens and frames of body[lo:hi], read once."""
        key = (lo, hi)
        if key not in self._frames:
            toks = tokenize(self.body, lo, hi) if hi > lo else []
            self._frames[key] = (toks, frames_in(self.body, toks) if toks else [])
        return self._frames[key]

    def after(self, raw: _Raw, whole: bool = False) -> list[tuple[list, list[Frame]]]:
        """Between the parts of a split quote, and after its last part: the first words after it unless
        `whole` (the frame beside a quote is short; the rest of the sentence is read only when needed)."""
        rooms = [self.frames(a.close + 1, b.open) for a, b in zip(raw.parts, raw.parts[1:])
                 if a.close >= 0 and a.block == b.block]
        last = raw.parts[-1]
        if last.close < 0:
            return rooms + [([], [])]
        end = raw.trail if whole else self._near_end(last.close + 1, raw.trail)
        return rooms + [self.frames(last.close + 1, end)]

    def _near_end(self, lo: int, hi: int) -> int:
        if hi - lo <= _NEAR:
            return hi
        space = self.body.rfind(" ", lo, lo + _NEAR)
        return space if space > lo else hi

    def more_after(self, raw: _Raw) -> bool:
        """Whether the sentence after a quote holds a cue past the first words ("..., Sky News reported")."""
        last = raw.parts[-1]
        if last.close < 0:
            return False
        near = self._near_end(last.close + 1, raw.trail)
        return near < raw.trail and CUE_RE.search(self.body, near, raw.trail) is not None

    def lead(self, raw: _Raw) -> tuple[list, list[Frame]]:
        """Before the first mark: read only when a cue or a colon is there. A quote opening its paragraph
        may be introduced by the paragraph before, when that ends with a colon ("..., puts it bluntly:")."""
        first = raw.parts[0]
        lo, hi = raw.lead, first.open
        if lo == hi == self.blocks[first.block][0] and first.block:
            lo, hi = self.blocks[first.block - 1]
            if self.body[hi - 1] != ":":
                return [], []
            lo = self.sentences.start_before(first.block - 1, max(lo, hi - _WINDOW), hi)
        if CUE_RE.search(self.body, lo, hi) is None and ":" not in self.body[lo:hi]:
            return [], []
        return self.frames(lo, hi)


def _blocked(body: str, blocks: list[tuple[int, int]], raws: list[_Raw],
             exclude: Sequence[Span]) -> tuple[list[int], list[int]]:
    """Quote contents, excluded spans and heading-like lines: no antecedent comes from there."""
    spans = [(p.start, p.end) for r in raws for p in r.parts]
    spans += [(s.start, s.end) for s in exclude if s.end > s.start]
    spans += [(lo, hi) for lo, hi in blocks if _heading_like(body, lo, hi)]
    spans.sort()
    starts, ends = [], []
    for lo, hi in spans:
        if ends and lo <= ends[-1]:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)
    return starts, ends


def _adjacent(toks: list, frames: list[Frame]) -> Frame | None:
    """The frame right after a quote: nothing between the closing mark and it but punctuation and a short
    description of the speaker ("Clinton campaign manager Robby Mook wrote")."""
    first_word = next((n for n, t in enumerate(toks) if t[0][:1].isalnum()), None)
    if first_word is None:
        return None
    for frame in frames:
        if frame.evaluative or frame.first < first_word:
            continue
        between = toks[first_word:frame.first]
        if len(between) <= 4 and all(t[0].isalpha() and t[0].lower() not in _CLAUSE_WORDS for t in between):
            return frame
        return None
    return None


# --- split quotes -------------------------------------------------------------------------------------------

def _merge_split(art: _Article) -> list[_Raw]:
    """"Part one," he said. "Part two." -> one quote with two parts."""
    merged: list[_Raw] = []
    for raw in art.raws:
        prev = merged[-1] if merged else None
        if prev is not None and _continues(art, prev, raw):
            prev.parts.extend(raw.parts)
            prev.unbalanced = raw.unbalanced
            prev.trail = raw.trail
            continue
        merged.append(raw)
    return merged


def _continues(art: _Article, prev: _Raw, raw: _Raw) -> bool:
    body = art.body
    end, first = prev.parts[-1], raw.parts[0]
    if end.close < 0 or end.block != first.block or prev.partial or end.close + 200 < first.open:
        return False
    gap_lo, gap_hi = end.close + 1, first.open
    if raw.partial and not body[gap_lo:gap_hi].rstrip().endswith(","):
        return False
    if art.sentences.between(end.block, gap_lo, gap_hi):
        return False
    toks, frames = art.frames(gap_lo, gap_hi)
    # one attribution between the parts: `"I'll look," Caldwell said, while Reyes said: "Ask me."` is two quotes
    speech = [f for f in frames if not f.evaluative]
    if gap_hi - gap_lo > _MAX_GAP or len(speech) != 1 or _adjacent(toks, speech) is None:
        return False
    return _adjacent(*art.after(raw)[-1]) is None


# --- attribution ------------------------------------------------------------------------------------------

def _speaker_frames(art: _Article, raw: _Raw) -> tuple[list[Frame], list[Frame]]:
    """Frames in order of trust for the speaker, and every frame read around the quote (for relays)."""
    rooms = art.after(raw)
    adjacent = [f for f in (_adjacent(*room) for room in rooms) if f is not None]
    settled = not raw.partial and any(not _outlet_subject(f) for f in adjacent)
    if not settled or art.more_after(raw):
        rooms = art.after(raw, whole=True)
        adjacent = [f for f in (_adjacent(*room) for room in rooms) if f is not None]
    every = [f for _, frames in rooms for f in frames]
    if not raw.partial and any(not _outlet_subject(f) for f in adjacent):
        return adjacent, every
    lead_toks, lead = art.lead(raw)
    every += lead
    usable = [f for f in lead if raw.partial or not f.evaluative or lead_toks[-1][0] == ":"]
    if not raw.partial:
        usable = [f for f in usable if len(lead_toks) - 1 - f.last <= _MAX_LEAD_TOKENS]
    trail_toks, trail = rooms[-1]
    final = [f for f in trail if f.first > 0 and trail_toks[f.first - 1][0] == ","
             and len(trail_toks) - 1 - f.last <= 6 and not (f.evaluative and not raw.partial)]
    if not raw.partial:
        return adjacent + usable[::-1] + final, every
    return usable[::-1] + adjacent + final, every


def _colon_speaker(art: _Article, raw: _Raw) -> Mention | None:
    """`Smith: "We will win."` — a name and a colon, no verb."""
    toks, _ = art.lead(raw)
    if not 2 <= len(toks) <= 6 or toks[-1][0] != ":":
        return None
    if not all(is_capital(t[0]) or t[0] == "." for t in toks[:-1]):
        return None
    return name_mention(art.body, [], toks[:-1])


def _outlet_subject(frame: Frame) -> bool:
    subject = frame.subject
    return subject is not None and subject.kind == "name" and is_outlet(subject.name or subject.text)


def _find_speaker(art: _Article, raw: _Raw) -> _Found:
    ordered, every = _speaker_frames(art, raw)
    found = _Found()
    for frame in every:
        outlet = frame.addressee or (_outlet_subject(frame) and strip_article(frame.subject.name))
        if outlet and not found.relay:
            found.relay, found.cue = outlet, frame.cue
    for frame in ordered:
        if _outlet_subject(frame):
            continue
        speaker = art.resolver.resolve(frame.subject, frame.cue_span.start)
        if speaker.outlet:
            continue
        found.speaker, found.cue, found.framed = speaker, frame.cue, True
        found.relay = frame.addressee or found.relay
        return found
    named = _colon_speaker(art, raw) or _dash_speaker(art, raw)
    if named is not None and named.kind == "name" and not is_outlet(named.name):
        found.speaker, found.framed = art.resolver.resolve(named), True
        found.cue = ":" if named.span.end <= raw.parts[0].open else "—"
    return found


def _dash_speaker(art: _Article, raw: _Raw) -> Mention | None:
    """`"I went to Wall Street first." — Clinton.`: a name after a dash closes the paragraph."""
    last = raw.parts[-1]
    if last.close < 0:
        return None
    hi = art.blocks[last.block][1]
    m = _DASH_NAME.match(art.body, last.close + 1, hi)
    if m is None or m.end() != hi:
        return None
    toks = tokenize(art.body, m.start(1), m.end(1))
    return name_mention(art.body, [], [t for t in toks if t[0] != "."] or toks)


def _attribute_all(art: _Article) -> list[Quote]:
    quotes: list[Quote] = []
    prev: tuple[_Raw, Quote] | None = None
    for raw in art.raws:
        found = _find_speaker(art, raw)
        quote = _build(art.body, raw, found)
        if not found.framed and prev is not None and prev[1].speaker and _inherits(art, prev[0], raw):
            cue = prev[1].cue if raw.partial else ""
            quote = Quote(quote.text, quote.span, quote.parts, prev[1].speaker, prev[1].role, cue,
                          prev[1].relay or found.relay, raw.partial, raw.unbalanced, prev[1].speaker_span)
            found.framed = True
        if _keep(quote, found.framed):
            quotes.append(quote)
        prev = (raw, quote)
    return quotes


def _build(body: str, raw: _Raw, found: _Found) -> Quote:
    parts = tuple(Span(p.start, p.end) for p in raw.parts)
    text = " ".join(body[p.start:p.end] for p in parts)
    speaker = found.speaker or Speaker("")
    return Quote(text, parts[0], parts, speaker.name, speaker.role if speaker.name else "", found.cue,
                 found.relay, raw.partial, raw.unbalanced, speaker.span if speaker.name else None)


def _inherits(art: _Article, prev: _Raw, raw: _Raw) -> bool:
    """A quote without a frame of its own that belongs to the previous one's speaker: a fragment in the
    same sentence (`described it as "soft" and said he would be "having words"`), or a floating quote."""
    if raw.partial:
        end, first = prev.parts[-1], raw.parts[0]
        return end.close >= 0 and end.block == first.block and \
            not art.sentences.between(end.block, end.close + 1, first.open + 1)
    return _floats_after(art, prev, raw)


def _floats_after(art: _Article, prev: _Raw, raw: _Raw) -> bool:
    """GenderGapTracker's floating quote: a paragraph opening in quotes right after an attributed quote."""
    first = raw.parts[0]
    if first.open != art.blocks[first.block][0]:
        return False
    prev_block = prev.parts[-1].block
    if _HAS_WORD.search(art.body, prev.trail, art.blocks[prev_block][1]):
        return False
    return all(_heading_like(art.body, *art.blocks[b]) for b in range(prev_block + 1, first.block))


def _keep(quote: Quote, framed: bool) -> bool:
    """Drops scare quotes ("so-called 'experts'"), titles of works and short unattributed fragments."""
    words = quote.text.split(None, 9)
    if quote.partial and (len(words) <= 1 or (len(words) <= 3 and not framed)):
        return False
    return len(words) > 8 or not _title_like(quote.text, words) or (framed and not quote.partial)


def _title_like(text: str, words: list[str]) -> bool:
    words = _WORD.findall(text)
    if not words or len(words) > 8 or any(c in text.rstrip(".,!?") for c in ".!?;:"):
        return False
    return all(is_capital(w) or w.isdigit() or w.lower() in _SMALL_WORDS for w in words) \
        and is_capital(words[0]) and "," not in text.rstrip(",")
