"""Publication dates: find the date an article was published from its first lines.

Only the head of an article is searched, and only for the shapes a newsroom puts
there (a header line, a dateline, a line holding a date and nothing else), so a
date in the body ("in April 2024") is never taken for the publication date. An
article with none of them is undated: we never fall back to today's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from claims.types import DateSource

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# One alternative per written order; each names its own groups so the parser is shared.
_DATE_FORMS = [
    r"(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})",  # 2025-02-04
    _WEEKDAY + r"?" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR,  # Tue Nov 25 2025, May 8, 2025
    _WEEKDAY + r"?" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR,  # Tuesday, 25 November 2025
]
DATE_RES = [re.compile(form, re.IGNORECASE) for form in _DATE_FORMS]
_TIME = r"(?:\s*(?:,|at|-)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4})?)?"

_HEADER_RE = re.compile(
    r"^\s*(?:date(?:d)?|published(?:\s+on)?|publication\s+date|posted(?:\s+on)?)\s*[:\-]?\s*",
    re.IGNORECASE,
)
# "Islamabad, May 8, 2025 —", "NEW YORK, 8 May 2025 (Reuters) -": up to four capitalised place words.
_DATELINE_PLACE_RE = re.compile(r"^\s*(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),\s*")
_DATELINE_END_RE = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[—–:-]")

HEAD_LINES = 8  # non-empty lines searched for a header, dateline or date line
HEAD_CHARS = 3000
MAX_DATE_LINE = 60  # a "date line" longer than this is prose, not a date


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    source: DateSource
    start: int  # offsets of the date text in the article
    end: int


def parse_date_at(text: str, pos: int = 0) -> tuple[dt.date, int] | None:
    """Parse a full date (day, month, year) starting exactly at `pos`; return it and its end."""
    for pattern in DATE_RES:
        m = pattern.match(text, pos)
        if m is None:
            continue
        date = _date_from_match(m)
        if date is not None:
            return date, m.end()
    return None


def _date_from_match(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    try:
        if groups.get("iy"):
            return dt.date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        month = MONTHS[groups["month"][:3].lower()]
        return dt.date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:  # 2025-02-30 is not a date
        return None


def parse_iso_date(value: str) -> dt.date | None:
    """A metadata value such as '2025-02-04' or '2025-02-04T10:00:00Z'."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def find_publication_date(text: str) -> FoundDate | None:
    """The publication date stated in the head of `text`, or None if it states none."""
    found: list[FoundDate] = []
    for line_start, line in _head_lines(text):
        for finder in (_header_date, _dateline_date, _standalone_date):
            hit = finder(line)
            if hit is not None:
                date, source, start, end = hit
                found.append(FoundDate(date, source, line_start + start, line_start + end))
                break
    if not found:
        return None
    rank = [DateSource.HEADER, DateSource.DATELINE, DateSource.DATE_LINE]
    return min(found, key=lambda f: (rank.index(f.source), f.start))


def _head_lines(text: str):
    pos = 0
    seen = 0
    for line in text[:HEAD_CHARS].split("\n"):
        if line.strip():
            yield pos, line
            seen += 1
            if seen >= HEAD_LINES:
                return
        pos += len(line) + 1


def _header_date(line: str):
    m = _HEADER_RE.match(line)
    if m is None:
        return None
    parsed = parse_date_at(line, m.end())
    if parsed is None:
        return None
    return parsed[0], DateSource.HEADER, m.end(), parsed[1]


def _dateline_date(line: str):
    m = _DATELINE_PLACE_RE.match(line)
    if m is None:
        return None
    parsed = parse_date_at(line, m.end())
    if parsed is None or not _DATELINE_END_RE.match(line, parsed[1]):
        return None
    return parsed[0], DateSource.DATELINE, m.end(), parsed[1]


def _standalone_date(line: str):
    stripped = line.strip()
    if len(stripped) > MAX_DATE_LINE:
        return None
    start = line.index(stripped[0])
    parsed = parse_date_at(line, start)
    if parsed is None:
        return None
    rest = line[parsed[1] :]
    if not re.fullmatch(_TIME + r"\s*", rest, re.IGNORECASE):
        return None
    return parsed[0], DateSource.DATE_LINE, start, parsed[1]
