import pytest

from claims.names import compatible, name_key, same_spelling


@pytest.mark.parametrize(
    ("written", "given", "surname"),
    [
        ("Seyed Abbas Araghchi", ("abbas",), "araghchi"),
        ("Syed Asim Munir", ("asim",), "munir"),
        ("General Syed Asim Munir", ("asim",), "munir"),
        ("Mohammad Ishaq Dar", ("ishaq",), "dar"),
        ("Mohammad Bagheri", ("mohammad",), "bagheri"),  # a first name when nothing else is
        ("Dr Larijani", (), "larijani"),
        ("Martin Luther King Jr.", ("martin", "luther"), "king"),
    ],
)
def test_name_key(written, given, surname):
    key = name_key(written)
    assert (key.given, key.surname) == (given, surname)


@pytest.mark.parametrize(
    ("a", "b"), [("amina", "amna"), ("seyed", "syed"), ("mohammad", "mohammed"), ("ebrahim", "ibrahim")]
)
def test_spelling_variants(a, b):
    assert same_spelling(a, b)[0] or a[0] != b[0]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Amina Baloch", "Amna Baloch", True),
        ("Abbas Araghchi", "Seyed Abbas Araghchi", True),
        ("Ishaq Dar", "Mohammad Ishaq Dar", True),
        ("Abbas Araghchi", "Ali Araghchi", False),  # given names disagree: two people
        ("Tara Reid", "Lindsay Lohan", False),
        ("George Bush", "Laura Bush", False),
        ("Mark Kelly", "Megyn Kelly", False),
        ("John Smith", "Joan Smith", False),
        ("A. Araghchi", "Abbas Araghchi", True),
        ("Araghchi", "Abbas Araghchi", True),
    ],
)
def test_compatible(a, b, same):
    ok, why = compatible(name_key(a), name_key(b))
    assert ok is same, why


def test_acronym_of_keeps_an_acronym_inside_a_name():
    from claims.align import acronym_of

    assert acronym_of("Inter-Services Public Relations") == "ISPR"
    assert acronym_of("UN Relief and Works Agency") == "UNRWA"
    assert acronym_of("US Geological Survey") == "USGS"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Carolos Papadakis", "Karolos Papadakis", True),  # one sound spelt c or k
        ("Karolos Papoulias", "Karolus Papoulias", True),  # -os / -us
        ("Mustafa Kemal", "Moustapha Kemal", True),
        ("Recep Tayyip Erdogan", "Tayyip Erdogan", True),  # a given name left out
        ("Joan Lee", "John Lee", False),  # still two people
        ("Grace Okafor", "Daniel Okafor", False),  # relatives share a surname only
    ],
)
def test_transliterations_and_left_out_names(a, b, same):
    from claims.names import compatible, name_key

    assert compatible(name_key(a), name_key(b))[0] is same
