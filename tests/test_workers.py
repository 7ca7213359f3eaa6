"""Background imports, comparisons and tasks, each with its own Library on a real store."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import core.importing
from conftest import PROJECT
from core.library import Library
from gui.workers import (
    BackgroundImport, BackgroundTask, ComparisonService, ImportOutcome, TaskResult, WorkerBusy, busy_writer,
    regroup_stories, shutdown_workers, start_import, start_regroup,
)

DEMO = PROJECT / "resources" / "demo" / "articles"
WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def no_threads_left_behind():
    yield
    assert shutdown_workers(WAIT_MS), "a worker thread was still running after the test"


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    """The demo articles plus three files no reader can take."""
    folder = tmp_path / "incoming"
    shutil.copytree(DEMO, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "x.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    (folder / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    return folder


@pytest.fixture
def demo_store(db_path: Path) -> Path:
    """A store holding the five demo articles, grouped into stories."""
    with Library.open(db_path) as library:
        job = library.imports.start([DEMO])
        list(job)
        library.stories.attach([a.id for a in job.summary.imported])
    return db_path


@pytest.fixture
def flood_ids(demo_store: Path) -> list[int]:
    with Library.open(demo_store) as library:
        flood = [s for s in library.stories.list() if len(s.articles) == 3]
    assert len(flood) == 1, "the demo's three flood reports should form one story"
    return sorted(a.id for a in flood[0].articles)


@pytest.fixture
def service(demo_store: Path):
    comparisons = ComparisonService(demo_store)
    yield comparisons
    comparisons.close()


def run_import(qtbot, db_path: Path, paths: list[Path], background: BackgroundImport | None = None) -> ImportOutcome:
    background = background or BackgroundImport(db_path, paths)
    with qtbot.waitSignal(background.finished, timeout=WAIT_MS) as blocker:
        background.start()
    return blocker.args[0]


# --- imports -------------------------------------------------------------------------------------


def test_import_of_the_demo_folder_reports_progress_and_groups_stories(qtbot, db_path: Path) -> None:
    background = BackgroundImport(db_path, [DEMO])
    progress: list[tuple[int, int, str]] = []
    worker_threads: set[int] = set()
    background.progress.connect(lambda done, total, path: progress.append((done, total, path)))
    background.worker.progress.connect(lambda *_: worker_threads.add(threading.get_ident()),
                                       Qt.ConnectionType.DirectConnection)
    outcome = run_import(qtbot, db_path, [DEMO], background)

    assert (outcome.files, outcome.imported, outcome.failed, outcome.cancelled, outcome.error) == (5, 5, [], False, "")
    assert progress and progress[-1][:2] == (5, 5)
    assert Path(progress[0][2]).parent == DEMO
    assert worker_threads and threading.get_ident() not in worker_threads, "the import ran in the GUI thread"
    assert outcome.summary_text() == "5 files · 5 articles"
    assert len(outcome.story_ids) == 3
    with Library.open(db_path) as fresh:  # what the worker committed, seen through another connection
        assert fresh.articles.count() == 5
        assert {fresh.stories.story_of(i) for i in fresh.articles.ids()} == set(outcome.story_ids)
        assert sorted(len(s.articles) for s in fresh.stories.list()) == [1, 1, 3]


def test_files_that_cannot_be_read_are_listed_with_their_reasons(qtbot, db_path: Path, bad_folder: Path) -> None:
    outcome = run_import(qtbot, db_path, [bad_folder])

    assert outcome.imported == 5
    reasons = dict(outcome.failed)
    assert set(reasons) == {str(bad_folder / n) for n in ("empty.txt", "x.txt", "garbage.txt")}
    assert "empty" in reasons[str(bad_folder / "empty.txt")]
    assert "binary" in reasons[str(bad_folder / "x.txt")]
    assert "encoding" in reasons[str(bad_folder / "garbage.txt")]
    assert outcome.summary_text() == "8 files · 5 articles · 3 errors"
    lines = outcome.report_text().splitlines()
    assert len(lines) == 3
    assert f"{bad_folder / 'x.txt'}: {reasons[str(bad_folder / 'x.txt')]}" in lines
    with Library.open(db_path) as fresh:
        assert fresh.articles.count() == 5


def test_cancel_after_the_first_file_keeps_whole_articles_and_a_reimport_completes(
        qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.importing, "BATCH_FILES", 1)  # commit file by file, so a cancel lands between files
    background = BackgroundImport(db_path, [DEMO])
    # Cancel from the worker thread itself, right after the first file: no race with the GUI thread.
    background.worker.progress.connect(lambda *_: background.cancel(), Qt.ConnectionType.DirectConnection)
    first = run_import(qtbot, db_path, [DEMO], background)

    assert first.cancelled
    assert 1 <= first.imported < 5
    assert first.summary_text().endswith("cancelled")
    with Library.open(db_path) as fresh:
        stored = [fresh.articles.get(i) for i in fresh.articles.ids()]
        assert len(stored) == first.imported
        assert all(a.body.strip() and a.word_count > 0 for a in stored)
        assert all(fresh.stories.story_of(a.id) for a in stored), "committed articles were left without a story"

    second = run_import(qtbot, db_path, [DEMO])
    assert not second.cancelled
    assert (second.imported, second.duplicates) == (5 - first.imported, first.imported)
    with Library.open(db_path) as fresh:
        assert fresh.articles.count() == 5


def test_a_second_import_is_refused_while_one_runs(qtbot, db_path: Path) -> None:
    first = BackgroundImport(db_path, [DEMO])
    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        first.start()
        assert first.is_running() and busy_writer() == "import"
        with pytest.raises(WorkerBusy, match="import is still writing"):
            start_import(db_path, [DEMO])
        with pytest.raises(WorkerBusy):
            start_regroup(db_path)
    assert busy_writer() == ""
    again = run_import(qtbot, db_path, [DEMO])  # the slot is free again once the first has finished
    assert again.duplicates == 5


def test_shutdown_stops_a_running_import_and_frees_the_writer_slot(db_path: Path) -> None:
    outcomes: list[ImportOutcome] = []
    background = start_import(db_path, [DEMO], on_finished=outcomes.append)
    background.cancel()  # before the thread has done anything, so the import has no file left to read
    assert shutdown_workers(WAIT_MS)  # no event loop runs here: shutdown must report by itself
    assert busy_writer() == "" and not background.is_running()
    assert len(outcomes) == 1 and outcomes[0].cancelled and outcomes[0].imported == 0


def test_an_error_inside_the_worker_becomes_a_failed_outcome(qtbot, tmp_path: Path) -> None:
    outcome = run_import(qtbot, tmp_path, [DEMO])  # the "store" is a folder: Library.open refuses it

    assert outcome.error and "is a folder" in outcome.error
    assert outcome.imported == 0 and not outcome.ok
    assert "import stopped: " in outcome.report_text()


def test_a_task_runs_with_its_own_library_and_reports_exceptions(qtbot, demo_store: Path) -> None:
    seen: list[tuple[int, int]] = []

    def count_articles(library: Library, progress, cancelled) -> int:
        progress(1, 1)
        return library.articles.count()

    task = BackgroundTask(demo_store, count_articles, writes=False)
    task.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS) as blocker:
        task.start()
    result: TaskResult = blocker.args[0]
    assert (result.value, result.error, seen) == (5, "", [(1, 1)])

    def broken(library: Library, progress, cancelled) -> None:
        raise RuntimeError("the matcher fell over")

    task = BackgroundTask(demo_store, broken)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS) as blocker:
        task.start()
    assert "RuntimeError: the matcher fell over" in blocker.args[0].error
    assert busy_writer() == ""


def test_regrouping_in_the_background_and_cancelling_it(qtbot, demo_store: Path) -> None:
    with Library.open(demo_store) as library, library.store.conn as conn:
        # A grouping no regroup would produce, so a regroup that ran to the end would show.
        conn.execute("UPDATE story_articles SET story_id = (SELECT min(id) FROM stories)")
    task = BackgroundTask(demo_store, regroup_stories, label="regroup")
    task.worker.progress.connect(lambda *_: task.cancel(), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS) as blocker:
        task.start()
    assert blocker.args[0].cancelled
    with Library.open(demo_store) as library:  # a cancelled regrouping leaves the stories as they were
        assert [len(s.articles) for s in library.stories.list() if s.articles] == [5]

    progress: list[tuple[int, int]] = []
    task = start_regroup(demo_store, on_progress=lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS) as blocker:
        pass  # queued signals are only delivered once the wait runs the event loop
    assert blocker.args[0].ok and blocker.args[0].value == 3
    assert progress[-1] == (5, 5)
    with Library.open(demo_store) as library:
        assert sorted(len(s.articles) for s in library.stories.list()) == [1, 1, 3]


# --- comparisons ---------------------------------------------------------------------------------


def wait_ready(qtbot, service: ComparisonService, ids: list[int]):
    with qtbot.waitSignal(service.ready, timeout=WAIT_MS) as blocker:
        request_id = service.request(ids)
    assert blocker.args[0] == request_id
    return blocker.args[1]


def test_comparison_of_two_stored_articles_then_served_from_the_cache(qtbot, service, flood_ids: list[int]) -> None:
    ids = flood_ids[:2]
    assert service.cached(ids) is None
    comparison = wait_ready(qtbot, service, ids)

    assert len(comparison.articles) == 2
    assert [a.id for a in comparison.articles] == ids
    assert comparison.differences, "two different reports of the flood compared as identical"
    assert service.cached(ids) is comparison
    assert service.cached(list(reversed(ids))) is None, "A and B swapped is another comparison"
    assert wait_ready(qtbot, service, ids) is comparison  # the second request is answered from the cache


def test_a_newer_request_supersedes_an_older_one(qtbot, service, flood_ids: list[int]) -> None:
    answered: list[int] = []
    service.ready.connect(lambda request_id, _: answered.append(request_id))
    older = service.request(flood_ids[:2])
    newer_ids = [flood_ids[0], flood_ids[2]]
    with qtbot.waitSignal(service.ready, timeout=WAIT_MS, check_params_cb=lambda rid, _: rid != older) as blocker:
        newer = service.request(newer_ids)

    assert blocker.args[0] == newer
    assert [a.id for a in blocker.args[1].articles] == newer_ids
    # Results come back in order from the one thread, so an answer to `older` would have come first.
    assert answered == [newer]


def test_a_late_result_for_an_older_request_is_ignored(qtbot, service, flood_ids: list[int]) -> None:
    comparison = wait_ready(qtbot, service, flood_ids[:2])
    stale = service.latest_request
    wait_ready(qtbot, service, flood_ids[1:])
    with qtbot.assertNotEmitted(service.ready):
        service._computed(stale, ((0, "x"),), comparison)  # the thread's signal, arriving after a newer request
    assert service.cached(flood_ids[:2]) is comparison


def test_an_unknown_article_fails_with_a_message(qtbot, service, flood_ids: list[int]) -> None:
    with qtbot.waitSignal(service.failed, timeout=WAIT_MS) as blocker:
        request_id = service.request([flood_ids[0], 999_999])
    assert blocker.args[0] == request_id
    assert "999999" in blocker.args[1]


def test_the_cache_forgets_changed_texts_and_old_entries(qtbot, demo_store: Path, flood_ids: list[int]) -> None:
    service = ComparisonService(demo_store, cache_size=1)
    try:
        first = flood_ids[:2]
        wait_ready(qtbot, service, first)
        with Library.open(demo_store) as library, library.store.conn as conn:
            conn.execute("UPDATE articles SET content_hash = 'edited' WHERE id = ?", (first[0],))
        assert service.cached(first) is None, "a cached comparison outlived a change to its text"

        wait_ready(qtbot, service, flood_ids[1:])
        assert service.cached(flood_ids[1:]) is not None
        wait_ready(qtbot, service, first)
        assert service.cached(flood_ids[1:]) is None, "the cache grew past its size"
    finally:
        service.close()
