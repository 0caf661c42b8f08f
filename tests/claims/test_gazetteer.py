"""Where places are: two names disagree only when every place each can name lies elsewhere."""

import pytest

from claims.gazetteer import disjoint, regions


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("Chicago", "Mannheim", True),  # two countries
        ("Wasilla", "Chicago", True),  # two US states
        ("Rawalpindi", "Islamabad", True),  # two regions of one country
        ("Iranian", "Pakistan", True),  # accord's own country adjectives count
        ("Fort Smith", "Arkansas", False),  # a town in its state
        ("Islamabad", "Pakistan", False),  # a city in its country
        ("Paris", "Texas", False),  # one Paris is in Texas
        ("Aceh", "Indonesia", False),  # unknown to the gazetteer: disagrees with nothing
        ("the United States", "Chicago", False),
    ],
)
def test_disjoint(a, b, apart):
    assert disjoint(a, b) is apart
    assert disjoint(b, a) is apart


def test_regions_of_an_ambiguous_name():
    assert {("GB", "ENG"), ("NZ", "E9")} <= regions("Christchurch")
    assert regions("Nowhere-on-Thames") == frozenset()


def test_a_capital_before_a_country_is_a_pair_of_places():
    from claims.gazetteer import lies_in

    assert lies_in("Beijing", "US") is None  # "Beijing, US": two places in a headline
    assert lies_in("Chicago", "France") is False  # a town, not a capital: still no Chicago in France
