"""HTML to plain paragraphs with lxml, for HTML found inside JSON fields and feed
entries, and as the fallback when trafilatura finds no article in a page.

Block elements (p, div, li, h1-h6, blockquote...) become paragraphs, <br> a line
break; scripts, styles and comments are dropped. lxml's HTML parser recovers from
broken markup, so a page cut off mid-tag still gives the text before the cut.
"""
from __future__ import annotations

import re

import lxml.etree
import lxml.html

_TAG = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|ul|ol|li|h[1-6]|blockquote|figure|figcaption|img|article|section|table|tr|td)\b[^>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "article", "section", "main", "header", "footer", "figure", "figcaption", "pre",
    "table", "tr", "dd", "dt", "dl", "aside", "address", "hr", "caption",
})
_DROPPED = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")
_PAGE_CHROME = ("nav", "header", "footer", "aside", "form", "button")


def looks_like_html(text: str) -> bool:
    """True when a field holds markup (common tags or entities) rather than plain text."""
    return bool(_TAG.search(text) or (len(_ENTITY.findall(text)) >= 2))


def fragment_to_text(fragment: str) -> str:
    """Paragraphs of an HTML fragment, separated by blank lines ("" if it has none)."""
    root = parse(f"<div>{fragment}</div>")
    return element_text(root) if root is not None else ""


def parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse HTML leniently; None when lxml finds no element at all."""
    # lxml refuses a str that carries an encoding declaration (XHTML pages do)
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def page_text(root: lxml.html.HtmlElement) -> str:
    """A page's readable text: its <article> if it has one, else all <p>, else the body."""
    for tag in _PAGE_CHROME:
        _drop(root, tag)
    for tag in ("article", "p"):
        found = [el for el in root.iter(tag)]
        if found:
            return "\n\n".join(filter(None, (element_text(el) for el in found)))
    return element_text(root)


def element_text(root: lxml.html.HtmlElement) -> str:
    """Text of an element with block elements as paragraphs and <br> as line breaks."""
    for tag in _DROPPED:
        _drop(root, tag)
    for comment in list(root.iter(lxml.etree.Comment)):
        comment.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.tag.lower()
        if name == "br":
            el.tail = "\n" + (el.tail or "")
        elif name in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return root.text_content().strip()


def _drop(root: lxml.html.HtmlElement, tag: str) -> None:
    # drop_tree keeps the element's tail: the text after it belongs to the parent
    for el in list(root.iter(tag)):
        if el is not root:
            el.drop_tree()
