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
