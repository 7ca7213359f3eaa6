"""The Library facade: import, de-duplication, listing, search, sources, deletion, the import log."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import BRIDGE, FERRY
from core.library import Library, LibraryError


def run_import(library: Library, *paths: Path | str, source: str | None = None):
    job = library.imports.start(list(paths), source=source)
    steps = list(job)
    return job.summary, steps


def test_import_stores_article_with_metadata(library: Library, tmp_path: Path, make_article) -> None:
    path = make_article(tmp_path, "ferry.txt", FERRY, title="Ferry aground off Wexmouth",
                        source="Harbour Wire", date="2024-03-03", byline="Rita Osei")
    summary, steps = run_import(library, path)
    assert [s.status for s in steps] == ["imported"]
    assert len(summary.imported) == 1 and not summary.failed
    stored = library.articles.get(summary.imported[0].id)
    assert (stored.title, stored.source, stored.published, stored.byline) == (
        "Ferry aground off Wexmouth", "Harbour Wire", "2024-03-03", "Rita Osei")
    assert stored.body.startswith("The night ferry from Wexmouth")
    assert stored.word_count == len(FERRY.split())
    assert stored.path == str(path) and stored.format == "txt" and len(stored.content_hash) == 64


def test_reimport_is_a_duplicate_and_changes_nothing(library: Library, tmp_path: Path, make_article) -> None:
    path = make_article(tmp_path, "ferry.txt", FERRY, source="Harbour Wire")
    run_import(library, path)
    copy = make_article(tmp_path / "copy", "ferry again.txt", FERRY.replace("\n\n", "\n\n\n"), source="Other")
    summary, steps = run_import(library, path, copy)
    assert [s.status for s in steps] == ["duplicate", "duplicate"]
    assert not summary.imported and len(summary.duplicates) == 2
    assert "already in the library" in summary.duplicates[0].reason
    assert library.articles.count() == 1


def test_title_is_derived_when_the_file_has_none(library: Library, tmp_path: Path, make_article) -> None:
    summary, _ = run_import(library, make_article(tmp_path, "bridge.txt", BRIDGE))
    stored = library.articles.get(summary.imported[0].id)
    assert stored.title == ("Engineers closed the old Tanner Street bridge on Thursday after divers found cracks in "
                            "two of its piers…")
    assert stored.title_origin == "derived"
    assert stored.source == "Unknown"


def test_source_option_wins_over_file_metadata(library: Library, tmp_path: Path, make_article) -> None:
    path = make_article(tmp_path, "ferry.txt", FERRY, source="Harbour Wire")
    summary, _ = run_import(library, path, source="Coastline Daily")
    assert summary.imported[0].source == "Coastline Daily"
    assert library.articles.get(summary.imported[0].id).source_origin == "editor"


def test_folder_import_is_recursive_and_names_outlets_after_folders(library: Library, tmp_path: Path,
                                                                    make_article) -> None:
    make_article(tmp_path / "news" / "Harbour_Wire", "ferry.txt", FERRY)
    make_article(tmp_path / "news" / "Valley Times", "bridge.txt", BRIDGE)
    (tmp_path / "news" / ".hidden.txt").write_text("secret draft")
    (tmp_path / "news" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    summary, _ = run_import(library, tmp_path / "news")
    assert sorted(a.source for a in summary.imported) == ["Harbour Wire", "Valley Times"]
    reasons = {Path(p.path).name: p.reason for p in summary.skipped}
    assert reasons == {".hidden.txt": "hidden file", "photo.png": "unsupported file type (.png)"}


def test_bad_files_fail_alone_and_the_rest_is_imported(library: Library, tmp_path: Path, make_article) -> None:
    good = make_article(tmp_path, "ferry.txt", FERRY)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    summary, steps = run_import(library, empty, tmp_path / "missing.txt", good)
    assert len(summary.imported) == 1
    failed = {Path(p.path).name: p.reason for p in summary.failed}
    assert set(failed) == {"empty.txt", "missing.txt"}
    assert "empty" in failed["empty.txt"] and "no such file" in failed["missing.txt"]
    assert steps[-1].done == steps[-1].total == 3


def test_import_log_keeps_counts_and_reasons(library: Library, tmp_path: Path, make_article) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n")
    run_import(library, make_article(tmp_path, "ferry.txt", FERRY), bad)
    [entry] = library.imports.history()
    assert (entry.imported, entry.failed, entry.duplicates, entry.status) == (1, 1, 0, "done")
    assert [(p.kind, Path(p.path).name) for p in entry.problems] == [("failed", "empty.txt")]


def test_cancel_stops_between_files_and_keeps_what_was_read(library: Library, tmp_path: Path, make_article,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from core import importing

    monkeypatch.setattr(importing, "BATCH_FILES", 1)  # hand each file back at once, as a slow import would
    paths = [make_article(tmp_path, f"a{i}.txt", f"{FERRY}\n\nUpdate number {i}.") for i in range(5)]
    job = library.imports.start(paths)
    seen = 0
    for _step in job:
        seen += 1
        if seen == 2:
            job.cancel()
    assert job.summary.cancelled
    assert library.articles.count() == 2
    assert library.imports.history()[0].status == "cancelled"


def test_a_crash_inside_a_batch_leaves_no_half_article(library: Library, tmp_path: Path, make_article,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from core import importing

    paths = [make_article(tmp_path, f"a{i}.txt", f"{BRIDGE}\n\nNote {i}.") for i in range(3)]
    original = importing.ImportJob._insert
    calls = {"n": 0}

    def failing_insert(self, article, path):
        calls["n"] += 1
        if calls["n"] == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return original(self, article, path)

    monkeypatch.setattr(importing.ImportJob, "_insert", failing_insert)
    with pytest.raises(sqlite3.OperationalError):
        list(library.imports.start(paths))
    conn = library.store.conn
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Tanner'").fetchone()[0] == 0


def test_search_finds_words_phrases_and_punctuated_terms(library: Library, tmp_path: Path, make_article) -> None:
    run_import(library, make_article(tmp_path, "ferry.txt", FERRY), make_article(tmp_path, "bridge.txt", BRIDGE))
    assert [h.article.title[:9] for h in library.articles.search("lifeboat")] == ["The night"]
    assert len(library.articles.search('"harbour master"')) == 1
    assert len(library.articles.search("ferry OR bridge")) == 2
    assert len(library.articles.search("Thursday -ferry")) == 1
    assert len(library.articles.search("pier*")) == 1
    hit = library.articles.search("coastguard")[0]
    assert "[[coastguard]]" in hit.snippet


def test_search_ranks_best_first_and_only_the_newest_matches_of_a_very_common_word(
        library: Library, tmp_path: Path, make_article, monkeypatch: pytest.MonkeyPatch) -> None:
    from core import search

    texts = [("once.txt", "The harbour master spoke once about the storm."),
             ("thrice.txt", "Storm after storm: the third storm closed the harbour."),
             ("twice.txt", "A storm and then another storm reached the pier.")]
    run_import(library, *(make_article(tmp_path, name, text) for name, text in texts))
    page = library.articles.search_page("storm")
    assert [h.article.path.rsplit("/", 1)[-1] for h in page.hits] == ["thrice.txt", "twice.txt", "once.txt"]
    assert not page.capped
    assert page.hits[0].rank < page.hits[1].rank < page.hits[2].rank
    assert all("[[storm]]" in h.snippet.lower() for h in page.hits)
    # with room to rank two matches only, the two imported last are ranked and the first left out
    monkeypatch.setattr(search, "RANK_CAP", 2)
    capped = library.articles.search_page("storm")
    assert capped.capped
    assert [h.article.path.rsplit("/", 1)[-1] for h in capped.hits] == ["thrice.txt", "twice.txt"]


@pytest.mark.parametrize("query, message", [
    ('"harbour master', "without a closing one"),
    ("", "empty"),
    ("ferry OR", "OR needs"),
    ("-ferry", "at least one word"),
])
def test_malformed_search_gets_a_clear_message(library: Library, query: str, message: str) -> None:
    with pytest.raises(LibraryError, match=message):
        library.articles.search(query)


def test_rename_source_and_merge_onto_existing(library: Library, tmp_path: Path, make_article) -> None:
    run_import(library, make_article(tmp_path, "ferry.txt", FERRY, source="Harbor Wire"),
               make_article(tmp_path, "bridge.txt", BRIDGE, source="Harbour Wire"))
    assert [s.name for s in library.sources.list()] == ["Harbor Wire", "Harbour Wire"]
    merged = library.sources.rename("Harbor Wire", "Harbour Wire")
    assert merged.article_count == 2
    assert [s.name for s in library.sources.list()] == ["Harbour Wire"]
    renamed = library.sources.rename("harbour wire", "Harbour Wire Service")
    assert renamed.name == "Harbour Wire Service"
    with pytest.raises(LibraryError, match="no outlet called"):
        library.sources.rename("Nobody", "Somebody")


def test_delete_removes_article_and_its_search_entry(library: Library, tmp_path: Path, make_article) -> None:
    summary, _ = run_import(library, make_article(tmp_path, "ferry.txt", FERRY))
    changes: list[str] = []
    library.subscribe(changes.append)
    library.articles.delete(summary.imported[0].id)
    assert library.articles.count() == 0
    assert library.articles.search("lifeboat") == []
    assert changes == ["articles"]
    with pytest.raises(LibraryError, match="no article"):
        library.articles.get(summary.imported[0].id)


def test_listeners_hear_about_imports(library: Library, tmp_path: Path, make_article) -> None:
    changes: list[str] = []
    library.subscribe(changes.append)
    run_import(library, make_article(tmp_path, "ferry.txt", FERRY))
    assert changes == ["articles", "sources"]


def test_lists_are_ordered_and_fetchable_by_id(library: Library, tmp_path: Path, make_article) -> None:
    run_import(library, make_article(tmp_path, "ferry.txt", FERRY, date="2024-03-03"),
               make_article(tmp_path, "bridge.txt", BRIDGE, date="2024-05-09"))
    ids = library.articles.ids()
    assert [library.articles.get(i).published for i in ids] == ["2024-05-09", "2024-03-03"]
    assert set(library.articles.summaries(ids)) == set(ids)
    assert [a.published for a in library.articles.list(limit=1)] == ["2024-05-09"]
