"""A display title for articles whose file gives none (plain text, wire exports)."""
from __future__ import annotations

import re

MAX_TITLE = 110
# A stop ends the first sentence unless the word before it is an abbreviation or an initial
# ("U.S.", "Mr.", "Jan.", "D.C."): those are short and either all capitals or dotted.
_SENTENCE_END = re.compile(r"(?P<word>[\w.'’]+)(?P<stop>[.!?])[\"”’]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"^(?:[A-Za-z]\.)*[A-Za-z]$"  # initials and dotted abbreviations: J, U.S, D.C, p.m
    r"|^(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|St|Mt|Jr|Sr|No|Inc|Ltd|Co|Corp|vs|etc"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$"
)


def first_sentence(text: str) -> str:
    paragraph = text.strip().split("\n", 1)[0].strip()
    for match in _SENTENCE_END.finditer(paragraph):
        word = match.group("word").rstrip(".")
        if match.group("stop") == "." and _ABBREVIATION.match(word):
            continue
        return paragraph[: match.end("stop")]
    return paragraph


def derive_title(body: str) -> str:
    """The article's first sentence, cut at a word boundary when long."""
    sentence = first_sentence(body)
    if len(sentence) <= MAX_TITLE:
        return sentence
    cut = sentence[:MAX_TITLE].rsplit(" ", 1)[0].rstrip(",;:—–- ")
    return cut + "…"
