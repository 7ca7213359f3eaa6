"""The command line: a thin layer over the Library with a stable --json contract."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BRIDGE, FERRY, PROJECT
from main import build_parser, main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_json_summary_and_exit_code(tmp_path: Path, make_article, capsys) -> None:
    db = str(tmp_path / "x.db")
    ferry = make_article(tmp_path, "ferry.txt", FERRY, source="Harbour Wire", date="2024-03-03")
    code, out, _ = run_cli(capsys, "--db", db, "import", str(ferry), str(tmp_path / "nope.txt"), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["imported"] == 1 and data["duplicates"] == 0
    assert data["failed"] == [{"path": str(tmp_path / "nope.txt"), "reason": "no such file or folder"}]
    [article] = data["articles"]
    assert {k: article[k] for k in ("source", "date", "path")} == {
        "source": "Harbour Wire", "date": "2024-03-03", "path": str(ferry)}
    assert isinstance(article["id"], int) and article["title"]


def test_import_exit_code_1_when_every_file_failed(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run_cli(capsys, "import", str(empty), "--db", str(tmp_path / "x.db"))
    assert code == 1
    assert f"failed: {empty}: the file is empty" in out


def test_reimport_reports_duplicates_and_exits_0(tmp_path: Path, make_article, capsys) -> None:
    db = str(tmp_path / "x.db")
    ferry = make_article(tmp_path, "ferry.txt", FERRY)
    run_cli(capsys, "--db", db, "import", str(ferry))
    code, out, _ = run_cli(capsys, "--db", db, "--json", "import", str(ferry))
    data = json.loads(out)
    assert code == 0 and data["imported"] == 0 and data["duplicates"] == 1


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["show", "not-a-number"])
    assert exc.value.code == 2


def test_articles_show_search_sources_rename(tmp_path: Path, make_article, capsys) -> None:
    db = str(tmp_path / "x.db")
    run_cli(capsys, "--db", db, "import", str(make_article(tmp_path, "ferry.txt", FERRY, source="Harbor Wire")),
            str(make_article(tmp_path, "bridge.txt", BRIDGE, source="Valley Times")))
    _, out, _ = run_cli(capsys, "articles", "--db", db, "--json")
    listed = json.loads(out)
    assert sorted(a["source"] for a in listed) == ["Harbor Wire", "Valley Times"]
    ferry_id = next(a["id"] for a in listed if a["source"] == "Harbor Wire")

    _, out, _ = run_cli(capsys, "--db", db, "show", str(ferry_id), "--json")
    assert json.loads(out)["body"].startswith("The night ferry")
    _, out, _ = run_cli(capsys, "--db", db, "show", str(ferry_id))
    assert "Harbor Wire" in out and "lifeboat crews" in out

    _, out, _ = run_cli(capsys, "--db", db, "search", "lifeboat", "--json")
    assert [h["id"] for h in json.loads(out)] == [ferry_id]
    _, out, _ = run_cli(capsys, "--db", db, "search", "lifeboat")
    assert "«lifeboat»" in out

    code, out, _ = run_cli(capsys, "--db", db, "rename-source", "Harbor Wire", "Harbour Wire", "--json")
    assert code == 0 and json.loads(out) == {"id": 1, "name": "Harbour Wire", "articles": 1}
    _, out, _ = run_cli(capsys, "--db", db, "sources")
    assert "Harbour Wire" in out and "Harbor Wire" not in out


def test_malformed_search_is_a_message_not_a_traceback(tmp_path: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "--db", str(tmp_path / "x.db"), "search", '"unclosed phrase')
    assert code == 1
    assert "without a closing one" in err and "Traceback" not in err


def test_missing_article_is_a_message(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(capsys, "--db", str(tmp_path / "x.db"), "show", "99")
    assert code == 1 and "no article 99" in err


def test_every_command_has_help_text() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    helps = {action.dest: action.help for action in subparsers._choices_actions}
    primary = {name for name, parser in subparsers.choices.items() if parser.prog.endswith(" " + name)}
    assert set(helps) == primary
    assert all(text and len(text) > 10 for text in helps.values())


def test_cli_does_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys, main; main.main(['--db', sys.argv[1], 'articles']); "
        "assert 'PySide6' not in sys.modules, 'the CLI loaded Qt'"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], cwd=PROJECT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.shared
def test_seeds_import_with_date_and_outlet(seed_files: list[Path], tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    code, out, _ = run_cli(capsys, "--db", db, "import", *map(str, seed_files), "--json")
    data = json.loads(out)
    assert code == 0 and data["imported"] == 2 and data["failed"] == []
    by_name = {Path(a["path"]).name: a for a in data["articles"]}
    assert {a["date"] for a in by_name.values()} == {"2023-01-17"}
    assert by_name["000_87e16579f229c99f.txt"]["source"] == "UPI"
    assert by_name["001_c590c3f217d2194b.txt"]["source"] == "Unknown"
    _, out, _ = run_cli(capsys, "--db", db, "search", "Cleverly", "--json")
    assert sorted(Path(h["path"]).name for h in json.loads(out)) == sorted(by_name)


def test_reading_files_needs_no_store(tmp_path: Path, capsys) -> None:
    demo = PROJECT / "resources" / "demo" / "articles"
    db = tmp_path / "never.db"
    assert main(["--db", str(db), "analyse", str(demo / "harbour_wire_saltmere_flood.txt"), "--json"]) == 0
    assert main(["--db", str(db), "compare", str(demo / "harbour_wire_saltmere_flood.txt"),
                 str(demo / "coastline_daily_saltmere_flood.md"), "--json"]) == 0
    capsys.readouterr()
    assert not db.exists()
