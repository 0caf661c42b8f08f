"""The HTML review page: one self-contained file, opened from disk, no request of any kind.

Article text is untrusted. The report goes into the page only as JSON inside a
`<script type="application/json">` block, with `<`, `>` and `&` escaped so no text can
close the block; the page's own script puts it on screen with `textContent`. A Content
Security Policy allows only the page's own script and style (by hash) and no network
at all, so even markup that slipped through could neither run nor load anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib import resources
from typing import TYPE_CHECKING

from checker.render.json_format import report_dict
from checker.report import Report

if TYPE_CHECKING:
    from checker.render import RenderOptions


def _asset(name: str) -> str:
    return resources.files("checker.render").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def embedded_json(data: object) -> str:
    """JSON safe inside a script element: nothing in it can end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(report: Report, options: RenderOptions) -> str:
    data = report_dict(report)
    data["digest"] = hashlib.sha256("".join(sorted(f.id for f in report.findings)).encode()).hexdigest()[:16]
    script, style = _asset("review.js"), _asset("review.css")
    page = _asset("review.html")
    for key, value in (
        ("@SCRIPT_HASH@", _csp_hash(script)),
        ("@STYLE_HASH@", _csp_hash(style)),
        ("@STYLE@", style),
        ("@SCRIPT@", script),
    ):
        page = page.replace(key, value)
    return page.replace("@DATA@", embedded_json(data))  # last: the data may contain the other markers
