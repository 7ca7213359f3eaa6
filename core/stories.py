"""Stories in the store: grouping articles (core.matching) and the editor's decisions about them.

Stories are derived data: `regroup()` rebuilds them all, `attach()` places new articles. The
editor's decisions ("same story", "not the same story", "move this article") are constraints
kept in their own table; every grouping is computed under them, so they always win. A rebuilt
story keeps the id of the old story it shares most articles with, so what the editor had open
stays open.
"""
from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core.analysis import ANALYSIS_VERSION
from core.records import ArticleSummary
from core.store import utc_now

if TYPE_CHECKING:
    from core.library import Library
    from core.matching import ArticleFeatures, Constraints, Matcher, Story

log = logging.getLogger(__name__)

UNDO_DEPTH = 20     # decisions the editor can take back in one session
READ_PAGE = 500     # articles read per query when loading cached features (SQLite allows 999 variables)
# What a cached features row is checked against (story_features.stamp), without the text or analysis.
_CACHED_ROWS = """SELECT a.id, a.title, a.published, s.name, a.content_hash, f.stamp, f.data
    FROM articles a JOIN sources s ON s.id = a.source_id
    LEFT JOIN story_features f ON f.article_id = a.id
    WHERE a.id IN ({marks})"""
CachedRow = tuple[int, str, str, str, str, "str | None", "bytes | None"]
_FEATURE_ROWS = """SELECT a.id, a.title, a.body, a.published, s.name, a.content_hash, n.data
    FROM articles a JOIN sources s ON s.id = a.source_id
    LEFT JOIN analyses n ON n.article_id = a.id AND n.version = ? AND n.body_hash = a.content_hash
    WHERE a.id IN ({marks})"""
FeatureRow = tuple[int, str, str, str, str, str, "str | None"]


@dataclass(frozen=True)
class Computed:
    """Features computed from an article (in a worker), with what the store should keep of them."""

    item: ArticleFeatures
    stamp: str
    blob: bytes | None                          # the cache row; None when it cannot be encoded
    analysis: tuple[int, str, str] | None       # a fresh analysis as (id, body hash, JSON)


def _features_of_rows(rows: Sequence[FeatureRow]) -> list[Computed]:
    """A job (run in a worker process for large batches): each article's features, from its cached
    analysis JSON, or from a fresh analysis, returned as JSON for the store to keep."""
    from core.analysis import Analysis, analyse
    from core.story_features import encode, features, stamp

    out: list[Computed] = []
    for article_id, title, body, published, source, body_hash, data in rows:
        analysis, fresh = None, None
        if data is not None:
            try:
                analysis = Analysis.from_json(json.loads(data))
            except (KeyError, TypeError, ValueError):
                analysis = None         # a damaged cache row is recomputed, never trusted
        if analysis is None:
            analysis = analyse(body, published)
            fresh = (article_id, body_hash, json.dumps(analysis.to_json(), ensure_ascii=False))
        item = features(article_id, title, body, published, source, body_hash, analysis)
        out.append(Computed(item, stamp(title, published, source, body_hash), encode(item), fresh))
    return out


def insert_feature_rows(conn: sqlite3.Connection, rows: Sequence[tuple[int, str, bytes]]) -> None:
    """Write (article id, stamp, data) story_features rows in the caller's transaction (an import
    stores them with their articles)."""
    if rows:
        conn.executemany("INSERT OR REPLACE INTO story_features (article_id, stamp, data) VALUES (?, ?, ?)", rows)


def _from_cache(row: CachedRow) -> ArticleFeatures | None:
    """The cached features of one article, if its row is current and sound (None: compute them)."""
    from core.story_features import DamagedFeatures, decode, stamp

    article_id, title, published, source, body_hash, stored, data = row
    if data is None or stored != stamp(title, published, source, body_hash):
        return None
    try:
        return decode(article_id, title, published, source, body_hash, data)
    except DamagedFeatures:
        log.warning("article %d: cached story features are damaged; computing them again", article_id)
        return None


@dataclass(frozen=True)
class StoryRecord:
    id: int
    title: str
    first: str
    last: str
    confidence: float
    sources: tuple[str, ...]
    articles: tuple[ArticleSummary, ...]
    copies: tuple[tuple[int, ...], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The `stories --json` contract: add fields, never rename."""
        return {
            "id": self.id, "title": self.title, "first": self.first, "last": self.last,
            "confidence": round(self.confidence, 3), "sources": list(self.sources),
            "articles": [a.to_json() for a in self.articles], "copies": [list(c) for c in self.copies],
        }


def _members_key(article_ids: Iterable[int]) -> str:
    """Which articles a stored count is about; an analysis upgrade makes old counts stale too."""
    return f"v{ANALYSIS_VERSION}:" + ",".join(str(a) for a in sorted(article_ids))


@dataclass
class _StoredStories:
    story_of: dict[int, int]                    # article -> story id
    copy_of: dict[int, int | None]              # article -> the copy it repeats
    members: dict[int, list[int]]               # story id -> its articles, sorted
    headers: dict[int, tuple[Any, ...]]         # story id -> (title, first, last, confidence)

    def holds(self, story_id: int, story: Story, copy_of: dict[int, int]) -> bool:
        """The store holds this story already, under this id, exactly as it is."""
        return (tuple(self.members.get(story_id, ())) == story.articles
                and self.headers.get(story_id) == (story.title, story.first, story.last, story.confidence)
                and all(self.copy_of[a] == copy_of.get(a) for a in story.articles))


class StoryError(Exception):
    """A story request that cannot be carried out; the message is written for the editor."""


class StoryManager:
    def __init__(self, library: "Library") -> None:
        self._library = library
        self._matcher: Matcher | None = None
        self._undo: list[dict[tuple[int, int], str | None]] = []   # earlier kinds of the pairs each decision set

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._library.store.conn

    # --- reading --------------------------------------------------------------------------------

    def list(self) -> list[StoryRecord]:
        ids = [r[0] for r in self._conn.execute("SELECT id FROM stories ORDER BY last_date DESC, id DESC")]
        return [self.get(i) for i in ids]

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM stories").fetchone()[0])

    def get(self, story_id: int) -> StoryRecord:
        row = self._conn.execute(
            "SELECT id, title, first_date, last_date, confidence FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        if row is None:
            raise StoryError(f"there is no story {story_id} in this library")
        members = self._conn.execute(
            "SELECT article_id, copy_of FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,)
        ).fetchall()
        summaries = self._library.articles.summaries(m[0] for m in members)
        articles = tuple(summaries[m[0]] for m in members if m[0] in summaries)
        copies: dict[int, list[int]] = {}
        for article_id, copy_of in members:
            if copy_of is not None:
                copies.setdefault(copy_of, [copy_of]).append(article_id)
        return StoryRecord(row[0], row[1], row[2], row[3], row[4], tuple(sorted({a.source for a in articles})),
                           articles, tuple(tuple(sorted(c)) for c in copies.values()))

    def counts(self, story_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Difference counts of each story's last full comparison, where it still holds the same articles.

        Stories whose membership changed since (or never compared) are absent: a badge is shown only
        when it is true of the story as it is now.
        """
        wanted = list(dict.fromkeys(story_ids))
        found: dict[int, dict[str, int]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT story_id, members, factual, wording, cosmetic FROM story_counts WHERE story_id IN ({marks})",
                chunk).fetchall()
            members: dict[int, list[int]] = {}
            for story_id, article_id in self._conn.execute(
                    f"SELECT story_id, article_id FROM story_articles WHERE story_id IN ({marks})", chunk):
                members.setdefault(story_id, []).append(article_id)
            for story_id, fingerprint, factual, wording, cosmetic in rows:
                if fingerprint == _members_key(members.get(story_id, [])):
                    found[story_id] = {"factual": factual, "wording": wording, "cosmetic": cosmetic}
        return found

    def save_counts(self, story_id: int, article_ids: Iterable[int], counts: dict[str, int]) -> None:
        """Remember the counts of a comparison of these articles, if they are the whole story."""
        ids = sorted(set(article_ids))
        current = sorted(r[0] for r in self._conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ?", (story_id,)))
        if ids != current:
            return          # a comparison of some of the story's articles says nothing about the story
        wanted = {"factual": counts.get("factual", 0), "wording": counts.get("wording", 0),
                  "cosmetic": counts.get("cosmetic", 0)}
        if self.counts([story_id]).get(story_id) == wanted:
            return          # reopening a story must not write: an import may hold the store's one writer
        with self._conn:
            self._conn.execute(
                """INSERT INTO story_counts (story_id, members, factual, wording, cosmetic, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(story_id) DO UPDATE SET members = excluded.members, factual = excluded.factual,
                       wording = excluded.wording, cosmetic = excluded.cosmetic, updated_at = excluded.updated_at""",
                (story_id, _members_key(ids), counts.get("factual", 0), counts.get("wording", 0),
                 counts.get("cosmetic", 0), utc_now()))

    def story_of(self, article_id: int) -> int | None:
        row = self._conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return None if row is None else int(row[0])

    # --- grouping -------------------------------------------------------------------------------

    def regroup(self) -> Iterator[tuple[int, int]]:
        """Group every article from scratch under the editor's constraints; yields (done, total)."""
        from core.matching import group

        ids = self._library.articles.ids()
        items: list[ArticleFeatures] = []
        for done, item in enumerate(self._features_many(ids), start=1):
            items.append(item)
            yield done, len(ids)
        self._save(group(items, self.constraints()))
        self._matcher = None

    def attach(self, article_ids: Iterable[int]) -> list[int]:
        """Place new articles into stories without regrouping the rest; returns their story ids."""
        new = list(article_ids)
        wanted = set(new)
        if self._matcher is None:
            # A new session (an import's own Library): one bulk build of the placed articles with the
            # new ones gives the same stories as building and then adding (Matcher.from_items), and
            # saves the adding. Articles an interrupted import stored but never placed join them.
            self._matcher = self._build_matcher([a for a in self._unplaced() if a not in wanted] + new)
        else:
            matcher = self._matcher
            # Articles an interrupted import stored but never placed are placed now, with these.
            left_over = [a for a in self._unplaced() if a not in wanted and a not in matcher]
            matcher.add_many(self._features_many(left_over + new))
        self._save(self._matcher.stories())
        return [self.story_of(a) or 0 for a in new]

    def _unplaced(self) -> list[int]:
        # sorted here, not by ORDER BY: without it SQLite reads ids from an index, not from every article row
        return sorted(r[0] for r in self._conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)"))

    def invalidate(self) -> None:
        """Forget the in-memory matcher: another connection (an import thread) changed the stories."""
        self._matcher = None

    def removed(self, article_id: int) -> None:
        """An article left the library: regroup its story without it (its membership row is gone already)."""
        if self._matcher is not None:
            self._matcher.remove(article_id)
            self._save(self._matcher.stories())
            return
        with self._conn:
            self._conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles)")

    def _loaded_matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = self._build_matcher([])
        return self._matcher

    def _build_matcher(self, extra: Sequence[int]) -> Matcher:
        """A matcher of every placed article and the `extra` ones, in one bulk build (the same stories
        as adding one by one, several times faster)."""
        # core.matching is loaded on first use (here and below): reading stories needs none of it,
        # and the window's start-up budget is tight.
        from core.matching import Matcher
        from core.story_features import bulk

        placed = [r[0] for r in self._conn.execute("SELECT article_id FROM story_articles ORDER BY article_id")]
        known = set(placed)
        wanted = placed + [a for a in dict.fromkeys(extra) if a not in known]
        # no cyclic collection while 100,000 features are read: they hold no cycles (bulk())
        with bulk():
            return Matcher.from_items(self._features_many(wanted), self.constraints())

    def _features_many(self, article_ids: Sequence[int]) -> Iterator[ArticleFeatures]:
        """Features of these articles, in no particular order: cached ones first (read in pages),
        then the others, computed in worker processes when there are many (core.library.parallel_map).
        What is computed on the way (features, analyses) is stored for next time."""
        from core.library import chunked
        from core.story_features import bulk

        missing: list[int] = []
        for chunk in chunked(list(article_ids), READ_PAGE):
            rows = self._cached_rows(chunk)
            with bulk():
                page = [(row[0], _from_cache(row)) for row in rows]
            for article_id, item in page:
                if item is None:
                    missing.append(article_id)
                else:
                    yield item
        yield from self._computed(missing)

    def _cached_rows(self, ids: Sequence[int]) -> list[CachedRow]:
        found = {r[0]: r for r in self._conn.execute(_CACHED_ROWS.format(marks=",".join("?" * len(ids))), ids)}
        for article_id in ids:
            if article_id not in found:
                self._library.articles.get(article_id)      # raises LibraryError for an unknown id
        return [found[i] for i in ids]

    def _computed(self, ids: Sequence[int]) -> Iterator[ArticleFeatures]:
        from core.library import JOB_SIZE, PARALLEL_MIN, WRITE_BATCH, chunked, parallel_map, worker_count

        workers = worker_count() if len(ids) >= PARALLEL_MIN else 1
        jobs = (self._feature_rows(chunk) for chunk in chunked(ids, JOB_SIZE * 4))
        unsaved: list[Computed] = []
        try:
            for results in parallel_map(_features_of_rows, jobs, workers):
                for result in results:
                    unsaved.append(result)
                    # keys come back from a worker as copies: one string per key, not one per use
                    yield replace(result.item, keys=tuple(map(sys.intern, result.item.keys))) \
                        if workers > 1 else result.item
                if len(unsaved) >= WRITE_BATCH:
                    self._keep(unsaved)
                    unsaved = []
        finally:
            self._keep(unsaved)

    def _keep(self, computed: Sequence[Computed]) -> None:
        """Store fresh analyses and features. The features are a cache: when the store will not take
        them (busy for too long, a full disk), grouping goes on without."""
        self._library.analyses.save_many([c.analysis for c in computed if c.analysis is not None])
        rows = [(c.item.id, c.stamp, c.blob) for c in computed if c.blob is not None]
        if not rows:
            return
        try:
            with self._conn:
                insert_feature_rows(self._conn, rows)
        except sqlite3.OperationalError as exc:
            log.warning("story features not cached: %s", exc)

    def _feature_rows(self, ids: Sequence[int]) -> list[FeatureRow]:
        found = {r[0]: r for r in self._conn.execute(_FEATURE_ROWS.format(marks=",".join("?" * len(ids))),
                                                     [ANALYSIS_VERSION, *ids])}
        for article_id in ids:
            if article_id not in found:
                self._library.articles.get(article_id)      # raises LibraryError for an unknown id
        return [found[i] for i in ids]

    def _save(self, stories: list[Story]) -> None:
        """Write the stories as they are now. Only what changed is written: attaching a few articles
        to a library of 100,000 touches a few stories, and rewriting all of them took seconds."""
        before = self._stored()
        used: set[int] = set()
        now = utc_now()
        placed: set[int] = set()
        headers: list[tuple[int, str, str, str, float, str]] = []
        members: list[tuple[int, int, int | None]] = []
        with self._conn:
            for story in sorted(stories, key=lambda s: s.articles):
                story_id = self._reuse_id(story, before.story_of, used)
                used.add(story_id)
                placed.update(story.articles)
                copy_of = {a: group_[0] for group_ in story.copies for a in group_[1:]}
                if before.holds(story_id, story, copy_of):
                    continue
                headers.append((story_id, story.title, story.first, story.last, story.confidence, now))
                members += [(a, story_id, copy_of.get(a)) for a in story.articles]
            self._conn.executemany(
                """INSERT INTO stories (id, title, first_date, last_date, confidence, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET title = excluded.title, first_date = excluded.first_date,
                       last_date = excluded.last_date, confidence = excluded.confidence,
                       updated_at = excluded.updated_at""", headers)
            self._conn.executemany(
                "INSERT OR REPLACE INTO story_articles (article_id, story_id, copy_of) VALUES (?, ?, ?)", members)
            self._conn.executemany("DELETE FROM story_articles WHERE article_id = ?",
                                   [(a,) for a in before.story_of.keys() - placed])
            self._conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles)")
        self._library.notify("stories")

    def _stored(self) -> "_StoredStories":
        """The stories as the store holds them before a save: what to compare with, whose ids to reuse."""
        stored = _StoredStories({}, {}, {}, {})
        for article_id, story_id, copy_of in self._conn.execute(
                "SELECT article_id, story_id, copy_of FROM story_articles ORDER BY article_id"):
            stored.story_of[article_id] = story_id
            stored.copy_of[article_id] = copy_of
            stored.members.setdefault(story_id, []).append(article_id)
        for story_id, *header in self._conn.execute("SELECT id, title, first_date, last_date, confidence FROM stories"):
            stored.headers[story_id] = tuple(header)
        return stored

    def _reuse_id(self, story: Story, old: dict[int, int], used: set[int]) -> int:
        """A rebuilt story keeps the id most of its articles had."""
        votes = Counter(old[a] for a in story.articles if a in old and old[a] not in used)
        if votes:
            return min(votes, key=lambda i: (-votes[i], i))
        row = self._conn.execute("INSERT INTO stories (updated_at) VALUES (?)", (utc_now(),))
        return int(row.lastrowid or 0)

    # --- the editor's decisions -------------------------------------------------------------------

    def constraints(self) -> Constraints:
        from core.matching import Constraints

        same: set[frozenset[int]] = set()
        different: set[frozenset[int]] = set()
        for a, b, kind in self._conn.execute("SELECT a, b, kind FROM story_constraints"):
            (same if kind == "same" else different).add(frozenset((a, b)))
        return Constraints(same=same, different=different)

    # Every decision below takes `apply`: True regroups what it touches at once; False only records
    # it, for a caller that runs apply_constraints() in the background (a large library's matcher
    # takes seconds to build).

    def same(self, a: int, b: int, apply: bool = True) -> None:
        """The editor says: these two articles report the same event."""
        self._decide([(a, b)], "same", apply=apply)

    def different(self, a: int, b: int, apply: bool = True) -> None:
        """The editor says: these two articles are not the same story."""
        self._decide([(a, b)], "different", apply=apply)

    def merge(self, story_id: int, other_id: int, apply: bool = True) -> None:
        """Make two stories one: every article of both is tied to one anchor article.

        A single "same" pair would only bind two articles; the others would still be grouped by
        score and could stay apart, so each article gets its own tie to the anchor.
        """
        if story_id == other_id:
            raise StoryError("a story cannot be merged with itself")
        ids = [a.id for a in self.get(story_id).articles] + [a.id for a in self.get(other_id).articles]
        anchor = min(ids)
        self._decide([(anchor, a) for a in ids if a != anchor], "same", apply=apply)

    def move(self, article_id: int, story_id: int, apply: bool = True) -> None:
        """Move an article into another story: with its articles, apart from its former companions."""
        target = [a.id for a in self.get(story_id).articles if a.id != article_id]
        if not target:
            raise StoryError(f"story {story_id} has no other article to move article {article_id} to")
        former = self.story_of(article_id)
        leaving = [] if former is None or former == story_id else [
            a.id for a in self.get(former).articles if a.id != article_id]
        # one decision (one undo step), applied once: a lone article has no former companions
        self._decide([(article_id, t, "same") for t in target] + [(article_id, f, "different") for f in leaving],
                     apply=apply)

    def split_out(self, article_id: int, apply: bool = True) -> None:
        """Take an article out of its story into a story of its own."""
        former = self.story_of(article_id)
        others = [] if former is None else [a.id for a in self.get(former).articles if a.id != article_id]
        self._decide([(article_id, o) for o in others], "different", apply=apply)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self, apply: bool = True) -> bool:
        """Take back the last decision of this session (False when there is none)."""
        if not self._undo:
            return False
        previous = self._undo.pop()
        with self._conn:
            for (a, b), kind in previous.items():
                if kind is None:
                    self._conn.execute("DELETE FROM story_constraints WHERE a = ? AND b = ?", (a, b))
                else:
                    self._conn.execute(
                        """INSERT INTO story_constraints (a, b, kind, created_at) VALUES (?, ?, ?, ?)
                           ON CONFLICT(a, b) DO UPDATE SET kind = excluded.kind""", (a, b, kind, utc_now()))
        if apply:
            self.apply_constraints()
        return True

    def _decide(self, pairs: list[tuple[int, int]] | list[tuple[int, int, str]], kind: str = "",
                apply: bool = True) -> None:
        """Store decisions (pairs of one `kind`, or (a, b, kind) triples) and regroup what they touch."""
        triples = [(p[0], p[1], p[2] if len(p) == 3 else kind) for p in pairs]  # type: ignore[misc]
        for a, b, _ in triples:
            if a == b:
                raise StoryError("an article is always in its own story")
            self._library.articles.get(a)
            self._library.articles.get(b)
        if not triples:
            return
        keys = [(min(a, b), max(a, b)) for a, b, _ in triples]
        previous: dict[tuple[int, int], str | None] = {}
        for key in keys:
            row = self._conn.execute("SELECT kind FROM story_constraints WHERE a = ? AND b = ?", key).fetchone()
            previous.setdefault(key, None if row is None else row[0])
        now = utc_now()
        with self._conn:
            self._conn.executemany(
                """INSERT INTO story_constraints (a, b, kind, created_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(a, b) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at""",
                [(key[0], key[1], k, now) for key, (_, _, k) in zip(keys, triples)],
            )
        self._undo.append(previous)
        del self._undo[:-UNDO_DEPTH]
        if apply:
            self.apply_constraints()

    def apply_constraints(self) -> None:
        """Regroup only the stories the changed decisions touch (Matcher.update_constraints)."""
        matcher = self._loaded_matcher()
        matcher.add_many(self._features_many(self._unplaced()))
        matcher.update_constraints(self.constraints())
        self._save(matcher.stories())
