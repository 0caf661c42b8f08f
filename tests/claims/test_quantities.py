"""Quantity extraction on sentences written for these tests: what is counted, by which verb."""

import datetime as dt

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model


def quantities(text):
    ((article, doc),) = parse([Article(id="t", text=text, published=dt.date(2024, 10, 9))])
    return [c for c in extract_article(article, doc).claims if c.kind is ClaimKind.QUANTITY]


@pytest.mark.parametrize(
    ("text", "what", "verb"),
    [
        ("Reggie Bush missed four games earlier this season.", "games", "miss"),
        ("Reggie Bush will miss the final two games of the season.", "games", "will miss"),
        ("The company will cut 300 jobs in Ohio.", "jobs", "will cut"),
        ("Ten border guards were killed in the attack.", "border guards", "kill"),
        ("Ana Ruiz now has 1,411 points for her career.", "points", "now have"),  # a standing figure
        ("The death toll now stands at 24 people.", "people", "now stand"),
        ("Ana Ruiz had 1,411 points by then.", "points", "have"),
    ],
)
def test_the_counting_verb_keeps_its_modal(text, what, verb):
    (q,) = [q for q in quantities(text) if q.what == what]
    assert q.verb == verb


@pytest.mark.parametrize(
    "text",
    [
        "Dalembert is down almost five points per game this season.",
        "Sales were up 3 percent in May.",
        "Miller averaged a drop of five points per game.",
    ],
)
def test_a_change_is_not_a_count(text):
    assert [q for q in quantities(text) if q.value in (3, 5)] == []


def test_up_to_is_a_ceiling_not_a_change():
    (q,) = quantities("Up to 40 people were evacuated from the building.")
    assert (q.value, q.bound) == (40, "at_most")


@pytest.mark.parametrize(
    ("text", "what", "value", "subject"),
    [
        ("Dana Wells was hurt in May and missed 20 games.", "games", 20, "wells"),  # joined to a passive verb
        ("Reggie Bush was placed on reserve. He rushed for 404 yards this season.", "yards", 404, "bush"),
        ("Tom Reyes had a bad year, missing 10 of the team's 16 games.", "games", 10, "reyes"),
        # a present participle after a noun is done by that noun
        ("Most of the 288 candidates running for 125 seats come from one party.", "seats", 125, "candidates"),
        # without a doer, a passive's subject is whose count it is, unless it is what is counted
        ("Dana Wells was shot four times outside the club.", "times", 4, "wells"),
        ("Ten border guards were killed in the raid.", "border guards", 10, None),
    ],
)
def test_whose_count_it_is(text, what, value, subject):
    (q,) = [q for q in quantities(text) if q.what == what]
    assert (q.value, q.subject) == (value, subject)


def test_others_is_no_thing_counted():
    found = quantities("The quake killed six children and left 14 others trapped in Aceh.")
    assert [(q.what, q.value) for q in found] == [("children", 6)]


def test_the_total_in_n_of_m_is_not_a_count_of_the_same():
    # "10 of the team's 16 games": a report saying "missed 10 games" agrees with it
    assert [q.value for q in quantities("Tom Reyes missed 10 of the team's 16 games.")] == [10]
    # a noun the parser takes for a verb ("passes") leaves the count out rather than give it another noun
    assert [q.value for q in quantities("Manning completed 29 of 34 passes for 364 yards.")] == [364]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # a bare number a verb takes counts what the sentence's previous count counted
        (
            "Mary Olson scored 18 points and Lena Park scored 11 for the visitors.",
            [("points", 18, "olson"), ("points", 11, "park")],
        ),
        ("Ana Ruiz finished with 22 points and now has 1,411 for her career.", [("points", 22), ("points", 1411)]),
        ("The storm killed 12 people and injured 70 in the district.", [("people", 12), ("people", 70)]),
        # a noun in a phrase of its own is not what the number counts
        (
            "Paul Dent had 9 rebounds, while Ray Cole had 7, including the 500th of his career.",
            [("rebounds", 9), ("rebounds", 7)],
        ),
        # a score or a record is not a count of the sentence's noun
        ("Kay Long scored 30 points as Elm beat Oak 71-65 and improved to 20-4.", [("points", 30)]),
        ("Officials said 40 homes burned, though no one could say when.", [("homes", 40)]),
    ],
)
def test_a_bare_number_counts_the_sentence_s_previous_noun(text, counts):
    found = quantities(text)
    width = len(counts[0])
    assert [(q.what, q.value, q.subject)[:width] for q in found] == counts


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a length of time joined to a noun by a hyphen measures the noun, though the tagger calls it a date
        ("Dan Mills signed a 3-year deal with the club.", [("deal", 3, "year")]),
        ("Mara Quinn began a 90-day court-ordered stay at the clinic.", [("stay", 90, "day")]),
        # a length of time on its own is no count of a thing
        ("Dan Mills served two years in prison.", []),
    ],
)
def test_a_length_of_time_that_measures_a_thing(text, found):
    assert [(q.what, q.value, q.unit) for q in quantities(text)] == found


def test_a_count_keeps_the_period_it_counts_over():
    (count,) = quantities("Employers added 255,000 jobs last month.")
    assert count.scope == "last month"
    (count,) = quantities("Police said Omar Diaz had been arrested three times since October.")
    assert count.scope == "since october"
    (count,) = quantities("Police said Omar Diaz had been arrested four times.")
    assert count.scope is None


@pytest.mark.parametrize(
    "text",
    [
        "Revisions showed employers added 18,000 more jobs than first estimated.",  # an increment, not a total
        "The ministry sent another 200 troops to the border.",
        "Three officials familiar with the plan said it would be announced soon.",  # an outlet's sources
    ],
)
def test_what_is_no_count_of_its_own(text):
    assert [c.value for c in quantities(text) if c.what in ("jobs", "troops", "officials")] == []


def test_a_number_written_with_a_hyphen():
    (count,) = quantities("Thirty-four people were hurt when the stand collapsed.")
    assert count.value == 34 and count.written == "Thirty-four"


def test_an_age_is_no_period():
    (count,) = quantities("Omar Diaz, 16, was shot eleven times over the weekend.")
    assert count.scope == "over the weekend"  # not "16", his age, which the tagger may take for a date
