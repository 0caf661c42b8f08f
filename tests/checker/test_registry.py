"""Severity is earned: a check's default comes from its precision measured on held-aside data."""

import datetime as dt

import pytest
from typer.testing import CliRunner

from checker import registry
from checker.cli import app
from checker.findings import Severity
from checker.pipeline import run_checks
from checker.registry import Measured, earned
from tests.checker.corpus_builder import Builder


def test_earned_severity():
    assert earned(Severity.WARNING, Measured(reviewed=10, real=9)) is Severity.WARNING
    assert earned(Severity.ERROR, Measured(reviewed=10, real=8)) is Severity.ERROR  # 0.8 is the bar
    assert earned(Severity.WARNING, Measured(reviewed=10, real=7)) is Severity.INFO
    assert earned(Severity.ERROR, Measured(reviewed=0, real=0)) is Severity.ERROR  # unmeasured: as declared
    # a model's opinion declares what it reports until measured
    assert earned(Severity.WARNING, Measured(0, 0), unmeasured=Severity.INFO) is Severity.INFO
    assert earned(Severity.WARNING, Measured(10, 9), unmeasured=Severity.INFO) is Severity.WARNING
    assert str(Measured(reviewed=4, real=3)) == "precision 0.75 (3 of 4 real)"


def test_a_check_under_the_bar_reports_at_info_unless_config_says_otherwise(monkeypatch):
    from checker.registry import CheckSettings

    b = Builder().article("a", dt.date(2025, 5, 8))
    b.statement("a", "The talks opened on Tuesday, May 8, 2025 in the capital.")  # a Thursday
    corpus = b.build()
    (found,) = [f for f in run_checks(corpus, {}) if f.rule == "weekday-mismatch"]
    declared = found.severity
    monkeypatch.setattr(registry, "measurements", lambda: {"weekday-mismatch": Measured(reviewed=5, real=2)})
    (found,) = [f for f in run_checks(b.build(), {}) if f.rule == "weekday-mismatch"]
    assert declared is Severity.WARNING and found.severity is Severity.INFO
    override = {"weekday-mismatch": CheckSettings(severity=Severity.WARNING)}
    (found,) = [f for f in run_checks(b.build(), override) if f.rule == "weekday-mismatch"]
    assert found.severity is Severity.WARNING


def test_the_shipped_measurements_load():
    measured = registry.measurements()
    assert measured and all(m.real <= m.reviewed for m in measured.values())


@pytest.mark.parametrize("check_id", ["role-conflict", "detail-conflict"])
def test_accord_checks_shows_the_measured_precision(check_id):
    result = CliRunner().invoke(app, ["checks"])
    assert result.exit_code == 0
    block = result.output.split(check_id, 1)[1].split("\n")[1]
    assert "precision" in block or "unmeasured" in block
