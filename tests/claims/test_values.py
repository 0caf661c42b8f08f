"""Values written two ways compare equal; values of different kinds or currencies are not compared."""

import pytest

from claims.values import ValueKind, conflicting, read_value, same_value


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1,000", "1 000"),  # grouping
        ("2,500,000", "2 500 000"),
        ("4½", "4 1/2"),  # a fraction as a glyph and as digits
        ("4½", "4.5"),
        ("7¾", "7.75"),
        ("the '60s", "the 1960s"),  # a decade with and without its century
        ("sixties", "'60s"),
        ("1st", "first"),  # ordinals
        ("twelve", "12"),
        ("$5", "5 dollars"),
        ("£3bn", "£3 billion"),
        ("020 7946 0018", "020 7946 0018"),  # a phone number, spaced alike
        ("020 7946 0018", "0207 946 0018"),  # spaced differently: the same digits
        ("+1 (617) 555-0143", "617 555 0143"),
    ],
)
def test_one_value_written_two_ways(a, b):
    assert same_value(a, b)
    va, vb = read_value(a), read_value(b)
    assert va is not None and vb is not None and not conflicting(va, vb)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("12", "13"),
        ("4½", "5"),
        ("$5 million", "$7 million"),
        ("the 1960s", "the 1970s"),
        ("3 1/4", "3 3/4"),
    ],
)
def test_different_values_conflict(a, b):
    assert conflicting(read_value(a), read_value(b))


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("$5 million", "€4.6 million", "one sum converted into another currency"),
        ("6\ufffd", "6¼", "a fraction whose glyph was lost allows any fraction of 6"),
        ("6\ufffd", "6.8", "the same"),
        ("020 7946 0018", "020 7946 0019", "identifiers are not counts"),
        ("third", "3", "an ordinal is not a count"),
        ("'80s", "80", "a decade is not a count"),
        ("10-12", "11", "a range covers a value in it"),
        ("10 to 12", "12", "the same, in words"),
    ],
)
def test_values_that_do_not_conflict(a, b, why):
    va, vb = read_value(a), read_value(b)
    assert va is not None and vb is not None
    assert not conflicting(va, vb), why


def test_what_is_no_value():
    for text in ("F-16", "COVID-19", "Boeing 737s", "hello", ""):
        value = read_value(text)
        assert value is None or value.kind is not ValueKind.NUMBER, text


def test_a_lost_glyph_keeps_the_whole_part():
    lost = read_value("4\ufffd")
    assert lost.kind is ValueKind.UNCERTAIN and (lost.low, lost.high) == (4, 5)
    assert conflicting(lost, read_value("5"))
    assert conflicting(lost, read_value("3\ufffd"))
