"""The baseline file: written from findings, read back, accepted findings marked, stale entries listed."""

import json

import pytest

from checker.baseline import BaselineError, apply_baseline, baseline_of, read_baseline, write_baseline
from checker.findings import Evidence, Finding, Severity
from checker.report import Report


def finding(fid: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        id=fid,
        rule="role-conflict",
        severity=severity,
        message=f"conflict {fid}",
        entities=("X",),
        evidence=(Evidence(article="a", start=0, end=1, quote="x"),),
    )


def test_round_trip_keeps_reasons(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, baseline_of([finding("f1"), finding("f2")], reason="checked by the desk"))
    first = read_baseline(path)
    assert {e.id: e.reason for e in first.accepted} == {"f1": "checked by the desk", "f2": "checked by the desk"}
    edited = first.model_copy(update={"accepted": (first.accepted[0].model_copy(update={"reason": "title changed"}),)})
    again = baseline_of([finding("f1"), finding("f3")], previous=edited)
    assert {e.id: e.reason for e in again.accepted} == {"f1": "title changed", "f3": ""}


def test_accepted_findings_fail_nothing_and_stale_entries_are_listed():
    report = Report(findings=(finding("f1"), finding("f2", Severity.WARNING)))
    applied = apply_baseline(report, baseline_of([finding("f1"), finding("gone")], reason="ok"))
    assert [f.accepted is not None for f in applied.findings] == [True, False]
    assert applied.findings[0].accepted.reason == "ok"
    assert [e.id for e in applied.stale] == ["gone"]
    assert not applied.fails(Severity.ERROR)  # the only error is accepted
    assert applied.fails(Severity.WARNING)
    assert applied.count(Severity.ERROR) == 0 and applied.accepted_count() == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not JSON (line 1"),
        (json.dumps({"version": "1", "accepted": [{"rule": "x"}]}), "accepted.0.id"),
        (json.dumps({"version": "9", "accepted": []}), "baseline version '9'"),
        (json.dumps({"version": "1", "accepted": [], "extra": 1}), "not a baseline file"),
    ],
)
def test_bad_baseline_is_one_line_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(BaselineError) as error:
        read_baseline(path)
    assert str(error.value).startswith(str(path)) and problem in str(error.value)


def test_missing_baseline(tmp_path):
    with pytest.raises(BaselineError, match="no such baseline file"):
        read_baseline(tmp_path / "none.json")
