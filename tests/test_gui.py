"""The placeholder main window drives the real widgets over a real store."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BRIDGE, FERRY
from core.library import Library
from gui import app as app_module
from gui.main_window import MainWindow


@pytest.fixture
def filled_library(library: Library, tmp_path: Path, make_article) -> Library:
    paths = [make_article(tmp_path, "ferry.txt", FERRY, title="Ferry aground off Wexmouth",
                          source="Harbour Wire", date="2024-03-03"),
             make_article(tmp_path, "bridge.txt", BRIDGE, title="Tanner Street bridge shut",
                          source="Valley Times", date="2024-05-09")]
    list(library.imports.start(paths))
    return library


def test_window_lists_articles_and_shows_the_selected_one(qtbot, filled_library: Library) -> None:
    window = MainWindow(filled_library)
    qtbot.addWidget(window)
    window.show()
    model = window.table.model()
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "Tanner Street bridge shut"
    assert "2 articles from 2 outlets" in window.status.text()
    window.table.selectRow(1)
    assert "lifeboat crews" in window.reader.toPlainText()
    assert "Harbour Wire" in window.reader.toPlainText()


def test_window_refreshes_after_an_import(qtbot, filled_library: Library, tmp_path: Path, make_article) -> None:
    window = MainWindow(filled_library)
    qtbot.addWidget(window)
    extra = make_article(tmp_path, "third.txt", FERRY + "\n\nThe inquiry opens on Monday.", source="Coastline Daily")
    list(filled_library.imports.start([extra]))
    assert window.table.model().rowCount() == 3
    assert "3 articles from 3 outlets" in window.status.text()


def test_window_renders_to_an_image(qtbot, filled_library: Library, tmp_path: Path) -> None:
    window = MainWindow(filled_library)
    qtbot.addWidget(window)
    window.show()
    assert window.grab().width() >= 1000
    window.table.selectRow(0)
    text = window.reader.grab().toImage()
    dark = sum(
        1 for x in range(0, text.width(), 3) for y in range(0, text.height(), 3)
        if text.pixelColor(x, y).lightness() < 100
    )
    assert dark > 200, "the article pane drew no text"


def test_no_display_message_points_to_the_cli(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(app_module.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app_module.run_app(db_path=None) == 1
    err = capsys.readouterr().err
    assert "needs a display" in err and "python main.py import" in err
