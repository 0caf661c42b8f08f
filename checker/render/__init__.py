"""Renderers: each turns the same Report into one output format (coverage.py's reporters are the model)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.render import json_format, text_format
from checker.report import Report


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100


Renderer = Callable[[Report, RenderOptions], str]

RENDERERS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "jsonl": json_format.render_lines,
}


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format '{fmt}'; expected one of {', '.join(RENDERERS)}")
    return RENDERERS[fmt](report, options or RenderOptions())
