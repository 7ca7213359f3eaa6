"""Normalise a publication date to ISO "YYYY-MM-DD" ("" when it cannot be read).

The date is kept as the outlet wrote it: "2023-01-17T23:30:00-05:00" is the 17th, not
the 18th in UTC, because the editor compares what each outlet says its date is.

Accepted, anywhere in the string (so "Updated: Tuesday, January 17, 2023 10:00 AM" works):
  * ISO and similar: 2023-01-17, 2023-01-17T10:00:00Z, 2023/01/17, 2023.01.17, 20230117
  * RFC 2822 (feeds, e-mail): Tue, 17 Jan 2023 10:00:00 GMT
  * month names: January 17, 2023 / Jan. 17, 2023 / 17 January 2023 / 17th of Jan 2023
  * numbers with the year last: 17.01.2023 (dots mean day first); 01/17/2023 or
    17/01/2023 only when one part is above 12; 03/04/2023 is ambiguous and gives "".
  * datetime/date objects, time.struct_time (feedparser) and Unix timestamps.
Never raises.
"""
from __future__ import annotations

import datetime as dt
import re
import time
from email.utils import parsedate_tz

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_YEAR_LAST = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def to_iso(value: object) -> str:
    """Return value as "YYYY-MM-DD", or "" when it holds no recognisable date."""
    try:
        return _to_iso(value)
    except (ValueError, OverflowError, TypeError, OSError):
        return ""


def _to_iso(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, (int, float)):
        return _from_timestamp(float(value))
    if isinstance(value, str):
        return _from_text(" ".join(value.split()))
    return ""


def _from_timestamp(seconds: float) -> str:
    if seconds > 1e11:  # JavaScript-style milliseconds
        seconds /= 1000
    day = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    return _valid(day.year, day.month, day.day)


def _from_text(text: str) -> str:
    if not text:
        return ""
    for parse in (_year_first, _compact, _month_names, _rfc2822, _year_last):
        found = parse(text)
        if found:
            return found
    return ""


def _year_first(text: str) -> str:
    m = _YEAR_FIRST.search(text)
    return _valid(int(m[1]), int(m[3]), int(m[4])) if m else ""


def _compact(text: str) -> str:
    m = _COMPACT.match(text)
    return _valid(int(m[1]), int(m[2]), int(m[3])) if m else ""


def _month_names(text: str) -> str:
    # "January 17, 2023" is tried before "17 January 2023"; a string has one or the other.
    for m in _MONTH_DAY_YEAR.finditer(text):
        month = _MONTHS.get(m[1].lower())
        if month:
            return _valid(int(m[3]), month, int(m[2]))
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = _MONTHS.get(m[2].lower())
        if month:
            return _valid(int(m[3]), month, int(m[1]))
    return ""


def _rfc2822(text: str) -> str:
    parsed = parsedate_tz(text)
    return _valid(parsed[0], parsed[1], parsed[2]) if parsed else ""


def _year_last(text: str) -> str:
    m = _YEAR_LAST.search(text)
    if not m:
        return ""
    first, sep, second, year = int(m[1]), m[2], int(m[3]), int(m[4])
    if sep == "." or first > 12:
        return _valid(year, second, first)  # day first
    if second > 12:
        return _valid(year, first, second)  # month first (US)
    return ""  # 03/04/2023: March 4th or 3 April, no way to tell


def _valid(year: int, month: int, day: int) -> str:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return ""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""
