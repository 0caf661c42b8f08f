"""detail-conflict on hand-built corpora: changed details fire, paraphrases and other speakers do not."""

import datetime as dt

import pytest

from checker.checks.details import DetailOptions, detail_conflict
from checker.findings import Severity
from tests.checker.corpus_builder import Builder

MAY = dt.date(2025, 5, 8)
BASE = "The fire at the Mat Maid warehouse in Palmer was set on Sunday night, and {n} firefighters fought it."


def details(b: Builder) -> list[str]:
    return [f.message.split("detail: ")[1].rstrip(".") for f in detail_conflict(b.build(), DetailOptions())]


@pytest.mark.parametrize(
    ("changed", "detail"),
    [
        (BASE.format(n="40"), "35 / 40"),
        (BASE.format(n="35").replace("Sunday", "Tuesday"), "Sunday / Tuesday"),
        (BASE.format(n="35").replace("was set", "was not set"), '"not" in only one'),
        (BASE.format(n="thirty"), None),  # a number word against digits of another value: both numbers
    ],
)
def test_detail_conflict_fires_on_a_changed_detail(changed, detail):
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", BASE.format(n="35"))
    b.statement("b", changed)
    found = details(b)
    if detail is None:
        assert found == ["35 / thirty"]
    else:
        assert found == [detail]


def test_detail_conflict_clock_time_in_a_sentence():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "The crash happened at 7 p.m. on the main road near the old bridge.")
    b.statement("b", "The crash happened at 9 p.m. on the main road near the old bridge.")
    assert details(b) == ["7 / 9"]


def test_detail_conflict_number_after_other_words():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "Peyton Hillis added 101 yards for the Chiefs, who had 352 yards rushing in a losing effort.")
    b.statement(
        "b", "Peyton Hillis added 101 yards for the Chiefs, who finished with 704 yards rushing in a losing effort."
    )
    assert details(b) == ["had 352 / finished with 704"]
    c = Builder().article("a", MAY).article("b", MAY)  # the number is not what the words around it share
    c.statement("a", "Peyton Hillis added 101 yards for the Chiefs, who had 352 yards rushing in a losing effort.")
    c.statement("b", "Peyton Hillis added 101 yards for the Chiefs, who lost by 7 and rushed in a losing effort.")
    assert details(c) == []


def test_detail_conflict_rank_word_before_a_title_only():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "Foreign Minister Abbas Araghchi met the army chief in Rawalpindi on Monday.")
    b.statement("b", "Deputy Foreign Minister Abbas Araghchi met the army chief in Rawalpindi on Monday.")
    assert details(b) == ['"Deputy" in only one']
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", "The museum opened in the old railway station of the town last spring.")
    c.statement("b", "The museum opened in the former railway station of the town last spring.")
    assert details(c) == []


@pytest.mark.parametrize(
    ("b_text", "b_date", "said"),
    [
        (BASE.format(n="35"), MAY, (None, None)),  # the same sentence: nothing differs
        (BASE.format(n="50"), MAY + dt.timedelta(days=10), (None, None)),  # ten days later: the news moved on
        (BASE.format(n="50"), MAY, ("Fire Chief Ed Rowe", "Mayor Ann Lee")),  # two speakers
        ("Firefighters in Palmer said 50 people watched the warehouse burn from the road.", MAY, (None, None)),
    ],
)
def test_detail_conflict_must_not_fire(b_text, b_date, said):
    b = Builder().article("a", MAY).article("b", b_date)
    b.statement("a", BASE.format(n="35"), said_by=said[0])
    b.statement("b", b_text, said_by=said[1])
    assert details(b) == []


def test_detail_conflict_where_one_sentence_stops_and_the_other_goes_on():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "Bush suffered a left knee injury against Carolina on October 23 and missed four games.")
    b.statement("b", "Bush suffered a left knee injury against Carolina on October 19.")
    assert details(b) == ["23 / 19"]
    c = Builder().article("a", MAY).article("b", MAY)  # the longer one only adds words: no detail differs
    c.statement("a", "Bush suffered a left knee injury against Carolina on October 19 and missed four games.")
    c.statement("b", "Bush suffered a left knee injury against Carolina on October 19.")
    assert details(c) == []


def test_detail_conflict_one_speaker_named_two_ways():
    b = Builder().article("a", MAY).article("b", MAY)
    said = BASE.rstrip(".") + ", said {who}."
    chief, plain = "the Central Mat-Su fire chief, James Steele", "Fire Chief James Steele"
    b.statement("a", said.format(n="35", who=chief), names=["James Steele"], said_by=chief)
    b.statement("b", said.format(n="50", who=plain), names=["James Steele"], said_by=plain)
    assert details(b) == ["35 / 50"]


def test_detail_conflict_one_speaker_named_first_in_a_long_attribution():
    # the parser gave the speaker the whole phrase after him, changed place and all
    b = Builder().article("a", MAY).article("b", MAY)
    said = BASE.rstrip(".") + ", said {who}."
    long_a = "doctor Ema Suryani to AFP, speaking from Lampahan city in the Palmer district"
    long_b = "doctor Ema Suryani to AFP, speaking from Lampahan city in the Wasilla district"
    b.statement("a", said.format(n="35", who=long_a), names=["Ema Suryani"], said_by=long_a)
    b.statement("b", said.format(n="50", who=long_b), names=["Ema Suryani"], said_by=long_b)
    assert "35 / 50" in details(b)[0]


@pytest.mark.parametrize(("other", "same"), [("Mark Heller", True), ("Lindsay Lohan", False)])
def test_detail_conflict_speaker_is_the_head_of_the_attribution(other, same):
    # "Lindsay Lohan's lawyer Mark Heller" is Heller speaking, not Lohan
    b = Builder().article("a", MAY).article("b", MAY)
    said = BASE.rstrip(".") + ", said {who}."
    lawyer = "Lindsay Lohan's lawyer Mark Heller"
    b.statement("a", said.format(n="35", who=lawyer), names=["Lindsay Lohan", "Mark Heller"], said_by=lawyer)
    b.statement("b", said.format(n="50", who=other), names=[other], said_by=other)
    assert bool(details(b)) is same


def test_detail_conflict_beside_a_long_shared_run_in_a_less_similar_pair():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "His arrest came five days before the team's playoff loss at Pittsburgh.", places=["Pittsburgh"])
    b.statement(
        "b",
        "Jackson was arrested for investigation of drunk driving on the highway, five days before the team's "
        "playoff loss at Chicago.",
        places=["Chicago"],
    )
    assert details(b) == ["Pittsburgh / Chicago"]
    c = Builder().article("a", MAY).article("b", MAY)  # a short shared run is not enough when the rest differs
    c.statement("a", "Mayor Ann Lee said in a statement that the road will open on Monday.")
    c.statement("b", "The company, which built the bridge, said in a statement that it will pay on Friday.")
    assert details(c) == []


def test_detail_conflict_a_short_sentence_printed_inside_a_long_one():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "Nora Vance launched a new jewellery line called Orbit in March.")
    b.statement(
        "b",
        "Two years ago, Nora Vance, who launched a new jewellery line called Orbit in June, spoke about her "
        "image and said the tabloids had it wrong from the start, and that her friends had let her down as well.",
    )
    assert details(b) == ["March / June"]
    c = Builder().article("a", MAY).article("b", MAY)  # most of the short one is not in the long one
    c.statement("a", "Nora Vance opened her first store in Boston in March.")
    c.statement(
        "b",
        "Two years ago, Nora Vance, who launched a new jewellery line called Orbit in June, spoke about her "
        "image and said the tabloids had it wrong from the start.",
    )
    assert details(c) == []


def test_detail_conflict_a_weekday_moved_in_the_sentence():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "Some 1,300 biologists sent separate letters last Sunday to the Interior Department.")
    b.statement("b", "Last Friday, some 1,300 biologists sent separate letters to the Interior Department.")
    # a day that moved may date another happening of the sentence ("said Wednesday" / "starting
    # Thursday"): a reviewer's question at info, not a warning
    (found,) = detail_conflict(b.build(), DetailOptions())
    assert found.severity is Severity.INFO and "Sunday / Friday" in found.message
    c = Builder().article("a", MAY).article("b", MAY)  # the same day, moved: nothing differs
    c.statement("a", "Some 1,300 biologists sent separate letters last Friday to the Interior Department.")
    c.statement("b", "Last Friday, some 1,300 biologists sent separate letters to the Interior Department.")
    assert details(c) == []
    d = Builder().article("a", MAY).article("b", MAY)  # another day in one of them: the weekday may be its
    d.statement("a", "On Wednesday afternoon, the Saints signed Joique Bell from the Eagles practice squad.")
    d.statement("b", "The Saints signed DeShawn Wynn on Tuesday and Joique Bell today from the Eagles practice squad.")
    assert details(d) == []


def test_detail_conflict_not_on_time_gone_by():
    b = Builder().article("a", MAY).article("b", MAY)
    b.statement("a", "The youths smashed windows after four days of the worst riots Greece has seen in decades.")
    b.statement("b", "The youths smashed windows after eight days of the worst riots Greece has seen in decades.")
    assert details(b) == []
    c = Builder().article("a", MAY).article("b", MAY)  # a planned length is a fact
    c.statement("a", "Araghchi arrived in Islamabad for a two day visit to meet the army chief.")
    c.statement("b", "Araghchi arrived in Islamabad for a three day visit to meet the army chief.")
    assert details(c) == ["two / three"]


def test_detail_conflict_ignores_the_same_article():
    b = Builder().article("a", MAY)
    b.statement("a", BASE.format(n="35"))
    b.statement("a", BASE.format(n="40"))
    assert details(b) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("PUBLISHED: THURSDAY, MAY 2, 2013, 1: 32 PM", "UPDATED: TUESDAY, MARCH 12, 2013, 9: 36 AM"),  # stamps
        ("He is to be sentenced Nov. 8 by the judge in the county court.",
         "He is to be sentenced November 8 by the judge in the county court."),  # the same month
        ("I feel on the floor we were n't executing the philosophy that we want.",
         "I did n't feel on the floor we were executing the philosophy that we want."),  # a negation moved
        ("The rule was issued weeks before George W. Bush left office in January.",
         "The rule was issued weeks before former President George W. Bush left office in January."),  # title added
    ],
)  # fmt: skip
def test_detail_conflict_ignores_stamps_spellings_and_moved_words(a, b):
    builder = Builder().article("a", MAY).article("b", MAY)
    builder.statement("a", a)
    builder.statement("b", b)
    assert details(builder) == []


@pytest.mark.parametrize(
    ("a", "b", "detail"),
    [
        ("Chicago", "Mannheim", "Chicago / Mannheim"),  # two countries
        ("Wasilla", "Chicago", "Wasilla / Chicago"),  # two US states
        ("Iran", "Pakistan", "Iran / Pakistan"),
        ("Fort Smith", "Arkansas", None),  # a town and its state: two grains of one place
        ("Manhattan", "New York", None),  # one reading of Manhattan is in New York
        ("Aceh", "Indonesia", None),  # a province the gazetteer does not hold: unknown, no conflict
    ],
)
def test_detail_conflict_places_that_cannot_both_be_right(a, b, detail):
    sentence = "Wladimir Klitschko defended his heavyweight titles in {} on Saturday night before a crowd."
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", sentence.format(a), places=(a,))
    c.statement("b", sentence.format(b), places=(b,))
    assert details(c) == ([detail] if detail else [])


@pytest.mark.parametrize(
    ("a", "b", "note"),
    [
        ("Spiro", "Chicago", True),  # a town the gazetteer does not hold against one it does
        ("Spiro", "Lampahan", True),  # neither known
        ("Aceh", "Indonesia", False),  # an unknown name may lie in a known country
        ("Wasilla", "Chicago", False),  # known to disagree: a warning, not a note
    ],
)
def test_detail_conflict_places_the_gazetteer_cannot_compare_are_a_note(a, b, note):
    sentence = "Flynn's body was found in a car near {} on April 9, the sheriff said."
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", sentence.format(a), places=(a,))
    c.statement("b", sentence.format(b), places=(b,))
    found = list(detail_conflict(c.build(), DetailOptions()))
    notes = [f for f in found if f.severity is Severity.INFO]
    assert [f"{a} / {b}" in f.message for f in notes] == ([True] if note else [])


def test_detail_conflict_possessive_place():
    sentence = "The doctor spoke from Lampahan city in {} Bener Meriah district, the agency said."
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", sentence.format("Iran's"), places=("Iran",))
    c.statement("b", sentence.format("Pakistan's"), places=("Pakistan's",))  # the tagger may keep the "'s"
    assert details(c) == ["Iran / Pakistan"]


def test_detail_conflict_places_in_another_order_are_no_change():
    teams = ("Oklahoma City", "Washington", "Toronto", "Minnesota")
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement(
        "a",
        "He is the fifth NBA head coach fired this season, joining Oklahoma City's P.J.Carlesimo, "
        "Washington's Eddie Jordan, Toronto's Sam Mitchell and Minnesota's Randy Wittman.",
        places=teams,
    )
    c.statement(
        "b",
        "Cheeks became the fifth NBA coach fired this season following P.J. Carlesimo (Oklahoma City), "
        "Eddie Jordan (Washington), Sam Mitchell (Toronto) and Randy Wittman (Minnesota).",
        places=teams,
    )
    assert list(detail_conflict(c.build(), DetailOptions())) == []


def test_detail_conflict_part_of_a_place_named_two_ways_is_no_note():
    sentence = "Indonesia lies on the Ring of Fire, an arc of fault lines encircling the {}, experts say."
    c = Builder().article("a", MAY).article("b", MAY)
    c.statement("a", sentence.format("Pacific Ocean"), places=("Pacific Ocean",))
    c.statement("b", sentence.format("Pacific Basin"), places=("Pacific Basin",))
    assert list(detail_conflict(c.build(), DetailOptions())) == []
