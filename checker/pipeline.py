"""The pipeline: Articles -> claims -> (aligned entities) -> findings -> Report.

Each stage is a plain function over typed values, so the same functions can run in
one process, over an index, or inside a distributed batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from checker.corpus import WEAK_ALIGNMENT, Corpus
from checker.engine import LOCAL, Engine, Progress
from checker.findings import Finding, Severity
from checker.registry import CheckSettings, CheckSpec, registered_checks
from checker.report import ArticleInfo, ClaimsReport, EntityInfo, MentionInfo, Report
from checker.timeline import build_timeline
from claims.align import align_people
from claims.ontology import Ontology
from claims.types import Article

__all__ = ["Corpus", "build_corpus", "check", "check_corpus", "read_claims", "run_checks"]


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
    return sort_findings(drop_echoes(merge_duplicates(findings)))


def drop_echoes(findings: list[Finding]) -> list[Finding]:
    """Without a second opinion (the NLI model's) on sentences a rule finding already sets against each
    other: the rule names the conflict precisely, and one conflict is reported once."""
    opinions = {spec.id for spec in registered_checks() if spec.second_opinion}
    spoken = [f.evidence for f in findings if f.rule not in opinions]

    def echoed(finding: Finding) -> bool:
        return any(all(any(_overlap(e, r) for r in rule) for e in finding.evidence) for rule in spoken)

    return [f for f in findings if f.rule not in opinions or not echoed(f)]


def _overlap(a, b) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


def _run_one(spec: CheckSpec, setting: CheckSettings, corpus: Corpus) -> Iterable[Finding]:
    options = spec.options.model_validate(setting.options)
    for finding in spec.func(corpus, options):
        # A check may grade its own findings, never above the severity it has earned
        # (checker.registry); a severity set in config overrides them all.
        severity = setting.severity or min(finding.severity, spec.severity, key=lambda s: s.rank)
        if finding.severity != severity:
            finding = finding.model_copy(update={"severity": severity})
        if spec.same_days:
            finding = weigh_time(corpus, finding)
        yield weigh_alignment(corpus, finding)


def weigh_time(corpus: Corpus, finding: Finding) -> Finding:
    """A finding setting two reports of one happening against each other, when a report is undated: nothing
    shows they are of the same days (two months' jobs figures, two years' debates), so it is a question."""
    if not finding.severity.at_least(Severity.WARNING) or all(corpus.articles[a].published for a in finding.articles):
        return finding
    return finding.model_copy(
        update={
            "severity": Severity.INFO,
            "message": f"{finding.message} (An undated report: nothing shows both are of the same days.)",
        }
    )


def weigh_alignment(corpus: Corpus, finding: Finding) -> Finding:
    """The finding with how surely its sides speak of one person; one that rests on a weak alignment
    (a shared surname and nothing more) is a question for a reviewer, at most info."""
    confidence = corpus.alignment_confidence(finding.entities, finding.articles)
    if confidence is None:
        return finding
    update: dict[str, object] = {"alignment": round(confidence, 2)}
    if confidence < WEAK_ALIGNMENT and finding.severity.at_least(Severity.WARNING):
        update["severity"] = Severity.INFO
        update["message"] = f"{finding.message} (Only a shared surname says these reports speak of one person.)"
    return finding.model_copy(update=update)


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
