"""Readers turn one file into articles. See read_file().

    result = read_file(Path("story.html"), folder_source="Reuters")
    for article in result.articles: ...      # core.model.Article
    for warning in result.warnings: ...      # records inside the file that were skipped

read_file raises only core.model.ReadError, whose `reason` is written for the editor.

Modules, one concept each:
  loading      open once, size limits, OS errors      sniff        which reader gets a file
  encoding     bytes -> str, binary check, repair     whitespace   paragraphs and spaces
  dates        any date -> YYYY-MM-DD                 outlet       dateline / photo credit
  frontmatter  `key: value` headers                   markup       HTML fragments -> text
  draft        reader output -> Article (shared clean-up, the order of outlet sources)
  text, markdown, webpage, records, feed, pdf, word: one reader per format
Nothing here touches the network or imports Qt.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from core.model import ReadError, ReadResult
from core.readers.draft import Extraction, finish
from core.readers.errors import Unreadable, brief
from core.readers.loading import load
from core.readers.sniff import EXTENSION_KINDS

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(EXTENSION_KINDS)

__all__ = ["SUPPORTED_EXTENSIONS", "is_supported", "read_file"]


def is_supported(path: Path) -> bool:
    """True when the file's extension is one Triangulate reads (case-insensitive)."""
    return Path(path).suffix.lower() in SUPPORTED_EXTENSIONS


def read_file(path: Path, folder_source: str = "") -> ReadResult:
    """Read every article in one file.

    `folder_source` is an outlet name derived from the folder the file was found in; it
    is used only when neither the file's metadata nor its text names the outlet.
    Raises ReadError (and nothing else) when the file yields no article.
    """
    path = Path(path)
    try:
        kind, data = load(path)
        extraction = _reader(kind)(data)
        return _result(extraction, path, folder_source)
    except Unreadable as exc:
        raise ReadError(str(path), exc.reason) from None
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(str(path), "the file is nested too deeply to read") from None
    except MemoryError:
        raise ReadError(str(path), "the file is too large to read with the memory available") from None
    except Exception as exc:  # noqa: BLE001 - a reader bug must reach the editor as a reason, not a crash
        raise ReadError(str(path), f"the file could not be read ({exc.__class__.__name__}: {brief(exc)})") from exc


# kind -> (module, function). Imported on demand so that listing a folder, or reading
# only text files, does not load every parser (trafilatura alone takes ~0.3 s).
_READERS = {
    "txt": ("text", "read_text"),
    "md": ("markdown", "read_markdown"),
    "html": ("webpage", "read_webpage"),
    "json": ("records", "read_json"),
    "jsonl": ("records", "read_jsonl"),
    "feed": ("feed", "read_feed"),
    "pdf": ("pdf", "read_pdf"),
    "docx": ("word", "read_docx"),
}


def _reader(kind: str) -> Callable[[bytes], Extraction]:
    module, function = _READERS[kind]
    return getattr(importlib.import_module(f"core.readers.{module}"), function)


def _result(extraction: Extraction, path: Path, folder_source: str) -> ReadResult:
    result = ReadResult(warnings=list(extraction.warnings))
    for draft in extraction.drafts:
        article = finish(draft, fmt=extraction.format, path=str(path), folder_source=folder_source,
                         repaired=extraction.repaired, tidied=extraction.tidied)
        if article is not None:
            result.articles.append(article)
    emptied = len(extraction.drafts) - len(result.articles)
    if emptied and result.articles:
        result.warnings.append(f"{emptied} record(s) had no text left after clean-up (only invisible characters)")
    if not result.articles:
        raise Unreadable("no article text found in this file")
    return result
