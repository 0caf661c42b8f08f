"""The JSON report: the contract of docs/design.md, stable keys, ISO dates."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from checker.report import Report

if TYPE_CHECKING:
    from checker.render import RenderOptions


def report_dict(report: Report) -> dict:
    return report.model_dump(mode="json")


def render(report: Report, options: RenderOptions) -> str:
    # ensure_ascii keeps control characters and odd code points escaped in the file.
    return json.dumps(report_dict(report), indent=2, ensure_ascii=True) + "\n"


def render_lines(report: Report, options: RenderOptions) -> str:
    """One finding per line (JSON Lines), for log pipelines and `jq`; nothing when clean."""
    return "".join(json.dumps(f.model_dump(mode="json"), ensure_ascii=True) + "\n" for f in report.findings)
