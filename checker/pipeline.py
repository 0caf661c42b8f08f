"""The pipeline: Articles -> claims -> (aligned entities) -> findings -> Report.

Each stage is a plain function over typed values, so the same functions can run in
one process, over an index, or inside a distributed batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from checker.findings import Finding
from checker.registry import CheckSettings, CheckSpec, registered_checks
from checker.report import ArticleInfo, EntityInfo, Report
from claims.extract import extract_claims, parse
from claims.types import Article, Claim, Entity


@dataclass(frozen=True)
class Corpus:
    """What the checks read: the articles, their claims, and the entities they share."""

    articles: Mapping[str, Article]
    claims: Mapping[str, Sequence[Claim]]  # by article id
    entities: Sequence[Entity] = ()

    def all_claims(self) -> Iterable[Claim]:
        for claims in self.claims.values():
            yield from claims


def check(articles: Sequence[Article], settings: Mapping[str, CheckSettings] | None = None) -> Report:
    """The consistency report on `articles` (the Python API behind `accord check`)."""
    corpus = build_corpus(articles)
    findings = run_checks(corpus, settings or {})
    return Report(
        articles=tuple(ArticleInfo.of(a) for a in articles),
        entities=tuple(EntityInfo.of(e) for e in corpus.entities),
        findings=tuple(findings),
    )


def build_corpus(articles: Sequence[Article]) -> Corpus:
    by_id: dict[str, Article] = {}
    for article in articles:
        if article.id in by_id:
            raise ValueError(f"duplicate article id '{article.id}'")
        by_id[article.id] = article
    claims = {article.id: extract_claims(article, doc) for article, doc in parse(articles)}
    return Corpus(articles=by_id, claims=claims)


def run_checks(corpus: Corpus, settings: Mapping[str, CheckSettings]) -> list[Finding]:
    findings: list[Finding] = []
    for spec in registered_checks():
        setting = settings.get(spec.id, CheckSettings())
        if setting.enabled:
            findings.extend(_run_one(spec, setting, corpus))
    return sort_findings(merge_duplicates(findings))


def _run_one(spec: CheckSpec, setting: CheckSettings, corpus: Corpus) -> Iterable[Finding]:
    options = spec.options.model_validate(setting.options)
    severity = setting.severity or spec.severity
    for finding in spec.func(corpus, options):
        yield finding.model_copy(update={"severity": severity}) if finding.severity != severity else finding


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per fingerprint, keeping every piece of evidence and the highest score."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        seen = merged.get(finding.id)
        if seen is None:
            merged[finding.id] = finding
            continue
        evidence = tuple(dict.fromkeys(seen.evidence + finding.evidence))
        entities = tuple(dict.fromkeys(seen.entities + finding.entities))
        scores = [s for s in (seen.score, finding.score) if s is not None]
        merged[finding.id] = seen.model_copy(
            update={"evidence": evidence, "entities": entities, "score": max(scores) if scores else None}
        )
    return list(merged.values())


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.rule, f.entities, f.id))
