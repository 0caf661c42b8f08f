"""How sure an alignment is travels with each finding, and a conflict resting on a shared surname alone is info.

Sentences written for these tests (fictional people), read end to end by the real pipeline.
"""

import datetime as dt

import pytest

from checker.findings import Severity
from checker.pipeline import check
from claims.types import Article

pytestmark = pytest.mark.model
MONDAY = dt.date(2024, 3, 4)


def findings(*texts: str, rule: str | None = None):
    articles = [Article(id=f"a{i}", text=t, published=MONDAY) for i, t in enumerate(texts)]
    return [f for f in check(articles).findings if rule is None or f.rule == rule]


def test_a_full_name_on_both_sides_is_sure():
    (found,) = findings(
        "Freedonia's Foreign Minister Maria Lopez met reporters in Fredville on Monday.",
        "Freedonia's Deputy Foreign Minister Maria Lopez met reporters in Fredville on Monday.",
        rule="role-conflict",
    )
    assert found.alignment == 1.0 and found.severity is Severity.ERROR


def test_a_surname_alone_is_a_weak_alignment_and_at_most_info():
    (found,) = findings(
        "Chile's Foreign Minister Maria Lopez met reporters in Santiago on Monday.",
        "Chile's Deputy Foreign Minister Dr. Lopez met reporters in Santiago on Monday.",
        rule="role-conflict",
    )
    assert found.alignment == 0.5 and found.severity is Severity.INFO
    assert "shared surname" in found.message


def test_a_spelling_variant_is_nearly_sure():
    (found,) = findings(
        "Freedonia's Foreign Minister Amina Rahman met reporters in Fredville on Monday.",
        "Freedonia's Deputy Foreign Minister Amna Rahman met reporters in Fredville on Monday.",
        rule="role-conflict",
    )
    assert found.alignment == 0.9 and found.severity is Severity.ERROR


def test_relatives_named_in_one_article_stay_apart():
    # a mother and her son share a surname: "Okafor" alone in another report is neither of them
    found = findings(
        "Grace Okafor, 52, and her son Daniel Okafor, 19, were hurt in the fire in Fredville on Monday.",
        "Okafor, 21, was taken to hospital after the fire in Fredville on Monday.",
    )
    assert not [f for f in found if f.severity.at_least(Severity.WARNING)]


def test_two_holders_who_share_a_surname_may_be_one_person():
    # "Bobo Firefly" / "Rufus Firefly": a nickname or one person named two ways, as likely as two presidents
    found = findings(
        "Chile's President Rufus Firefly opened the bridge in Santiago on Monday.",
        "Chile's President Bobo Firefly opened the bridge in Santiago on Monday.",
        rule="office-holder-conflict",
    )
    assert found and all(f.severity is Severity.INFO and f.alignment == 0.5 for f in found)


def test_transliterations_of_one_name_are_one_holder():
    found = findings(
        "Chile's President Carolos Papadakis opened the bridge in Santiago on Monday.",
        "Chile's President Karolos Papadakis opened the bridge in Santiago on Monday.",
        rule="office-holder-conflict",
    )
    assert found == []
