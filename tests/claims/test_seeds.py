"""The seeds: the entities of seeds/expected.json and the role claims the claims issue lists, with dates."""

import datetime as dt

import pytest

from claims.ontology import default_ontology
from claims.types import ClaimKind

pytestmark = pytest.mark.model

A000, A001, A002, A003, A004 = (
    "000_98eb9a576ede2f12",
    "001_601fc813470b1aa7",
    "002_4695441460b83ce7",
    "003_7ca1523c2e0b38f8",
    "004_12f70f07f4811533",
)


def roles_of(seed_claims, surname):
    """{(article, role name, country, portfolio, qualifiers, date)} for the entity with that surname."""
    _, extracted, alignment = seed_claims
    entity = entity_named(alignment, surname)
    found = set()
    for article, ac in extracted.items():
        for claim in ac.claims:
            if claim.kind is ClaimKind.HOLDS_ROLE and alignment.entity_of(claim.person) == entity.id:
                role = claim.role
                when = (claim.date.start, claim.date.end) if claim.date else None
                found.add((article, role.name, role.country, role.portfolio, role.qualifiers, when))
    return found


def entity_named(alignment, surname):
    matches = [
        e for e in alignment.entities if e.kind == "person" and e.canonical.split()[-1].lower() == surname.lower()
    ]
    assert len(matches) == 1, f"{surname}: {[e.canonical for e in matches]}"
    return matches[0]


def _strip_title(text):
    """ "President Ebrahim Raisi" -> "Ebrahim Raisi": expected.json lists some mentions with their title."""
    words = text.split()
    match = default_ontology().match_title(words, 0)
    return " ".join(words[match[1] :]) if match else text


def test_expected_entities_are_single_entities_with_their_aliases(seed_claims, expected):
    _, _, alignment = seed_claims
    for spec in expected["entities"]:
        entity = entity_named(alignment, spec["surname"])
        for mention in spec["mentions"]:
            assert mention in entity.aliases or _strip_title(mention) in entity.aliases, (spec["canonical"], mention)
        # every mention of that surname landed in this one entity
        others = [
            e
            for e in alignment.entities
            if e is not entity and e.kind == "person" and spec["surname"].lower() in e.canonical.lower()
        ]
        assert not others


def test_canonical_names(seed_claims):
    _, _, alignment = seed_claims
    assert entity_named(alignment, "Araghchi").canonical == "Abbas Araghchi"
    assert entity_named(alignment, "Dar").canonical == "Ishaq Dar"
    assert entity_named(alignment, "Munir").canonical == "Asim Munir"
    assert entity_named(alignment, "Baloch").canonical in ("Amna Baloch", "Amina Baloch")


def test_merges_are_explained(seed_claims):
    _, _, alignment = seed_claims
    baloch = entity_named(alignment, "Baloch")
    assert any("spelling variants" in m and "amina" in m for m in baloch.merges)


def test_araghchi_roles(seed_claims):
    roles = roles_of(seed_claims, "Araghchi")
    assert (A000, "Foreign Minister", "Iran", None, (), day(2025, 2, 4)) in roles
    assert (A001, "Foreign Minister", "Iran", None, (), None) in roles  # undated article, "this week"
    assert (A004, "Foreign Minister", "Iran", None, (), None) in roles
    assert (A003, "Deputy Foreign Minister", "Iran", "for Political Affairs", (), day(2025, 5, 8)) in roles
    deputy_in = {r[0] for r in roles if r[1] == "Deputy Foreign Minister"}
    assert deputy_in == {A003}


def test_baloch_roles(seed_claims):
    roles = roles_of(seed_claims, "Baloch")
    assert {(r[0], r[1], r[2]) for r in roles} == {
        (A000, "Deputy Foreign Minister", "Pakistan"),
        (A002, "Foreign Secretary", None),
    }
    assert {r[5] for r in roles} == {day(2025, 2, 4), day(2025, 11, 25)}


def test_dar_holds_two_roles_in_three_articles(seed_claims):
    roles = roles_of(seed_claims, "Dar")
    by_article = {}
    for article, name, country, *_ in roles:
        by_article.setdefault(article, set()).add((name, country))
    assert by_article[A001] == {("Deputy Prime Minister", "Pakistan"), ("Foreign Minister", "Pakistan")}  # "Forign"
    assert by_article[A002] == {("Deputy Prime Minister", "Pakistan"), ("Foreign Minister", "Pakistan")}
    assert by_article[A004] == {("Foreign Minister", "Pakistan")}  # "his Pakistani counterpart"


def test_munir_is_army_chief_under_both_names(seed_claims):
    roles = roles_of(seed_claims, "Munir")
    assert {(r[0], r[1], r[2]) for r in roles} == {
        (A001, "Chief of Army Staff", "Pakistan"),
        (A003, "Chief of Army Staff", "Pakistan"),
    }


def test_raisi_late_president_then_president(seed_claims):
    roles = roles_of(seed_claims, "Raisi")
    assert (A000, "President", "Iran", None, ("late",), month(2024, 4)) in roles
    assert (A003, "President", None, None, (), day(2025, 5, 8)) in roles
    _, extracted, _ = seed_claims
    dead = [c for c in extracted[A000].claims if c.kind is ClaimKind.STATUS]
    assert [(c.person.name, c.status, c.date.start) for c in dead] == [("Ebrahim Raisi", "dead", dt.date(2025, 2, 4))]


def test_other_office_holders(seed_claims):
    assert {r[1] for r in roles_of(seed_claims, "Pezeshkian")} == {"President"}
    assert {(r[1], r[2]) for r in roles_of(seed_claims, "Larijani")} == {("National Security Advisor", "Iran")}
    assert {(r[1], r[2]) for r in roles_of(seed_claims, "Bagheri")} == {("Chief of Staff of the Armed Forces", "Iran")}
    assert {(r[1], r[3]) for r in roles_of(seed_claims, "Takht-Ravanchi")} == {
        ("Deputy Minister", "for Political Affairs")
    }
    assert {r[1] for r in roles_of(seed_claims, "Sharif")} == {"Prime Minister"}


def test_pezeshkian_title_is_araghchis_quoted_words(seed_claims):
    _, extracted, _ = seed_claims
    (claim,) = [c for c in extracted[A000].claims if c.kind is ClaimKind.HOLDS_ROLE and c.person.name == "Pezeshkian"]
    assert claim.attributed_to == "Araghchi"


def test_meetings_and_quantities(seed_claims):
    _, extracted, _ = seed_claims
    meetings = [c for c in extracted[A000].claims if c.kind is ClaimKind.MEETING]
    assert [({p.name for p in m.participants}, m.date.start) for m in meetings] == [
        ({"Abbas Araghchi", "Amina Baloch"}, dt.date(2025, 2, 3))  # "met on Monday", published Tue 4 Feb
    ]
    quantities = {
        (c.what, c.value, c.unit) for ac in extracted.values() for c in ac.claims if c.kind is ClaimKind.QUANTITY
    }
    assert ("border", 900.0, "km") in quantities
    assert ("border guards", 10.0, None) in quantities
    assert ("trade", 1e10, "USD") in quantities


def test_spans_point_into_text(seed_claims):
    articles, extracted, _ = seed_claims
    texts = {a.id: a.text for a in articles}
    for article, ac in extracted.items():
        for claim in ac.claims:
            for span in (claim.span, claim.sentence):
                assert texts[article][span.start : span.end] == span.quote


def day(y, m, d):
    return (dt.date(y, m, d), dt.date(y, m, d))


def month(y, m):
    import calendar

    return (dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]))


def test_organisation_acronym_joins_its_name(seed_claims):
    _, _, alignment = seed_claims
    (ispr,) = [e for e in alignment.entities if e.kind == "org" and "ISPR" in e.aliases]
    assert ispr.canonical == "Inter-Services Public Relations"
    assert "ISPR = Inter-Services Public Relations: acronym" in ispr.merges
