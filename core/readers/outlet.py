"""Guess the outlet of an article from its text when the file does not say.

Two signals, in this order (the file's metadata and the folder are handled in draft.py):

1. A dateline opening a paragraph near the start of the body (first 400 characters):
   capitalised place or date words, the agency in parentheses, then a dash:
       "LONDON (Reuters) - ..."   "Jan. 17 (UPI) -- ..."   "KYIV, Ukraine (AP) — ..."
       "(CNN) — ..."
   The agency must start with a capital (or be "dpa") and be at most four words.

2. A photo credit in the first 2,000 characters, "Photo/Picture/Image by NAME/AGENCY" or
   "Photo: NAME/AGENCY", where the agency is followed by "|", a bracket, punctuation,
   "via" or the end of the line:
       "File Photo by Hugo Philpott/UPI | License Photo" -> UPI
   Picture libraries (Getty Images, Shutterstock, EPA...) are not news outlets and are
   ignored.

A relay in running text ("..., Sky News reported") is deliberately NOT a signal: it names
who the article quotes, not who published it.
"""
from __future__ import annotations

import re

_DATELINE_WINDOW = 400
_CREDIT_WINDOW = 2000

_WORD = r"[A-Z0-9][\w.'’-]*"
_AGENCY = r"[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}"
_DATELINE = re.compile(
    r"(?:^|\n)"                             # a dateline opens a paragraph
    rf"(?:{_WORD},?[ ]+){{0,6}}"            # place and date words, all capitalised or numbers
    rf"\((?P<agency>{_AGENCY}|dpa)\)"      # the agency in parentheses
    r"[ ]*(?:--?|–|—)"                       # then a dash of some kind
)
_CREDIT = re.compile(
    r"\b(?:File )?(?:Photo(?:graph)?|Picture|Image|Pic)s?"
    r"(?: by |: ?| credit: ?)"
    r"(?P<who>[^/|\n]{2,60}?) ?/ ?"
    rf"(?P<agency>{_AGENCY})"
    r"(?= ?(?:[|)\],;.]|$| via\b))",
    re.MULTILINE,
)
# Photo libraries and generic labels that show up after the slash but publish no news.
_NOT_OUTLETS = {
    "getty", "getty images", "shutterstock", "alamy", "istock", "istockphoto",
    "epa", "epa-efe", "unsplash", "pexels", "wikimedia commons", "handout",
    "pool", "file", "supplied", "courtesy",
}


def infer(body: str) -> tuple[str, str]:
    """Return (outlet, origin) with origin "dateline" or "credit", or ("", "")."""
    agency = from_dateline(body)
    if agency:
        return agency, "dateline"
    agency = from_credit(body)
    if agency:
        return agency, "credit"
    return "", ""


def from_dateline(body: str) -> str:
    """The agency named in a dateline near the start of the body, or ""."""
    for match in _DATELINE.finditer(body[:_DATELINE_WINDOW]):
        agency = match["agency"].strip()
        if agency.casefold() not in _NOT_OUTLETS:
            return agency
    return ""


def from_credit(body: str) -> str:
    """The agency after the slash of a photo credit near the start of the body, or ""."""
    for match in _CREDIT.finditer(body[:_CREDIT_WINDOW]):
        agency = match["agency"].strip().rstrip(".")
        if agency and agency.casefold() not in _NOT_OUTLETS:
            return agency
    return ""
