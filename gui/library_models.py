"""Lazy models behind the library column: stories (with their articles), sources, search hits.

Every list keeps only ids (and for stories the last date, so date headings need no fetch) and
fetches the rows it is asked to show a page at a time, caching them. A store with 50,000
stories is listed with one id query; scrolling to the bottom fetches the last page, not all.
"""
from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QByteArray, QMimeData, QModelIndex, \
    QPersistentModelIndex, Qt, Signal

from core import story_queries as q
from core.records import UNKNOWN_SOURCE
from core.library import Library
from core.records import ArticleSummary, SearchHit
from gui.page_loader import PageLoader

T = TypeVar("T")
PAGE = 200
Index = QModelIndex | QPersistentModelIndex
BadgeSource = Callable[[list[int]], dict[int, int]]
ARTICLE_MIME = "application/x-triangulate-article-ids"

# Roles the delegates and the view read; DisplayRole stays the plain main text for tests and screen readers.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1        # "story" | "article" | "source"
STORY_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 3
META_ROLE = Qt.ItemDataRole.UserRole + 4        # the secondary line: "3 outlets · 6 Mar 2024"
BADGE_ROLE = Qt.ItemDataRole.UserRole + 5       # factual differences, or None when unknown
HEADING_ROLE = Qt.ItemDataRole.UserRole + 6     # a date heading above this story, or None
LETTER_ROLE = Qt.ItemDataRole.UserRole + 7      # A, B, C … within the story
DATE_ROLE = Qt.ItemDataRole.UserRole + 8
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 9
COPY_ROLE = Qt.ItemDataRole.UserRole + 10       # "copy of A" for identical texts, else None
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 11
COUNT_ROLE = Qt.ItemDataRole.UserRole + 12
UNSET_ROLE = Qt.ItemDataRole.UserRole + 13      # True when the outlet is not known ("Source not set")
# A story row's drawing in one tuple: (title, meta or None while its page loads, badge, heading, placeholder meta)
PAINT_ROLE = Qt.ItemDataRole.UserRole + 14
# How tall a story row is: (title, heading); never reads the store and never asks for a page either,
# since Qt measures rows it does not show (a row's height is all it needs there).
SIZE_ROLE = Qt.ItemDataRole.UserRole + 15
_ROW_ROLES = frozenset({META_ROLE, BADGE_ROLE, COUNT_ROLE, DATE_ROLE, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.AccessibleTextRole})

_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_STORY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
_MEMBER_FLAGS = _STORY_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_HIT = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


_log = logging.getLogger(__name__)


def read_or(default: T, read: Callable[[], T]) -> T:
    """`read()`, or `default` when the store cannot be read.

    Qt calls models from paint and style events at any time, also on a view that is being torn
    down after its library closed. An exception escaping a Qt override aborts the whole app, so a
    failed read shows blanks (and is logged) instead.
    """
    try:
        return read()
    except sqlite3.Error as exc:
        _log.warning("library list could not read the store: %s", exc)
        return default


# --- labels (plain functions, so they are tested without a view) ---------------------------------

def parse_day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def day_label(iso: str) -> str:
    """"6 Mar 2024"; English month names on purpose, so the column reads the same on every locale."""
    day = parse_day(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else (iso or "no date")


def heading_label(iso: str) -> str:
    day = parse_day(iso)
    return f"{_WEEKDAYS[day.weekday()]} {day_label(iso)}" if day else "No date"


def date_range_label(first: str, last: str) -> str:
    """"17 Jan 2023", "3–5 Mar 2024", "28 Feb – 2 Mar 2024" or "30 Dec 2023 – 2 Jan 2024"."""
    a, b = parse_day(first), parse_day(last)
    if a is None or b is None or a == b:
        return day_label(last or first)
    if a > b:
        a, b = b, a
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {_MONTHS[b.month - 1]} {b.year}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS[a.month - 1]} – {b.day} {_MONTHS[b.month - 1]} {b.year}"
    return f"{day_label(a.isoformat())} – {day_label(b.isoformat())}"


def letter(position: int) -> str:
    """A … Z, then AA, AB …: the side letters the compare view uses."""
    text = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def outlet_label(name: str) -> str:
    return "Source not set" if name == UNKNOWN_SOURCE else name


def outlets_label(count: int) -> str:
    return f"{count} outlet" if count == 1 else f"{count} outlets"


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, is_hit) runs; whitespace runs become one space.

    The parts are plain text: whoever draws them must insert them as text, never as markup.
    """
    flat = " ".join(snippet.split())
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _HIT.finditer(flat):
        if match.start() > position:
            parts.append((flat[position:match.start()], False))
        if match.group(1):
            parts.append((match.group(1), True))
        position = match.end()
    if position < len(flat):
        parts.append((flat[position:], False))
    return parts


# --- drag and drop of articles --------------------------------------------------------------------

def article_mime(article_ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    data.setData(ARTICLE_MIME, QByteArray(",".join(str(i) for i in article_ids).encode("ascii")))
    return data


def article_ids_from_mime(data: QMimeData) -> list[int]:
    if not data.hasFormat(ARTICLE_MIME):
        return []
    raw = bytes(data.data(ARTICLE_MIME).data()).decode("ascii", "replace")
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


class ArticleDragMixin:
    """A flat list whose every row is an article that can be dragged onto a story.

    Dragging only happens where the view enables it (the library column drops on stories).
    """

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_MIME]


# --- two-level trees ------------------------------------------------------------------------------------

class TwoLevelModel(QAbstractItemModel):
    """A one-column tree of top rows (stories, outlets), each with children (articles) and no deeper level.

    Index layout: a top index has internalId 0; a child index has internalId = top row + 1,
    so parent() needs no lookup.
    """

    def _top_count(self) -> int:
        raise NotImplementedError

    def _child_count(self, top_row: int) -> int:
        raise NotImplementedError

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < self._top_count() else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return self._top_count()
        if parent.internalId() != 0:
            return 0
        return self._child_count(parent.row())

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1


# --- stories ------------------------------------------------------------------------------------------

class StoryTreeModel(TwoLevelModel):
    """Stories newest first, each with its articles as children; rows are fetched by id in pages.

    Titles and dates come with the ordered ids (one query), so a row can be drawn and measured at
    once; the rest (outlets, article count, badge) comes a page at a time. The view paints through
    PAINT_ROLE, which never reads the store: a page not loaded yet is asked of a background reader
    (gui.page_loader) and the row shows a placeholder until it arrives. Pages next to the one being
    looked at are asked for before the view reaches them. The other roles (tooltips, META_ROLE …)
    read a missing page at once, as they always did.
    """

    move_dropped = Signal(int, int)   # article id, target story id (the view turns it into a request)

    PREFETCH_MARGIN = 60   # rows from a page's edge at which the neighbouring page is asked for

    def __init__(self, library: Library, parent: Any = None, page: int = PAGE, background: bool = True) -> None:
        super().__init__(parent)
        self._library = library
        self._page = page
        self._filter = q.LibraryFilter()
        self._order = q.StoryOrder([], [])
        self._rows_of: dict[int, int] | None = None
        self._cache: dict[int, q.StoryRow] = {}
        self._metas: dict[int, str] = {}
        self._children: dict[int, list[q.StoryArticle]] = {}
        self._badges: dict[int, int] = {}
        self._badge_source: BadgeSource | None = None
        self._pages: set[int] = set()              # pages whose rows are in the cache
        self._pending: set[int] = set()            # pages asked of the background reader
        self._waiting: dict[int, list[int]] = {}   # page -> [first, last] row painted as a placeholder
        self._generation = 0
        self._loader: PageLoader | None = None
        path = str(getattr(library, "path", "") or "")
        if background and path and path != ":memory:":
            self._loader = PageLoader(path, self)
            self._loader.loaded.connect(self._page_loaded)
            self._loader.failed.connect(self._page_failed)
            self._loader.dropped.connect(self._page_dropped)
        self.rows_fetched = 0   # how many story rows were read from the store: laziness is testable
        self.gui_reads = 0      # pages read on the GUI thread (scrolling must leave this alone)
        self.reload()

    # --- loading ---

    @property
    def filter(self) -> q.LibraryFilter:
        return self._filter

    @property
    def loader(self) -> PageLoader | None:
        return self._loader

    def set_filter(self, flt: q.LibraryFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._order = read_or(q.StoryOrder([], []),
                              lambda: q.story_order(self._library.store.conn, self._filter, titles=True))
        self._rows_of = None
        self._cache.clear()
        self._metas.clear()
        self._children.clear()
        self._badges.clear()
        self._pages.clear()
        self._pending.clear()
        self._waiting.clear()
        self._generation += 1
        if self._loader is not None:
            self._loader.forget(self._generation)
        self.endResetModel()

    def set_badge_source(self, source: BadgeSource | None) -> None:
        self._badge_source = source
        self.refresh_badges()

    def refresh_badges(self) -> None:
        """Ask the badge source again for every story already fetched (it learns counts over time).

        Only rows whose badge changed are announced: announcing all 30,000 rows would make the view
        measure every one of them (each a size hint) on the GUI thread.
        """
        old = self._badges
        self._badges = {}
        if self._cache:
            self._load_badges(list(self._cache))
        changed = [story_id for story_id in set(old) | set(self._badges) if old.get(story_id) != self._badges.get(story_id)]
        for story_id in changed:
            row = self.row_of(story_id)
            if row is not None:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [BADGE_ROLE, PAINT_ROLE])

    def _load_badges(self, ids: list[int]) -> None:
        if self._badge_source is None:
            return
        try:
            counts = self._badge_source(ids)
        except Exception:   # a failing badge source must never break the list; the badges just stay off
            counts = {}
        wanted = set(ids)
        self._badges.update({i: int(n) for i, n in counts.items() if i in wanted})

    def _page_ids(self, page: int) -> list[int]:
        start = page * self._page
        return self._order.ids[start:start + self._page]

    def _store_page(self, page: int, rows: dict[int, q.StoryRow]) -> None:
        ids = self._page_ids(page)
        self.rows_fetched += len(rows)
        self._cache.update(rows)
        start = page * self._page
        for offset, story_id in enumerate(ids):
            if story_id not in self._cache:   # deleted since the ids were read: show it empty, not crash
                self._cache[story_id] = q.StoryRow(story_id, "", "", self._order.lasts[start + offset], 0, 0, ())
        self._pages.add(page)
        self._pending.discard(page)
        self._load_badges(ids)

    def _fetch(self, row: int) -> q.StoryRow:
        """The row now, reading its page on this thread if it is not loaded (not for painting)."""
        story_id = self._order.ids[row]
        found = self._cache.get(story_id)
        if found is None:
            page = row // self._page
            ids = self._page_ids(page)
            self.gui_reads += 1
            self._store_page(page, read_or({}, lambda: q.story_rows(self._library.store.conn, ids)))
            self._announce(page)
            found = self._cache[story_id]
        return found

    def peek(self, row: int) -> q.StoryRow | None:
        """The row if its page is loaded, else None (its page is asked for); never reads the store here."""
        story_id = self._order.ids[row]
        found = self._cache.get(story_id)
        page, offset = divmod(row, self._page)
        if found is None:
            if self._loader is None:
                return self._fetch(row)
            waiting = self._waiting.get(page)
            if waiting is None:
                self._waiting[page] = [row, row]
            else:
                waiting[0], waiting[1] = min(waiting[0], row), max(waiting[1], row)
            self._request(page)
        if offset >= self._page - self.PREFETCH_MARGIN:
            self._request(page + 1)
        elif offset < self.PREFETCH_MARGIN:
            self._request(page - 1)
        return found

    def _request(self, page: int) -> None:
        if page < 0 or page * self._page >= len(self._order) or page in self._pages or page in self._pending:
            return
        if self._loader is None:
            return
        self._pending.add(page)
        self._loader.request(self._generation, page, self._page_ids(page))

    def _page_loaded(self, generation: int, page: int, rows: object) -> None:
        if generation != self._generation or page in self._pages:
            return
        self._store_page(page, rows if isinstance(rows, dict) else {})
        self._announce(page)

    def _page_failed(self, generation: int, page: int, _message: str) -> None:
        if generation == self._generation and page not in self._pages:
            self._store_page(page, {})        # blanks, as a failed read on this thread shows
            self._announce(page)

    def _page_dropped(self, generation: int, page: int) -> None:
        if generation == self._generation:
            self._pending.discard(page)      # asked again when a row of it is painted

    def _announce(self, page: int) -> None:
        """Repaint the rows that were painted as placeholders while the page was on its way."""
        waiting = self._waiting.pop(page, None)
        if waiting is not None:
            self.dataChanged.emit(self.index(waiting[0], 0), self.index(waiting[1], 0), [META_ROLE, PAINT_ROLE])

    def _meta(self, story: q.StoryRow) -> str:
        meta = self._metas.get(story.id)
        if meta is None:
            meta = self._metas[story.id] = f"{outlets_label(story.outlet_count)} · {date_range_label(story.first, story.last)}"
        return meta

    def _articles(self, row: int) -> list[q.StoryArticle]:
        story_id = self._order.ids[row]
        if story_id not in self._children:
            self._children[story_id] = read_or([], lambda: q.story_articles(self._library.store.conn, story_id))
        return self._children[story_id]

    # --- lookups the view uses ---

    def story_count(self) -> int:
        return len(self._order)

    def story_id(self, row: int) -> int:
        return self._order.ids[row]

    def row_of(self, story_id: int) -> int | None:
        if self._rows_of is None:
            self._rows_of = {story_id: row for row, story_id in enumerate(self._order.ids)}
        return self._rows_of.get(story_id)

    def story_index(self, story_id: int) -> QModelIndex:
        row = self.row_of(story_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def story_row(self, row: int) -> q.StoryRow:
        return self._fetch(row)

    def story_of_index(self, index: Index) -> int | None:
        """The story an index belongs to (itself for a story row)."""
        if not index.isValid():
            return None
        return self._order.ids[self._story_row_of(index)]

    def article_at(self, index: Index) -> q.StoryArticle | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        articles = self._articles(index.internalId() - 1)
        return articles[index.row()] if index.row() < len(articles) else None

    @staticmethod
    def _story_row_of(index: Index) -> int:
        return index.row() if index.internalId() == 0 else index.internalId() - 1

    # --- QAbstractItemModel ---

    def _top_count(self) -> int:
        return len(self._order)

    def _child_count(self, top_row: int) -> int:
        return len(self._articles(top_row))

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        # Every stored story has members; answering without a query keeps the first layout cheap.
        if not parent.isValid():
            return bool(len(self._order))
        return parent.internalId() == 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Constants: Qt asks for every row's flags on each layout (30,000 rows), and combining the
        # flag enums in Python costs more than the rest of the call.
        if not index.isValid():
            return _NO_FLAGS
        return _STORY_FLAGS if index.internalId() == 0 else _MEMBER_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._story_data(index.row(), role)
        return self._article_data(index, role)

    def _title(self, row: int) -> str:
        titles = self._order.titles
        return (titles[row] if row < len(titles) else self._fetch(row).title) or "Untitled story"

    def _story_data(self, row: int, role: int) -> Any:
        if role == SIZE_ROLE:
            return (self._title(row), self._heading(row))
        if role == PAINT_ROLE:
            # Everything a story row draws, in one call that never reads the store (see peek).
            story = self.peek(row)
            if story is None:
                return (self._title(row), None, None, self._heading(row), self._placeholder_meta(row))
            return (self._title(row), self._meta(story), self._badges.get(story.id), self._heading(row), None)
        if role == KIND_ROLE:
            return "story"
        if role == STORY_ID_ROLE:
            return self._order.ids[row]
        if role == HEADING_ROLE:
            return self._heading(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._title(row)
        if role not in _ROW_ROLES:
            return None      # Qt asks for fonts, colours …: none of them needs the row
        story = self._fetch(row)
        title = self._title(row)
        if role == META_ROLE:
            return self._meta(story)
        if role == BADGE_ROLE:
            return self._badges.get(story.id)
        if role == COUNT_ROLE:
            return story.article_count
        if role == DATE_ROLE:
            return date_range_label(story.first, story.last)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._story_tooltip(story, title)
        return None

    def _story_tooltip(self, story: q.StoryRow, title: str) -> str:
        lines = [title, ", ".join(outlet_label(s) for s in story.sources) or "no articles",
                 f"{story.article_count} articles · {date_range_label(story.first, story.last)}"]
        badge = self._badges.get(story.id)
        if badge is not None:
            lines.append(f"{badge} factual difference{'s' if badge != 1 else ''}")
        return "\n".join(lines)

    def _placeholder_meta(self, row: int) -> str:
        """The dates of a row whose page has not arrived (they came with the order)."""
        firsts, last = self._order.firsts, self._order.lasts[row]
        return date_range_label(firsts[row] if row < len(firsts) else last, last)

    def _heading(self, row: int) -> str | None:
        # A heading starts each day; the keys carry the last date, so no row has to be fetched.
        lasts = self._order.lasts
        day = lasts[row][:10]
        if row > 0 and lasts[row - 1][:10] == day:
            return None
        return heading_label(day)

    def _article_data(self, index: Index, role: int) -> Any:
        article = self.article_at(index)
        if article is None:
            return None
        if role == KIND_ROLE:
            return "article"
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == STORY_ID_ROLE:
            return self._order.ids[index.internalId() - 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return outlet_label(article.source)
        if role == LETTER_ROLE:
            return letter(index.row())
        if role == META_ROLE:
            return article.title
        if role == DATE_ROLE:
            return day_label(article.published) if article.published else "no date"
        if role == SOURCE_ROLE:
            return article.source
        if role == UNSET_ROLE:
            return article.source == UNKNOWN_SOURCE
        if role == COPY_ROLE:
            return self._copy_label(index)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            copy = self._copy_label(index)
            return "\n".join(filter(None, (f"{letter(index.row())} · {outlet_label(article.source)}",
                                           article.title, day_label(article.published), copy)))
        return None

    def _copy_label(self, index: Index) -> str | None:
        article = self.article_at(index)
        if article is None or article.copy_of is None:
            return None
        siblings = self._articles(index.internalId() - 1)
        for position, other in enumerate(siblings):
            if other.id == article.copy_of:
                return f"copy of {letter(position)}"
        return "copy"

    # --- drag an article onto a story: only a request, the main window decides ---

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = [a.id for a in (self.article_at(i) for i in indexes) if a is not None]
        return article_mime(list(dict.fromkeys(ids)))

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return parent.isValid() and bool(article_ids_from_mime(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        target = self.story_of_index(parent)
        ids = article_ids_from_mime(data)
        if target is None or not ids:
            return False
        members = {a.id for a in self._articles(self._story_row_of(parent))}
        moved = [a for a in ids if a not in members]
        for article_id in moved:
            self.move_dropped.emit(article_id, target)
        # The rows are not removed here: the store changes (or not) when the main window acts,
        # and the "stories" notice reloads this model.
        return False


# --- sources ------------------------------------------------------------------------------------------

class SourceTreeModel(TwoLevelModel):
    """Outlets (with matching article counts), each with its articles as children, newest first."""

    def __init__(self, library: Library, parent: Any = None, page: int = PAGE) -> None:
        super().__init__(parent)
        self._library = library
        self._page = page
        self._filter = q.LibraryFilter()
        self._sources: list[q.SourceCount] = []
        self._ids: dict[int, list[int]] = {}            # source row -> article ids
        self._cache: dict[int, ArticleSummary] = {}
        self.reload()

    def set_filter(self, flt: q.LibraryFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._sources = q.source_counts(self._library.store.conn, self._filter)
        self._ids.clear()
        self._cache.clear()
        self.endResetModel()

    def sources(self) -> list[q.SourceCount]:
        return list(self._sources)

    def _article_ids(self, source_row: int) -> list[int]:
        if source_row not in self._ids:
            flt, source_id = self._filter, self._sources[source_row].id
            self._ids[source_row] = read_or([], lambda: q.article_ids(self._library.store.conn, None, flt.since,
                                                                      flt.until, source_id=source_id))
        return self._ids[source_row]

    def _summary(self, source_row: int, row: int) -> ArticleSummary | None:
        ids = self._article_ids(source_row)
        if row >= len(ids):
            return None
        if ids[row] not in self._cache:
            start = (row // self._page) * self._page
            page = ids[start:start + self._page]
            self._cache.update(read_or({}, lambda: self._library.articles.summaries(page)))
        return self._cache.get(ids[row])

    def _top_count(self) -> int:
        return len(self._sources)

    def _child_count(self, top_row: int) -> int:
        return len(self._article_ids(top_row))

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        if not parent.isValid():
            return bool(self._sources)
        return parent.internalId() == 0 and self._sources[parent.row()].articles > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.internalId() == 0 else base | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [ARTICLE_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # type: ignore[override]
        return article_mime([i.data(ARTICLE_ID_ROLE) for i in indexes if i.data(ARTICLE_ID_ROLE) is not None])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            source = self._sources[index.row()]
            return {Qt.ItemDataRole.DisplayRole: outlet_label(source.name), KIND_ROLE: "source",
                    COUNT_ROLE: source.articles, SOURCE_ROLE: source.name,
                    UNSET_ROLE: source.name == UNKNOWN_SOURCE,
                    Qt.ItemDataRole.ToolTipRole: f"{outlet_label(source.name)}: {source.articles} articles",
                    }.get(role)
        article = self._summary(index.internalId() - 1, index.row())
        if article is None:
            return None
        return {Qt.ItemDataRole.DisplayRole: article.title or "Untitled", KIND_ROLE: "article",
                ARTICLE_ID_ROLE: article.id, DATE_ROLE: day_label(article.published) if article.published else "",
                SOURCE_ROLE: article.source,
                Qt.ItemDataRole.ToolTipRole: f"{article.title}\n{outlet_label(article.source)} · "
                                             f"{day_label(article.published)}",
                }.get(role)


# --- search hits --------------------------------------------------------------------------------------

class SearchHitModel(ArticleDragMixin, QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # type: ignore[override]
        return article_mime([self._hits[i.row()].article.id for i in indexes if i.isValid()])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        article = hit.article
        if role == Qt.ItemDataRole.DisplayRole:
            return article.title or "Untitled"
        if role == KIND_ROLE:
            return "article"
        if role == ARTICLE_ID_ROLE:
            return article.id
        if role == SOURCE_ROLE:
            return article.source
        if role == UNSET_ROLE:
            return article.source == UNKNOWN_SOURCE
        if role == DATE_ROLE:
            return day_label(article.published) if article.published else ""
        if role == META_ROLE:
            dated = f" · {day_label(article.published)}" if article.published else ""
            return outlet_label(article.source) + dated
        if role == SNIPPET_ROLE:
            return hit.snippet
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            plain = "".join(text for text, _ in snippet_parts(hit.snippet))
            return f"{article.title}\n{outlet_label(article.source)} · {day_label(article.published)}\n{plain}"
        return None
