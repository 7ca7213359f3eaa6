"""The story-features cache (issue 8): what regrouping reads instead of recomputing, never trusted stale."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import core.story_features as story_features
from conftest import PROJECT
from core.analysis import analyse
from core.library import Library
from core.store import SCHEMA_VERSION
from core.story_features import ArticleFeatures, DamagedFeatures, decode, encode, features, stamp

DEMO = PROJECT / "resources" / "demo" / "articles"


def computed(body: str, title: str = "Floods in Saltmere", published: str = "2024-03-06") -> ArticleFeatures:
    return features(7, title, body, published, "Harbour Wire", "h1", analyse(body, published))


def round_trip(item: ArticleFeatures, body_hash: str = "h1") -> ArticleFeatures:
    blob = encode(item)
    assert blob is not None
    return decode(item.id, item.title, item.published, item.source, body_hash, blob)


@pytest.mark.parametrize("body", [
    "Officials in Saltmere said 240 residents were evacuated on Tuesday, 5 March 2024. \"The water rose "
    "faster than anyone expected,\" said Mayor Jana Okafor. The river peaked at 4.2 metres.",
    "",                                                  # no words: no keys, no body hash
    "Der Bürgermeister von Köln sagte am Dienstag, 240 Menschen seien evakuiert worden.",    # foreign
    "Café « Zoë » — naïve façade, 3 km; “quoted words here for a shingle” ✓",
])
def test_features_survive_the_cache_exactly(body: str) -> None:
    item = computed(body)
    assert round_trip(item) == item


def test_decoded_keys_are_shared_strings() -> None:
    item = computed("Officials in Saltmere said 240 residents of Saltmere were evacuated.")
    again = round_trip(item)
    # one string per key in memory, however many articles hold it (100,000 articles x 96 keys)
    assert all(a is b for a, b in zip(again.keys, item.keys))


def test_every_damaged_byte_is_caught() -> None:
    blob = encode(computed("Officials in Saltmere said 240 residents were evacuated on Tuesday."))
    assert blob is not None
    for position in range(len(blob)):
        damaged = bytearray(blob)
        damaged[position] ^= 0x10
        with pytest.raises(DamagedFeatures):
            decode(7, "t", "2024-03-06", "s", "h1", bytes(damaged))
    for broken in (blob[:-1], blob[:3], b"", blob + b"x"):
        with pytest.raises(DamagedFeatures):
            decode(7, "t", "2024-03-06", "s", "h1", broken)
    with pytest.raises(DamagedFeatures):
        decode(7, "t", "2024-03-06", "s", "h1", "text, not a blob")       # type: ignore[arg-type]


def test_a_key_holding_a_nul_is_not_cached() -> None:
    item = ArticleFeatures(1, "t", "", "s", "h", keys=("p:a\0b",), weights=(1.0,), norm=1.0)
    assert encode(item) is None


def test_the_stamp_names_every_input_and_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    base = stamp("Title", "2024-03-06", "Harbour Wire", "h1")
    assert base == stamp(" Title ", "2024-03-06 ", "Harbour Wire", "h1")     # features() strips them too
    others = {stamp("Title!", "2024-03-06", "Harbour Wire", "h1"), stamp("Title", "2024-03-07", "Harbour Wire", "h1"),
              stamp("Title", "2024-03-06", "Harbour Post", "h1"), stamp("Title", "2024-03-06", "Harbour Wire", "h2"),
              stamp("Title\0", "2024-03-06", "Harbour Wire", "h1")}
    assert base not in others and len(others) == 5
    monkeypatch.setattr(story_features, "FEATURES_VERSION", story_features.FEATURES_VERSION + 1)
    assert stamp("Title", "2024-03-06", "Harbour Wire", "h1") != base


# --- in the store -------------------------------------------------------------------------------

def imported(library: Library) -> dict[str, int]:
    job = library.imports.start(sorted(str(p) for p in DEMO.iterdir()))
    list(job)
    return {Path(a.path).name: a.id for a in job.summary.imported}


def memberships(library: Library) -> set[frozenset[int]]:
    return {frozenset(a.id for a in story.articles) for story in library.stories.list()}


def cache_rows(library: Library) -> dict[int, tuple[str, bytes]]:
    return {r[0]: (r[1], r[2]) for r in library.store.conn.execute("SELECT article_id, stamp, data FROM story_features")}


def no_computing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record every article whose features are computed rather than read from the cache."""
    import core.stories as stories_module

    computed_ids: list[int] = []
    original = stories_module._features_of_rows

    def counting(rows):
        computed_ids.extend(r[0] for r in rows)
        return original(rows)

    monkeypatch.setattr(stories_module, "_features_of_rows", counting)
    return computed_ids


def test_regrouping_fills_the_cache_then_reads_it(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = imported(library)
    list(library.stories.regroup())
    assert set(cache_rows(library)) == set(ids.values())
    before = memberships(library)
    computed_ids = no_computing(monkeypatch)
    list(library.stories.regroup())
    assert computed_ids == [] and memberships(library) == before
    fresh = {i.id: i for i in library.stories._computed(sorted(ids.values()))}
    assert {i.id: i for i in library.stories._features_many(sorted(ids.values()))} == fresh


def test_a_new_title_or_a_renamed_outlet_is_never_read_stale(library: Library,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ids = imported(library)
    list(library.stories.regroup())
    conn = library.store.conn
    wire = ids["harbour_wire_saltmere_flood.txt"]
    with conn:
        conn.execute("UPDATE articles SET title = 'A headline the editor wrote' WHERE id = ?", (wire,))
    library.sources.rename("Coastline Daily", "Coastline Daily News")
    renamed = {r[0] for r in conn.execute(
        "SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.name = 'Coastline Daily News'")}
    computed_ids = no_computing(monkeypatch)
    items = {i.id: i for i in library.stories._features_many(sorted(ids.values()))}
    assert set(computed_ids) == {wire} | renamed
    assert items[wire].title == "A headline the editor wrote"
    assert {items[i].source for i in renamed} == {"Coastline Daily News"}
    assert computed_ids and all(cache_rows(library)[i][0] == stamp(items[i].title, items[i].published, items[i].source,
                                                                   items[i].body_hash) for i in computed_ids)


def test_a_new_features_version_recomputes_everything(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = imported(library)
    list(library.stories.regroup())
    monkeypatch.setattr(story_features, "FEATURES_VERSION", story_features.FEATURES_VERSION + 1)
    computed_ids = no_computing(monkeypatch)
    list(library.stories.regroup())
    assert sorted(computed_ids) == sorted(ids.values())


def test_a_damaged_row_is_recomputed_and_replaced(library: Library, monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    ids = imported(library)
    list(library.stories.regroup())
    before = memberships(library)
    rows = cache_rows(library)
    victim = ids["the_northern_ledger_saltmere_flood.html"]
    damaged = bytearray(rows[victim][1])
    damaged[-3] ^= 0xFF
    with library.store.conn:
        library.store.conn.execute("UPDATE story_features SET data = ? WHERE article_id = ?", (bytes(damaged), victim))
    computed_ids = no_computing(monkeypatch)
    list(library.stories.regroup())
    assert computed_ids == [victim] and memberships(library) == before
    assert cache_rows(library)[victim] == rows[victim] and "damaged" in caplog.text


def test_a_deleted_article_takes_its_cache_row_along(library: Library) -> None:
    ids = imported(library)
    list(library.stories.regroup())
    library.articles.delete(ids["valley_times_ambersley_flood.txt"])
    assert ids["valley_times_ambersley_flood.txt"] not in cache_rows(library)


class RefusingCache:
    """The store's connection, except that writing story features fails as a full disk does."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executemany(self, sql: str, rows):
        if "story_features" in sql:
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.executemany(sql, rows)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)

    def __enter__(self):
        return self._conn.__enter__()

    def __exit__(self, *exc):
        return self._conn.__exit__(*exc)


def test_a_cache_the_store_will_not_take_does_not_stop_grouping(library: Library,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    ids = imported(library)
    real = library.store.conn
    with real:
        real.execute("DELETE FROM story_features")      # the import's rows: grouping must compute them
    monkeypatch.setattr(library.store, "conn", RefusingCache(real))
    list(library.stories.regroup())
    monkeypatch.setattr(library.store, "conn", real)
    assert cache_rows(library) == {} and {a for s in memberships(library) for a in s} == set(ids.values())


def test_a_schema_5_store_upgrades_with_everything_kept(db_path: Path) -> None:
    with Library.open(db_path) as library:
        ids = imported(library)
        list(library.stories.regroup())
        wire, ledger = ids["harbour_wire_saltmere_flood.txt"], ids["the_northern_ledger_saltmere_flood.html"]
        library.stories.different(wire, ledger)
        conn = library.store.conn
        with conn:
            conn.execute("INSERT INTO notes (key, text, updated_at) VALUES ('k', 'checked with the mayor', 'now')")
    # the store as schema 5 left it: no story_features table
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DROP TABLE story_features")
    conn.execute("PRAGMA user_version = 5")
    tables = ["articles", "sources", "analyses", "stories", "story_articles", "story_constraints", "notes"]
    before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    conn.close()

    with Library.open(db_path) as library:
        conn = library.store.conn
        assert library.store.version == SCHEMA_VERSION == 6
        assert {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables} == before
        assert conn.execute("SELECT count(*) FROM story_features").fetchone()[0] == 0
        assert Path(f"{db_path}.schema5.bak").exists()
        list(library.stories.regroup())
        assert library.stories.story_of(wire) != library.stories.story_of(ledger)
        assert set(cache_rows(library)) == set(ids.values())


# --- saving only what changed -------------------------------------------------------------------

def stored(library: Library) -> dict[int, tuple]:
    conn = library.store.conn
    members: dict[int, list[tuple[int, int | None]]] = {}
    for article_id, story_id, copy_of in conn.execute(
            "SELECT article_id, story_id, copy_of FROM story_articles ORDER BY article_id"):
        members.setdefault(story_id, []).append((article_id, copy_of))
    return {r[0]: (*r[1:], tuple(members.get(r[0], ()))) for r in conn.execute(
        "SELECT id, title, first_date, last_date, confidence, updated_at FROM stories")}


def test_a_save_writes_only_the_stories_that_changed(library: Library) -> None:
    ids = imported(library)
    valley = ids.pop("valley_times_ambersley_flood.txt")
    library.stories.attach(list(ids.values()))
    with library.store.conn:          # valley left unplaced, every row marked so that a rewrite shows
        library.store.conn.execute("DELETE FROM story_articles WHERE article_id = ?", (valley,))
        library.store.conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
        library.store.conn.execute("UPDATE stories SET updated_at = 'before'")
    library.stories.invalidate()
    before = stored(library)
    library.stories.attach([valley])
    after = stored(library)
    rewritten = {i for i in after if after[i][4] != "before"}
    assert len(rewritten) == 1 and {a for a, _ in after[rewritten.pop()][5]} == {valley}
    assert {i: r for i, r in after.items() if r[4] == "before"} == before
    # and what is stored is the matcher's grouping exactly, as a full rewrite would have left it
    matcher = library.stories._loaded_matcher()
    assert {tuple(a for a, _ in r[5]) for r in after.values()} == {s.articles for s in matcher.stories()}
    wire, ledger = ids["harbour_wire_saltmere_flood.txt"], ids["the_northern_ledger_saltmere_flood.html"]
    library.stories.different(wire, ledger)
    assert library.stories.story_of(wire) != library.stories.story_of(ledger)
    assert {tuple(a for a, _ in r[5]) for r in stored(library).values()} == \
        {s.articles for s in library.stories._loaded_matcher().stories()}
