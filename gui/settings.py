"""What the window remembers between sessions (QSettings): geometry, splitters, store, theme, view choices."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8
CATEGORIES = ("factual", "wording", "cosmetic")


class Settings:
    """Typed access to QSettings; every getter copes with a missing or mangled value."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings("Triangulate", "Triangulate")

    def _get(self, key: str, default: Any) -> Any:
        value = self._s.value(key, default)
        return default if value is None else value

    def geometry(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, key: str, value: QByteArray) -> None:
        self._s.setValue(key, value)

    def sizes(self, key: str) -> list[int]:
        value = self._s.value(key) or []
        try:
            return [int(v) for v in (value if isinstance(value, list) else [value])]
        except (TypeError, ValueError):
            return []

    def set_sizes(self, key: str, sizes: list[int]) -> None:
        self._s.setValue(key, [int(v) for v in sizes])

    def text(self, key: str, default: str = "") -> str:
        return str(self._get(key, default))

    def set_text(self, key: str, value: str) -> None:
        self._s.setValue(key, value)

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, default)
        return value if isinstance(value, bool) else str(value).lower() in ("true", "1", "yes")

    def set_flag(self, key: str, value: bool) -> None:
        self._s.setValue(key, bool(value))

    def number(self, key: str, default: float) -> float:
        try:
            return float(self._get(key, default))
        except (TypeError, ValueError):
            return default

    def set_number(self, key: str, value: float) -> None:
        self._s.setValue(key, float(value))

    def words(self, key: str, default: tuple[str, ...] = ()) -> set[str]:
        value = self._s.value(key)
        if value is None:
            return set(default)
        if isinstance(value, str):
            return {w for w in value.split(",") if w}
        return {str(w) for w in value} if isinstance(value, list) else set(default)

    def set_words(self, key: str, words: set[str]) -> None:
        self._s.setValue(key, ",".join(sorted(words)))

    def recent_stores(self) -> list[str]:
        return [p for p in self.words_list("store/recent") if p]

    def words_list(self, key: str) -> list[str]:
        value = self._s.value(key)
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    def add_recent_store(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_stores() if p != path]
        self._s.setValue("store/recent", recent[:MAX_RECENT])
        self._s.setValue("store/last", path)

    def sync(self) -> None:
        self._s.sync()
