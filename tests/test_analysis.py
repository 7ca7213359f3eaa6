"""The analysis as a whole: one call, cached in the store, served by the CLI, robust to odd text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FERRY, PROJECT
from core import analysis as analysis_module
from core import library as library_module
from core import store as store_module
from core.analysis import Analysis, analyse
from core.library import Library
from main import main

DEMO = PROJECT / "resources" / "demo" / "articles"


def import_one(library: Library, path: Path, analyse: bool = False) -> int:
    """Without analysing at import (as an older version stored articles), so the cache's own paths run."""
    job = library.imports.start([path], analyse=analyse)
    list(job)
    return job.summary.imported[0].id


def test_analysis_round_trips_through_json() -> None:
    result = analyse(FERRY, "2024-03-03")
    again = Analysis.from_json(json.loads(json.dumps(result.to_json())))
    assert again == result
    assert result.sentences and result.quotes and result.facts


def test_spans_index_the_body() -> None:
    body = (DEMO / "harbour_wire_saltmere_flood.txt").read_text(encoding="utf-8").split("\n\n", 1)[1]
    result = analyse(body, "2024-03-06")
    for s in result.sentences:
        assert body[s.span.start:s.span.end] == s.text
    for f in result.facts:
        assert body[f.span.start:f.span.end] == f.text
    for q in result.quotes:
        assert all(0 <= p.start < p.end <= len(body) for p in q.parts)


def test_facts_inside_furniture_are_left_out() -> None:
    body = ("Crews cleared the quay at Wexmouth on Monday after the storm.\n\n"
            "File Photo by Marta Quill/Harbour Wire | License Photo\n\n"
            "The harbour board said 40 boats were damaged.")
    result = analyse(body, "2024-03-06")
    credit = next(s for s in result.sentences if s.furniture)
    assert not [f for f in result.facts if credit.span.start <= f.span.start < credit.span.end]
    assert any(f.kind == "number" and f.value == "40" for f in result.facts)


def test_a_failing_extractor_costs_only_its_own_results(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(body: str) -> list:
        raise RuntimeError("extractor bug")

    import core.entities
    monkeypatch.setattr(core.entities, "find_entities", broken)     # analyse() imports it when it runs
    result = analyse(FERRY, "2024-03-03")
    assert result.sentences and result.quotes
    assert any(f.kind == "number" for f in result.facts)
    assert result.problems == ["entities: RuntimeError: extractor bug"]


@pytest.mark.parametrize("body", [
    'He said "this never closes and runs on and on\n\nAnother paragraph follows here.',
    "x" * 200_000,
    "1234 5678 ---- !!!! ....",
    "قال الوزير إن James Smith سيزور المدينة يوم الثلاثاء.",
    "Control\x00characters\x07in\x1b[31m text.",
    "",
])
def test_odd_text_never_raises(body: str) -> None:
    result = analyse(body, "2024-03-06")
    assert result.problems == []
    for s in result.sentences:
        assert body[s.span.start:s.span.end] == s.text


def test_store_caches_analysis_until_the_rules_change(library: Library, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = import_one(library, DEMO / "harbour_wire_saltmere_flood.txt")
    calls = {"n": 0}
    real = library_module.analyse

    def counting(body: str, published: str = "") -> Analysis:
        calls["n"] += 1
        return real(body, published)

    monkeypatch.setattr(library_module, "analyse", counting)
    first = library.analyses.get(article_id)
    second = library.analyses.get(article_id)
    assert first == second and calls["n"] == 1
    monkeypatch.setattr(library_module, "ANALYSIS_VERSION", analysis_module.ANALYSIS_VERSION + 1)
    library.analyses.get(article_id)
    assert calls["n"] == 2


def test_ensure_analyses_only_what_is_missing(library: Library) -> None:
    ids = [import_one(library, DEMO / name) for name in ("harbour_wire_saltmere_flood.txt",
                                                          "coastline_daily_saltmere_flood.md")]
    library.analyses.get(ids[0])
    assert list(library.analyses.ensure()) == [(1, 1)]
    assert list(library.analyses.ensure()) == []


def test_deleting_an_article_deletes_its_analysis(library: Library) -> None:
    article_id = import_one(library, DEMO / "harbour_wire_saltmere_flood.txt")
    library.analyses.get(article_id)
    library.articles.delete(article_id)
    assert library.store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 0


def test_a_version_1_store_gains_the_cache_and_keeps_its_articles(db_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
        patch.setattr(store_module, "SCHEMA_VERSION", 1)
        with Library.open(db_path) as old:
            article_id = import_one(old, DEMO / "harbour_wire_saltmere_flood.txt")
            assert old.store.version == 1
    with Library.open(db_path) as upgraded:
        assert upgraded.store.version == store_module.SCHEMA_VERSION >= 2
        assert upgraded.articles.get(article_id).title.startswith("Saltmere shuts")
        assert upgraded.analyses.get(article_id).quotes
    assert Path(f"{db_path}.schema1.bak").exists()


def test_cli_analyse_a_file_and_a_stored_article(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    demo = DEMO / "coastline_daily_saltmere_flood.md"
    assert main(["--db", db, "analyse", str(demo), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert set(from_file) >= {"article", "sentences", "quotes", "facts"}
    assert {"index", "text", "start", "end", "paragraph", "furniture"} <= set(from_file["sentences"][0])
    assert {"text", "start", "end", "speaker", "role", "cue", "relay", "partial"} <= set(from_file["quotes"][0])
    assert {"kind", "text", "start", "end", "value", "unit"} <= set(from_file["facts"][0])
    main(["--db", db, "import", str(demo)])
    capsys.readouterr()
    assert main(["--db", db, "analyze", "1", "--json"]) == 0
    from_store = json.loads(capsys.readouterr().out)
    assert from_store["article"]["id"] == 1
    assert from_store["quotes"] == from_file["quotes"] and from_store["facts"] == from_file["facts"]
    assert main(["--db", db, "analyse", "1"]) == 0
    text = capsys.readouterr().out
    assert "Quotes:" in text and "Facts:" in text


def test_cli_analyse_unreadable_file_is_a_message(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["--db", str(tmp_path / "x.db"), "analyse", str(empty)]) == 1
    assert "the file is empty" in capsys.readouterr().err


@pytest.mark.shared
def test_seed_pair_analysis_shows_what_gold_lists(seed_files: list[Path]) -> None:
    from core.readers import read_file

    a, b = (read_file(path).articles[0] for path in seed_files)
    first, second = analyse(a.body, a.published), analyse(b.body, b.published)

    furniture_a = {s.furniture for s in first.sentences if s.furniture}
    assert furniture_a == {"photo_credit", "advertisement", "related"}
    assert [s.text for s in second.sentences if s.furniture == "subheading"] == [
        "All eyes on Ukraine war", "Cleverly stresses on need for the right tools"]

    speakers_b = {q.speaker for q in second.quotes}
    assert speakers_b == {"James Cleverly"}
    assert {q.relay for q in second.quotes} >= {"Sky News"}

    def facts(result: Analysis, kind: str) -> set[str]:
        return {f.value for f in result.facts if f.kind == kind}

    assert "ben wallace" in facts(first, "person") and "ben wallas" in facts(second, "person")
    assert ("14", "tank") in {(f.value, f.unit) for f in second.facts if f.kind == "number"}
    assert not any(f.value == "2" and f.unit == "tank" for f in second.facts)
    assert "toronto" in facts(first, "place") & facts(second, "place")
    assert "kyiv" in facts(second, "place") and "kyiv" not in facts(first, "place")
    monday = next(f for f in first.facts if f.kind == "weekday" and f.value == "monday")
    assert monday.detail == "2023-01-16"
    this_week = next(f for f in second.facts if f.value == "earlier_this_week")
    assert this_week.detail == "2023-01-16..2023-01-17"
    # The photographer in A's credit is furniture, never a person fact.
    assert "hugo philpott" not in facts(first, "person")
