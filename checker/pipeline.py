"""The pipeline: Articles -> claims -> (aligned entities) -> findings -> Report.

Each stage is a plain function over typed values, so the same functions can run in
one process, over an index, or inside a distributed batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TypeVar

from checker.engine import LOCAL, Engine, Progress
from checker.findings import Finding
from checker.registry import CheckSettings, CheckSpec, registered_checks
from checker.report import ArticleInfo, ClaimsReport, EntityInfo, MentionInfo, Report
from claims.align import Alignment, align_people
from claims.extract import ArticleClaims
from claims.ontology import Ontology
from claims.types import Article, Claim, Entity, Mention

T = TypeVar("T")


@dataclass(frozen=True)
class Corpus:
    """What the checks read: the articles, their claims, and the entities they share."""

    articles: Mapping[str, Article]
    extracted: Mapping[str, ArticleClaims]  # by article id
    alignment: Alignment
    derived: dict = field(default_factory=dict, compare=False, repr=False)  # facts the checks share, built once
    focus: frozenset[str] | None = None  # a gate's drafts: pairwise checks need only pairs that touch one
    engine: Engine = field(default=LOCAL, compare=False, repr=False)  # where NLI batches are scored

    def in_focus(self, *article_ids: str) -> bool:
        """Whether a pair (or group) of articles is worth comparing: always, unless a gate narrowed it."""
        return self.focus is None or any(a in self.focus for a in article_ids)

    def pairs(self, items: Sequence[T], article: Callable[[T], str]) -> Iterator[tuple[T, T]]:
        """Every pair of `items`; under a gate's focus only the pairs with an item from a draft,
        found without walking the others' pairs (a thing named in thousands of archived articles)."""
        if self.focus is None:
            yield from combinations(items, 2)
            return
        drafts = [x for x in items if article(x) in self.focus]
        for i, a in enumerate(drafts):
            yield from ((a, b) for b in drafts[i + 1 :])
            yield from ((a, b) for b in items if article(b) not in self.focus)

    @property
    def entities(self) -> Sequence[Entity]:
        return self.alignment.entities

    def claims_of(self, article_id: str) -> Sequence[Claim]:
        return self.extracted[article_id].claims

    def all_claims(self) -> Iterable[Claim]:
        for extracted in self.extracted.values():
            yield from extracted.claims

    def entity_of(self, mention: Mention) -> str | None:
        return self.alignment.entity_of(mention)


def check(
    articles: Sequence[Article],
    settings: Mapping[str, CheckSettings] | None = None,
    ontology: Ontology | None = None,
    progress: Progress | None = None,
    focus: Iterable[str] | None = None,
    engine: Engine = LOCAL,
) -> Report:
    """The consistency report on `articles` (the Python API behind `accord check`).

    `focus` (a gate's drafts) lets the pairwise checks skip pairs that involve none of them.
    """
    corpus = build_corpus(articles, ontology, progress, engine)
    if focus is not None:
        corpus = replace(corpus, focus=frozenset(focus))
    return check_corpus(corpus, settings)


def check_corpus(corpus: Corpus, settings: Mapping[str, CheckSettings] | None = None) -> Report:
    """The report on a corpus already read (from files, or from an index)."""
    from checker.timeline import build_timeline  # it reads the checks' facts, which import this module

    findings = run_checks(corpus, settings or {})
    return Report(
        articles=tuple(ArticleInfo.of(a) for a in corpus.articles.values()),
        entities=tuple(EntityInfo.of(e) for e in corpus.entities),
        findings=tuple(findings),
        timeline=build_timeline(corpus, findings),
    )


def build_corpus(
    articles: Sequence[Article],
    ontology: Ontology | None = None,
    progress: Progress | None = None,
    engine: Engine = LOCAL,
) -> Corpus:
    by_id: dict[str, Article] = {}
    for article in articles:
        if article.id in by_id:
            raise ValueError(f"duplicate article id '{article.id}'")
        by_id[article.id] = article
    extracted = {article.id: claims for article, claims in engine.extract(articles, ontology, progress)}
    alignment = align_people({k: v.mentions for k, v in extracted.items()})
    return Corpus(articles=by_id, extracted=extracted, alignment=alignment, engine=engine)


def run_checks(corpus: Corpus, settings: Mapping[str, CheckSettings]) -> list[Finding]:
    findings: list[Finding] = []
    for spec in registered_checks():
        setting = settings.get(spec.id, CheckSettings())
        if setting.enabled:
            findings.extend(_run_one(spec, setting, corpus))
    return sort_findings(merge_duplicates(findings))


def _run_one(spec: CheckSpec, setting: CheckSettings, corpus: Corpus) -> Iterable[Finding]:
    options = spec.options.model_validate(setting.options)
    for finding in spec.func(corpus, options):
        # A check may grade its own findings; a severity set in config overrides them all.
        if setting.severity is not None and finding.severity != setting.severity:
            finding = finding.model_copy(update={"severity": setting.severity})
        yield finding


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per fingerprint, keeping every piece of evidence and the highest score.

    Checks that see one conflict from different sides (a title on the same date, a lower
    rank later) give it the same fingerprint; the most severe of them speaks for it.
    """
    merged: dict[str, Finding] = {}
    for finding in findings:
        seen = merged.get(finding.id)
        if seen is None:
            merged[finding.id] = finding
            continue
        if finding.severity.rank > seen.severity.rank:
            seen, finding = finding, seen
        evidence = tuple(dict.fromkeys(seen.evidence + finding.evidence))
        entities = tuple(dict.fromkeys(seen.entities + finding.entities))
        scores = [s for s in (seen.score, finding.score) if s is not None]
        merged[finding.id] = seen.model_copy(
            update={"evidence": evidence, "entities": entities, "score": max(scores) if scores else None}
        )
    return list(merged.values())


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity.rank, f.rule, f.entities, f.id))


def read_claims(articles: Sequence[Article], ontology: Ontology | None = None) -> ClaimsReport:
    """What accord reads from `articles`: entities, where each is named, and every claim."""
    corpus = build_corpus(articles, ontology)
    mentions = [
        MentionInfo(article=m.span.article, start=m.span.start, end=m.span.end, text=m.text, entity=corpus.entity_of(m))
        for extracted in corpus.extracted.values()
        for m in extracted.mentions
    ]
    return ClaimsReport(
        articles=tuple(ArticleInfo.of(a) for a in articles),
        entities=tuple(EntityInfo.of(e) for e in corpus.entities),
        mentions=tuple(mentions),
        claims=tuple(c for a in articles for c in corpus.claims_of(a.id)),
    )
