"""Each rule on hand-built claims: cases that must fire and cases that must not."""

import datetime as dt

import pytest

from checker.checks.events import MeetingOptions, QuantityOptions, meeting_conflict, quantity_conflict
from checker.checks.roles import (
    HolderOptions,
    RegressionOptions,
    SameDateOptions,
    office_holder_conflict,
    rank_regression,
    role_changed,
    role_conflict,
)
from checker.checks.status import deceased_acting
from checker.checks.weekday import weekday_mismatch
from checker.findings import Severity
from checker.pipeline import run_checks
from checker.registry import CheckSettings
from claims.types import ClaimKind, DateInterval, DatePrecision
from tests.checker.corpus_builder import Builder

FEB, MAY, NOV = dt.date(2025, 2, 4), dt.date(2025, 5, 8), dt.date(2025, 11, 25)


def rules(findings):
    return [(f.rule, f.severity) for f in findings]


# --- role-conflict ----------------------------------------------------------------------------------


def test_role_conflict_same_date():
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania")
    b.role("b", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)
    (finding,) = role_conflict(b.build(), SameDateOptions())
    assert (finding.rule, finding.severity) == ("role-conflict", Severity.ERROR)
    assert finding.entities == ("Sam Hale",) and {e.article for e in finding.evidence} == {"a", "b"}
    assert "Deputy Foreign Minister" in finding.message and "same date" in finding.message


def test_role_conflict_same_meeting_undated():
    b = Builder().article("a", None).article("b", MAY)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania")
    b.meeting("a", "Sam Hale", "Lee Ford")
    b.role("b", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)
    b.meeting("b", "Sam Hale", "Lee Ford")
    (finding,) = role_conflict(b.build(), SameDateOptions())
    assert "same meeting with Lee Ford" in finding.message


def test_role_conflict_does_not_fire():
    b = Builder().article("a", FEB).article("b", MAY).article("c", MAY).article("d", MAY)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania")
    b.role("b", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)  # months apart: not "the same date"
    b.role("c", "Dee Park", "prime_minister", "Ruritania", deputy=True)  # DPM and FM: two bodies, both fine
    b.role("d", "Dee Park", "foreign_minister", "Ruritania")
    b.role("c", "Max Oro", "army_chief", "Ruritania")
    b.role("d", "Max Oro", "army_chief", "Ruritania")  # same post, other words
    b.role("c", "Ann Vale", "lawmaker", "Ruritania")
    b.role("d", "Ann Vale", "speaker", "Ruritania")  # a speaker is a member of parliament too
    b.role("c", "Bo Lin", "foreign_minister", "Ruritania")
    b.role("d", "Bo Lin", "foreign_minister", "Freedonia", deputy=True)  # two countries: two bodies
    assert list(role_conflict(b.build(), SameDateOptions())) == []


# --- rank-regression and role-changed -----------------------------------------------------------------


def test_role_conflict_where_neither_title_says_where():
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Sean Pike", "head_coach")  # a team's coach: the team is seldom in the title
    b.role("b", "Sean Pike", "head_coach", deputy=True)
    (finding,) = role_conflict(b.build(), SameDateOptions())
    assert finding.entities == ("Sean Pike",) and "Deputy Head Coach" in finding.message


def test_role_conflict_not_across_bodies_without_places():
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Sean Pike", "head_coach")
    b.role("b", "Sean Pike", "foreign_minister", deputy=True)  # two bodies: a coach may advise a ministry
    b.role("a", "Ida Roe", "ceo")
    b.role("b", "Ida Roe", "chairman")  # board and management: titles held together
    assert list(role_conflict(b.build(), SameDateOptions())) == []


def test_role_conflict_a_post_and_its_deputy_at_any_rank():
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Ken Abe", "spokesperson", "Freedonia")
    b.role("b", "Ken Abe", "spokesperson", "Freedonia", deputy=True)
    (finding,) = role_conflict(b.build(), SameDateOptions())
    assert "Deputy Spokesperson" in finding.message


def test_role_conflict_not_on_a_description_against_the_deputy_title():
    # "the spokeswoman, Mia Ode" describes what a Deputy Spokesperson does: no contradiction
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Mia Ode", "spokesperson", "Freedonia", written="spokeswoman")
    b.role("b", "Mia Ode", "spokesperson", "Freedonia", deputy=True)
    assert list(role_conflict(b.build(), SameDateOptions())) == []


def test_rank_regression_and_change():
    b = Builder().article("a", FEB).article("b", NOV)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)
    b.role("b", "Sam Hale", "foreign_secretary", "Ruritania")  # lower rank later
    b.role("a", "Dee Park", "foreign_minister", "Ruritania", deputy=True)
    b.role("b", "Dee Park", "foreign_minister", "Ruritania")  # promoted: a change, not a contradiction
    corpus = b.build()
    (regression,) = rank_regression(corpus, RegressionOptions())
    assert regression.entities == ("Sam Hale",) and regression.severity is Severity.WARNING
    (change,) = role_changed(corpus, None)
    assert change.entities == ("Dee Park",) and change.severity is Severity.INFO


def test_rank_regression_not_across_years():
    b = Builder().article("a", dt.date(2015, 1, 1)).article("b", NOV)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania")
    b.role("b", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)
    assert list(rank_regression(b.build(), RegressionOptions())) == []


def test_same_conflict_merges_to_the_worst_severity():
    b = Builder().article("a", FEB).article("b", None).article("c", MAY)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania")
    b.role("b", "Sam Hale", "foreign_minister", "Ruritania")
    b.meeting("b", "Sam Hale", "Lee Ford")
    b.role("c", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)
    b.meeting("c", "Sam Hale", "Lee Ford")
    findings = [f for f in run_checks(b.build(), {}) if f.entities == ("Sam Hale",)]
    assert rules(findings) == [("role-conflict", Severity.ERROR)]
    assert {e.article for e in findings[0].evidence} == {"a", "b", "c"}


# --- office-holder-conflict -----------------------------------------------------------------------------


def test_two_presidents():
    b = Builder().article("a", FEB).article("b", MAY).article("c", dt.date(2024, 1, 1)).article("d", MAY)
    b.role("a", "Ann Vale", "president", "Ruritania")
    b.role("b", "Bo Lin", "president", "Ruritania")
    b.role("c", "Cy Moss", "president", "Ruritania")  # 16 months earlier: a change of holder
    b.role("d", "Dee Park", "president", "Freedonia")  # another country
    b.role("d", "Eve Ash", "president", "Ruritania", qualifiers=("former",))  # a former holder
    (finding,) = office_holder_conflict(b.build(), HolderOptions())
    assert set(finding.entities) == {"Ann Vale", "Bo Lin"} and "93 days apart" in finding.message


# --- deceased-acting --------------------------------------------------------------------------------------


def test_deceased_acting():
    b = Builder().article("a", FEB).article("b", MAY).article("c", dt.date(2024, 4, 1))
    b.dead("a", "Ann Vale")
    b.role("b", "Ann Vale", "president", "Ruritania")
    b.role("c", "Ann Vale", "president", "Ruritania")  # before the death: fine
    (finding,) = deceased_acting(b.build(), None)
    assert finding.severity is Severity.ERROR and {e.article for e in finding.evidence} == {"a", "b"}


def test_deceased_not_acting():
    b = Builder().article("a", FEB).article("b", MAY)
    b.dead("a", "Ann Vale")
    b.role("b", "Ann Vale", "president", "Ruritania", qualifiers=("late",))
    b.role("b", "Ann Vale", "president", "Ruritania", qualifiers=("former",))
    assert list(deceased_acting(b.build(), None)) == []


# --- weekday-mismatch ---------------------------------------------------------------------------------------


def test_weekday_mismatch():
    b = Builder().article("a", NOV)
    b.statement("a", "The talks opened on Tuesday, May 8, 2025 in the capital.")  # a Thursday
    b.statement("a", "Tue Nov 25 2025")  # right
    b.statement("a", "They met on Monday and on May 8 signed the deal.")  # not one expression
    (finding,) = weekday_mismatch(b.build(), None)
    assert "2025-05-08 is a Thursday, not a Tuesday" in finding.message
    assert finding.evidence[0].quote == "Tuesday, May 8, 2025"


# --- meeting-conflict and quantity-conflict -----------------------------------------------------------------


def test_meeting_conflict_place_or_date():
    b = Builder().article("a", MAY).article("b", MAY).article("c", NOV)
    b.meeting("a", "Sam Hale", "Lee Ford", place="Tehran", date=dt.date(2025, 5, 5))
    b.meeting("b", "Sam Hale", "Lee Ford", place="Islamabad", date=dt.date(2025, 5, 5))
    b.meeting("c", "Sam Hale", "Lee Ford", place="Geneva")  # months later: another meeting
    (finding,) = meeting_conflict(b.build(), MeetingOptions())
    assert "in Tehran / in Islamabad" in finding.message
    d = Builder().article("a", MAY).article("b", MAY)
    d.meeting("a", "Sam Hale", "Lee Ford", place="Tehran", date=dt.date(2025, 5, 5))
    d.meeting("b", "Sam Hale", "Lee Ford", place="Tehran", date=dt.date(2025, 5, 7))
    (finding,) = meeting_conflict(d.build(), MeetingOptions())
    assert "on 2025-05-05 / on 2025-05-07" in finding.message


def test_meeting_conflict_not_on_two_meetings_in_one_week():
    # the same two people meet in Tehran on Monday and in Islamabad on Wednesday: two meetings
    b = Builder().article("a", MAY).article("b", MAY)
    b.meeting("a", "Sam Hale", "Lee Ford", place="Tehran", date=dt.date(2025, 5, 5))
    b.meeting("b", "Sam Hale", "Lee Ford", place="Islamabad", date=dt.date(2025, 5, 7))
    assert list(meeting_conflict(b.build(), MeetingOptions())) == []


def test_meeting_conflict_not_on_a_city_and_its_country():
    b = Builder().article("a", MAY).article("b", MAY)
    b.meeting("a", "Sam Hale", "Lee Ford", place="Islamabad", date=dt.date(2025, 5, 5))
    b.meeting("b", "Sam Hale", "Lee Ford", place="Pakistan", date=dt.date(2025, 5, 5))
    assert list(meeting_conflict(b.build(), MeetingOptions())) == []


def test_quantity_conflict():
    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY)
    b.quantity("a", "border guards", 10, with_person="Sam Hale")
    b.quantity("b", "border guards", 14, with_person="Sam Hale")
    b.quantity("c", "border guards", 12, approximate=True, with_person="Sam Hale")  # "about 12" covers 10 and 14
    findings = list(quantity_conflict(b.build(), QuantityOptions()))
    assert [sorted(e.article for e in f.evidence) for f in findings] == [["a", "b"]]


def test_quantity_needs_a_shared_subject():
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "border guards", 10, with_person="Sam Hale")
    b.quantity("b", "border guards", 40, with_person="Lee Ford")
    b.quantity("a", "people", 24, place="Unity State")
    b.quantity("b", "people", 80, place="Gaza")  # two places: two counts
    assert list(quantity_conflict(b.build(), QuantityOptions())) == []


def test_quantity_anchored_by_a_shared_place():
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "people", 24, place="Unity State")
    b.quantity("b", "people", 48, place="Unity State")
    (finding,) = quantity_conflict(b.build(), QuantityOptions())
    assert "24" in finding.message and "48" in finding.message


def test_quantity_the_counting_person_alone_is_no_shared_happening():
    # "Green scored 14 points" / "Green became the 61st to score 1,000 points": a game and a career
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "points", 14, with_person="Danny Green", subject="green")
    b.quantity("b", "points", 1000, with_person="Danny Green", subject="green")
    assert list(quantity_conflict(b.build(), QuantityOptions())) == []
    # with a place both name, the same counts are of one happening
    c = Builder().article("a", MAY).article("b", MAY)
    c.quantity("a", "points", 14, with_person="Danny Green", subject="green", place="Chapel Hill")
    c.quantity("b", "points", 28, with_person="Danny Green", subject="green", place="Chapel Hill")
    assert len(list(quantity_conflict(c.build(), QuantityOptions()))) == 1


def test_quantity_how_often_a_happening_befell_someone_needs_no_other_anchor():
    # "Gray was shot seven times" / "Gray was shot eleven times": one shooting that week
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "times", 7, with_person="Kimani Gray", subject="gray", verb="shoot")
    b.quantity("b", "times", 11, with_person="Kimani Gray", subject="gray", verb="shoot")
    (finding,) = quantity_conflict(b.build(), QuantityOptions())
    assert "gray" in finding.message
    # a count of times of no happening ("visited three times" is no one-off act) still needs an anchor
    c = Builder().article("a", MAY).article("b", MAY)
    c.quantity("a", "times", 3, with_person="Kimani Gray", subject="gray", verb="call")
    c.quantity("b", "times", 5, with_person="Kimani Gray", subject="gray", verb="call")
    assert list(quantity_conflict(c.build(), QuantityOptions())) == []


def test_quantity_a_count_someone_had_names_no_happening():
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "rebounds", 7, with_person="Tyler Hansbrough", subject="hansbrough", place="Chapel Hill")
    b.quantity("b", "rebounds", 9, with_person="Tyler Hansbrough", subject="hansbrough", place="Chapel Hill")
    corpus = b.build()
    assert len(list(quantity_conflict(corpus, QuantityOptions()))) == 1
    for article in ("a", "b"):  # "had seven rebounds" / "had nine rebounds": two games, as likely as one
        claims = tuple(c.model_copy(update={"verb": "have"}) for c in corpus.extracted[article].claims)
        corpus.extracted[article] = corpus.extracted[article].model_copy(update={"claims": claims})
    assert list(quantity_conflict(corpus, QuantityOptions())) == []


def test_quantity_an_agreeing_figure_makes_one_happening():
    # "Bush rushed for 808 yards and two touchdowns" / "He rushed for 404 yards and two touchdowns"
    b = Builder().article("a", MAY).article("b", MAY)
    for article, yards in (("a", 808), ("b", 404)):
        b.quantity(article, "yards", yards, with_person="Reggie Bush", subject="bush")
        b.quantity(article, "touchdowns", 2, with_person="Reggie Bush", subject="bush")
    corpus = b.build()
    for article in ("a", "b"):
        _one_sentence(corpus, article)
    (finding,) = quantity_conflict(corpus, QuantityOptions())
    assert "404 vs 808" in finding.message


def _one_sentence(corpus, article):
    """The article's counts, put in its first count's sentence: "25 points and 16 rebounds"."""
    claims = corpus.extracted[article].claims
    first = next(c for c in claims if c.kind is ClaimKind.QUANTITY)
    moved = tuple(c.model_copy(update={"sentence": first.sentence}) for c in claims)
    corpus.extracted[article] = corpus.extracted[article].model_copy(update={"claims": moved})


@pytest.mark.parametrize(
    ("points_b", "found"),
    [
        (22, []),  # "25 points and 16 rebounds" / "22 points and 9": every figure differs, two games
        (25, ["16 vs 9"]),  # one figure differs among agreeing ones: one game, a figure wrong
    ],
)
def test_quantity_two_sentences_of_several_figures(points_b, found):
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "points", 25, with_person="Sam Hale")
    b.quantity("a", "rebounds", 16, with_person="Sam Hale")
    b.quantity("b", "points", points_b, with_person="Sam Hale")
    b.quantity("b", "rebounds", 9, with_person="Sam Hale")
    corpus = b.build()
    for article in ("a", "b"):
        _one_sentence(corpus, article)
    messages = [f.message for f in quantity_conflict(corpus, QuantityOptions())]
    assert [m for m in messages if "rebounds" in m] == messages and len(messages) == len(found)


def _box_scores(b, article, figures):
    """One sentence of an article crediting players with points: figures are (player, points, verb)."""
    for player, points, verb in figures:
        b.quantity(article, "points", points, with_person=player, subject=player.split()[-1].lower(), verb=verb)


@pytest.mark.parametrize(
    ("figures_b", "found"),
    [
        # "Cole scored 14 points and Park scored 13" / "Park led them with 13 points, while Cole added 12"
        ([("Ray Cole", 12, "add"), ("Lena Park", 13, "lead")], ["12 vs 14"]),
        ([("Ray Cole", 12, "miss"), ("Lena Park", 13, "lead")], []),  # missing is not scoring
        ([("Ray Cole", 13, "add"), ("Lena Park", 13, "lead")], ["13 vs 14"]),  # an exact count is exact
    ],
)
def test_quantity_tally_verbs_credit_one_count(figures_b, found):
    b = Builder().article("a", MAY).article("b", MAY)
    _box_scores(b, "a", [("Ray Cole", 14, "score"), ("Lena Park", 13, "score")])
    _box_scores(b, "b", figures_b)
    corpus = b.build()
    for article in ("a", "b"):
        _one_sentence(corpus, article)
    assert [m for f in quantity_conflict(corpus, QuantityOptions()) for m in found if m in f.message] == found


def test_quantity_round_figures_have_a_tolerance():
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "people", 230000, place="Indian Ocean")
    b.quantity("b", "people", 228000, place="Indian Ocean")  # "230,000" is rounded; 228,000 lies within it
    assert list(quantity_conflict(b.build(), QuantityOptions())) == []


def test_quantity_a_count_matched_by_an_equal_one_is_not_compared_again():
    # "finished with 20 points and now has 2,302 for his career" / "scored 20 points"
    b = Builder().article("a", MAY).article("b", MAY)
    _box_scores(b, "a", [("Ty Hale", 20, "finish"), ("Ty Hale", 2302, "have")])
    _box_scores(b, "b", [("Ty Hale", 20, "score")])
    corpus = b.build()
    for article in ("a", "b"):
        _one_sentence(corpus, article)
    assert list(quantity_conflict(corpus, QuantityOptions())) == []


@pytest.mark.parametrize(("b_date", "found"), [(MAY, 1), (MAY + dt.timedelta(days=2), 0)])
def test_quantity_a_standing_figure_is_the_day_s(b_date, found):
    # "now has 2,029 points" / "now has 2,129 points": the same day, one is wrong; two days on, it grew
    b = Builder().article("a", MAY).article("b", b_date)
    b.quantity("a", "points", 2029, with_person="Ty Hale", subject="hale", verb="now have")
    b.quantity("b", "points", 2129, with_person="Ty Hale", subject="hale", verb="now have")
    assert len(list(quantity_conflict(b.build(), QuantityOptions()))) == found


def test_quantity_a_standing_figure_is_one_total_of_its_head_noun():
    # "now has 2,301 career points" / "now has 2,302 for his career"; a game's "20 points" is not it
    b = Builder().article("a", MAY).article("b", MAY)
    b.quantity("a", "career points", 2301, with_person="Ty Hale", subject="hale", verb="now have")
    b.quantity("b", "points", 2302, with_person="Ty Hale", subject="hale", verb="now have")
    b.quantity("b", "points", 20, with_person="Ty Hale", subject="hale", verb="score")
    assert [f.message.split(" (")[0] for f in quantity_conflict(b.build(), QuantityOptions())] == ["career points"]


@pytest.mark.parametrize(
    ("line_b", "found"),
    [
        # "rushed for 404 yards ..., caught 52 passes for 880 yards" / "... had 52 catches for 440 yards"
        ([("yards", 404, "rush"), ("yards", 440, "have")], ["440 vs 880"]),
        ([("yards", 404, "rush"), ("yards", 880, "have")], []),  # the same figure, another verb
        ([("yards", 410, "rush"), ("yards", 440, "have")], []),  # nothing agrees: maybe another season
        ([("yards", 404, "rush"), ("yards", 440, "have"), ("yards", 90, "return")], []),  # which is which?
    ],
)
def test_quantity_the_rest_of_a_line_that_agrees(line_b, found):
    b = Builder().article("a", MAY).article("b", MAY)
    for article, line in (("a", [("yards", 404, "rush"), ("yards", 880, "catch")]), ("b", line_b)):
        for what, value, verb in line:
            b.quantity(article, what, value, with_person="Reggie Bush", subject="bush", verb=verb)
    corpus = b.build()
    for article in ("a", "b"):
        _one_sentence(corpus, article)
    messages = [f.message for f in quantity_conflict(corpus, QuantityOptions())]
    assert [f for m in messages for f in found if f in m] == found and len(messages) == len(found)


def test_quantity_a_value_the_other_line_prints_is_accounted_for():
    # "had 440 yards and four touchdowns receiving" / "rushed for 404 yards and two touchdowns and had
    # 52 catches for 440 yards and four TDs": the four is there, as "TDs"; the two is another figure
    b = Builder().article("a", MAY).article("b", MAY)
    for article, line in (
        ("a", [("yards", 440, "have"), ("touchdowns", 4, "have")]),
        ("b", [("yards", 404, "rush"), ("touchdowns", 2, "rush"), ("yards", 440, "have"), ("tds", 4, "have")]),
    ):
        for what, value, verb in line:
            b.quantity(article, what, value, with_person="Reggie Bush", subject="bush", verb=verb)
    corpus = b.build()
    for article in ("a", "b"):
        _one_sentence(corpus, article)
    assert list(quantity_conflict(corpus, QuantityOptions())) == []


# --- age-conflict ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("b_years", "b_date", "severity"),
    [
        (32, MAY, Severity.WARNING),  # "Kimani Gray, 16" / "Kimani Gray, 32" on the same day
        (17, MAY, Severity.INFO),  # 16 and 17 on the same day: one is wrong, or the day is a birthday
        (17, MAY + dt.timedelta(days=20), None),  # a birthday may fall between two reports
        (15, MAY + dt.timedelta(days=20), Severity.INFO),  # younger in the later report
        (18, MAY + dt.timedelta(days=730), None),  # two years on, two years older
        (16, MAY + dt.timedelta(days=1100), Severity.WARNING),  # three years on, the same age
    ],
)
def test_age_conflict(b_years, b_date, severity):
    from checker.checks.ages import AgeOptions, age_conflict

    b = Builder().article("a", MAY).article("b", b_date)
    b.age("a", "Kimani Gray", 16)
    b.age("b", "Kimani Gray", b_years)
    b.age("b", "Ann Brook", 40)  # another person's age is no conflict with his
    found = list(age_conflict(b.build(), AgeOptions()))
    assert [(f.entities, f.severity) for f in found] == ([(("Kimani Gray",), severity)] if severity else [])


# --- config ---------------------------------------------------------------------------------------------------


def test_config_turns_checks_off_and_changes_severity():
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Sam Hale", "foreign_minister", "Ruritania")
    b.role("b", "Sam Hale", "foreign_minister", "Ruritania", deputy=True)
    corpus = b.build()
    assert rules(run_checks(corpus, {"role-conflict": CheckSettings(severity=Severity.WARNING)})) == [
        ("role-conflict", Severity.WARNING)
    ]
    assert run_checks(corpus, {"role-conflict": CheckSettings(enabled=False)}) == []


def test_quantity_bounds_are_ranges():
    b = Builder().article("a", MAY).article("b", MAY)
    floor = b.quantity("a", "people", 200, with_person="Sam Hale")
    other = b.quantity("b", "people", 50, with_person="Sam Hale")
    corpus = b.build()
    corpus.extracted["a"] = corpus.extracted["a"].model_copy(
        update={
            "claims": tuple(
                c.model_copy(update={"bound": "at_least"}) if c is floor else c for c in corpus.extracted["a"].claims
            )
        }
    )
    assert other.value == 50
    # "more than 200" and "50": disjoint, a conflict; "at least 50" and "more than 200": both can be true
    assert len(list(quantity_conflict(corpus, QuantityOptions()))) == 1
    corpus.extracted["b"] = corpus.extracted["b"].model_copy(
        update={"claims": tuple(c.model_copy(update={"bound": "at_least"}) for c in corpus.extracted["b"].claims)}
    )
    assert list(quantity_conflict(corpus, QuantityOptions())) == []


# --- event-date-conflict ------------------------------------------------------------------------------


def test_event_date_conflict_same_patient_or_agent_different_day():
    from checker.checks.events import EventOptions, event_date_conflict

    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY)
    b.event("a", "strike", patient="LuAnn Johnson", date=dt.date(2025, 5, 2))
    b.event("b", "strike", patient="Johnson", date=dt.date(2025, 5, 4), date_text="on Sunday")
    b.event("a", "resign", agent="Sam Hale", date=dt.date(2025, 5, 5))
    b.event("c", "resign", agent="Sam Hale", date=dt.date(2025, 5, 6), date_text="on Tuesday")
    b.event("a", "arrest", patient="San Diego Chargers receiver Vincent Jackson", date=dt.date(2025, 5, 2))
    b.event("c", "arrest", patient="Jackson", date=dt.date(2025, 5, 4))  # the name under its title
    findings = list(event_date_conflict(b.build(), EventOptions()))
    assert sorted(f.message.split('"')[1] for f in findings) == ["arrest", "resign", "strike"]
    assert all(f.rule == "event-date-conflict" for f in findings)


def test_event_date_conflict_not_on_what_one_person_does_often_without_the_same_object():
    from checker.checks.events import EventOptions, event_date_conflict

    # a minister announces, visits and signs many things in a week: the verb and the doer are no
    # evidence of one happening; the same object is
    b = Builder().article("a", MAY).article("b", MAY)
    b.event("a", "announce", agent="Ana Ruiz", date=dt.date(2025, 5, 5))
    b.event("b", "announce", agent="Ana Ruiz", date=dt.date(2025, 5, 7), date_text="on Wednesday")
    b.event("a", "visit", agent="Ana Ruiz", date=dt.date(2025, 5, 5), obj="Lima")
    b.event("b", "visit", agent="Ana Ruiz", date=dt.date(2025, 5, 7), date_text="on Wednesday", obj="Quito")
    assert list(event_date_conflict(b.build(), EventOptions())) == []
    b.event("b", "sign", agent="Ana Ruiz", date=dt.date(2025, 5, 7), date_text="on Wednesday", obj="treaty")
    b.event("a", "sign", agent="Ana Ruiz", date=dt.date(2025, 5, 5), obj="treaty")
    (finding,) = event_date_conflict(b.build(), EventOptions())
    assert finding.message.startswith('"sign treaty"')


def test_event_date_conflict_a_day_off_through_yesterday_is_a_note():
    from checker.checks.events import EventOptions, event_date_conflict

    b = Builder().article("a", MAY).article("b", MAY)
    b.event("a", "arrest", patient="Tom Reyes", date=dt.date(2025, 5, 7), date_text="yesterday")
    b.event("b", "arrest", patient="Tom Reyes", date=dt.date(2025, 5, 8), date_text="Thursday")
    b.event("a", "fire", patient="Dan Mills", date=dt.date(2025, 5, 6), date_text="yesterday")
    b.event("b", "fire", patient="Dan Mills", date=dt.date(2025, 5, 8), date_text="Thursday")  # two days: a conflict
    findings = {f.message.split('"')[1]: f for f in event_date_conflict(b.build(), EventOptions())}
    assert findings["arrest"].severity is Severity.INFO and "publication date" in findings["arrest"].message
    assert findings["fire"].severity is Severity.WARNING


def test_event_date_conflict_must_not_fire():
    from checker.checks.events import EventOptions, event_date_conflict

    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY).article("d", MAY)
    b.event("a", "strike", patient="a man", date=dt.date(2025, 5, 2))  # no name: not identifiable
    b.event("b", "strike", patient="a man", date=dt.date(2025, 5, 4))
    b.event("a", "arrive", agent="Sam Hale", date=dt.date(2025, 5, 5))
    b.event("c", "arrive", agent="Sam Hale", date=dt.date(2025, 5, 5))  # the same day
    b.event("d", "arrive", agent="Sam Hale", date=dt.date(2025, 4, 2))  # a month before: another trip
    b.event("a", "sign", agent="Lee Ford", date=dt.date(2025, 5, 1))
    b.event("a", "sign", agent="Lee Ford", date=dt.date(2025, 5, 3))  # one article: not a cross-source conflict
    assert list(event_date_conflict(b.build(), EventOptions())) == []


def test_event_date_conflict_an_organisation_with_what_it_did():
    from checker.checks.events import EventOptions, event_date_conflict

    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY)
    for article, verb, patient, obj, day in [
        ("a", "issue", "an urgent patch", "patch", 7),  # "issued" a patch is "released" it: one happening,
        ("b", "release", "an emergency patch", "patch", 9),  # on two days
        ("c", "release", "its earnings", "earning", 8),  # another thing released that week
    ]:
        when = dt.date(2025, 5, day)
        b.event(article, verb, agent="Microsoft", patient=patient, obj=obj, organisation=True, date=when,
                date_text=f"on {when:%A}")  # fmt: skip
    # an organisation's act without an object: not comparable
    b.event("c", "close", agent="Microsoft", organisation=True, date=dt.date(2025, 5, 8), date_text="on Thursday")
    b.event("a", "close", agent="Microsoft", organisation=True, date=dt.date(2025, 5, 6), date_text="on Tuesday")
    # a verb that is one-off only with its object: a person's "issued" statement and order are two acts
    b.event("a", "issue", agent="Sam Hale", patient="a statement", obj="statement", date=dt.date(2025, 5, 7))
    b.event("b", "issue", agent="Sam Hale", patient="an order", obj="order", date=dt.date(2025, 5, 9))
    # a team "picked up" the player others say it "signed"; a person's "picked up" the phone is no signing
    b.event("a", "pick up", patient="Tom Reyes", date=dt.date(2025, 5, 5), date_text="on Monday")
    b.event("c", "sign", patient="Tom Reyes", date=dt.date(2025, 5, 6), date_text="on Tuesday")
    b.event("a", "pick up", agent="Dee Park", patient="the phone", obj="phone", date=dt.date(2025, 5, 5))
    b.event("c", "sign", agent="Dee Park", patient="a contract", obj="contract", date=dt.date(2025, 5, 6))
    findings = sorted(f.message for f in event_date_conflict(b.build(), EventOptions()))
    assert [m.split(" is dated")[0] for m in findings] == ['"release patch" (Microsoft)', '"sign" (reyes)']


# --- event-place-conflict -----------------------------------------------------------------------------


def test_event_place_conflict_same_happening_in_places_that_exclude_each_other():
    from checker.checks.events import EventOptions, event_place_conflict

    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY)
    b.event("a", "escape", agent="Tom Reyes", date=dt.date(2025, 5, 5), place="Baytown")
    b.event("b", "escape", agent="Tom Reyes", date=dt.date(2025, 5, 5), place="Chicago")
    (finding,) = event_place_conflict(b.build(), EventOptions())
    assert finding.rule == "event-place-conflict" and finding.severity is Severity.WARNING
    assert "Baytown" in finding.message and "Chicago" in finding.message
    assert {e.article for e in finding.evidence} == {"a", "b"}


def test_event_place_conflict_must_not_fire():
    from checker.checks.events import EventOptions, event_place_conflict

    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY).article("d", MAY)
    b.event("a", "arrest", patient="Tom Reyes", date=dt.date(2025, 5, 5), place="Islamabad")
    b.event("b", "arrest", patient="Tom Reyes", date=dt.date(2025, 5, 5), place="Pakistan")  # one inside the other
    b.event("a", "arrive", agent="Sam Hale", date=dt.date(2025, 5, 5), place="Madrid")
    b.event("c", "arrive", agent="Sam Hale", date=dt.date(2025, 4, 1), place="Nairobi")  # weeks apart: another trip
    b.event("a", "sign", agent="Lee Ford", date=dt.date(2025, 5, 1), place="Toronto")
    b.event("a", "sign", agent="Lee Ford", date=dt.date(2025, 5, 1), place="Sydney")  # one article
    b.event("d", "strike", patient="a man", place="Chicago")  # no name: not identifiable
    b.event("c", "strike", patient="a man", place="Mumbai")
    b.event("d", "leave", agent="Dee Park", date=dt.date(2025, 5, 5), place="Zorvellin")  # a place no gazetteer knows
    b.event("b", "leave", agent="Dee Park", date=dt.date(2025, 5, 5), place="Oslo")
    assert list(event_place_conflict(b.build(), EventOptions())) == []


# --- place-mismatch -------------------------------------------------------------------------------


def test_place_mismatch_a_town_in_a_state_it_is_not_in():
    from checker.checks.places import place_mismatch

    b = Builder().article("a", MAY).article("b", MAY)
    b.statement(
        "a", "Firefighters were called to a church in Chicago, Alaska, on Friday.", places=("Chicago", "Alaska")
    )
    b.statement("b", "She checked into a clinic in Denver, Calif., on Monday.", places=("Denver, Calif.",))  # one span
    findings = list(place_mismatch(b.build(), None))
    assert sorted(f.message for f in findings) == [
        'The gazetteer knows no Chicago in Alaska ("Chicago, Alaska").',
        'The gazetteer knows no Denver in Calif. ("Denver, Calif.").',
    ]
    assert all(
        f.severity is Severity.WARNING and f.evidence[0].quote.startswith(("Chicago", "Denver")) for f in findings
    )


def test_place_mismatch_must_not_fire():
    from checker.checks.places import place_mismatch

    b = Builder().article("a", MAY)
    for text, places in [
        ("The fire at a church in Wasilla, Alaska, was set on Friday.", ("Wasilla", "Alaska")),
        ("He grew up in Fort Smith, Ark., and in Paris, Texas.", ("Fort Smith", "Ark.", "Paris", "Texas")),
        ("The barge sank near Cairo, Ill., on Monday.", ("Cairo", "Ill.")),  # a small Cairo, not Egypt's
        ("Talks in Islamabad, Pakistan, ended.", ("Islamabad", "Pakistan")),
        ("They met in Zorvellin, Texas.", ("Zorvellin", "Texas")),  # a town the gazetteer does not know
        ("Chicago, Houston and Boston voted.", ("Chicago", "Houston", "Boston")),  # a list of towns
        ("They discussed Afghanistan, Gaza, Syria, and Lebanon.", ("Afghanistan", "Gaza", "Syria", "Lebanon")),
        ("Flights to Gaza, Syria or Jordan stopped.", ("Gaza", "Syria", "Jordan")),
    ]:
        b.statement("a", text, places=places)
    assert list(place_mismatch(b.build(), None)) == []


# --- location-conflict ----------------------------------------------------------------------------


def test_location_conflict_one_facility_in_two_places_that_exclude_each_other():
    from checker.checks.places import location_conflict

    b = Builder().article("a", MAY).article("b", MAY).article("c", MAY)
    b.located("a", "Promises Treatment Center", "Malibu")
    b.located("b", "Promises Treatment Center", "Chicago")
    b.located("c", "Promises Treatment Center", "California")  # Malibu lies in it: no conflict with a
    findings = sorted(location_conflict(b.build(), None), key=lambda f: f.message)
    assert [f.message for f in findings] == [
        "Promises Treatment Center is in Chicago in b but in California in c.",
        "Promises Treatment Center is in Malibu in a but in Chicago in b.",
    ]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert [e.article for e in findings[1].evidence] == ["a", "b"]


def test_location_conflict_must_not_fire():
    from checker.checks.places import location_conflict

    b = Builder().article("a", MAY).article("b", MAY)
    b.located("a", "Betty Ford Center", "Rancho Mirage")
    b.located("b", "Betty Ford Center", "Rancho Mirage")  # the same place
    b.located("a", "Stiles Unit", "Beaumont")
    b.located("a", "Stiles Unit", "Chicago")  # one article: not a cross-source conflict
    b.located("a", "Estelle Unit", "Huntsville")
    b.located("b", "Estelle Unit", "Zorvellin")  # a place no gazetteer knows
    assert list(location_conflict(b.build(), None)) == []


def test_event_conflicts_one_finding_per_pair_whatever_the_order():
    from checker.checks.events import EventOptions, event_date_conflict, event_place_conflict

    def findings(order):
        b = Builder().article("a", MAY).article("b", MAY)
        events = {
            "a": dict(agent="Lee Ford", patient="Tom Reyes", date=dt.date(2025, 5, 5), place="Baytown"),
            "b": dict(agent="Lee Ford", patient="Tom Reyes", date=dt.date(2025, 5, 7), place="Chicago"),
        }
        for article in order:  # the agent and the patient name one happening: one finding, not two
            b.event(article, "arrest", date_text="on Monday", **events[article])
        corpus = b.build()
        return [*event_date_conflict(corpus, EventOptions()), *event_place_conflict(corpus, EventOptions())]

    forward, backward = findings("ab"), findings("ba")
    assert sorted(f.rule for f in forward) == ["event-date-conflict", "event-place-conflict"]
    assert sorted(f.id for f in forward) == sorted(f.id for f in backward)


def test_role_conflict_not_on_titles_held_before_or_after_nor_on_a_year():
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Joe Biden", "vice_president", "United States", qualifiers=("former",))
    b.role("b", "Joe Biden", "president", "United States", qualifiers=("elect",))
    assert list(role_conflict(b.build(), SameDateOptions())) == []
    year = DateInterval(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31), precision=DatePrecision.YEAR)
    c = Builder().article("a", None).article("b", None)  # "the 2020 election" dates no title to a day
    c.role("a", "Ana Ruiz", "foreign_minister", "Chile", date=year)
    c.role("b", "Ana Ruiz", "foreign_minister", "Chile", deputy=True, date=year)
    assert list(role_conflict(c.build(), SameDateOptions())) == []


def test_rank_regression_not_on_a_year_a_sentence_names():
    year = DateInterval(start=dt.date(2015, 1, 1), end=dt.date(2015, 12, 31), precision=DatePrecision.YEAR)
    b = Builder().article("a", None).article("b", dt.date(2016, 8, 4))
    b.role("a", "Joe Biden", "president", "United States", date=year)  # "in 2015" dates no title
    b.role("b", "Joe Biden", "vice_president", "United States")
    assert list(rank_regression(b.build(), RegressionOptions())) == []


def test_role_conflict_two_descriptions_one_saying_deputy():
    # "agency spokesman Ken Abe" / "agency Deputy spokesman Ken Abe": neither a formal title, the deputy says more
    b = Builder().article("a", MAY).article("b", MAY)
    b.role("a", "Ken Abe", "spokesperson", "Freedonia", written="spokesman")
    b.role("b", "Ken Abe", "spokesperson", "Freedonia", deputy=True, written="Deputy spokesman")
    assert len(list(role_conflict(b.build(), SameDateOptions()))) == 1


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (None, None, True),
        ("last month", "last month", True),
        ("in july", "in june", False),  # two periods
        ("since october", None, False),  # a part of a total against the total
        ("this season", None, True),  # the period both speak of, written once
    ],
)
def test_counts_over_one_time(a, b, same):
    from checker.facts import same_scope
    from claims.types import Quantity, Span

    span = Span(article="a", start=0, end=1, quote="x")

    def count(scope):
        return Quantity(span=span, sentence=span, what="games", value=1, written="1", scope=scope)

    assert same_scope(count(a), count(b)) is same
