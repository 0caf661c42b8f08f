"""Checks against the newsroom's facts sheet (`--facts FILE`, checker/reference.py): the sheet is a
trusted source, so a claim that contradicts it is a finding, and the evidence cites the sheet's line.

- reference-title: a person the sheet names is given a present title outside the sheet's term for
  it, a title that cannot go with the office the sheet has them in at that date, or "former X"
  while the sheet has them in office;
- reference-holder: a single-holder office given to someone else while the sheet's holder has it;
- reference-death: someone the sheet has dead is in office, meeting or acting later, or is
  reported dead before the sheet's date of death;
- reference-age: an age that the sheet's date of birth does not allow.

Precision first. A claim counts only when its person is aligned to the sheet's person with good
confidence (checker.reference.match_entities: a listed name, or two full names that are spellings
of one name; never a bare shared surname) and its date is known. "then-X" is never held against a
date; "the late X" and "former X" are past titles; a grace period around a term's ends (titles lag,
sheets date a swearing-in or an appointment) and after a death (reports of it) is never flagged.
Each claim gives at most one finding, the most specific: a death before a term's end before
another holder.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from checker.checks.roles import MEMBERSHIP_RANK
from checker.checks.status import _acts
from checker.facts import RoleFact, canonical_names, evidence, role_facts
from checker.findings import Evidence, Finding, Severity, fingerprint
from checker.pipeline import Corpus
from checker.reference import Cite, Match, Office, Person, match_entities, sheet_of, shift
from checker.registry import register_check
from claims.names import compatible, fold, name_key
from claims.types import Claim, ClaimKind, DateInterval, Role

SKIPPED_QUALIFIERS = {"then", "late", "outgoing", "incoming", "designate", "elect"}
STAND_IN = {"acting", "interim", "caretaker"}  # a stand-in holds an office beside its holder


class ReferenceOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    grace_days: int = Field(default=30, ge=0)  # days around a term's ends and after a death never flagged


class ReferenceAgeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    slack_years: int = Field(default=0, ge=0)  # years off forgiven beyond what the birth date allows


@dataclass(frozen=True)
class Verdict:
    rule: str
    key: tuple  # what the conflict is about; one finding per key
    entity: str  # the corpus entity's canonical name
    claim: Claim
    cite: Cite
    message: str  # the finding's message, without the list of claims
    score: float
    supporters: tuple[str, ...] = ()  # other articles that agree with the sheet
    supported: str = ""  # what they say: "Abbas Araghchi is Foreign Minister of Iran"


def _day(date: dt.date, days: int) -> dt.date:
    return shift(date, days)


def _inside(date: DateInterval, span: tuple[dt.date, dt.date] | None) -> bool:
    """The whole claim date lies in `span`."""
    return span is not None and date.start >= span[0] and date.end <= span[1]


def _outside(date: DateInterval, span: tuple[dt.date, dt.date]) -> bool:
    """The whole claim date lies before or after `span`."""
    return date.end < span[0] or date.start > span[1]


def _when(date: DateInterval) -> str:
    return str(date.start) if date.start == date.end else f"{date.start}..{date.end}"


def _line(cite: Cite) -> str:
    return f"{cite.file}:{cite.line}"


def _where(role: Role) -> str:
    return fold(role.country or role.org or "")


def _title(role: Role) -> str:
    where = role.country or role.org
    return role.name + (f" of {where}" if where else "")


def _incompatible(a: Role, b: Role) -> bool:
    """Two titles one person cannot hold at once: ranked posts of one body, or a post and its deputy."""
    if a.role == b.role or a.body != b.body:
        return False
    if f"deputy_{a.role}" == b.role or f"deputy_{b.role}" == a.role:
        return True
    return a.rank > MEMBERSHIP_RANK and b.rank > MEMBERSHIP_RANK


def _sheet_evidence(cite: Cite) -> Evidence:
    return Evidence(article=cite.file, start=cite.start, end=cite.end, quote=cite.text, line=cite.line, column=1)


def verdicts(corpus: Corpus, grace: int) -> list[Verdict]:
    """What the sheet says of each claim it covers; built once per corpus and grace."""
    cache = corpus.derived.setdefault("reference_verdicts", {})
    if grace not in cache:
        sheet = sheet_of(corpus)
        cache[grace] = [] if sheet is None else list(_judge(corpus, sheet, grace))
    return cache[grace]


def _judge(corpus: Corpus, sheet, grace: int) -> Iterable[Verdict]:
    matches = match_entities(corpus, sheet)
    names = canonical_names(corpus)
    judged: set[int] = set()  # claims already given a verdict: one finding per claim
    for entity, match in matches.items():
        for verdict in _deaths(corpus, entity, names[entity], match, grace):
            judged.add(id(verdict.claim))
            yield verdict
    holders = defaultdict(list)  # office -> sheet entries
    for office in sheet.offices():
        holders[office.office].append(office)
    for fact in role_facts(corpus):
        if fact.date is None or id(fact.claim) in judged or SKIPPED_QUALIFIERS & set(fact.role.qualifiers):
            continue
        match = matches.get(fact.entity)
        verdict = _title_verdict(corpus, fact, match, grace) if match else None
        if verdict is None and not (match and _holds_listed(match.person, fact)):
            verdict = _holder_verdict(corpus, sheet, fact, match, holders, grace)
        if verdict is not None:
            judged.add(id(fact.claim))
            yield verdict
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.AGE and claim.date and (entity := corpus.entity_of(claim.person)) in matches:
            verdict = _age_verdict(claim, names[entity], matches[entity])
            if verdict is not None:
                yield verdict


def _death(person: Person):
    return person.death.date if person.death else None


def _deaths(corpus: Corpus, entity: str, name: str, match: Match, grace: int) -> Iterable[Verdict]:
    person = match.person
    if person.death is None:
        return
    died = person.death.date
    for claim, what in _acts(corpus, entity):
        if claim.kind is not ClaimKind.HOLDS_ROLE and claim.date.text in (None, "publication date"):
            continue  # a meeting or an act placed in time only by its report may be recalled from before
        if claim.date.start > _day(died.last, grace):
            yield Verdict(
                rule="reference-death",
                key=("death", person.name),
                entity=name,
                claim=claim,
                cite=person.death.cite,
                message=(
                    f"{person.name} died {_on(died)} ({_line(person.death.cite)}), but in {claim.span.article} "
                    f"({_when(claim.date)}) {person.name} {what}."
                ),
                score=match.score,
                supporters=_reported_dead(corpus, entity, claim),
                supported=f"{person.name} is dead",
            )
    if died.bound == "by":
        return
    for claim in corpus.all_claims():
        dead = claim.kind is ClaimKind.STATUS and claim.status == "dead" and claim.date
        if dead and corpus.entity_of(claim.person) == entity and claim.date.end < _day(died.first, -grace):
            yield Verdict(
                rule="reference-death",
                key=("dead-early", person.name),
                entity=name,
                claim=claim,
                cite=person.death.cite,
                message=(
                    f"{claim.span.article} reports {person.name} dead on {_when(claim.date)}, but the facts "
                    f"sheet has the death {_on(died)} ({_line(person.death.cite)})."
                ),
                score=match.score,
            )


def _on(date) -> str:
    if date.bound == "by":
        return f"by {date.text.split(' ', 1)[1]}"
    return f"on {date.text}" if date.first == date.last else f"in {date.text}"


def _reported_dead(corpus: Corpus, entity: str, acting: Claim) -> tuple[str, ...]:
    """The articles that agree with the sheet: they report the person dead before the act."""
    found = []
    for claim in corpus.all_claims():
        dead = claim.kind is ClaimKind.STATUS and claim.status == "dead"
        if dead and corpus.entity_of(claim.person) == entity and claim.span.article != acting.span.article:
            found.append(f"{claim.span.article} ({claim.date or 'undated'})")
    return tuple(dict.fromkeys(found))


def _holds_listed(person: Person, fact: RoleFact) -> bool:
    """The sheet lists this office for the person: the title check judges it, not the holder check."""
    where = _where(fact.role)
    return any(o.role.role == fact.role.role and (not where or fold(o.where) == where) for o in person.offices)


def _title_verdict(corpus: Corpus, fact: RoleFact, match: Match, grace: int) -> Verdict | None:
    person, role, date = match.person, fact.role, fact.date
    where = _where(role)
    died = _death(person)
    same = [o for o in person.offices if o.role.role == role.role and (not where or fold(o.where) == where)]
    qualifiers = set(role.qualifiers)
    if qualifiers & {"former", "ex"}:
        for office in same:
            if _inside(date, office.certain(died, grace)):
                return _title_verdict_of(corpus, fact, match, office, "former", "is called former")
        return None
    if not role.is_current or STAND_IN & qualifiers:
        return None  # an acting or interim holder stands in beside the office's own holder
    if same:
        if fact.claim.attributed_to:
            return None  # speakers keep courtesy titles ("Secretary Clinton" years on)
        if all(_outside(date, o.possible(died, grace)) for o in same):
            nearest = min(same, key=lambda o: _distance(date, o.possible(died, grace)))
            return _title_verdict_of(corpus, fact, match, nearest, "outside", "is called")
        return None
    for office in person.offices:
        if where and fold(office.where) != where:
            continue
        if _incompatible(role, office.role) and _inside(date, office.certain(died, grace)):
            return _title_verdict_of(corpus, fact, match, office, "conflict", "is called")
    return None


def _distance(date: DateInterval, span: tuple[dt.date, dt.date]) -> int:
    if date.end < span[0]:
        return (span[0] - date.end).days
    return max((date.start - span[1]).days, 0) if span[1] < dt.date.max else 0


def _title_verdict_of(corpus, fact: RoleFact, match: Match, office: Office, how: str, verb: str) -> Verdict:
    person = match.person
    claimed = _title_of(fact.role)
    if how == "former":
        claimed = _title_of(fact.role).removeprefix("former ")
    sheet_says = f"the facts sheet has {person.name} as {office.describe()} ({_line(office.cite)})"
    if how == "outside":
        tail = f"but {sheet_says}: the title is not held then."
    elif how == "former":
        tail = f"but {sheet_says}: still in office then."
    else:
        tail = f"but {sheet_says}: one person cannot hold both titles at once."
    return Verdict(
        rule="reference-title",
        key=("title", person.name, how, fact.role.role, office.role.role, office.where, str(office.start)),
        entity=fact.name,
        claim=fact.claim,
        cite=office.cite,
        message=f"{person.name} {verb} {claimed} on {_when(fact.date)} ({fact.article}), {tail}",
        score=match.score,
        supporters=_agreeing(corpus, fact, office),
        supported=f"{person.name} is {office.role.name} of {office.where}",
    )


def _title_of(role: Role) -> str:
    shown = [q for q in role.qualifiers if q in ("former", "ex", "acting", "interim")]
    return " ".join([*shown, _title(role)])


def _agreeing(corpus: Corpus, fact: RoleFact, office: Office) -> tuple[str, ...]:
    """Other articles that give the person the sheet's title, dated within its term or undated."""
    found = []
    for other in role_facts(corpus):
        if other.entity != fact.entity or other.article == fact.article or not other.role.is_current:
            continue
        if other.role.role != office.role.role or (_where(other.role) and _where(other.role) != fold(office.where)):
            continue
        if other.date is None or not _outside(other.date, office.possible()):
            found.append(f"{other.article} ({_when(other.date) if other.date else 'undated'})")
    return tuple(dict.fromkeys(found))


def _holder_verdict(corpus, sheet, fact: RoleFact, match: Match | None, holders, grace: int) -> Verdict | None:
    """A single-holder office, its country written in the claim itself, given to someone the sheet does not
    have in it while the sheet's holder surely is."""
    role = fact.claim.role
    if not role.single_holder or not role.is_current or STAND_IN & set(role.qualifiers) or not role.country:
        return None
    for office in holders.get((role.role, fold(role.country)), ()):
        holder = sheet.people[next(k for k, p in sheet.people.items() if p.name == office.person)]
        if match is not None and match.person is holder:
            continue
        if not _inside(fact.date, office.certain(_death(holder), grace)) or _may_be(corpus, fact, holder):
            continue
        return Verdict(
            rule="reference-holder",
            key=("holder", role.role, office.where, office.person, fact.name),
            entity=fact.name,
            claim=fact.claim,
            cite=office.cite,
            message=(
                f"{fact.name} is called {_title(fact.role)} on {_when(fact.date)} ({fact.article}), but the facts "
                f"sheet has {holder.name} as {office.describe()} ({_line(office.cite)}): the office has one "
                "holder at a time."
            ),
            score=match.score if match else 1.0,
        )
    return None


def _may_be(corpus: Corpus, fact: RoleFact, holder: Person) -> bool:
    """Whether any name of the claim's person could be the holder's (a surname alone included)."""
    entity = next((e for e in corpus.entities if e.id == fact.entity), None)
    written = [fact.claim.person.name, *((entity.canonical, *entity.aliases) if entity else ())]
    for name in written:
        key = name_key(name)
        if key is None:
            return True
        if any(compatible(key, other)[0] for other in map(name_key, holder.names) if other):
            return True
    return False


def _age_verdict(claim, name: str, match: Match) -> Verdict | None:
    person = match.person
    if person.birth is None:
        return None
    born = person.birth.date
    youngest = _years(born.last, claim.date.start)
    oldest = _years(born.first, claim.date.end)
    if youngest <= claim.years <= oldest:
        return None
    off = youngest - claim.years if claim.years < youngest else claim.years - oldest
    allowed = str(youngest) if youngest == oldest else f"{youngest} to {oldest}"
    return Verdict(
        rule="reference-age",
        key=("age", person.name, claim.years, claim.date.start.year),
        entity=name,
        claim=claim,
        cite=person.birth.cite,
        message=(
            f"{person.name} is {claim.years} on {_when(claim.date)} ({claim.span.article}), but born "
            f"{_on(born)} ({_line(person.birth.cite)}) makes {allowed} then"
            + (": one year off, a birthday or an older story?" if off == 1 else ".")
        ),
        score=match.score,
        supporters=(str(off),),
    )


def _years(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _findings(corpus: Corpus, rule: str, grace: int, severity_of=None) -> Iterable[Finding]:
    grouped: dict[tuple, list[Verdict]] = defaultdict(list)
    for verdict in verdicts(corpus, grace):
        if verdict.rule == rule:
            grouped[verdict.key].append(verdict)
    for key, group in grouped.items():
        group.sort(key=lambda v: (v.claim.date.start if v.claim.date else dt.date.min, v.claim.span.article))
        first = group[0]
        message = first.message
        supporters = tuple(dict.fromkeys(s for v in group for s in v.supporters))
        if rule != "reference-age" and supporters:
            says = "says" if len(supporters) == 1 else "say"
            message += f" The sheet supports the other side: {_join(supporters)} {says} {first.supported}."
        if len(group) > 1:
            message += f" ({len(group)} claims)"
        claims_evidence = tuple(dict.fromkeys(evidence(corpus, v.claim, v.claim.span) for v in group))
        yield Finding(
            id=fingerprint(rule, *key),
            rule=rule,
            severity=severity_of(first) if severity_of else Severity.ERROR,
            message=message,
            entities=(first.entity,),
            evidence=(*claims_evidence, _sheet_evidence(first.cite)),
            score=min(v.score for v in group),
        )


def _join(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


NEEDS = {ClaimKind.HOLDS_ROLE}


@register_check("reference-title", severity=Severity.ERROR, needs=NEEDS, options=ReferenceOptions)
def reference_title(corpus: Corpus, options: ReferenceOptions) -> Iterable[Finding]:
    """With --facts: a title outside the sheet's term, beside an incompatible office, or "former" in office."""
    return _findings(corpus, "reference-title", options.grace_days)


@register_check("reference-holder", severity=Severity.ERROR, needs=NEEDS, options=ReferenceOptions)
def reference_holder(corpus: Corpus, options: ReferenceOptions) -> Iterable[Finding]:
    """With --facts: a single-holder office given to someone else while the sheet's holder has it."""
    return _findings(corpus, "reference-holder", options.grace_days)


@register_check(
    "reference-death",
    severity=Severity.ERROR,
    needs={ClaimKind.HOLDS_ROLE, ClaimKind.STATUS, ClaimKind.MEETING, ClaimKind.EVENT},
    options=ReferenceOptions,
)
def reference_death(corpus: Corpus, options: ReferenceOptions) -> Iterable[Finding]:
    """With --facts: someone the sheet has dead in office, meeting or acting later (or dead too early)."""
    return _findings(corpus, "reference-death", options.grace_days)


@register_check("reference-age", severity=Severity.ERROR, needs={ClaimKind.AGE}, options=ReferenceAgeOptions)
def reference_age(corpus: Corpus, options: ReferenceAgeOptions) -> Iterable[Finding]:
    """With --facts: an age the sheet's date of birth does not allow (one year off: a warning)."""
    for finding in _findings(corpus, "reference-age", 0, _age_severity):
        off = _age_off(corpus, finding)
        if off is not None and off <= options.slack_years:
            continue
        yield finding


def _age_severity(verdict: Verdict) -> Severity:
    return Severity.WARNING if verdict.supporters == ("1",) else Severity.ERROR


def _age_off(corpus: Corpus, finding: Finding) -> int | None:
    for verdict in verdicts(corpus, 0):
        if verdict.rule == "reference-age" and fingerprint("reference-age", *verdict.key) == finding.id:
            return int(verdict.supporters[0])
    return None
