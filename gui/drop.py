"""Drag and drop of files and folders onto a widget (the main window), for importing.

Only local paths count: Triangulate never touches the network, so a dragged web link is
refused at the door rather than accepted and then reported as a failure.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

PathsCallback = Callable[[list[str]], None]


def paths_from_mime(mime: QMimeData | None) -> list[str]:
    """Local files and folders named by the dragged urls, in order, without repeats."""
    if mime is None or not mime.hasUrls():
        return []
    paths: list[str] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue  # http://, https://, ftp://... are never fetched
        path = url.toLocalFile()
        if path and path not in paths:
            paths.append(path)
    return paths


class DropFilter(QObject):
    """An event filter that accepts drags carrying local paths and hands the dropped paths on.

    Install it with install_drop_target(); it is parented to the widget, so it lives as long."""

    def __init__(self, widget: QWidget, on_paths: PathsCallback) -> None:
        super().__init__(widget)
        self._on_paths = on_paths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            return self._offer(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.Drop:
            return self._drop(event)  # type: ignore[arg-type]
        return False

    @staticmethod
    def _offer(event: QDragEnterEvent | QDragMoveEvent) -> bool:
        if paths_from_mime(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)  # we read the files; they are never moved
            event.accept()
        else:
            event.ignore()
        return True

    def _drop(self, event: QDropEvent) -> bool:
        paths = paths_from_mime(event.mimeData())
        if not paths:
            event.ignore()
            return True
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self._on_paths(paths)
        return True


def install_drop_target(widget: QWidget, on_paths: PathsCallback) -> DropFilter:
    """Let `widget` accept dropped files and folders; `on_paths(paths)` runs on each drop.

    Child widgets that accept drops themselves (an editable text box) keep their own behaviour;
    read-only views and empty areas pass the drag up to this widget."""
    widget.setAcceptDrops(True)
    drop_filter = DropFilter(widget, on_paths)
    widget.installEventFilter(drop_filter)
    return drop_filter
