"""Decide which reader gets a file: by extension, overruled by content that is clearly
another format.

"Clearly" means a signature no plain article starts with:
  * PDF: "%PDF-" at the start; DOCX: a ZIP archive ("PK\\x03\\x04").
  * JSON records: "{" followed by a quoted key, or "[" followed by "{" or "]".
  * A feed: the first element is <rss>, <feed> or <rdf:RDF>.
  * HTML: an HTML doctype, or a first element that is an HTML tag (<html>, <p>, <div>...).
Plain text never overrules an extension: a .docx holding text is reported as a broken
Word file rather than read as something the editor did not save. Only files whose
extension says nothing (.dat, no extension) fall back to plain text.

Only the first 64 KB ("head") are looked at, so a 50 MB file can be judged against
the size limits before it is read in full.
"""
from __future__ import annotations

import re
from pathlib import Path

from core.readers.encoding import bom_codec

HEAD_BYTES = 65536

EXTENSION_KINDS = {
    ".txt": "txt", ".text": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".pdf": "pdf",
    ".docx": "docx",
}
# Formats holding one article, and exports that may hold thousands.
SINGLE_ARTICLE_KINDS = frozenset({"txt", "md", "html", "pdf", "docx"})
MULTI_ARTICLE_KINDS = frozenset({"json", "jsonl", "feed"})

_JSON_START = re.compile(r'(?:\{\s*"|\[\s*[{\]])')
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype\s[^>]*>)", re.IGNORECASE | re.DOTALL)
_HTML_DOCTYPE = re.compile(r"<!doctype\s+html", re.IGNORECASE)
_FIRST_TAG = re.compile(r"\s*<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
_HTML_ROOTS = frozenset({
    "html", "head", "body", "meta", "title", "article", "main", "section", "div",
    "p", "h1", "h2", "h3", "header", "nav", "table", "span", "figure", "blockquote",
})


def extension_kind(path: Path) -> str | None:
    """The reader the file's extension asks for, or None for an unknown extension."""
    return EXTENSION_KINDS.get(path.suffix.lower())


def sniff(head: bytes, path: Path) -> str:
    """Name the reader for a file from its first bytes and its extension.

    Returns one of txt, md, html, json, jsonl, feed, pdf, docx.
    """
    by_extension = extension_kind(path)
    if head[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    content = content_kind(_head_text(head))
    if content == "json":
        return "jsonl" if by_extension == "jsonl" else "json"
    if content:
        return content
    if by_extension == "html" and b"<" not in head:
        return "txt"  # a "web page" without a single tag is plain text
    return by_extension or "txt"


def content_kind(text: str) -> str | None:
    """"json", "feed" or "html" when the text clearly starts like one, else None."""
    text = text.lstrip("\ufeff \t\r\n")
    if _JSON_START.match(text):
        return "json"
    if not text.startswith("<"):
        return None
    doctype_html = bool(_HTML_DOCTYPE.search(text[:2048]))
    root = _first_element(text)
    if root in _FEED_ROOTS:
        return "feed"
    if doctype_html or root in _HTML_ROOTS:
        return "html"
    return None


def _first_element(text: str) -> str:
    """Name of the first element after any XML declaration, comments and doctype."""
    pos = 0
    while True:
        m = _PROLOGUE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _FIRST_TAG.match(text, pos)
    return m[1].lower() if m else ""


def _head_text(head: bytes) -> str:
    # Enough of a decoding to look at ASCII signatures; the reader decodes properly later.
    codec = bom_codec(head)
    if codec:
        return head.decode(codec, errors="ignore")
    return head.decode("latin-1")
