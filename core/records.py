"""Rows of the store as plain data, the shapes main.py and gui/ receive from the Library."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

UNKNOWN_SOURCE = "Unknown"   # the outlet of an article whose source nothing names


@dataclass(frozen=True)
class ArticleSummary:
    """An article without its text: what lists show."""

    id: int
    source: str
    title: str
    published: str
    path: str
    format: str
    word_count: int
    url: str = ""
    byline: str = ""

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON contract: field names are stable; new ones are only ever added."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "date": self.published,
            "path": self.path,
            "format": self.format,
            "words": self.word_count,
            "url": self.url,
            "byline": self.byline,
        }


@dataclass(frozen=True)
class ArticleRecord:
    """One stored article with its text."""

    id: int
    source: str
    source_id: int
    source_origin: str
    title: str
    title_origin: str
    byline: str
    published: str
    url: str
    path: str
    format: str
    body: str
    content_hash: str
    imported_at: str
    word_count: int

    def summary(self) -> ArticleSummary:
        return ArticleSummary(
            id=self.id, source=self.source, title=self.title, published=self.published,
            path=self.path, format=self.format, word_count=self.word_count,
            url=self.url, byline=self.byline,
        )

    def to_json(self) -> dict[str, Any]:
        data = self.summary().to_json()
        data.update(
            source_origin=self.source_origin, title_origin=self.title_origin,
            hash=self.content_hash, imported_at=self.imported_at, body=self.body,
        )
        return data


@dataclass(frozen=True)
class SourceRecord:
    id: int
    name: str
    article_count: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "articles": self.article_count}


@dataclass(frozen=True)
class SearchHit:
    """An article that matched a search; `snippet` marks hits with [[ and ]]."""

    article: ArticleSummary
    snippet: str
    rank: float

    def to_json(self) -> dict[str, Any]:
        data = self.article.to_json()
        data.update(snippet=self.snippet, rank=self.rank)
        return data


@dataclass(frozen=True)
class SearchPage:
    """A page of search hits, best first; `capped` when only the newest matches were ranked
    (a very common word: core.search.RANK_CAP)."""

    hits: list[SearchHit]
    capped: bool = False


@dataclass(frozen=True)
class Problem:
    """A file (or a record inside one) that was not imported, and why."""

    path: str
    kind: str  # failed | skipped | duplicate | warning
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "reason": self.reason}


@dataclass
class ImportSummary:
    """The outcome of one import run, as shown at its end and kept in the import log."""

    import_id: int
    files: int = 0
    imported: list[ArticleSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cancelled: bool = False

    def of_kind(self, kind: str) -> list[Problem]:
        return [p for p in self.problems if p.kind == kind]

    @property
    def failed(self) -> list[Problem]:
        return self.of_kind("failed")

    @property
    def duplicates(self) -> list[Problem]:
        return self.of_kind("duplicate")

    @property
    def skipped(self) -> list[Problem]:
        return self.of_kind("skipped")

    @property
    def warnings(self) -> list[Problem]:
        return self.of_kind("warning")

    def to_json(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "files": self.files,
            "cancelled": self.cancelled,
            "imported": len(self.imported),
            "duplicates": len(self.duplicates),
            "failed": [p.to_json() for p in self.failed],
            "skipped": [p.to_json() for p in self.skipped],
            "warnings": [p.to_json() for p in self.warnings],
            "duplicate_files": [p.to_json() for p in self.duplicates],
            "articles": [a.to_json() for a in self.imported],
        }


@dataclass(frozen=True)
class ImportProgress:
    """One step of an import: file `done` of `total` has been handled."""

    done: int
    total: int
    path: str
    status: str  # imported | duplicate | failed | skipped | mixed
    reason: str = ""


@dataclass(frozen=True)
class ImportLogEntry:
    id: int
    started_at: str
    finished_at: str | None
    paths: list[str]
    imported: int
    duplicates: int
    failed: int
    skipped: int
    status: str
    problems: list[Problem]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [{"path": p.path, "kind": p.kind, "reason": p.reason} for p in self.problems]
        return data
