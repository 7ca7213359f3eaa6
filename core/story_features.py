"""What story matching needs of one article: weighted keys, a length, a day. Data in, data out.

An article becomes a bag of *keys*, each with a prior weight times a term frequency:

- `w:` / `v:` content-word stems of the headline and the text (function words, weekday and month
  names and page furniture left out). A stem of a word in the shipped English word list
  (resources/lexicon, SCOWL) is a `v:` key: it names a kind of thing (earthquake, rehab, coach) that
  two events of one kind share, and weighs half (LEXICON_WEIGHT). A word outside the list (Qeshm,
  Teixeira, Klitschko) names a particular: a `w:` key at full weight.
- `b:` / `c:` pairs of adjacent content stems in one sentence ("seventh round", "emergency patch"):
  a phrase is more specific than its words. `c:` when both words are dictionary words (half weight).
- `p:` `l:` people and places from the analysis (core.entities) by normalised value, so "Mr
  Cleverly" and "James Cleverly" are one key. The name's words are also word keys: who and where
  count twice, on purpose (issue 5: entities weigh more than topic words).
- `o:` organisations weigh 0 (ORGANISATION_WEIGHT): an organisation counts once, through its words
  and phrases ("microsof", "b:harry winston"), while its key still indexes (a rare organisation two
  articles share makes them candidates; core.matching) when it fits in the signature, where keys of
  weight 0 come last. An organisation is the least specific kind of name: in news it is mostly a
  recurring actor of every event of a kind (the league, the club, the company, the police force, the
  ministry) or the outlet credited (AP, CNN, the BBC), and core.entities also reads expanded
  acronyms as organisations ("DUI", "IE"). Measured on ECB+ (two events of one kind per topic), a
  shared non-background `o:` key was 1.5-3.2 times likelier between articles of one event than
  between the two events of a topic, against 4.4-5.3 for a person, 3.1-3.5 for a non-dictionary
  word, 12-32 for a number or a date; counting organisations twice pulled similar events together.
  Held-out ECB+ check (tests/bench/eval_matching.py --split, even / odd): weight 1 0.956 / 0.910,
  0.5 0.959 / 0.925, 0.25 0.963 / 0.935, 0 0.963 / 0.940; no `o:` key at all (not indexing either)
  0.959 / 0.931. A text in another language keeps its organisations at full weight: its words are
  not keys (_foreign), so the name would otherwise not count at all.
- `n:` numbers with what they count, money and percentages (core.quantities): "240|resident",
  "2000000|USD". Bare numbers under 100, ordinals and lengths of time are left out.
- `d:` dates the text gives (core.timex): "2013-05-03", "2010-09", "--06-08", "2009".
- `q:` four-word shingles of every direct quote: outlets copy quotes verbatim, so a shared quote
  passage is the most distinctive thing two articles can share.

Term frequency is sublinear (1 + ln count): the tenth mention adds less than the second. The
headline and the first two sentences count twice, because they name the event the article reports.
An article keeps its SIGNATURE (96) heaviest keys, names and rare words first: a long article is
compared on what is particular to it, not on its every word, and comparing stays cheap.
Nothing here depends on other articles; how common a key is in the library (IDF) is applied by
core.matching when two articles are compared.
"""
from __future__ import annotations

import gc
import gzip
import hashlib
import logging
import math
import re
import struct
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import compress
from operator import mul
from typing import NamedTuple

from core.analysis import ANALYSIS_VERSION, Analysis
from core.gazetteer import lexicon
from core.model import Fact
from core.resources import resource_path
from core.similarity import STOP_WORDS, TEXT_END, ascii_tokens, stem, token_key, word_keys

log = logging.getLogger(__name__)

# Bump whenever features() would give other keys or weights for the same input (code, constants or
# the word list changed): every cached row (core.stories, table story_features) is then recomputed.
FEATURES_VERSION = 1

LEAD_SENTENCES = 2      # the first sentences after the headline that restate the event
LEAD_BONUS = 1          # extra count for a key in the headline or the lead
LEXICON_WEIGHT = 0.5    # a dictionary word names a kind of thing, not a particular one
ORGANISATION_WEIGHT = 0.0   # an organisation counts once, by its words (module doc)
QUOTE_SHINGLE = 4       # words per quote fingerprint
SIGNATURE = 96          # keys kept per article (its signature), heaviest first
ENGLISH_SHARE = 0.4     # below this share of dictionary words, a text is in another language
SMALL_NUMBER = 100      # unit-less numbers below this say nothing about which event
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# Weekday and month names recur in every story; the dates they form are `d:` keys already.
_CALENDAR = frozenset(lexicon().get("calendar_words", ()))
# Lengths of time ("a second day", "three weeks") count nothing particular to one event; an age does.
_SPAN_UNITS = frozenset("second minute hour day night week month year decade century season".split())


@dataclass(frozen=True)
class ArticleFeatures:
    """One article as story matching sees it.

    `keys` is sorted and `weights` aligned with it (prior weight x sublinear term frequency), an
    array of doubles: 100,000 articles x 96 keys as float objects took 300 MB more.
    `norm` is the Euclidean length of `weights`. `day` is the publication date as a day number
    (date.toordinal) or None. `body_hash` is "" for an article with no words, so empty articles
    are never taken for copies of each other. `lead` is the first sentence, a fallback title.
    """

    id: int
    title: str
    published: str
    source: str
    body_hash: str
    keys: tuple[str, ...] = ()
    weights: Sequence[float] = field(default_factory=lambda: array("d"))
    norm: float = 0.0
    day: int | None = None
    lead: str = ""

    def terms(self) -> dict[str, float]:
        return dict(zip(self.keys, self.weights))


def features(article_id: int, title: str, body: str, published: str, source: str, body_hash: str,
             analysis: Analysis) -> ArticleFeatures:
    """The matching features of one article. Never raises on odd input (no text, no date, any language)."""
    body = body or ""
    title = (title or "").strip()
    counts, lead, words = _counts(title, body, analysis)     # words: False in a foreign text (_foreign)
    weighted = _weighted(counts, words)
    keys = sorted(_signature(weighted) if len(weighted) > SIGNATURE else weighted)
    weights = array("d", map(weighted.__getitem__, keys))
    norm = math.sqrt(math.fsum(map(mul, weights, weights)))
    has_words = any(ch.isalnum() for ch in body)
    return ArticleFeatures(
        id=article_id, title=title, published=(published or "").strip(), source=(source or "").strip(),
        body_hash=body_hash if has_words else "", keys=tuple(map(sys.intern, keys)), weights=weights,
        norm=norm, day=day_number(published), lead=lead)


def _weighted(counts: Counter[str], words: bool) -> dict[str, float]:
    """Each key's prior weight times its sublinear term frequency."""
    if max(counts.values(), default=0) >= len(_TF):
        priors = _PRIORS_WORDS if words else _PRIORS_FOREIGN
        return {key: priors.get(key[0], 1.0) * _tf(count) for key, count in counts.items()}
    # The common case, by table: prior x tf precomputed per first letter and count (the same products).
    tables = _WEIGHTS_WORDS if words else _WEIGHTS_FOREIGN
    return {key: tables.get(key[0], _TF)[count] for key, count in counts.items()}


def _signature(weighted: dict[str, float]) -> list[str]:
    """The SIGNATURE heaviest keys, ties broken by the smaller key: the SIGNATURE smallest (-weight, key).

    Weights take few distinct values (a prior times 1 + ln count), so rather than heap every key this
    finds the SIGNATURE-th heaviest weight and keeps every key above it plus the first keys tied with it
    (C-level filters: a few hundred keys per article).
    """
    keys = list(weighted)
    values = list(weighted.values())
    cut = sorted(values, reverse=True)[SIGNATURE - 1]
    heavier = list(compress(keys, map(cut.__lt__, values)))
    tied = sorted(compress(keys, map(cut.__eq__, values)))
    return heavier + tied[:SIGNATURE - len(heavier)]


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while building millions of objects that hold no cycles (features
    of 100,000 articles, a matcher's index): each collection walks every live object, and at 100,000
    articles the collections took a quarter of a build."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=4096)
def day_number(published: str | None) -> int | None:
    """An ISO date ("2024-03-06", or a timestamp starting with one) as a day number; None otherwise.

    Cached: a library's articles share a few thousand dates, and loading 100,000 features asks for each.
    """
    match = _DATE.match((published or "").strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).toordinal()
    except ValueError:
        return None


def _counts(title: str, body: str, analysis: Analysis) -> tuple[Counter[str], str, bool]:
    """(key counts, lead sentence, whether word keys count: some words and not a foreign text)."""
    sentences = [s for s in analysis.sentences if not s.furniture] if analysis else []
    lead_end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].span.end if sentences else 0
    lead_texts = ([title] if title else []) + [s.text for s in sentences[:LEAD_SENTENCES]]
    if not sentences and body.strip():
        lead_texts.append(body)           # analysis found no sentences: the text still has words
    # Keys are gathered in one list, the lead's (1 + LEAD_BONUS) times, and counted in bulk
    # (Counter() runs in C): the same counts as adding 1 (+ LEAD_BONUS in the lead) per key.
    keys: list[str] = []
    lead_words, lead_common = _text_keys(lead_texts, keys)
    keys *= 1 + LEAD_BONUS
    other_words, other_common = _text_keys([s.text for s in sentences[LEAD_SENTENCES:]], keys)
    # dictionary / other word occurrences, lead words counted as often as their keys
    common = (1 + LEAD_BONUS) * lead_common + other_common
    other = (1 + LEAD_BONUS) * (lead_words - lead_common) + other_words - other_common
    words = common + other > 0 and not _foreign(common, other)
    # words the English list cannot judge are not compared at all
    counts: Counter[str] = Counter(keys) if words else Counter()
    for fact in analysis.facts if analysis else ():
        key = fact_key(fact)
        if key:
            counts[key] += 1 + (LEAD_BONUS if fact.span.start < lead_end else 0)
    for quote in analysis.quotes if analysis else ():
        counts.update(_shingles(quote.text))
    lead = sentences[0].text.strip() if sentences else body.strip().split("\n", 1)[0][:200]
    return counts, lead, words


def _foreign(common: int, other: int) -> bool:
    """Mostly words the English word list does not know: another language (or no words at all).

    In English news at least half the content words are dictionary words (ECB+: 50 % at the least,
    85 % typically); German, French or Spanish news scores 20-30 %. Such a text's words cannot be
    told apart from its function words, so only its names, numbers, dates and quotes are compared.
    """
    return common < ENGLISH_SHARE * (common + other)


class _Word(NamedTuple):
    """A content word as a key: its `v:`/`w:` key, its stem, 1 for a dictionary word (else 0), and the
    left halves of the phrases it starts, indexed by the next word's `common`: ("b:stem ", "c:stem ")
    for a dictionary word, "b:stem " twice otherwise (`c:` only when both words are dictionary words)."""

    key: str
    stem: str
    common: int
    left: tuple[str, str]


def _text_keys(texts: Sequence[str], out: list[str]) -> tuple[int, int]:
    """Append the word and phrase keys of some sentences (or a headline) to `out`: a `v:`/`w:` key per
    content word, a `b:`/`c:` key per two adjacent content words of one sentence. Returns (content
    words, dictionary words).

    The hot loop of features() (run for every imported article): the texts are tokenised together,
    each word costs one dict lookup (the words of ASCII text are cached by raw token: no per-text
    substitution, no spelling lookup), and keys go straight into `out`.
    """
    raw = ascii_tokens(texts)
    tokens: Sequence[bytes | str] = raw if raw is not None else [
        # non-ASCII letters left after folding somewhere: text by text, word keys for such a text
        token for text in texts for token in ascii_tokens([text]) or [*word_keys(text), TEXT_END]]
    cache = _CACHE
    append = out.append
    n_words = n_common = 0
    left: tuple[str, str] | None = None       # the previous content word's phrase halves
    for token in tokens:
        try:
            word = cache[token]
        except KeyError:
            word = _learn(token)
        if word is None:
            continue
        if word is _TEXT_END:   # no phrase across two sentences
            left = None
            continue
        key, stem_, common, next_left = word
        append(key)
        if left is not None:
            append(left[common] + stem_)
        left = next_left
        n_words += 1
        n_common += common
    return n_words, n_common


# What a token stands for: a raw ASCII token (bytes, from ascii_tokens) or a word key (str, from
# word_keys) -> its _Word, or None for a word that is not a key. News repeats its words, so each is
# judged once per process, not once per use (features of a library of 100,000 articles spent half
# their time here). Bounded: cleared when it grows past _CACHE_MAX.
_TEXT_END = _Word("", "", 0, ("", ""))      # what TEXT_END stands for (never a key: told apart by identity)
_CACHE: dict[bytes | str, _Word | None] = {TEXT_END: _TEXT_END}
_CACHE_MAX = 500_000


def _learn(token: bytes | str) -> _Word | None:
    """Judge a token not in the cache, and cache it."""
    if isinstance(token, bytes):
        key = token_key(token)
        word = (_CACHE[key] if key in _CACHE else _learn(key)) if key else None
    else:
        word = _judge(token)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
        _CACHE[TEXT_END] = _TEXT_END
    _CACHE[token] = word
    return word


def _judge(word: str) -> _Word | None:
    if not _content(word):
        return None
    s = stem(word)
    common = s in lexicon_stems()
    key = sys.intern(f"v:{s}" if common else f"w:{s}")
    return _Word(key, s, int(common), (f"b:{s} ", f"{'c' if common else 'b'}:{s} "))


def _content(word: str) -> bool:
    return len(word) >= 3 and word not in STOP_WORDS and word not in _CALENDAR and not word.isdigit()


def _shingles(text: str) -> Iterable[str]:
    words = word_keys(text)
    return (f"q:{' '.join(words[i:i + QUOTE_SHINGLE])}" for i in range(len(words) - QUOTE_SHINGLE + 1))


def fact_key(fact: Fact) -> str:
    """The key under which one fact is shared across articles ("" for facts too vague to match on)."""
    value = fact.value.strip()
    if not value:
        return ""
    if fact.kind == "person":
        return f"p:{value}"
    if fact.kind == "place":
        return f"l:{value}"
    if fact.kind == "organisation":
        return f"o:{value}"
    if fact.kind in ("number", "money", "percent"):
        if fact.kind == "number" and (not fact.unit and _small(value) or fact.unit in _SPAN_UNITS
                                      or "ordinal" in fact.detail.split(";")):
            return ""
        return f"n:{value}|{fact.unit}"
    if fact.kind == "date":
        return f"d:{value}"
    return ""        # weekdays, clock times and "last week" recur in every story


def _small(value: str) -> bool:
    try:
        return abs(float(value)) < SMALL_NUMBER
    except ValueError:
        return False


_TF = [0.0] + [1.0 + math.log(count) for count in range(1, 256)]


def _tf(count: int) -> float:
    """Sublinear term frequency, 1 + ln count (tabled for the counts news has)."""
    return _TF[count] if count < 256 else 1.0 + math.log(count)


def _prior(key: str, words: bool = True) -> float:
    """A key's weight before term frequency; an organisation weighs nothing when its words are keys."""
    if key[0] == "o":
        return ORGANISATION_WEIGHT if words else 1.0
    return LEXICON_WEIGHT if key[0] in "vc" else 1.0


# _prior by a key's first letter (the table features() looks up; the same values)
_PRIORS_WORDS = {"o": ORGANISATION_WEIGHT, "v": LEXICON_WEIGHT, "c": LEXICON_WEIGHT}
_PRIORS_FOREIGN = {"o": 1.0, "v": LEXICON_WEIGHT, "c": LEXICON_WEIGHT}
# prior x _TF[count] by first letter (_weighted); a letter not listed weighs _TF[count] (prior 1.0)
_WEIGHTS_WORDS = {letter: [prior * tf for tf in _TF] for letter, prior in _PRIORS_WORDS.items()}
_WEIGHTS_FOREIGN = {letter: [prior * tf for tf in _TF] for letter, prior in _PRIORS_FOREIGN.items()}


@lru_cache(maxsize=1)
def lexicon_stems() -> frozenset[str]:
    """Stems of the lower-case words of the shipped English word list."""
    path = resource_path("lexicon", "words.txt.gz")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return frozenset(stem(w) for w in handle.read().split() if w.islower())
    except OSError:
        log.warning("word list %s is missing: every word weighs in full", path)
        return frozenset()


# --- the cache codec ------------------------------------------------------------------------------
# Features are cached in the store (core.stories) so regrouping and a new session's first attach do
# not recompute them from the analysis. A row must decode fast (100,000 of them at once) and a
# damaged one must never be trusted: a CRC covers every byte after it, and decode() checks the shape.
#
#   format (1 byte) | crc32 of the rest (4) | has words (1) | keys (2) | lead bytes (4) | norm (8) |
#   weights (8 x keys, little-endian doubles) | lead (UTF-8) | keys (UTF-8, joined by NUL)
#
# Doubles round-trip exactly, so decoded features are == the computed ones (and score the same).

CACHE_FORMAT = 1
_HEAD = struct.Struct("<BI")
_BODY = struct.Struct("<BHId")
_SEPARATOR = "\0"
_SWAP = sys.byteorder == "big"


class DamagedFeatures(ValueError):
    """A cached features row that does not decode to what was stored: it is recomputed instead."""


def stamp(title: str, published: str, source: str, body_hash: str) -> str:
    """What a cached row was computed from: every input of features() but the text, which body_hash
    stands for (so does the analysis, cached under the same hash), and the code's versions."""
    inputs = _SEPARATOR.join(((title or "").strip(), (published or "").strip(), (source or "").strip(), body_hash))
    digest = hashlib.blake2b(inputs.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"{FEATURES_VERSION}.{ANALYSIS_VERSION}.{CACHE_FORMAT}:{digest}"


def cache_row(title: str, body: str, published: str, source: str, body_hash: str,
              analysis: Analysis) -> tuple[str, bytes] | None:
    """(stamp, data): an article's story_features row exactly as core.stories would write it, made where
    its Analysis object is at hand (an import's reader worker), sparing a JSON round trip later. The id
    is not part of the row, so it can be made before the article is stored. None: it cannot be encoded."""
    data = encode(features(0, title, body, published, source, body_hash, analysis))
    return None if data is None else (stamp(title, published, source, body_hash), data)


def encode(item: ArticleFeatures) -> bytes | None:
    """The cache row of one article's features (None when a key holds a NUL and cannot be joined)."""
    if any(_SEPARATOR in key for key in item.keys) or len(item.keys) > 0xFFFF:
        return None
    weights = array("d", item.weights)
    if _SWAP:
        weights.byteswap()
    lead = item.lead.encode("utf-8", "surrogatepass")
    body = b"".join((_BODY.pack(bool(item.body_hash), len(item.keys), len(lead), item.norm), weights.tobytes(),
                     lead, _SEPARATOR.join(item.keys).encode("utf-8", "surrogatepass")))
    return _HEAD.pack(CACHE_FORMAT, zlib.crc32(body)) + body


def decode(article_id: int, title: str, published: str, source: str, body_hash: str,
           data: bytes) -> ArticleFeatures:
    """Features from a cache row and the article's own fields; DamagedFeatures if the row is not sound."""
    try:
        form, crc = _HEAD.unpack_from(data)
        if form != CACHE_FORMAT or zlib.crc32(memoryview(data)[_HEAD.size:]) != crc:
            raise DamagedFeatures(f"article {article_id}: cached features fail their check")
        words, count, lead_size, norm = _BODY.unpack_from(data, _HEAD.size)
        start = _HEAD.size + _BODY.size
        weights = array("d", data[start:start + 8 * count])
        if _SWAP:
            weights.byteswap()
        start += 8 * count
        lead = data[start:start + lead_size].decode("utf-8", "surrogatepass")
        keys = data[start + lead_size:].decode("utf-8", "surrogatepass").split(_SEPARATOR) if count else []
    except (struct.error, UnicodeDecodeError, TypeError, ValueError) as exc:
        raise DamagedFeatures(f"article {article_id}: cached features do not decode ({exc})") from exc
    if len(keys) != count or len(weights) != count:
        raise DamagedFeatures(f"article {article_id}: cached features have {len(keys)} keys for {count}")
    published = (published or "").strip()
    return ArticleFeatures(
        id=article_id, title=(title or "").strip(), published=published, source=(source or "").strip(),
        body_hash=body_hash if words else "", keys=tuple(map(sys.intern, keys)), weights=weights,
        norm=norm, day=day_number(published), lead=lead)
