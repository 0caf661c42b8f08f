"""Ages tied to a named person, on sentences written for these tests."""

import datetime as dt

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model


def ages(text):
    ((article, doc),) = parse([Article(id="t", text=text, published=dt.date(2024, 10, 9))])
    return [(c.person.name, c.years) for c in extract_article(article, doc).claims if c.kind is ClaimKind.AGE]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Police shot 16-year-old Kimani Gray on Saturday.", [("Kimani Gray", 16)]),
        ("Witnesses say 59 - year - old Dana Wells was leaving her car.", [("Dana Wells", 59)]),
        ("On Saturday, 32 - year - old Englishman Robert Buckley fell 600 metres.", [("Robert Buckley", 32)]),
        (
            "Andrew Lopez, 20 and Jonathan Carrasquillo, 24, were on trial.",
            [("Andrew Lopez", 20), ("Jonathan Carrasquillo", 24)],
        ),
        ("The driver, Tom Reyes, aged 72, was arrested.", [("Tom Reyes", 72)]),
        ("The 15-year-old boy, Alexandros Grigoropoulos, was shot.", [("Alexandros Grigoropoulos", 15)]),
        ("At 36, Hasim Rahman was past his best.", [("Hasim Rahman", 36)]),
        ("Peter Capaldi got the part. At 55, he is as old as William Hartnell was.", [("Peter Capaldi", 55)]),
    ],
)
def test_an_age_tied_to_a_name(text, found):
    assert ages(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "A 59-year-old woman was hit by a car in Queens.",  # nobody named
        "Danny Green, 14 points and six rebounds, led the team.",  # a count after the comma
        "The 15-year-old boy was shot, and Tom Reyes ran.",  # the age is another person's
        "Tom Reyes, 2012, was a hard year.",  # not an age
        "At 10, the crowd cheered Tom Reyes.",  # the clause's subject is nobody named
    ],
)
def test_no_age(text):
    assert ages(text) == []


def test_an_age_is_dated_by_its_writing_not_by_the_event():
    text = "Andrew Lopez, 20, was arrested in October 2011."
    ((article, doc),) = parse([Article(id="t", text=text, published=dt.date(2013, 4, 12))])
    (age,) = [c for c in extract_article(article, doc).claims if c.kind is ClaimKind.AGE]
    assert (age.years, age.date.start) == (20, dt.date(2013, 4, 12))
