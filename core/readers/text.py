"""Plain-text articles (.txt), and the headline rule other readers share.

A .txt file may start with, in this order of checking:
  1. the seed header: " date 2023-01-17 " followed by the body on the same line;
  2. front matter: `key: value` lines (title, source, date, author, url...), optionally
     fenced by "---" lines (see frontmatter.py).
Without a title in the metadata, a first paragraph that is one short line without
sentence punctuation, followed by more paragraphs, is taken as the headline.
"""
from __future__ import annotations

import re

from core.readers.draft import Draft, Extraction
from core.readers.encoding import decode, repair
from core.readers.errors import Unreadable
from core.readers.frontmatter import split_fenced, split_unfenced
from core.readers.whitespace import ends_sentence, normalise_newlines, one_line, paragraphs

_SEED_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+|[ \t]*\n|[ \t]*\Z)")
# First lines that are page furniture, not a headline: a byline, a photo credit, an advert.
_NOT_HEADLINE = re.compile(r"^(?:By\s+[A-Z]|(?:File\s+)?(?:Photo|Picture|Image)s?\b|Advertisement\b|RELATED\b)")
HEADLINE_MAX_CHARS = 150


def read_text(data: bytes) -> Extraction:
    """Read a plain-text article; raises Unreadable when no text is left after the header."""
    text = normalise_newlines(repair(decode(data)))
    fields, body = split_metadata(text)
    paras = paragraphs(body)
    title = fields.get("title", "")
    if not title:
        title, paras = take_headline(paras)
    if not paras:
        raise Unreadable("the file holds only a header, no article text")
    draft = Draft(body="\n\n".join(paras), title=title, **_without_title(fields))
    return Extraction("txt", [draft], repaired=True, tidied=True)


def split_metadata(text: str) -> tuple[dict[str, str], str]:
    """(fields, body) after removing the seed header or the front matter."""
    seed = _SEED_HEADER.match(text)
    if seed:
        return {"published": seed[1]}, text[seed.end():]
    text = text.lstrip("\n")
    return split_fenced(text) or split_unfenced(text)


def looks_like_headline(line: str) -> bool:
    """A short single line that does not end a sentence and is not page furniture."""
    line = one_line(line)
    return (
        0 < len(line) <= HEADLINE_MAX_CHARS
        and not ends_sentence(line)
        and not _NOT_HEADLINE.match(line)
    )


def take_headline(paras: list[str]) -> tuple[str, list[str]]:
    """Split off a first paragraph that is a headline; ("", paras) when there is none."""
    if len(paras) >= 2 and looks_like_headline(paras[0]):
        return paras[0], paras[1:]
    return "", paras


def _without_title(fields: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in fields.items() if k != "title"}
