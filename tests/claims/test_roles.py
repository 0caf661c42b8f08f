"""Role extraction on sentences written for these tests (not from the seeds), including what must not fire."""

import pytest

from claims.extract import extract_article, parse
from claims.types import Article, ClaimKind

pytestmark = pytest.mark.model


def roles(text):
    ((article, doc),) = parse([Article(id="t", text=text)])
    ac = extract_article(article, doc)
    return {
        (c.person.name, c.role.name, c.role.country, c.role.portfolio, c.role.qualifiers)
        for c in ac.claims
        if c.kind is ClaimKind.HOLDS_ROLE
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "French Foreign Minister Jean-Noel Barrot met reporters in Paris.",
            ("Jean-Noel Barrot", "Foreign Minister", "France", None, ()),
        ),
        (
            "Turkey's Defence Minister Yasar Guler visited Ankara.",
            ("Yasar Guler", "Defence Minister", "Turkey", None, ()),
        ),
        (
            "The former Japanese Prime Minister Fumio Kishida spoke.",
            ("Fumio Kishida", "Prime Minister", "Japan", None, ("former",)),
        ),
        (
            "Acting President Choi Sang-mok of South Korea flew home.",
            ("Choi Sang-mok", "President", None, None, ("acting",)),
        ),
        (
            "Indian Army Chief General Upendra Dwivedi inspected troops.",
            ("Upendra Dwivedi", "Chief of Army Staff", "India", None, ()),
        ),
        (
            "Yesterday Sergei Lavrov, Russia's foreign minister, arrived.",
            ("Sergei Lavrov", "Foreign Minister", "Russia", None, ()),
        ),
        ("The visit of Vice President Kamala Harris was short.", ("Kamala Harris", "Vice President", None, None, ())),
        (
            "Egyptian Deputy Foreign Minister for African Affairs, Hamdi Loza, said so.",
            ("Hamdi Loza", "Deputy Foreign Minister", "Egypt", "for African Affairs", ()),
        ),
        (
            "Britain's Foreign Secretary David Lammy answered.",
            ("David Lammy", "Foreign Minister", "United Kingdom", None, ()),
        ),
        ("Microsoft CEO Satya Nadella spoke in Seattle.", ("Satya Nadella", "Chief Executive", None, None, ())),
    ],
)
def test_prenominal_and_appositive(text, expected):
    assert expected in roles(text)


def test_conjoined_titles_are_two_roles():
    found = roles("Saudi Deputy Prime Minister and Defence Minister Khalid bin Salman arrived.")
    names = {(r[1], r[2]) for r in found}
    assert names == {("Deputy Prime Minister", "Saudi Arabia"), ("Defence Minister", "Saudi Arabia")}


def test_counterpart():
    found = roles("The Chinese foreign minister later called his Indian counterpart Subrahmanyam Jaishankar.")
    assert ("Subrahmanyam Jaishankar", "Foreign Minister", "India", None, ()) in found


def test_misspelt_title():
    assert ("Rana Sanaullah", "Interior Minister", "Pakistan", None, ()) in roles(
        "Pakistan's Interor Minister Rana Sanaullah spoke."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the talks went well.",  # no name
        "President of the club, the committee said, will be chosen later.",
        "Foreign Minister Pakistan was not a person.",
        "Rawalpindi Meets Expectations In Title Case Headline Chief Of Something",
        "The ministers met in Geneva on Monday to discuss trade.",
    ],
)
def test_no_role(text):
    assert roles(text) == set()


def test_late_gives_dead_status():
    ((article, doc),) = parse(
        [Article(id="t", text="Tributes to the late King Hussein of Jordan poured in.", published=None)]
    )
    claims = extract_article(article, doc).claims
    assert [c.status for c in claims if c.kind is ClaimKind.STATUS] == ["dead"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # word order: a sheriff's deputy, however written, is one post
        ("Sheriff Deputy Tom Reyes stopped the car.", "Deputy Sheriff Tom Reyes stopped the car."),
        # abbreviations read as the words they stand for
        ("Dep. Foreign Minister Lina Haddad arrived.", "Deputy Foreign Minister Lina Haddad arrived."),
        ("Acme SVP Dana Kerr spoke.", "Dana Kerr, senior vice president of Acme, spoke."),
    ],
)
def test_one_title_written_two_ways_is_one_role(a, b):
    role_a = {name for _, name, *_ in roles(a)}
    role_b = {name for _, name, *_ in roles(b)}
    assert role_a and role_a == role_b


def test_vice_president_is_not_the_deputy_of_president():
    ((_, name, *_),) = roles("Dana Kerr, senior vice president of Acme, spoke.")
    assert name == "Vice President"


def test_a_speaker_after_a_name_is_not_its_title():
    # the minister is who said it, not what Guler is
    assert roles("Nobody is better placed to lead this than Yasar Guler, the defence minister said on Monday.") == set()
    # an appositive closed by a comma still is
    found = roles("Yasar Guler, Turkey's defence minister, said on Monday that talks would resume.")
    assert {n for _, n, *_ in found} == {"Defence Minister"}
