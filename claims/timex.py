"""Time expressions to date intervals, resolved against the article's publication date.

"May 8, 2025" is a day; "October 26" takes its year from the publication date;
"on Monday" is the nearest Monday on or before it; "last year", "early 2024",
"in April 2024", "this week" are intervals. Without a publication date, relative
expressions stay unresolved (None) rather than guessing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from claims.dates import MONTHS, parse_date_at
from claims.types import DateInterval, DatePrecision

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
_MONTH_WORD = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_PART = {
    "early": (1, 4),
    "beginning of": (1, 4),
    "mid": (5, 8),
    "middle of": (5, 8),
    "late": (9, 12),
    "end of": (9, 12),
}
# A partial date more than this far after the publication date is taken to be last year's.
_FUTURE_SLACK = dt.timedelta(days=183)


def resolve(text: str, anchor: dt.date | None) -> DateInterval | None:
    """The interval `text` denotes, or None when it is not a date or cannot be placed."""
    raw = text
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = re.sub(r"^(?:on|in|since|by|during|from|until|before|after|of|the|at)\s+", "", t)
    t = re.sub(r"^the\s+", "", t)
    for resolver in (_absolute, _month_year, _part_of_year, _year, _month_day, _weekday, _relative):
        found = resolver(t, anchor)
        if found is not None:
            start, end, precision = found
            return DateInterval(start=start, end=end, precision=precision, text=raw.strip())
    return None


def _absolute(t: str, anchor: dt.date | None):
    parsed = parse_date_at(t)
    if parsed is None:
        return None
    return parsed[0], parsed[0], DatePrecision.DAY


def _month_year(t: str, anchor: dt.date | None):
    m = re.fullmatch(_MONTH_WORD + r",? (\d{4})", t)
    if m is None:
        m2 = re.fullmatch(_MONTH_WORD + r" (last|this|next) year", t)
        if m2 is None or anchor is None:
            return None
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[m2[2]]
        return _month_interval(year, MONTHS[m2[1][:3]])
    return _month_interval(int(m[2]), MONTHS[m[1][:3]])


def _month_interval(year: int, month: int):
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), DatePrecision.MONTH


def _part_of_year(t: str, anchor: dt.date | None):
    m = re.fullmatch(r"(early|mid|late|beginning of|middle of|end of)[- ]?(\d{4}|this year|last year|next year)", t)
    if m is None:
        return None
    year = _year_word(m[2], anchor)
    if year is None:
        return None
    first, last = _PART[m[1]]
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1]), DatePrecision.SEASON


def _year_word(word: str, anchor: dt.date | None) -> int | None:
    if word.isdigit():
        return int(word)
    if anchor is None:
        return None
    return anchor.year + {"last year": -1, "this year": 0, "next year": 1}[word]


def _year(t: str, anchor: dt.date | None):
    m = re.fullmatch(r"(\d{4})|(last|this|next) year|(?:a|one) year ago", t)
    if m is None:
        return None
    if m[1]:
        year = int(m[1])
        if not 1000 <= year <= 2999:
            return None
    elif anchor is None:
        return None
    else:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}.get(m[2] or "last", -1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR


def _month_day(t: str, anchor: dt.date | None):
    named = re.match(r"^((?:mon|tues|wednes|thurs|fri|satur|sun)day),? (?=\w)", t)
    t = t[named.end() :] if named else t  # "Thursday, May 2": the month's day
    m = re.fullmatch(_MONTH_WORD + r" (\d{1,2})(?:st|nd|rd|th)?", t) or re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_WORD, t
    )
    if m is None or anchor is None:
        return None
    month_word, day = (m[1], m[2]) if not m[1].isdigit() else (m[2], m[1])
    month = MONTHS[month_word[:3]]
    try:
        candidates = [dt.date(y, month, int(day)) for y in (anchor.year, anchor.year - 1, anchor.year + 1)]
    except ValueError:
        if not (month == 2 and day == "29"):
            return None
        candidates = [dt.date(y, 2, 29) for y in range(anchor.year - 4, anchor.year + 5) if calendar.isleap(y)]
    if named:
        # the weekday written with it says which year is meant ("Friday, Sept. 14" in a May report
        # recalls last September when that was a Friday): the nearest year where it falls right
        fits = [
            d
            for d in candidates
            if d.weekday() == WEEKDAYS[named[1]] and (d - anchor).days >= -366 and d <= anchor + _FUTURE_SLACK
        ]
        if fits:
            date = min(fits, key=lambda d: abs((d - anchor).days))
            return date, date, DatePrecision.DAY
    for date in sorted((d for d in candidates if d.year <= anchor.year), reverse=True):
        if date <= anchor + _FUTURE_SLACK:
            return date, date, DatePrecision.DAY
    return None


def _weekday(t: str, anchor: dt.date | None):
    t = re.sub(r"^(?:the )?(?:early|small) hours of ", "", t)
    m = re.fullmatch(
        r"(last |this |next |this past |past )?(?:early |late )?([a-z]+)(?: (?:morning|afternoon|evening|night))?", t
    )
    if m is None or m[2] not in WEEKDAYS or anchor is None:
        return None
    date = weekday_on_or_before(anchor, WEEKDAYS[m[2]])
    modifier = (m[1] or "").strip()
    if modifier == "next":
        date += dt.timedelta(days=7)
    elif modifier == "last" and date == anchor:
        date -= dt.timedelta(days=7)
    return date, date, DatePrecision.DAY


def weekday_on_or_before(anchor: dt.date, weekday: int) -> dt.date:
    """The nearest date with that weekday (0 = Monday) on or before `anchor`."""
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


TODAY = frozenset({"today", "tonight", "this morning", "this afternoon", "this evening"})
YESTERDAY = frozenset({"yesterday", "last night"})
DEICTIC_DAYS = TODAY | YESTERDAY | {"tomorrow"}  # days counted from the publication date


def is_deictic(text: str) -> bool:
    """A day counted from the publication date: "yesterday", "early today", "last night"."""
    return _day_word(text.lower()) in DEICTIC_DAYS


def _day_word(t: str) -> str:
    return re.sub(r"^(?:early|late) (?=yesterday$|today$|tomorrow$)", "", t)  # "early yesterday" is yesterday


def _relative(t: str, anchor: dt.date | None):
    if anchor is None:
        return None
    t = _day_word(t)
    day = dt.timedelta(days=1)
    if t in TODAY:
        return anchor, anchor, DatePrecision.DAY
    if t in YESTERDAY:
        return anchor - day, anchor - day, DatePrecision.DAY
    if t == "tomorrow":
        return anchor + day, anchor + day, DatePrecision.DAY
    monday = anchor - dt.timedelta(days=anchor.weekday())
    if t in ("this week", "earlier this week"):
        return monday, monday + 6 * day, DatePrecision.WEEK
    if t == "last week":
        return monday - 7 * day, monday - day, DatePrecision.WEEK
    if t == "next week":
        return monday + 7 * day, monday + 13 * day, DatePrecision.WEEK
    if t in ("this month", "earlier this month"):
        return _month_interval(anchor.year, anchor.month)
    if t == "last month":
        prev = anchor.replace(day=1) - day
        return _month_interval(prev.year, prev.month)
    if t == "next month":
        nxt = anchor.replace(day=28) + 4 * day
        return _month_interval(nxt.year, nxt.month)
    m = re.fullmatch(r"(\d+|a|one|two|three|four|five|six|seven|ten) (day|week|month|year)s? ago", t)
    if m is not None:
        n = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}.get(m[1])
        n = n if n is not None else int(m[1])
        if m[2] == "day":
            date = anchor - n * day
            return date, date, DatePrecision.DAY
        if m[2] == "week":
            date = anchor - 7 * n * day
            return date - 3 * day, date + 3 * day, DatePrecision.WEEK
        if m[2] == "month":
            month_index = anchor.year * 12 + anchor.month - 1 - n
            return _month_interval(month_index // 12, month_index % 12 + 1)
        year = anchor.year - n
        return dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR
    return None
