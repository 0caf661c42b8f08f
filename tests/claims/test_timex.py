import datetime as dt

import pytest

from claims.timex import resolve

PUB = dt.date(2025, 2, 4)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "anchor", "start", "end"),
    [
        ("May 8, 2025", None, dt.date(2025, 5, 8), dt.date(2025, 5, 8)),
        ("on 8 May 2025", None, dt.date(2025, 5, 8), dt.date(2025, 5, 8)),
        ("October 26", dt.date(2025, 11, 20), dt.date(2025, 10, 26), dt.date(2025, 10, 26)),
        ("December 28", dt.date(2026, 1, 10), dt.date(2025, 12, 28), dt.date(2025, 12, 28)),  # last year's
        ("Thursday, May 2", dt.date(2013, 5, 3), dt.date(2013, 5, 2), dt.date(2013, 5, 2)),  # the month's day
        ("Sunday, 9 March", dt.date(2025, 3, 12), dt.date(2025, 3, 9), dt.date(2025, 3, 9)),
        ("on Monday", PUB, dt.date(2025, 2, 3), dt.date(2025, 2, 3)),
        ("Tuesday", PUB, PUB, PUB),  # the publication day itself
        ("last Tuesday", PUB, dt.date(2025, 1, 28), dt.date(2025, 1, 28)),
        ("next Monday", PUB, dt.date(2025, 2, 10), dt.date(2025, 2, 10)),
        ("Wednesday", dt.date(2025, 5, 8), dt.date(2025, 5, 7), dt.date(2025, 5, 7)),
        ("early Sunday", PUB, dt.date(2025, 2, 2), dt.date(2025, 2, 2)),  # a part of the day is still that day
        ("late Saturday night", PUB, dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
        ("the early hours of Monday", PUB, dt.date(2025, 2, 3), dt.date(2025, 2, 3)),
        ("last year", PUB, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("early 2024", None, dt.date(2024, 1, 1), dt.date(2024, 4, 30)),
        ("mid-2023", None, dt.date(2023, 5, 1), dt.date(2023, 8, 31)),
        ("late 2024", None, dt.date(2024, 9, 1), dt.date(2024, 12, 31)),
        ("in April 2024", None, dt.date(2024, 4, 1), dt.date(2024, 4, 30)),
        ("January last year", PUB, dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
        ("2019", None, dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        ("this week", PUB, dt.date(2025, 2, 3), dt.date(2025, 2, 9)),
        ("earlier this month", PUB, dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        ("yesterday", PUB, dt.date(2025, 2, 3), dt.date(2025, 2, 3)),
        ("three days ago", PUB, dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
        ("two months ago", PUB, dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
    ],
)
def test_resolve(text, anchor, start, end):
    found = resolve(text, anchor)
    assert found is not None, text
    assert (found.start, found.end) == (start, end)
    assert found.text == text


@pytest.mark.parametrize("text", ["on Monday", "last year", "October 26", "this week", "yesterday"])
def test_relative_dates_need_a_publication_date(text):
    assert resolve(text, None) is None


@pytest.mark.parametrize("text", ["two-day", "the past", "recent months", "February 30, 2025", "the 1990s"])
def test_not_dates(text):
    assert resolve(text, PUB) is None


def test_a_weekday_written_with_a_month_and_day_picks_the_year():
    from claims.timex import resolve

    may = dt.date(2019, 5, 10)
    # "Friday, Sept. 14" in a May report: last September, when the 14th was a Friday
    assert resolve("Friday, Sept. 14", may).start == dt.date(2018, 9, 14)
    assert resolve("Sept. 14", may).start == dt.date(2019, 9, 14)  # no weekday: the coming one, as before
    # a weekday that fits no nearby year leaves the year as without it, so a wrong weekday still shows
    assert resolve("Thursday, May 2", dt.date(2018, 5, 10)).start == dt.date(2018, 5, 2)
