"""`accord check`: formats, --output, exit codes, and one-line input errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.findings import Finding, Severity
from checker.registry import register_check
from claims.types import ClaimKind

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_seeds_json_lists_articles_with_dates(seeds_dir, expected):
    result = invoke("check", str(seeds_dir), "--format", "json")
    assert result.exit_code == 1, result.stderr  # the seeds hold errors: Araghchi's title, Raisi alive
    report = json.loads(result.stdout)
    assert report["version"] == "1"
    assert {a["id"]: a["published"] for a in report["articles"]} == expected["published"]
    assert set(report) >= {"articles", "entities", "findings"}


def test_text_format(seeds_dir):
    result = invoke("check", str(seeds_dir), "--exit-zero")
    assert result.exit_code == 0
    assert "003_7ca1523c2e0b38f8" in result.stdout and "undated" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_output_written_atomically(tmp_path, seeds_dir):
    out = tmp_path / "deep" / "report.json"
    result = invoke("check", str(seeds_dir), "--format", "json", "--output", str(out))
    assert result.exit_code == 1  # where the output goes never changes the exit code
    assert result.stdout == ""
    assert len(json.loads(out.read_text())["articles"]) == 5
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]  # no temporary file left behind
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


def test_input_error_keeps_previous_report(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("previous")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfd not utf")
    result = invoke("check", str(bad), "--output", str(out))
    assert result.exit_code == 2
    assert out.read_text() == "previous"


def test_unwritable_output_is_exit_2(tmp_path, seeds_dir):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("check", str(seeds_dir), "--output", str(blocker / "report.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"accord: error: {blocker / 'report.json'}: cannot write report")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "file is empty"),
        ("latin1.txt", "café".encode("latin-1"), "not valid UTF-8"),
        ("img.txt", b"\x89PNG\r\n\x1a\n", "binary file"),
        ("feed.jsonl", b'{"id": "a", "text": "ok"}\n{oops\n', "malformed JSON"),
    ],
)
def test_input_errors_exit_2_with_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = invoke("check", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1
    assert lines[0].startswith(f"accord: error: {path}")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_missing_path_exit_2(tmp_path):
    result = invoke("check", str(tmp_path / "absent"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"accord: error: {tmp_path / 'absent'}: no such file or directory"


def test_usage_errors_exit_2():
    assert invoke("check").exit_code == 2
    assert invoke("check", "seeds", "--format", "xml").exit_code == 2
    assert invoke("nonsense").exit_code == 2


@pytest.fixture
def loud_check():
    """A check that flags every article mentioning 'contested', registered for one test only."""
    from checker import registry

    @register_check("test-contested", severity=Severity.WARNING, needs={ClaimKind.STATEMENT})
    def contested(corpus, options):
        """Flags the word 'contested'."""
        for claim in corpus.all_claims():
            if "contested" in claim.text:
                yield Finding(
                    id=f"t-{claim.span.article}",
                    rule="test-contested",
                    severity=Severity.WARNING,
                    message="contested",
                    evidence=(),
                )

    yield
    registry._REGISTRY.pop("test-contested")


def test_exit_codes_follow_fail_on(tmp_path, loud_check):
    (tmp_path / "a.txt").write_text("The result is contested by the opposition.")
    corpus = str(tmp_path)
    assert invoke("check", corpus).exit_code == 0  # a warning does not fail the default --fail-on error
    assert invoke("check", corpus, "--fail-on", "warning").exit_code == 1
    assert invoke("check", corpus, "--fail-on", "warning", "--format", "json").exit_code == 1
    out = tmp_path / "out" / "r.json"
    assert invoke("check", corpus, "--fail-on", "warning", "--output", str(out)).exit_code == 1
    assert invoke("check", corpus, "--fail-on", "warning", "--exit-zero").exit_code == 0
    assert invoke("check", corpus, "--fail-on", "never").exit_code == 0
    assert invoke("check", corpus, "--fail-on", "info").exit_code == 1


def test_console_script_runs(seeds_dir):
    """The installed `accord` command, in a real process: exit code and JSON on stdout."""
    exe = Path(sys.executable).with_name("accord")
    result = subprocess.run(
        [str(exe), "check", str(seeds_dir), "--format", "json", "--exit-zero"],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 5


def test_claims_command(seeds_dir):
    result = invoke("claims", str(seeds_dir), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    names = {e["canonical"] for e in report["entities"]}
    assert {"Abbas Araghchi", "Ishaq Dar", "Asim Munir"} <= names
    kinds = {c["kind"] for c in report["claims"]}
    assert {"holds_role", "status", "meeting", "quantity", "statement"} <= kinds
    assert all(m["entity"] for m in report["mentions"])
    text = invoke("claims", str(seeds_dir)).stdout
    assert "Deputy Foreign Minister (Iran) for Political Affairs" in text
    assert "merged: amina baloch = amna baloch: spelling variants" in text


def test_user_roles_file(tmp_path):
    (tmp_path / "a.txt").write_text("The visit of Bishop John Smith was short.")
    roles = tmp_path / "roles.toml"
    roles.write_text('[[role]]\nid = "bishop"\nname = "Bishop"\nbody = "diocese"\nrank = 100\nsingle_holder = true\n')
    result = invoke("claims", str(tmp_path / "a.txt"), "--roles", str(roles), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [c["role"]["name"] for c in json.loads(result.stdout)["claims"] if c["kind"] == "holds_role"] == ["Bishop"]
    roles.write_text("not toml [")
    bad = invoke("claims", str(tmp_path / "a.txt"), "--roles", str(roles))
    assert bad.exit_code == 2 and bad.stderr.startswith(f"accord: error: {roles}: cannot read ontology")


def test_checks_command_lists_the_registry():
    from checker.registry import registered_checks

    result = invoke("checks")
    assert result.exit_code == 0
    for spec in registered_checks():
        assert spec.id in result.stdout and spec.doc in result.stdout
    assert "same_date_days=3" in result.stdout


def test_gate_reports_only_findings_that_involve_the_draft(seeds_dir):
    draft = seeds_dir / "003_7ca1523c2e0b38f8.txt"
    result = invoke("gate", str(draft), "--corpus", str(seeds_dir), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert findings and all("003_7ca1523c2e0b38f8" in {e["article"] for e in f["evidence"]} for f in findings)
    names = {n.split()[-1] for f in findings for n in f["entities"]}
    assert {"Araghchi", "Raisi"} <= names


def test_gate_clean_draft_exits_0(seeds_dir, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("date 2025-05-09 ISLAMABAD – Foreign Minister Ishaq Dar met reporters on Friday.\n")
    result = invoke("gate", str(draft), "--corpus", str(seeds_dir), "--format", "jsonl")
    assert result.exit_code == 0, result.stdout
    # The shipped NLI model may voice an opinion (info: it never fails a gate); no rule objects.
    assert all(json.loads(line)["severity"] == "info" for line in result.stdout.splitlines())


def test_jsonl_format_one_finding_per_line(seeds_dir):
    result = invoke("check", str(seeds_dir), "--format", "jsonl")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(json.loads(line)["rule"] for line in lines)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github"])
def test_exit_code_does_not_depend_on_format_or_destination(tmp_path, loud_check, fmt):
    (tmp_path / "a.txt").write_text("The result is contested by the opposition.")
    corpus = str(tmp_path / "a.txt")
    assert invoke("check", corpus, "--format", fmt).exit_code == 0
    assert invoke("check", corpus, "--format", fmt, "--fail-on", "warning").exit_code == 1
    out = tmp_path / f"report.{fmt}"
    assert invoke("check", corpus, "--format", fmt, "--fail-on", "warning", "-o", str(out)).exit_code == 1
    assert out.exists()
    assert invoke("check", corpus, "--format", fmt, "--fail-on", "warning", "--exit-zero").exit_code == 0


def test_no_progress_when_not_a_terminal(seeds_dir):
    result = invoke("check", str(seeds_dir), "--format", "json")
    assert result.stderr == ""  # CliRunner's stderr is not a terminal: no progress bar


def seed_paths(seeds_dir, *prefixes: str) -> list[str]:
    return [str(p) for p in sorted(seeds_dir.glob("*.txt")) if p.name[:3] in prefixes]


def test_gate_002_against_the_others_with_their_baseline_exits_0(seeds_dir, tmp_path):
    baseline = tmp_path / "baseline.json"
    made = invoke("baseline", *seed_paths(seeds_dir, "000", "001", "003", "004"), "--write", str(baseline))
    assert made.exit_code == 0, made.stderr
    accepted = json.loads(baseline.read_text())["accepted"]
    assert {e["rule"] for e in accepted} >= {"role-conflict", "deceased-acting"}
    draft = seed_paths(seeds_dir, "002")[0]
    result = invoke("gate", draft, "--corpus", str(seeds_dir), "--baseline", str(baseline), "--format", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["stale"] == []  # the four's conflicts still exist, so none is stale


def test_baseline_accepts_and_reports_stale(seeds_dir, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert invoke("baseline", str(seeds_dir), "--write", str(baseline), "--reason", "reviewed").exit_code == 0
    draft = seed_paths(seeds_dir, "003")[0]
    accepted = invoke("gate", draft, "--corpus", str(seeds_dir), "--baseline", str(baseline), "--format", "json")
    assert accepted.exit_code == 0  # the Araghchi and Raisi errors are accepted
    findings = json.loads(accepted.stdout)["findings"]
    assert findings and all(f["accepted"] == {"reason": "reviewed", "decision": "accepted"} for f in findings)
    text = invoke("gate", draft, "--corpus", str(seeds_dir), "--baseline", str(baseline)).stdout
    assert "[accepted: reviewed]" in text
    sarif = invoke("gate", draft, "--corpus", str(seeds_dir), "--baseline", str(baseline), "--format", "sarif")
    assert all(r["suppressions"][0]["status"] == "accepted" for r in json.loads(sarif.stdout)["runs"][0]["results"])

    # Without 003 the Araghchi/Raisi conflicts are gone: their entries are stale.
    others = seed_paths(seeds_dir, "000", "001", "002", "004")
    stale = invoke("check", *others, "--baseline", str(baseline), "--format", "json")
    stale_rules = {e["rule"] for e in json.loads(stale.stdout)["stale"]}
    assert {"role-conflict", "deceased-acting"} <= stale_rules
    assert "STALE BASELINE ENTRIES" in invoke("check", *others, "--baseline", str(baseline)).stdout


def test_bad_baseline_exits_2(seeds_dir, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("[1, 2")
    result = invoke("check", str(seeds_dir), "--baseline", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"accord: error: {bad}: not JSON") and result.stderr.count("\n") == 1


def test_config_discovered_from_working_directory(seeds_dir, tmp_path, monkeypatch):
    (tmp_path / "accord.toml").write_text(
        '[checks.deceased-acting]\nenabled = false\n[checks.role-conflict]\nseverity = "warning"\n'
    )
    monkeypatch.chdir(tmp_path)
    draft = seed_paths(seeds_dir, "003")[0]
    result = invoke("gate", draft, "--corpus", str(seeds_dir), "--format", "json")
    assert result.exit_code == 0  # nothing left at error
    findings = json.loads(result.stdout)["findings"]
    araghchi = [f for f in findings if "Abbas Araghchi" in f["entities"] and f["rule"] != "nli-contradiction"]
    assert araghchi and all(f["severity"] == "warning" for f in araghchi)
    assert "deceased-acting" not in {f["rule"] for f in findings}
    (tmp_path / "accord.toml").write_text('fail_on = "warning"\n')
    assert invoke("gate", draft, "--corpus", str(seeds_dir)).exit_code == 1
    assert invoke("gate", draft, "--corpus", str(seeds_dir), "--fail-on", "never").exit_code == 0  # CLI wins


def test_config_option_and_errors_exit_2(seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "accord.toml").write_text("[checks.role-conflict]\nsame_date_dayz = 3\n")
    result = invoke("check", str(seeds_dir))
    assert result.exit_code == 2
    assert "unknown key 'checks.role-conflict.same_date_dayz'" in result.stderr
    assert result.stderr.count("\n") == 1
    other = tmp_path / "other.toml"
    other.write_text('fail_on = "never"\n')
    assert invoke("check", str(seeds_dir), "--config", str(other)).exit_code == 0
    missing = invoke("check", str(seeds_dir), "--config", str(tmp_path / "none.toml"))
    assert missing.exit_code == 2 and "no such config file" in missing.stderr


def test_gate_focus_loses_no_finding_about_the_draft(seeds_dir):
    """The gate compares only pairs that touch the draft; it must find all that a full check finds about it."""
    draft = "003_7ca1523c2e0b38f8"
    full = json.loads(invoke("check", str(seeds_dir), "-f", "json").stdout)["findings"]
    about_draft = sorted(f["id"] for f in full if draft in {e["article"] for e in f["evidence"]})
    gated = invoke("gate", str(seeds_dir / f"{draft}.txt"), "--corpus", str(seeds_dir), "-f", "json")
    assert sorted(f["id"] for f in json.loads(gated.stdout)["findings"]) == about_draft


@pytest.mark.parametrize("fmt", ["text", "sarif", "html"])
def test_render_gives_a_saved_report_in_another_format(tmp_path, fmt):
    from checker.render import RenderOptions, render
    from tests.checker.test_render import hostile_report

    saved = tmp_path / "report.json"
    saved.write_text(render(hostile_report(), "json"))
    result = invoke("render", str(saved), "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == render(hostile_report(), fmt, RenderOptions(color=False))


@pytest.mark.parametrize(("content", "message"), [("x", "Invalid JSON"), ('{"findings": 3}', "at findings")])
def test_render_refuses_what_is_not_a_report_in_one_line(tmp_path, content, message):
    saved, out = tmp_path / "report.json", tmp_path / "out.txt"
    saved.write_text(content)
    out.write_text("previous")
    result = invoke("render", str(saved), "--output", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(saved) in result.stderr and message in result.stderr
    assert out.read_text() == "previous"
