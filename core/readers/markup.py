"""HTML to plain paragraphs with lxml, for HTML found inside JSON fields and feed
entries, and as the fallback when trafilatura finds no article in a page.

Block elements (p, div, li, h1-h6, blockquote...) become paragraphs, <br> a line
break; scripts, styles and comments are dropped. lxml's HTML parser recovers from
broken markup, so a page cut off mid-tag still gives the text before the cut.
"""
from __future__ import annotations

import re
from html import unescape as _unescape

import lxml.etree
import lxml.html

_TAG = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|ul|ol|li|h[1-6]|blockquote|figure|figcaption|img|article|section|table|tr|td)\b[^>]*>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]{2,8});", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Characters XML cannot hold (C0 controls but tab and line breaks, lone surrogates, U+FFFE/F).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "article", "section", "main", "header", "footer", "figure", "figcaption", "pre",
    "table", "tr", "dd", "dt", "dl", "aside", "address", "hr", "caption",
})
# libxml2's HTML parser stops nesting here (XML_PARSE_HUGE does not lift it for HTML).
_MAX_DEPTH = 256
_CUT = tuple((re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in (
    (r"<!--", r"-->"), (r"<script\b", r"</script\s*>"), (r"<style\b", r"</style\s*>"), (r"<head\b", r"</head\s*>")))
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|article|section|tr|table|ul|ol|pre|header|footer|main|"
                        r"figure|figcaption|dd|dt|dl|aside|hr)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]*>")
_DROPPED = ("script", "style", "noscript", "template", "svg", "iframe", "object", "head")
_PAGE_CHROME = ("nav", "header", "footer", "aside", "form", "button")


def looks_like_html(text: str) -> bool:
    """True when a field holds markup (common tags or entities) rather than plain text."""
    return bool(_TAG.search(text) or (len(_ENTITY.findall(text)) >= 2))


def fragment_to_text(fragment: str) -> str:
    """Paragraphs of an HTML fragment, separated by blank lines ("" if it has none)."""
    root, too_deep = parse_checked(f"<div>{fragment}</div>")
    if too_deep:
        return flat_text(fragment)
    return element_text(root) if root is not None else ""


def parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse HTML leniently; None when lxml finds no element at all."""
    return parse_checked(html)[0]


def parse_checked(html: str) -> tuple[lxml.html.HtmlElement | None, bool]:
    """(root, too_deep): too_deep when the markup nests past libxml2's limit of 256 elements.

    Past that limit lxml silently drops the rest of the document, so a caller should fall
    back to flat_text() rather than trust what it got.
    """
    # lxml refuses a str that carries an encoding declaration (XHTML pages do), and refuses
    # to set text holding control characters its HTML parser let through (element_text does)
    html = _CONTROLS.sub("", _XML_DECLARATION.sub("", html, count=1))
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        root = None
    too_deep = html.count("<") > _MAX_DEPTH and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, too_deep


def flat_text(html: str) -> str:
    """Text of markup no parser accepts (nested thousands deep): tags stripped in one linear pass.

    Scripts, styles, the <head> and comments are cut; block tags become paragraph breaks.
    """
    for opening, closing in _CUT:
        html = _cut(html, opening, closing)
    html = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n\n", html))
    paragraphs = (" ".join(p.split()) for p in _unescape(html).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _cut(html: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> str:
    parts, pos = [], 0
    while (start := opening.search(html, pos)) and (end := closing.search(html, start.end())):
        parts.append(html[pos:start.start()])
        pos = end.end()
    parts.append(html[pos:])
    return "".join(parts)


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
