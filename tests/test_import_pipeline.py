"""The import pipeline of issue 8: articles analysed in the reader processes while the importer
writes, the cheaper text clean-up and hashing giving exactly the old results."""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

import pytest

from core import isolation
from core.analysis import ANALYSIS_VERSION, analyse
from core.library import Library
from core.model import content_hash
from core.readers import encoding, whitespace
from test_story_features_cache import no_computing

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/malformed.py: the hostile analyser


def _article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(f"title: {name}\n\n{text}", encoding="utf-8")
    return path


def _stored_analyses(library: Library) -> dict[str, tuple[int, str, str]]:
    rows = library.store.conn.execute(
        "SELECT a.path, n.version, n.body_hash, n.data FROM analyses n JOIN articles a ON a.id = n.article_id")
    return {Path(r[0]).name: (r[1], r[2], r[3]) for r in rows}


def test_an_import_leaves_every_new_article_analysed_as_ensure_would(fresh_pool, tmp_path: Path,
                                                                       library: Library) -> None:
    texts = {f"{i}.txt": f"Officials in Wexmouth said on Tuesday that {i + 3} boats were damaged in the storm."
             for i in range(5)}
    paths = [_article(tmp_path, name, text) for name, text in texts.items()]
    job = library.imports.start(paths)
    list(job)
    stored = _stored_analyses(library)
    assert sorted(stored) == sorted(texts)
    for article in job.summary.imported:
        record = library.articles.get(article.id)
        version, body_hash, data = stored[Path(record.path).name]
        assert (version, body_hash) == (ANALYSIS_VERSION, record.content_hash)
        assert json.loads(data) == analyse(record.body, record.published).to_json()
    assert list(library.analyses.ensure()) == []  # nothing left to analyse


def test_duplicates_are_not_analysed_again(fresh_pool, tmp_path: Path, library: Library) -> None:
    first = _article(tmp_path, "a.txt", "The harbour office said the tide would peak at noon on Friday.")
    list(library.imports.start([first]))
    analysed_at = library.store.conn.execute("SELECT analysed_at, data FROM analyses").fetchall()
    again = library.imports.start([first, _article(tmp_path, "copy.txt", first.read_text().split("\n\n", 1)[1])])
    list(again)
    assert len(again.summary.duplicates) == 2
    assert library.store.conn.execute("SELECT analysed_at, data FROM analyses").fetchall() == analysed_at


def test_an_analysis_that_hangs_costs_only_that_analysis(fresh_pool, tmp_path: Path, library: Library) -> None:
    fresh_pool.setattr(isolation, "ANALYSER", "malformed:hostile_analyse")
    fresh_pool.setattr(isolation, "ANALYSE_SECONDS", 2.0)
    names = ["a.txt", "hang.txt", "b.txt"]
    paths = [_article(tmp_path, n, f"Officials said {n} was fine." + (" hang-the-analysis" if n == "hang.txt" else ""))
             for n in names]
    job = library.imports.start(paths)
    assert [Path(step.path).name for step in job] == names
    assert sorted(Path(a.path).name for a in job.summary.imported) == sorted(names)  # imported all the same
    assert not job.summary.failed
    assert sorted(_stored_analyses(library)) == ["a.txt", "b.txt"]
    hung = next(a.id for a in job.summary.imported if a.path.endswith("hang.txt"))
    assert list(library.analyses.ensure()) == [(1, 1)]  # computed later, in-process, where needed
    assert library.analyses.get(hung).sentences


def test_an_import_without_analysis_leaves_it_to_ensure(fresh_pool, tmp_path: Path, library: Library) -> None:
    job = library.imports.start([_article(tmp_path, "a.txt", "The council said the bridge reopens in May.")],
                                analyse=False)
    list(job)
    assert _stored_analyses(library) == {}
    assert list(library.analyses.ensure()) == [(1, 1)]


def test_a_feed_of_many_entries_is_analysed_in_small_tasks(fresh_pool, tmp_path: Path, library: Library) -> None:
    fresh_pool.setattr(isolation, "ANALYSE_CHUNK", 3)
    lines = [json.dumps({"title": f"Note {i}", "text": f"The harbour office said {i} ships docked on Monday."})
             for i in range(10)]
    export = tmp_path / "notes.jsonl"
    export.write_text("\n".join(lines), encoding="utf-8")
    job = library.imports.start([export])
    list(job)
    assert len(job.summary.imported) == 10
    assert library.store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 10


# --- the faster clean-up and hashing give the old results exactly --------------------------------

_WHITESPACE = [chr(i) for i in range(0x3001) if chr(i).isspace()]
_ALPHABET = _WHITESPACE + list("ab cD.,\u00df\u0130\u00e9") + ["\x00", "\x07", "\x7f", "\u200b", "\u00ad", "\ufeff",
                                                              "\u2029", "\r\n", "  ", "\n\n"]


def _old_content_hash(body: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", " ", body).strip().casefold().encode("utf-8")).hexdigest()


def _old_clean_lines(text: str) -> list[str]:
    text = whitespace._BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    text = whitespace._CONTROL.sub("", whitespace._INVISIBLE.sub("", text))
    return [whitespace._SPACES.sub(" ", line).strip() for line in text.split("\n")]


def test_unicode_whitespace_ends_below_u3001() -> None:
    assert [i for i in range(0x3001, sys.maxunicode + 1) if chr(i).isspace()] == []


def test_content_hash_and_clean_lines_match_the_regex_versions_on_random_text() -> None:
    rng = random.Random(8)
    for _ in range(5000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 30)))
        assert content_hash(text) == _old_content_hash(text), repr(text)
        assert whitespace.clean_lines(text) == _old_clean_lines(text), repr(text)


def test_every_mojibake_ftfy_detects_starts_in_the_quick_scan_range() -> None:
    detector = encoding._UTF8_DETECTOR
    if detector is None:
        pytest.skip("this ftfy has no detector: every text goes through ftfy")
    followers = "\u0080\u00a0\u2019\u2014"
    leads = [chr(i) for i in range(0x80, 0x3000)
             if any(detector.search(chr(i) + f * 3) for f in followers)]
    assert leads and all(encoding._MOJIBAKE_LEAD.match(ch) for ch in leads)


def test_word_breaks_still_refuse_noise_and_accept_text() -> None:
    assert encoding._has_word_breaks("The council met on Tuesday. " * 20)
    noise = "".join(chr(0x4e00 + (i * 7919) % 20000) for i in range(5000))  # a wrong decoding: no breaks
    assert not encoding._has_word_breaks(noise)


# --- story features made in the workers, stored with their articles ------------------------------

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo" / "articles"


def broken_features_analyse(body: str, published: str) -> isolation.Made:
    """An analyser (core.isolation.ANALYSER in a worker) whose Analysis no features can be made of."""
    made = isolation.analysis_json(body, published)
    return isolation.Made(made.data, made.version, analysis=object())


def _check_cached_features(library: Library) -> set[int]:
    """Every story_features row is what core.stories would compute from the stored article and its
    stored analysis (same stamp, same features); returns the ids that have one."""
    from core.analysis import Analysis
    from core.story_features import decode, features, stamp

    rows = library.store.conn.execute(
        """SELECT a.id, a.title, a.body, a.published, s.name, a.content_hash, n.data, f.stamp, f.data
           FROM story_features f JOIN articles a ON a.id = f.article_id JOIN sources s ON s.id = a.source_id
           JOIN analyses n ON n.article_id = a.id""").fetchall()
    for article_id, title, body, published, source, body_hash, analysis, cached_stamp, data in rows:
        assert cached_stamp == stamp(title, published, source, body_hash)
        expected = features(article_id, title, body, published, source, body_hash,
                            Analysis.from_json(json.loads(analysis)))
        assert decode(article_id, title, published, source, body_hash, data) == expected
    return {r[0] for r in rows}


def _all_ids(library: Library) -> set[int]:
    return set(library.articles.ids())


def test_an_import_stores_every_new_articles_story_features(fresh_pool, tmp_path: Path, library: Library) -> None:
    untitled = tmp_path / "untitled.txt"      # no title in the file: features under the derived one
    untitled.write_text("Officials in Wexmouth said on Tuesday that 12 boats were damaged. The harbour reopens.",
                        encoding="utf-8")
    job = library.imports.start([*sorted(DEMO.iterdir()), untitled])
    list(job)
    assert len(job.summary.imported) == 6
    assert _check_cached_features(library) == _all_ids(library)
    computed = no_computing(fresh_pool)
    list(library.stories.regroup())
    assert computed == []                      # a regroup right after the import computes nothing


def test_features_are_made_under_the_imports_outlet(fresh_pool, tmp_path: Path, library: Library) -> None:
    list(library.imports.start(sorted(DEMO.iterdir()), source="Harbour Desk"))
    assert {s.name for s in library.sources.list()} == {"Harbour Desk"}
    assert _check_cached_features(library) == _all_ids(library)


def test_an_outlet_the_store_spells_otherwise_is_not_cached_stale(fresh_pool, tmp_path: Path,
                                                                  library: Library) -> None:
    first = _article(tmp_path, "a.txt", "The harbour office said the tide would peak at noon on Friday.")
    list(library.imports.start([first], source="Harbour Desk"))
    second = _article(tmp_path, "b.txt", "The council said the bridge over the Wex reopens in May.")
    job = library.imports.start([second], source="HARBOUR DESK")    # stored under "Harbour Desk"
    list(job)
    assert {s.name for s in library.sources.list()} == {"Harbour Desk"}
    late = job.summary.imported[0].id
    assert _check_cached_features(library) == _all_ids(library) - {late}   # dropped, never stale
    computed = no_computing(fresh_pool)
    list(library.stories.regroup())
    assert computed == [late]
    assert _check_cached_features(library) == _all_ids(library)


def test_features_that_cannot_be_made_cost_nothing_else(fresh_pool, tmp_path: Path, library: Library) -> None:
    fresh_pool.setattr(isolation, "ANALYSER", "test_import_pipeline:broken_features_analyse")
    paths = [_article(tmp_path, f"{i}.txt", f"Officials said {i + 3} boats were damaged on Tuesday.") for i in range(3)]
    job = library.imports.start(paths)
    list(job)
    assert len(job.summary.imported) == 3 and not job.summary.failed
    assert len(_stored_analyses(library)) == 3                      # analysed all the same
    assert _check_cached_features(library) == set()
    computed = no_computing(fresh_pool)
    list(library.stories.regroup())                                 # ... and grouping computes them
    assert sorted(computed) == sorted(_all_ids(library))
    assert _check_cached_features(library) == _all_ids(library)


def test_ensure_stores_story_features_with_the_analyses(fresh_pool, tmp_path: Path, library: Library) -> None:
    list(library.imports.start(sorted(DEMO.iterdir()), analyse=False))
    assert _check_cached_features(library) == set()
    assert len(list(library.analyses.ensure())) == len(_all_ids(library))
    assert _check_cached_features(library) == _all_ids(library)
    computed = no_computing(fresh_pool)
    list(library.stories.regroup())
    assert computed == []
