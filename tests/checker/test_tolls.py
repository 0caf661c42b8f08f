"""toll-conflict on hand-built toll claims: one happening's dead or injured counted differently."""

import datetime as dt

import pytest

from checker.checks.tolls import TollOptions, toll_conflict
from claims.types import DateInterval
from tests.checker.corpus_builder import Builder

DAY = dt.date(2013, 7, 2)


def tolls(build) -> list:
    b = Builder().article("a", DAY).article("b", DAY)
    build(b)
    return list(toll_conflict(b.build(), TollOptions()))


def test_no_conflict_without_evidence_of_one_happening():
    # one quake's kind and week are not enough: nothing places both tolls at one scene or day
    assert tolls(lambda b: (b.toll("a", 1), b.toll("b", 4))) == []
    # a quake on Monday and an aftershock on Tuesday, in one town: two happenings
    monday, tuesday = dt.date(2013, 7, 1), DAY
    on = [DateInterval.day(d).model_copy(update={"text": w}) for d, w in ((monday, "Monday"), (tuesday, "Tuesday"))]
    assert (
        tolls(
            lambda b: (
                b.toll("a", 1, date=on[0], place="Bener Meriah"),
                b.toll("b", 4, date=on[1], place="Bener Meriah"),
            )
        )
        == []
    )


def test_one_quake_two_tolls():
    (finding,) = tolls(lambda b: (b.toll("a", 1, place="Manokwari"), b.toll("b", 4, place="Manokwari")))
    assert finding.rule == "toll-conflict"
    assert "killed in the quake" in finding.message and '"' not in finding.message
    assert {e.article for e in finding.evidence} == {"a", "b"}


def test_a_floor_lower_than_a_count_is_no_conflict_but_a_count_below_it_is():
    assert (
        tolls(lambda b: (b.toll("a", 5, bound="at_least", place="Manokwari"), b.toll("b", 24, place="Manokwari"))) == []
    )
    (finding,) = tolls(
        lambda b: (b.toll("a", 5, place="Manokwari"), b.toll("b", 24, bound="at_least", place="Manokwari"))
    )
    assert "at least 24" in finding.message


def test_about_covers_a_near_count_only():
    assert (
        tolls(lambda b: (b.toll("a", 40, bound="about", place="Manokwari"), b.toll("b", 42, place="Manokwari"))) == []
    )
    assert (
        len(tolls(lambda b: (b.toll("a", 30, bound="about", place="Manokwari"), b.toll("b", 42, place="Manokwari"))))
        == 1
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda b: (b.toll("a", 1), b.toll("b", 4, cause="attack")),  # two kinds of happening
        lambda b: (b.toll("a", 1), b.toll("b", 4, verb="injure")),  # the dead and the injured
        lambda b: (b.toll("a", 1), b.toll("b", 4, date=DAY + dt.timedelta(days=5))),  # another quake, days later
        lambda b: (b.toll("a", 2), b.toll("b", 40)),  # another happening of the kind: a strike's 2, another's 40
        lambda b: (b.toll("a", 1), b.toll("a", 4)),  # one article's two tolls
        lambda b: (b.toll("a", 3, place="Gaza City"), b.toll("b", 2, place="Khan Younis")),  # two towns
        lambda b: (b.toll("a", 1, place="West Papua"), b.toll("b", 4, place="Aceh province")),  # two provinces
        lambda b: (b.toll("a", 3, place="Tokyo"), b.toll("b", 2, place="Osaka")),  # two towns the gazetteer knows
        # a toll of a happening years before the report is background, given for scopes a count cannot tell
        lambda b: (b.toll("a", 170000, date=dt.date(2004, 12, 26)), b.toll("b", 230000, date=dt.date(2004, 12, 26))),
    ],
)
def test_no_toll_conflict(build):
    assert tolls(build) == []


def test_no_one_killed_against_a_toll_where_both_name_the_place():
    # "No one was killed in the attack in Yida" / "12 people were killed in the attack in Yida"
    assert len(tolls(lambda b: (b.toll("a", 0, place="Yida"), b.toll("b", 12, place="Yida")))) == 1
    # without the place named on both sides, a toll of none may be another attack's, as a tenth may be
    assert tolls(lambda b: (b.toll("a", 0), b.toll("b", 12))) == []


def test_tolls_reported_days_apart_may_both_be_right():
    # the dead are counted for days: Sunday's quake killed one by Monday's report and four by Thursday's
    b = Builder().article("a", DAY).article("b", DAY + dt.timedelta(days=3))
    b.toll("a", 1, date=DAY)
    b.toll("b", 4, date=DAY)
    assert list(toll_conflict(b.build(), TollOptions())) == []


def test_two_reports_of_one_happening_are_set_in_one_place():
    # a shooting in Chicago and another in Houston the same day: the articles name no place in common
    def build(b, there):
        b.statement("a", "Police in Chicago are investigating.", places=("Chicago",))
        b.statement("b", f"Police in {there} are investigating.", places=(there,))
        b.toll("a", 2, cause="shooting")
        b.toll("b", 5, cause="shooting")

    assert tolls(lambda b: build(b, "Houston")) == []
    assert len(tolls(lambda b: build(b, "Chicago"))) == 1
    assert len(tolls(lambda b: build(b, "Illinois"))) == 1  # a place that holds the other


def test_a_place_the_gazetteer_knows_may_hold_one_it_does_not():
    assert len(tolls(lambda b: (b.toll("a", 30, place="Jabaliya"), b.toll("b", 40, place="Gaza")))) == 1
    # two names it does not know are one place when they share a word of a name
    assert len(tolls(lambda b: (b.toll("a", 1, place="Papua"), b.toll("b", 4, place="West Papua province")))) == 1


def test_the_same_conflict_has_the_same_id_whatever_the_order():
    (one,) = tolls(lambda b: (b.toll("a", 1, place="Manokwari"), b.toll("b", 4, place="Manokwari")))
    (other,) = tolls(lambda b: (b.toll("a", 4, place="Manokwari"), b.toll("b", 1, place="Manokwari")))
    assert one.id == other.id
