import datetime as dt

import pytest

import checker
from checker.findings import Evidence, Finding, Severity, fingerprint
from checker.pipeline import merge_duplicates, sort_findings
from checker.report import Report


def test_python_api_runs_end_to_end():
    report = checker.check(
        [
            checker.Article(id="a", text="Minister X met Y in Tehran on Monday.", published=dt.date(2025, 2, 4)),
            checker.Article(id="b", text="X, the deputy minister, met Y.", published=None),
        ]
    )
    assert isinstance(report, Report)
    assert [a.id for a in report.articles] == ["a", "b"]
    assert report.articles[0].published == dt.date(2025, 2, 4)
    assert isinstance(report.findings, tuple)


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError, match="duplicate article id 'a'"):
        checker.check([checker.Article(id="a", text="x"), checker.Article(id="a", text="y")])


def test_statement_claims_point_into_text():
    from claims.extract import extract_claims, parse

    text = "Headline Without Stop\nIslamabad, May 8, 2025 — First sentence here. Second one follows.\n\nNew para."
    ((article, doc),) = parse([checker.Article(id="s", text=text)])
    claims = extract_claims(article, doc)
    assert claims[0].text == "Headline Without Stop"
    for claim in claims:
        assert text[claim.span.start : claim.span.end] == claim.span.quote == claim.text


def ev(article: str) -> Evidence:
    return Evidence(article=article, start=0, end=1, quote="q")


def test_merge_duplicates_keeps_all_evidence():
    a = Finding(id="f", rule="r", severity=Severity.ERROR, message="m", entities=("X",), evidence=(ev("1"),), score=0.5)
    b = Finding(
        id="f", rule="r", severity=Severity.ERROR, message="m", entities=("Y",), evidence=(ev("2"), ev("1")), score=0.9
    )
    (merged,) = merge_duplicates([a, b])
    assert merged.articles == ("1", "2")
    assert merged.entities == ("X", "Y")
    assert merged.score == 0.9


def test_sort_and_fail():
    info = Finding(id="i", rule="r", severity=Severity.INFO, message="m")
    err = Finding(id="e", rule="r", severity=Severity.ERROR, message="m")
    assert [f.id for f in sort_findings([info, err])] == ["e", "i"]
    report = Report(findings=(info,))
    assert report.fails(Severity.INFO) and not report.fails(Severity.WARNING) and not report.fails(None)
    assert Report().worst() is None


def test_fingerprint_is_order_independent():
    assert fingerprint("r", {"a": 1}, "x") == fingerprint("r", "x", {"a": 1})
    assert fingerprint("r", "x") != fingerprint("s", "x")


@pytest.mark.model
def test_an_organisation_and_its_acronym_are_one_body():
    report = checker.check(
        [
            checker.Article(
                id="a",
                text="Shells hit the school, said UN Relief and Works Agency Deputy Spokesman Christopher Gunness.",
                published=dt.date(2009, 1, 7),
            ),
            checker.Article(
                id="b",
                text="UNRWA Spokesman Christopher Gunness said the school was marked.",
                published=dt.date(2009, 1, 7),
            ),
        ]
    )
    (finding,) = [f for f in report.findings if f.rule == "role-conflict"]
    assert "UN Relief and Works Agency" in finding.message and "UNRWA" not in finding.message
