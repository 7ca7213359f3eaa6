"""Whitespace clean-up that keeps paragraphs.

The stored body separates paragraphs with exactly one blank line ("\\n\\n") and has no
other newlines. Inside a line, every run of spaces, tabs, no-break or thin spaces
becomes one space, and invisible characters (zero-width spaces, soft hyphens) go.

Files that break lines without blank lines are of two kinds, told apart per block of
consecutive lines:
  * one paragraph per line (copy-pasted web text): every line stays a paragraph;
  * hard-wrapped text (e-mails, PDF columns): at least half the lines are long (30+
    characters) and stop mid-sentence.
    Their lines are joined with a space, and a paragraph ends after a line that is much
    shorter than the block's longest line, or a bit shorter and ending a sentence.
"""
from __future__ import annotations

import re

# Invisible characters that only confuse word matching. (Regexes, not str.translate:
# translate with a table is ten times slower on non-ASCII text.)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Line separators other than "\n": old Mac CR, vertical tab, form feed, NEL, U+2028.
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")
_BREAK_CHARS = "\r\x0b\x0c\x85\u2028"
_ASCII_BREAK_CHARS = "\r\x0b\x0c"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Runs of whitespace other than the newline, except a lone plain space (which would be
# replaced by itself: skipping those makes clean-up of a long text several times faster).
_SPACES = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_ANY_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*$")

# A block counts as hard-wrapped when at least half of its lines (the last excluded)
# are at least this long and stop without sentence punctuation.
_WRAPPED_MIN_CHARS = 30
# Paragraph ends inside wrapped text: a line under 60 % of the block's width, or under
# 85 % when it also ends a sentence.
_SHORT_LINE = 0.6
_SHORT_SENTENCE_END = 0.85


def normalise_newlines(text: str) -> str:
    """CRLF, CR and Unicode separators become "\\n"; invisible characters are dropped."""
    # `in` tests before each regex: most text has none of these characters, and a substring test
    # is ~20x faster than a regex scan that finds nothing (the scale profile: 3 scans per file).
    if text.isascii():
        return _BREAKS.sub("\n", text) if _has_any(text, _ASCII_BREAK_CHARS) else text
    if _has_any(text, _BREAK_CHARS):
        text = _BREAKS.sub("\n", text)
    text = text.replace("\u2029", "\n\n")
    return _INVISIBLE.sub("", text) if _has_any(text, _INVISIBLE_CHARS) else text


def clean_lines(text: str) -> list[str]:
    """The text's lines, each with its spaces collapsed and trimmed (empty lines kept)."""
    return [_clean_line(line) for line in normalise_newlines(text).split("\n")]


def _clean_line(line: str) -> str:
    # A printable line has no control characters and no whitespace but the plain space (every
    # other whitespace character is a control or a separator, which isprintable() rejects), so
    # only double spaces can need work: the common case skips both regexes.
    if line.isprintable():
        return (_SPACES.sub(" ", line) if "  " in line else line).strip()
    return _SPACES.sub(" ", _CONTROL.sub("", line)).strip()


def _has_any(text: str, chars: str) -> bool:
    return any(ch in text for ch in chars)


def ends_sentence(line: str) -> bool:
    """True when the line stops with sentence punctuation (quotes after it allowed)."""
    return bool(_SENTENCE_END.search(line[-12:]))  # the tail is enough; whole lines can be long


def paragraphs(text: str) -> list[str]:
    """Split text into clean one-line paragraphs (see the module docstring for the rules)."""
    result: list[str] = []
    for block in _blocks(clean_lines(text)):
        if len(block) > 1 and _looks_wrapped(block):
            result.extend(_join_wrapped(block))
        else:
            result.extend(block)
    return result


def tidy(text: str) -> str:
    """Clean text with paragraphs separated by one blank line; "" when nothing is left."""
    return "\n\n".join(paragraphs(text))


def one_line(text: object) -> str:
    """Any value as a single clean line (titles, bylines, outlet names)."""
    if not text:
        return ""
    text = _CONTROL.sub("", _INVISIBLE.sub("", str(text)))
    return _ANY_SPACE.sub(" ", text).strip()


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-empty lines; blank lines separate them."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _looks_wrapped(block: list[str]) -> bool:
    inner = block[:-1]  # the last line of a paragraph is short in any layout
    open_long = sum(1 for line in inner if len(line) >= _WRAPPED_MIN_CHARS and not ends_sentence(line))
    return open_long * 2 >= len(inner)


def _join_wrapped(block: list[str]) -> list[str]:
    width = max(len(line) for line in block)
    joined: list[str] = []
    current: list[str] = []
    for line in block:
        current.append(line)
        short = len(line) < width * _SHORT_LINE
        closes = ends_sentence(line) and len(line) < width * _SHORT_SENTENCE_END
        if short or closes:
            joined.append(" ".join(current))
            current = []
    if current:
        joined.append(" ".join(current))
    return joined
