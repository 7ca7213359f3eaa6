"""Paths an editor's machine really has: unicode and spaces, very long paths, read-only folders,
a full disk. Each gives a working library or a clear message, and never a half-written store."""
from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FERRY, write_article
from core.library import Library, LibraryError
from core.store import MAX_STORE_PATH, Store, StoreError, describe_error

UNICODE_FOLDER = "Bibliothèque d'été 📰 新闻 — copy (2)"


def _import(library: Library, *paths: Path) -> list[int]:
    job = library.imports.start(list(paths))
    list(job)
    return [a.id for a in job.summary.imported]


def test_unicode_and_spaces_in_store_and_article_paths(tmp_path: Path) -> None:
    db = tmp_path / UNICODE_FOLDER / "my library ü.db"
    article = write_article(tmp_path / "Artículos con espacios" / "ñ 記事", "Ферри — ferry ü.txt", FERRY,
                            title="Ferry ✓", source="Côte Quotidienne")
    with Library.open(db) as library:
        (article_id,) = _import(library, article.parent.parent)
        stored = library.articles.get(article_id)
        assert stored.path == str(article) and stored.source == "Côte Quotidienne"
        assert [h.article.id for h in library.articles.search("lifeboat")] == [article_id]
    with Library.open(db) as library:                       # and it opens again
        assert library.articles.count() == 1
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _deep_folder(root: Path, total: int) -> Path:
    """A folder whose path is about `total` bytes, in components of at most 200 (NAME_MAX is 255)."""
    folder = root
    while len(os.fsencode(str(folder))) < total - 210:
        folder = folder / ("ü" * 60 + "-nested-" + "x" * 70)        # multi-byte characters count double
    remaining = total - len(os.fsencode(str(folder))) - 1
    return folder / ("y" * max(1, min(remaining, 200)))


def test_articles_at_very_long_paths_import(tmp_path: Path) -> None:
    folder = _deep_folder(tmp_path / "deep", 3900)             # PATH_MAX is 4096 on Linux
    article = write_article(folder, "a.txt", FERRY, title="Deep ferry")
    assert len(os.fsencode(str(article))) > 3800
    with Library.open(tmp_path / "library.db") as library:
        (article_id,) = _import(library, tmp_path / "deep")
        assert library.articles.get(article_id).path == str(article)


def test_a_store_path_too_long_for_sqlite_gets_a_clear_message(tmp_path: Path) -> None:
    folder = _deep_folder(tmp_path, 700)
    with pytest.raises(LibraryError, match="too long.*shorter path"):
        Library.open(folder / "library.db")
    assert not (folder / "library.db").exists()


def test_a_store_path_just_under_the_limit_works(tmp_path: Path) -> None:
    folder = _deep_folder(tmp_path, MAX_STORE_PATH - 40)
    db = folder / ("z" * (MAX_STORE_PATH - len(os.fsencode(str(folder))) - 4) + ".db")
    assert len(os.fsencode(str(db))) == MAX_STORE_PATH
    with Library.open(db) as library:
        _import(library, write_article(tmp_path / "in", "a.txt", FERRY))
        assert library.articles.count() == 1


@pytest.fixture
def immutable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody can write in, root included (chattr +i); skipped where that is impossible."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "existing.db").write_bytes(b"")
    existing = folder / "existing.db"
    existing.unlink()
    Store(existing).close()                                   # an existing store inside it, too
    for suffix in ("-wal", "-shm"):
        Path(f"{existing}{suffix}").unlink(missing_ok=True)
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        folder.chmod(0o555)
        if os.access(folder, os.W_OK):
            folder.chmod(0o755)
            pytest.skip("cannot make a folder read-only here (root without chattr +i support on this file system)")
        yield folder
        folder.chmod(0o755)
        return
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_new_store_in_a_read_only_folder_is_refused_clearly(immutable_folder: Path) -> None:
    before = sorted(p.name for p in immutable_folder.iterdir())
    with pytest.raises(LibraryError, match="folder of the library is read-only.*choose a folder you can write to"):
        Library.open(immutable_folder / "new library.db")
    assert sorted(p.name for p in immutable_folder.iterdir()) == before


def test_an_existing_store_in_a_read_only_folder_is_refused_clearly(immutable_folder: Path) -> None:
    with pytest.raises(LibraryError, match="read-only"):
        Library.open(immutable_folder / "existing.db")


def test_a_store_whose_folder_cannot_be_created_is_refused_clearly(immutable_folder: Path) -> None:
    with pytest.raises(LibraryError, match="cannot create the folder"):
        Library.open(immutable_folder / "sub" / "library.db")


# --- a full disk ----------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (root only); skipped where it cannot be mounted."""
    mount_point = tmp_path / "small disk"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({result.stderr.strip() or 'not root'})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _many_articles(folder: Path, count: int) -> dict[str, str]:
    bodies = {}
    for number in range(count):
        body = f"Unique report {number} from the harbour.\n\n" + ("The tide rose over the quay wall again. " * 40).strip()
        path = write_article(folder, f"a{number:04d}.txt", body, title=f"Report {number}")
        bodies[str(path)] = body
    return bodies


def test_importing_onto_a_full_disk_stops_cleanly_with_whole_articles(tmp_path: Path, small_disk: Path) -> None:
    bodies = _many_articles(tmp_path / "in", 500)
    db = small_disk / "library.db"
    with Library.open(db) as library:
        job = library.imports.start([tmp_path / "in"])
        with pytest.raises(sqlite3.OperationalError) as raised:
            list(job)
        message = describe_error(raised.value)
        imported = len(job.summary.imported)
    assert "disk is full" in message and "What was saved before is intact" in message
    assert 0 < imported < len(bodies)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    rows = conn.execute("SELECT path, body FROM articles").fetchall()
    conn.close()
    assert len(rows) == imported                               # exactly what was reported, all whole
    assert all(body == bodies[path] for path, body in rows)


def test_a_new_store_on_a_full_disk_is_refused_and_leaves_nothing(small_disk: Path) -> None:
    filler = small_disk / "filler"
    with filler.open("wb") as out:
        try:
            out.write(b"\0" * (2 << 20))
        except OSError:
            pass
    with pytest.raises(LibraryError, match="disk is full|no space"):
        Library.open(small_disk / "library.db")
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_the_cli_says_the_disk_is_full_without_a_traceback(tmp_path: Path, small_disk: Path) -> None:
    import sys

    from conftest import PROJECT

    _many_articles(tmp_path / "in", 500)
    result = subprocess.run([sys.executable, "main.py", "--db", str(small_disk / "library.db"), "import",
                             str(tmp_path / "in")], cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
    assert result.returncode != 0
    assert "disk is full" in result.stderr
