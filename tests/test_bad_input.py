"""One import holding every kind of bad input: each bad file is one line with its name and reason,
the good files are imported, and the store stays valid."""
from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from conftest import BRIDGE, FERRY
from main import main


@pytest.fixture
def bad_folder(tmp_path: Path, make_article) -> dict[str, Path]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "huge": folder / "huge.txt",
        "invalid_utf8": folder / "invalid.txt",
        "truncated_html": folder / "truncated.html",
        "json_not_object": folder / "numbers.json",
        "locked_dir": folder / "locked",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    with files["huge"].open("w", encoding="utf-8") as handle:
        line = "The council met again on Tuesday to discuss the harbour wall. " * 16 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    # Random high bytes: invalid UTF-8, and no legacy encoding makes language of them.
    files["invalid_utf8"].write_bytes(random.Random(7).randbytes(3000).translate(bytes(range(128, 256)) * 2))
    # Invalid UTF-8 that is valid Windows-1252: decoded, not refused.
    files["latin1"] = folder / "latin1.txt"
    files["latin1"].write_bytes(
        "title: Café owner backs new quay\n\n\u201cWe need the quay,\u201d said Zoë Brennan, who runs the "
        "café on the front. The board meets on Friday to approve the plan.".encode("cp1252"))
    files["truncated_html"].write_text(
        "<html><head><title>Quay wall repairs</title></head><body><article><p>Repairs to the quay wall at "
        "Wexmouth began on Monday and will take eleven weeks, the harbour board said.</p><p>Crews will work "
        "at low tide only, so the schedule depends on the weath", encoding="utf-8")
    files["json_not_object"].write_text("[1, 2, 3]", encoding="utf-8")
    files["locked_dir"].mkdir()
    make_article(files["locked_dir"], "hidden-away.txt", BRIDGE)
    files["good"] = make_article(folder, "ferry.txt", FERRY, source="Harbour Wire")
    files["missing"] = tmp_path / "does-not-exist.txt"
    return files


def test_every_bad_input_is_one_line_and_the_rest_imports(bad_folder: dict[str, Path], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    locked = bad_folder["locked_dir"]
    real_access = os.access
    # Root can list any folder, so the unreadable folder is simulated where the import asks.
    monkeypatch.setattr("core.discovery.os.access", lambda p, mode: False if Path(p) == locked else real_access(p, mode))
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):
        for folder, dirs, files in real_walk(top, onerror=onerror, followlinks=followlinks):
            if locked.name in dirs:
                dirs.remove(locked.name)
                onerror(PermissionError(13, "Permission denied", str(locked)))
            yield folder, dirs, files

    monkeypatch.setattr("core.discovery.os.walk", walk)
    db = tmp_path / "store.db"
    code = main(["--db", str(db), "import", str(bad_folder["truncated_html"].parent), str(bad_folder["missing"])])
    out = capsys.readouterr().out
    assert code == 0
    failure_lines = [line for line in out.splitlines() if line.startswith("  failed: ")]
    expected_reasons = {
        "empty": "empty",
        "binary": "binary",
        "huge": "MB",
        "invalid_utf8": "encoding",
        "json_not_object": "not",
        "locked_dir": "permission denied",
        "missing": "no such file",
    }
    for key, reason in expected_reasons.items():
        lines = [line for line in failure_lines if str(bad_folder[key]) + ":" in line]
        assert len(lines) == 1, (key, failure_lines)
        assert reason.lower() in lines[0].lower(), lines[0]
    assert len(failure_lines) == len(expected_reasons)
    # the good file, the readable part of the truncated page, and the Windows-1252 file
    assert "Imported 3 article(s)" in out

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')") is not None
    titles = sorted(r[0] for r in conn.execute("SELECT title FROM articles"))
    assert titles[:2] == ["Café owner backs new quay", "Quay wall repairs"]
    body = conn.execute("SELECT body FROM articles WHERE title LIKE 'Café%'").fetchone()[0]
    assert "\u201cWe need the quay,\u201d said Zoë Brennan" in body
    conn.close()
