"""SARIF 2.1.0, as GitHub code scanning reads it.

Each finding is a result at its first piece of evidence, with the other sides as
related locations; rules carry their metadata from the check registry; the finding's
fingerprint is the partial fingerprint, so code scanning tracks a conflict across runs.
Accepted findings are results with an accepted external suppression, not dropped;
stale baseline entries are tool notifications. Line and column regions are given for
plain-text and Markdown articles, whose lines are the file's lines; HTML and JSONL
articles are located by file only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from checker import __version__
from checker.findings import Evidence, Finding, Severity
from checker.registry import registered_checks
from checker.report import ArticleInfo, Report

if TYPE_CHECKING:
    from checker.render import RenderOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
LINE_MAPPED_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
FINGERPRINT_KEY = "accordFinding/v1"


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(sarif_log(report, Path(options.root) if options.root else Path.cwd()), indent=2) + "\n"


def sarif_log(report: Report, root: Path) -> dict:
    specs = registered_checks()
    rule_index = {spec.id: i for i, spec in enumerate(specs)}
    articles = {a.id: a for a in report.articles}
    rules = [
        {
            "id": spec.id,
            "name": "".join(part.title() for part in spec.id.split("-")),
            "shortDescription": {"text": spec.doc or spec.id},
            "fullDescription": {"text": spec.doc or spec.id},
            "defaultConfiguration": {"level": LEVEL[spec.severity]},
            "properties": {"tags": ["consistency", *sorted(k.value for k in spec.needs)]},
        }
        for spec in specs
    ]
    results = [_result(f, rule_index, articles, root) for f in report.findings]
    notifications = [
        {
            "level": "warning",
            "message": {"text": f"stale baseline entry {entry.id} ({entry.rule}): no finding matches it any more"},
        }
        for entry in report.stale
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "accord",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": root.resolve().as_uri() + "/"}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _result(finding: Finding, rule_index: dict[str, int], articles: dict[str, ArticleInfo], root: Path) -> dict:
    locations = [_location(e, articles.get(e.article), root, i) for i, e in enumerate(finding.evidence)]
    result: dict = {
        "ruleId": finding.rule,
        "level": LEVEL[finding.severity],
        "message": {"text": _message(finding)},
        "locations": locations[:1],
        "relatedLocations": locations[1:],
        "partialFingerprints": {FINGERPRINT_KEY: finding.id},
        "properties": {"entities": list(finding.entities), "articles": list(finding.articles)},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.score is not None:
        result["properties"]["score"] = finding.score
    if finding.accepted is not None:
        suppression = {"kind": "external", "status": "accepted"}
        why = "false alarm" if finding.accepted.decision == "dismissed" else ""
        justification = ": ".join(p for p in (why, finding.accepted.reason) if p)
        if justification:
            suppression["justification"] = justification
        result["suppressions"] = [suppression]
    return result


def _message(finding: Finding) -> str:
    sides = "; ".join(
        f'{e.article} ({e.date.isoformat() if e.date else "undated"}): "{e.quote}"' for e in finding.evidence
    )
    return f"{finding.message} [{sides}]" if sides else finding.message


def _location(evidence: Evidence, article: ArticleInfo | None, root: Path, index: int) -> dict:
    if article is None and evidence.line is not None and Path(evidence.article).is_file():
        article = ArticleInfo(id=evidence.article, published=None, path=evidence.article)  # a facts sheet's entry
    physical: dict = {"artifactLocation": _artifact(article, evidence.article, root)}
    end = evidence.end_position
    mapped = (*LINE_MAPPED_SUFFIXES, ".toml", ".csv")
    if article and article.path and Path(article.path).suffix.lower() in mapped and end:
        physical["region"] = {
            "startLine": evidence.line,
            "startColumn": evidence.column,
            "endLine": end[0],
            "endColumn": end[1],
            "snippet": {"text": evidence.quote},
        }
    return {
        "id": index,
        "physicalLocation": physical,
        "logicalLocations": [{"name": evidence.article, "kind": "module"}],
        "message": {"text": f"{evidence.article}, {evidence.date.isoformat() if evidence.date else 'undated'}"},
    }


def _artifact(article: ArticleInfo | None, article_id: str, root: Path) -> dict:
    if article is None or not article.path:
        return {"uri": article_id}
    path = Path(article.path).resolve()
    relative = relative_to_root(path, root)
    return {"uri": relative, "uriBaseId": "SRCROOT"} if relative is not None else {"uri": path.as_uri()}


def relative_to_root(path: Path, root: Path) -> str | None:
    """An article's path as code scanning shows it, relative to the checkout; None outside it."""
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
