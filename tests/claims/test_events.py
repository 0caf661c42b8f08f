"""Event extraction on sentences written for these tests: the day a happening is given, and when it is not its own."""

import datetime as dt

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2024, 10, 9)  # a Wednesday


def events(text):
    ((article, doc),) = parse([Article(id="t", text=text, published=PUBLISHED)])
    return [c for c in extract_article(article, doc).claims if c.kind is ClaimKind.EVENT]


@pytest.mark.parametrize(
    ("text", "what", "day", "written"),
    [
        ("The club fired coach Dan Mills on Monday after a poor season.", "fire", dt.date(2024, 10, 7), "Monday"),
        ("Police arrested Tom Reyes yesterday in Leeds.", "arrest", dt.date(2024, 10, 8), "yesterday"),
        ("Mara Quinn arrived in Oslo on October 2.", "arrive", dt.date(2024, 10, 2), "October 2"),
        ("Tom Reyes escaped from a prison van on Monday.", "escape", dt.date(2024, 10, 7), "Monday"),
        (
            "Lineman Jo Banks was arrested early Sunday on suspicion of drunken driving.",
            "arrest",
            dt.date(2024, 10, 6),
            "early Sunday",
        ),
    ],
)
def test_a_day_written_for_the_happening(text, what, day, written):
    (event,) = [e for e in events(text) if e.what == what]
    assert (event.date.start, event.date.text) == (day, written)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("The owner said he decided on Saturday to fire Dan Mills.", "fire"),  # Saturday is the deciding
        ("A judge sentenced Tom Reyes to life for the March 11, 2005, shooting.", "sentence"),  # the shooting's day
    ],
)
def test_the_sentences_date_is_not_the_happenings_own(text, what):
    (event,) = [e for e in events(text) if e.what == what]
    assert event.date is None or event.date.text is None


def test_a_surname_after_a_full_name_with_a_suffix_is_the_person():
    # "Comeaux Jr." names Comeaux: the later bare "Comeaux" (which the tagger may call an
    # organisation) is still the escaping person.
    text = (
        "Officials said convicted rapist Arcade Joseph Comeaux Jr., 49, was still at large. "
        "Comeaux escaped Monday morning as officers tried to move him to another unit."
    )
    (event,) = [e for e in events(text) if e.what == "escape"]
    assert [a.name for a in event.agents] == ["Comeaux"]
    assert event.date.start == dt.date(2024, 10, 7)


def test_he_or_she_stands_for_the_only_person_named_before():
    text = "Brian Nichols was sentenced on Saturday. Nichols became infamous when he escaped from a court on Monday."
    (escape,) = [e for e in events(text) if e.what == "escape"]
    assert [a.name for a in escape.agents] == ["Nichols"]
    text = "Police said Tom Reyes had been drinking, and Reyes knew it. He was arrested on Monday in Leeds."
    (arrest,) = [e for e in events(text) if e.what == "arrest"]
    assert arrest.patient == "Tom Reyes"


def test_he_or_she_with_two_people_before_stays_unresolved():
    text = "Tom Reyes and Dan Mills were at the bar. He was arrested on Monday."
    (arrest,) = [e for e in events(text) if e.what == "arrest"]
    assert arrest.patient == "He" and arrest.agents == ()
