"""Open a file once, judge it against the size limits, and read its bytes.

Limits (in MB of 1024 x 1024 bytes, as file managers show them):
  * 10 MB for one article (txt, md, html, pdf, docx): a longer "article" is almost
    certainly a mis-saved file, and the text clean-up would take seconds;
  * 200 MB for exports that hold many articles (json, jsonl, rss/atom).
The first 64 KB decide the format and so which limit applies; a file above its limit
is refused without reading the rest.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from core.readers.errors import Unreadable
from core.readers.sniff import HEAD_BYTES, SINGLE_ARTICLE_KINDS, sniff

MB = 1024 * 1024
SINGLE_ARTICLE_LIMIT = 10 * MB
EXPORT_LIMIT = 200 * MB


def load(path: Path) -> tuple[str, bytes]:
    """Return (reader kind, file bytes); raises Unreadable for missing, huge or empty files."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(HEAD_BYTES)
            kind = sniff(head, path)
            check_size(size, SINGLE_ARTICLE_LIMIT if kind in SINGLE_ARTICLE_KINDS else EXPORT_LIMIT)
            data = head + handle.read()
    except OSError as exc:
        raise Unreadable(describe_os_error(exc)) from None
    if not data.strip():
        raise Unreadable("the file is empty")
    return kind, data


def check_size(size: int, limit: int) -> None:
    """Raise Unreadable naming the size and the limit when size is above it."""
    if size <= limit:
        return
    what = "single article" if limit == SINGLE_ARTICLE_LIMIT else "export"
    raise Unreadable(f"the file is {size / MB:.1f} MB; the largest {what} Triangulate reads is {limit // MB} MB")


def describe_os_error(exc: OSError) -> str:
    """A sentence an editor can act on for a failed open or read."""
    if isinstance(exc, FileNotFoundError):
        return "file not found (it may have been moved, renamed or deleted)"
    if isinstance(exc, PermissionError):
        return "permission denied: your account is not allowed to read this file"
    if isinstance(exc, IsADirectoryError):
        return "this is a folder, not a file"
    if exc.errno == errno.ELOOP:
        return "the file is a link that points to itself"
    detail = exc.strerror or exc.__class__.__name__
    return f"the file could not be read ({detail})"
