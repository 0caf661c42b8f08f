"""The shared evidence that two reports speak of one happening, on sentences written for these tests."""

import datetime as dt

import pytest

from checker.findings import Severity
from checker.pipeline import check, run_checks
from claims.types import Article
from tests.checker.corpus_builder import Builder

MAY = dt.date(2025, 5, 8)


def test_an_undated_report_makes_a_count_conflict_a_question():
    def build(published):
        b = Builder().article("a", published).article("b", published)
        b.quantity("a", "crates", 40, with_person="Ana Ruiz", verb="seize", subject="police")
        b.quantity("b", "crates", 70, with_person="Ana Ruiz", verb="seize", subject="police")
        return [f for f in run_checks(b.build(), {}) if f.rule == "quantity-conflict"]

    (dated,) = build(MAY)
    assert dated.severity is Severity.WARNING
    (undated,) = build(None)  # two jobs reports of two months read alike: nothing says they are of one month
    assert undated.severity is Severity.INFO and "undated" in undated.message


@pytest.mark.model
def test_a_title_in_the_sentence_of_a_death_is_no_sign_of_life():
    articles = [
        Article(
            id="a", text="Mourners remembered the late President Omar Field in Lima.", published=dt.date(2025, 2, 3)
        ),
        Article(
            id="b",
            text="The death of President Omar Field in January left his party without a leader, aides said.",
            published=dt.date(2025, 5, 6),
        ),
    ]
    assert [f for f in check(articles).findings if f.rule == "deceased-acting"] == []


@pytest.mark.model
def test_two_periods_are_two_counts():
    articles = [
        Article(id="a", text="Employers added 255,000 jobs in July, the Labor Department said.", published=MAY),
        Article(id="b", text="Employers added 18,000 jobs in June, the Labor Department said.", published=MAY),
    ]
    assert [f for f in check(articles).findings if f.rule == "quantity-conflict"] == []
