"""Searching the library: the search box, the hit list and its rows, and how results meet the filters.

A search runs after a short typing pause (or at once on Enter) and replaces the column's list
with its hits; the outlet and date filters apply to the hits too.
"""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QListView, QStyleOptionViewItem, \
    QVBoxLayout, QWidget

from core import story_queries as q
from core.library import LibraryError
from core.records import SearchHit
from gui.library_delegates import RowDelegate, wrapped_lines
from gui.library_lists import MODES, ArticleList, set_up_list
from gui.library_models import META_ROLE, SNIPPET_ROLE, snippet_parts
from gui.library_style import chrome, scaled, search_icon
from gui.palette import Theme, theme

SEARCH_DELAY_MS = 250
SEARCH_LIMIT = 100
Index = QModelIndex | QPersistentModelIndex


def snippet_document(snippet: str, font: QFont, width: int, t: Theme | None = None) -> QTextDocument:
    """The snippet as a document: hits bold in the text colour, the rest secondary.

    Text is inserted with insertText, never parsed as HTML, so an article containing "<b>" or
    "&amp;" shows exactly those characters.
    """
    t = t or theme()
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(font)
    document.setTextWidth(max(1, width))
    cursor = QTextCursor(document)
    plain, hit = QTextCharFormat(), QTextCharFormat()
    plain.setForeground(QColor(t.secondary))
    hit.setForeground(QColor(t.text))
    hit.setFontWeight(QFont.Weight.Bold)
    for text, is_hit in snippet_parts(snippet):
        cursor.insertText(text, hit if is_hit else plain)
    return document


class SearchHitDelegate(RowDelegate):
    """A hit: title, "outlet · date", and the snippet with the matched words bold."""

    SNIPPET_LINES = 3

    def _parts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, int]:
        return scaled(option.font, 0.96, QFont.Weight.DemiBold), scaled(option.font, 0.9), self._width() - 20

    def document(self, index: Index, font: QFont, width: int) -> QTextDocument:
        return snippet_document(str(index.data(SNIPPET_ROLE) or ""), font, width)

    def _heights(self, option: QStyleOptionViewItem, index: Index) -> tuple[list[str], int, int]:
        title_font, small, width = self._parts(option)
        lines = wrapped_lines(str(index.data() or ""), title_font, width, 2)
        doc_h = min(int(self.document(index, small, width).size().height()),
                    QFontMetrics(small).lineSpacing() * self.SNIPPET_LINES)
        return lines, QFontMetrics(title_font).lineSpacing(), doc_h

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        self.initStyleOption(option, index)
        lines, spacing, doc_h = self._heights(option, index)
        small = self._parts(option)[1]
        return QSize(self._width(), 7 + len(lines) * spacing + QFontMetrics(small).height() + 3 + doc_h + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        t, c = theme(), chrome()
        title_font, small, width = self._parts(option)
        lines, spacing, doc_h = self._heights(option, index)
        painter.save()
        rect = option.rect
        self._background(painter, rect, option, t)
        painter.fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), QColor(c["rowline"]))
        self._focus(painter, rect, option)
        x, y = rect.left() + 10, rect.top() + 7
        painter.setFont(title_font)
        painter.setPen(QColor(t.text))
        for line in lines:
            painter.drawText(QRect(x, y, width, spacing), Qt.AlignmentFlag.AlignVCenter, line)
            y += spacing
        painter.setFont(small)
        painter.setPen(QColor(t.secondary))
        meta_h = QFontMetrics(small).height()
        painter.drawText(QRect(x, y, width, meta_h), Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(str(index.data(META_ROLE) or ""),
                                                        Qt.TextElideMode.ElideRight, width))
        y += meta_h + 3
        painter.translate(x, y)
        painter.setClipRect(QRect(0, 0, width, doc_h))
        self.document(index, small, width).drawContents(painter, QRectF(0, 0, width, doc_h))
        painter.restore()


def search_reason(query: str, message: str) -> str:
    """The library's message without its "search '…':" lead-in, which would repeat the query."""
    for lead in (f"search {query!r}: ", f"search {query!r} could not be run: "):
        if message.startswith(lead):
            return message[len(lead):]
    return message


def filter_hits(hits: list[SearchHit], flt: q.LibraryFilter) -> list[SearchHit]:
    """The hits from the filter's outlet and dates: the column never contradicts its own filters."""
    until = (date.fromisoformat(flt.until) + timedelta(days=1)).isoformat() if flt.until else None

    def keep(hit: SearchHit) -> bool:
        published = hit.article.published
        if flt.source is not None and hit.article.source.casefold() != flt.source.casefold():
            return False
        if flt.since is not None and (not published or published < flt.since):
            return False
        return until is None or (bool(published) and published < until)

    return [hit for hit in hits if keep(hit)]


class LibrarySearchMixin:
    """LibraryView's search: builds the search box and results page, runs searches, leaves them.

    A part of LibraryView (it uses the view's models, stack, mode buttons and counts), kept apart so
    the search reads as one piece.
    """

    def _build_search(self) -> QHBoxLayout:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("librarySearch")
        self.search_box.setPlaceholderText(self.tr("Search library"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(self.tr('Words and "quoted phrases"; OR between alternatives; '
                                           "-word or NOT word to exclude; word* for a prefix"))
        self._search_icon = self.search_box.addAction(search_icon(QColor(chrome()["faint"])),
                                                      QLineEdit.ActionPosition.LeadingPosition)
        self.search_box.installEventFilter(self)   # Escape clears the search
        row = QHBoxLayout()
        row.setContentsMargins(8, 8, 8, 6)
        row.addWidget(self.search_box)
        return row

    def _build_results(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.search_message = QLabel()
        self.search_message.setObjectName("searchMessage")
        self.search_message.setTextFormat(Qt.TextFormat.PlainText)   # the message quotes the editor's query
        self.search_message.setWordWrap(True)
        self.search_message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.search_message.setContentsMargins(10, 10, 10, 10)
        self.search_message.hide()
        self.results = ArticleList()
        set_up_list(self.results, "results", self.hit_model, SearchHitDelegate, self.tr("Search results"))
        self.results.setResizeMode(QListView.ResizeMode.Adjust)   # snippets re-wrap with the width
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setDragEnabled(True)
        layout.addWidget(self.search_message)
        layout.addWidget(self.results, 1)
        return page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.search_box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape and self.search_box.text()):
            self.search_box.clear()
            return True
        return super().eventFilter(watched, event)

    def _search_text_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._leave_search()

    def _run_search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            self._leave_search()
            return
        self._searching = True
        self._check_segment(None)
        self.stack.setCurrentIndex(len(MODES))
        try:
            page = self._library.articles.search_page(query, limit=SEARCH_LIMIT)
        except LibraryError as exc:
            self._search_capped = False
            self._show_search_message(search_reason(query, str(exc)), error=True)
            return
        hits, self._search_capped = page.hits, page.capped
        shown = filter_hits(hits, self.current_filter())
        self._search_error = None
        self.hit_model.set_hits(shown)
        if shown:
            self.search_message.hide()
        elif hits:
            self._show_search_message(self.tr("{0} articles match “{1}”, but none from the outlet and dates "
                                              "chosen above.").format(len(hits), query), error=False)
        else:
            self._show_search_message(self.tr("No articles match “{0}”.").format(query), error=False)
        self.results.setVisible(bool(shown))
        self._refresh_counts()
        self._update_actions()

    def _check_segment(self, mode: str | None) -> None:
        """No segment looks chosen while results are shown: the list is not any of the three views."""
        self.mode_group.setExclusive(False)
        for name, button in self.mode_buttons.items():
            button.setChecked(name == mode)
        self.mode_group.setExclusive(True)

    def _show_search_message(self, text: str, error: bool) -> None:
        self._search_error = text if error else None
        self.hit_model.set_hits([])
        prefix = self.tr("Can't read this search: ") if error else ""
        self.search_message.setText(prefix + text.rstrip(".") + ".")
        self.search_message.show()
        self.results.hide()
        self._refresh_counts()

    def _leave_search(self) -> None:
        if not self._searching and self.stack.currentIndex() == MODES.index(self._mode):
            return
        self._searching = False
        self._search_capped = False
        self._search_error = None
        self._check_segment(self._mode)
        self.hit_model.set_hits([])
        self.search_message.hide()
        self.stack.setCurrentIndex(MODES.index(self._mode))
        self._refresh_counts()
        self._update_actions()
