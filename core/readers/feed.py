"""RSS and Atom feeds (.rss, .atom, .xml) via feedparser: one article per entry.

feedparser is always handed an in-memory stream of the bytes, never a string or bytes
(which it would first try as a URL or a file name), so nothing is fetched and no other
file is opened. External XML entities stay off (feedparser's default). It reads the XML's
own encoding declaration.

Per entry: text from the full content, else the summary (HTML stripped); the date as
the feed wrote it (feedparser's parsed dates are converted to UTC, which can move an
evening story to the next day); outlet from the entry's <source>, else the feed title.
"""
from __future__ import annotations

import io
from typing import Any

from core.readers.draft import Draft, Extraction
from core.readers.encoding import bom_codec, check_not_binary
from core.readers.errors import Unreadable
from core.readers.markup import fragment_to_text, looks_like_html
from core.readers.whitespace import one_line


def read_feed(data: bytes) -> Extraction:
    """Read every entry of an RSS/Atom feed; raises Unreadable when it is not a feed."""
    if not bom_codec(data):
        check_not_binary(data)
    import feedparser  # imported here: only feeds need it

    try:
        # a stream, not bytes: feedparser tries bytes as a file name first
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001 - feedparser has many failure modes
        raise Unreadable(f"the feed could not be parsed ({exc})") from None
    if not parsed.get("version") and not parsed.entries:
        raise Unreadable(_not_a_feed(parsed))
    if not parsed.entries:
        raise Unreadable("the feed has no entries")
    fmt = "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    result = Extraction(fmt)
    feed_title = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, start=1):
        draft = entry_draft(entry, feed_title)
        if draft is None:
            title = one_line(_text(entry.get("title")))
            label = f'entry {number} "{title}"' if title else f"entry {number}"
            result.warnings.append(f"{label}: no text (neither content nor summary)")
        else:
            result.drafts.append(draft)
    if not result.drafts:
        raise Unreadable(f"none of the feed's {len(parsed.entries)} entries has any text")
    return result


def entry_draft(entry: Any, feed_title: str) -> Draft | None:
    """A Draft from one feed entry, or None when the entry has no text."""
    body = _entry_text(entry)
    if not body.strip():
        return None
    source = entry.get("source", {}).get("title", "") if isinstance(entry.get("source"), dict) else ""
    return Draft(
        body=body,
        title=_text(entry.get("title")),
        source=_text(source) or feed_title,
        byline=_text(entry.get("author")),
        published=_entry_date(entry),
        url=_text(entry.get("link")),
    )


def _entry_text(entry: Any) -> str:
    contents = [c for c in entry.get("content") or [] if _text(c.get("value")).strip()]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))  # some feeds carry a teaser and the full text
        return _as_text(best["value"], _text(best.get("type")))
    detail = entry.get("summary_detail") or {}
    return _as_text(_text(entry.get("summary")), _text(detail.get("type")))


def _text(value: Any) -> str:
    # feedparser leaves None (not "") in fields of badly broken entries
    return value if isinstance(value, str) else ""


def _as_text(value: str, mime: str) -> str:
    if "html" in mime or looks_like_html(value):
        return fragment_to_text(value)
    return value


def _entry_date(entry: Any) -> Any:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return entry[key]
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return entry[key]
    return ""


def _not_a_feed(parsed: Any) -> str:
    problem = parsed.get("bozo_exception")
    if problem and "not well-formed" in str(problem):
        return f"this is not an RSS or Atom feed (the XML is broken: {problem})"
    return "this XML file is not an RSS or Atom feed"
