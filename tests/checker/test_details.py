"""detail-conflict on hand-built corpora: changed details fire, paraphrases and other speakers do not."""

import datetime as dt

import pytest

from checker.checks.details import DetailOptions, detail_conflict
from tests.checker.corpus_builder import Builder

MAY = dt.date(2025, 5, 8)
BASE = "The fire at the Mat Maid warehouse in Palmer was set on Sunday night, and {n} firefighters fought it."


def details(b: Builder) -> list[str]:
    return [f.message.split("detail: ")[1].rstrip(".") for f in detail_conflict(b.build(), DetailOptions())]


@pytest.mark.parametrize(
    ("changed", "detail"),
    [
        (BASE.format(n="40"), "35 / 40"),
        (BASE.format(n="35").replace("Sunday", "Tuesday"), "Sunday / Tuesday"),
        (BASE.format(n="35").replace("was set", "was not set"), '"not" in only one'),
        (BASE.format(n="thirty"), None),  # a number word against digits of another value: both numbers
    ],
)
def test_detail_conflict_fires_on_a_changed_detail(changed, detail):
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", BASE.format(n="35"))
    b.statement("b", changed)
    found = details(b)
    if detail is None:
        assert found == ["35 / thirty"]
    else:
        assert found == [detail]


def test_detail_conflict_clock_time_in_a_sentence():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "The crash happened at 7 p.m. on the main road near the old bridge.")
    b.statement("b", "The crash happened at 9 p.m. on the main road near the old bridge.")
    assert details(b) == ["7 / 9"]


def test_detail_conflict_rank_word_before_a_title_only():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "Foreign Minister Abbas Araghchi met the army chief in Rawalpindi on Monday.")
    b.statement("b", "Deputy Foreign Minister Abbas Araghchi met the army chief in Rawalpindi on Monday.")
    assert details(b) == ['"Deputy" in only one']
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", "The museum opened in the old railway station of the town last spring.")
    c.statement("b", "The museum opened in the former railway station of the town last spring.")
    assert details(c) == []


@pytest.mark.parametrize(
    ("b_text", "b_date", "said"),
    [
        (BASE.format(n="35"), MAY, (None, None)),  # the same sentence: nothing differs
        (BASE.format(n="50"), MAY + dt.timedelta(days=10), (None, None)),  # ten days later: the news moved on
        (BASE.format(n="50"), MAY, ("Fire Chief Ed Rowe", "Mayor Ann Lee")),  # two speakers
        ("Firefighters in Palmer said 50 people watched the warehouse burn from the road.", MAY, (None, None)),
    ],
)
def test_detail_conflict_must_not_fire(b_text, b_date, said):
    b = Builder().article("a", MAY).article("b", b_date)
    b.statement("a", BASE.format(n="35"), said_by=said[0])
    b.statement("b", b_text, said_by=said[1])
    assert details(b) == []


def test_detail_conflict_ignores_the_same_article():
    b = Builder().article("a", MAY)
    b.statement("a", BASE.format(n="35"))
    b.statement("a", BASE.format(n="40"))
    assert details(b) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM", "UPDATED: TUESDAY, MARCH 12, 2013, 9: 36 AM"),  # stamps
        ("He is to be sentenced Nov. 8 by the judge in the county court.",
         "He is to be sentenced November 8 by the judge in the county court."),  # the same month
        ("I feel on the floor we were n't executing the philosophy that we want.",
         "I did n't feel on the floor we were executing the philosophy that we want."),  # a negation moved
        ("The rule was issued weeks before George W. Bush left office in January.",
         "The rule was issued weeks before former President George W. Bush left office in January."),  # title added
    ],
)  # fmt: skip
def test_detail_conflict_ignores_stamps_spellings_and_moved_words(a, b):
    builder = Builder().article("a", MAY).article("b", MAY)
    builder.statement("a", a)
    builder.statement("b", b)
    assert details(builder) == []


@pytest.mark.parametrize(
    ("a", "b", "detail"),
    [
        ("Chicago", "Mannheim", "Chicago / Mannheim"),  # two countries
        ("Wasilla", "Chicago", "Wasilla / Chicago"),  # two US states
        ("Iran", "Pakistan", "Iran / Pakistan"),
        ("Fort Smith", "Arkansas", None),  # a town and its state: two grains of one place
        ("Manhattan", "New York", None),  # one reading of Manhattan is in New York
        ("Aceh", "Indonesia", None),  # a province the gazetteer does not hold: unknown, no conflict
    ],
)
def test_detail_conflict_places_that_cannot_both_be_right(a, b, detail):
    sentence = "Wladimir Klitschko defended his heavyweight titles in {} on Saturday night before a crowd."
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", sentence.format(a), places=(a,))
    c.statement("b", sentence.format(b), places=(b,))
    assert details(c) == ([detail] if detail else [])
