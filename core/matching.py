"""Story matching: group the articles that report one event, incrementally, with the editor's decisions kept.

How two articles are compared (features in core.story_features)
---------------------------------------------------------------
An article is a bag of keys (content stems, adjacent-stem phrases, people, places, organisations,
numbers with units, dates, quote shingles), each with a prior weight x sublinear term frequency; its
signature is its 96 heaviest keys. Organisation keys weigh 0: an organisation counts once, by its
words, and its key only indexes (story_features explains why: it is the least specific name). The
score of a pair is a cosine whose shared terms are discounted by how common the key is in the
library:

    score(a, b) = sum over shared keys k of idf(k)^2 * wa(k) * wb(k) / (|a| * |b|) * when(a, b)

- idf(k) is inverse document frequency in whole bits below a background level: a key found in df
  articles carries log2(64 / df) bits, rounded down and scaled so a key shared by two or three
  articles counts 1 (df 4-7: 0.8, 8-15: 0.6, 16-31: 0.4, 32-63: 0.2). A key in 64 articles or more
  (BACKGROUND) is background: it names a subject (a country, a party, a season), not one event. This
  is IDF with the library size replaced by a fixed background count, so a key's weight depends on
  its own frequency only. Frequency counts distinct texts: syndicated copies (one body_hash) count
  once, so a wire story printed by twenty outlets does not turn its own words into background.
- A word of the general English word list (a `v:` key) counts as found in at least 16 articles
  (VOCABULARY_DF): in a small library nothing is frequent yet, and without this prior "flood",
  "evacuated" and "mayor" would weigh like "Saltmere". The prior is an IDF estimate, not a tuned
  weight: 16 is where a word stops being one story's (see RARE).
- |a| is the length of a's prior-weighted bag, without IDF, so it never changes as the library grows.
- when(a, b) = 1 / (1 + (gap / 14 days)^2) when both articles are dated, else 1: a soft window; a
  follow-up a week later keeps 80 % of its score, one a month later a fifth; no date, no signal.
- Two articles are compared at all only when they share a key rarer than a dictionary word is
  assumed to be (RARE = VOCABULARY_DF = 16 articles) that is not a dictionary word: a name, a rare
  word or phrase, a number, a date, a quote. Sharing only common vocabulary never makes a story, and
  the candidates come from the postings of rare keys (an inverted index, never all pairs).

Specifics count more than topic words by construction rather than by tuned constants: a name or
rare word weighs double a dictionary word in an article's length (story_features.LEXICON_WEIGHT) and
far more when shared (the prior df above); who and where appear twice (as words and as entities);
phrases and quote shingles add evidence only specific wording has; IDF pushes what many stories
share towards zero.

Grouping, and why the order of arrival does not matter
------------------------------------------------------
Pairs scoring THRESHOLD or more are links; the editor's "same story" pairs and identical texts
(body_hash, listed in Story.copies) are links too. Each connected component of links is refined by
average linkage: two groups merge while the mean score over all their article pairs (pairs below
FLOOR count 0) is at least THRESHOLD, best pair first, never across an editor's "not the same
story". One stray link therefore cannot chain two events: the mean over all pairs stays low.
Average linkage never merges groups of different components (a mean >= THRESHOLD needs a pair >=
THRESHOLD), so refining one component at a time is exact.

The grouping is a function of the set of articles and constraints only, whatever the order:
- IDF changes as articles arrive. Kept in whole bits, a key's weight changes only when its
  frequency reaches 4, 8, 16, 32 or 64; the matcher then re-scores the stored links sharing that
  key. Weights only fall as articles arrive, so a pair below FLOOR never rises above it and only
  stored links (score >= FLOOR) need re-scoring. Removal can raise weights: the articles holding
  such a key are probed again. Lengths carry no IDF, so no other pair's score moves.
- A pair's score is summed over shared keys in sorted key order with commutative products, so the
  same float comes out whichever article arrived first; average linkage sums in id order and breaks
  ties on ids. `Matcher.add` in any order, `Matcher.from_items` and `group` give identical stories.
The price of order independence is a fixed background count. A story of more than a few dozen
articles (or of near-copies: edited wire copy multiplies every frequency, where exact copies do not)
loses its most shared keys to the background and its pairs to the RARE rule, and can split into
parts held together by rarer keys (quotes, numbers, phrases). True IDF (log N / df) would keep
them, but it changes every score on every arrival. tests/bench/bench_matching.py measures this.

Constants: THRESHOLD is the one fitted to labelled data, chosen on the odd-numbered ECB+ topics and
checked on the even ones (tests/bench/eval_matching.py --split); FLOOR is half of it. Since
organisations weigh 0 (story_features) both halves pick 0.045 (before: 0.05 on the odd topics,
0.045 on the even ones): held-out BCubed F1 even 0.963 / odd 0.940 (was 0.956 / 0.910), all 772
articles at once 0.927 (was 0.928 at 0.05). The others are round values (powers of two, a half,
two weeks). While building this some were compared with their
neighbours on the whole of ECB+ (BACKGROUND 32-256, VOCABULARY_DF 8-32, SIGNATURE 64-200,
LEXICON_WEIGHT 0.25-1): BCubed F1 moved by about 0.01 either way, and the choice went to the values
that keep the demo corpus and larger stories right, not to the best ECB+ figure (BACKGROUND 32
scores 0.945 there but breaks stories of more than 31 articles).

Tried for ECB+ recall and left out (held-out BCubed F1 even / odd with the threshold fitted on the
other half; the reference was 0.956 / 0.910 with organisations at weight 1, 0.963 / 0.940 without):
- a second-order score inside a component (cosine of the articles' link vectors, Jarvis-Patrick /
  shared-neighbour style), alone or as max / mean with the first-order score: 0.92-0.96 / 0.87-0.945,
  never both above 0.95; it also adds a second constant the split check does not fit.
- average linkage over comparable pairs only (pairs sharing no rare key count as unknown, not 0):
  0.940 / 0.923; with organisations at 0: 0.940 / 0.925. It raises recall but lets similar events
  merge through a few strong links.
- a CHAMELEON-like relative-closeness test (merge only when the pairs across reach half the groups'
  own mean): 0.947 / 0.929 at best, down to 0.61 / 0.63 with stricter ratios: early groups of
  near-copies have inflated means.
- centroid linkage: precision 0.74 (merges the two events of a topic).
- a publication date read from a dateline at the top of the text: in ECB+ it dates 275 of 381
  later (ecbplus) articles and 6 of 391 earlier ones, so only 43 cross-event pairs get two dates,
  while 201 same-event pairs would be more than 30 days apart (follow-ups, or a birth date in the
  first lines): no gain, a real loss of recall; not done.
- contradicting years (both articles give years, none shared: score x 0 or x 0.5): 0.946-0.953 /
  0.891-0.900, with organisations at 0 0.945-0.947 / 0.922-0.930; 4 % of same-event pairs give
  disjoint years (history, anniversaries), 20 % of cross-event pairs.
- steeper IDF (idf^3, idf^4), IDF in the article length (which would also cost order-independent
  lengths), lead counted 3 or 4 times, one or three lead sentences, SIGNATURE 128 / 200,
  LEXICON_WEIGHT 0.25, RARE 32 (with VOCABULARY_DF 8), people x2 or x0.5, places x0.5 or x0.75,
  numbers / dates / quotes x1.5 or x2, phrases x0.5: all between 0.90-0.965 / 0.875-0.937, none
  better on both halves than leaving organisations at 0.
  Shared numbers, dates and quotes are strong evidence when present (likelihood ratio 12-500), but a
  higher prior also lengthens the article and lowers its other pairs.
The remaining errors are topics where the two events share nearly all specific vocabulary (27: two
emergency Internet Explorer patches; 20: two Qeshm earthquakes; 35: two Chargers players arrested
for drunk driving, the later articles naming the earlier arrest; 11: the 2008 Turkmen election and
the announcement of the 2013 one) and one-sentence articles with no rare key in common with their
story (24, 23): within those topics same-event pairs outscore cross-event pairs with a probability
(AUC) of only 0.69-0.75. Even a threshold chosen per topic would have reached only 0.958 on the
odd topics (organisations at weight 1).
"""
from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import mul

from core.story_features import ArticleFeatures, bulk, day_number, features

__all__ = ["ArticleFeatures", "Constraints", "Matcher", "Story", "features", "group", "pair_score"]

BACKGROUND_BITS = 6
BACKGROUND = 1 << BACKGROUND_BITS       # 64: a key in this many articles is background
THRESHOLD = 0.045                       # mean pair score that makes one story (fitted: see module doc)
FLOOR = THRESHOLD / 2                   # pairs below this count as unrelated
DATE_SCALE = 14.0                       # days: the date factor is 1/2 at two weeks apart
_IDF2 = [0.0] + [min(1.0, (BACKGROUND_BITS - (df.bit_length() - 1)) / (BACKGROUND_BITS - 1)) ** 2
                 for df in range(1, BACKGROUND)]
VOCABULARY_DF = 16                      # a dictionary word counts as found in at least 16 articles
RARE = VOCABULARY_DF                    # compared only when sharing a key rarer than a dictionary word
# A pair's bound (Matcher._link_all) must clear FLOOR by this factor to be skipped unscored: float
# rounding moves a score by ~1e-15 of itself, so a pair that could link is never skipped.
_MARGIN = 1.0 + 1e-9
# Frequencies at which a key's IDF bit or rarity changes: 4, 8, 16, 32, 64.
_CROSSINGS = frozenset({1 << bit for bit in range(2, BACKGROUND_BITS + 1)} | {RARE})
# Matcher.add_many builds the matcher again (from_items) when the newcomers number at least
# 1 / REBUILD_SHARE of the articles it holds: measured on the 100k bench store, 1,000 newcomers cost
# 0.45-0.6 s added to 1,000-10,000 articles, and a bulk build about 0.1 ms per article.
REBUILD_SHARE = 4


def idf2(df: int) -> float:
    """The squared IDF factor of a key found in `df` articles (0 for background keys)."""
    return _IDF2[df] if df < BACKGROUND else 0.0


def key_idf2(key: str, df: int) -> float:
    """idf2 of a key; a dictionary word (`v:`) counts as found in at least VOCABULARY_DF articles."""
    return idf2(max(df, VOCABULARY_DF) if key[0] == "v" else df)


@dataclass
class Constraints:
    """The editor's decisions: pairs of article ids that are (`same`) or are not (`different`) one story."""

    same: set[frozenset[int]] = field(default_factory=set)
    different: set[frozenset[int]] = field(default_factory=set)

    def moved(self, article: int, target: int, former: Iterable[int]) -> "Constraints":
        """The constraints after "move `article` to the story of `target`", `former` being its old story.

        Must-link article-target, cannot-link article with each former member; earlier decisions
        that contradict the move are dropped.
        """
        former = {m for m in former if m not in (article, target)}
        new_same = {frozenset((article, target))}
        new_different = {frozenset((article, m)) for m in former}
        same = {p for p in self.same if p not in new_different} | new_same
        different = {p for p in self.different if p not in new_same} | new_different
        return Constraints(same, different)

    def pairs(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Well-formed pairs (two distinct ids), sorted."""
        return _pairs(self.same), _pairs(self.different)


def _pairs(pairs: Iterable[frozenset[int]]) -> list[tuple[int, int]]:
    out = []
    for pair in pairs:
        ids = sorted(pair)
        if len(ids) == 2:
            out.append((ids[0], ids[1]))
    return sorted(out)


@dataclass(frozen=True)
class Story:
    """One story: its articles (sorted ids), a title, the date range, the outlets, how tight it is.

    `title` is the headline of the most central article (the highest sum of link scores to the
    others), or its first sentence when no article has a headline. `first`/`last` span the valid
    publication dates ("" when none). `confidence` is the story's mean pair score c mapped to
    c / (c + THRESHOLD): 0.5 for a story that only just holds together, towards 1 for near-copies;
    1.0 for a story of one. `copies` lists groups of articles with identical text.
    """

    articles: tuple[int, ...]
    title: str
    first: str
    last: str
    sources: tuple[str, ...]
    confidence: float
    copies: tuple[tuple[int, ...], ...]


def pair_score(a: ArticleFeatures, b: ArticleFeatures, df: dict[str, int] | None = None) -> float:
    """The score of two articles (see the module doc); `df` gives key frequencies (default: 2 each)."""
    left, right = a.terms(), b.terms()
    acc, rare = 0.0, False
    for key in sorted(left.keys() & right.keys()):
        count = df.get(key, 2) if df else 2
        rare = rare or (count < RARE and key[0] != "v")
        acc += key_idf2(key, count) * (left[key] * right[key])
    return _finish(acc, a, b) if rare else 0.0


Terms = tuple[tuple[str, ...], array]     # an article's scorable keys, sorted, and their weights


def _without(terms: Terms, key: str) -> Terms:
    keys, weights = terms
    at = bisect_left(keys, key)
    if at == len(keys) or keys[at] != key:
        return terms
    weights = array("d", weights)
    del weights[at]
    return keys[:at] + keys[at + 1:], weights


def _holds(item: ArticleFeatures, key: str) -> bool:
    """`key` is one of the item's (sorted) keys."""
    at = bisect_left(item.keys, key)
    return at < len(item.keys) and item.keys[at] == key


def _finish(acc: float, a: ArticleFeatures, b: ArticleFeatures) -> float:
    if acc <= 0.0:
        return 0.0
    score = acc / (a.norm * b.norm)
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day) / DATE_SCALE
        score /= 1.0 + gap * gap
    return score


class Matcher:
    """Stories of a changing set of articles: `add` and `remove` regroup only what they touch."""

    def __init__(self, constraints: Constraints | None = None) -> None:
        self._constraints = constraints or Constraints()
        self._same, self._different = _partners(self._constraints)
        self._items: dict[int, ArticleFeatures] = {}
        # id -> the keys a score can count (weight > 0, not background; sorted) and their weights:
        # about 20 of an article's 96 keys, so a pair is scored on a small intersection (_scorable).
        # A tuple and an array, not a dict: 110 MB less at 100,000 articles.
        self._terms: dict[int, Terms] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)   # key -> ids holding it (ids only: 100k x 96)
        self._df: dict[str, int] = {}                          # key -> distinct texts holding it
        self._factor: dict[str, float] = {}                   # key -> key_idf2 at its current df
        self._rare: set[str] = set()                           # keys that make two articles comparable
        self._links: dict[int, dict[int, float]] = {}          # scores >= FLOOR, both directions
        self._by_hash: dict[str, set[int]] = defaultdict(set)
        self._component: dict[int, frozenset[int]] = {}
        self._story_of: dict[int, tuple[int, ...]] = {}
        self._stories: dict[tuple[int, ...], Story] = {}

    # --- public --------------------------------------------------------------------------------

    @classmethod
    def from_items(cls, items: Iterable[ArticleFeatures], constraints: Constraints | None = None) -> "Matcher":
        """A matcher holding `items`, built in one pass (faster than adding them one by one; same result).

        The whole index is built first, so every IDF is final and no link needs re-scoring; each pair
        is then scored once, from its smaller id. A later id wins over an earlier one with the same id.
        """
        matcher = cls(constraints)
        matcher._build(items)
        return matcher

    def _build(self, items: Iterable[ArticleFeatures]) -> None:
        """from_items into this (empty) matcher."""
        unique = {item.id: item for item in items}
        order = sorted(unique)
        with bulk():
            self._index_all([unique[article_id] for article_id in order])
            self._link_all(order)
            self._refresh(set(unique))

    def add(self, item: ArticleFeatures) -> None:
        """Index one article and regroup the component it joins (replaces an article of the same id)."""
        if item.id in self._items:
            self.remove(item.id)
        touched = self._insert(item)
        for other, score in self._probe(item).items():
            self._link(item.id, other, score)
        self._refresh(touched | {item.id})

    def add_many(self, items: Iterable[ArticleFeatures]) -> None:
        """`add` each item (a later one wins over an earlier one with the same id), regrouping once.

        The same state as adding them one by one, since it is a function of the set of articles
        (module doc): every article is indexed first (re-scoring stored links as IDF bits fall, as
        `add` does), then each new one is probed at the final frequencies, then the components
        touched are regrouped once. When the newcomers are many next to the articles held, the
        matcher is built again in one pass (from_items), which is faster still.
        """
        fresh = {item.id: item for item in items}
        if not fresh:
            return
        if len(fresh) * REBUILD_SHARE >= len(self._items):
            held = {**self._items, **fresh}
            self.__init__(self._constraints)     # type: ignore[misc]
            self._build(held.values())
            return
        for article_id in sorted(fresh.keys() & self._items.keys()):
            self.remove(article_id)
        touched: set[int] = set(fresh)
        with bulk():
            for item in fresh.values():
                touched |= self._insert(item)
            link = self._link
            for item in fresh.values():
                for other, score in self._probe(item).items():
                    link(item.id, other, score)
            self._refresh(touched)

    def remove(self, article_id: int) -> None:
        """Forget one article; the stories it linked are regrouped."""
        item = self._items.pop(article_id, None)
        if item is None:
            return
        touched = set(self._links.pop(article_id, {})) | set(self._component.pop(article_id, ()))
        for other in self._links.keys() & touched:
            self._links[other].pop(article_id, None)
        if item.body_hash:
            self._by_hash[item.body_hash].discard(article_id)
        self._terms.pop(article_id)
        raised = set()
        siblings = self._by_hash.get(item.body_hash, set()) if item.body_hash else set()
        for key in item.keys:
            postings = self._postings[key]
            postings.remove(article_id)     # held once; in C, as "said" is held by nearly every article
            if not any(_holds(self._items[s], key) for s in siblings):     # the last copy holding it left
                df = self._df[key] - 1
                self._count(key, df)
                if df + 1 in _CROSSINGS:
                    raised.update(postings)  # its weight rose: re-probe its holders
                if df + 1 == BACKGROUND:
                    self._restore(key, postings)
            if not postings:
                del self._postings[key]
        for other in sorted(raised):
            touched |= self._reprobe(other)
        self._forget_story(article_id)
        self._refresh(touched & self._items.keys())

    def update_constraints(self, constraints: Constraints) -> None:
        """Replace the editor's decisions and regroup the stories they touch.

        Pass a new Constraints (for instance `old.moved(...)`): the matcher compares it with the one
        it holds, so editing the held sets in place would go unnoticed.
        """
        old = self._constraints
        self._constraints = constraints
        self._same, self._different = _partners(constraints)
        changed = (old.same ^ constraints.same) | (old.different ^ constraints.different)
        self._refresh({i for pair in changed for i in pair if i in self._items})

    def stories(self) -> list[Story]:
        """Every story, ordered by its first article id."""
        with bulk():
            return [self._story(key) for key in sorted(set(self._story_of.values()))]

    def story_of(self, article_id: int) -> Story | None:
        """The story holding one article (None for an unknown id)."""
        key = self._story_of.get(article_id)
        return self._story(key) if key else None

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._items

    def __len__(self) -> int:
        return len(self._items)

    # --- index ---------------------------------------------------------------------------------

    def _insert(self, item: ArticleFeatures, rescore: bool = True) -> set[int]:
        """Add `item` to the index; re-score stored links whose shared key just lost an IDF bit.

        With `rescore` False (a bulk build) only the postings are filled: frequencies and the
        scorable terms are the caller's to set once every article is in.
        """
        siblings = set(self._by_hash.get(item.body_hash, ())) if item.body_hash else set()
        self._items[item.id] = item
        self._links[item.id] = {}
        if item.body_hash:
            self._by_hash[item.body_hash].add(item.id)
        postings = self._postings
        if not rescore:
            for key in item.keys:
                postings[key].append(item.id)
            return set()
        touched: set[int] = set()
        for key in item.keys:
            postings[key].append(item.id)
            if not any(_holds(self._items[s], key) for s in siblings):   # a copy's keys are counted once
                df = self._df.get(key, 0) + 1
                self._count(key, df)
                if df in _CROSSINGS:
                    touched |= self._rescore_holders(key, item.id)
        self._terms[item.id] = self._scorable(item)
        return touched

    def _index_all(self, items: list[ArticleFeatures]) -> None:
        """The whole index of a bulk build at once (`items` sorted by id, so postings are too): the
        same state as inserting them one by one, with every frequency counted once at the end."""
        postings, by_hash, links, all_items = self._postings, self._by_hash, self._links, self._items
        for item in items:
            article_id = item.id
            all_items[article_id] = item
            links[article_id] = {}
            if item.body_hash:
                by_hash[item.body_hash].add(article_id)
            for key in item.keys:
                postings[key].append(article_id)
        # _count for every key at once (the same values: key_idf2 and the RARE rule written out)
        self._df = df = self._texts_per_key()
        self._factor = {key: (_IDF2[count if count >= VOCABULARY_DF or key[0] != "v" else VOCABULARY_DF]
                              if count < BACKGROUND else 0.0) for key, count in df.items()}
        self._rare = {key for key, count in df.items() if count < RARE and key[0] != "v"}
        terms, scorable = self._terms, self._scorable
        for item in items:
            terms[item.id] = scorable(item)

    def _texts_per_key(self) -> dict[str, int]:
        """Each key's frequency in distinct texts, for a bulk build: its postings, less the extra
        copies of one text among them (copies are few; most keys have none)."""
        df = {key: len(postings) for key, postings in self._postings.items()}
        for copies in self._by_hash.values():
            if len(copies) > 1:
                held = Counter(key for article_id in copies for key in self._items[article_id].keys)
                for key, count in held.items():
                    df[key] -= count - 1
        return df

    def _scorable(self, item: ArticleFeatures) -> Terms:
        """The terms of `item` a score can count: a key of weight 0 (an organisation) or of IDF 0 (a
        background key) adds exactly 0.0 to a sum of non-negative terms, so leaving it out changes
        no score, while intersecting 20 keys instead of 96 is several times faster."""
        # weight x factor is 0 exactly when either is (weights >= 0.5 x tf, factors >= 0.04): the
        # selection runs in C, which matters 100,000 times over in a bulk build
        counts = list(map(mul, item.weights, map(self._factor.__getitem__, item.keys)))
        return tuple(compress(item.keys, counts)), array("d", compress(item.weights, counts))

    def _restore(self, key: str, holders: Iterable[int]) -> None:
        """A key just left the background (an article holding it was removed): it counts again."""
        for article_id in holders:
            item = self._items[article_id]
            weight = item.weights[bisect_left(item.keys, key)]
            if weight:
                keys, weights = self._terms[article_id]
                at = bisect_left(keys, key)
                weights = array("d", weights)
                weights.insert(at, weight)
                self._terms[article_id] = keys[:at] + (key,) + keys[at:], weights

    def _text(self, article_id: int) -> str:
        """What document frequency counts: distinct texts, so syndicated copies count once."""
        return self._items[article_id].body_hash or f"#{article_id}"

    def _count(self, key: str, df: int) -> None:
        """Note a key's new frequency: its IDF factor, and whether it is rare enough to pair articles."""
        if not df:
            self._df.pop(key, None)
            self._factor.pop(key, None)
            self._rare.discard(key)
            return
        self._df[key] = df
        self._factor[key] = key_idf2(key, df)
        if df < RARE and key[0] != "v":
            self._rare.add(key)
        else:
            self._rare.discard(key)

    def _rescore_holders(self, key: str, newcomer: int) -> set[int]:
        holders = set(self._postings[key])
        holders.discard(newcomer)
        if not self._factor.get(key):
            for a in holders:
                self._terms[a] = _without(self._terms[a], key)   # background now: it counts for no pair
        touched = set()
        for a in holders:
            for b in [b for b in self._links[a] if b in holders and a < b]:
                self._link(a, b, self._score(a, b))
                touched.update((a, b))
        return touched

    def _candidates(self, item: ArticleFeatures) -> set[int]:
        """Indexed articles sharing a rare key with `item` (itself left out): the only pairs compared."""
        candidates: set[int] = set()
        postings = self._postings
        for key in self._rare.intersection(item.keys):
            candidates.update(postings[key])
        candidates.discard(item.id)
        return candidates

    def _probe(self, item: ArticleFeatures) -> dict[int, float]:
        """Scores >= FLOOR of `item` against every indexed article sharing a rare key with it."""
        scores = {}
        for other in self._candidates(item):
            score = self._comparable_score(item.id, other)
            if score >= FLOOR:
                scores[other] = score
        return scores

    def _link_all(self, order: list[int]) -> None:
        """Every link of a bulk build: each pair sharing a rare key scored once, from its smaller id.

        _probe and _comparable_score written out in one loop (the same sums, in the same order): at
        100,000 articles there are 1.5 million such pairs. Most cannot reach FLOOR, and a bound
        says so before the sum: by Cauchy-Schwarz (factors are at most 1) a pair's score is at most
        reach(a) x reach(b) x when(a, b), reach being the share of an article's length in keys
        that can count (_reach). Only pairs whose bound is below FLOOR by far more than rounding
        are skipped, so the links are exactly those of scoring every pair.
        """
        items, terms, factors, links = self._items, self._terms, self._factor, self._links
        reach = {a: self._reach(a) for a in order}
        for a in order:
            item = items[a]
            left, reach_a, day_a = dict(zip(*terms[a])), reach[a], item.day
            for b in self._candidates(item):
                if b < a:
                    continue
                other = items[b]
                bound = reach_a * reach[b]
                if day_a is not None and other.day is not None:
                    gap = (day_a - other.day) / DATE_SCALE
                    bound /= 1.0 + gap * gap
                if bound * _MARGIN < FLOOR:
                    continue
                right_keys, right = terms[b]
                acc = 0.0
                for key in sorted(left.keys() & right_keys):
                    acc += factors[key] * (left[key] * right[bisect_left(right_keys, key)])
                score = _finish(acc, item, other)
                if score >= FLOOR:
                    links[a][b] = score
                    links[b][a] = score

    def _reach(self, article_id: int) -> float:
        """sqrt(sum of factor x weight^2 over the scorable keys) / norm: at most 1, and the most an
        article's side can give any pair's score (see _link_all)."""
        item = self._items[article_id]
        if not item.norm:
            return 0.0
        keys, weights = self._terms[article_id]
        # a plain sum (its rounding is far inside _MARGIN), run in C: this is done 100,000 times
        squares = sum(map(mul, map(self._factor.__getitem__, keys), map(mul, weights, weights)))
        return math.sqrt(squares) / item.norm

    def _reprobe(self, article_id: int) -> set[int]:
        old = self._links.get(article_id, {})
        for other in list(old):
            self._link(article_id, other, 0.0)
        new = self._probe(self._items[article_id])
        for other, score in new.items():
            self._link(article_id, other, score)
        return set(old) | set(new) | {article_id}

    def _score(self, a: int, b: int) -> float:
        """One pair's score (module doc); 0 unless the two share a rare key."""
        if self._rare.isdisjoint(set(self._items[a].keys).intersection(self._items[b].keys)):
            return 0.0
        return self._comparable_score(a, b)

    def _comparable_score(self, a: int, b: int) -> float:
        """The score of a pair known to share a rare key, summed over the shared scorable keys in
        sorted order with commutative products: the same float either way round."""
        (left_keys, left), (right_keys, right) = self._terms[a], self._terms[b]
        factors = self._factor
        acc = 0.0
        for key in sorted(set(left_keys).intersection(right_keys)):
            acc += factors[key] * (left[bisect_left(left_keys, key)] * right[bisect_left(right_keys, key)])
        return _finish(acc, self._items[a], self._items[b])

    def _link(self, a: int, b: int, score: float) -> None:
        if score >= FLOOR:
            self._links[a][b] = score
            self._links[b][a] = score
        else:
            self._links[a].pop(b, None)
            self._links[b].pop(a, None)

    # --- components and stories -----------------------------------------------------------------

    def _refresh(self, touched: set[int]) -> None:
        """Recompute the components holding `touched` articles and regroup each of them."""
        region: set[int] = set()
        for article_id in touched:
            if article_id in self._items:
                region |= self._component.get(article_id, {article_id})
        region &= self._items.keys()
        seen: set[int] = set()
        for start in sorted(region):
            if start in seen:
                continue
            component = self._walk(start)
            seen |= component
            self._regroup(frozenset(component))

    def _walk(self, start: int) -> set[int]:
        """The articles bound to `start`, directly or not: links >= THRESHOLD, the editor's same-story
        pairs, identical texts."""
        links, same, by_hash, items = self._links, self._same, self._by_hash, self._items
        component, stack = {start}, [start]
        while stack:
            a = stack.pop()
            found = [b for b, score in links[a].items() if score >= THRESHOLD]
            partners = same.get(a)
            if partners:
                found += [b for b in partners if b in items]
            body_hash = items[a].body_hash
            if body_hash:
                found += by_hash[body_hash]
            for b in found:
                if b not in component:
                    component.add(b)
                    stack.append(b)
        return component

    def _regroup(self, component: frozenset[int]) -> None:
        for article_id in component:
            self._forget_story(article_id)
            self._component[article_id] = component
        if len(component) == 1:                 # most components: a story of one, as cluster() says
            article_id, = component
            self._story_of[article_id] = (article_id,)
            return
        if len(component) == 2 and self._different.keys().isdisjoint(component):
            # Two articles are one component through a link >= THRESHOLD (a mean of one pair that
            # merges them), a same-story decision or one text (a must-link): one story, as cluster() says.
            key = tuple(sorted(component))
            for article_id in key:
                self._story_of[article_id] = key
            return
        for members in cluster(sorted(component), self._links, self._units(component),
                               self._different, THRESHOLD):
            key = tuple(sorted(members))
            for article_id in key:
                self._story_of[article_id] = key

    def _forget_story(self, article_id: int) -> None:
        key = self._story_of.pop(article_id, None)
        if key is not None:
            self._stories.pop(key, None)

    def _units(self, component: frozenset[int]) -> list[list[int]]:
        """Articles that must share a story: editor's same-story pairs first, then identical texts.

        A must-link that would put an editor's "not the same story" pair together is skipped, so the
        editor's "different" wins over identical text and over a chain of "same" decisions.
        """
        musts = [(a, b) for a in sorted(component) for b in sorted(self._same.get(a, ())) if a < b and b in component]
        hashes = sorted({self._items[a].body_hash for a in component} - {""})
        for body_hash in hashes:
            copies = sorted(self._by_hash[body_hash] & component)
            musts += [(copies[0], other) for other in copies[1:]]
        if not musts:
            return [[a] for a in sorted(component)]         # what _union gives without a must-link
        return _union(sorted(component), musts, self._different)

    def _story(self, key: tuple[int, ...]) -> Story:
        story = self._stories.get(key)
        if story is None:
            story = self._stories[key] = _make_story([self._items[i] for i in key], self._links)
        return story


def group(items: Sequence[ArticleFeatures], constraints: Constraints | None = None) -> list[Story]:
    """Stories of `items` from scratch: the same result as adding them to a Matcher in any order."""
    return Matcher.from_items(items, constraints).stories()


# --- average linkage ------------------------------------------------------------------------------

def cluster(members: list[int], links: dict[int, dict[int, float]], units: list[list[int]],
            different: dict[int, set[int]], threshold: float) -> list[list[int]]:
    """Average-linkage groups of `members` (ids sorted), starting from `units`, best merge first.

    Two groups merge while the mean link score over all their article pairs is >= threshold and no
    pair across them is in `different`. Deterministic: sums run in id order, ties break on ids.
    """
    label = {a: min(unit) for unit in units for a in unit}
    group_of: dict[int, list[int]] = {min(unit): sorted(unit) for unit in units}
    sums: dict[int, dict[int, float]] = {g: {} for g in group_of}
    for a in members:
        for b in sorted(links.get(a, ())):
            ga, gb = label[a], label.get(b)
            if gb is not None and ga != gb and a < b:
                sums[ga][gb] = sums[ga].get(gb, 0.0) + links[a][b]
                sums[gb][ga] = sums[ga][gb]
    # the "not the same story" partners of each group's articles; most groups have none
    banned: dict[int, set[int]] = {}
    if different:
        for g, unit in group_of.items():
            partners = set().union(*(different.get(a, ()) for a in unit))
            if partners:
                banned[g] = partners
    heap = [(-total / (len(group_of[g]) * len(group_of[h])), g, h)
            for g in sorted(sums) for h, total in sorted(sums[g].items()) if g < h]
    heap = [entry for entry in heap if -entry[0] >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, g, h = heapq.heappop(heap)
        if g not in group_of or h not in group_of or sums[g].get(h) is None:
            continue
        if -negative != sums[g][h] / (len(group_of[g]) * len(group_of[h])):
            continue                                      # stale: the groups changed since
        if g in banned and not banned[g].isdisjoint(group_of[h]):
            continue
        _merge(g, h, group_of, sums, banned)
        for other, total in sorted(sums[g].items()):
            mean = total / (len(group_of[g]) * len(group_of[other]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(g, other), max(g, other)))
    return [group_of[g] for g in sorted(group_of)]


def _merge(g: int, h: int, group_of: dict[int, list[int]], sums: dict[int, dict[int, float]],
           banned: dict[int, set[int]]) -> None:
    """Fold group h into group g (g < h keeps the smaller label)."""
    group_of[g] = sorted(group_of[g] + group_of.pop(h))
    if h in banned:
        banned[g] = banned.get(g, set()) | banned.pop(h)
    moved = sums.pop(h)
    sums[g].pop(h, None)
    for other, total in sorted(moved.items()):
        if other == g:
            continue
        sums[other].pop(h, None)
        sums[g][other] = sums[g].get(other, 0.0) + total
        sums[other][g] = sums[g][other]


def _union(members: list[int], musts: list[tuple[int, int]], different: dict[int, set[int]]) -> list[list[int]]:
    parent = {a: a for a in members}
    groups = {a: {a} for a in members}

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in musts:
        ra, rb = find(a), find(b)
        if ra == rb or any(different.get(x, set()) & groups[rb] for x in groups[ra]):
            continue
        ra, rb = min(ra, rb), max(ra, rb)
        parent[rb] = ra
        groups[ra] |= groups.pop(rb)
    return [sorted(g) for _, g in sorted(groups.items())]


def _partners(constraints: Constraints) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    same_pairs, different_pairs = constraints.pairs()
    same: dict[int, set[int]] = defaultdict(set)
    different: dict[int, set[int]] = defaultdict(set)
    for a, b in same_pairs:
        same[a].add(b)
        same[b].add(a)
    for a, b in different_pairs:
        different[a].add(b)
        different[b].add(a)
    return dict(same), dict(different)


# --- story summary --------------------------------------------------------------------------------

def _make_story(items: list[ArticleFeatures], links: dict[int, dict[int, float]]) -> Story:
    ids = tuple(item.id for item in items)
    members = set(ids)
    # fsum: exact, so the result does not depend on the order the links were stored in
    centrality = {i: math.fsum(s for other, s in links.get(i, {}).items() if other in members) for i in ids}
    central = sorted(items, key=lambda item: (-centrality[item.id], item.id))
    title = next((item.title for item in central if item.title), "") or \
        next((item.lead for item in central if item.lead), "")
    dates = sorted(item.published[:10] for item in items if day_number(item.published) is not None)
    sources = tuple(sorted({item.source for item in items if item.source}))
    return Story(articles=ids, title=title, first=dates[0] if dates else "", last=dates[-1] if dates else "",
                 sources=sources, confidence=_confidence(ids, links), copies=_copies(items))


def _confidence(ids: tuple[int, ...], links: dict[int, dict[int, float]]) -> float:
    """Mean pair score c over the story's pairs, as c / (c + THRESHOLD): 0.5 at the merge threshold."""
    if len(ids) < 2:
        return 1.0
    members = set(ids)
    total = math.fsum(s for a in ids for b, s in links.get(a, {}).items() if b in members and a < b)
    mean = total / (len(ids) * (len(ids) - 1) / 2)
    return round(mean / (mean + THRESHOLD), 4)


def _copies(items: list[ArticleFeatures]) -> tuple[tuple[int, ...], ...]:
    by_hash: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.body_hash:
            by_hash[item.body_hash].append(item.id)
    return tuple(sorted(tuple(sorted(g)) for g in by_hash.values() if len(g) > 1))
