"""What the differences/quotes panel lists, as plain data: groups, order, labels, counts, quote cards.

The panel widget only draws what this module decides, so the decisions (which kind comes first,
what "Only in A" means, what is counted) are testable without Qt and stay consistent with the
HTML report, which lists the same differences factual-first.

Kind keys: a factual difference's filter key is its kind ("number", "sourcing"), except an omission,
whose key names the article(s) that have the text ("omission:A" is shown as "Only in A"), because an
editor triages "what only B says" separately from "what only A says".
Low-confidence differences (confidence < 0.5) are listed, greyed, but never counted.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from core.compare import Comparison
from core.model import Difference, QuoteGroup
from core.notes import Note, difference_key, quote_key

CATEGORIES = ("factual", "wording", "cosmetic")
CATEGORY_LABELS = {"factual": "Factual", "wording": "Wording", "cosmetic": "Cosmetic"}
# The order an editor checks facts in: who and how many first, then when and where, then attribution,
# then what one article has and the others lack.
FACTUAL_ORDER = ("name", "number", "date", "weekday", "time", "place", "organisation", "speaker", "sourcing",
                 "omission", "quote_only")
KIND_LABELS = {
    "name": "Name", "number": "Number", "date": "Date", "weekday": "Weekday", "time": "Time", "place": "Place",
    "organisation": "Organisation", "speaker": "Speaker", "sourcing": "Sourcing", "quote_only": "Quote only",
    "wording": "reworded", "addition": "more specific",
    "case": "case", "punctuation": "punctuation", "abbreviation": "abbreviation", "spelling": "spelling",
    "typography": "quote marks", "number_format": "number format", "word_order": "word order",
    "misspelling": "misspelling",
}
STATUS_FILTERS = ("all", "unchecked", "verified", "wrong", "not_important", "noted")
STATUS_FILTER_LABELS = {"all": "All statuses", "unchecked": "Unchecked", "verified": "Verified", "wrong": "Wrong",
                        "not_important": "Not important", "noted": "With a note"}
LOW_CONFIDENCE = 0.5
_OMISSION = "omission"
_EXCERPT = 60


def letter(index: int) -> str:
    """The article's letter as every explanation names it (A, B, C ...)."""
    return chr(65 + index) if index < 26 else str(index + 1)


def is_low_confidence(difference: Difference) -> bool:
    return difference.confidence < LOW_CONFIDENCE


def kind_key(difference: Difference) -> str:
    """The filter key of a difference: its kind, or "omission:<letters>" naming who has the text."""
    if difference.kind != _OMISSION:
        return difference.kind
    holders = sorted(side.article for side in difference.sides if side.text)
    return f"{_OMISSION}:{''.join(letter(a) for a in holders)}"


def kind_label(key: str) -> str:
    """"number" -> "Number", "omission:A" -> "Only in A", "omission:AB" -> "Only in A, B"."""
    if key.startswith(_OMISSION + ":"):
        letters = key.split(":", 1)[1]
        return "Only in " + ", ".join(letters) if letters else "Only in one"
    return KIND_LABELS.get(key, key.replace("_", " ").capitalize())


def _kind_rank(key: str) -> tuple[int, str]:
    base = key.split(":", 1)[0]
    # Kinds this panel does not know yet go after the known facts but before the one-sided ones.
    rank = FACTUAL_ORDER.index(base) if base in FACTUAL_ORDER else FACTUAL_ORDER.index(_OMISSION) - 0.5
    return int(rank * 2), key


# --- counts -----------------------------------------------------------------------------------

def category_counts(comparison: Comparison) -> dict[str, int]:
    """Differences per category, low-confidence ones left out (they are notes, not conflicts)."""
    counts = {category: 0 for category in CATEGORIES}
    for difference in comparison.differences:
        if not is_low_confidence(difference):
            counts[difference.category] = counts.get(difference.category, 0) + 1
    return counts


def kind_counts(comparison: Comparison) -> dict[str, int]:
    """Factual differences per kind key, in the panel's order; low-confidence ones left out."""
    counts = Counter(kind_key(d) for d in comparison.differences
                     if d.category == "factual" and not is_low_confidence(d))
    return {key: counts[key] for key in sorted(counts, key=_kind_rank)}


# --- the differences list ---------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One listed difference: `index` into comparison.differences, the two lines the panel shows."""

    index: int
    key: str                 # core.notes.difference_key
    category: str
    kind: str                # kind key (see kind_key)
    first: str               # the explanation
    second: str              # where it is and the evidence, or the one-sided text
    headline: str = ""       # the explanation without a prefix the group heading already says
    low_confidence: bool = False
    status: str = "unchecked"
    note: str = ""


@dataclass(frozen=True)
class Group:
    key: str                 # a kind key for factual groups, the category for wording and cosmetic
    title: str
    category: str
    count: int               # confident items listed (low-confidence ones are not counted)
    items: tuple[Item, ...]
    summary: str = ""


def group_differences(comparison: Comparison, shown_categories: Iterable[str] = CATEGORIES,
                      hidden_kinds: Iterable[str] = (), notes: Mapping[str, Note] | None = None,
                      status: str = "all") -> list[Group]:
    """The panel's groups: factual ones by kind (FACTUAL_ORDER), then wording, then cosmetic.

    Items keep reading order inside a group, low-confidence ones last. `status` is one of
    STATUS_FILTERS; a difference without a note counts as unchecked.
    """
    shown, hidden, notes = set(shown_categories), set(hidden_kinds), notes or {}
    context = _Context(comparison)
    buckets: dict[tuple[str, str], list[Item]] = {}
    for index, difference in enumerate(comparison.differences):
        key = kind_key(difference)
        if difference.category not in shown or key in hidden:
            continue
        item = _item(comparison, context, index, notes)
        if not _status_matches(item, status):
            continue
        bucket = key if difference.category == "factual" else difference.category
        buckets.setdefault((difference.category, bucket), []).append(item)
    return [_group(comparison, category, bucket, items)
            for (category, bucket), items in sorted(buckets.items(), key=lambda kv: _group_rank(*kv[0]))]


def _group_rank(category: str, bucket: str) -> tuple[int, tuple[int, str]]:
    order = CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)
    return order, _kind_rank(bucket) if category == "factual" else (0, bucket)


def _status_matches(item: Item, status: str) -> bool:
    if status in ("", "all"):
        return True
    if status == "noted":
        return bool(item.note.strip())
    return item.status == status


def _group(comparison: Comparison, category: str, bucket: str, items: list[Item]) -> Group:
    ordered = tuple(sorted(items, key=lambda item: (item.low_confidence, item.index)))
    count = sum(1 for item in ordered if not item.low_confidence)
    if category == "factual":
        summary = _factual_summary(comparison, bucket, ordered)
        return Group(bucket, kind_label(bucket), category, count, ordered, summary)
    kinds = Counter(comparison.differences[item.index].kind for item in ordered if not item.low_confidence)
    summary = " · ".join(f"{KIND_LABELS.get(k, k)} {n}" for k, n in kinds.most_common())
    return Group(category, CATEGORY_LABELS.get(category, category.capitalize()), category, count, ordered, summary)


def _factual_summary(comparison: Comparison, bucket: str, items: tuple[Item, ...]) -> str:
    """A one-sided group says how many of its passages carry a fact the others lack."""
    if not bucket.startswith(_OMISSION):
        return ""
    with_facts = sum(1 for item in items if comparison.differences[item.index].evidence)
    return f"{with_facts} with facts" if with_facts else "no facts"


class _Context:
    """Lookups shared by every item: shared-quote numbers and paragraph ordinals."""

    def __init__(self, comparison: Comparison) -> None:
        self.quote_of: dict[int, int] = {}
        self.quote_number: dict[int, int] = {}
        position = _positions(comparison)
        for number, (group_index, group) in enumerate(shared_quotes(comparison), start=1):
            self.quote_number[group_index] = number
            for difference in comparison.quote_differences(group):
                self.quote_of.setdefault(position[id(difference)], group_index)
        self._paragraphs = [_paragraph_ordinals(v) for v in comparison.versions]
        self._versions = comparison.versions

    def paragraph(self, article: int, offset: int) -> int | None:
        """The paragraph (1-based, page furniture not counted) holding `offset` in the article."""
        if not 0 <= article < len(self._versions):
            return None
        for sentence in self._versions[article].analysis.sentences:
            if sentence.span.start <= offset < max(sentence.span.end, sentence.span.start + 1):
                return self._paragraphs[article].get(sentence.paragraph)
        return None


def _positions(comparison: Comparison) -> dict[int, int]:
    # By identity: two differences can be equal as values (the same typo twice in one row).
    return {id(d): i for i, d in enumerate(comparison.differences)}


def _paragraph_ordinals(version) -> dict[int, int]:
    ordinals: dict[int, int] = {}
    for sentence in version.analysis.sentences:
        if not sentence.furniture and sentence.paragraph not in ordinals:
            ordinals[sentence.paragraph] = len(ordinals) + 1
    return ordinals


def _item(comparison: Comparison, context: _Context, index: int, notes: Mapping[str, Note]) -> Item:
    difference = comparison.differences[index]
    key = difference_key(comparison, index)
    note = notes.get(key)
    return Item(index, key, difference.category, kind_key(difference), difference.explanation,
                _second_line(comparison, context, index), headline(difference.explanation),
                is_low_confidence(difference), note.status if note else "unchecked", note.text if note else "")


# "Number differs: A “240” · B “420”" -> "A “240” · B “420”": the heading already says NUMBER.
_PREFIX = re.compile(r"^[A-Z][a-z]+ (?:differs|spelled [a-z ]{1,20}): (?=[A-Z]\d* “)")
# "Only in B (not in A): reopen, …" -> "not in A: reopen, …": the heading already says ONLY IN B.
_ONLY_IN = re.compile(r"^Only in [A-Z0-9, ]+ \((not in [^)]*)\): ")


def headline(explanation: str) -> str:
    """The explanation without a lead-in its group's heading already says."""
    shorter = _ONLY_IN.sub(r"\1: ", explanation, count=1)
    return shorter if shorter != explanation else _PREFIX.sub("", explanation, count=1)


def _second_line(comparison: Comparison, context: _Context, index: int) -> str:
    difference = comparison.differences[index]
    if difference.kind in (_OMISSION, "quote_only"):
        return _one_sided_line(context, difference)
    parts = []
    if index in context.quote_of:
        group_index = context.quote_of[index]
        parts.append(f"quote {context.quote_number[group_index]}")
        parts.append(_speaker_phrase(comparison, comparison.quotes[group_index]))
    else:
        parts.append(_where(context, difference))
    if difference.evidence and difference.evidence not in difference.explanation:
        parts.append(difference.evidence)
    return " · ".join(p for p in parts if p)


def _one_sided_line(context: _Context, difference: Difference) -> str:
    """What the one article actually says (the explanation only lists its key words), and who lacks it."""
    present = [s for s in difference.sides if s.text]
    missing = [letter(s.article) for s in difference.sides if not s.text]
    if difference.kind == "quote_only":
        where = _where(context, difference)
        return " · ".join(p for p in (where, "not in " + ", ".join(missing) if missing else "") if p)
    if not present:
        return ""
    side = present[0]
    return f"{letter(side.article)}: “{excerpt(_unquoted(side.text or ''))}”"


def _unquoted(text: str) -> str:
    """The words without the quote marks around them (they are about to get the panel's own)."""
    return text.strip().strip("\"“”'‘’").strip()


def _where(context: _Context, difference: Difference) -> str:
    for side in difference.sides:
        if side.start is not None:
            paragraph = context.paragraph(side.article, side.start)
            if paragraph is not None:
                return f"{letter(side.article)} ¶{paragraph}"
    return ""


def _speaker_phrase(comparison: Comparison, group: QuoteGroup) -> str:
    name, differ = quote_speaker(comparison, group)
    if differ:
        return "speakers differ"
    return f"same speaker, {name}" if name else ""


def quote_speaker(comparison: Comparison, group: QuoteGroup) -> tuple[str, bool]:
    """Who says the quote, and whether the articles name different people.

    Different people only when the comparison reports a speaker difference between these names:
    "Marchbank" / "Marchbanks" is one person spelt two ways (a name difference), not two speakers.
    """
    names = Counter(s.speaker for s in group.sides if s.speaker)
    if not names:
        return "", False
    said = {(s.article, s.speaker) for s in group.sides if s.speaker}
    differ = any(d.kind == "speaker" and not is_low_confidence(d)
                 and {(side.article, side.text) for side in d.sides} <= said for d in comparison.differences)
    if differ:
        return " / ".join(dict.fromkeys(s.speaker for s in group.sides if s.speaker)), True
    return names.most_common(1)[0][0], False


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """The text on one line, cut at a word with an ellipsis when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",;:") + " …"


def listed_indices(groups: Iterable[Group]) -> list[int]:
    """Difference indices in the order the panel lists them."""
    return [item.index for group in groups for item in group.items]


# --- quotes -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mark:
    """A highlighted stretch of a quote box's wording: [start, end) of `QuoteBox.text`."""

    start: int
    end: int
    category: str
    low_confidence: bool = False


@dataclass(frozen=True)
class QuoteBox:
    """One article's wording of a quote, with its attribution line."""

    article: int
    letter: str
    text: str
    speaker: str
    attribution: str         # cue and relay as the article gives them: "said", "told Radio Saltmere"
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class QuoteCard:
    index: int               # into comparison.quotes
    number: int              # 1, 2 ... for shared quotes (as the panes' quote marks), 0 for one-article quotes
    key: str                 # core.notes.quote_key
    relation: str
    speaker: str             # one name, or the names joined with " / " when the articles disagree
    speakers_differ: bool
    presence: str            # "in both", "in all 3", "in A, C", "only in B"
    summary: str             # "same words · 2 cosmetic", "reworded · 1 wording", "fragment"
    boxes: tuple[QuoteBox, ...]
    status: str = "unchecked"
    note: str = ""
    differences: tuple[int, ...] = field(default=())

    @property
    def shared(self) -> bool:
        return self.number > 0

    @property
    def label(self) -> str:
        """What a note on this quote is about, as the editor saw it."""
        text = self.boxes[0].text if self.boxes else ""
        who = f" ({self.speaker})" if self.speaker else ""
        prefix = f"Quote {self.number}" if self.shared else "Quote " + self.presence
        return f"{prefix}: “{excerpt(text)}”{who}"


def shared_quotes(comparison: Comparison) -> list[tuple[int, QuoteGroup]]:
    return [(i, g) for i, g in enumerate(comparison.quotes) if g.relation != "only_in" and len(g.sides) > 1]


def quote_numbers(comparison: Comparison) -> dict[int, int]:
    """The number an editor sees for each shared quote group (by group index); one-article quotes have none.
    The panel, the story view's gutter and the reports all number quotes this way."""
    return {index: n for n, (index, _) in enumerate(shared_quotes(comparison), start=1)}


def quote_cards(comparison: Comparison, notes: Mapping[str, Note] | None = None) -> list[QuoteCard]:
    """Every quote group as a card: shared quotes numbered in order first, then one-article quotes."""
    notes = notes or {}
    numbers = quote_numbers(comparison)
    cards = [_card(comparison, i, group, numbers.get(i, 0), notes) for i, group in enumerate(comparison.quotes)]
    return sorted(cards, key=lambda card: (not card.shared, card.index))


UNNAMED = ""             # the speaker key of a quote whose speaker no article names


def card_speakers(card: QuoteCard) -> tuple[str, ...]:
    """Who speaks in a card: its one speaker, or each article's when they name different people.

    A name spelt two ways ("Marchbank" / "Marchbanks") is one speaker, the card's; a card with no
    named speaker has (UNNAMED,).
    """
    if card.speakers_differ:
        names = tuple(dict.fromkeys(box.speaker for box in card.boxes if box.speaker))
        if names:
            return names
    return (card.speaker or UNNAMED,)


def speaker_counts(cards: Iterable[QuoteCard]) -> list[tuple[str, int]]:
    """Every speaker with the number of cards they speak in, most cards first, then by name; UNNAMED last."""
    counted = Counter(name for card in cards for name in card_speakers(card))
    return sorted(counted.items(), key=lambda item: (item[0] == UNNAMED, -item[1], item[0].casefold(), item[0]))


def cards_of_speakers(cards: Iterable[QuoteCard], speakers: Iterable[str]) -> list[QuoteCard]:
    """The cards in which any of `speakers` speaks (in any article's version); all cards when none are given."""
    chosen = set(speakers)
    cards = list(cards)
    return [card for card in cards if chosen.intersection(card_speakers(card))] if chosen else cards


def one_article_quotes(comparison: Comparison, cards: Iterable[QuoteCard]) -> list[tuple[str, list[QuoteCard]]]:
    """The one-article quotes by article ("Only in A", cards), one entry per article, empty ones too."""
    by_article: dict[int, list[QuoteCard]] = {i: [] for i in range(len(comparison.articles))}
    for card in cards:
        if not card.shared and card.boxes:
            by_article.setdefault(card.boxes[0].article, []).append(card)
    return [(f"Only in {letter(a)}", found) for a, found in sorted(by_article.items())]


def _card(comparison: Comparison, index: int, group: QuoteGroup, number: int, notes: Mapping[str, Note]) -> QuoteCard:
    differences = comparison.quote_differences(group)
    position = _positions(comparison)
    indices = tuple(position[id(d)] for d in differences)
    speaker, differ = quote_speaker(comparison, group)
    key = quote_key(comparison, index)
    note = notes.get(key)
    boxes = tuple(_box(comparison, side, differences) for side in group.sides)
    return QuoteCard(index, number, key, group.relation, speaker, differ,
                     _presence(comparison, group), _relation_summary(group, differences), boxes,
                     note.status if note else "unchecked", note.text if note else "", indices)


def _presence(comparison: Comparison, group: QuoteGroup) -> str:
    articles = sorted({s.article for s in group.sides})
    if len(articles) == 1:
        return f"only in {letter(articles[0])}"
    if len(articles) == len(comparison.articles):
        return "in both" if len(articles) == 2 else f"in all {len(articles)}"
    return "in " + ", ".join(letter(a) for a in articles)


_RELATION_WORDS = {"identical": "same words", "cosmetic": "same words", "fragment": "fragment",
                   "reworded": "reworded", "only_in": "one article"}


def _relation_summary(group: QuoteGroup, differences: list[Difference]) -> str:
    """The relation in words plus the differences inside the quote by category (one-sided ones aside:
    they say an article lacks the quote, not how the wording differs)."""
    counted = Counter(d.category for d in differences
                      if d.kind not in (_OMISSION, "quote_only") and not is_low_confidence(d))
    parts = [_RELATION_WORDS.get(group.relation, group.relation)]
    parts += [f"{counted[c]} {c}" for c in CATEGORIES if counted[c]]
    return " · ".join(parts)


def _box(comparison: Comparison, side, differences: list[Difference]) -> QuoteBox:
    quote = _analysis_quote(comparison, side.article, side.quote)
    cue = quote.cue if quote is not None else ""
    attribution = " ".join(p for p in (cue, side.relay) if p) if side.relay else cue
    marks = []
    for difference in differences:
        if difference.kind in (_OMISSION, "quote_only"):
            continue
        for part in difference.sides:
            if part.article != side.article or part.start is None or part.end is None:
                continue
            start, end = max(part.start, side.start), min(part.end, side.end)
            if end > start:
                marks.append(Mark(start - side.start, end - side.start, difference.category,
                                  is_low_confidence(difference)))
    # Two differences can mark the same characters (A's stop against B's and against C's).
    unique = {(m.start, m.end, m.category): m for m in marks}
    return QuoteBox(side.article, letter(side.article), side.text, side.speaker, attribution,
                    tuple(sorted(unique.values(), key=lambda m: (m.start, m.end))))


def _analysis_quote(comparison: Comparison, article: int, quote: int):
    if not 0 <= article < len(comparison.versions):
        return None
    quotes = comparison.versions[article].analysis.quotes
    return quotes[quote] if 0 <= quote < len(quotes) else None


def article_ids(comparison: Comparison) -> list[int]:
    """Ids of the comparison's stored articles (unstored ones have none), for a note's `articles`."""
    return [a.id for a in comparison.articles if a.id is not None]
