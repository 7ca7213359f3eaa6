"""Dates, clock times, weekdays and relative time words, resolved against the article's date.

Value format of each kind (equal facts give equal strings in every outlet):

- ``date``: ISO 8601 at the precision written: "2023-01-17" ("January 17, 2023", "17 January 2023",
  "Jan. 17", "5 March", "2023-01-17", "17/01/2023"), "2024-03" ("March 2024", "in March"), "2019"
  ("in 2019", "since 1841"). A day or month without a year takes the year that puts it nearest
  to `published`; without `published` it stays yearless, "--03-05" / "--03" (ISO 8601 form).
  Slashed dates are read day-first unless that is impossible; when both readings are possible
  and no `published` date settles it (the reading nearer to it wins), the date is left out.
  ``detail``: "early", "mid" or "late" when the text says so ("mid-March"), else "".
- ``time``: "HH:MM" on the 24-hour clock ("2 a.m." -> "02:00", "5:30 p.m." -> "17:30",
  "noon" -> "12:00", "midnight" -> "00:00"). ``detail``: ";"-joined qualifier class (about,
  shortly after, shortly before, after, before, by, since) and time zone ("GMT").
- ``weekday``: the day's name in lower case, followed by a part of day when one is written:
  "monday", "monday night", "tuesday morning", "tuesday early" ("early on Tuesday", "in the early
  hours of Tuesday"), "thursday late". ``detail``: the resolved ISO date when `published` is
  known: the nearest such day on or before it in a past-tense clause, on or after it in a future
  clause ("will meet ... on Tuesday"), the nearest either way when the clause does not say;
  "last Tuesday" / "next Tuesday" are strictly before / after.
- ``relative_date``: a phrase key ("yesterday", "earlier_this_week", "last_week", "overnight",
  "weekend", "coming_weeks", "3_days_ago" ...). ``detail``: the resolved range
  "YYYY-MM-DD..YYYY-MM-DD" when `published` is known. Weeks run Monday to Sunday;
  "earlier this week" is [Monday, published]; "overnight" and "last night" are
  [published - 1, published]; "in the coming weeks" is [published, published + 60 days].
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from core.model import Fact, Span
from core.numwords import SMALL, TENS, looks_like_year, scan_copy, trie_pattern
from core.tense import clause_tense, previous_word

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PARTS = ("morning", "afternoon", "evening", "night")
_RELATIVE = {
    "earlier this week": "earlier_this_week", "earlier in the week": "earlier_this_week",
    "later this week": "later_this_week", "later in the week": "later_this_week",
    "this week": "this_week", "last week": "last_week", "next week": "next_week",
    "this weekend": "weekend", "over the weekend": "weekend", "at the weekend": "weekend",
    "last weekend": "last_weekend", "next weekend": "next_weekend",
    "yesterday": "yesterday", "today": "today", "tomorrow": "tomorrow", "tonight": "tonight",
    "last night": "last_night", "overnight": "overnight", "this morning": "this_morning",
    "this afternoon": "this_afternoon", "this evening": "this_evening",
    "earlier today": "earlier_today", "later today": "later_today",
    "this month": "this_month", "last month": "last_month", "next month": "next_month",
    "earlier this month": "earlier_this_month", "later this month": "later_this_month",
    "this year": "this_year", "last year": "last_year", "next year": "next_year",
    "earlier this year": "earlier_this_year", "later this year": "later_this_year",
    "in the coming days": "coming_days", "in the coming weeks": "coming_weeks",
    "in the coming months": "coming_months", "in the next few days": "coming_days",
    "in the next few weeks": "coming_weeks", "in the next few months": "coming_months",
}
_TIME_QUALIFIERS = {
    "around": "about", "about": "about", "approximately": "about", "at around": "about",
    "at about": "about", "shortly after": "shortly after", "just after": "shortly after",
    "soon after": "shortly after", "shortly before": "shortly before", "just before": "shortly before",
    "after": "after", "before": "before", "by": "by", "until": "by", "till": "by", "since": "since",
    "from": "since",
}
_TIME_QUALIFIER_ENDS = frozenset(phrase.split()[-1] for phrase in _TIME_QUALIFIERS)
_MONTH_LEAD = frozenset(
    "in since until till by from to and or between during last next this early late mid of before after "
    "through throughout".split())
# A weekday after these is a habit or an attribute ("every Monday", "the Saturday market"), not a day.
_NOT_A_DAY_LEAD = frozenset("every each the a an".split())

# --- patterns -------------------------------------------------------------------------------------

# Scans of numwords.scan_copy find where a time expression may start; the patterns below read it.
_WORD_TRIGGER = re.compile(
    " (?:" + trie_pattern([*_MONTHS, *_WEEKDAYS, *_RELATIVE, "noon", "midday", "midnight", "ago"]) + r")\b"
)
_DIGIT_TRIGGER = re.compile(r"00*")  # every digit is "0" there; "0+" would defeat re's fast search
# Only an abbreviation takes a dot: the one after "March." ends the sentence.
_MONTH_RX = "(?:{})\\b|(?:{})\\b\\.?".format(
    "|".join(name for name in _MONTHS if len(name) > 4 or name in ("may", "june", "july")),
    "|".join(sorted((name for name in _MONTHS if len(name) <= 4 and name not in ("may", "june", "july")),
                    key=len, reverse=True)))
_MONTH_AT = re.compile(
    rf"(?P<month>{_MONTH_RX})(?:[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d)"
    rf"(?:,?[ \t]+(?P<year>\d{{4}})\b)?|,?[ \t]+(?P<month_year>\d{{4}})\b)?",
    re.I,
)
_DAY_MONTH = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?P<month>{_MONTH_RX})"
    rf"(?:,?[ \t]+(?P<year>\d{{4}})\b)?",
    re.I,
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d])")
_NUMERIC = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.]\d|\d)")
# "a.m." keeps its last dot; "am." leaves the full stop to the sentence.
_CLOCK_12 = re.compile(r"(\d{1,2})(?:[:.]([0-5]\d))?[ \t]?([ap])(?:\.[ \t]?m\b\.?|[ \t]?m\b)", re.I)
_CLOCK_24 = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?![\d])")
_CLOCK_MILITARY = re.compile(r"([01]\d|2[0-3])([0-5]\d)[ \t]+(?=GMT|UTC|BST|hours\b|hrs\b|local time)")
_ZONE = re.compile(r"[ \t]*(?:\((?P<paren>{0})\)|(?P<bare>{0})\b)".format(
    "GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|local time"))
_WEEKDAY_AT = re.compile(rf"(?P<day>{'|'.join(_WEEKDAYS)})\b(?:[ \t]+(?P<part>{'|'.join(_PARTS)})\b)?", re.I)
_RECURRING_AFTER = re.compile(r"[ \t]+of[ \t]+(?:the|each|every)[ \t]+(?:month|year)\b", re.I)
_RELATIVE_AT = re.compile(
    "|".join(re.escape(phrase).replace(r"\ ", r"[ \t]+") for phrase in sorted(_RELATIVE, key=len, reverse=True))
    + r"\b",
    re.I,
)
_AGO_BEFORE = re.compile(
    rf"(?<![\w])(?P<n>\d+|a|an|one|{'|'.join([*SMALL, *TENS])})[ \t]+(?P<unit>day|week|month|year)s?[ \t]+$",
    re.I,
)


# --- finding --------------------------------------------------------------------------------------

def find_times(body: str, published: str = "") -> list[Fact]:
    """Every date, clock time, weekday and relative time word in `body`.

    `published` is the article's ISO date ("2023-01-17", a longer ISO timestamp is cut to its
    date); it fixes missing years and resolves weekdays and relative words. Without it those
    facts keep their unresolved values and an empty detail.
    """
    reference = _parse_published(published)
    scan = scan_copy(body)
    events = [(m.start(), m.group()[1:]) for m in _WORD_TRIGGER.finditer(scan)]
    events += [(m.start() - 1, m.end() - 1) for m in _DIGIT_TRIGGER.finditer(scan)]
    events.sort(key=lambda event: event[0])
    facts: list[Fact] = []
    taken = 0

    def tense(start: int, end: int) -> str:
        return clause_tense(body, scan, start, end)

    for position, word in events:
        digits = isinstance(word, int)  # digit events carry where the digits end
        if position < taken or (digits and not _may_be_time(body, scan, position, word)):
            continue
        try:
            if digits:
                fact = _read_digits(body, position, word, reference)
            else:
                fact = _read_word(body, word, position, reference, tense)
        except (ValueError, OverflowError):
            fact = None
        if fact is not None and fact.span.start >= taken:  # a qualifier may not reach into the last fact
            facts.append(fact)
            taken = fact.span.end
    return facts


def _may_be_time(body: str, scan: str, position: int, end: int) -> bool:
    """Could digits body[position:end] start a date or time? Not the "17" of "2023-01-17" nor the
    "7" of "F7" (but "mid-2019"), and not "240 residents": one to three digits, a space and a word
    that cannot be a month or "am"/"pm" (its initial read from the lower-case scan copy, offset + 1)."""
    if position:
        before = body[position - 1]
        if before.isalnum() or before in ".,:/#+":
            return False
        if before == "-" and body[max(0, position - 4):position].lower() != "mid-":
            return False
    if end - position == 4 or body[end:end + 1] != " ":
        return True
    return scan[end + 2:end + 3] in _TIME_WORD_INITIALS


_TIME_WORD_INITIALS = frozenset("jfmasondp")  # months, "a.m."/"p.m.", "o'clock"


def _parse_published(published: str) -> date | None:
    try:
        return date.fromisoformat(published.strip()[:10]) if published else None
    except ValueError:
        return None


def _fact(body: str, kind: str, start: int, end: int, value: str, detail: str = "") -> Fact:
    return Fact(kind=kind, text=body[start:end], span=Span(start, end), value=value, detail=detail)


def _read_word(body: str, word: str, start: int, reference: date | None, tense) -> Fact | None:
    if word in _MONTHS:
        return _read_month(body, start, reference) if body[start].isupper() else None
    if word in _WEEKDAYS:
        return _read_weekday(body, start, reference, tense) if body[start].isupper() else None
    if word in ("noon", "midday", "midnight"):
        return _read_clock(body, start, start + len(word), 0 if word == "midnight" else 12, 0)
    if word == "ago":
        return _read_ago(body, start, reference)
    relative = _RELATIVE_AT.match(body, start)
    if relative:
        return _read_relative(body, relative, reference, tense)
    return None


def _read_digits(body: str, start: int, end: int, reference: date | None) -> Fact | None:
    """Digits body[start:end]; the character after them says which reading to try."""
    following = body[end:end + 1]
    if following == "-":
        iso = _ISO.match(body, start)
        return _fact(body, "date", start, iso.end(), date(*map(int, iso.groups())).isoformat()) if iso else None
    if following in ("/", ".") and _NUMERIC.match(body, start):
        return _read_numeric(body, _NUMERIC.match(body, start), reference)
    clock = _CLOCK_12.match(body, start)
    if following == ":" and not clock:
        clock = _CLOCK_24.match(body, start)
        return _read_clock(body, start, clock.end(), int(clock.group(1)), int(clock.group(2))) if clock else None
    if clock:
        hour = int(clock.group(1))
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if clock.group(3).lower() == "p" else 0)
        return _read_clock(body, start, clock.end(), hour, int(clock.group(2) or 0))
    if following not in (" ", "\t", "s", "n", "r", "t"):  # "5 March", "5th of March", "1400 GMT"
        return _read_year(body, start, end)
    day_month = _DAY_MONTH.match(body, start)
    if day_month and body[day_month.start("month")].isupper():
        return _day_fact(body, start, day_month, reference)
    military = _CLOCK_MILITARY.match(body, start) if end - start == 4 else None
    if military:
        return _read_clock(body, start, military.end(), int(military.group(1)), int(military.group(2)))
    return _read_year(body, start, end)


def _read_year(body: str, start: int, end: int) -> Fact | None:
    if end - start != 4 or not looks_like_year(body, start, end):
        return None
    begin, end, part = _with_part(body, start, end)
    return _fact(body, "date", begin, end, body[start:start + 4], part)


# --- dates ----------------------------------------------------------------------------------------

def _read_month(body: str, start: int, reference: date | None) -> Fact | None:
    match = _MONTH_AT.match(body, start)
    month = _MONTHS[match.group("month").lower().rstrip(".")]
    if match.group("day"):
        return _day_fact(body, start, match, reference)
    if match.group("month_year"):
        return _fact(body, "date", start, match.end(), f"{int(match.group('month_year')):04d}-{month:02d}")
    lead = previous_word(body, start)
    mid = body[max(0, start - 4):start].lower() == "mid-"
    if lead not in _MONTH_LEAD and not mid:
        return None  # a bare "May" or "March" is too often a name or a verb
    end = start + len(match.group("month").rstrip("."))
    begin, end, part = _with_part(body, start, end)
    value = f"--{month:02d}"
    if reference:
        years = {"last": (reference.year - 1 if month >= reference.month else reference.year),
                 "next": (reference.year + 1 if month <= reference.month else reference.year)}
        year = years.get(lead) or _nearest_year(reference, month, 1)
        value = f"{year:04d}-{month:02d}"
    return _fact(body, "date", begin, end, value, part)


def _with_part(body: str, start: int, end: int) -> tuple[int, int, str]:
    """ "early March", "mid-March", "late 2019": the part of the month or year joins the span."""
    if body[max(0, start - 4):start].lower() == "mid-":
        return start - 4, end, "mid"
    word = previous_word(body, start)
    if word in ("early", "late") and body[start - len(word) - 1:start - 1].lower() == word:
        return start - len(word) - 1, end, word
    return start, end, ""


def _day_fact(body: str, start: int, match: re.Match, reference: date | None) -> Fact | None:
    month, day = _MONTHS[match.group("month").lower().rstrip(".")], int(match.group("day"))
    if match.group("year"):
        value = date(int(match.group("year")), month, day).isoformat()
    elif reference:
        value = date(_nearest_year(reference, month, day), month, day).isoformat()
    else:
        date(2000, month, day)  # validates day and month (2000 is a leap year)
        value = f"--{month:02d}-{day:02d}"
    return _fact(body, "date", start, match.end(), value)


def _nearest_year(reference: date, month: int, day: int) -> int:
    """The year that puts month/day nearest to the reference date ("Dec. 30" read in January)."""
    best: tuple[int, int] | None = None
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            distance = abs(date(year, month, day).toordinal() - reference.toordinal())
        except ValueError:
            continue  # February 29 outside a leap year
        if best is None or distance < best[0]:
            best = (distance, year)
        if distance <= 183:
            break  # nothing else can be nearer
    if best is None:
        raise ValueError("no such day")
    return best[1]


def _read_numeric(body: str, match: re.Match, reference: date | None) -> Fact | None:
    """ "17/01/2023": day first unless impossible; both possible -> the reading nearer to the
    article's date, or nothing without one. Dotted dates ("17.01.2023") are always day first."""
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if year < 100:
        year += 2000 if year < 50 else 1900
    readings = []
    for day, month in ((first, second), (second, first)) if match.group(2) == "/" else ((first, second),):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if len(readings) == 2 and readings[0] != readings[1]:
        if reference is None:
            return None
        readings.sort(key=lambda day: abs((day - reference).days))
    if not readings:
        return None
    return _fact(body, "date", match.start(), match.end(), readings[0].isoformat())


# --- clock times ----------------------------------------------------------------------------------

def _read_clock(body: str, start: int, end: int, hour: int, minute: int) -> Fact:
    tags = []
    begin, qualifier = _time_qualifier(body, start)
    if qualifier:
        tags.append(qualifier)
    zone = _ZONE.match(body, end)
    if zone:
        tags.append(zone.group("paren") or zone.group("bare"))
        end = zone.end()
    return _fact(body, "time", begin, end, f"{hour:02d}:{minute:02d}", ";".join(tags))


def _time_qualifier(body: str, start: int) -> tuple[int, str]:
    if not body[start - 1:start].isspace():
        return start, ""
    tokens = body[max(0, start - 20):start].lower().split()
    if not tokens or tokens[-1] not in _TIME_QUALIFIER_ENDS:
        return start, ""
    for size in (2, 1):
        phrase = " ".join(tokens[-size:])
        if len(tokens) >= size and phrase in _TIME_QUALIFIERS:
            stop = len(body[:start].rstrip())
            begin = stop - len(phrase)
            if body[begin:stop].lower() == phrase:
                return begin, _TIME_QUALIFIERS[phrase]
    return start, ""


# --- weekdays ---------------------------------------------------------------------------------------

def _read_weekday(body: str, start: int, reference: date | None, tense) -> Fact | None:
    match = _WEEKDAY_AT.match(body, start)
    name, part, end = match.group("day").lower(), (match.group("part") or "").lower(), match.end()
    begin, lead = start, previous_word(body, start)
    if lead in _NOT_A_DAY_LEAD or (lead in ("last", "next", "this") and _RECURRING_AFTER.match(body, end)):
        return None  # "every Monday", "the Saturday market", "the last Saturday of the month"
    if lead in ("last", "next", "this"):
        begin = start - len(lead) - 1
    elif not part and lead in ("early", "late", "on", "of"):
        begin, part = _early_or_late(body, start)
    value = f"{name} {part}" if part else name
    detail = ""
    if reference:
        direction = {"last": "before", "next": "after"}.get(lead) or tense(begin, end)
        detail = _resolve_weekday(reference, _WEEKDAYS.index(name), direction).isoformat()
    return _fact(body, "weekday", begin, end, value, detail)


def _early_or_late(body: str, start: int) -> tuple[int, str]:
    """ "early on Tuesday", "late Thursday", "in the early hours of Tuesday"."""
    window = body[max(0, start - 26):start].lower()
    for phrase, part in (("in the early hours of ", "early"), ("early on ", "early"), ("late on ", "late"),
                         ("early ", "early"), ("late ", "late")):
        if window.endswith(phrase):
            begin = start - len(phrase)
            if begin == 0 or not body[begin - 1].isalnum():
                return begin, part
    return start, ""


def _resolve_weekday(reference: date, weekday: int, direction: str) -> date:
    back = (reference.weekday() - weekday) % 7
    ahead = (weekday - reference.weekday()) % 7
    if direction == "before":
        back = back or 7
    elif direction == "after":
        ahead = ahead or 7
    if direction in ("past", "before") or (direction not in ("future", "after") and back <= ahead):
        return date.fromordinal(reference.toordinal() - back)
    return date.fromordinal(reference.toordinal() + ahead)


# --- relative words ---------------------------------------------------------------------------------

def _read_relative(body: str, match: re.Match, reference: date | None, tense) -> Fact:
    key = _RELATIVE[" ".join(match.group().lower().split())]
    detail = ""
    if reference:
        clause = tense(match.start(), match.end()) if key == "weekend" else ""
        low, high = _relative_range(key, reference, clause)
        detail = f"{low.isoformat()}..{high.isoformat()}"
    return _fact(body, "relative_date", match.start(), match.end(), key, detail)


def _read_ago(body: str, start: int, reference: date | None) -> Fact | None:
    """ "three days ago" -> "3_days_ago", the day it names (weeks and months give a span)."""
    match = _AGO_BEFORE.search(body, max(0, start - 30), start)
    if not match:
        return None
    amount = match.group("n").lower()
    count = int(amount) if amount.isdigit() else 1 if amount in ("a", "an") else SMALL.get(amount) or TENS[amount]
    unit = match.group("unit").lower()
    key = f"{count}_{unit}_ago" if count == 1 else f"{count}_{unit}s_ago"
    detail = ""
    if reference:
        days, slack = {"day": (1, 0), "week": (7, 3), "month": (30, 15), "year": (365, 183)}[unit]
        centre = reference - timedelta(days=days * count)
        low, high = centre - timedelta(days=slack), centre + timedelta(days=slack)
        detail = f"{low.isoformat()}..{high.isoformat()}"
    return _fact(body, "relative_date", match.start(), start + 3, key, detail)


def _relative_range(key: str, day: date, tense: str = "") -> tuple[date, date]:
    """The days a relative phrase covers, seen from the article's date."""
    one = timedelta(days=1)
    if key in _DAY_OFFSETS:
        low, high = _DAY_OFFSETS[key]
        return day + timedelta(days=low), day + timedelta(days=high)
    if key.endswith("week") or key.endswith("weekend"):
        return _week_range(key, day, tense)
    if key.endswith("_month"):
        first = day.replace(day=1)
        if key == "last_month":
            first = (first - one).replace(day=1)
        elif key == "next_month":
            first = (first + timedelta(days=32)).replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - one
        return {"earlier_this_month": (first, day), "later_this_month": (day, last)}.get(key, (first, last))
    if key.endswith("_year"):
        year = day.year + {"last_year": -1, "next_year": 1}.get(key, 0)
        start, end = date(year, 1, 1), date(year, 12, 31)
        return {"earlier_this_year": (start, day), "later_this_year": (day, end)}.get(key, (start, end))
    return day, day  # today, tonight, this morning, earlier/later today


# Days from the article's date to the first and last day a phrase covers.
_DAY_OFFSETS = {
    "yesterday": (-1, -1), "tomorrow": (1, 1), "last_night": (-1, 0), "overnight": (-1, 0),
    "coming_days": (0, 10), "coming_weeks": (0, 60), "coming_months": (0, 365),
}
# Days from the Monday of the article's week (Monday to Sunday).
_WEEK_OFFSETS = {
    "this_week": (0, 6), "last_week": (-7, -1), "next_week": (7, 13), "last_weekend": (-2, -1),
    "next_weekend": (12, 13),
}


def _week_range(key: str, day: date, tense: str) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    if key == "weekend":
        saturday = monday + timedelta(days=5)
        if day < saturday and tense == "past":
            saturday -= timedelta(days=7)
        return saturday, saturday + timedelta(days=1)
    if key == "earlier_this_week":
        return monday, day
    if key == "later_this_week":
        return day, monday + timedelta(days=6)
    low, high = _WEEK_OFFSETS[key]
    return monday + timedelta(days=low), monday + timedelta(days=high)


# --- comparing ------------------------------------------------------------------------------------

_REFERENCE = date(2001, 1, 10)  # any Wednesday: resolves two unresolved relative words alike
_PART_ORDER = {"early": 0, "morning": 1, "afternoon": 2, "evening": 3, "late": 4, "night": 4}


def time_relation(a: Fact, b: Fact) -> str:
    """How time fact `a` stands to `b`: "equal", "more_specific" (a lies inside b: Monday inside
    "earlier this week"), "less_specific" (the reverse), "compatible" (they overlap, or cannot be
    placed against each other: "March 5" and "Tuesday" when March 5 is a Tuesday) or "conflict"
    (disjoint: Monday against Tuesday for one event, March 5 against March 6)."""
    try:
        return _relation(a, b)
    except (ValueError, KeyError, IndexError):  # a value or detail no finder here wrote
        return "equal" if (a.kind, a.value, a.detail) == (b.kind, b.value, b.detail) else "compatible"


def _relation(a: Fact, b: Fact) -> str:
    if a.kind == "time" or b.kind == "time":
        return _clock_relation(a, b) if a.kind == b.kind else "compatible"
    if a.kind == b.kind == "weekday":
        return _weekday_relation(a, b)
    if b.kind == "weekday":
        return _reverse(_weekday_against(b, a))
    if a.kind == "weekday":
        return _weekday_against(a, b)
    if a.kind == b.kind == "date" and (a.value.startswith("--") or b.value.startswith("--")):
        return _yearless_relation(a.value, b.value)
    if a.kind == b.kind == "relative_date" and not a.detail and not b.detail:
        if a.value == b.value:
            return "equal"
        if a.value.endswith("_ago") or b.value.endswith("_ago"):
            return "compatible"
        return _interval_relation(*_relative_range(a.value, _REFERENCE), *_relative_range(b.value, _REFERENCE))
    a_span, b_span = _days(a), _days(b)
    if a_span is None or b_span is None:
        return "equal" if (a.kind, a.value) == (b.kind, b.value) else "compatible"
    relation = _interval_relation(*a_span, *b_span)
    if relation == "equal" and a.kind == b.kind == "date" and a.detail != b.detail:
        return "compatible"  # "March" against "early March"
    return relation


def _interval_relation(a_low: date, a_high: date, b_low: date, b_high: date) -> str:
    if (a_low, a_high) == (b_low, b_high):
        return "equal"
    if b_low <= a_low and a_high <= b_high:
        return "more_specific"
    if a_low <= b_low and b_high <= a_high:
        return "less_specific"
    return "compatible" if a_low <= b_high and b_low <= a_high else "conflict"


def _reverse(relation: str) -> str:
    return {"more_specific": "less_specific", "less_specific": "more_specific"}.get(relation, relation)


def _days(fact: Fact) -> tuple[date, date] | None:
    """The days a fact covers, None when it cannot be placed on the calendar."""
    if fact.kind in ("relative_date", "weekday"):
        if not fact.detail:
            return None
        low, _, high = fact.detail.partition("..")
        return date.fromisoformat(low), date.fromisoformat(high or low)
    value = fact.value
    if value.startswith("--"):
        return None
    if len(value) == 4:
        return date(int(value), 1, 1), date(int(value), 12, 31)
    if len(value) == 7:
        first = date(int(value[:4]), int(value[5:]), 1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return (date.fromisoformat(value),) * 2


def _yearless_relation(a: str, b: str) -> str:
    """Dates where one lacks its year ("--03-05"): compare the month and day both give."""
    a_year, a_rest = ("", a[2:]) if a.startswith("--") else a.split("-", 1) if "-" in a else (a, "")
    b_year, b_rest = ("", b[2:]) if b.startswith("--") else b.split("-", 1) if "-" in b else (b, "")
    common = min(len(a_rest), len(b_rest))
    if not common:
        return "compatible"
    if a_rest[:common] != b_rest[:common]:
        return "conflict"
    a_detail, b_detail = (bool(a_year), len(a_rest)), (bool(b_year), len(b_rest))
    if a_detail == b_detail:
        return "equal"
    if a_detail >= b_detail and a_year >= b_year:
        return "more_specific"
    if b_detail >= a_detail and b_year >= a_year:
        return "less_specific"
    return "compatible"


def _weekday_relation(a: Fact, b: Fact) -> str:
    day_a, _, part_a = a.value.partition(" ")
    day_b, _, part_b = b.value.partition(" ")
    if day_a != day_b or (a.detail and b.detail and a.detail != b.detail):
        return "conflict"
    if part_a == part_b:
        return "equal"
    if not part_a or not part_b:
        return "less_specific" if not part_a else "more_specific"
    return "compatible" if abs(_PART_ORDER[part_a] - _PART_ORDER[part_b]) <= 1 else "conflict"


def _weekday_against(weekday: Fact, other: Fact) -> str:
    """A weekday against a date or a relative phrase, seen from the weekday."""
    name = weekday.value.partition(" ")[0]
    if other.kind == "date" and len(other.value) == 10:
        if weekday.detail:
            return "compatible" if weekday.detail == other.value else "conflict"
        return "compatible" if _WEEKDAYS[date.fromisoformat(other.value).weekday()] == name else "conflict"
    day, span = _days(weekday), _days(other)
    if day is None or span is None:
        return "compatible"
    relation = _interval_relation(*day, *span)
    return "compatible" if relation == "equal" else relation


def _clock_relation(a: Fact, b: Fact) -> str:
    a_tags, b_tags = set(a.detail.split(";")) - {""}, set(b.detail.split(";")) - {""}
    if a.value == b.value and a_tags == b_tags:
        return "equal"
    a_zone, b_zone = a_tags - set(_WINDOWS), b_tags - set(_WINDOWS)
    if a_zone and b_zone and a_zone != b_zone:
        return "compatible"  # "14:00 GMT" and "15:00 CET" may be one moment
    a_low, a_high = _minutes(a.value, a_tags)
    b_low, b_high = _minutes(b.value, b_tags)
    return "compatible" if a_low <= b_high and b_low <= a_high else "conflict"


_WINDOWS = {"about": (-30, 30), "shortly after": (0, 45), "shortly before": (-45, 0), "after": (0, 360),
            "before": (-360, 0), "by": (-720, 0), "since": (0, 720)}


def _minutes(value: str, tags: set[str]) -> tuple[int, int]:
    minute = int(value[:2]) * 60 + int(value[3:5])
    low, high = next((_WINDOWS[tag] for tag in tags if tag in _WINDOWS), (0, 0))
    return minute + low, minute + high
