"""Reference facts (checker/reference.py, checker/checks/reference.py): the sheet read and checked
against sentences written for these tests. What must not fire is tested beside what must."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.pipeline import build_corpus, check_corpus
from checker.reference import SheetError, attach, load_sheets, parse_date
from claims.types import Article

runner = CliRunner()

SHEET = textwrap.dedent(
    """\
    # A small sheet of invented office holders (real countries, so titles resolve).
    [[office]]
    person = "Jonas Petersen"
    role = "Foreign Minister"
    country = "Denmark"
    start = "2015-06-28"
    end = "2019-06-27"
    source = "https://example.org/petersen"

    [[office]]
    person = "Erik Lund"
    aliases = ["Erik M. Lund"]
    role = "Defence Minister"
    country = "Norway"
    start = "2013-10-16"
    end = "2018-01-17"
    source = "https://example.org/lund"

    [[death]]
    person = "Erik Lund"
    date = "2020-04-10"
    note = "Died in Bergen."

    [[office]]
    person = "Masoud Pezeshkian"
    role = "President"
    country = "Iran"
    start = "2024-07-28"
    source = "https://example.org/pezeshkian"

    [[office]]
    person = "Abbas Araghchi"
    aliases = ["Seyed Abbas Araghchi", "Abbas Araqchi"]
    role = "Foreign Minister"
    country = "Iran"
    start = "2024-08-21"

    [[birth]]
    person = "Abbas Araghchi"
    date = "1962-12-05"
    """
)


def sheet_file(tmp_path: Path, text: str = SHEET, name: str = "facts.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def findings(tmp_path: Path, *articles: tuple[str, str], sheet: str = SHEET, name: str = "facts.toml"):
    """The reference findings on articles (date, text) checked against `sheet`."""
    loaded = load_sheets([sheet_file(tmp_path, sheet, name)])
    items = [Article(id=f"a{i}", text=text, published=dt.date.fromisoformat(day)) for i, (day, text) in
             enumerate(articles)]  # fmt: skip
    report = check_corpus(attach(build_corpus(items), loaded))
    return [f for f in report.findings if f.rule.startswith("reference-")]


def line_of(text: str, needle: str) -> int:
    """The line of the [[...]] header of the entry that holds `needle`."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if needle in line)
    return next(i for i in range(at, -1, -1) if lines[i].startswith("[[")) + 1


# --- "former X", "the late X", "then X": read correctly -------------------------------------------


def test_former_title_after_the_term_is_no_finding(tmp_path):
    said = "Former Danish Foreign Minister Jonas Petersen said on Tuesday that the talks had failed."
    assert findings(tmp_path, ("2021-03-02", said)) == []


def test_former_title_while_in_office_is_a_finding_citing_the_sheet(tmp_path):
    said = "Former Danish Foreign Minister Jonas Petersen said on Tuesday that the talks had failed."
    [finding] = findings(tmp_path, ("2017-03-07", said))
    assert finding.rule == "reference-title" and finding.severity == "error"
    sheet = finding.evidence[-1]
    assert sheet.article.endswith("facts.toml") and sheet.line == line_of(SHEET, '"Jonas Petersen"')
    assert "still in office" in finding.message


def test_present_title_after_the_term_is_a_finding(tmp_path):
    said = "Danish Foreign Minister Jonas Petersen said on Tuesday that the talks had failed."
    [finding] = findings(tmp_path, ("2021-03-02", said))
    assert finding.rule == "reference-title"
    assert f"facts.toml:{line_of(SHEET, 'Jonas Petersen')}" in finding.message
    assert findings(tmp_path, ("2017-03-07", said)) == []  # within the term


def test_the_late_after_the_death_is_no_finding(tmp_path):
    text = "The late Norwegian defence minister Erik Lund was remembered in Oslo on Sunday."
    assert findings(tmp_path, ("2021-03-02", text)) == []


def test_the_late_before_the_death_is_a_finding(tmp_path):
    text = "The late Norwegian defence minister Erik Lund was remembered in Oslo on Sunday."
    [finding] = findings(tmp_path, ("2019-03-02", text))
    assert finding.rule == "reference-death" and "reports Erik Lund dead" in finding.message


def test_present_title_after_the_death_is_one_finding(tmp_path):
    text = "Norwegian Defence Minister Erik Lund said on Monday that the budget would grow."
    [finding] = findings(tmp_path, ("2021-03-02", text))  # not also a title outside the term
    assert finding.rule == "reference-death"
    assert finding.evidence[-1].line == line_of(SHEET, "Died in Bergen")


def test_then_title_dated_within_the_term(tmp_path):
    text = "In March 2017, Jonas Petersen, then foreign minister of Denmark, visited Oslo."
    assert findings(tmp_path, ("2021-03-02", text)) == []


def test_then_title_is_never_held_against_a_date(tmp_path):
    text = "In March 2012, Jonas Petersen, then foreign minister of Denmark, visited Oslo."
    assert findings(tmp_path, ("2021-03-02", text)) == []  # the sheet may not list every earlier term


def test_the_deceased_acting_needs_a_date_of_its_own(tmp_path):
    recalled = "Erik Lund signed the procurement deal with Sweden."
    assert findings(tmp_path, ("2021-03-02", recalled)) == []  # the report's date only: maybe recalled
    dated = "On March 1, 2021, Erik Lund met Swedish Prime Minister Karl Berg in Stockholm."
    [finding] = findings(tmp_path, ("2021-03-02", dated))
    assert finding.rule == "reference-death"


def test_grace_days_around_a_term_and_a_death(tmp_path):
    said = "Danish Foreign Minister Jonas Petersen said on Tuesday that the talks had failed."
    assert findings(tmp_path, ("2019-07-09", said)) == []  # twelve days after the term: titles lag
    in_office = textwrap.dedent(
        """\
        [[office]]
        person = "Anna Berg"
        role = "Prime Minister"
        country = "Sweden"
        start = "2014-10-03"
        end = "2020-04-10"

        [[death]]
        person = "Anna Berg"
        date = "2020-04-10"
        """
    )
    text = "Swedish Prime Minister Anna Berg died on Friday, the government said."
    assert findings(tmp_path, ("2020-04-14", text), sheet=in_office) == []  # the report of the death itself
    later = "Swedish Prime Minister Anna Berg said on Monday that taxes would rise."
    assert [f.rule for f in findings(tmp_path, ("2020-09-14", later), sheet=in_office)] == ["reference-death"]


# --- names: listed aliases, transliterations, never a bare surname ---------------------------------


def test_listed_alias_aligns(tmp_path):
    text = "Iranian Deputy Foreign Minister Seyed Abbas Araghchi arrived in Ankara on Monday."
    [finding] = findings(tmp_path, ("2025-05-08", text))
    assert finding.rule == "reference-title" and finding.entities
    assert "cannot hold both titles" in finding.message


def test_transliteration_not_listed_aligns(tmp_path):
    assert findings(tmp_path, ("2025-05-08", "Iranian President Masood Pezeshkian spoke to reporters on Monday.")) == []
    [finding] = findings(tmp_path, ("2025-05-08", "Iran's Vice President Masood Pezeshkian visited Baku on Monday."))
    assert finding.rule == "reference-title" and finding.score < 1.0  # a variant, not a listed name
    # q for gh is beyond the name rules' spelling variants: the sheet lists it, and then it aligns
    [finding] = findings(tmp_path, ("2025-05-08", "Iranian Deputy Foreign Minister Abbas Araqchi arrived on Monday."))
    assert finding.rule == "reference-title" and finding.score == 1.0


def test_a_bare_surname_or_another_given_name_never_aligns(tmp_path):
    assert findings(tmp_path, ("2025-05-08", "Iranian Deputy Foreign Minister Araghchi arrived on Monday.")) == []
    assert findings(tmp_path, ("2025-05-08", "Iranian Deputy Foreign Minister Reza Araghchi arrived on Monday.")) == []
    assert findings(tmp_path, ("2021-03-02", "Danish Foreign Minister Lars Petersen said on Tuesday.")) == []


# --- partial dates and open ends -------------------------------------------------------------------

PARTIAL = textwrap.dedent(
    """\
    [[office]]
    person = "Jonas Petersen"
    role = "Foreign Minister"
    country = "Denmark"
    start = "2019-06"

    [[office]]
    person = "Erik Lund"
    role = "Defence Minister"
    country = "Norway"
    start = "2013"
    end = "2018"

    [[office]]
    person = "Karin Holm"
    role = "Prime Minister"
    country = "Sweden"
    start = "by 2016-03-01"
    end = "after 2017-05-01"
    """
)


@pytest.mark.parametrize(
    ("day", "text", "rules"),
    [
        ("2019-06-15", "Danish Foreign Minister Jonas Petersen said on Tuesday that talks failed.", []),
        ("2019-05-20", "Danish Foreign Minister Jonas Petersen said on Tuesday that talks failed.", []),  # grace
        ("2030-01-10", "Danish Foreign Minister Jonas Petersen said on Tuesday that talks failed.", []),  # open end
        ("2019-02-01", "Danish Foreign Minister Jonas Petersen said on Tuesday that talks failed.",
         ["reference-title"]),
        ("2018-11-20", "Norwegian Defence Minister Erik Lund said on Monday that the budget would grow.", []),
        ("2013-01-20", "Norwegian Defence Minister Erik Lund said on Monday that the budget would grow.", []),
        ("2021-03-02", "Norwegian Defence Minister Erik Lund said on Monday that the budget would grow.",
         ["reference-title"]),
        ("2009-03-02", "Swedish Prime Minister Karin Holm said on Monday that the budget would grow.", []),  # "by"
        ("2030-03-02", "Swedish Prime Minister Karin Holm said on Monday that the budget would grow.", []),  # "after"
        ("2016-09-02", "Former Swedish Prime Minister Karin Holm said on Monday that taxes would rise.",
         ["reference-title"]),
        ("2018-09-02", "Former Swedish Prime Minister Karin Holm said on Monday that taxes would rise.", []),
        # the days a "by" start and an "after" end name were days in office: no grace shrinks them
        ("2016-03-01", "Swedish Deputy Prime Minister Karin Holm said on Tuesday that taxes would rise.",
         ["reference-title"]),
    ],
)  # fmt: skip
def test_partial_dates_and_open_ends(tmp_path, day, text, rules):
    assert [f.rule for f in findings(tmp_path, (day, text), sheet=PARTIAL)] == rules


def test_partial_dates_parse_to_their_days():
    assert (parse_date("2024").first, parse_date("2024").last) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert parse_date("2024-02").last == dt.date(2024, 2, 29)
    assert parse_date("by 2024-08-21", ("by",)).bound == "by"
    with pytest.raises(ValueError, match="not allowed"):
        parse_date("after 2024", ("by",))
    with pytest.raises(ValueError, match="not a date of the calendar"):
        parse_date("2023-02-29")


# --- one office, one holder; ages -----------------------------------------------------------------


def test_single_holder_office_given_to_someone_else(tmp_path):
    [finding] = findings(tmp_path, ("2025-05-08", "Iranian President Hassan Rouhani spoke to reporters on Monday."))
    assert finding.rule == "reference-holder" and "Masoud Pezeshkian" in finding.message
    assert findings(tmp_path, ("2025-05-08", "Iran's acting President Hassan Rouhani spoke on Monday.")) == []
    assert findings(tmp_path, ("2025-05-08", "President Hassan Rouhani spoke to reporters on Monday.")) == []  # where?
    assert findings(tmp_path, ("2023-05-08", "Iranian President Hassan Rouhani spoke to reporters on Monday.")) == []


def test_ages_from_the_birth_date(tmp_path):
    assert findings(tmp_path, ("2025-05-08", "Abbas Araghchi, 62, said the talks went well.")) == []
    [one_off] = findings(tmp_path, ("2025-05-08", "Abbas Araghchi, 63, said the talks went well."))
    assert one_off.rule == "reference-age" and one_off.severity == "warning"
    [wrong] = findings(tmp_path, ("2025-05-08", "Abbas Araghchi, 66, said the talks went well."))
    assert wrong.severity == "error" and "makes 62 then" in wrong.message


# --- two articles in conflict: the sheet says which side it supports ------------------------------


def test_the_sheet_settles_a_conflict_between_articles(tmp_path):
    loaded = load_sheets([sheet_file(tmp_path)])
    a = Article(id="right", text="Iranian Foreign Minister Abbas Araghchi met the Turkish envoy on Monday.",
                published=dt.date(2025, 2, 4))  # fmt: skip
    b = Article(id="wrong", text="Iranian Deputy Foreign Minister Abbas Araghchi met the Turkish envoy on Monday.",
                published=dt.date(2025, 2, 4))  # fmt: skip
    report = check_corpus(attach(build_corpus([a, b]), loaded))
    assert "role-conflict" in {f.rule for f in report.findings}
    [finding] = [f for f in report.findings if f.rule.startswith("reference-")]
    assert finding.articles == ("wrong", str(tmp_path / "facts.toml"))
    assert "The sheet supports the other side: right (2025-02-03) says Abbas Araghchi is Foreign Minister" in (
        finding.message
    )


# --- the files: TOML and CSV, validated, one line on error -----------------------------------------

CSV = textwrap.dedent(
    """\
    kind,person,aliases,role,country,org,start,end,date,source,note
    office,Jonas Petersen,,Foreign Minister,Denmark,,2015-06-28,2019-06-27,,https://example.org/petersen,
    office,Erik Lund,Erik M. Lund,Defence Minister,Norway,,2013-10-16,2018-01-17,,,
    death,Erik Lund,,,,,,,2020-04-10,,"Died in Bergen, Norway."
    """
)


def test_csv_reads_as_the_toml_does(tmp_path):
    text = "Danish Foreign Minister Jonas Petersen said on Tuesday that the talks had failed."
    [finding] = findings(tmp_path, ("2021-03-02", text), sheet=CSV, name="facts.csv")
    assert finding.rule == "reference-title" and finding.evidence[-1].line == 2
    assert finding.evidence[-1].quote.startswith("office,Jonas Petersen")
    late = "Norwegian Defence Minister Erik Lund said on Monday that the budget would grow."
    [death] = findings(tmp_path, ("2021-03-02", late), sheet=CSV, name="facts.csv")
    assert death.rule == "reference-death" and death.evidence[-1].line == 4
    toml, csv = (load_sheets([sheet_file(tmp_path, SHEET)]), load_sheets([sheet_file(tmp_path, CSV, "f.csv")]))
    assert toml.people["jonas petersen"].offices[0].possible() == csv.people["jonas petersen"].offices[0].possible()


ENTRY = [
    "# a comment first, so the entry does not start on line 1",
    "[[office]]",
    'person = "Jonas Petersen"',
    'role = "Foreign Minister"',
    'country = "Denmark"',
    'start = "2015-06-28"',
    'end = "2019-06-27"',
    'source = "https://example.org/petersen"',
]
BAD = [
    ('start = "2024-13-01"', "start", "not a date"),
    ('start = "after 2014"', "start", "not allowed"),
    ('end = "2010"', "end", "before the start"),
    ('role = "Chief Whisperer"', "role", "not a title"),
    ('country = "Atlantis"', "country", "not a country"),
    ('source = "example.org/x"', "source", "not an http(s) URL"),
    ('colour = "blue"', "colour", "not a field"),
]


@pytest.mark.parametrize(("line", "field", "why"), BAD)
def test_a_bad_toml_sheet_exits_2_naming_file_line_and_field(tmp_path, line, field, why):
    lines = [line if raw.split(" =")[0] == field else raw for raw in ENTRY]
    if line not in lines:
        lines.append(line)
    path = sheet_file(tmp_path, "\n".join(lines) + "\n")
    draft = tmp_path / "draft.txt"
    draft.write_text("date 2025-05-08\nNothing to see.\n", encoding="utf-8")
    result = runner.invoke(app, ["gate", str(draft), "--facts", str(path)])
    assert result.exit_code == 2
    [message] = result.stderr.strip().splitlines()
    assert f"{path}:{lines.index(line) + 1}: field '{field}'" in message and why in message


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("f.toml", '[[office]]\nperson = "A B"\nrole = \n', ":3: not valid TOML"),
        ("f.toml", '[[person]]\nname = "A B"\n', ":1: unknown table 'person'"),
        ("f.toml", '[[office]]\nperson = "Jonas Petersen"\ncountry = "Denmark"\n', ":1: field 'role' is missing"),
        ("f.csv", "kind,person,colour\noffice,A B,blue\n", ":1: unknown column 'colour'"),
        ("f.csv", CSV.replace("2020-04-10", "April 2020"), ":4: field 'date'"),
        ("f.csv", CSV + "funeral,Erik Lund,,,,,,,2020-04-20,,\n", ":5: field 'kind'"),
        ("f.toml", SHEET + '\n[[birth]]\nperson = "Jonas Petersen"\naliases = ["Erik M. Lund"]\ndate = "1970"\n',
         "field 'aliases': 'Erik M. Lund' is already a name of Erik Lund"),
        ("missing.toml", None, "no such facts file"),
        ("f.json", "{}", "a facts file is .toml or .csv"),
    ],
)  # fmt: skip
def test_bad_files_give_one_line_with_file_and_line(tmp_path, name, text, where):
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(SheetError) as error:
        load_sheets([path])
    assert str(error.value).startswith(str(path)) and where in str(error.value)
    assert "\n" not in str(error.value)


# --- the command line and config ----------------------------------------------------------------


def test_check_with_facts_and_config(tmp_path):
    sheet = sheet_file(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2021-03-02\nDanish Foreign Minister Jonas Petersen said on Tuesday that the talks had failed.\n"
    )
    result = runner.invoke(app, ["check", str(article), "--facts", str(sheet), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "reference-title" and finding["evidence"][-1]["line"] == line_of(SHEET, "Petersen")
    config = tmp_path / "accord.toml"
    config.write_text('facts = ["facts.toml"]\n[checks.reference-title]\nseverity = "warning"\n')
    result = runner.invoke(app, ["gate", str(article), "--config", str(config), "--format", "json"])
    assert result.exit_code == 0, result.stderr  # a warning does not fail the gate
    assert [f["severity"] for f in json.loads(result.stdout)["findings"]] == ["warning"]
    config.write_text('facts = ["facts.toml"]\n[checks.reference-title]\nenabled = false\n')
    result = runner.invoke(app, ["gate", str(article), "--config", str(config)])
    assert result.exit_code == 0


def test_sarif_points_at_the_sheet_line(tmp_path):
    sheet = sheet_file(tmp_path)
    article = tmp_path / "a.txt"
    article.write_text("date 2021-03-02\nDanish Foreign Minister Jonas Petersen said on Tuesday.\n")
    result = runner.invoke(app, ["gate", str(article), "--facts", str(sheet), "--format", "sarif"])
    assert result.exit_code == 1, result.stderr
    [res] = json.loads(result.stdout)["runs"][0]["results"]
    locations = res["locations"] + res["relatedLocations"]
    regions = [loc["physicalLocation"].get("region", {}).get("startLine") for loc in locations]
    assert regions == [2, line_of(SHEET, "Petersen")]


def test_gate_without_corpus_or_facts_is_a_usage_error(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("date 2025-05-08\nNothing.\n")
    result = runner.invoke(app, ["gate", str(draft)])
    assert result.exit_code == 2 and "--facts" in result.stderr


def test_an_acting_title_beside_the_sheets_office_is_no_finding(tmp_path):
    deputy = (
        '[[office]]\nperson = "Karin Holm"\nrole = "Deputy Prime Minister"\ncountry = "Sweden"\nstart = "2016-01-10"\n'
    )
    acting = "Sweden's acting Prime Minister Karin Holm said on Monday that taxes would rise."
    assert findings(tmp_path, ("2018-05-08", acting), sheet=deputy) == []
    plain = "Swedish Prime Minister Karin Holm said on Monday that taxes would rise."
    assert [f.rule for f in findings(tmp_path, ("2018-05-08", plain), sheet=deputy)] == ["reference-title"]


def test_gate_with_an_index_and_the_sheet(tmp_path, seeds_dir):
    import shutil

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in seeds_dir.glob("00[0124]_*.txt"):
        shutil.copy(seed, corpus)
    db = tmp_path / "seeds.accord"
    assert runner.invoke(app, ["index", str(corpus), "--db", str(db)]).exit_code == 0
    draft = seeds_dir / "003_7ca1523c2e0b38f8.txt"
    facts = seeds_dir / "facts.toml"
    for where in (["--index", str(db)], ["--corpus", str(corpus)]):
        result = runner.invoke(app, ["gate", str(draft), *where, "--facts", str(facts), "--format", "json"])
        assert result.exit_code == 1, result.stderr
        rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
        assert {"reference-title", "reference-death", "role-conflict"} <= rules, where


def test_baseline_accepts_reference_findings(tmp_path, seeds_dir):
    draft, facts = seeds_dir / "003_7ca1523c2e0b38f8.txt", seeds_dir / "facts.toml"
    baseline = tmp_path / "baseline.json"
    result = runner.invoke(app, ["baseline", str(draft), "--facts", str(facts), "--write", str(baseline)])
    assert result.exit_code == 0, result.stderr
    rules = {entry["rule"] for entry in json.loads(baseline.read_text())["accepted"]}
    assert {"reference-title", "reference-death"} <= rules
    result = runner.invoke(app, ["gate", str(draft), "--facts", str(facts), "--baseline", str(baseline)])
    assert result.exit_code == 0, result.stderr  # accepted: reported, failing nothing


def test_a_spreadsheets_csv_with_a_byte_order_mark_and_crlf(tmp_path):
    path = tmp_path / "facts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.replace("\n", "\r\n").encode("utf-8"))
    sheet = load_sheets([path])
    assert sheet.people["erik lund"].death.cite.line == 4
    assert sheet.people["erik lund"].death.cite.text.endswith('Died in Bergen, Norway."')
