"""Casualty tolls on sentences written for these tests: the happening that did it, its place and its day."""

import datetime as dt

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2024, 10, 9)  # a Wednesday


def tolls(text):
    ((article, doc),) = parse([Article(id="t", text=text, published=PUBLISHED)])
    return [c for c in extract_article(article, doc).claims if c.kind is ClaimKind.QUANTITY and c.cause]


@pytest.mark.parametrize(
    ("text", "value", "verb", "cause"),
    [
        ("A strong earthquake struck the island on Monday, killing at least seven people.", 7, "kill", "quake"),
        ("Nine people died in the tremor and its aftershocks.", 9, "die", "quake"),
        ("Twelve people were injured by the blast near the station.", 12, "injure", "attack"),
        ("A rocket strike that killed 15 people brought new calls for a ceasefire.", 15, "kill", "attack"),
        ("Some 20 people were killed and 40 others hurt when two shells landed near a market.", 20, "kill", "attack"),
        ("At least 31 people were killed and more than 90 injured by the storm.", 31, "kill", "storm"),
        ("Three people died from injuries sustained in the crash.", 3, "die", "crash"),
        ("A series of powerful earthquakes rocked the region, killing four people.", 4, "kill", "quake"),
        ("The fire left 11 people dead.", 11, "leave", "fire"),
        ("The attack killed 40 Palestinians.", 40, "kill", "attack"),  # a nationality counts everyone struck
        # the others are more people: the injured of the same happening
        ("Twelve people were killed and 70 others were injured by a landslide.", 70, "injure", "landslide"),
        ("A suicide bomber killed 25 people at a market on Friday.", 25, "kill", "attack"),  # the bomber's attack
        ("Gunmen opened fire on a wedding party, killing 14 people.", 14, "kill", "shooting"),
        # a toll stated as one
        ("The death toll from the earthquake rose to 300 on Tuesday.", 300, "kill", "quake"),
        ("An official put the death toll of the shelling at 40.", 40, "kill", "attack"),
        ("The quake killed six people, bringing the death toll to 11.", 11, "kill", "quake"),
        (
            "A tremor killed four pupils and left ten trapped when a school collapsed, bringing the toll to 9.",
            9,
            "kill",
            "quake",
        ),
    ],
)
def test_a_toll_and_its_happening(text, value, verb, cause):
    (toll,) = [t for t in tolls(text) if t.value == value]
    assert (toll.verb, toll.cause) == (verb, cause)


@pytest.mark.parametrize(
    "text",
    [
        "Forty-two people were killed in the school.",  # no happening named: which one cannot be told
        "Six children were killed when the mosque collapsed during the quake.",  # a part of a toll
        "Another four people died in hospital after the quake.",  # a part of a toll
        "Three people died in an air strike on another school.",  # a second happening beside the one reported
        "In a separate attack, five people were killed.",
        "Seven people were killed in those bombings.",  # points back to what its own article named
        "Ten soldiers were killed in the attack.",  # a group, not everyone struck
        "The quake damaged 300 houses.",  # no toll
        "Police arrested 12 people after the riot.",
        "Two more people died in hospital after the crash.",  # more dead beside a toll
        "No one was arrested after the riot.",  # "no one" counts no toll but the dead's or injured's
    ],
)
def test_no_toll_of_the_happening(text):
    assert tolls(text) == []


def test_a_toll_is_dated_by_its_happening_not_by_another_date_in_the_sentence():
    (toll,) = tolls(
        "A powerful earthquake flattened buildings on Tuesday, killing at least five people in a region "
        "devastated by the tsunami of 2004."
    )
    assert toll.date.start == dt.date(2024, 10, 8)
    (recalled,) = tolls("In 2004, a huge earthquake triggered a tsunami that killed 230,000 people across Asia.")
    assert (recalled.cause, recalled.date.start.year) == ("tsunami", 2004)
    # with no day of its own, a toll is of the week up to its report
    (undated,) = tolls("Five people died in the quake, officials said in a statement marking the 2010 floods.")
    assert (undated.date.start, undated.date.end) == (PUBLISHED - dt.timedelta(days=6), PUBLISHED)


def test_a_running_toll_is_of_the_report_not_of_the_day_it_runs_from():
    (toll,) = tolls("Flooding in the region has killed 42 people since Monday, the agency said.")
    assert (toll.cause, toll.date.end, toll.date.precision) == ("flood", PUBLISHED, "week")


def test_a_toll_keeps_the_place_of_its_happening():
    (toll,) = tolls("Two people were killed when an artillery shell hit a school in Rafah.")
    assert toll.place == "Rafah"


def test_no_one_struck_is_a_toll_of_none():
    (toll,) = tolls("No one was injured in the fire, officials said.")
    assert (toll.value, toll.verb, toll.cause) == (0, "injure", "fire")
    (toll,) = tolls("Nobody was killed in the blast.")
    assert (toll.value, toll.cause) == (0, "attack")
    assert [q for q in tolls("The storm destroyed 400 homes but killed no one.") if q.value == 1] == []


def test_dozens_is_a_floor_not_two_dozen():
    ((article, doc),) = parse(
        [Article(id="t", text="Dozens of people were injured in the quake.", published=PUBLISHED)]
    )
    (q,) = [c for c in extract_article(article, doc).claims if c.kind is ClaimKind.QUANTITY]
    assert (q.value, q.bound) == (24, "at_least")
