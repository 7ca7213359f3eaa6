"""The editor's notes on differences and quote pairs: a status and free text, kept in the store.

A note is keyed by a fingerprint of what it is about — the kind of difference and each side's
article id and wording — not by its position in a comparison. Re-running the analysis, showing a
third article or regrouping the story renumbers differences, but the same difference between the
same two texts gets the same key, so its note comes back. A note whose difference no longer
appears (an article was edited or deleted) stays in the store with its label, never deleted.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.compare import Comparison
from core.store import utc_now

if TYPE_CHECKING:
    from core.library import Library

STATUSES = ("unchecked", "verified", "wrong", "not_important")
STATUS_LABELS = {"unchecked": "Unchecked", "verified": "Verified", "wrong": "Wrong", "not_important": "Not important"}
STATUS_GLYPHS = {"unchecked": "○", "verified": "✓", "wrong": "✕", "not_important": "–"}


@dataclass(frozen=True)
class Note:
    key: str
    status: str = "unchecked"
    text: str = ""
    label: str = ""          # what the note was about, as the editor saw it (kept if the difference goes)
    articles: str = ""       # article ids, comma-separated, for finding a story's notes
    updated_at: str = ""

    @property
    def empty(self) -> bool:
        return self.status == "unchecked" and not self.text.strip()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "status": self.status, "text": self.text, "label": self.label,
                "articles": [int(a) for a in self.articles.split(",") if a], "updated_at": self.updated_at}


class NoteError(ValueError):
    """A note that cannot be saved; the message is written for the editor."""


def difference_key(comparison: Comparison, index: int) -> str:
    """The fingerprint of comparison.differences[index] (see the module doc)."""
    return comparison_keys(comparison)[0][index]


def quote_key(comparison: Comparison, index: int) -> str:
    """The fingerprint of comparison.quotes[index]: the quote's wording and speaker in each article."""
    return comparison_keys(comparison)[1][index]


def comparison_keys(comparison: Comparison) -> tuple[list[str], list[str]]:
    """Keys of every difference and every quote group, in their order.

    The same change can occur twice ("U.K." for "UK" in two sentences); the second gets "#2", by
    reading order, which a recomputation keeps. Computed once per comparison and kept on it.
    """
    cached = getattr(comparison, "_note_keys", None)
    if cached is None:
        differences = _numbered([_digest("d", d.kind, sorted((_article_id(comparison, s.article), s.text or "")
                                                              for s in d.sides))
                                 for d in comparison.differences])
        quotes = _numbered([_digest("q", g.relation if g.relation == "only_in" else "shared",
                                    sorted((_article_id(comparison, s.article), f"{s.text}\u241f{s.speaker}")
                                           for s in g.sides))
                            for g in comparison.quotes])
        cached = (differences, quotes)
        comparison._note_keys = cached  # type: ignore[attr-defined]
    return cached


def _numbered(keys: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def _article_id(comparison: Comparison, index: int) -> str:
    article = comparison.articles[index] if 0 <= index < len(comparison.articles) else None
    if article is not None and article.id is not None:
        return str(article.id)
    # An unstored article (compared from a file) is known by its text's hash.
    text = article.text if article is not None else ""
    return "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _digest(prefix: str, kind: str, sides: Iterable[tuple[str, str]]) -> str:
    payload = "\u241e".join([kind] + [f"{a}\u241f{t}" for a, t in sides])
    return f"{prefix}:" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]


class NoteManager:
    def __init__(self, library: "Library") -> None:
        self._library = library

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._library.store.conn

    def get(self, key: str) -> Note:
        found = self.get_many([key])
        return found.get(key, Note(key))

    def get_many(self, keys: Iterable[str]) -> dict[str, Note]:
        """Stored notes among `keys` (keys without a note are absent)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Note] = {}
        for start in range(0, len(wanted), 500):          # SQLite's parameter limit
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(
                    f"SELECT key, status, text, label, articles, updated_at FROM notes WHERE key IN ({marks})", chunk):
                found[row[0]] = Note(*row)
        return found

    def for_comparison(self, comparison: Comparison) -> dict[str, Note]:
        differences, quotes = comparison_keys(comparison)
        return self.get_many(differences + quotes)

    def set(self, key: str, status: str, text: str = "", label: str = "",
            article_ids: Iterable[int] = ()) -> Note:
        """Save a note (an unchecked note with no text is removed: it says nothing)."""
        if status not in STATUSES:
            raise NoteError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        if not key:
            raise NoteError("a note needs the difference or quote it is about")
        note = Note(key, status, text, label, ",".join(str(a) for a in sorted(set(article_ids))), utc_now())
        with self._conn:
            if note.empty:
                self._conn.execute("DELETE FROM notes WHERE key = ?", (key,))
            else:
                self._conn.execute(
                    """INSERT INTO notes (key, status, text, label, articles, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                       ON CONFLICT(key) DO UPDATE SET status = excluded.status, text = excluded.text,
                           label = excluded.label, articles = excluded.articles, updated_at = excluded.updated_at""",
                    (note.key, note.status, note.text, note.label, note.articles, note.updated_at))
        self._library.notify("notes")
        return note

    def all(self) -> list[Note]:
        rows = self._conn.execute(
            "SELECT key, status, text, label, articles, updated_at FROM notes ORDER BY updated_at DESC")
        return [Note(*row) for row in rows]
