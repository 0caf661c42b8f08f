"""deceased-acting: a person reported dead ("the late X") by one date is reported acting or in office later."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from checker.corpus import Corpus
from checker.facts import canonical_names, evidence, participants, role_facts
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.types import ClaimKind


def _deaths(corpus: Corpus):
    dead_by = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.STATUS and claim.status == "dead" and claim.date:
            entity = corpus.entity_of(claim.person)
            if entity:
                dead_by[entity].append(claim)
    return dead_by


# What befalls the dead is no sign of life: "the death of Justice X", "X was buried", "mourners honoured X".
DEATH_VERBS = {"die", "kill", "murder", "assassinate", "bury", "mourn", "execute", "honor", "honour", "remember"}


def _acts(corpus: Corpus, entity: str):
    """Claims that have the person alive: holding an office now, meeting someone, doing something. Not
    in a sentence that tells of their death, where a title is the one they died in."""
    of_death = {
        claim.sentence
        for claim in corpus.all_claims()
        if (claim.kind is ClaimKind.STATUS and claim.status == "dead" and corpus.entity_of(claim.person) == entity)
        or (
            claim.kind is ClaimKind.EVENT and claim.what in DEATH_VERBS and entity in participants(corpus, claim.agents)
        )
    }
    for fact in role_facts(corpus):
        if fact.entity == entity and fact.role.is_current and fact.date and fact.claim.sentence not in of_death:
            yield fact.claim, f"is called {fact.role.name}" + (f" of {fact.role.country}" if fact.role.country else "")
    for claim in corpus.all_claims():
        if claim.sentence in of_death:
            continue
        if claim.kind is ClaimKind.MEETING and claim.date and entity in participants(corpus, claim.participants):
            yield claim, f"takes part in a meeting ({claim.verb})"
        elif claim.kind is ClaimKind.EVENT and claim.date and entity in participants(corpus, claim.agents):
            yield claim, f"{claim.what}s"


@register_check("deceased-acting", severity=Severity.ERROR, needs={ClaimKind.STATUS, ClaimKind.HOLDS_ROLE})
def deceased_acting(corpus: Corpus, options) -> Iterable[Finding]:
    """Someone reported dead by a date is reported in office, meeting or acting at a later date."""
    names = canonical_names(corpus)
    for entity, deaths in _deaths(corpus).items():
        death = min(deaths, key=lambda c: c.date.end)
        later = [(claim, what) for claim, what in _acts(corpus, entity) if claim.date.start > death.date.end]
        if not later:
            continue
        first_claim, what = min(later, key=lambda pair: pair[0].date.start)
        yield Finding(
            id=fingerprint("deceased-acting", entity),
            rule="deceased-acting",
            severity=Severity.ERROR,
            message=(
                f"{names[entity]} is reported dead by {death.date.end} ({death.span.article}: "
                f'"{death.span.quote}") but {what} on {first_claim.date} ({first_claim.span.article}).'
            ),
            entities=(names[entity],),
            evidence=(
                evidence(corpus, death, death.span),
                *(evidence(corpus, claim, claim.span) for claim, _ in later),
            ),
        )
