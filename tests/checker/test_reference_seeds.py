"""The seeds against seeds/facts.toml, with no corpus: the gate finds Raisi in office after his death and
Araghchi called Deputy Foreign Minister in May 2025, each citing the sheet's line, and nothing in the
other seeds; `accord facts seeds` drafts a sheet that says what the corpus supports and disputes."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.reference import load_sheets

runner = CliRunner()
SEED_003 = "003_7ca1523c2e0b38f8"


def entry_line(sheet_text: str, kind: str, person: str) -> int:
    """The line of the [[kind]] header whose entry names `person`."""
    lines = sheet_text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == f"[[{kind}]]" and lines[i + 1].strip() == f'person = "{person}"':
            return i + 1
    raise AssertionError(f"no [[{kind}]] for {person}")


def gate(path, sheet):
    result = runner.invoke(app, ["gate", str(path), "--facts", str(sheet), "--format", "json"])
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def test_every_entry_has_a_source(seeds_dir):
    data = tomllib.loads((seeds_dir / "facts.toml").read_text(encoding="utf-8"))
    entries = [e for kind in ("office", "death", "birth") for e in data.get(kind, [])]
    assert len(entries) >= 10 and all(e.get("source", "").startswith("https://") for e in entries)
    sheet = load_sheets([seeds_dir / "facts.toml"])
    raisi, pezeshkian, araghchi = (sheet.people[k] for k in ("ebrahim raisi", "masoud pezeshkian", "abbas araghchi"))
    assert raisi.death.date.text == "2024-05-19" and str(raisi.offices[0].end) == "2024-05-19"
    assert str(pezeshkian.offices[0].start) == "2024-07-28" and pezeshkian.offices[0].end is None
    assert araghchi.offices[0].role.role == "foreign_minister" and str(araghchi.offices[0].start) == "2024-08-21"


def test_gate_003_against_the_sheet_alone(seeds_dir):
    sheet = seeds_dir / "facts.toml"
    text = sheet.read_text(encoding="utf-8")
    result, report = gate(seeds_dir / f"{SEED_003}.txt", sheet)
    assert result.exit_code == 1, result.stderr
    assert [f["severity"] for f in report["findings"]] == ["error", "error"]
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert set(by_rule) == {"reference-death", "reference-title"}

    raisi = by_rule["reference-death"]
    assert raisi["entities"] == ["Ebrahim Raisi"]
    *claims, cited = raisi["evidence"]
    assert {c["article"] for c in claims} == {SEED_003} and "President Ebrahim Raisi" in claims[0]["quote"]
    assert cited["article"] == str(sheet) and cited["line"] == entry_line(text, "death", "Ebrahim Raisi")
    assert f"{sheet}:{cited['line']}" in raisi["message"]

    araghchi = by_rule["reference-title"]
    assert araghchi["entities"] == ["Abbas Araghchi"]
    *claims, cited = araghchi["evidence"]
    assert all("Deputy" in c["quote"] and c["date"] == "2025-05-08" for c in claims)
    assert cited["line"] == entry_line(text, "office", "Abbas Araghchi")
    assert "Deputy Foreign Minister of Iran on 2025-05-08" in araghchi["message"]


@pytest.mark.parametrize(
    "seed", ["000_98eb9a576ede2f12", "001_601fc813470b1aa7", "002_4695441460b83ce7", "004_12f70f07f4811533"]
)
def test_other_seeds_alone_give_no_fact_finding(seeds_dir, seed):
    result, report = gate(seeds_dir / f"{seed}.txt", seeds_dir / "facts.toml")
    assert result.exit_code in (0, 1), result.stderr
    assert [f for f in report["findings"] if f["rule"].startswith("reference-")] == []


def test_check_seeds_with_the_sheet_says_which_side_it_supports(seeds_dir):
    result = runner.invoke(app, ["check", str(seeds_dir), "--facts", str(seeds_dir / "facts.toml"), "-f", "json"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"].startswith("reference-")]
    assert sorted(f["rule"] for f in findings) == ["reference-death", "reference-title"]
    title = next(f for f in findings if f["rule"] == "reference-title")
    supports = r"The sheet supports the other side: 000_98eb9a576ede2f12 \(2025-02-04\), .*004_"
    assert re.search(supports, title["message"])
    death = next(f for f in findings if f["rule"] == "reference-death")
    assert (
        "The sheet supports the other side: 000_98eb9a576ede2f12 (2025-02-04) says Ebrahim Raisi is dead"
        in (death["message"])
    )


def test_draft_sheet_from_the_seeds(tmp_path, seeds_dir):
    out = tmp_path / "draft.toml"
    out.write_text("the previous draft\n")
    result = runner.invoke(app, ["facts", str(seeds_dir), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    data = tomllib.loads(text)  # what is not commented out
    offices = {(e["person"], e["role"]): e for e in data["office"]}
    araghchi = offices[("Abbas Araghchi", "Foreign Minister")]
    assert araghchi["country"] == "Iran" and araghchi["note"].startswith("3 articles:")
    assert araghchi["start"] == "by 2025-02-04"
    assert ("Abbas Araghchi", "Deputy Foreign Minister") not in offices  # disputed: commented out
    block = re.search(r"# Abbas Araghchi: Deputy Foreign Minister of Iran, 1 article: (.*) \[disputed\]\n(.*)\n", text)
    assert block and SEED_003 in block.group(1) and "disputed by Foreign Minister of Iran, 3 articles" in block.group(2)
    assert '# role = "Deputy Foreign Minister"' in text
    [raisi] = [d for d in data["death"] if d["person"] == "Ebrahim Raisi"]
    assert raisi["date"] == "by 2025-02-04"
    assert "reported dead in 000_98eb9a576ede2f12" in raisi["note"]
    sheet = load_sheets([out])  # the draft is a facts file
    assert sheet.people["ebrahim raisi"].death.date.last.isoformat() == "2025-02-04"
    assert not list(tmp_path.glob(".draft.toml.*"))  # written atomically: no temporary file left
