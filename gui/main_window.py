"""The main window. For now: the library's articles on the left, the chosen article on the right."""
from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QMainWindow, QMessageBox, QSplitter, QTableView, QTextBrowser,
)

from core.library import Library
from gui.article_model import ArticleTableModel


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle(self.tr("Triangulate — {0}").format(library.path))
        self.model = ArticleTableModel(library, self)
        self.table = self._make_table()
        self.reader = QTextBrowser()
        self.reader.setOpenLinks(False)
        self.reader.setObjectName("articleReader")
        self.reader.document().setDocumentMargin(18)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.reader)
        splitter.setSizes([520, 760])
        self.setCentralWidget(splitter)
        self.status = QLabel()
        self.statusBar().addWidget(self.status)
        self._make_menus()
        library.subscribe(self._library_changed)
        self._refresh_status()
        self.resize(1280, 800)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        table.setAlternatingRowColors(True)
        # A neutral slate, never read as a highlight category (design card palette).
        table.setStyleSheet("QTableView { selection-background-color: #D9E1EC; selection-color: #1D1D1F; }")
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 90), (3, 60)):
            table.setColumnWidth(column, width)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Triangulate"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.show_article(self.model.article_id(rows[0].row()))

    def show_article(self, article_id: int) -> None:
        article = self.library.articles.get(article_id)
        meta = " · ".join(part for part in (article.source, article.published, article.byline) if part)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.body.split("\n\n"))
        self.reader.setHtml(
            f"<h2>{html.escape(article.title)}</h2><p style='color:#5F6368'>{html.escape(meta)}</p>{paragraphs}"
        )

    def _library_changed(self, _what: str) -> None:
        self.model.reload()
        self._refresh_status()

    def _refresh_status(self) -> None:
        articles = self.library.articles.count()
        outlets = len(self.library.sources.list())
        self.status.setText(self.tr("{0} articles from {1} outlets").format(articles, outlets))

    def _about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Triangulate"),
            self.tr("Triangulate compares how different outlets report the same event. It works fully offline."),
        )
