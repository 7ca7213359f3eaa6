"""Markdown articles (.md, .markdown): front matter, then text without the syntax.

Front matter is a "---" fenced block of `key: value` lines (frontmatter.py). In the
body, Markdown rules apply: lines of one paragraph are joined with spaces and a blank
line ends a paragraph. Syntax that is not text is removed: heading hashes, emphasis
markers, link syntax ([text](url) -> text), images, code fences, quote markers,
horizontal rules, reference definitions, HTML comments and tags. List items stay as
their own lines ("- item" -> "• item", "1. item" kept).

A leading level-1 heading becomes the title when the front matter has none; a heading
that repeats the front matter's title is dropped; other headings stay as paragraphs.
"""
from __future__ import annotations

import re

from core.readers.draft import Draft, Extraction
from core.readers.encoding import decode, repair
from core.readers.errors import Unreadable
from core.readers.frontmatter import split_fenced
from core.readers.whitespace import normalise_newlines, one_line

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$|^ {0,3}(#{1,6})[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(.*)$")
_NUMBERED = re.compile(r"^[ \t]*(\d{1,9}[.)])[ \t]+(.*)$")

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
# Every pattern stops scanning at the next character that could open or close the same
# construct ("[^[\]]" rather than "[^\]]", emphasis that cannot contain its own marker),
# so a line of a million unmatched "[" or "*" costs linear time, not quadratic (it hung).
_INLINE = (
    (re.compile(r"!\[[^\[\]]*\]\([^()]*\)|!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),   # images
    (re.compile(r"\[([^\[\]]+)\]\([^()]*\)"), r"\1"),                         # [text](url)
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),                      # [text][ref]
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),                   # <http://...>
    (re.compile(r"</?[A-Za-z][^<>\n]*>"), ""),                                # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),                                        # code
    (re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"), r"\1"),          # **strong**
    (re.compile(r"__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"), r"\1"),                # __strong__
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),       # *em*
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),         # _em_
    (re.compile(r"~~(?=\S)((?:[^~]|~(?!~))+?)(?<=\S)~~"), r"\1"),                # ~~strike~~
)
# Every inline construct above starts with one of these characters.
_SYNTAX = re.compile(r"[\\<`*_\[~!]")
# Escaped characters are parked in the Private Use Area so emphasis rules skip them.
_PARK = 0xE000


def read_markdown(data: bytes) -> Extraction:
    """Read a Markdown article; raises Unreadable when only front matter is there."""
    text = normalise_newlines(repair(decode(data))).lstrip("\n")
    fenced = split_fenced(text)
    fields, body = fenced if fenced else ({}, text)
    blocks = to_blocks(body.split("\n"))
    title = fields.get("title", "")
    if blocks and blocks[0][0] == "h1":
        if not title:
            title = blocks.pop(0)[1]
        elif one_line(blocks[0][1]).casefold() == one_line(title).casefold():
            blocks.pop(0)
    paras = [inline(text) for _, text in blocks]
    paras = [p for p in paras if p.strip()]
    if not paras:
        raise Unreadable("the file holds only front matter, no article text")
    meta = {k: v for k, v in fields.items() if k != "title"}
    draft = Draft(body="\n\n".join(paras), title=inline(title), **meta)
    return Extraction("md", [draft], repaired=True)


def to_blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Markdown lines as (kind, text) blocks; kind is "h1", "heading", "item" or "para"."""
    blocks: list[tuple[str, str]] = []
    para: list[str] = []
    in_code = False

    def end_para() -> None:
        if para:
            blocks.append(("para", " ".join(s.strip() for s in para)))
            para.clear()

    for line in lines:
        if _FENCE.match(line):
            end_para()
            in_code = not in_code
            continue
        if in_code:
            if line.strip():
                blocks.append(("para", line.strip()))
            continue
        line = _QUOTE.sub("", line)
        setext = _SETEXT.match(line)
        if setext and len(para) == 1:
            level = "h1" if setext[1].startswith("=") else "heading"
            blocks.append((level, para.pop()))
            continue
        kind, text = _line_kind(line)
        if kind == "para":
            para.append(text)
            continue
        end_para()
        if kind != "skip":
            blocks.append((kind, text))
    end_para()
    return blocks


def inline(text: str) -> str:
    """Remove inline Markdown syntax from one paragraph."""
    if not _SYNTAX.search(text):
        return text  # most paragraphs of prose: skip the dozen substitutions
    text = _strip_comments(_ESCAPE.sub(lambda m: chr(_PARK + ord(m[1])), text))
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return re.sub(r"[\ue000-\ue07f]", lambda m: chr(ord(m[0]) - _PARK), text)


def _strip_comments(text: str) -> str:
    """Remove <!-- ... --> in one pass: a regex rescans to the end from every unclosed "<!--"."""
    parts, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[pos:start])
        pos = end + 3
    parts.append(text[pos:])
    return "".join(parts)


def _line_kind(line: str) -> tuple[str, str]:
    if not line.strip() or _RULE.match(line) or _REF_DEF.match(line):
        return "skip", ""
    atx = _ATX.match(line)
    if atx:
        hashes = atx[1] or atx[3]
        return ("h1" if len(hashes) == 1 else "heading"), (atx[2] or "").strip()
    bullet = _BULLET.match(line)
    if bullet:
        return "item", "• " + bullet[1].strip()
    numbered = _NUMBERED.match(line)
    if numbered:
        return "item", f"{numbered[1]} {numbered[2].strip()}"
    return "para", line
