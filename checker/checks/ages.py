"""age-conflict: one person given two ages that the time between the reports cannot explain."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from checker.facts import canonical_names, evidence
from checker.findings import Finding, Severity, fingerprint
from checker.pipeline import Corpus
from checker.registry import register_check
from claims.types import Age, ClaimKind


class AgeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    slack_years: int = Field(default=0, ge=0)  # years of difference forgiven beyond what time allows


@register_check("age-conflict", severity=Severity.WARNING, needs={ClaimKind.AGE}, options=AgeOptions)
def age_conflict(corpus: Corpus, options: AgeOptions) -> Iterable[Finding]:
    """One person given two ages that the time between the reports (and a birthday) cannot explain."""
    names = canonical_names(corpus)
    by_person = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.AGE and claim.date and (entity := corpus.entity_of(claim.person)):
            by_person[entity].append(claim)
    for entity, claims in sorted(by_person.items()):
        for a, b in corpus.pairs(claims, lambda c: c.span.article):
            if a.span.article == b.span.article or _explained(a, b, options):
                continue
            first, second = sorted((a, b), key=lambda c: (c.date.start, c.span.article))
            yield Finding(
                id=fingerprint("age-conflict", entity, sorted((a.years, b.years))),
                rule="age-conflict",
                severity=Severity.WARNING,
                message=(
                    f"{names[entity]} is {first.years} in {first.span.article} ({first.date.start}) "
                    f"but {second.years} in {second.span.article} ({second.date.start})."
                ),
                entities=(names[entity],),
                evidence=(evidence(corpus, first), evidence(corpus, second)),
            )


def _explained(a: Age, b: Age, options: AgeOptions) -> bool:
    """Whether the later report's age follows from the earlier one's and the time between: the same
    age or one more when a birthday can fall between them (59 in May, 60 in June), never younger."""
    first, second = sorted((a, b), key=lambda c: c.date.start)
    elapsed = (second.date.start - first.date.start).days / 365.25
    grown = second.years - first.years
    return math.floor(elapsed) - options.slack_years <= grown <= math.ceil(elapsed) + options.slack_years
