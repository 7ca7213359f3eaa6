"""PDF articles via pypdf: the text of every page.

Pages are joined with a line break, not a paragraph break, because a paragraph often
runs across pages; whitespace.py then joins hard-wrapped lines into paragraphs.
Title: the document's metadata title unless it is a placeholder ("Untitled",
"Microsoft Word - draft.docx"); else a first line that looks like a headline. The
byline comes from the metadata author. The PDF's creation date is NOT taken as the
publication date: it is usually the day someone printed or saved the page.

Encrypted PDFs that open with an empty password (common for "no copying" PDFs) are
read; others are refused as password-protected.
"""
from __future__ import annotations

import io
import logging
import re

from core.readers.draft import Draft, Extraction
from core.readers.errors import Unreadable, brief
from core.readers.text import looks_like_headline
from core.readers.whitespace import one_line

# pypdf warns about every small flaw in a file; the reader reports real failures itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|document\d*|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|html?|txt|indd|pages))$",
    re.IGNORECASE,
)


def read_pdf(data: bytes) -> Extraction:
    """Read all text of a PDF; raises Unreadable when it is encrypted, broken or image-only."""
    if data.lstrip()[:5] != b"%PDF-":
        raise Unreadable("this is not a PDF file (it does not start with %PDF-)")
    try:
        return _read(data)
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of error on bad files
        raise Unreadable(f"the PDF could not be parsed ({brief(exc)})") from None


def _read(data: bytes) -> Extraction:
    from pypdf import PdfReader  # imported here: loading pypdf costs ~0.1 s at start-up

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        _unlock(reader)
    pages = [page.extract_text() or "" for page in reader.pages]
    lines = [line for line in "\n".join(pages).split("\n")]
    if not "".join(lines).strip():
        raise Unreadable("the PDF has no extractable text (it may be scanned images; it needs OCR first)")
    info = reader.metadata or {}
    title = _metadata_text(info, "/Title")
    if _PLACEHOLDER_TITLE.match(title):
        title = ""
    lines = _drop_title_line(lines, title)
    if not title:
        title, lines = _first_line_title(lines)
    author = _metadata_text(info, "/Author")
    return Extraction("pdf", [Draft(body="\n".join(lines), title=title, byline=author)])


def _unlock(reader: object) -> None:
    try:
        opened = reader.decrypt("")  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - e.g. AES without the optional crypto package
        raise Unreadable(f"the PDF is encrypted and could not be opened ({brief(exc)})") from None
    if not opened:
        raise Unreadable("the PDF is password-protected")


def _metadata_text(info: object, key: str) -> str:
    try:
        value = info.get(key)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - broken metadata dictionaries are common
        return ""
    return one_line(value) if isinstance(value, str) else ""


def _drop_title_line(lines: list[str], title: str) -> list[str]:
    """Drop the first non-empty line when it repeats the metadata title."""
    for i, line in enumerate(lines):
        if line.strip():
            if title and one_line(line).casefold() == title.casefold():
                return lines[:i] + lines[i + 1:]
            return lines
    return lines


def _first_line_title(lines: list[str]) -> tuple[str, list[str]]:
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        rest = lines[i + 1:]
        if looks_like_headline(line) and "".join(rest).strip():
            return one_line(line), lines[:i] + rest
        return "", lines
    return "", lines
