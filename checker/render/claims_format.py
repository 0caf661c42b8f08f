"""Rendering `accord claims`: entities with their aliases and merges, then each article's claims."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.text import Text

from checker.render.text_format import visible
from checker.report import ClaimsReport
from claims.types import Age, ClaimKind, Event, HoldsRole, Located, Meeting, Quantity, Status


def render_json(report: ClaimsReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=True) + "\n"


def render_text(report: ClaimsReport, *, color: bool = False, width: int = 100, statements: bool = False) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, markup=False)  # fmt: skip
    console.print(Text(f"{len(report.entities)} people", style="bold"))
    for entity in report.entities:
        line = Text(f"  {visible(entity.canonical)}", style="bold")
        others = [a for a in entity.aliases if a != entity.canonical]
        if others:
            line.append(f"  ({visible('; '.join(others))})", style="dim")
        console.print(line)
        for merge in entity.merges:
            console.print(Text(f"      merged: {visible(merge)}", style="dim"))
    for article in report.articles:
        claims = [c for c in report.claims if c.span.article == article.id]
        when = str(article.published) if article.published else "undated"
        console.print(Text(f"\n{visible(article.id)} ({when})", style="bold"))
        for claim in claims:
            if claim.kind is ClaimKind.STATEMENT and not statements:
                continue
            text = Text(f"  {claim.kind.value:<10} ", style="cyan")
            text.append(visible(describe(claim)))
            if claim.date:
                text.append(f"  [{claim.date}]", style="dim")
            if claim.attributed_to:
                text.append(f"  (says {visible(claim.attributed_to)})", style="dim")
            console.print(text)
        n = sum(1 for c in claims if c.kind is ClaimKind.STATEMENT)
        if not statements:
            console.print(Text(f"  {n} statements (--statements to list them)", style="dim"))
    return out.getvalue()


def describe(claim) -> str:
    """One line a reader understands: "Abbas Araghchi: Deputy Foreign Minister (Iran) for Political Affairs"."""
    if isinstance(claim, HoldsRole):
        role = claim.role
        where = role.country or role.org
        parts = [f"{claim.person.text}: {role.name}"]
        if where:
            parts.append(f"({where})")
        if role.portfolio:
            parts.append(role.portfolio)
        if role.qualifiers:
            parts.append(f"[{', '.join(role.qualifiers)}]")
        parts.append(f'— "{role.written}", {claim.how}')
        return " ".join(parts)
    if isinstance(claim, Status):
        return f"{claim.person.text} is {claim.status}"
    if isinstance(claim, Age):
        return f"{claim.person.text} is {claim.years}"
    if isinstance(claim, Meeting):
        place = f" in {claim.place}" if claim.place else ""
        return f"{' & '.join(p.text for p in claim.participants)} ({claim.verb}){place}"
    if isinstance(claim, Event):
        who = ", ".join(a.text for a in claim.agents) or "?"
        what = f" {claim.patient}" if claim.patient else ""
        place = f" in {claim.place}" if claim.place else ""
        return f"{who} {claim.what}{what}{place}"
    if isinstance(claim, Quantity):
        unit = f" {claim.unit}" if claim.unit else ""
        approx = "about " if claim.approximate else ""
        return f'{claim.what} = {approx}{claim.value:g}{unit} ("{claim.written}")'
    if isinstance(claim, Located):
        return f"{claim.facility.text} is in {claim.place}"
    return claim.text
