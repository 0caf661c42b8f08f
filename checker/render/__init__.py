"""Renderers: each turns the same Report into one output format (coverage.py's reporters are the model)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.render import github_format, html_format, json_format, sarif_format, text_format
from checker.report import Report


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100
    root: str | None = None  # paths in SARIF and annotations are relative to this (default: cwd)


Renderer = Callable[[Report, RenderOptions], str]

RENDERERS: dict[str, Renderer] = {
    "text": text_format.render,
    "json": json_format.render,
    "jsonl": json_format.render_lines,
    "sarif": sarif_format.render,
    "github": github_format.render,
    "html": html_format.render,
}


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format '{fmt}'; expected one of {', '.join(RENDERERS)}")
    return RENDERERS[fmt](report, options or RenderOptions())
