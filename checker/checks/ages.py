"""age-conflict: one person given two ages that the time between the reports cannot explain."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from checker.corpus import Corpus
from checker.facts import canonical_names, evidence
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.types import Age, ClaimKind


class AgeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    slack_years: int = Field(default=0, ge=0)  # years of difference forgiven beyond what time allows


@register_check("age-conflict", severity=Severity.WARNING, needs={ClaimKind.AGE}, options=AgeOptions, same_days=True)
def age_conflict(corpus: Corpus, options: AgeOptions) -> Iterable[Finding]:
    """One person given two ages that the time between the reports (and a birthday) cannot explain."""
    names = canonical_names(corpus)
    by_person = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.AGE and claim.date and (entity := corpus.entity_of(claim.person)):
            by_person[entity].append(claim)
    for entity, claims in sorted(by_person.items()):
        for a, b in corpus.pairs(claims, lambda c: c.span.article):
            off = _years_off(a, b)
            if a.span.article == b.span.article or off <= options.slack_years:
                continue
            first, second = sorted((a, b), key=lambda c: (c.date.start, c.span.article))
            # one year off is a birthday the reports straddle, or an outlet reusing an older story: a note
            severity = Severity.INFO if off - options.slack_years <= 1 else Severity.WARNING
            yield Finding(
                id=fingerprint("age-conflict", entity, sorted((a.years, b.years))),
                rule="age-conflict",
                severity=severity,
                message=(
                    f"{names[entity]} is {first.years} in {first.span.article} ({first.date.start}) "
                    f"but {second.years} in {second.span.article} ({second.date.start})."
                    + (" One year apart: a birthday, or an older source?" if severity is Severity.INFO else "")
                ),
                entities=(names[entity],),
                evidence=(evidence(corpus, first), evidence(corpus, second)),
            )


def _years_off(a: Age, b: Age) -> int:
    """How many years the later report's age lies outside what the earlier one's and the time between
    allow: the same age, or one more when a birthday can fall between them (59 in May, 60 in June)."""
    first, second = sorted((a, b), key=lambda c: c.date.start)
    elapsed = (second.date.start - first.date.start).days / 365.25
    grown = second.years - first.years
    return max(math.floor(elapsed) - grown, grown - math.ceil(elapsed), 0)
