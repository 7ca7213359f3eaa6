"""Which sentences and quotes of two or more versions of a story say the same thing.

Sentences, two versions (ENGINE §1 "Take" 2):
1. score the candidate pairs (core.similarity) and keep those above the null threshold;
2. assign one-to-one greedily by descending score;
3. grow a link by a neighbouring free sentence (a split or merged sentence, after Bleualign and
   MASSAlign) when half its content is inside the partner (NewsEdits) or, in the same paragraph,
   it would be aligned with the partner on its own; either way the joined score must rise. Then
   merges whose parts are each too weak to link alone: 2-3 consecutive free sentences that all
   pick one free sentence as best partner (and it one of them), of comparable length, joined
   score above the null and above each part's (`_merges`);
4. the heaviest run of links increasing in both reading orders (each weighing its shared IDF mass)
   is the backbone (CATS, NewsEdits take the longest); a link off it stays, as "moved", only when
   distinctive (MOVE_MASS), since far, short, common matches are coincidences (CollateX,
   comparePlus#113); otherwise both sentences become one-sided;
5. gap filling by position: a lone free sentence on each side between the same two backbone links
   is aligned when its words are closer than random sentences ever are (GAP_RATIO).

Several versions (ENGINE §2): pivot + pairwise + union. Each version is aligned with the pivot;
the sentences no pivot link took are then aligned between non-pivot versions; links join into
rows by union-find, an edge admitted only when its row then holds one cell per article. Rows
follow the pivot's reading order; a sentence without a pivot partner is slotted after the row of
the nearest preceding linked sentence of its own article (a moved one anchors only the rest of its
own paragraph). Nothing depends on the order in which the non-pivot versions are given.

Every sentence of every version lands in exactly one row; furniture alone, in an only_in row.

Quotes (ENGINE §3) are aligned on their own, part by part (a quote split around its attribution
is two parts, and another outlet may print them as two quotes): both sides become word keys
(quote marks, dashes, ellipses, the comma inside the mark, U.K./UK, defence/defense gone) and
rapidfuzz's `partial_ratio_alignment` gives the score and the window of the shorter in the
longer. Each QuoteGroup is one quoted passage (a part) as every article that has it gives it;
its sides are exact body slices (the matched window), so a speaker or wording comparison never
takes in the attribution between two parts.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from core.analysis import Version
from core.model import AlignedRow, QuoteGroup, QuoteSide, Sentence
from core.similarity import (CONTAINMENT, NULL_SCORE, PairScore, SentenceBag, Weights, pair_score, score_pairs,
                             sentence_bags, word_keys)

QUOTE_MATCH = 85.0       # above the 99.9th percentile (81.5) of quote parts vs other events (eval_alignment)
QUOTE_MIN_WORDS = 3      # a shorter passage matches inside a longer one only from this many words on
QUOTE_FULL = 0.9         # a window covering this share of a part stands for the whole part
GAP_RATIO = 46.0         # 99th percentile of fuzz.ratio of random sentence pairs across events (eval_alignment.py)
MERGE_PARTS = 3          # sentences glued at most onto one: a news sentence seldom absorbs more (ENGINE §1)
MERGE_LENGTH = 0.5       # a merged sentence holds at least half the content of its parts, and they of it
MOVE_MASS = 1.5          # a move is kept when its shared words weigh this many story-unique words (or a quote)


# --- sentences, two versions -----------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """Sentences of two versions that say the same thing: `left` cell in one, `right` in the other."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    moved: bool = False
    raw: float = 0.0          # the score before clipping to 1, to tell which of two strong links fits better


def _quote_sentence_pairs(a: Version, b: Version, matches: Sequence["PartMatch"]) -> dict[tuple[int, int], int]:
    """(sentence of a, sentence of b) -> how many quote passages the two share."""
    pairs: dict[tuple[int, int], int] = {}
    at_a, at_b = _sentence_finder(a.analysis.sentences), _sentence_finder(b.analysis.sentences)
    for m in matches:
        i, j = at_a(m.a_window[0]), at_b(m.b_window[0])
        if i is not None and j is not None:
            pairs[(i, j)] = pairs.get((i, j), 0) + 1
    return pairs


def _sentence_finder(sentences: Sequence[Sentence]) -> Callable[[int], int | None]:
    """A function from a body offset to the article sentence (not furniture) holding it, or None."""
    starts = [s.span.start for s in sentences]

    def find(offset: int) -> int | None:
        k = bisect.bisect_right(starts, offset) - 1
        if 0 <= k < len(sentences) and sentences[k].span.start <= offset < sentences[k].span.end:
            return None if sentences[k].furniture else k
        return None
    return find


@dataclass(frozen=True)
class _Doc:
    """One version's side of a pairwise alignment: its bags (None = not taking part) and paragraphs."""

    bags: Sequence[SentenceBag | None]
    paragraphs: Sequence[int]

    def masked(self, keep: Callable[[int], bool]) -> "_Doc":
        return _Doc([bag if keep(i) else None for i, bag in enumerate(self.bags)], self.paragraphs)


def _doc(version: Version, bags: Sequence[SentenceBag | None]) -> _Doc:
    return _Doc(bags, [s.paragraph for s in version.analysis.sentences])


def _pair_links(left: _Doc, right: _Doc, weights: Weights,
                quote_pairs: Mapping[tuple[int, int], int] | None = None) -> list[Link]:
    """The links between two versions' sentences: one-to-one, grown into splits, merges of parts too weak
    alone, ordered, moves kept."""
    quote_pairs = quote_pairs or {}
    scores = score_pairs(left.bags, right.bags, weights, quote_pairs)
    links = _grow(_greedy(scores), left, right, weights, quote_pairs)
    links += _merges(links, scores, left, right, weights, quote_pairs)
    links = _order(links, left.bags, right.bags, weights, quote_pairs)
    return links + _gap_links(links, left.bags, right.bags)


def _greedy(scores: Mapping[tuple[int, int], PairScore]) -> list[Link]:
    edges = sorted(((s.raw, s.score, i, j) for (i, j), s in scores.items() if s.score > NULL_SCORE),
                   key=lambda e: (-e[0], e[2], e[3]))
    used_left: set[int] = set()
    used_right: set[int] = set()
    links: list[Link] = []
    for raw, score, i, j in edges:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            links.append(Link((i,), (j,), score, raw=raw))
    return links


def _grow(links: list[Link], left: _Doc, right: _Doc, weights: Weights,
          quote_pairs: Mapping[tuple[int, int], int]) -> list[Link]:
    """Attach free neighbours to links (splits and merges) until nothing more attaches."""
    changed = True
    while changed:
        changed = False
        for side in (0, 1):
            own, other = (left, right) if side == 0 else (right, left)
            taken = {i for link in links for i in (link.left if side == 0 else link.right)}
            for n in range(len(links)):
                cell = links[n].left if side == 0 else links[n].right
                for free in (_neighbour(own.bags, min(cell), -1), _neighbour(own.bags, max(cell), +1)):
                    if free is None or free in taken:
                        continue
                    grown = _try_grow(links[n], side, free, own, other, weights, quote_pairs)
                    if grown is not None:
                        links[n] = grown
                        taken.add(free)
                        changed = True
    return links


def _merges(links: Sequence[Link], scores: Mapping[tuple[int, int], PairScore], left: _Doc, right: _Doc,
            weights: Weights, quote_pairs: Mapping[tuple[int, int], int]) -> list[Link]:
    """Links for merged (or split) sentences whose parts are each too weak to link alone.

    `_grow` only extends a link, so two consecutive sentences that another outlet merged into one,
    neither above the null alone ("Some 420 residents were moved ..." + "Many spent the night at the
    Northgate Community Centre." / "About 240 people were evacuated ..., and most were given beds at
    Northgate High School"), never meet their partner. A run of 2 to MERGE_PARTS consecutive sentences
    left free on one side merges into a free sentence j of the other side when:
    - every part's best partner is j and j's best partner is one of the parts (NewsEdits keeps each
      sentence's best partner in both directions; one-to-many falls out);
    - the two sides' lengths are comparable (MERGE_LENGTH);
    - the joined score beats the null and each part alone (Bleualign: glue only if the score rises).
    Best first, no sentence twice. Only pairs already scored are looked at, so this costs a few joined
    scores per pair of articles.
    """
    taken = ({i for link in links for i in link.left}, {j for link in links for j in link.right})
    best = _best_partners(scores)
    found: list[tuple[float, tuple[int, ...], tuple[int, ...], float]] = []
    for side in (0, 1):
        free = {i: j for i, j in best[side].items() if i not in taken[side] and j not in taken[1 - side]}
        for run, j in _runs_to_one(left if side == 0 else right, free):
            if best[1 - side][j] not in run:
                continue
            cells = (run, (j,)) if side == 0 else ((j,), run)
            if not _comparable_lengths(cells, left, right):
                continue
            joined = _cell_score(cells, left, right, weights, quote_pairs)
            parts = max(scores[(i, j) if side == 0 else (j, i)].raw for i in run)
            if joined.score > NULL_SCORE and joined.raw > parts:
                found.append((joined.raw, *cells, joined.score))
    return _disjoint(found)


def _disjoint(found: Sequence[tuple[float, tuple[int, ...], tuple[int, ...], float]]) -> list[Link]:
    """Links from (raw, left cell, right cell, score), best first, none reusing a sentence."""
    out: list[Link] = []
    used: tuple[set[int], set[int]] = (set(), set())
    for raw, cell_l, cell_r, score in sorted(found, key=lambda f: (-f[0], f[1], f[2])):
        if used[0].isdisjoint(cell_l) and used[1].isdisjoint(cell_r):
            used[0].update(cell_l)
            used[1].update(cell_r)
            out.append(Link(cell_l, cell_r, score, raw=raw))
    return out


def _best_partners(scores: Mapping[tuple[int, int], PairScore]) -> tuple[dict[int, int], dict[int, int]]:
    """Each left sentence's best-scoring right sentence, and each right sentence's best left one
    (a tie goes to the earlier sentence)."""
    best: tuple[dict[int, tuple[float, int]], dict[int, tuple[float, int]]] = ({}, {})
    for (i, j), score in scores.items():
        for side, (k, partner) in enumerate(((i, j), (j, i))):
            if (-score.raw, partner) < best[side].get(k, (1.0, -1)):
                best[side][k] = (-score.raw, partner)
    return {k: p for k, (_, p) in best[0].items()}, {k: p for k, (_, p) in best[1].items()}


def _runs_to_one(doc: _Doc, partner: Mapping[int, int]) -> Iterator[tuple[tuple[int, ...], int]]:
    """Runs of 2 to MERGE_PARTS consecutive sentences with one best partner, and that partner. Each
    sentence directly follows the one before, in its paragraph or the next: a merge joins what was
    told in one breath, not across a subheading or a sentence aligned elsewhere."""
    for start, j in partner.items():
        run = (start,)
        while len(run) < MERGE_PARTS:
            nxt = run[-1] + 1
            if partner.get(nxt) != j or doc.paragraphs[nxt] - doc.paragraphs[run[-1]] > 1:
                break
            run += (nxt,)
            yield run, j


def _comparable_lengths(cells: tuple[tuple[int, ...], tuple[int, ...]], left: _Doc, right: _Doc) -> bool:
    """Whether each cell's content words are at least MERGE_LENGTH of the other's (in characters).

    A sentence that merges others carries most of what they say, so the two sides' lengths are
    proportional (Gale and Church's length model, Bleualign's fallback): two short lines are not a
    long sentence ("A crossing can be replaced. People cannot."), nor two long ones a headline.
    """
    size_l, size_r = _content_length(left, cells[0]), _content_length(right, cells[1])
    return min(size_l, size_r) >= MERGE_LENGTH * max(size_l, size_r)


def _content_length(doc: _Doc, cell: tuple[int, ...]) -> int:
    return sum(len(bag.content) for k in cell if (bag := doc.bags[k]) is not None)


def _cell_score(cells: tuple[tuple[int, ...], tuple[int, ...]], left: _Doc, right: _Doc, weights: Weights,
                quote_pairs: Mapping[tuple[int, int], int]) -> PairScore:
    """The score of two cells, each its sentences joined, with the quotes they share."""
    a = SentenceBag.join([left.bags[i] for i in cells[0]])  # type: ignore[misc]
    b = SentenceBag.join([right.bags[j] for j in cells[1]])  # type: ignore[misc]
    return pair_score(a, b, weights, sum(quote_pairs.get((i, j), 0) for i in cells[0] for j in cells[1]))


def _neighbour(bags: Sequence[SentenceBag | None], at: int, step: int) -> int | None:
    """The next sentence taking part (not furniture) before or after `at`."""
    k = at + step
    while 0 <= k < len(bags) and bags[k] is None:
        k += step
    return k if 0 <= k < len(bags) else None


def _try_grow(link: Link, side: int, free: int, own: _Doc, other: _Doc, weights: Weights,
              quote_pairs: Mapping[tuple[int, int], int]) -> Link | None:
    """The link with `free` joined to its side, if that is a split or merge; else None.

    `free` qualifies when half its content is inside the partner (NewsEdits' merge rule), or, within
    the same paragraph, when it would be aligned with the partner on its own; either way the
    joined score must rise (Bleualign, MASSAlign).
    """
    cell, partner = (link.left, link.right) if side == 0 else (link.right, link.left)
    free_bag = own.bags[free]
    partner_bag = SentenceBag.join([other.bags[k] for k in partner])  # type: ignore[misc]
    if free_bag is None:
        return None
    if weights.contained(free_bag, partner_bag) < CONTAINMENT and not (
            any(own.paragraphs[free] == own.paragraphs[k] for k in cell)
            and pair_score(free_bag, partner_bag, weights).score > NULL_SCORE):
        return None
    cell = tuple(sorted(cell + (free,)))
    joined = SentenceBag.join([own.bags[k] for k in cell])  # type: ignore[misc]
    left_cell, right_cell = (cell, partner) if side == 0 else (partner, cell)
    quotes = sum(quote_pairs.get((i, j), 0) for i in left_cell for j in right_cell)
    a, b = (joined, partner_bag) if side == 0 else (partner_bag, joined)
    joined_score = pair_score(a, b, weights, quotes)
    if joined_score.raw <= link.raw:
        return None
    return Link(left_cell, right_cell, joined_score.score, raw=joined_score.raw)


def _order(links: list[Link], left: Sequence[SentenceBag | None], right: Sequence[SentenceBag | None],
           weights: Weights, quote_pairs: Mapping[tuple[int, int], int]) -> list[Link]:
    """Backbone = the heaviest run of links increasing in both orders, each weighing its shared IDF
    mass (so a long distinctive sentence outweighs a short common one); off it, distinctive links
    are moves and the rest are dropped."""
    links = sorted(links, key=lambda link: link.left[0])
    shared = [weights.mass(SentenceBag.join([left[i] for i in link.left]).stems  # type: ignore[misc]
                           & SentenceBag.join([right[j] for j in link.right]).stems) for link in links]
    backbone = _heaviest_increasing([link.right[0] for link in links], [m + 0.01 for m in shared])
    out: list[Link] = []
    for n, link in enumerate(links):
        if n in backbone:
            out.append(link)
        elif shared[n] >= MOVE_MASS * weights.rarest or any(
                quote_pairs.get((i, j)) for i in link.left for j in link.right):
            out.append(Link(link.left, link.right, link.score, moved=True, raw=link.raw))
    return out


def _gap_links(links: list[Link], left: Sequence[SentenceBag | None],
               right: Sequence[SentenceBag | None]) -> list[Link]:
    """Links by position (Bleualign's gap filling): one free sentence on each side, alone between the
    same two consecutive backbone links, whose keys are closer than random sentences ever are
    ("Jeff Flake said he would." / "NBC News reported he would.": few content words, same slot)."""
    taken_left = {i for link in links for i in link.left}
    taken_right = {j for link in links for j in link.right}
    anchors = sorted((min(link.left), max(link.left), min(link.right), max(link.right))
                     for link in links if not link.moved)
    anchors = [(-1, -1, -1, -1)] + anchors + [(len(left), len(left), len(right), len(right))]
    out: list[Link] = []
    for (_, end_l, _, end_r), (start_l, _, start_r, _) in zip(anchors, anchors[1:]):
        gap_l = [i for i in range(end_l + 1, start_l) if left[i] is not None and i not in taken_left]
        gap_r = [j for j in range(end_r + 1, start_r) if right[j] is not None and j not in taken_right]
        if len(gap_l) == 1 and len(gap_r) == 1:
            ratio = fuzz.ratio(left[gap_l[0]].key, right[gap_r[0]].key)  # type: ignore[union-attr]
            if ratio > GAP_RATIO:
                out.append(Link((gap_l[0],), (gap_r[0],), ratio / 100, raw=ratio / 100))
    return out


def _heaviest_increasing(values: Sequence[int], weights: Sequence[float]) -> set[int]:
    """Positions of the strictly increasing subsequence of `values` with the largest total weight.

    O(n log n): a Fenwick tree over the ranks of the values keeps the best chain ending below each rank.
    """
    ranks = {v: r + 1 for r, v in enumerate(sorted(set(values)))}
    size = len(ranks)
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)
    parent = [-1] * len(values)
    for n, v in enumerate(values):
        best, k = (0.0, -1), ranks[v] - 1
        while k > 0:                                  # best chain over ranks below v
            best = max(best, tree[k])
            k -= k & -k
        parent[n] = best[1]
        chain = (best[0] + weights[n], n)
        k = ranks[v]
        while k <= size:
            tree[k] = max(tree[k], chain)
            k += k & -k
    end, k = (0.0, -1), size
    while k > 0:
        end = max(end, tree[k])
        k -= k & -k
    out: set[int] = set()
    n = end[1]
    while n >= 0:
        out.add(n)
        n = parent[n]
    return out


# --- rows: pivot + pairwise + union ----------------------------------------------------------------

class _Rows:
    """Union-find over (article, sentence) nodes, each component one row, with its members and scores."""

    def __init__(self, versions: Sequence[Version]) -> None:
        nodes = [(art, s) for art, v in enumerate(versions) for s in range(len(v.analysis.sentences))]
        self.parent = {n: n for n in nodes}
        self.members: dict[tuple[int, int], set[tuple[int, int]]] = {n: {n} for n in nodes}
        self.scores: dict[tuple[int, int], list[float]] = {}
        self.moved: set[tuple[int, int]] = set()            # roots of rows holding a moved link
        self.moved_nodes: set[tuple[int, int]] = set()      # non-pivot sentences out of the pivot's order

    def find(self, node: tuple[int, int]) -> tuple[int, int]:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while node != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, nodes: Sequence[tuple[int, int]], score: float, moved: bool) -> None:
        roots = sorted({self.find(n) for n in nodes})
        root = roots[0]
        for other in roots[1:]:
            self.parent[other] = root
            self.members[root] |= self.members.pop(other)
            self.scores.setdefault(root, []).extend(self.scores.pop(other, []))
            if other in self.moved:
                self.moved.discard(other)
                self.moved.add(root)
        self.scores.setdefault(root, []).append(score)
        if moved:
            self.moved.add(root)

    def admits(self, cells: Mapping[int, tuple[int, ...]]) -> bool:
        """An edge may join rows only if each article then has one cell in the row: the edge's own
        cell, or the one a single row already holds (a split cell needs the containment behind it)."""
        roots = {self.find((art, s)) for art, cell in cells.items() for s in cell}
        for art in {a for r in roots for a, _ in self.members[r]}:
            holders = [r for r in roots if any(a == art for a, _ in self.members[r])]
            held = {s for r in holders for a, s in self.members[r] if a == art}
            if len(holders) > 1 and held != set(cells.get(art, ())):
                return False
        return True


def _build_rows(versions: Sequence[Version], bags: Sequence[Sequence[SentenceBag | None]], pivot: int,
                pivot_links: Mapping[int, list[Link]],
                extra_links: Sequence[tuple[int, int, Link]]) -> list[AlignedRow]:
    rows = _Rows(versions)
    for other, links in pivot_links.items():
        for link in links:
            rows.union([(pivot, i) for i in link.left] + [(other, j) for j in link.right], link.score, link.moved)
            if link.moved:
                rows.moved_nodes.update((other, j) for j in link.right)
    for a, b, link in extra_links:
        if rows.admits({a: link.left, b: link.right}):
            rows.union([(a, i) for i in link.left] + [(b, j) for j in link.right], link.score, False)
    return _ordered_rows(versions, bags, pivot, rows)


def _ordered_rows(versions: Sequence[Version], bags: Sequence[Sequence[SentenceBag | None]], pivot: int,
                  rows: _Rows) -> list[AlignedRow]:
    groups = rows.members
    anchored = sorted((min(s for a, s in nodes if a == pivot), root) for root, nodes in groups.items()
                      if any(a == pivot for a, _ in nodes))
    position = {root: n for n, (_, root) in enumerate(anchored)}
    placed: dict[tuple[int, int], tuple[float, float, str]] = {}
    for art, version in enumerate(versions):
        if art != pivot:
            for root, key in _slots(version.analysis.sentences, art, rows, position):
                placed[root] = max(placed.get(root, key), key)
    order = [(float(n), -1.0, "", root) for root, n in position.items()]
    order += [(anchor + 0.5, rel, text, root) for root, (anchor, rel, text) in placed.items()]
    order.sort(key=lambda item: item[:3])
    return [_row(versions, bags, groups[root], rows, root) for *_, root in order]


def _slots(sentences: Sequence[Sentence], art: int, rows: _Rows,
           position: Mapping[tuple[int, int], int]) -> list[tuple[tuple[int, int], tuple[float, float, str]]]:
    """Where each sentence without a pivot partner goes: after the row of the nearest preceding linked
    sentence of its article. A moved sentence anchors only the rest of its own paragraph, so a
    paragraph moved away does not drag the sentences that follow it along."""
    out = []
    anchor, moved_anchor, moved_paragraph = -1.0, -1.0, -1
    total = max(len(sentences), 1)
    for s, sentence in enumerate(sentences):
        root = rows.find((art, s))
        if root in position:
            if (art, s) in rows.moved_nodes:
                moved_anchor, moved_paragraph = float(position[root]), sentence.paragraph
            else:
                anchor, moved_paragraph = float(position[root]), -1
            continue
        here = moved_anchor if sentence.paragraph == moved_paragraph else anchor
        out.append((root, (here, s / total, sentence.text)))
    return out


def _row(versions: Sequence[Version], bags: Sequence[Sequence[SentenceBag | None]], nodes: set[tuple[int, int]],
         rows: _Rows, root: tuple[int, int]) -> AlignedRow:
    cells = tuple(tuple(sorted(s for a, s in nodes if a == art)) for art in range(len(versions)))
    present = [cell for cell in cells if cell]
    if len(present) == 1:
        return AlignedRow("only_in", 1.0, cells)
    scores = rows.scores.get(root, [1.0])
    score = round(min(1.0, max(0.0, sum(scores) / len(scores))), 4)
    if root in rows.moved:
        return AlignedRow("moved", score, cells)
    keys = {SentenceBag.join([bags[art][s] for s in cell]).key  # type: ignore[misc]
            for art, cell in enumerate(cells) if cell}
    return AlignedRow("same" if len(keys) == 1 else "changed", score, cells)


# --- public API ------------------------------------------------------------------------------------

def align_pair(a: Version, b: Version, idf: Mapping[str, float] | None = None) -> list[AlignedRow]:
    """Rows aligning the sentences of two versions, in a's reading order; see the module doc."""
    rows, _ = align_story([a, b], pivot=0, idf=idf)
    return rows


def align_story(versions: Sequence[Version], pivot: int | None = None,
                idf: Mapping[str, float] | None = None) -> tuple[list[AlignedRow], int]:
    """Rows aligning the sentences of all versions around a pivot, and the pivot used.

    `pivot` defaults to `choose_pivot(versions)`. `idf` is a library-wide IDF keyed by
    `core.similarity.word_keys` keys; without it IDF comes from the versions' own sentences.
    """
    versions = list(versions)
    if not versions:
        return [], 0
    if pivot is None or not 0 <= pivot < len(versions):
        pivot = choose_pivot(versions)
    bags = [sentence_bags(v) for v in versions]
    weights = Weights([bag for per in bags for bag in per if bag is not None], idf)
    quotes = _QuoteCache(versions)
    docs = [_doc(v, b) for v, b in zip(versions, bags)]
    pivot_links = {k: _pair_links(docs[pivot], docs[k], weights, quotes.sentence_pairs(pivot, k))
                   for k in range(len(versions)) if k != pivot}
    linked = {(pivot, i) for links in pivot_links.values() for link in links for i in link.left}
    linked |= {(k, j) for k, links in pivot_links.items() for link in links for j in link.right}
    extra: list[tuple[int, int, Link]] = []
    others = [k for k in range(len(versions)) if k != pivot]
    for x in others:
        for y in others:
            if x < y:
                left = docs[x].masked(lambda i: (x, i) not in linked)
                right = docs[y].masked(lambda j: (y, j) not in linked)
                if any(left.bags) and any(right.bags):
                    extra += [(x, y, link) for link in _pair_links(left, right, weights, quotes.sentence_pairs(x, y))]
    extra.sort(key=lambda e: (-e[2].score, _edge_text(versions, e)))
    return _build_rows(versions, bags, pivot, pivot_links, extra), pivot


def _edge_text(versions: Sequence[Version], edge: tuple[int, int, Link]) -> tuple[str, str]:
    """A tie-break by content, so equal-score edges do not depend on the order of the versions."""
    a, b, link = edge
    texts = sorted((" ".join(versions[a].analysis.sentences[i].text for i in link.left),
                    " ".join(versions[b].analysis.sentences[j].text for j in link.right)))
    return texts[0], texts[1]


def choose_pivot(versions: Sequence[Version]) -> int:
    """The version most similar to all others (summed IDF-weighted cosine of content stems).

    Usually the wire copy the others rewrote. Ties go to the longer body, then to the body's
    text, never to the position in the list.
    """
    if len(versions) < 2:
        return 0
    bags = [SentenceBag.join([b for b in sentence_bags(v) if b is not None] or [SentenceBag.of("")])
            for v in versions]
    weights = Weights(bags)
    vectors = [{s: weights.word(s) for s in bag.stems} for bag in bags]
    norms = [sum(w * w for w in vec.values()) ** 0.5 or 1.0 for vec in vectors]

    def similarity(i: int, j: int) -> float:
        return sum(w * vectors[j].get(s, 0.0) for s, w in vectors[i].items()) / (norms[i] * norms[j])

    totals = [sum(similarity(i, j) for j in range(len(versions)) if j != i) for i in range(len(versions))]
    return max(range(len(versions)), key=lambda i: (round(totals[i], 9), len(versions[i].body), versions[i].body))


# --- quotes ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?")


@dataclass(frozen=True)
class _Passage:
    """One quote part: its keys as one string, and where each key character sits in the body."""

    article: int
    quote: int
    part: int
    start: int
    end: int
    norm: str
    words: int
    token_spans: tuple[tuple[int, int], ...]
    key_starts: tuple[int, ...]         # where each token's key starts in norm
    vocab: frozenset[str]               # its word keys, to skip pairs that cannot match


@dataclass(frozen=True)
class PartMatch:
    a: _Passage
    b: _Passage
    score: float                        # partial_ratio, 0..100
    a_window: tuple[int, int]           # body offsets of the matched words in a
    b_window: tuple[int, int]
    fragment: bool                      # one side covers only part of the other


def _passages(article: int, version: Version) -> list[_Passage]:
    out: list[_Passage] = []
    for q, quote in enumerate(version.analysis.quotes):
        for p, span in enumerate(quote.parts or (quote.span,)):
            spans: list[tuple[int, int]] = []
            keys: list[str] = []
            starts: list[int] = []
            at = 0
            for m in _TOKEN.finditer(version.body, span.start, span.end):
                key = _token_key(m.group())
                if key:
                    spans.append(m.span())
                    keys.append(key)
                    starts.append(at)
                    at += len(key) + 1
            norm = " ".join(keys)
            out.append(_Passage(article, q, p, span.start, span.end, norm, len(keys), tuple(spans), tuple(starts),
                                frozenset(norm.split())))
    return out


@lru_cache(maxsize=32768)
def _token_key(token: str) -> str:
    return " ".join(word_keys(token))


def _window(passage: _Passage, start: int, end: int) -> tuple[int, int, float]:
    """Body offsets of the tokens under norm[start:end] and the share of the part they cover."""
    if not passage.key_starts or end <= start:
        return passage.start, passage.end, 1.0
    first = bisect.bisect_right(passage.key_starts, start) - 1       # the token under the first character
    if passage.norm[start:start + 1] == " ":
        first += 1                                                      # a space belongs to no token
    last = max(first, bisect.bisect_right(passage.key_starts, end - 1) - 1)
    share = (last - first + 1) / len(passage.token_spans)
    if share >= QUOTE_FULL:
        return passage.start, passage.end, 1.0
    return passage.token_spans[first][0], passage.token_spans[last][1], share


def _match(a: _Passage, b: _Passage) -> PartMatch | None:
    short, long_ = (a, b) if len(a.norm) <= len(b.norm) else (b, a)
    if not short.norm or (short.words < QUOTE_MIN_WORDS and short.norm != long_.norm):
        return None             # a one- or two-word quote ("bemused interest") matches only itself whole
    if 2 * len(short.vocab & long_.vocab) < len(short.vocab):
        return None             # a passage sharing under half its words cannot reach QUOTE_MATCH
    found = fuzz.partial_ratio_alignment(short.norm, long_.norm, processor=None, score_cutoff=QUOTE_MATCH)
    if found is None:
        return None
    s_start, s_end, s_share = _window(short, found.src_start, found.src_end)
    l_start, l_end, l_share = _window(long_, found.dest_start, found.dest_end)
    fragment = min(s_share, l_share) < QUOTE_FULL
    if short is a:
        return PartMatch(a, b, found.score, (s_start, s_end), (l_start, l_end), fragment)
    return PartMatch(a, b, found.score, (l_start, l_end), (s_start, s_end), fragment)


def _part_matches(a: Sequence[_Passage], b: Sequence[_Passage]) -> list[PartMatch]:
    """Quote parts of two articles paired one-to-one, best score first.

    Only pairs sharing at least half of the shorter part's words are scored (via an index of b's
    words): fewer cannot reach QUOTE_MATCH.
    """
    index: dict[str, list[int]] = {}
    for k, pb in enumerate(b):
        for word in pb.vocab:
            index.setdefault(word, []).append(k)
    found: list[PartMatch] = []
    for pa in a:
        shared: dict[int, int] = {}
        for word in pa.vocab:
            for k in index.get(word, ()):
                shared[k] = shared.get(k, 0) + 1
        for k, count in shared.items():
            if 2 * count >= min(len(pa.vocab), len(b[k].vocab)) and (m := _match(pa, b[k])) is not None:
                found.append(m)
    found.sort(key=lambda m: (-m.score, m.a.start, m.b.start))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[PartMatch] = []
    for m in found:
        if m.a.start not in used_a and m.b.start not in used_b:
            used_a.add(m.a.start)
            used_b.add(m.b.start)
            out.append(m)
    return out


class _QuoteCache:
    """Quote passages per version and part matches per pair of versions, computed once per story."""

    def __init__(self, versions: Sequence[Version]) -> None:
        self.versions = versions
        self.passages = [_passages(n, v) for n, v in enumerate(versions)]
        self._matches: dict[tuple[int, int], list[PartMatch]] = {}

    def matches(self, a: int, b: int) -> list[PartMatch]:
        if (a, b) not in self._matches:
            self._matches[(a, b)] = _part_matches(self.passages[a], self.passages[b])
        return self._matches[(a, b)]

    def sentence_pairs(self, a: int, b: int) -> dict[tuple[int, int], int]:
        return _quote_sentence_pairs(self.versions[a], self.versions[b], self.matches(a, b))


def align_quotes(versions: Sequence[Version]) -> list[QuoteGroup]:
    """Groups of quote passages that are one statement across articles, and passages one article has alone.

    Parts match across every pair of articles; matches join into groups by union-find, best score
    first, at most one part per article in a group. relation: identical (same text), cosmetic (same
    after normalisation), fragment (one side is part of the other), reworded, only_in (one side).
    """
    versions = list(versions)
    cache = _QuoteCache(versions)
    nodes = {(p.article, p.start): p for per in cache.passages for p in per}
    groups: dict[tuple[int, int], set[tuple[int, int]]] = {n: {n} for n in nodes}
    root_of = {n: n for n in nodes}
    matches = [m for i in range(len(versions)) for j in range(i + 1, len(versions)) for m in cache.matches(i, j)]
    matches.sort(key=lambda m: (-m.score, m.a.norm, m.b.norm))
    admitted: list[PartMatch] = []
    for m in matches:
        ra, rb = root_of[(m.a.article, m.a.start)], root_of[(m.b.article, m.b.start)]
        if ra != rb and {a for a, _ in groups[ra]} & {a for a, _ in groups[rb]}:
            continue                      # the group already has a part of one of these articles
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            for n in groups.pop(gone):
                root_of[n] = keep
                groups[keep].add(n)
        admitted.append(m)
    by_root: dict[tuple[int, int], list[PartMatch]] = {}
    for m in admitted:
        by_root.setdefault(root_of[(m.a.article, m.a.start)], []).append(m)
    windows = _windows(admitted)
    out = [_quote_group(versions, [nodes[n] for n in sorted(members)], windows, by_root.get(root, []))
           for root, members in groups.items()]
    return sorted(out, key=lambda g: (g.sides[0].article, g.sides[0].start))


def _windows(admitted: Sequence[PartMatch]) -> dict[tuple[int, int], tuple[int, int]]:
    """Each matched part's window: the union of the windows its matches found in it."""
    windows: dict[tuple[int, int], tuple[int, int]] = {}
    for m in admitted:
        for p, (s, e) in ((m.a, m.a_window), (m.b, m.b_window)):
            old = windows.get((p.article, p.start), (s, e))
            windows[(p.article, p.start)] = (min(old[0], s), max(old[1], e))
    return windows


def _quote_group(versions: Sequence[Version], passages: Sequence[_Passage],
                 windows: Mapping[tuple[int, int], tuple[int, int]], edges: Sequence[PartMatch]) -> QuoteGroup:
    sides = tuple(_quote_side(versions, p, windows.get((p.article, p.start), (p.start, p.end))) for p in passages)
    score = round(sum(m.score for m in edges) / len(edges) / 100, 4) if edges else 1.0
    return QuoteGroup(sides, _relation(versions, sides, edges), score)


def _quote_side(versions: Sequence[Version], p: _Passage, window: tuple[int, int]) -> QuoteSide:
    quote = versions[p.article].analysis.quotes[p.quote]
    start, end = window
    return QuoteSide(p.article, p.quote, versions[p.article].body[start:end], start, end, quote.speaker, quote.relay)


_RELATIONS = ("identical", "cosmetic", "fragment", "reworded")


def _relation(versions: Sequence[Version], sides: Sequence[QuoteSide], edges: Sequence[PartMatch]) -> str:
    """The group's relation: the worst of its matches (reworded > fragment > cosmetic > identical)."""
    if len(sides) == 1:
        return "only_in"
    worst = "identical"
    for m in edges:
        text_a, text_b = versions[m.a.article].body[slice(*m.a_window)], versions[m.b.article].body[slice(*m.b_window)]
        if word_keys(text_a) != word_keys(text_b):
            relation = "reworded"
        elif m.fragment:
            relation = "fragment"
        else:
            relation = "identical" if text_a == text_b else "cosmetic"
        worst = max(worst, relation, key=_RELATIONS.index)
    return worst
