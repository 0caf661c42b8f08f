"""Role checks: one person, two titles; one office, two holders.

- role-conflict: two titles in the same body that one person cannot hold at once, on the
  same date or in two reports of the same meeting;
- rank-regression: a later report gives a lower rank in the same body;
- role-changed: a different title at a clearly later date (a change, not a contradiction);
- office-holder-conflict: a single-holder office given to two people at (nearly) the same time.

The three person checks share one fingerprint per person and pair of titles, so a
conflict seen both ways is one finding with all its evidence, at the worst severity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations

from pydantic import BaseModel, ConfigDict

from checker.corpus import Corpus
from checker.facts import RoleFact, canonical_names, days_apart, evidence, is_precise, participants, role_facts
from checker.findings import Finding, Severity, fingerprint
from checker.registry import register_check
from claims.types import ClaimKind

MEMBERSHIP_RANK = 50  # roles at or below this rank (lawmaker, judge, spokesperson) combine with others in the body


class SameDateOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    same_date_days: int = 3  # dates this close are "the same date"
    same_event_days: int = 14  # two reports of one meeting may date it this far apart


class RegressionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    max_years: float = 2.0  # beyond this, a lower title is a new career, not a regression


class HolderOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    same_date_days: int = 3
    window_days: int = 120  # two holders this close in time: suspicious; farther: a change of holder


def _incompatible(a: RoleFact, b: RoleFact) -> bool:
    """Two ranked titles of one person in one body. Where neither title says which country or
    organisation (a coach's team rarely is), they are read as the same one: a person holds
    two posts of one kind in two places at once far less often than a report gets a title wrong."""
    if a.role.role == b.role.role or a.role.body != b.role.body:
        return False
    if a.body[1] is not None and b.body[1] is not None and a.body[1] != b.body[1]:
        return False
    if f"deputy_{a.role.role}" == b.role.role or f"deputy_{b.role.role}" == a.role.role:
        # a post and its own deputy, whatever their rank: a Deputy Spokesperson is not the Spokesperson;
        # but "the spokeswoman" in lower case describes what a Deputy Spokesperson (a formal title) does too
        post, deputy = (a, b) if b.role.role.startswith("deputy_") else (b, a)
        described = post.role.written.islower() and _formal(deputy.role.written)
        return post.role.rank > MEMBERSHIP_RANK or not described
    return a.role.rank > MEMBERSHIP_RANK and b.role.rank > MEMBERSHIP_RANK


def _formal(written: str) -> bool:
    """A title as a formal title is written: every word but a small one capitalised ("Deputy Spokesperson")."""
    words = [w for w in written.split() if w.lower() not in ("of", "for", "the", "and", "to")]
    return bool(words) and all(w[:1].isupper() for w in words)


def _pairs(corpus: Corpus) -> Iterator[tuple[RoleFact, RoleFact]]:
    """Pairs of facts about one person with incompatible titles, from different articles."""
    by_entity: dict[str, list[RoleFact]] = defaultdict(list)
    for fact in role_facts(corpus):
        if fact.role.is_current:  # "former Vice President" and "President-elect" name no post held that day
            by_entity[fact.entity].append(fact)
    for facts in by_entity.values():
        for a, b in combinations(facts, 2):
            if a.article != b.article and _incompatible(a, b):
                yield a, b


def _conflict_id(a: RoleFact, b: RoleFact) -> str:
    return fingerprint("role", a.entity, f"{a.role.role}@{a.body[1]}", f"{b.role.role}@{b.body[1]}")


def _title(fact: RoleFact) -> str:
    where = fact.role.country or fact.role.org
    portfolio = f" {fact.role.portfolio}" if fact.role.portfolio else ""
    return f"{fact.role.name}{portfolio}" + (f" of {where}" if where else "")


def _when(corpus: Corpus, fact: RoleFact) -> str:
    return f"{fact.article} ({fact.date or 'undated'})"


def _finding(corpus, rule, severity, a, b, message, score=None) -> Finding:
    return Finding(
        id=_conflict_id(a, b),
        rule=rule,
        severity=severity,
        message=message,
        entities=(a.name,),
        evidence=(evidence(corpus, a.claim, a.claim.span), evidence(corpus, b.claim, b.claim.span)),
        score=score,
    )


def shared_meeting(corpus: Corpus, a: RoleFact, b: RoleFact, max_days: int) -> frozenset[str] | None:
    """The participants of a meeting both articles report, with this person among them."""
    meetings = defaultdict(list)
    for article in (a.article, b.article):
        for claim in corpus.claims_of(article):
            if claim.kind is ClaimKind.MEETING:
                people = participants(corpus, claim.participants)
                if a.entity in people and len(people) >= 2:
                    meetings[article].append((people, claim.date))
    for people_a, date_a in meetings[a.article]:
        for people_b, date_b in meetings[b.article]:
            dates_fit = date_a is None or date_b is None or days_apart(date_a, date_b) <= max_days
            if people_a == people_b and dates_fit:
                return people_a
    return None


@register_check(
    "role-conflict", severity=Severity.ERROR, needs={ClaimKind.HOLDS_ROLE, ClaimKind.MEETING}, options=SameDateOptions
)
def role_conflict(corpus: Corpus, options: SameDateOptions) -> Iterable[Finding]:
    """One person with two incompatible titles in one body on the same date or at the same meeting."""
    names = canonical_names(corpus)
    for a, b in _pairs(corpus):
        # a date is a day's only when written to the week: "the 2020 election" dates no title to a day
        same_date = (
            is_precise(a.date, 7) and is_precise(b.date, 7) and days_apart(a.date, b.date) <= options.same_date_days
        )
        meeting = None if same_date else shared_meeting(corpus, a, b, options.same_event_days)
        if not same_date and meeting is None:
            continue
        if meeting is not None:
            others = ", ".join(sorted(names[p] for p in meeting if p != a.entity))
            why = f"both report the same meeting with {others}"
        else:
            why = "on the same date"
        yield _finding(
            corpus, "role-conflict", Severity.ERROR, a, b,
            f"{a.name} is called {_title(a)} in {_when(corpus, a)} but {_title(b)} in {_when(corpus, b)}, "
            f"{why}: one person cannot hold both titles at once.",
        )  # fmt: skip


@register_check("rank-regression", severity=Severity.WARNING, needs={ClaimKind.HOLDS_ROLE}, options=RegressionOptions)
def rank_regression(corpus: Corpus, options: RegressionOptions) -> Iterable[Finding]:
    """A later report gives a person a lower rank in the same body than an earlier one."""
    for a, b in _pairs(corpus):
        # "later" needs dates of a month at most: a year a sentence names ("in 2015") dates no title
        if not (is_precise(a.date) and is_precise(b.date)) or a.date.overlaps(b.date):
            continue
        early, late = (a, b) if a.date.end < b.date.start else (b, a)
        if late.role.rank >= early.role.rank or days_apart(a.date, b.date) > 365 * options.max_years:
            continue
        yield _finding(
            corpus, "rank-regression", Severity.WARNING, early, late,
            f"{early.name} is {_title(early)} in {_when(corpus, early)} but only {_title(late)} in the later "
            f"{_when(corpus, late)}: a lower rank later is unusual; one of the two titles may be wrong.",
        )  # fmt: skip


@register_check("role-changed", severity=Severity.INFO, needs={ClaimKind.HOLDS_ROLE})
def role_changed(corpus: Corpus, options) -> Iterable[Finding]:
    """A different title in the same body at a clearly later date: a change over time, not a contradiction."""
    for a, b in _pairs(corpus):
        if not (is_precise(a.date) and is_precise(b.date)) or a.date.overlaps(b.date):
            continue
        early, late = (a, b) if a.date.end < b.date.start else (b, a)
        if late.role.rank < early.role.rank:
            continue
        yield _finding(
            corpus, "role-changed", Severity.INFO, early, late,
            f"{early.name} is {_title(early)} in {_when(corpus, early)} and {_title(late)} in {_when(corpus, late)}: "
            "probably a change of post.",
        )  # fmt: skip


@register_check(
    "office-holder-conflict", severity=Severity.WARNING, needs={ClaimKind.HOLDS_ROLE}, options=HolderOptions
)
def office_holder_conflict(corpus: Corpus, options: HolderOptions) -> Iterable[Finding]:
    """A single-holder office (a country's president, foreign minister, army chief) held by two people at once."""
    by_office: dict[tuple, list[RoleFact]] = defaultdict(list)
    for fact in role_facts(corpus):
        if fact.role.single_holder and fact.office[1] and is_precise(fact.date) and fact.role.is_current:
            by_office[fact.office].append(fact)
    seen: set[str] = set()
    for (role_id, where), facts in sorted(by_office.items()):
        for a, b in combinations(facts, 2):
            if a.entity == b.entity or a.article == b.article:
                continue
            gap = days_apart(a.date, b.date)
            if gap > options.window_days:
                continue
            first, second = sorted((a, b), key=lambda f: f.name)
            key = fingerprint("office", role_id, where, first.entity, second.entity)
            if key in seen:
                continue
            seen.add(key)
            when = "on the same date" if gap <= options.same_date_days else f"{gap} days apart"
            yield Finding(
                id=key,
                rule="office-holder-conflict",
                severity=Severity.WARNING,
                message=(
                    f"{a.role.name} of {where} is {a.name} in {_when(corpus, a)} and {b.name} in {_when(corpus, b)}, "
                    f"{when}: the office has one holder at a time."
                ),
                entities=(first.name, second.name),
                evidence=(evidence(corpus, a.claim, a.claim.span), evidence(corpus, b.claim, b.claim.span)),
            )
