"""Metadata written at the top of a text or Markdown file as `key: value` lines.

Two shapes are read:
  * fenced, between a first line "---" and a closing "---" (or "..."): YAML-style, as
    static site generators write it; every line inside must look like YAML. Values may be quoted; a key with an empty value
    followed by "- item" lines is a list (joined with ", "). Unknown keys are ignored.
  * unfenced (plain .txt only): consecutive lines at the very top whose keys are all
    known, ending at the first blank line or the first line that is not such a pair.
    If nothing would be left after them, they are body text, not metadata.
No YAML library is used: only flat `key: value` pairs matter here.
"""
from __future__ import annotations

import re

# Known keys, case-insensitive, and the Draft field each fills.
KEY_FIELDS = {
    "title": "title", "headline": "title",
    "source": "source", "outlet": "source", "publisher": "source",
    "date": "published", "published": "published",
    "byline": "byline", "author": "byline", "authors": "byline",
    "url": "url", "link": "url",
}
_PAIR = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*-[ \t]+(.*)$")
_FENCE = "---"
_CLOSERS = ("---", "...")


def split_fenced(text: str) -> tuple[dict[str, str], str] | None:
    """Metadata from a "---" fenced block at the top, and the text after it.

    Returns None when the text does not start with a complete block whose every line
    is a `key: value` pair or a list item (so a "---" rule above prose is left alone).
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() in _CLOSERS:
            block = lines[1:end]
            if not all(_is_yaml_line(line) for line in block):
                return None
            return _parse_block(block), "\n".join(lines[end + 1:])
    return None


def _is_yaml_line(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or bool(_PAIR.match(stripped) or _LIST_ITEM.match(line))


def split_unfenced(text: str) -> tuple[dict[str, str], str]:
    """Known `key: value` lines at the very top, and the text after them."""
    lines = text.split("\n")
    count = 0
    for line in lines:
        m = _PAIR.match(line.strip())
        if not m or m[1].lower() not in KEY_FIELDS:
            break
        count += 1
    rest = "\n".join(lines[count:])
    if count == 0 or not rest.strip():
        return {}, text
    return _parse_block(lines[:count]), rest


def unquote(value: str) -> str:
    """Strip one pair of matching YAML quotes; undo YAML's doubled single quote."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner.replace('\\"', '"')
    return value


def _parse_block(lines: list[str]) -> dict[str, str]:
    """Fields (title, source, published, byline, url) from key: value lines; first key wins."""
    fields: dict[str, str] = {}
    list_key: str | None = None
    items: list[str] = []

    def flush_list() -> None:
        if list_key and items:
            fields.setdefault(KEY_FIELDS[list_key], ", ".join(i for i in items if i))

    for line in lines:
        item = _LIST_ITEM.match(line)
        if item and list_key:
            items.append(unquote(item[1]))
            continue
        flush_list()
        list_key, items = None, []
        m = _PAIR.match(line.strip())
        if not m or m[1].lower() not in KEY_FIELDS:
            continue
        value = unquote(m[2])
        if value:
            fields.setdefault(KEY_FIELDS[m[1].lower()], value)
        else:
            list_key = m[1].lower()  # a YAML list may follow
    flush_list()
    return fields
