"""The baseline file: conflicts a newsroom has reviewed and accepted, keyed by fingerprint.

    {"version": "1", "accepted": [{"id": "9c1f...", "rule": "role-conflict",
      "entities": ["Abbas Araghchi"], "message": "...", "reason": "title changed in May"}]}

`accord baseline PATH... --write FILE` writes it (keeping the reasons of entries that
still match), the HTML review page exports it, `--baseline FILE` (or `baseline = ...` in
config) reads it. Accepted findings stay in every report, marked, and fail nothing;
entries no finding matches any more are reported as stale, so the file does not rot.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from checker.findings import Acceptance, Finding
from checker.output import write_atomic
from checker.report import BaselineEntry, Report

BASELINE_VERSION = "1"


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names the file and the problem."""


class Baseline(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = BASELINE_VERSION
    accepted: tuple[BaselineEntry, ...] = ()

    def by_id(self) -> dict[str, BaselineEntry]:
        return {entry.id: entry for entry in self.accepted}


def read_baseline(path: Path) -> Baseline:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline ({getattr(exc, 'strerror', None) or exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None
    try:
        baseline = Baseline.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise BaselineError(f"{path}: not a baseline file ({where}: {error['msg']})") from None
    if baseline.version != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {baseline.version!r}, this accord reads {BASELINE_VERSION!r}")
    return baseline


def baseline_of(findings: Iterable[Finding], previous: Baseline | None = None, reason: str = "") -> Baseline:
    """A baseline accepting `findings`; reasons already given in `previous` are kept."""
    kept = previous.by_id() if previous else {}
    entries = [
        BaselineEntry(
            id=f.id,
            rule=f.rule,
            entities=f.entities,
            message=f.message,
            reason=kept[f.id].reason if f.id in kept and kept[f.id].reason else reason,
            decision=kept[f.id].decision if f.id in kept else "accepted",
            articles=f.articles,
        )
        for f in findings
    ]
    return Baseline(accepted=tuple(sorted(entries, key=lambda e: (e.rule, e.entities, e.id))))


def write_baseline(path: Path, baseline: Baseline) -> None:
    write_atomic(path, json.dumps(baseline.model_dump(mode="json"), indent=2, ensure_ascii=True) + "\n")


def apply_baseline(report: Report, baseline: Baseline, scope: set[str] | None = None) -> Report:
    """Mark accepted findings and list the stale entries.

    With `scope` (a gate's drafts), only entries about those articles can be stale: the gate
    did not look for the conflicts among the other articles.
    """
    entries = baseline.by_id()
    findings = tuple(
        f.model_copy(update={"accepted": Acceptance(reason=entries[f.id].reason, decision=entries[f.id].decision)})
        if f.id in entries
        else f
        for f in report.findings
    )
    found = {f.id for f in report.findings}
    stale = tuple(e for e in baseline.accepted if e.id not in found and (scope is None or scope & set(e.articles)))
    return report.model_copy(update={"findings": findings, "stale": stale})
