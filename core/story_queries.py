"""Fast read-only queries for the library column: stories and articles, filtered, fetched by id.

`StoryManager.list()` builds every story with one query per story, fine for the CLI but far too
slow to fill a list of 50,000 stories. The library view instead asks for the ordered ids once
(one query, no joins on the hot path) and then fetches the rows it is about to show, a page of
ids at a time. Everything here only reads; all SQL is parameterised.

Dates in the store are ISO strings ("2024-03-06" or "2024-03-06T07:30:00+00:00"), so ISO
bounds compare correctly as text. `since` and `until` are inclusive days ("YYYY-MM-DD").
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# SQLite's default limit of host parameters is 999 on old builds; pages stay well below it.
_MAX_PARAMS = 900


@dataclass(frozen=True)
class LibraryFilter:
    """What the editor narrowed the library to; None means "any"."""

    source: str | None = None
    since: str | None = None   # first day included, "YYYY-MM-DD"
    until: str | None = None   # last day included, "YYYY-MM-DD"

    @property
    def is_empty(self) -> bool:
        return self.source is None and self.since is None and self.until is None


@dataclass(frozen=True)
class StoryOrder:
    """Stories in list order: ids, last dates and (when asked for) titles and first dates side by side.

    Plain lists rather than one object per story: building 50,000 small objects costs more
    than the query. The last dates let a list draw its date headings without fetching rows; the
    titles and first dates let it draw (and measure) a row before its page of details arrives.
    """

    ids: list[int]
    lasts: list[str]
    titles: list[str] = field(default_factory=list)
    firsts: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    title: str
    first: str
    last: str
    article_count: int
    outlet_count: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class StoryArticle:
    """One member of a story, as its row under the story shows it."""

    id: int
    source: str
    title: str
    published: str
    copy_of: int | None   # the article this one is an identical copy of, if any


@dataclass(frozen=True)
class SourceCount:
    id: int
    name: str
    articles: int


def _day_after(conn: sqlite3.Connection, day: str) -> str:
    # An exclusive upper bound, so "until 6 March" keeps "2024-03-06T07:30:00" too.
    row = conn.execute("SELECT date(?, '+1 day')", (day,)).fetchone()
    return str(row[0]) if row and row[0] else day


def _source_id(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _MAX_PARAMS):
        yield ids[start:start + _MAX_PARAMS]


# --- stories -------------------------------------------------------------------------------------

def _story_where(conn: sqlite3.Connection, flt: LibraryFilter) -> tuple[str, list[object]] | None:
    """The WHERE clause for stories under `flt`; None when nothing can match (unknown outlet)."""
    clauses: list[str] = []
    params: list[object] = []
    if flt.source is not None:
        source_id = _source_id(conn, flt.source)
        if source_id is None:
            return None
        # Resolving the name first lets SQLite use the articles_source index for the subquery.
        clauses.append("st.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a "
                       "ON a.id = sa.article_id WHERE a.source_id = ?)")
        params.append(source_id)
    # A story matches a date range when its own span overlaps it.
    if flt.since is not None:
        clauses.append("st.last_date >= ?")
        params.append(flt.since)
    if flt.until is not None:
        clauses.append("st.first_date < ?")
        params.append(_day_after(conn, flt.until))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def story_order(conn: sqlite3.Connection, flt: LibraryFilter = LibraryFilter(), titles: bool = False) -> StoryOrder:
    """Every story matching `flt`, newest first (last date, then id), without its members.

    With `titles`, each story's title and first date come too: one walk of the stories_last index
    with a lookup of each row in the (small) stories table, no join; about 65 ms for 33,000 stories.
    """
    where = _story_where(conn, flt)
    if where is None:
        return StoryOrder([], [])
    columns = "st.id, st.last_date, st.title, st.first_date" if titles else "st.id, st.last_date"
    sql = f"SELECT {columns} FROM stories st{where[0]} ORDER BY st.last_date DESC, st.id DESC"
    rows = conn.execute(sql, where[1]).fetchall()
    if not titles:
        return StoryOrder([r[0] for r in rows], [r[1] for r in rows])
    return StoryOrder([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows])


def story_ids(conn: sqlite3.Connection, source: str | None = None, since: str | None = None,
              until: str | None = None) -> list[int]:
    """The ids of the stories matching the filters, newest first."""
    return story_order(conn, LibraryFilter(source, since, until)).ids


def story_rows(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, StoryRow]:
    """Title, dates and outlets of the given stories (ids that are gone are left out).

    One result row per story, its outlets gathered by SQLite (story_articles_story, then each
    article and source by key) as a JSON list, so any outlet name survives. One row per story
    rather than one per member matters on the library's background reader: sqlite3 gives up the
    GIL around every row it steps, and each time has to win it back from the GUI thread.
    """
    wanted = list(dict.fromkeys(ids))
    found: dict[int, StoryRow] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"""SELECT st.id, st.title, st.first_date, st.last_date,
                    (SELECT json_group_array(s.name) FROM story_articles sa
                     JOIN articles a ON a.id = sa.article_id JOIN sources s ON s.id = a.source_id
                     WHERE sa.story_id = st.id)
                FROM stories st WHERE st.id IN ({marks})""",
            list(chunk),
        ).fetchall()
        for story_id, title, first, last, packed in rows:
            names = [str(name) for name in json.loads(packed)] if packed else []
            outlets = tuple(sorted(set(names), key=str.casefold))
            found[int(story_id)] = StoryRow(int(story_id), str(title), str(first), str(last),
                                            len(names), len(outlets), outlets)
    return found


def story_rows_packed(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, StoryRow]:
    """story_rows() for a background thread: the same rows, the whole chunk packed into ONE result row.

    sqlite3 gives up the GIL around each row it steps and must win it back every time; while the
    GUI thread is busy painting that is up to a switch interval (5 ms) per row, for both threads.
    SQLite builds the JSON in C, and Python unpacks it in one call.
    """
    wanted = list(dict.fromkeys(ids))
    found: dict[int, StoryRow] = {}
    for chunk in _chunks(wanted):
        marks = ",".join("?" * len(chunk))
        row = conn.execute(
            f"""SELECT json_group_array(json_array(st.id, st.title, st.first_date, st.last_date,
                    json((SELECT json_group_array(s.name) FROM story_articles sa
                          JOIN articles a ON a.id = sa.article_id JOIN sources s ON s.id = a.source_id
                          WHERE sa.story_id = st.id))))
                FROM stories st WHERE st.id IN ({marks})""",
            list(chunk),
        ).fetchone()
        for story_id, title, first, last, names in json.loads(row[0] if row and row[0] else "[]"):
            names = [str(name) for name in names or ()]
            outlets = tuple(sorted(set(names), key=str.casefold))
            found[int(story_id)] = StoryRow(int(story_id), str(title), str(first), str(last),
                                            len(names), len(outlets), outlets)
    return found


def reader(path: str) -> sqlite3.Connection:
    """A second connection to the store at `path` that only reads, for a background thread.

    The store is in WAL mode, so this reader never waits for the writer nor blocks it; it may be
    used from the thread that opens it only (sqlite3's default).
    """
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA query_only = ON")
    return conn


def story_articles(conn: sqlite3.Connection, story_id: int) -> list[StoryArticle]:
    """The members of one story in article-id order (the order StoryRecord and the letters use)."""
    rows = conn.execute(
        """SELECT a.id, s.name, a.title, a.published, sa.copy_of FROM story_articles sa
           JOIN articles a ON a.id = sa.article_id JOIN sources s ON s.id = a.source_id
           WHERE sa.story_id = ? ORDER BY a.id""",
        (story_id,),
    )
    return [StoryArticle(int(r[0]), str(r[1]), str(r[2]), str(r[3]), None if r[4] is None else int(r[4]))
            for r in rows]


def story_of(conn: sqlite3.Connection, article_id: int) -> int | None:
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return None if row is None else int(row[0])


def story_size(conn: sqlite3.Connection, story_id: int) -> int:
    row = conn.execute("SELECT count(*) FROM story_articles WHERE story_id = ?", (story_id,)).fetchone()
    return int(row[0])


def story_titles(conn: sqlite3.Connection, text: str = "", limit: int = 200,
                 exclude: int | None = None) -> list[tuple[int, str]]:
    """Stories whose title contains `text` (case-insensitive), newest first: the "Move to story" list."""
    # LIKE with an escape character, so an editor's "%" or "_" is matched literally.
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        """SELECT id, title FROM stories WHERE title LIKE ? ESCAPE '\\' AND id IS NOT ?
           ORDER BY last_date DESC, id DESC LIMIT ?""",
        (pattern, exclude, limit),
    )
    return [(int(r[0]), str(r[1])) for r in rows]


# --- articles and sources ------------------------------------------------------------------------

def _article_where(conn: sqlite3.Connection, flt: LibraryFilter,
                   source_id: int | None = None) -> tuple[str, list[object]] | None:
    clauses: list[str] = []
    params: list[object] = []
    if flt.source is not None:
        named = _source_id(conn, flt.source)
        if named is None or (source_id is not None and named != source_id):
            return None
        source_id = named
    if source_id is not None:
        clauses.append("source_id = ?")
        params.append(source_id)
    if flt.since is not None:
        clauses.append("published >= ?")
        params.append(flt.since)
    if flt.until is not None:
        clauses.append("published < ?")
        params.append(_day_after(conn, flt.until))
    if flt.since is not None or flt.until is not None:
        clauses.append("published != ''")   # an undated article is in no date range
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def article_ids(conn: sqlite3.Connection, source: str | None = None, since: str | None = None,
                until: str | None = None, source_id: int | None = None) -> list[int]:
    """Article ids matching the filters, newest publication first (the order ArticleManager.ids uses)."""
    where = _article_where(conn, LibraryFilter(source, since, until), source_id)
    if where is None:
        return []
    sql = f"SELECT id FROM articles{where[0]} ORDER BY published DESC, id DESC"
    return [int(r[0]) for r in conn.execute(sql, where[1])]


def source_counts(conn: sqlite3.Connection, flt: LibraryFilter = LibraryFilter()) -> list[SourceCount]:
    """Outlets with at least one article matching `flt`, by name, with how many match."""
    where = _article_where(conn, LibraryFilter(None, flt.since, flt.until))
    if where is None:
        return []
    params = list(where[1])
    outer = ""
    if flt.source is not None:
        outer = " WHERE s.name = ?"
        params.append(flt.source)
    rows = conn.execute(
        f"""SELECT s.id, s.name, c.n FROM (SELECT source_id, count(*) AS n FROM articles{where[0]}
                GROUP BY source_id) c JOIN sources s ON s.id = c.source_id{outer}
            ORDER BY s.name COLLATE NOCASE""",
        params,
    )
    return [SourceCount(int(r[0]), str(r[1]), int(r[2])) for r in rows]
