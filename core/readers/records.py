"""JSON exports (.json) and JSON Lines (.jsonl, .ndjson): one article per object.

Accepted shapes: one object; a list of objects; an object wrapping the list under a key
such as "articles", "items", "data", "results" or "entries" (also one level deeper, as
in {"response": {"results": [...]}}). A .json file that is really JSON Lines (several
objects, one per line) is read as JSON Lines.

Fields are matched case-insensitively, first found wins (see FIELD_NAMES). Records
that cannot be used become warnings; the file fails only when none can be used.
"""
from __future__ import annotations

import json
from typing import Any

from core.readers.draft import Draft, Extraction
from core.readers.encoding import decode
from core.readers.errors import Unreadable
from core.readers.markup import fragment_to_text, looks_like_html

FIELD_NAMES = {
    "title": ("title", "headline", "name"),
    "body": ("text", "body", "content", "article", "full_text", "fulltext", "article_text", "description", "summary"),
    "published": ("date", "published", "published_at", "publishedat", "pubdate", "datepublished",
                  "published_date", "publication_date", "datetime", "created_at"),
    "source": ("source", "outlet", "publisher", "site", "site_name", "sitename", "source_name"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "byline": ("byline", "author", "authors"),
}
WRAPPER_KEYS = ("articles", "items", "data", "results", "entries", "records", "documents",
                "docs", "posts", "stories", "news", "hits", "response")
_NO_TEXT = "no article text (no text, body or content field)"
_MAX_INT_DIGITS = 400
_NOT_ARTICLES = "not articles (objects with a text field)"


def read_json(data: bytes) -> Extraction:
    """Read a JSON export (object, list, or wrapped list); raises Unreadable if nothing usable."""
    text = decode(data)
    try:
        value = _loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            return _read_lines(text)  # JSON Lines saved with a .json name
        raise Unreadable(f"the file is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    return _read_value(value)


def read_jsonl(data: bytes) -> Extraction:
    """Read JSON Lines, one object per line; bad lines become warnings."""
    return _read_lines(decode(data))


def _loads(text: str) -> Any:
    # Python refuses to convert integers of more than 4,300 digits (a ValueError, not a
    # JSONDecodeError, that would fail the whole file); such a number is no date or count
    # any field could use, so it becomes infinity, as JSON's own 1e999 does.
    return json.loads(text, parse_int=_parse_int)


def _parse_int(digits: str) -> int | float:
    if len(digits.lstrip("-")) <= _MAX_INT_DIGITS:
        return int(digits)
    return float("-inf") if digits.startswith("-") else float("inf")


def describe(value: Any) -> str:
    """What a JSON value is, in words: "a number", "a list of strings"..."""
    if isinstance(value, list):
        if not value:
            return "an empty list"
        kinds = {_plural(v) for v in value}
        return f"a list of {kinds.pop()}" if len(kinds) == 1 else "a list of mixed values"
    return _singular(value)


def _read_value(value: Any) -> Extraction:
    records = _find_records(value)
    if records is None or not any(isinstance(r, dict) for r in records):
        raise Unreadable(f"the JSON holds {describe(value if records is None else records)}, {_NOT_ARTICLES}")
    result = Extraction("json")
    for number, record in enumerate(records, start=1):
        _add(result, record, f"record {number}")
    if not result.drafts:
        raise Unreadable(_none_usable(len(records), "record"))
    return result


def _read_lines(text: str) -> Extraction:
    result = Extraction("jsonl")
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen += 1
        try:
            record = _loads(line)
        except json.JSONDecodeError as exc:
            result.warnings.append(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:  # one absurd line must not cost the file its other records
            result.warnings.append(f"line {number}: nested too deeply to read")
            continue
        _add(result, record, f"line {number}")
    if not result.drafts:
        raise Unreadable(_none_usable(seen, "line"))
    return result


def _add(result: Extraction, record: Any, where: str) -> None:
    if not isinstance(record, dict):
        result.warnings.append(f"{where}: {describe(record)}, not an article object")
        return
    draft = to_draft(record)
    if draft is None:
        result.warnings.append(f"{where}: {_NO_TEXT}")
    else:
        result.drafts.append(draft)


def to_draft(record: dict) -> Draft | None:
    """A Draft from one JSON object, or None when it has no article text."""
    fields = {str(k).lower(): v for k, v in record.items()}
    body = _text(_first(fields, "body"))
    if not body.strip():
        return None
    if looks_like_html(body):
        body = fragment_to_text(body)
    return Draft(
        body=body,
        title=_text(_first(fields, "title")),
        source=_name(_first(fields, "source")),
        byline=_names(_first(fields, "byline")),
        published=_date(_first(fields, "published")),
        url=_text(_first(fields, "url")),
    )


def _find_records(value: Any, depth: int = 0) -> list | None:
    """The list of article objects inside a JSON value, or None when there is none."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        return None
    fields = {str(k).lower(): v for k, v in value.items()}
    if _first(fields, "body") is not None or depth >= 2:
        return [value]
    for key in WRAPPER_KEYS:
        inner = fields.get(key)
        if isinstance(inner, (list, dict)):
            found = _find_records(inner, depth + 1)
            if found and any(isinstance(r, dict) for r in found):
                return found
    lists = [v for v in fields.values() if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
    return lists[0] if len(lists) == 1 else [value]


def _first(fields: dict, name: str) -> Any:
    for key in FIELD_NAMES[name]:
        value = fields.get(key)
        if value:  # None, "", [], {} and 0 all mean "not given"
            return value
    return None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n\n".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):  # e.g. {"rendered": "..."} or {"value": "..."}
        for key in ("text", "value", "rendered", "html", "content", "body", "name"):
            if key in value:
                return _text(value[key])
    return ""


def _name(value: Any) -> str:
    """An outlet or person: a string, or an object with a name/title."""
    if isinstance(value, dict):
        for key in ("name", "title", "display_name", "id"):
            if isinstance(value.get(key), str):
                return value[key]
        return ""
    return value if isinstance(value, str) else ""


def _names(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(n for n in (_name(v) for v in value) if n)
    return _name(value)


def _date(value: Any) -> Any:
    # strings and Unix timestamps are both common in exports; dates.to_iso reads both
    return value if isinstance(value, (str, int, float)) else ""


def _none_usable(count: int, noun: str) -> str:
    if count == 1:
        return f"the only {noun} holds {_NO_TEXT}"
    return f"none of the {count} {noun}s holds article text (a text, body or content field)"


def _singular(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    return "a list"


def _plural(value: Any) -> str:
    return {"true/false": "true/false values", "a number": "numbers", "a string": "strings",
            "null": "nulls", "an object": "objects", "a list": "lists"}[_singular(value)]
