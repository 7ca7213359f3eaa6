"""The one exception format readers raise; `read_file` adds the path and turns it into a ReadError."""
from __future__ import annotations


class Unreadable(Exception):
    """A file (or the part of it a reader looked at) cannot yield an article.

    `reason` is a sentence for the editor, e.g. "the file is empty"; it never names the
    path because the caller already shows it.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def brief(exc: BaseException) -> str:
    """A library's error message, short enough to sit in parentheses in a reason."""
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text if len(text) <= 160 else text[:157] + "..."
