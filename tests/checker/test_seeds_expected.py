"""seeds/expected.json as a test, with the matching rules of its `about` line:
an entity matches a finding when the finding's entities include a name whose last word
equals the entity's surname (case-insensitive); severities order info < warning < error."""

import pytest

import checker
from checker.findings import Severity
from claims.read import read_corpus

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def report(seeds_dir):
    return checker.check(read_corpus([seeds_dir]))


def names_entity(finding, surname: str) -> bool:
    return any(name.split()[-1].lower() == surname.lower() for name in finding.entities)


def covers(finding, groups) -> bool:
    articles = {e.article for e in finding.evidence}
    return all(articles & set(group) for group in groups)


def test_must_flag(report, expected):
    for item in expected["must_flag"]:
        hits = [
            f
            for f in report.findings
            if names_entity(f, item["entity"])
            and (not item.get("also_entity") or names_entity(f, item["also_entity"]))
            and f.severity.at_least(Severity(item["min_severity"]))
            and covers(f, item["evidence_groups"])
        ]
        assert hits, f"{item['key']}: no finding; got {[(f.rule, f.entities, f.severity) for f in report.findings]}"


def test_may_flag_stays_under_its_cap(report, expected):
    for item in expected["may_flag"]:
        for f in report.findings:
            if names_entity(f, item["entity"]):
                assert f.severity.rank <= Severity(item["max_severity"]).rank, (item["why"], f.message)


def test_must_not_flag(report, expected):
    for item in expected["must_not_flag"]:
        cap = Severity(item["max_severity"])
        for f in report.findings:
            if "entity" in item:
                about = names_entity(f, item["entity"])
            elif "text" in item:
                about = item["text"] in f.message or any(item["text"] in e.quote for e in f.evidence)
            else:
                about = item["rule_contains"] in f.rule
            assert not (about and f.severity.rank > cap.rank), (item["why"], f.rule, f.message)


def test_fingerprints_are_stable(seeds_dir):
    files = sorted(seeds_dir.glob("*.txt"))
    forward = checker.check(read_corpus(files))
    backward = checker.check(read_corpus(list(reversed(files))))
    assert sorted(f.id for f in forward.findings) == sorted(f.id for f in backward.findings)
    assert len({f.id for f in forward.findings}) == len(forward.findings)
