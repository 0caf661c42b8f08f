import json

import pytest

from checker.findings import Evidence, Finding, Severity
from checker.render import RenderOptions, render
from checker.report import ArticleInfo, Report

HOSTILE = "[bold red]boom[/] \x1b[31mred\x1b[0m \x07bell"


def hostile_report() -> Report:
    return Report(
        articles=(ArticleInfo(id="a", published=None, title=HOSTILE),),
        findings=(
            Finding(
                id="f1",
                rule="role-conflict",
                severity=Severity.ERROR,
                message=HOSTILE,
                entities=("X",),
                evidence=(Evidence(article="a", start=0, end=5, quote=HOSTILE),),
            ),
        ),
    )


def test_text_prints_markup_and_control_characters_literally():
    out = render(hostile_report(), "text", RenderOptions(color=False, width=200))
    assert "[bold red]boom[/]" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[31mred" in out


def test_json_escapes_control_characters():
    out = render(hostile_report(), "json")
    assert "\x1b" not in out
    assert json.loads(out)["findings"][0]["message"] == HOSTILE


def located_report(tmp_path) -> Report:
    """Two articles on disk (text and HTML), one finding citing both, one accepted, one stale entry."""
    from checker.findings import Acceptance
    from checker.report import BaselineEntry

    (tmp_path / "a.txt").write_text("line one\nthe quote here\n")
    (tmp_path / "b.html").write_text("<p>other</p>")
    evidence = (
        Evidence(article="a", start=13, end=23, quote="quote here", line=2, column=5),
        Evidence(article="b", start=0, end=5, quote="other", line=1, column=1),
    )
    return Report(
        articles=(
            ArticleInfo(id="a", published=None, path=str(tmp_path / "a.txt"), title=HOSTILE),
            ArticleInfo(id="b", published=None, path=str(tmp_path / "b.html")),
        ),
        findings=(
            Finding(id="f1", rule="role-conflict", severity=Severity.ERROR, message=HOSTILE, entities=("X, Y",),
                    evidence=evidence),
            Finding(id="f2", rule="rank-regression", severity=Severity.WARNING, message="lower", entities=("X",),
                    evidence=evidence, accepted=Acceptance(reason="checked")),
            Finding(id="f3", rule="role-changed", severity=Severity.INFO, message="changed", entities=("X",),
                    evidence=evidence[:1], score=0.5),
        ),
        stale=(BaselineEntry(id="old", rule="role-conflict"),),
    )  # fmt: skip


def test_sarif_validates_against_the_oasis_schema(tmp_path, shared_data):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared_data / "sarif" / "sarif-schema-2.1.0.json").read_text())
    out = json.loads(render(located_report(tmp_path), "sarif", RenderOptions(root=str(tmp_path))))
    jsonschema.Draft4Validator(schema).validate(out)
    # and the seeds' real report
    from checker.pipeline import check
    from claims.read import read_corpus
    from tests.conftest import SEEDS

    seeds = json.loads(render(check(read_corpus([SEEDS])), "sarif", RenderOptions(root=str(SEEDS.parent))))
    jsonschema.Draft4Validator(schema).validate(seeds)
    assert len(seeds["runs"][0]["results"]) >= 4


def test_sarif_locations_fingerprints_suppressions(tmp_path):
    run = json.loads(render(located_report(tmp_path), "sarif", RenderOptions(root=str(tmp_path))))["runs"][0]
    first, accepted, info = run["results"]
    assert first["level"] == "error" and info["level"] == "note"
    assert first["partialFingerprints"] == {"accordFinding/v1": "f1"}
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "a.txt", "uriBaseId": "SRCROOT"}
    assert location["region"]["startLine"] == 2 and location["region"]["startColumn"] == 5
    assert location["region"]["endColumn"] == 15
    html = first["relatedLocations"][0]["physicalLocation"]
    assert html["artifactLocation"]["uri"] == "b.html" and "region" not in html  # HTML lines are not the file's
    assert "suppressions" not in first
    assert accepted["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "checked"}]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules[first["ruleIndex"]] == "role-conflict"
    assert "stale baseline entry old" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert first["message"]["text"].startswith(HOSTILE)  # JSON escaping keeps it data


def test_github_annotations_escape_and_skip_accepted(tmp_path):
    out = render(located_report(tmp_path), "github", RenderOptions(root=str(tmp_path)))
    lines = out.splitlines()
    assert lines[0].startswith(
        "::error file=a.txt,line=2,col=5,endLine=2,endColumn=15,title=accord role-conflict%3A X%2C Y::"
    )
    assert lines[1].startswith("::error file=b.html,title=")  # no line for HTML
    assert sum(line.startswith("::notice") for line in lines) == 1
    assert not any("lower" in line for line in lines)  # the accepted warning is left out
    assert lines[-1].startswith("::warning title=accord%3A stale baseline entry::old")
    assert "\x1b" not in out and "\\x1b[31mred" in out  # ANSI escapes shown, not obeyed


def test_github_annotation_cannot_be_split_by_article_text(tmp_path):
    report = located_report(tmp_path)
    evil = "x\n::error file=evil::injected\r%0A"
    findings = (report.findings[0].model_copy(update={"message": evil}),)
    out = render(report.model_copy(update={"findings": findings, "stale": ()}), "github", RenderOptions())
    assert len(out.splitlines()) == 2  # one per side, none injected
    assert "%0A::error file=evil::injected%0D%250A" in out


def test_sarif_escapes_control_characters(tmp_path):
    out = render(hostile_report(), "sarif", RenderOptions(root=str(tmp_path)))
    assert "\x1b" not in out and "\x07" not in out
    assert json.loads(out)["runs"][0]["results"][0]["message"]["text"].startswith(HOSTILE)
