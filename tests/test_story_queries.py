"""core.story_queries over the demo store and over a large store written directly with SQL."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import PROJECT
from core import story_queries as q
from core.library import Library
from core.store import utc_now

DEMO = PROJECT / "resources" / "demo" / "articles"
FLOOD_OUTLETS = ("Coastline Daily", "Harbour Wire", "The Northern Ledger")


def build_demo_store(path: Path) -> None:
    """The five demo articles imported and grouped: {W, L, C}, {V}, {B}."""
    with Library.open(path) as library:
        job = library.imports.start(sorted(DEMO.iterdir()))
        list(job)
        library.stories.attach([a.id for a in job.summary.imported])


def fill_large_store(conn: sqlite3.Connection, count: int) -> None:
    """`count` one-article stories over 4 outlets, one per day going back, written straight to the tables."""
    now = utc_now()
    with conn:
        conn.executemany("INSERT INTO sources (id, name, created_at) VALUES (?, ?, ?)",
                         [(i, f"Outlet {i}", now) for i in range(1, 5)])
        days = [conn.execute("SELECT date('2024-06-30', ?)", (f"-{i % 3000} days",)).fetchone()[0]
                for i in range(count)]
        conn.executemany(
            """INSERT INTO articles (id, source_id, title, published, body, content_hash, imported_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [(i + 1, i % 4 + 1, f"Story number {i + 1}", days[i], f"Body of article {i + 1}.", f"h{i + 1}", now)
             for i in range(count)],
        )
        conn.executemany(
            "INSERT INTO stories (id, title, first_date, last_date, updated_at) VALUES (?, ?, ?, ?, ?)",
            [(i + 1, f"Story number {i + 1}", days[i], days[i], now) for i in range(count)],
        )
        conn.executemany("INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)",
                         [(i + 1, i + 1) for i in range(count)])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_store(path)
    return path


@pytest.fixture
def demo(demo_db: Path):
    with Library.open(demo_db) as library:   # read-only use: the module shares one store
        yield library


def _by_title(conn: sqlite3.Connection, word: str) -> int:
    return next(story_id for story_id, title in q.story_titles(conn, word))


def test_story_ids_are_newest_first(demo: Library) -> None:
    conn = demo.store.conn
    ids = q.story_ids(conn)
    assert len(ids) == 3
    lasts = [q.story_rows(conn, [i])[i].last for i in ids]
    assert lasts == ["2024-03-13", "2024-03-09", "2024-03-06"]
    # The same order as the (slow) StoryManager.list the CLI uses.
    assert ids == [s.id for s in demo.stories.list()]


def test_story_rows_count_articles_and_outlets(demo: Library) -> None:
    conn = demo.store.conn
    rows = q.story_rows(conn, q.story_ids(conn))
    flood = next(r for r in rows.values() if r.article_count == 3)
    assert flood.outlet_count == 3 and flood.sources == FLOOD_OUTLETS
    assert flood.first == flood.last == "2024-03-06"
    assert sorted(r.outlet_count for r in rows.values()) == [1, 1, 3]
    assert q.story_rows(conn, [999_999]) == {}


def test_story_articles_in_article_id_order(demo: Library) -> None:
    conn = demo.store.conn
    flood = _by_title(conn, "Tanner")
    members = q.story_articles(conn, flood)
    assert [m.id for m in members] == sorted(m.id for m in members)
    assert tuple(sorted(m.source for m in members)) == FLOOD_OUTLETS
    assert [a.id for a in demo.stories.get(flood).articles] == [m.id for m in members]
    assert all(m.copy_of is None for m in members)
    assert q.story_size(conn, flood) == 3
    assert q.story_of(conn, members[0].id) == flood


def test_outlet_filter_keeps_stories_with_that_outlet(demo: Library) -> None:
    conn = demo.store.conn
    flood = _by_title(conn, "Tanner")
    assert q.story_ids(conn, source="Harbour Wire") == [flood]
    assert q.story_ids(conn, source="harbour wire") == [flood]   # outlet names are case-insensitive
    assert len(q.story_ids(conn, source="Valley Times")) == 1
    assert q.story_ids(conn, source="No Such Outlet") == []


def test_date_filters_are_inclusive_days(demo: Library) -> None:
    conn = demo.store.conn
    assert len(q.story_ids(conn, since="2024-03-06", until="2024-03-06")) == 1
    assert len(q.story_ids(conn, since="2024-03-07")) == 2
    assert len(q.story_ids(conn, until="2024-03-09")) == 2
    assert q.story_ids(conn, since="2024-03-14") == []
    assert len(q.article_ids(conn, since="2024-03-06", until="2024-03-06")) == 3
    assert len(q.article_ids(conn, source="Valley Times", until="2024-03-12")) == 0


def test_until_keeps_times_later_that_day(demo: Library) -> None:
    conn = demo.store.conn
    with conn:   # a timestamped date, as web pages give them; undone below so the shared store stays as built
        conn.execute("UPDATE articles SET published = '2024-03-09T23:10:00+00:00' WHERE title LIKE 'Brackenfield%'")
    try:
        assert len(q.article_ids(conn, until="2024-03-09", since="2024-03-09")) == 1
    finally:
        with conn:
            conn.execute("UPDATE articles SET published = '2024-03-09' WHERE title LIKE 'Brackenfield%'")


def test_article_ids_and_source_counts(demo: Library) -> None:
    conn = demo.store.conn
    assert q.article_ids(conn) == demo.articles.ids()
    counts = q.source_counts(conn)
    assert [c.name for c in counts] == ["Civic Bulletin", "Coastline Daily", "Harbour Wire",
                                        "The Northern Ledger", "Valley Times"]
    assert all(c.articles == 1 for c in counts)
    assert [c.name for c in q.source_counts(conn, q.LibraryFilter(since="2024-03-09"))] == [
        "Civic Bulletin", "Valley Times"]
    assert [c.name for c in q.source_counts(conn, q.LibraryFilter(source="Valley Times"))] == ["Valley Times"]


def test_story_titles_match_literally(demo: Library) -> None:
    conn = demo.store.conn
    assert [t for _, t in q.story_titles(conn, "ambersley")][0].startswith("Ambersley")
    assert q.story_titles(conn, "%") == []   # "%" is a character here, not a wildcard
    everything = q.story_titles(conn)
    assert len(everything) == 3
    assert len(q.story_titles(conn, exclude=everything[0][0])) == 2


def test_large_store_lists_and_pages(tmp_path: Path) -> None:
    with Library.open(tmp_path / "big.db") as library:
        conn = library.store.conn
        fill_large_store(conn, 20_000)
        order = q.story_order(conn)
        assert len(order) == 20_000 and len(set(order.ids)) == 20_000
        assert all(a >= b for a, b in zip(order.lasts, order.lasts[1:]))
        page = q.story_rows(conn, order.ids[-200:])
        assert len(page) == 200 and all(r.article_count == 1 for r in page.values())
        assert len(q.story_ids(conn, source="Outlet 2")) == 5_000
        assert len(q.article_ids(conn, source="Outlet 2", since="2024-06-01")) == sum(
            1 for i in range(20_000) if i % 4 == 1 and i % 3000 < 30)


def test_story_rows_packed_match_story_rows(demo: Library) -> None:
    conn = demo.store.conn
    ids = q.story_ids(conn) + [987654]           # a story that is gone is left out by both
    assert q.story_rows_packed(conn, ids) == q.story_rows(conn, ids)
    assert q.story_rows_packed(conn, []) == {}
