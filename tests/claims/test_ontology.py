import pytest

from claims.ontology import OntologyError, read_ontology


def test_shipped_ontology_loads_and_knows_titles():
    onto = read_ontology().index(lambda text: text.lower().split())
    assert onto.match_title(["Foreign", "Minister"], 0)[:3] == ("foreign_minister", 2, False)
    assert onto.match_title(["FM"], 0)[0] == "foreign_minister"
    assert onto.match_title(["Chief", "of", "Army", "Staff"], 0)[0] == "army_chief"
    assert onto.match_title(["Army", "Chief"], 0)[0] == "army_chief"
    assert onto.match_title(["Forign", "Minister"], 0)[:3] == ("foreign_minister", 2, True)
    assert onto.match_title(["Minister"], 0)[0] == "minister"
    assert onto.match_title(["Football"], 0) is None
    assert onto.country("Iranian") == onto.country("Iran's") == onto.country("iran") == "Iran"


def test_deputy_is_ranked_below_and_not_single_holder():
    onto = read_ontology()
    fm = onto.make_role("foreign_minister", written="Foreign Minister", country="Iran")
    deputy = onto.make_role("foreign_minister", written="Deputy Foreign Minister", deputy=True, country="Iran")
    assert (deputy.role, deputy.body, deputy.single_holder) == ("deputy_foreign_minister", fm.body, False)
    assert deputy.rank < fm.rank and fm.single_holder


def test_country_equivalents():
    onto = read_ontology()
    assert onto.make_role("foreign_secretary", written="x", country="United Kingdom").role == "foreign_minister"
    assert onto.make_role("foreign_secretary", written="x", country="Pakistan").role == "foreign_secretary"


def test_user_file_adds_and_overrides(tmp_path):
    extra = tmp_path / "roles.toml"
    extra.write_text(
        """
[[role]]
id = "bishop"
name = "Bishop"
body = "diocese"
rank = 100
single_holder = true
aliases = ["bishop"]

[[role]]
id = "mayor"
name = "Lord Mayor"
body = "city_government"
rank = 100
single_holder = true
aliases = ["lord mayor"]
"""
    )
    onto = read_ontology([extra]).index(lambda text: text.lower().split())
    assert onto.match_title(["Bishop"], 0)[0] == "bishop"
    assert onto.roles["mayor"].name == "Lord Mayor"


def test_bad_user_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[role]]\nid = "x"\n')
    with pytest.raises(OntologyError, match=r"bad\.toml: role 'x': missing or bad field"):
        read_ontology([bad])
    with pytest.raises(OntologyError, match="cannot read ontology"):
        read_ontology([tmp_path / "absent.toml"])
