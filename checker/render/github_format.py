"""GitHub Actions workflow annotations: one `::error`/`::warning`/`::notice` line per finding and side.

Each article a finding cites gets its own annotation, naming the other sides, so the
conflict shows in whichever file a reviewer opens. Accepted findings are left out
(they fail nothing); stale baseline entries are warnings without a file. Values are
escaped as the workflow-command syntax requires, so article text cannot end a command
early or start a new one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.findings import Evidence, Finding, Severity
from checker.render.sarif_format import LINE_MAPPED_SUFFIXES, relative_to_root
from checker.render.text_format import visible
from checker.report import ArticleInfo, Report

if TYPE_CHECKING:
    from checker.render import RenderOptions

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Workflow-command escaping; other control characters (ANSI escapes) shown as visible escapes."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(value)


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    root = Path(options.root) if options.root else Path.cwd()
    articles = {a.id: a for a in report.articles}
    lines = [line for f in report.open_findings() for line in _annotations(f, articles, root)]
    lines += [
        f"::warning title={escape_property('accord: stale baseline entry')}::"
        + escape_data(f"{e.id} ({e.rule}) no longer matches a finding; remove it from the baseline")
        for e in report.stale
    ]
    return "".join(line + "\n" for line in lines)


def _annotations(finding: Finding, articles: dict[str, ArticleInfo], root: Path) -> list[str]:
    out = []
    for side in _first_per_article(finding.evidence):
        others = "; ".join(
            f'{e.article} ({e.date or "undated"}): "{e.quote}"' for e in finding.evidence if e.article != side.article
        )
        title = f"accord {finding.rule}: " + ", ".join(finding.entities)
        properties = [*_place(side, articles.get(side.article), root), f"title={escape_property(title)}"]
        message = f'{finding.message} Here: "{side.quote}".' + (f" Elsewhere: {others}." if others else "")
        out.append(f"::{COMMAND[finding.severity]} {','.join(properties)}::{escape_data(message)}")
    return out


def _first_per_article(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    return list({e.article: e for e in reversed(evidence)}.values())[::-1]


def _place(evidence: Evidence, article: ArticleInfo | None, root: Path) -> list[str]:
    if article is None or not article.path:
        return []
    path = Path(article.path).resolve()
    shown = relative_to_root(path, root) or path.as_posix()
    place = [f"file={escape_property(shown)}"]
    end = evidence.end_position
    if path.suffix.lower() in LINE_MAPPED_SUFFIXES and end:
        place += [f"line={evidence.line}", f"col={evidence.column}", f"endLine={end[0]}", f"endColumn={end[1]}"]
    return place
