import datetime as dt

import pytest

from claims.dates import find_publication_date, parse_date_at, parse_iso_date
from claims.types import DateSource


@pytest.mark.parametrize(
    ("text", "date", "source"),
    [
        (" date 2025-02-04 TEHRAN – Iranian Foreign Minister met on Monday.", dt.date(2025, 2, 4), DateSource.HEADER),
        ("Published: 3 March 2024\nBody text here.", dt.date(2024, 3, 3), DateSource.HEADER),
        ("Dated 2023/12/01\nBody.", dt.date(2023, 12, 1), DateSource.HEADER),
        ("Headline\nIslamabad, May 8, 2025 — The minister said.", dt.date(2025, 5, 8), DateSource.DATELINE),
        ("NEW YORK, 8 May 2025 (Reuters) - Stocks fell.", dt.date(2025, 5, 8), DateSource.DATELINE),
        (
            "Title of the piece\n\nTue Nov 25 2025\nicons\n\nISLAMABAD: Body.",
            dt.date(2025, 11, 25),
            DateSource.DATE_LINE,
        ),
        ("Title\nTuesday, 25 November 2025 10:32 AM\nBody.", dt.date(2025, 11, 25), DateSource.DATE_LINE),
        ("Title\nSept. 3, 2024\nBody.", dt.date(2024, 9, 3), DateSource.DATE_LINE),
    ],
)
def test_publication_date_sources(text, date, source):
    found = find_publication_date(text)
    assert found is not None
    assert (found.date, found.source) == (date, source)


@pytest.mark.parametrize(
    "text",
    [
        "ISLAMABAD (Kashmir English): The minister met the army chief this week.",
        "The attack happened on October 26, killing ten.\nIn April 2024 the president visited.",
        "A long first paragraph that mentions May 8, 2025 in passing, which is a date in the body and not a dateline.",
        "date 2025-02-30 TEHRAN – an impossible date is not a date.",
        "Body.\n" * 20 + "March 3, 2024\n",  # a date line far below the head is not the publication date
    ],
)
def test_undated(text):
    assert find_publication_date(text) is None


def test_header_wins_over_date_line():
    text = "date 2025-02-04\nMarch 1, 2025\nBody."
    assert find_publication_date(text).source is DateSource.HEADER


def test_offsets_point_at_the_date():
    text = "Headline\nIslamabad, May 8, 2025 — The minister said."
    found = find_publication_date(text)
    assert text[found.start : found.end] == "May 8, 2025"


def test_parse_date_at_rejects_impossible_dates():
    assert parse_date_at("February 30, 2025") is None
    assert parse_date_at("February 28, 2025") == (dt.date(2025, 2, 28), 17)


def test_parse_iso_date():
    assert parse_iso_date("2025-02-04T10:00:00Z") == dt.date(2025, 2, 4)
    assert parse_iso_date("2025-13-01") is None
    assert parse_iso_date("yesterday") is None
