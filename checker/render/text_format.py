"""The terminal report (rich): articles, then findings grouped by severity and entity, both quotes shown.

Article text is untrusted: it is passed to rich as Text, never as markup, and
control characters (ANSI escapes included) are shown as visible escapes.
"""

from __future__ import annotations

import io
import re
from itertools import groupby
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.findings import Finding, Severity
from checker.report import Report

if TYPE_CHECKING:
    from checker.render import RenderOptions

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def visible(text: str | None) -> str:
    """`text` with control characters replaced by visible escapes (\\x1b...)."""
    if not text:
        return ""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(report: Report, options: RenderOptions) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(_articles_table(report))
    console.print(_summary(report))
    for severity, findings in groupby(report.findings, key=lambda f: f.severity):
        console.print(Text(f"\n{severity.value.upper()}", style=SEVERITY_STYLE[severity]))
        for entity, group in groupby(findings, key=lambda f: ", ".join(f.entities) or "(no entity)"):
            console.print(Text(f"  {visible(entity)}", style="bold"))
            for finding in group:
                _print_finding(console, finding, report)
    if report.stale:
        console.print(
            Text(f"\nSTALE BASELINE ENTRIES ({len(report.stale)}): no finding matches them any more", style="yellow")
        )
        for entry in report.stale:
            console.print(Text(f"  {entry.id} [{visible(entry.rule)}] {visible(', '.join(entry.entities))}"))
    return out.getvalue()


def _articles_table(report: Report) -> Table:
    table = Table(title=f"{len(report.articles)} articles", title_justify="left", expand=False)
    table.add_column("article")
    table.add_column("published")
    table.add_column("from")
    table.add_column("title", overflow="fold")
    for article in report.articles:
        table.add_row(
            Text(visible(article.id)),
            str(article.published) if article.published else "undated",
            article.published_source.value if article.published_source else "",
            Text(visible(article.title)),
        )
    return table


def _summary(report: Report) -> Text:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    noun = "finding" if len(report.findings) == 1 else "findings"
    accepted = f", {report.accepted_count()} accepted" if report.accepted_count() else ""
    return Text(f"{len(report.entities)} entities, {len(report.findings)} {noun} ({counts}{accepted})")


def _print_finding(console: Console, finding: Finding, report: Report) -> None:
    line = Text("    ")
    line.append(f"[{finding.rule}] ", style=SEVERITY_STYLE[finding.severity])
    line.append(visible(finding.message))
    if finding.score is not None:
        line.append(f"  (score {finding.score:.2f})", style="dim")
    if finding.accepted is not None:
        reason = f": {visible(finding.accepted.reason)}" if finding.accepted.reason else ""
        line.append(f"  [{finding.accepted.decision}{reason}]", style="green")
    console.print(line)
    articles = {a.id for a in report.articles}
    for ev in finding.evidence:
        when = str(ev.date) if ev.date else "undated"
        where = f"{visible(ev.article)} ({when})"
        if ev.article not in articles and ev.line is not None:  # a facts sheet: cite its line
            where = f"{visible(ev.article)}:{ev.line}"
        quote = Text(f"      {where}: ", style="dim")
        quote.append(f"“{visible(ev.quote)}”")
        console.print(quote)
