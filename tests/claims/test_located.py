"""Where a named facility stands, on sentences written for these tests."""

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model


def located(text):
    ((article, doc),) = parse([Article(id="t", text=text)])
    return [(c.facility.name, c.place) for c in extract_article(article, doc).claims if c.kind is ClaimKind.LOCATED]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mara Quinn checked into the Promises Treatment Centre in Malibu on Monday.",
         [("Promises Treatment Centre", "Malibu")]),
        ("He was moved from the Estelle Unit in Huntsville to the Stiles Unit in Beaumont.",
         [("Estelle Unit", "Huntsville"), ("Stiles Unit", "Beaumont")]),
        ("Johnson was taken to Hennepin County Medical Center in Minneapolis, where she died.",
         [("Hennepin County Medical Center", "Minneapolis")]),
        # an organisation that is not a building has offices in many places
        ("Microsoft in India hired 500 engineers.", []),
        # the place of something else: "in" is not right after the facility's name
        ("The Betty Ford Center said on Monday in Chicago that she was fine.", []),
    ],
)  # fmt: skip
def test_a_facility_and_the_place_written_after_it(text, found):
    assert located(text) == found
