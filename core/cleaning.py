"""Page furniture: the lines a web page or wire feed adds around an article.

Furniture is MARKED, never deleted: each Sentence keeps its place and offsets and gets a
`furniture` kind, so views can dim it and the comparison can skip it.

    sentences = segment(body)                      # split + mark in one call
    real = [s for s in sentences if not s.furniture]
    skip = dateline_span(body)                     # "LONDON (Reuters) -" before the lead

The rules, each general (generic furniture vocabulary, no text of any one article):
  photo_credit   a line opening with a credit ("File Photo by ...", "Photo: ...", "(Photo by
                 ... / AFP)", "Image copyright ..."), holding "| License Photo", or a short line
                 ending in a picture agency ("... /Getty Images"); and the caption sentence that
                 shares its paragraph with a credit, except in the article's first paragraph
                 (wire pages print the lead there, above the picture)
  advertisement  a line that is only "Advertisement", "Story continues below advertisement" ...
  related        a line opening with "RELATED", "Related:", "Read more", "See also", "MORE:" ...
  share_prompt   "Share this story", "Subscribe to ...", "Sign up for ...", "Follow us on ...",
                 "Click here ...", a row of social networks ("Facebook | X | Email"), a short
                 line asking to sign up for a newsletter or podcast; short lines in the same
                 paragraph ("Enjoying our journalism?") go with them
  byline         "By Jane Roe", "By Jane Roe and John Doe, Reuters", "Reporting by ..."
  dateline       a line that is only a dateline (see dateline_span; a dateline that opens the
                 lead sentence leaves the sentence unmarked: its text is real)
  subheading     a paragraph of one short line, starting with a capital, with no final stop,
                 not a quote or a list item, with article text both before and after it
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from core.model import Sentence, Span
from core.sentences import paragraphs, split_sentences

FURNITURE_KINDS = ("photo_credit", "advertisement", "related", "share_prompt", "subheading", "byline", "dateline")

# --- one anchored pattern per line kind (matched at a sentence's start) -------------------------
_PICTURE = r"(?:Photo(?:graph)?|Picture|Image|Pic)s?"
_LINE = re.compile(
    r"(?P<photo_credit>(?i:"
    rf"(?:\(\s*)?(?:File\s+)?{_PICTURE}\s+(?:by|courtesy\s+of)\s+\S"
    rf"|(?:\(\s*)?{_PICTURE}(?:\s+credit)?\s*:\s*\S"
    r"|\(\s*AP\s+Photo\b"
    r"|(?:Image|Media)\s+(?:copyright|caption|source)\b"
    r"|credits?\s*:\s*\S"
    r"))"
    r"|(?P<advertisement>(?i:"
    r"(?:story\s+continues\s+below\s+(?:this\s+|the\s+)?advertisement|advertisement|sponsored\s+content"
    r"|continue\s+reading\s+(?:the\s+)?(?:main\s+)?story(?:\s+below)?)[\s.:]*$"
    r"))"
    r"|(?P<related>"
    r"RELATED\b|READ\s+MORE\b|SEE\s+ALSO\b|ALSO\s+READ\b|READ\s+ALSO\b|MORE\s*:"
    r"|(?i:(?:related(?:\s+(?:stories|articles|coverage|content|reading))?|read\s+more|read\s+also|also\s+read"
    r"|see\s+also|more\s+on\s+this\s+story|recommended|watch|listen)\s*:)"
    r"|Read\s+more\b|See\s+also\b"
    r")"
    r"|(?P<share_prompt>(?i:"
    r"share\s+this\s+(?:story|article|post|page|video|gallery)\b"
    r"|share\s+on\s+(?:facebook|twitter|x|whatsapp|linkedin)\b"
    r"|\(?subscribe\b|\(?sign\s+up\b|follow\s+us\s+(?:on|at|for)\b|like\s+us\s+on\b|join\s+us\s+on\b"
    r"|click\s+here\b"
    r"|download\s+(?:our|the)\s+(?:\w+\s+){0,3}app\b|get\s+(?:our|the)\s+(?:\w+\s+){0,4}newsletter\b"
    r"|(?:facebook|twitter|x|whatsapp|e-?mail|linkedin|reddit|messenger)(?:\s*[|·,/]\s*"
    r"(?:facebook|twitter|x|whatsapp|e-?mail|linkedin|reddit|messenger|copy\s+link))+\s*$"
    r"))"
    r"|(?P<byline>By\s+[A-Z]|\(?(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\s+[A-Z])"
)
# Every branch of _LINE starts with one of these (lower-cased): a cheap gate, as the pattern
# itself costs more than the rest of the marking for the many sentences it cannot match.
_LINE_PREFIXES = (
    "(", "file", "photo", "picture", "image", "pic", "media", "credit", "story", "advertisement", "sponsored",
    "continue", "related", "read", "see", "also", "more", "recommended", "watch", "listen", "share",
    "subscribe", "sign", "follow", "like", "join", "click", "download", "get", "facebook", "twitter", "x",
    "whatsapp", "email", "e-mail", "linkedin", "reddit", "messenger", "by", "reporting", "writing", "editing",
    "additional",
)
_PREFIXES_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _prefix in _LINE_PREFIXES:
    _PREFIXES_BY_INITIAL[_prefix[0]] = _PREFIXES_BY_INITIAL.get(_prefix[0], ()) + (_prefix,)
# Whole-line checks that are not anchored at the start.
_LICENSE_PHOTO = re.compile(r"\|\s*License\s+Photo\b")
_AGENCY_TAIL = re.compile(
    r"(?:^|[/|]\s*|\bvia\s+|\(\s*)"
    r"(?:Getty(?:\s+Images)?|Shutterstock|Alamy|iStock(?:photo)?|WireImage|AP\s+Photo|PA\s+(?:Wire|Media)|EPA(?:-EFE)?)"
    r"[\s)\].]*$"
)
# Prompts that may stand anywhere in a short line ("For more, sign up for our newsletter.").
_PROMPT_INSIDE = re.compile(
    r"(?i)\bclick\s+here\b|\b(?:sign\s+up|subscribe)\b[^.!?]{0,80}\b(?:newsletter|podcast|briefing|inbox|alerts)\b"
)
_MAX_PROMPT_WORDS = 30
_MAX_LINE_CHARS = 400
_AGENCY_KEYS = ("getty", "shutterstock", "alamy", "istock", "wireimage", "ap photo", "pa wire", "pa media", "epa")
_PROMPT_KEYS = ("click here", "sign up", "subscribe")
_ALL_KEYS = ("license photo",) + _AGENCY_KEYS + _PROMPT_KEYS
_TERMINAL_END = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")
_QUOTE_START = re.compile(r"[\"'“‘«„]")
_LIST_ITEM = re.compile(r"(?:\(?\d{1,3}[.)]|[-*•–—])\s")

# Limits, in words, that keep the rules to lines (a real sentence is longer).
_MAX_BYLINE_WORDS = 15
_MAX_SIGNOFF_WORDS = 40
_MAX_CREDIT_LINE_WORDS = 12
_MAX_CAPTION_WORDS = 30
_MAX_SUBHEADING_WORDS = 14
_MAX_SUBHEADING_CHARS = 110
_MAX_TAG_ALONG_WORDS = 6  # "Enjoying our journalism?" beside a subscribe prompt

# --- datelines ----------------------------------------------------------------------------------
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"(?:"
    r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})"          # SALTMERE, NEW YORK, ST. LOUIS
    r"(?:,\s+[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+)?(?=,|\s*\(|\s+[-–—]))?"     # , Ukraine / , Calif.
    r")?"
    rf"(?P<date>,?\s*{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"              # , March 6 / Jan. 17
    r"(?P<agency>\s*\([A-Z][^()\n]{0,40}\))?"                              # (Reuters)
    r"\s*(?:--|—|–|-(?=\s|$))"                                             # the dash
    r"(?=\s*$|\s+[\"“‘(]?[A-Z0-9])"                                        # then the lead, or nothing
)
_DATELINE_PARAGRAPHS = 4   # a dateline opens one of the first paragraphs ...
_DATELINE_WINDOW = 1000    # ... near the top of the body


def segment(body: str) -> list[Sentence]:
    """The body's sentences (core.sentences.split_sentences) with their furniture marked."""
    return mark_furniture(body, split_sentences(body))


@lru_cache(maxsize=4)  # core.analysis asks for it right after segment() did, for the same body
def dateline_span(body: str) -> Span | None:
    """The dateline opening a paragraph near the top ("Jan. 17 (UPI) --"), or None.

    The span covers the place, date, agency and dash, not the text after them (that is the
    lead sentence, real article text). A capitalised place alone needs a dash after it
    ("WASHINGTON —"); a bare date needs an agency ("Jan. 17 (UPI) --").
    """
    for para in paragraphs(body, limit=_DATELINE_PARAGRAPHS):
        if para.start > _DATELINE_WINDOW:
            break
        match = _DATELINE.match(body, para.start, para.end)
        if match and (match["place"] or match["agency"]):
            return Span(match.start(), match.end())
    return None


def mark_furniture(body: str, sentences: list[Sentence]) -> list[Sentence]:
    """The same sentences, with `furniture` set on page furniture (kinds: FURNITURE_KINDS).

    Sentences must come from split_sentences(body) (or keep its order and paragraphs).
    """
    lows = [sentence.text.lower() for sentence in sentences]
    holding = _holding_keys(lows)
    kinds = []
    for n, (sentence, low) in enumerate(zip(sentences, lows)):
        prefixes = _PREFIXES_BY_INITIAL.get(low[:1])
        if n in holding or prefixes and low.startswith(prefixes):
            kinds.append(_line_kind(sentence.text, low, n in holding))
        else:
            kinds.append("")  # no line prefix and no substring key: what _line_kind says, without the call
    groups = _paragraph_groups(sentences)
    first_paragraph = sentences[0].paragraph if sentences else 0
    if any(kinds):  # captions and tag-alongs go with a marked line: none, nothing to do
        for members in groups:
            _mark_captions(sentences, kinds, members, first_paragraph)
            _mark_tag_alongs(sentences, kinds, members)
    _mark_subheadings(sentences, kinds, groups)
    _mark_dateline(body, sentences, kinds)
    return [
        sentence if kind == sentence.furniture else Sentence(sentence.index, sentence.span, sentence.text, sentence.paragraph, kind)
        for sentence, kind in zip(sentences, kinds)
    ]


def _holding_keys(lows: list[str]) -> set[int]:
    """Indices of the lower-cased sentences that hold one of _line_kind's substring keys.

    One search per key in all the sentences joined (a key holds no line break, so none spans two)
    replaces a dozen substring tests per sentence; most sentences hold no key.
    """
    starts, at = [], 0
    for low in lows:
        starts.append(at)
        at += len(low) + 1
    joined = "\n".join(lows)
    found: set[int] = set()
    for key in _ALL_KEYS:
        at = joined.find(key)
        while at >= 0:
            found.add(bisect_right(starts, at) - 1)
            at = joined.find(key, at + 1)
    return found


def _line_kind(text: str, low: str | None = None, keys: bool = True) -> str:
    """The furniture kind a sentence has on its own, or "".

    `low` is text.lower() when the caller has it; `keys` False says the text holds none of the
    substring keys (_ALL_KEYS), so the tests that need one are skipped.
    """
    if low is None:
        low = text.lower()
    # the prefixes that start with this letter: a tuple of 44 costs more than the rest of the test
    prefixes = _PREFIXES_BY_INITIAL.get(low[:1])
    match = _LINE.match(text) if prefixes and low.startswith(prefixes) else None
    kind = match.lastgroup if match else ""
    if kind == "byline" and not _is_byline(text):
        kind = ""
    if kind or len(text) > _MAX_LINE_CHARS or not keys:
        return kind or ""
    # Substring tests first: searching every sentence with the patterns would cost more
    # than the whole sentence split.
    words = low.count(" ") + 1
    if "license photo" in low and _LICENSE_PHOTO.search(text):
        return "photo_credit"
    if words <= _MAX_CREDIT_LINE_WORDS and any(key in low for key in _AGENCY_KEYS) and _AGENCY_TAIL.search(text):
        return "photo_credit"
    if words <= _MAX_PROMPT_WORDS and any(key in low for key in _PROMPT_KEYS) and _PROMPT_INSIDE.search(text):
        return "share_prompt"
    return ""


def _is_byline(text: str) -> bool:
    """A credit line: "By Jane Roe, Reuters" or "(Reporting by ...; Editing by ...)".

    "By Tuesday evening the water had gone." is a sentence: a "By" byline is short, names
    two capitalised words (or is at most four words, "By Reuters") and has no final stop
    unless a name's abbreviation ends it ("By John Roe Jr.").
    """
    words = text.split()
    if not text.startswith("By"):
        return len(words) <= _MAX_SIGNOFF_WORDS
    if len(words) > _MAX_BYLINE_WORDS or text.endswith(("!", "?")):
        return False
    if text.endswith(".") and not words[-1][:1].isupper():
        return False
    return len(words) <= 4 or words[2][:1].isupper()


def _paragraph_groups(sentences: list[Sentence]) -> list[list[int]]:
    """Indices of the sentences, grouped by paragraph, in order."""
    groups: list[list[int]] = []
    for position, sentence in enumerate(sentences):
        if position and sentence.paragraph == sentences[position - 1].paragraph:
            groups[-1].append(position)
        else:
            groups.append([position])
    return groups


def _mark_captions(sentences: list[Sentence], kinds: list[str], members: list[int], first_paragraph: int) -> None:
    """A short sentence that shares its paragraph only with a photo credit is its caption."""
    if sentences[members[0]].paragraph == first_paragraph or len(members) != 2:
        return
    caption, credit = members
    if kinds[credit] == "photo_credit" and not kinds[caption]:
        if len(sentences[caption].text.split()) <= _MAX_CAPTION_WORDS:
            kinds[caption] = "photo_credit"


def _mark_tag_alongs(sentences: list[Sentence], kinds: list[str], members: list[int]) -> None:
    """Short unmarked lines in a paragraph of share prompts or related links take that kind."""
    found = {kinds[i] for i in members} - {""}
    if len(found) != 1 or not found <= {"share_prompt", "related"}:
        return
    (kind,) = found
    loose = [i for i in members if not kinds[i]]
    if loose and all(len(sentences[i].text.split()) <= _MAX_TAG_ALONG_WORDS for i in loose):
        for i in loose:
            kinds[i] = kind


def _mark_subheadings(sentences: list[Sentence], kinds: list[str], groups: list[list[int]]) -> None:
    """One-line paragraphs without a final stop, between paragraphs of article text."""
    candidates = {n for n, members in enumerate(groups) if _looks_like_heading(sentences, kinds, members)}
    if not candidates:
        return
    text_groups = [n for n, members in enumerate(groups) if n not in candidates and any(not kinds[i] for i in members)]
    if not text_groups:
        return
    for n in candidates:
        if text_groups[0] < n < text_groups[-1]:
            kinds[groups[n][0]] = "subheading"


def _looks_like_heading(sentences: list[Sentence], kinds: list[str], members: list[int]) -> bool:
    if len(members) != 1 or kinds[members[0]]:
        return False
    text = sentences[members[0]].text
    return (
        text[:1].isupper()
        and len(text) <= _MAX_SUBHEADING_CHARS
        and len(text.split()) <= _MAX_SUBHEADING_WORDS
        and not _TERMINAL_END.search(text)
        and not _QUOTE_START.match(text)
        and not _LIST_ITEM.match(text)
    )


def _mark_dateline(body: str, sentences: list[Sentence], kinds: list[str]) -> None:
    """A sentence that is nothing but the dateline is furniture; one that goes on is text."""
    span = dateline_span(body)
    if span is None:
        return
    for position, sentence in enumerate(sentences):
        if sentence.span.start >= span.start and sentence.span.end <= span.end and not kinds[position]:
            kinds[position] = "dateline"
        if sentence.span.start > span.end:
            break
