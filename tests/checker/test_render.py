import json

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
