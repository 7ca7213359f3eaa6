"""How alike two sentences are, for alignment: comparison bags, IDF weights, the pair score.

The score of a sentence pair (ENGINE §1 "Take" 1) is the mean of three views of its words plus
evidence bonuses, clipped to [0, 1]:

- `token_set_ratio` (rapidfuzz) over the content-word keys: a fuzzy view of the shared wording;
- IDF-weighted Dice overlap of content stems: rare shared words count, common ones barely;
- cosine of character-3-gram TF-IDF vectors (after CATS; binary TF): shrugs off defence /
  defense, Wallace / Wallas, announce / announced;
- a bonus per shared fact (same number + unit, same person by the sound of the surname, same
  place, date or organisation key), weighted by how rare the fact is in the articles, and per
  shared quote passage (core.alignment's quote matching). A slot both sentences fill with
  different values (what a number counts: "420 residents" / "240 people"; a building's class and
  proper word: "Northgate Community Centre" / "Northgate High School") counts as a fact weighted
  by the slot's rarity, never above its values': a conflict is still evidence of one topic. A
  slot only adds to a pair's score; it never makes a candidate pair on its own.

The three views get equal weight: each is already a similarity in [0, 1] and we have no labelled
data that would single one out (fitting weights on the seeds would be tuning to them). What keeps
the score honest is the null threshold, NULL_SCORE: the 95th percentile of the *best* score a
sentence finds in an article about another event (a sentence with no partner still picks its best
lookalike; that is what a false alignment scores). It is measured, not chosen:
`tests/bench/eval_alignment.py --calibrate` prints it from hard negatives, sentence pairs of
different events of the same kind (ECB+ topics: two earthquakes, two rehab stories ...; 95th
percentile 0.389, 0.388 before slot keys) and the demo corpus's other-town flood and library
stories (0.358); both together 0.388. Whatever the weights and bonuses, a partner-less sentence is
aligned by coincidence at most ~5 % of the time, and less when its true partner competes for it.
CONTAINMENT (half of a sentence's content in another, as NewsEdits merges sentences) decides
splits and merges.

`SentenceBag` holds what the score needs of one sentence (or of several joined, for a split);
`Weights` holds the IDF of one alignment; `score_pairs` scores the candidate pairs of two lists
of bags without an all-pairs loop: candidates come from an inverted index of content stems, fact
keys and whole keys, and each sentence keeps only its TOP_K best candidates in each direction.
"""
from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from typing import NamedTuple

from rapidfuzz import fuzz

from core.gazetteer import lexicon
from core.analysis import Version
from core.model import Fact
from core.normalise import metaphone, spelling_key, text_key
from core.numwords import ABBREVIATIONS, PERSON_NOUNS

NULL_SCORE = 0.39        # 95th percentile of best-partner scores across events (0.388; see module doc)
CONTAINMENT = 0.5        # a sentence is part of another when half its content (IDF mass) is there
FACT_BONUS = 0.08        # per shared fact of full weight (a fact found in only those two sentences)
FACT_CAP = 0.24          # facts add evidence, they cannot make a pair alone
QUOTE_BONUS = 0.25       # per shared quote: quoted words are the most distinctive text a sentence has
TOP_K = 5                # candidates kept per sentence and direction

# English function words (the entity finder's list) plus news boilerplate verbs: they say nothing
# about which event a sentence reports.
STOP_WORDS = frozenset(lexicon().get("stop_words", ())) | frozenset(
    "s t am is are was were be been being has have having had do does did it its this that these those "
    "mr mrs ms dr also would could should may might will shall can reported reports reporting according "
    "say says saying added adding told".split())
_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper for matching word forms: "announced" = "announce", "tanks" = "tank".

    Over-merging costs little here: stems only weight overlap; the 3-gram view sees the letters.
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (suffix == "s" and word.endswith("ss")):
            word = word[:-len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word[:8]


@lru_cache(maxsize=65536)
def _grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i:i + 3] for i in range(len(padded) - 2))


# Typographic punctuation folded to ASCII first, so most news text takes a fast ASCII path that
# gives exactly text_key's words (tests/test_alignment.py checks the two agree).
_TYPOGRAPHY = {"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‚": ",",
               "–": "-", "—": "-", "−": "-", "…": "...", "\xa0": " ", "\u2009": " ", "\u202f": " "}
_TYPOGRAPHIC = re.compile("[" + "".join(_TYPOGRAPHY) + "]")
_ASCII_DROP = re.compile(r"[.'`]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def word_keys(text: str) -> list[str]:
    """Every word of `text` as a comparison key: case, accents, dots, apostrophes and spelling folded.

    The words of `core.normalise.text_key`, each through `spelling_key`.
    """
    if not text.isascii():
        text = _TYPOGRAPHIC.sub(lambda m: _TYPOGRAPHY[m.group()], text)
    if text.isascii():
        words = _ASCII_WORD.findall(_ASCII_DROP.sub("", text.replace("&", " and ").casefold()))
    else:
        words = text_key(text).split()
    return [spelling_key(word) for word in words]


# Word tokens before dots and apostrophes are dropped ("u.s.", "o'brien", "end."): what _ASCII_DROP
# removes only ever joins letters, so dropping it from each maximal run of [a-z0-9.'`] gives exactly
# word_keys' words. Callers that judge every word (core.story_features) cache per token, which spares
# the per-text substitution and the per-word spelling lookup. The runs are split out of ASCII bytes by
# one translate (upper case to lower, every other character to a space) and split(): four times
# faster than a findall over the text.
# The NUL joining texts is kept: a token of its own, TEXT_END.
_TOKEN_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c in b".'`\0" else 32 for c in range(256))
TEXT_END = b"\0"


def ascii_tokens(texts: Sequence[str]) -> list[bytes] | None:
    """The lower-case word tokens of some texts for `token_key` (ASCII bytes: cheap to split and hash),
    each text's followed by a TEXT_END token; None when a text is not ASCII even after typographic
    folding (then only `word_keys` gives its words) or holds a NUL.

    `[token_key(t) for t in ascii_tokens([text])]`, empty keys left out, are `word_keys(text)` but for
    the "and" word_keys reads for each "&" (a function word: for callers that skip function words).
    Tokenising texts together costs one translate and one split instead of a round per text.
    """
    if not texts:
        return []
    text = " \0 ".join(texts)
    if text.count("\0") != len(texts) - 1:
        return None                         # a NUL of its own would read as a text's end
    if not text.isascii():
        text = _TYPOGRAPHIC.sub(lambda m: _TYPOGRAPHY[m.group()], text)
        if not text.isascii():
            return None
    tokens = text.encode("ascii").translate(_TOKEN_BYTES).split()
    tokens.append(TEXT_END)
    return tokens


def token_key(token: bytes) -> str:
    """One `ascii_tokens` token as a `word_keys` key ("" for a token of dots and apostrophes only)."""
    word = _ASCII_DROP.sub("", token.decode("ascii"))
    return spelling_key(word) if word else ""


def fact_keys(fact: Fact) -> tuple[str, ...]:
    """Keys under which the same fact compares equal across outlets (none for facts too vague to match on).

    A quantity also gets a key without its unit when one side may leave the unit out ("billions" /
    "billions of dollars"): a range value, or money.
    """
    if fact.kind in ("number", "money", "percent"):
        keys = (f"n:{fact.value}|{fact.unit}",)
        if fact.unit and (".." in fact.value or fact.kind == "money"):
            keys += (f"n:{fact.value}|",)
        return keys
    key = _fact_key(fact)
    return (key,) if key else ()


def _fact_key(fact: Fact) -> str:
    kind = fact.kind
    if kind == "person":
        surname = fact.value.split()[-1] if fact.value.split() else ""
        return f"p:{_sound(surname)}" if surname else ""
    if kind == "place":
        return f"l:{fact.value}"
    if kind == "organisation":
        return f"o:{fact.value}"
    if kind == "date":
        return f"d:{fact.value}"
    if kind == "weekday":
        return f"d:{fact.detail}" if re.fullmatch(r"\d{4}-\d\d-\d\d", fact.detail) else f"w:{fact.value}"
    if kind == "time":
        return f"t:{fact.value}"
    return ""


# Units of measure and of time. A level, a distance, a delay or an age can be of anything (the demo's
# other-town flood peaks at 2.9 metres where ours peaks at 4.7), so sharing one says nothing about
# which thing two sentences report; a count noun ("residents", "streets") names the thing counted.
_MEASURES = frozenset(ABBREVIATIONS.values()) | frozenset(
    "mile inch foot yard tonne ton litre gallon acre degree knot point "
    "age second minute hour day night week month year decade century season".split())


def slot_keys(fact: Fact) -> tuple[str, ...]:
    """Keys of the slot a fact fills whatever its value: the thing a number counts, a named building or
    feature's class and proper word.

    Two sentences filling one slot with different values ("420 residents" / "240 people", "Northgate
    Community Centre" / "Northgate High School") likely report one thing and disagree on it: for
    alignment a conflict is still a shared slot. None for a measure (_MEASURES), money or a percentage
    (a cost or share of anything), an ordinal ("second day": counts nothing) or a gazetteer place
    (named by its whole name). A building's proper word is the first of its name; the words after it
    qualify the class ("Northgate *High School*"), so "High" would pair every high school with another.
    """
    if fact.kind == "number" and fact.unit and fact.unit not in _MEASURES and "ordinal" not in fact.detail.split(";"):
        return (f"#count|{'person' if fact.unit in PERSON_NOUNS else fact.unit}",)
    if fact.kind == "place" and fact.detail in ("facility", "feature"):
        name = fact.value.split()[:-1]             # the last word (Centre, School, River) is the class itself
        if name and name[0] not in STOP_WORDS:
            return (f"#{fact.detail}|{name[0]}",)
    return ()


@lru_cache(maxsize=8192)
def _sound(surname: str) -> str:
    """A surname by its sound (metaphone), so "Wallace" and "Wallas" are one person's key."""
    return metaphone(surname) or surname


@dataclass(frozen=True)
class SentenceBag:
    """What the score needs of one sentence, or of several joined (a split or merged sentence)."""

    key: str                      # all word keys: equal keys = at most cosmetic differences
    content: str                  # content word keys in order, for token_set_ratio
    words: frozenset[str]         # content word keys
    stems: frozenset[str]
    grams: frozenset[str]         # char 3-grams of the content words
    facts: frozenset[str]
    slots: frozenset[tuple[str, str]] = frozenset()    # (slot key, fact key) of each fact filling a slot

    @classmethod
    def of(cls, text: str, facts: Iterable[Fact] = ()) -> "SentenceBag":
        keys = word_keys(text)
        content = [k for k in keys if k not in STOP_WORDS and (len(k) > 1 or k.isdigit())]
        return cls(" ".join(keys), " ".join(content), frozenset(content), frozenset(map(stem, content)),
                   frozenset(chain.from_iterable(map(_grams, content))), *_fact_and_slot_keys(facts))

    @classmethod
    def join(cls, bags: Sequence["SentenceBag"]) -> "SentenceBag":
        if len(bags) == 1:
            return bags[0]
        return cls(" ".join(b.key for b in bags).strip(), " ".join(b.content for b in bags).strip(),
                   frozenset().union(*(b.words for b in bags)), frozenset().union(*(b.stems for b in bags)),
                   frozenset().union(*(b.grams for b in bags)), frozenset().union(*(b.facts for b in bags)),
                   frozenset().union(*(b.slots for b in bags)))


_NONE: frozenset = frozenset()


def _fact_and_slot_keys(facts: Iterable[Fact]) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The fact keys of some facts, and (slot key, fact key) for each fact that fills a slot."""
    keys: set[str] = set()
    slots: set[tuple[str, str]] = set()
    for fact in facts:
        found = fact_keys(fact)
        keys.update(found)
        slots.update((slot, found[0]) for slot in slot_keys(fact))
    return (frozenset(keys) if keys else _NONE), (frozenset(slots) if slots else _NONE)


def sentence_bags(version: Version) -> list[SentenceBag | None]:
    """One bag per sentence of the version (None for furniture), facts attached by span."""
    analysis = version.analysis
    facts = sorted(analysis.facts, key=lambda f: f.span.start)
    starts = [f.span.start for f in facts]
    dateline = analysis.dateline
    bags: list[SentenceBag | None] = []
    for sentence in analysis.sentences:
        if sentence.furniture:
            bags.append(None)
            continue
        start, end = sentence.span.start, sentence.span.end
        text = version.body[start:end]
        if dateline and start <= dateline.start < end:          # "Jan. 17 (UPI) --" is furniture
            text = version.body[max(start, dateline.end):end]
        inside = facts[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
        bags.append(SentenceBag.of(text, [f for f in inside if f.span.end <= end]))
    return bags


class Weights:
    """The IDF of one alignment: words (the caller's library IDF or local), 3-grams and facts (local).

    Local IDF treats each sentence of the compared articles as a document, log(1 + N / df), so a
    word every paragraph repeats (the story's protagonist) weighs little and a word two sentences
    share alone weighs most. A library IDF (`idf`, keyed by `word_keys` keys) is used for words when
    given; a word it lacks gets its largest value (unseen = rarest).
    """

    def __init__(self, bags: Sequence[SentenceBag], idf: Mapping[str, float] | None = None) -> None:
        n = max(len(bags), 1)
        self.top = math.log(1 + n)          # the weight of a word found in one sentence only
        word_df: Counter[str] = Counter()
        gram_df: Counter[str] = Counter()
        fact_df: Counter[str] = Counter()
        for bag in bags:
            word_df.update(bag.stems)
            gram_df.update(bag.grams)
            fact_df.update(bag.facts)
            fact_df.update({slot for slot, _ in bag.slots})     # "#..." keys: never equal to a fact key
        local = {s: math.log(1 + n / df) for s, df in word_df.items()}
        self._stem = local if idf is None else self._library_stems(bags, idf)
        self._gram_sq = {g: math.log(1 + n / df) ** 2 for g, df in gram_df.items()}
        self._fact = {f: math.log(1 + n / df) / self.top for f, df in fact_df.items()}
        self.rarest = max(self._stem.values(), default=self.top)
        self._prepared: dict[int, tuple[SentenceBag, float, float]] = {}
        self._top_sq = self.top ** 2

    @staticmethod
    def _library_stems(bags: Sequence[SentenceBag], idf: Mapping[str, float]) -> dict[str, float]:
        rarest = max(idf.values(), default=1.0)
        out: dict[str, float] = {}
        for bag in bags:
            for word in bag.words:
                s = stem(word)
                out[s] = max(out.get(s, 0.0), float(idf.get(word, rarest)))
        return out

    def word(self, stem_: str) -> float:
        return self._stem.get(stem_, self.top)

    def contained(self, a: SentenceBag, b: SentenceBag) -> float:
        """The share of a's content (IDF mass) found in b."""
        mass = self.prepared(a)[1]
        return self.mass(a.stems & b.stems) / mass if mass else 0.0

    def fact(self, key: str) -> float:
        return self._fact.get(key, 1.0)

    def facts(self, keys: Iterable[str]) -> float:
        return sum(map(self._fact.get, keys, repeat(1.0)))

    def mass(self, stems: Iterable[str]) -> float:
        """The IDF mass of some stems."""
        return sum(map(self._stem.get, stems, repeat(self.top)))

    def prepared(self, bag: SentenceBag) -> tuple[SentenceBag, float, float]:
        """(bag, its stems' IDF mass, its 3-gram vector's norm), computed once per bag (held by identity)."""
        found = self._prepared.get(id(bag))
        if found is None:
            norm = math.sqrt(sum(map(self._gram_sq.get, bag.grams, repeat(self._top_sq)))) or 1.0
            found = self._prepared[id(bag)] = (bag, self.mass(bag.stems), norm)
        return found

    def cosine(self, a: SentenceBag, b: SentenceBag, norm_a: float, norm_b: float) -> float:
        """Cosine of the bags' char-3-gram TF-IDF vectors (CATS). TF is binary: a 3-gram seldom comes
        twice in one sentence, and log-TF gives 1 to a single occurrence anyway."""
        return sum(map(self._gram_sq.get, a.grams & b.grams, repeat(self._top_sq))) / (norm_a * norm_b)


class PairScore(NamedTuple):
    score: float          # in [0, 1]
    raw: float            # before clipping: which of two high-scoring pairs fits better
    contained: float      # share of the left sentence's content (IDF mass) found in the right one
    contains: float       # share of the right sentence's content found in the left one
    shared_mass: float    # IDF mass of the shared content stems


def pair_score(a: SentenceBag, b: SentenceBag, weights: Weights, shared_quotes: int = 0) -> PairScore:
    """The similarity of two sentences (or joined groups); see the module doc for its parts."""
    _, mass_a, norm_a = weights.prepared(a)
    _, mass_b, norm_b = weights.prepared(b)
    shared_mass = weights.mass(a.stems & b.stems)
    if a.key and a.key == b.key:
        lexical = 1.0
    elif a.content and b.content:
        tsr = fuzz.token_set_ratio(a.content, b.content, processor=None) / 100
        dice = 2 * shared_mass / (mass_a + mass_b) if mass_a + mass_b else 0.0
        lexical = (tsr + dice + weights.cosine(a, b, norm_a, norm_b)) / 3
    else:
        lexical = 0.0
    shared_facts = a.facts & b.facts
    facts = weights.facts(shared_facts) if shared_facts else 0.0
    if a.slots and b.slots:
        facts += weights.facts(_open_slots(a, b, shared_facts))
    bonus = QUOTE_BONUS * shared_quotes + min(FACT_CAP, FACT_BONUS * facts)
    return PairScore(min(1.0, lexical + bonus), lexical + bonus, shared_mass / mass_a if mass_a else 0.0,
                     shared_mass / mass_b if mass_b else 0.0, shared_mass)


def _open_slots(a: SentenceBag, b: SentenceBag, shared_facts: frozenset[str]) -> frozenset[str]:
    """Slots both sentences fill with no value in common: each counts as a fact, weighted by the slot's
    own rarity, which is never above its values' (so "240 people" / "420 residents" is weaker evidence
    than "240 people" twice). A slot whose value agrees is already counted, once, as that fact."""
    agreed = {slot for slot, key in chain(a.slots, b.slots) if key in shared_facts}
    return frozenset({slot for slot, _ in a.slots} & {slot for slot, _ in b.slots}) - agreed


def score_pairs(left: Sequence[SentenceBag | None], right: Sequence[SentenceBag | None], weights: Weights,
                quote_pairs: Mapping[tuple[int, int], int] | None = None) -> dict[tuple[int, int], PairScore]:
    """Scores of the candidate pairs (i, j) of two sentence lists; None entries (furniture) take no part.

    Candidates share a content stem or a fact key, or a quote (`quote_pairs`: (i, j) -> shared
    quotes). Each sentence keeps its TOP_K best by the cheap IDF overlap, in both directions, and
    only those get the full score: pairs outside anyone's top K cannot win a one-to-one assignment
    against a pair that is in it, short of ties.
    """
    quote_pairs = {(i, j): n for (i, j), n in (quote_pairs or {}).items()
                   if 0 <= i < len(left) and 0 <= j < len(right) and left[i] is not None and right[j] is not None}
    keep = _candidates(left, right, weights) | set(quote_pairs)
    return {(i, j): pair_score(left[i], right[j], weights, quote_pairs.get((i, j), 0))  # type: ignore[arg-type]
            for i, j in keep}


def _candidates(left: Sequence[SentenceBag | None], right: Sequence[SentenceBag | None],
                weights: Weights) -> set[tuple[int, int]]:
    """Pairs worth a full score: each sentence's TOP_K partners by IDF overlap, in both directions.

    The overlap is accumulated over an inverted index (sparse: only pairs sharing a token are
    touched). Tokens found in more than 5 % of the other article's sentences are left out of the
    index: they weigh little, and their long posting lists would make this quadratic. Sentences
    with the very same words meet through their key, content words or not.
    """
    index: dict[str, list[int]] = {}
    for j, bag in enumerate(right):
        if bag is not None:
            for token in chain(bag.stems, bag.facts, ("=" + bag.key,)):
                index.setdefault(token, []).append(j)
    limit = max(8, sum(bag is not None for bag in right) // 20)
    mass_right = [weights.prepared(bag)[1] if bag is not None else 0.0 for bag in right]
    by_right: dict[int, list[tuple[float, int]]] = {}
    keep: set[tuple[int, int]] = set()
    for i, bag in enumerate(left):
        if bag is None:
            continue
        acc = _accumulate(bag, index, limit, weights)
        mass = weights.prepared(bag)[1]
        ranked = [(shared / (mass + mass_right[j] or 1.0), j) for j, shared in acc.items()]
        keep.update((i, j) for _, j in heapq.nlargest(TOP_K, ranked))
        for dice, j in ranked:
            by_right.setdefault(j, []).append((dice, i))
    keep.update((i, j) for j, ranked in by_right.items() for _, i in heapq.nlargest(TOP_K, ranked))
    return keep


def _accumulate(bag: SentenceBag, index: Mapping[str, list[int]], limit: int, weights: Weights) -> dict[int, float]:
    acc: dict[int, float] = {}
    for token in bag.stems:
        postings = index.get(token, ())
        if len(postings) <= limit:
            w = weights.word(token)
            for j in postings:
                acc[j] = acc.get(j, 0.0) + w
    for token in bag.facts:
        postings = index.get(token, ())
        if len(postings) <= limit:
            w = weights.fact(token) * weights.top
            for j in postings:
                acc[j] = acc.get(j, 0.0) + w
    for j in index.get("=" + bag.key, ()):
        acc[j] = acc.get(j, 0.0) + weights.top
    return acc
