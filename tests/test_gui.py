"""The main window, driven through its real widgets on a real store (issue 6's acceptance tests)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from conftest import PROJECT
from core.library import Library
from core.notes import difference_key
from gui import app as app_module
from gui.main_window import MainWindow
from gui.settings import Settings

DEMO = PROJECT / "resources" / "demo" / "articles"
ARTIFACTS = PROJECT / "tests" / "artifacts"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    with Library.open(path) as library:
        job = library.imports.start([DEMO])
        list(job)
        library.stories.attach([a.id for a in job.summary.imported])
    return path


def open_window(qtbot, path: Path, settings: Settings) -> MainWindow:
    window = MainWindow(Library.open(path), settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def close_window(window: MainWindow) -> None:
    window.close()
    window.library.close()


def wait_for_comparison(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.comparison is not None, timeout=15000)


def open_three_outlet_story(qtbot, window: MainWindow) -> int:
    conn = window.library.store.conn
    story = conn.execute("SELECT story_id FROM story_articles GROUP BY story_id HAVING count(*) = 3").fetchone()[0]
    window.library_view.select_story(story)
    wait_for_comparison(qtbot, window)
    assert len(window.comparison.articles) == 3
    return story


def row_in_view(window: MainWindow, pane: int) -> bool:
    view = window.compare_view
    top = view.row_top(view.current_row())
    offset = view.pane_scroll(pane)
    return offset <= top <= offset + view.height()


def test_import_through_the_dialog_worker_groups_the_demo(qtbot, tmp_path: Path, settings: Settings) -> None:
    window = open_window(qtbot, tmp_path / "empty.db", settings)
    assert window.comparison is None
    window.import_paths([str(DEMO)])
    with qtbot.waitSignal(window._import.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: "5 articles" in window.status.text(), timeout=5000)
    assert "3 stories" in window.status.text() and "5 outlets" in window.status.text()
    assert "5 articles" in window.import_status.text()
    assert window.import_dialog.finished_import
    close_window(window)


def test_alt_down_moves_every_pane_to_the_same_difference(qtbot, demo_store: Path, settings: Settings) -> None:
    window = open_window(qtbot, demo_store, settings)
    open_three_outlet_story(qtbot, window)
    view = window.compare_view
    assert view.current_difference() == -1
    qtbot.keyClick(window.compare_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.compare_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.compare_view, Qt.Key.Key_F7)
    third = view.visible_stops()[2]
    assert view.current_difference() == third
    assert len({view.pane_scroll(i) for i in range(view.pane_count())}) == 1
    assert all(row_in_view(window, i) for i in range(view.pane_count()))
    assert window.panel.current() == third
    assert window.position_label.text() == f"3 / {len(view.visible_stops())}"
    qtbot.keyClick(window.compare_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert view.current_difference() == view.visible_stops()[1]
    qtbot.keyClick(window.compare_view, Qt.Key.Key_F8)
    assert window.comparison.differences[view.current_difference()].category == "factual"
    close_window(window)


def test_hiding_cosmetic_removes_its_highlights_and_items(qtbot, demo_store: Path, settings: Settings) -> None:
    window = open_window(qtbot, demo_store, settings)
    open_three_outlet_story(qtbot, window)
    assert "cosmetic" in window.compare_view.painted_categories()
    window.category_actions["cosmetic"].trigger()
    assert "cosmetic" not in window.compare_view.painted_categories()
    cosmetic = {i for i, d in enumerate(window.comparison.differences) if d.category == "cosmetic"}
    assert cosmetic and not cosmetic & set(window.panel.visible_items())
    assert not cosmetic & set(window.compare_view.visible_stops())
    assert "cosmetic" not in settings.words("view/categories")
    window.category_actions["cosmetic"].trigger()
    assert "cosmetic" in window.compare_view.painted_categories()
    close_window(window)


def test_a_note_is_kept_in_the_store_and_exported(qtbot, demo_store: Path, settings: Settings, tmp_path: Path) -> None:
    window = open_window(qtbot, demo_store, settings)
    open_three_outlet_story(qtbot, window)
    factual = next(i for i, d in enumerate(window.comparison.differences) if d.category == "factual")
    key = difference_key(window.comparison, factual)
    window.panel.set_status(factual, "verified")
    window.panel.set_note(factual, "Checked with the council press office")
    close_window(window)

    again = open_window(qtbot, demo_store, settings)
    open_three_outlet_story(qtbot, again)
    note = again.library.notes.get(key)
    assert note.status == "verified" and "press office" in note.text
    assert difference_key(again.comparison, factual) == key
    html_file = again.export_to(str(tmp_path / "story.html"))
    pdf_file = again.export_to(str(tmp_path / "story.pdf"))
    csv_file = again.export_to(str(tmp_path / "story.csv"))
    page = html_file.read_text(encoding="utf-8")
    assert "Checked with the council press office" in page and "Verified" in page
    assert pdf_file.read_bytes().startswith(b"%PDF") and pdf_file.stat().st_size > 5000
    assert "Checked with the council press office" in csv_file.read_text(encoding="utf-8-sig")
    close_window(again)


def test_zoom_and_find_in_the_panes(qtbot, demo_store: Path, settings: Settings) -> None:
    window = open_window(qtbot, demo_store, settings)
    open_three_outlet_story(qtbot, window)
    before = window.compare_view.font_size()
    window.act_zoom_in.trigger()
    assert window.compare_view.font_size() > before
    window.act_zoom_reset.trigger()
    window.act_find.trigger()
    window.find_field.setText("Threlfall")
    qtbot.keyClick(window.find_field, Qt.Key.Key_Return)
    assert window.compare_view.find_match() is not None
    assert "match" in window.statusBar().currentMessage()
    close_window(window)


def test_story_edits_are_kept_and_undone(qtbot, demo_store: Path, settings: Settings) -> None:
    window = open_window(qtbot, demo_store, settings)
    story = open_three_outlet_story(qtbot, window)
    lone = [s for s in window.library.store.conn.execute(
        "SELECT story_id FROM story_articles GROUP BY story_id HAVING count(*) = 1")]
    window.merge_stories(story, lone[0][0])
    assert window.library.store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 2
    assert window.act_undo.isEnabled()
    window.act_undo.trigger()
    assert window.library.store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 3
    close_window(window)


def test_on_a_large_library_edits_and_regrouping_run_in_the_background(qtbot, demo_store: Path,
                                                                       settings: Settings, monkeypatch) -> None:
    import threading

    import gui.window_stories as window_stories
    from core.stories import StoryManager
    monkeypatch.setattr(window_stories, "INLINE_EDIT_ARTICLES", 0)     # as if the library were large
    # The writer thread waits at the gate until the test has looked, so "not applied yet" is not a
    # race with a fast machine (grouping 5 articles takes milliseconds).
    gate = threading.Event()
    apply = StoryManager.apply_constraints

    def gated(self: StoryManager) -> None:
        gate.wait(20)
        apply(self)

    monkeypatch.setattr(StoryManager, "apply_constraints", gated)
    window = open_window(qtbot, demo_store, settings)
    story = open_three_outlet_story(qtbot, window)
    count = lambda: window.library.store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]  # noqa: E731
    lone = window.library.store.conn.execute(
        "SELECT story_id FROM story_articles GROUP BY story_id HAVING count(*) = 1").fetchone()[0]
    window.merge_stories(story, lone)
    assert window.task_bar.isVisibleTo(window) and count() == 3      # recorded; applied on the writer thread
    gate.set()
    qtbot.waitUntil(lambda: window._task is None and count() == 2, timeout=20000)
    assert "merged" in window.statusBar().currentMessage()
    window.act_regroup.trigger()
    qtbot.waitUntil(lambda: window._task is None, timeout=20000)
    assert count() == 2                                               # the editor's merge is kept
    window.act_undo.trigger()
    qtbot.waitUntil(lambda: window._task is None and count() == 3, timeout=20000)
    close_window(window)


def test_settings_survive_a_restart(qtbot, demo_store: Path, settings: Settings) -> None:
    window = open_window(qtbot, demo_store, settings)
    window.act_sync.setChecked(False)
    window.act_zoom_in.trigger()
    size = window.compare_view.font_size()
    window.set_theme("dark")
    close_window(window)
    again = open_window(qtbot, demo_store, settings)
    assert not again.compare_view.sync_scroll()
    assert again.compare_view.font_size() == size
    assert again.theme_actions["dark"].isChecked()
    again.set_theme("light")
    assert str(demo_store) in settings.recent_stores()
    close_window(again)


def test_a_bad_store_is_refused_untouched_and_the_window_carries_on(qtbot, demo_store: Path, settings: Settings,
                                                                     tmp_path: Path, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window = open_window(qtbot, demo_store, settings)
    text_file = tmp_path / "notes.db"
    text_file.write_bytes(b"this is not a database\n" * 50)
    newer = tmp_path / "newer.db"
    shutil.copy(demo_store, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = text_file.read_bytes(), newer.read_bytes()
    assert not window.switch_library(str(text_file))
    assert not window.switch_library(str(newer))
    assert not window.switch_library(str(tmp_path / "missing.db"))
    assert (text_file.read_bytes(), newer.read_bytes()) == before
    assert len(warnings) == 3 and "newer" in warnings[1]
    assert window.library.path == str(demo_store)
    assert window.library.articles.count() == 5
    close_window(window)


def test_first_start_opens_the_demo_with_a_hint(monkeypatch, tmp_path: Path, qapp) -> None:
    import core.demo
    demo, original = tmp_path / "demo.db", core.demo.ensure_demo_store
    monkeypatch.setattr(core.demo, "ensure_demo_store", lambda: original(demo))
    monkeypatch.setattr("gui.settings.Settings.text", lambda self, key, default="": "")
    library, hint = app_module.open_library(None, False)
    assert library.articles.count() == 5 and "Import" in hint
    library.close()


def test_a_deferred_window_paints_first_and_builds_its_parts_after(qtbot, demo_store: Path,
                                                                    settings: Settings) -> None:
    window = MainWindow(Library.open(demo_store), settings, deferred=True)
    qtbot.addWidget(window)
    assert not window.is_ready and window.library_view is None
    window.act_next.trigger()                       # a key pressed before the parts exist does nothing
    with qtbot.waitSignal(window.ready, timeout=10000):
        window.show()
    assert window.library_view is not None
    wait_for_comparison(qtbot, window)              # the newest story with two or more articles
    assert len(window.comparison.articles) == 3
    close_window(window)


def test_main_window_screenshot(qtbot, demo_store: Path, settings: Settings) -> None:
    """The picture to look at after every change of the view (tests/artifacts is git-ignored)."""
    window = open_window(qtbot, demo_store, settings)
    open_three_outlet_story(qtbot, window)
    window.next_difference()
    window.next_difference()
    qtbot.wait(50)
    ARTIFACTS.mkdir(exist_ok=True)
    image = window.grab().toImage()
    image.save(str(ARTIFACTS / "main_window.png"))
    assert (image.width(), image.height()) == (1400, 900)
    inked = sum(1 for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
                if image.pixelColor(x, y).lightness() < 110)
    assert inked > 800, "the window drew almost no text"
    factual_fill = sum(1 for x in range(0, image.width(), 5) for y in range(0, image.height(), 5)
                       if image.pixelColor(x, y).name().upper() == "#FBE2CF")
    assert factual_fill > 50, "no factual highlight was painted"
    legend = window.legend.grab().toImage()
    assert window.legend.isVisible() and "Wording: dotted underline" in window.legend.toolTip()
    assert any(legend.pixelColor(x, y).name().upper() == "#FBE2CF"
               for x in range(legend.width()) for y in range(legend.height())), "the legend has no factual sample"
    window.set_theme("dark")
    qtbot.wait(50)
    window.grab().save(str(ARTIFACTS / "main_window_dark.png"))
    window.set_theme("light")
    close_window(window)


def test_no_display_message_points_to_the_cli(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(app_module.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app_module.run_app(db_path=None) == 1
    err = capsys.readouterr().err
    assert "needs a display" in err and "python main.py import" in err
