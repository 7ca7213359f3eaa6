"""Saved web pages (.html, .htm, .xhtml) via trafilatura, working on the in-memory
string only (it is never given a URL, so nothing is fetched).

trafilatura separates the article from navigation, adverts and comments and reads the
page's metadata (title, author, date, site name, canonical URL). When it finds less
than 200 characters (short pages, pages cut off early), lxml's reading of the page's
<article> or <p> elements, without navigation, header and footer, is used instead.
"""
from __future__ import annotations

import logging
import re

from core.readers import markup
from core.readers.draft import Draft, Extraction
from core.readers.encoding import decode
from core.readers.errors import Unreadable
from core.readers.whitespace import one_line

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Below this many characters trafilatura's result is compared with lxml's plain reading.
_SHORT_TEXT = 200
_NO_TEXT = "no article text found in this web page"
# Dates from the page's markup (meta tags, JSON-LD, <time>), the first-published one.
# The "extensive" search through the text turns a footer's "© 2021" into 2021-01-01.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}

# trafilatura logs every page it finds too short; the reader reports that itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_webpage(data: bytes) -> Extraction:
    """Read the main article of a web page; raises Unreadable when it holds no text."""
    html = decode(data, declared=declared_charset(data))
    found = _trafilatura(html)
    text = (found.get("text") or "").strip()
    if len(text) < _SHORT_TEXT:
        # trafilatura's guesses on tiny pages include menus ("Home"); lxml's reading
        # skips nav, header, footer and forms, and keeps what a cut-off page has
        text = _lxml_text(html)
    if not text.strip():
        raise Unreadable(_NO_TEXT)
    title = one_line(found.get("title") or _title_tag(html))
    paras = [line for line in text.split("\n") if line.strip()]
    if len(paras) > 1 and title and one_line(paras[0]).casefold() == title.casefold():
        paras = paras[1:]  # the page's <h1> repeats the title that is stored apart
    draft = Draft(
        body="\n\n".join(paras),
        title=title,
        source=found.get("sitename") or "",
        byline=found.get("author") or "",
        published=found.get("date") or "",
        url=found.get("url") or "",
    )
    return Extraction("html", [draft])


def declared_charset(data: bytes) -> str:
    """The encoding a page names in <meta charset> / http-equiv, or ""."""
    m = _CHARSET.search(data[:4096])
    return m[1].decode("ascii", errors="ignore") if m else ""


def _trafilatura(html: str) -> dict:
    import trafilatura  # imported here: it takes ~0.3 s to load, needed only for pages

    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True,
            date_extraction_params=_DATE_SEARCH,
        )
    except Exception:  # noqa: BLE001 - a parser bug must not hide the lxml fallback
        return {}
    if document is None:
        return {}
    return document if isinstance(document, dict) else document.as_dict()


def _lxml_text(html: str) -> str:
    root, too_deep = markup.parse_checked(html)
    if too_deep:  # lxml dropped everything past 256 levels; stripping tags keeps it
        return markup.flat_text(html)
    if root is None:
        return ""
    return "\n".join(p for p in markup.page_text(root).split("\n") if p.strip())


def _title_tag(html: str) -> str:
    root = markup.parse(html)
    if root is None:
        return ""
    titles = root.xpath("//title/text()")
    return str(titles[0]) if titles else ""
