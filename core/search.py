"""Editor-friendly search syntax, translated to a safe FTS5 query.

Editors type "U.S." or "D.C." or a hyphenated name; raw FTS5 syntax rejects those. So the
query is read as: words and "quoted phrases" (all must match), OR between alternatives,
NOT / a leading minus to exclude, a trailing * for a prefix. Every word is passed to FTS5
as a quoted string, so punctuation can never break the query.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_OPERATORS = {"AND", "OR", "NOT"}
# NUL and other control characters end a string inside SQLite's FTS5 parser ("unterminated
# string"); lone surrogates (pasted from broken text) cannot even be encoded for SQLite. Both are
# read as spaces: they can never be part of a word in an article.
_UNSAYABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A pasted paragraph (to find the article it came from) is a fair search; a pasted book is not.
MAX_TERMS = 6000


class SearchSyntaxError(ValueError):
    """The query cannot be understood; the message says how to fix it."""


@dataclass(frozen=True)
class _Term:
    text: str
    prefix: bool = False
    negated: bool = False

    def fts(self) -> str:
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + ("*" if self.prefix else "")


def _check_quotes(query: str) -> None:
    if query.count('"') % 2:
        raise SearchSyntaxError('the search has an opening " without a closing one; close the phrase or remove the mark')


def _terms(query: str) -> list[_Term | str]:
    items: list[_Term | str] = []
    negate_next = False
    for phrase, word in _TOKEN.findall(query):
        if word in _OPERATORS:
            if word == "NOT":
                negate_next = True
            else:
                items.append(word)
            continue
        text = phrase if phrase else word
        negated = negate_next
        if not phrase and text.startswith("-") and len(text) > 1:
            text, negated = text[1:], True
        prefix = not phrase and text.endswith("*") and len(text) > 1
        text = text.rstrip("*") if prefix else text
        if text.strip():
            items.append(_Term(text, prefix, negated))
        negate_next = False
    return items


def _validate(items: list[_Term | str]) -> None:
    if not any(isinstance(i, _Term) and not i.negated for i in items):
        raise SearchSyntaxError("the search needs at least one word to look for (not only excluded words)")
    for index, item in enumerate(items):
        if item == "OR":
            before = items[index - 1] if index else None
            after = items[index + 1] if index + 1 < len(items) else None
            if not isinstance(before, _Term) or not isinstance(after, _Term):
                raise SearchSyntaxError("OR needs a word or phrase on both sides")


def to_fts_query(query: str) -> str:
    """Translate an editor's query to FTS5 syntax, or raise SearchSyntaxError."""
    query = _UNSAYABLE.sub(" ", query)
    if not query.strip():
        raise SearchSyntaxError("the search is empty; type a word or a phrase")
    _check_quotes(query)
    items = [i for i in _terms(query) if i != "AND"]
    terms = sum(isinstance(i, _Term) for i in items)
    if terms > MAX_TERMS:
        raise SearchSyntaxError(f"the search has {terms} words and phrases; use at most {MAX_TERMS}")
    _validate(items)
    # Alternatives joined by OR form one flat group and excluded terms one flat NOT group: nesting
    # a bracket per operator made long queries overflow FTS5's parser ("parser stack overflow").
    groups: list[list[str]] = []
    negative: list[str] = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            continue
        if item.negated:
            negative.append(item.fts())
        elif index and items[index - 1] == "OR" and groups:
            groups[-1].append(item.fts())
        else:
            groups.append([item.fts()])
    expression = " AND ".join(group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups)
    if negative:
        excluded = negative[0] if len(negative) == 1 else "(" + " OR ".join(negative) + ")"
        expression = f"({expression}) NOT {excluded}"
    return expression


def highlight_marks(snippet: str, start: str = "[[", end: str = "]]") -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_hit) runs, for views that draw hits themselves."""
    runs: list[tuple[str, bool]] = []
    pattern = re.compile(re.escape(start) + "(.*?)" + re.escape(end), re.S)
    position = 0
    for match in pattern.finditer(snippet):
        if match.start() > position:
            runs.append((snippet[position:match.start()], False))
        runs.append((match.group(1), True))
        position = match.end()
    if position < len(snippet):
        runs.append((snippet[position:], False))
    return runs


# Ranking (bm25) costs a few microseconds per matching article, and FTS5 must score every match
# before it can return the best: a word in nearly every article of a 100,000-article library took
# 150-700 ms. Beyond RANK_CAP matches, only the most recently imported RANK_CAP are ranked (rowids
# grow with import order), which keeps the first page under 50 ms at any library size; a word
# that common says little about relevance anyway, and editors look for recent copy first.
RANK_CAP = 3000


@dataclass(frozen=True)
class RankedIds:
    """The best matches (rowid, bm25 rank; lower is better) and how much of the library was ranked."""

    fts: str
    ids: list[tuple[int, float]]
    capped: bool        # True when only the newest RANK_CAP matches were ranked


def ranked_ids(conn: sqlite3.Connection, fts: str, limit: int, cap: int | None = None) -> RankedIds:
    """Rowids of the best `limit` matches of an FTS5 query over articles_fts, best first."""
    cap = RANK_CAP if cap is None else cap
    cutoff = conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
        (fts, cap - 1)).fetchone() if cap > 0 else None
    floor = int(cutoff[0]) if cutoff is not None else 0
    rows = conn.execute(
        "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? ORDER BY rank LIMIT ?",
        (fts, floor, limit)).fetchall()
    return RankedIds(fts, [(int(r[0]), float(r[1])) for r in rows], cutoff is not None)
