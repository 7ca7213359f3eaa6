"""Who said it, and through whom: speakers of shared quotes, sourcing of quotes and claims, one-sided quotes.

ENGINE §5 makes the speaker (person ids of paired quotes) and the sourcing (who a row is attributed
to: "the British government said" vs "Sky News reported") fact kinds of their own. An outlet a quote
came through ("reported Sky News", "told Radio Saltmere") is a relay, never the speaker.

- Speaker: two sides of one quote credit different people -> "speaker" (high; medium when one side
  credits a body rather than a person). A surname and the full name ("Cleverly" / "James Cleverly")
  and one person spelled two ways are one speaker (the spelling is a name difference elsewhere).
- Sourcing of a quote: one side relays it through an outlet and the other has it direct, or the
  relays differ -> "sourcing" (medium).
- Sourcing of a row: attribution phrases found with core.speakers' frames (X said / X reported /
  according to X / X told Y) on each side; different sources for the same claim -> "sourcing"
  (two different people -> the caller makes it a "speaker" difference).
  A subject we cannot place ("the mayor", "officials") never makes a difference on its own, except
  against an outlet (relayed on one side, direct on the other).
- A quote only one side gives -> "quote_only" (medium), after a look-up of its words in the whole
  other article (a short quote the quote aligner left unpaired is not one-sided).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.model import Difference, QuoteGroup, QuoteSide, Span
from core.normalise import name_key, org_key, place_key, same_person_evidence, text_key
from core.omissions import ArticleFacts, label, missing_side, quoted, span_side
from core.speakers import CUE_RE, SPEECH_CUES, Mention, frames_in, is_organisation, is_outlet, strip_article, tokenize

# Speech cues that name a source of information; "vowed to", "urged", "asked whether" name an actor's
# commitment or question instead, and evaluative verbs ("praised") a verdict.
_NOT_SOURCES = ("vow", "pledg", "promis", "urg", "beg", "plead", "demand", "continu", "question", "reason",
                "marvel", "ask", "agree")
_SOURCE_CUES = frozenset(w for w in SPEECH_CUES if not w.startswith(_NOT_SOURCES)) | {"according"}
_MANNER = re.compile(
    r"\s+(?:in|on|during)\s+(?:a|an|its|his|her|their)\s+(?:written\s+|brief\s+|televised\s+)?"
    r"(?:statement|interview|post|release|press release|briefing|letter|email|e-mail|tweet|video|speech)\b"
    r"|\s+on\s+(?:Twitter|X|Facebook|Instagram|Telegram|social media)\b")
_RELAY_BEFORE = re.compile(r"(?:reported|reports|reporting|according to|told|tells|said|says|via|quoted by|"
                           r"in an interview with|speaking to)\s+(?:the\s+)?$", re.I)
_RELAY_AFTER = re.compile(r"^\s+(?:reported|reports|said|says|has reported|quoted)\b")


@dataclass(frozen=True)
class Source:
    """One attribution: who ("person", "organisation", "outlet" or "unknown"), its key, and its phrase."""

    kind: str
    key: str
    start: int
    end: int


# --- sources of a sentence ---------------------------------------------------------------------------

def sources_in(index: ArticleFacts, sentences: Sequence[int]) -> list[Source]:
    """The attributions in these sentences, quoted words excluded (a cue inside a quote is the speaker's own)."""
    body = index.body
    found: list[Source] = []
    for i in sentences:
        span = index.sentences[i].span
        if not CUE_RE.search(body, span.start, span.end):
            continue
        facts = index.facts_in([i])
        for frame in frames_in(body, tokenize(body, span.start, span.end)):
            if frame.cue.split()[0].lower() not in _SOURCE_CUES or _in_quote(index, frame.cue_span):
                continue
            subject = frame.subject
            if subject is not None and subject.kind != "pronoun":
                kind, key = _classify(subject, facts)
                start = min(subject.span.start, frame.cue_span.start)
                end = _with_manner(body, max(subject.span.end, frame.cue_span.end), span.end)
                found.append(Source(kind, key, start, end))
            if frame.addressee:
                at = body.find(frame.addressee, frame.cue_span.end, span.end)
                if at >= 0:
                    found.append(Source("outlet", org_key(frame.addressee), frame.cue_span.start,
                                        at + len(frame.addressee)))
    return found


def _in_quote(index: ArticleFacts, span: Span) -> bool:
    return any(part.start <= span.start < part.end for quote in index.version.analysis.quotes for part in quote.parts)


def _classify(subject: Mention, facts) -> tuple[str, str]:
    name = subject.name or subject.text
    if is_outlet(name):
        return "outlet", org_key(strip_article(name))
    inside = [f for f in facts if subject.span.start <= f.span.start and f.span.end <= subject.span.end]
    for kind in ("person", "organisation"):
        fact = next((f for f in inside if f.kind == kind), None)
        if fact is not None:
            return kind, fact.value
    place = next((f for f in inside if f.kind == "place"), None)
    if place is not None and text_key(place.text) == text_key(strip_article(name)):
        return "organisation", place.value            # "Britain said": the state speaks
    if is_organisation(name):
        return "organisation", org_key(strip_article(name))
    return "unknown", text_key(strip_article(name))


def _with_manner(body: str, end: int, limit: int) -> int:
    """ "said" -> "said in a statement": the manner of the attribution belongs to its phrase."""
    match = _MANNER.match(body, end, limit)
    return match.end() if match else end


def same_source(a: Source, b: Source) -> bool | None:
    """True/False when we can tell; None when a side is a description we cannot place ("the mayor")."""
    if "unknown" in (a.kind, b.kind):
        return None
    if a.kind == b.kind == "person":
        return a.key == b.key or same_person_evidence(a.key, b.key)[0]
    if "person" in (a.kind, b.kind):
        return False
    return same_body(a.key, b.key)


def same_body(a: str, b: str) -> bool:
    """ "city council" and "council", "united kingdom" and "united kingdom government": one body,
    named more or less fully."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short + " ") or long_.endswith(" " + short)


def row_sourcing(a: list[Source], b: list[Source]) -> tuple[Source, Source] | None:
    """The two phrases that show a row's claim credited to different sources, or None."""
    if not a or not b:
        return None
    outlets_a = [s for s in a if s.kind == "outlet"]
    outlets_b = [s for s in b if s.kind == "outlet"]
    if outlets_a or outlets_b:
        extra_a = [s for s in outlets_a if not any(same_source(s, t) for t in outlets_b)]
        extra_b = [s for s in outlets_b if not any(same_source(s, t) for t in outlets_a)]
        if not extra_a and not extra_b:
            return None
        return (extra_a or a)[0], (extra_b or b)[0]
    known_a = [s for s in a if s.kind != "unknown"]
    known_b = [s for s in b if s.kind != "unknown"]
    if not known_a or not known_b or len(known_a) < len(a) or len(known_b) < len(b):
        return None     # an unplaced description may be the very source the other side names
    if any(same_source(s, t) for s in known_a for t in known_b):
        return None
    return known_a[0], known_b[0]


def sourcing_difference(pa: ArticleFacts, pb: ArticleFacts, sa: Source, sb: Source, row: int | None,
                        what: str = "") -> Difference:
    side_a = span_side(pa.article, pa.body, sa.start, sa.end)
    side_b = span_side(pb.article, pb.body, sb.start, sb.end)
    explanation = (f"Sourcing differs{what}: {label(pa.article)} {quoted(side_a.text or '')} · "
                   f"{label(pb.article)} {quoted(side_b.text or '')}")
    evidence = f"{label(pa.article)}: {sa.kind} {sa.key}; {label(pb.article)}: {sb.kind} {sb.key}"
    return Difference("sourcing", "factual", "medium", explanation, (side_a, side_b), row, evidence=evidence)


# --- quotes ------------------------------------------------------------------------------------------

@dataclass
class QuoteFindings:
    differences: list[Difference]
    shared: set[tuple[int, int]]        # (article, quote index) of quotes both sides give
    row_sentences: set[tuple[int, int]]  # (article, sentence) whose shared quote was already judged different


def quote_differences(groups: Sequence[QuoteGroup], pa: ArticleFacts, pb: ArticleFacts) -> QuoteFindings:
    """Speaker, sourcing and one-sided quotes for the pair (pa is the pivot)."""
    findings = QuoteFindings([], set(), set())
    seen: set[tuple] = set()      # a quote split around its attribution may come as one group per part
    for group in groups:
        side_a = _side_for(group, pa)
        side_b = _side_for(group, pb)
        if side_a is not None and side_b is not None:
            for index, side in ((pa, side_a), (pb, side_b)):
                findings.shared.add((index.article, side.quote))
            if ("pair", side_a.quote, side_b.quote) not in seen:
                seen.add(("pair", side_a.quote, side_b.quote))
                judged = _shared_quote(pa, side_a, pb, side_b)
                findings.differences.extend(judged)
                if judged:  # said once, at the quote; otherwise the row's own attribution is still compared
                    for index, side in ((pa, side_a), (pb, side_b)):
                        findings.row_sentences.update((index.article, s) for s in _quote_sentences(index, side))
        elif side_a is not None or side_b is not None:
            has, side = (pa, side_a) if side_a is not None else (pb, side_b)
            lacks = pb if has is pa else pa
            if ("only", has.article, side.quote) in seen or lacks.gives_words(has.body[side.start:side.end]):
                continue        # said once per quote; words the other article gives too are shared
            seen.add(("only", has.article, side.quote))
            findings.differences.append(_quote_only(has, side, lacks, pivot_first=has is pa))
    return findings


def _side_for(group: QuoteGroup, index: ArticleFacts) -> QuoteSide | None:
    quotes = index.version.analysis.quotes
    return next((s for s in group.sides if s.article == index.article and 0 <= s.quote < len(quotes)), None)


def _quote_only(has: ArticleFacts, side: QuoteSide, lacks: ArticleFacts, pivot_first: bool) -> Difference:
    quote = has.version.analysis.quotes[side.quote]
    speaker = side.speaker or quote.speaker
    shown = span_side(has.article, has.body, side.start, side.end)
    who = f" ({speaker})" if speaker else ""
    explanation = f"Quote only in {label(has.article)}: {quoted(shown.text or quote.text, 60)}{who}"
    sides = (shown, missing_side(lacks.article)) if pivot_first else (missing_side(lacks.article), shown)
    return Difference("quote_only", "factual", "medium", explanation, sides)


def _shared_quote(pa: ArticleFacts, side_a: QuoteSide, pb: ArticleFacts, side_b: QuoteSide) -> list[Difference]:
    found: list[Difference] = []
    what = f" for {quoted(side_a.text, 40)}"
    speaker_a, speaker_b = _speaker(pa, side_a), _speaker(pb, side_b)
    same = _same_speaker(speaker_a, speaker_b)
    if same is False:
        found.append(_speaker_difference(pa, side_a, pb, side_b, what))
    relay_a, relay_b = _relay(pa, side_a), _relay(pb, side_b)
    if not same_body(org_key(relay_a), org_key(relay_b)) and (relay_a or relay_b):
        sa, sb = _quote_source(pa, side_a, relay_a), _quote_source(pb, side_b, relay_b)
        found.append(sourcing_difference(pa, pb, sa, sb, None, what))
    return found


def _speaker(index: ArticleFacts, side: QuoteSide) -> str:
    speaker = side.speaker or index.version.analysis.quotes[side.quote].speaker
    return "" if not speaker or is_outlet(speaker) else speaker


def _relay(index: ArticleFacts, side: QuoteSide) -> str:
    return side.relay or index.version.analysis.quotes[side.quote].relay


def _personal(name: str) -> bool:
    return any(ch.isupper() for ch in name) and not is_organisation(name)


def _same_speaker(a: str, b: str) -> bool | None:
    if not a or not b:
        return None               # a side without a known speaker contradicts nothing
    if name_key(a) == name_key(b):
        return True
    if _personal(a) and _personal(b):
        return same_person_evidence(a, b)[0]
    if not _personal(a) and not _personal(b):
        return same_body(org_key(a), org_key(b)) or same_body(place_key(a), place_key(b))
    return False


def _speaker_difference(pa: ArticleFacts, side_a: QuoteSide, pb: ArticleFacts, side_b: QuoteSide,
                        what: str) -> Difference:
    sides, names = [], []
    for index, side in ((pa, side_a), (pb, side_b)):
        quote = index.version.analysis.quotes[side.quote]
        span = quote.speaker_span or Span(side.start, side.end)
        sides.append(span_side(index.article, index.body, span.start, span.end))
        role = f" ({quote.role})" if quote.role else ""
        names.append(f"{label(index.article)} {quoted(_speaker(index, side))}{role}")
    both_people = _personal(_speaker(pa, side_a)) and _personal(_speaker(pb, side_b))
    return Difference("speaker", "factual", "high" if both_people else "medium",
                      f"Speaker differs{what}: {' · '.join(names)}", tuple(sides),
                      evidence="different people" if both_people else "a person against a body")


def _quote_sentences(index: ArticleFacts, side: QuoteSide) -> list[int]:
    quote = index.version.analysis.quotes[side.quote]
    positions = [p.start for p in quote.parts] + [side.start]
    return sorted({index.sentence_of(p) for p in positions} - {-1})


def _quote_source(index: ArticleFacts, side: QuoteSide, relay: str) -> Source:
    """The phrase that attributes this quote: the relay ("reported Sky News") or the direct cue
    ("Cleverly said in a statement"); the quote's own words when neither can be found."""
    sentences = _quote_sentences(index, side)
    body = index.body
    if relay and sentences:
        low, high = index.sentences[sentences[0]].span.start, index.sentences[sentences[-1]].span.end
        for match in re.finditer(re.escape(relay), body[low:high]):
            start, end = low + match.start(), low + match.end()
            before = _RELAY_BEFORE.search(body[max(low, start - 30):start])
            after = _RELAY_AFTER.match(body, end, high)
            if before:
                return Source("outlet", org_key(relay), start - len(before.group()), end)
            if after:
                return Source("outlet", org_key(relay), start, after.end())
        return Source("outlet", org_key(relay), side.start, side.end)
    quote = index.version.analysis.quotes[side.quote]
    near = _cue_near_speaker(index, quote)
    if near is not None:
        return near
    for source in sources_in(index, sentences):
        if quote.speaker_span is None or source.start <= quote.speaker_span.start < source.end:
            return source
    return Source("person", name_key(quote.speaker), side.start, side.end)


def _cue_near_speaker(index: ArticleFacts, quote) -> Source | None:
    """ "Cleverly said in a statement", "said Priya Dunmore": the quote's cue beside its speaker."""
    span, cue, body = quote.speaker_span, quote.cue, index.body
    if span is None or not cue:
        return None
    low, high = max(0, span.start - 40), min(len(body), span.end + 40)
    best: tuple[int, int, int] | None = None
    for match in re.finditer(rf"\b{re.escape(cue)}\b", body[low:high]):
        start, end = low + match.start(), low + match.end()
        if any(part.start <= start < part.end for part in quote.parts):
            continue
        distance = span.start - end if end <= span.start else start - span.end
        if distance >= 0 and (best is None or distance < best[0]):
            best = (distance, start, end)
    if best is None:
        return None
    start, end = min(span.start, best[1]), max(span.end, best[2])
    sentence = index.sentence_of(end - 1)
    limit = index.sentences[sentence].span.end if sentence >= 0 else len(body)
    return Source("person", name_key(quote.speaker), start, _with_manner(body, end, max(end, limit)))
