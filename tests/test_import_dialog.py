"""The import dialog, the file choosers and drag and drop, with real widgets and real imports."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from conftest import PROJECT
from gui import import_dialog
from gui.palette import LIGHT, application_palette
from gui.drop import install_drop_target, paths_from_mime
from gui.import_dialog import ImportDialog, choose_files, choose_folder
from gui.workers import BackgroundImport, ImportOutcome, shutdown_workers

DEMO = PROJECT / "resources" / "demo" / "articles"
ARTIFACTS = PROJECT / "tests" / "artifacts"
WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def no_threads_left_behind():
    yield
    assert shutdown_workers(WAIT_MS)


@pytest.fixture
def dialog(qtbot) -> ImportDialog:
    widget = ImportDialog()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def two_failures() -> ImportOutcome:
    return ImportOutcome(
        files=12, imported=10, duplicates=1, article_ids=list(range(1, 11)), story_ids=[1, 2, 3], elapsed=1.4,
        failed=[("/home/editor/Downloads/wire exports/2024-03-06/saltmere_flood_update.txt", "the file is empty"),
                ("/home/editor/Downloads/wire exports/scan_0042.pdf",
                 "the PDF has no text layer (it is a scanned image); run it through OCR first")],
    )


# --- the dialog --------------------------------------------------------------------------------


def test_progress_shows_the_bar_the_count_and_the_current_file(dialog: ImportDialog) -> None:
    assert dialog.bar.maximum() == 0, "the bar should be busy until the total is known"
    assert dialog.cancel_button.isVisible() and not dialog.close_button.isVisible()
    path = "/home/editor/" + "very long folder name/" * 12 + "harbour_wire_saltmere_flood.txt"
    dialog.set_progress(3, 8, path)

    assert (dialog.bar.maximum(), dialog.bar.value()) == (8, 3)
    assert dialog.count.text() == "3 of 8"
    assert dialog.current.full_text() == path
    shown = dialog.current.text()
    assert "…" in shown and shown.startswith("/home/editor/") and shown.endswith("saltmere_flood.txt")


def test_the_summary_lists_failures_and_copy_puts_them_on_the_clipboard(qtbot, dialog: ImportDialog) -> None:
    outcome = two_failures()
    dialog.set_progress(12, 12, outcome.failed[1][0])
    dialog.show_outcome(outcome)

    assert dialog.heading.text() == "Import finished with problems"
    assert dialog.summary.text() == "12 files · 10 articles · 1 duplicate · 2 errors"
    assert dialog.report.isVisible() and dialog.report.isReadOnly()
    assert dialog.report.toPlainText().splitlines() == [f"{path}: {reason}" for path, reason in outcome.failed]
    assert dialog.report_label.text() == "2 files could not be imported:"
    assert not dialog.bar.isVisible() and not dialog.cancel_button.isVisible()
    assert dialog.close_button.isVisible() and dialog.copy_button.isVisible()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dialog.setPalette(application_palette(LIGHT))  # the app's colours, whatever the test platform's are
    image = dialog.grab()
    assert image.save(str(ARTIFACTS / "import_dialog.png"))
    assert image.width() >= 540

    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == outcome.report_text()
    assert dialog.copy_button.text() == "Copied"


def test_a_clean_import_has_no_report_to_copy(dialog: ImportDialog) -> None:
    dialog.show_outcome(ImportOutcome(files=5, imported=5))
    assert dialog.heading.text() == "Import finished"
    assert dialog.summary.text() == "5 files · 5 articles"
    assert not dialog.report.isVisible() and not dialog.copy_button.isVisible()


def test_the_dialog_follows_a_real_import_with_bad_files(qtbot, dialog: ImportDialog, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    shutil.copytree(DEMO, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "x.txt").write_bytes(b"\x00\xff" * 500)
    background = BackgroundImport(tmp_path / "library.db", [folder])
    dialog.attach(background)
    with qtbot.waitSignal(background.finished, timeout=WAIT_MS):
        background.start()

    assert dialog.finished_import
    assert dialog.summary.text() == "7 files · 5 articles · 2 errors"
    lines = dialog.report.toPlainText().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [str(folder / "empty.txt"), str(folder / "x.txt")]


def test_cancel_and_closing_while_running_stop_the_import(qtbot, dialog: ImportDialog, tmp_path: Path) -> None:
    background = BackgroundImport(tmp_path / "library.db", [DEMO])
    dialog.attach(background)
    dialog.reject()  # Esc while importing: stop the import, keep the dialog
    assert dialog.isVisible()
    assert not dialog.cancel_button.isEnabled() and dialog.cancel_button.text() == "Cancelling…"
    with qtbot.waitSignal(background.finished, timeout=WAIT_MS) as blocker:
        background.start()

    assert blocker.args[0].cancelled and blocker.args[0].imported == 0
    assert dialog.heading.text() == "Import cancelled"
    dialog.reject()
    assert not dialog.isVisible(), "a finished dialog closes normally"


# --- choosing files ------------------------------------------------------------------------------


def test_choose_files_offers_every_readable_format(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str] = {}

    def fake_open(parent, caption, folder, filters):
        seen["filters"] = filters
        return ["/data/a.txt", "/data/b.pdf"], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_open))
    assert choose_files(None) == ["/data/a.txt", "/data/b.pdf"]
    first = seen["filters"].split(";;")[0]
    for ext in ("txt", "md", "html", "htm", "json", "jsonl", "xml", "rss", "atom", "pdf", "docx"):
        assert f"*.{ext}" in first.split("(")[1]
    assert seen["filters"].endswith("All files (*)")
    assert import_dialog._start_folder() == "/data"


def test_choose_folder_returns_none_when_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *args: ""))
    assert choose_folder(None) is None
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *args: "/data/wire"))
    assert choose_folder(None) == "/data/wire"


# --- drag and drop -------------------------------------------------------------------------------


def mime_of(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def test_paths_from_mime_keeps_local_files_and_folders_and_ignores_web_links(tmp_path: Path) -> None:
    article = DEMO / "harbour_wire_saltmere_flood.txt"
    mime = mime_of(QUrl.fromLocalFile(str(article)), QUrl("https://harbourwire.example/news/flood"),
                   QUrl.fromLocalFile(str(tmp_path)), QUrl("http://example.com/a.txt"),
                   QUrl.fromLocalFile(str(article)))
    assert paths_from_mime(mime) == [str(article), str(tmp_path)]
    assert paths_from_mime(mime_of(QUrl("http://example.com/a.txt"))) == []
    text_only = QMimeData()
    text_only.setText("/etc/passwd")
    assert paths_from_mime(text_only) == []


def drag_enter(widget: QWidget, mime: QMimeData) -> QDragEnterEvent:
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def drop(widget: QWidget, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def test_a_drop_hands_the_paths_to_the_callback(qtbot, tmp_path: Path) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    received: list[list[str]] = []
    install_drop_target(widget, received.append)
    assert widget.acceptDrops()
    article = DEMO / "coastline_daily_saltmere_flood.md"
    local = mime_of(QUrl.fromLocalFile(str(article)), QUrl.fromLocalFile(str(tmp_path)))
    web = mime_of(QUrl("https://example.com/story"))

    assert not drag_enter(widget, web).isAccepted(), "a drag of web links was offered a drop"
    # Qt delivers a drop to the widget that accepted the drag's enter event, as in a real drag.
    entered = drag_enter(widget, local)
    assert entered.isAccepted() and entered.dropAction() == Qt.DropAction.CopyAction
    assert not drop(widget, web).isAccepted()
    assert received == []

    drag_enter(widget, local)
    dropped = drop(widget, local)
    assert received == [[str(article), str(tmp_path)]]
    assert dropped.isAccepted()


def test_after_the_files_the_dialog_says_it_is_grouping_not_stuck_at_n_of_n(qtbot, dialog: ImportDialog,
                                                                             tmp_path: Path) -> None:
    background = BackgroundImport(tmp_path / "library.db", [DEMO])
    dialog.attach(background)
    seen: list[tuple[str, int, bool]] = []
    background.grouping.connect(lambda n: seen.append((dialog.heading.text(), dialog.bar.maximum(),
                                                       dialog.cancel_button.isEnabled())))
    with qtbot.waitSignal(background.finished, timeout=WAIT_MS):
        background.start()
    articles = len(dialog.outcome.article_ids)
    assert articles >= 2
    # the dialog's own slot ran first (connected first): grouping shown with a busy bar, Cancel off
    assert seen == [(f"Grouping {articles:,} new articles into stories…", 0, False)]
    assert dialog.finished_import and "Grouping" not in dialog.heading.text()


def test_an_import_with_nothing_new_never_says_grouping(qtbot, dialog: ImportDialog, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    background = BackgroundImport(tmp_path / "library.db", [tmp_path / "empty.txt"])
    dialog.attach(background)
    grouped: list[int] = []
    background.grouping.connect(grouped.append)
    with qtbot.waitSignal(background.finished, timeout=WAIT_MS):
        background.start()
    assert grouped == [] and dialog.finished_import
