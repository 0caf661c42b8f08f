"""Per-entity timelines: each dated title and death of the entities the findings name.

What a reviewer needs to see "Foreign Minister in February, Deputy in May" at a glance;
built from the same role facts the checks read.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.corpus import Corpus
from checker.facts import canonical_names, role_facts
from checker.findings import Finding
from checker.report import TimelineEntry
from claims.types import ClaimKind


def build_timeline(corpus: Corpus, findings: Iterable[Finding]) -> tuple[TimelineEntry, ...]:
    named = {name for f in findings for name in f.entities}
    names = canonical_names(corpus)
    entries = []
    for fact in role_facts(corpus):
        if fact.name not in named:
            continue
        role = fact.role
        where = role.country or role.org
        qualifiers = " ".join(q for q in role.qualifiers if q not in ("deputy",))
        label = " ".join(p for p in (qualifiers, role.name, role.portfolio or "") if p)
        entry = _entry(corpus, fact.name, fact.claim, label + (f" of {where}" if where else ""))
        if role.is_current:  # a present title: a fact a reviewer can confirm
            entry = entry.model_copy(update={"role": role.name, "country": role.country, "org": role.org})
        entries.append(entry)
    for claim in corpus.all_claims():
        entity = corpus.entity_of(claim.person) if claim.kind is ClaimKind.STATUS else None
        if entity in names and names[entity] in named:
            entry = _entry(corpus, names[entity], claim, f"reported {claim.status}")
            entries.append(entry.model_copy(update={"status": claim.status}))
    unique = {(e.entity, e.article, e.start, e.label): e for e in entries}
    return tuple(sorted(unique.values(), key=lambda e: (e.entity, e.date is None, e.date or 0, e.article, e.start)))


def _entry(corpus: Corpus, entity: str, claim, label: str) -> TimelineEntry:
    article = corpus.articles[claim.span.article]
    exact = claim.date and claim.date.start == claim.date.end
    return TimelineEntry(
        entity=entity,
        article=article.id,
        date=claim.date.start if exact else article.published,
        label=label,
        quote=claim.span.quote,
        start=claim.span.start,
        end=claim.span.end,
    )
