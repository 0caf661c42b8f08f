"""`accord facts PATH... --out FILE`: a draft facts sheet from a corpus, for an editor to review.

What the corpus says, as a sheet the loader reads back (checker/reference.py):

- per person (known by a full name), each office that several articles give as a present title,
  with the articles and their count; the dates it rests on become "by FIRST" and "after LAST"
  (held by the first report, still held at the last; the true start and end are the editor's);
- each death reported ("the late X"), as "by" the earliest report, with any later report that
  still has the person in office or acting;
- disputed items commented out, with the articles on each side: two titles one person cannot
  hold at once, reported within `dispute_years` of each other. The side more articles give
  stays in (a comment names the other); on a tie both are commented out. A death stays in
  against as many later acts: outlets rarely call a living person "the late", while stale
  titles are common.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field

from checker.checks.reference import SKIPPED_QUALIFIERS, STAND_IN, _incompatible
from checker.checks.status import _acts
from checker.facts import RoleFact, role_facts
from checker.pipeline import Corpus
from checker.reference import _full, _name_form
from claims.types import ClaimKind, Entity, Role


@dataclass
class _Office:
    role: Role
    where: str
    country: bool
    facts: list[RoleFact] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({f.article for f in self.facts})

    @property
    def dates(self) -> list[dt.date]:
        """The days reports date it to; a report dated only to a month or a year places it on no known day."""
        return sorted(f.date.start for f in self.facts if f.date and f.date.start == f.date.end)

    def cited(self) -> str:
        dated: dict[str, str] = {}
        for f in sorted(self.facts, key=lambda f: (f.article, f.date is None)):
            dated.setdefault(f.article, str(f.date) if f.date else "undated")
        return ", ".join(f"{a} ({d})" for a, d in sorted(dated.items()))


def draft_sheet(corpus: Corpus, min_sources: int = 2, dispute_years: float = 2.0, today: dt.date | None = None) -> str:
    """The draft sheet's TOML text."""
    entities = {e.id: e for e in corpus.entities if e.kind.value == "person"}
    offices: dict[str, dict[tuple, _Office]] = defaultdict(dict)
    for fact in role_facts(corpus):
        role = fact.role
        if fact.entity not in entities or not role.is_current or (SKIPPED_QUALIFIERS | STAND_IN) & set(role.qualifiers):
            continue
        where = role.country or role.org
        if where is None:
            continue  # an office of nowhere known cannot be checked
        key = (role.role, where)
        offices[fact.entity].setdefault(key, _Office(role, where, role.country is not None)).facts.append(fact)
    deaths = _deaths(corpus, entities)
    used_names: dict[str, str] = {}
    blocks = []
    people = sorted(set(offices) | set(deaths), key=lambda e: entities[e].canonical)
    for entity_id in people:
        entity = entities[entity_id]
        if not any(_full(n) for n in (entity.canonical, *entity.aliases)):
            continue  # a bare surname would align to the wrong person
        names = _names(entity, used_names)
        if names is None:
            continue
        lines = _person(entity, names, offices.get(entity_id, {}), deaths.get(entity_id), min_sources, dispute_years)
        if lines:
            blocks.append("\n".join(lines))
    stamp = (today or dt.date.today()).isoformat()
    header = [
        f"# Draft facts sheet written by `accord facts` on {stamp} from {len(corpus.articles)} articles.",
        "# Review every entry before use: dates are those of the reports ('by' the first, 'after' the last),",
        "# not of the terms; add each term's true start and end and a source URL. Entries commented out",
        "# are disputed or rest on too few articles; the comments name the articles on each side.",
        "",
        "",
    ]
    return "\n".join(header) + "\n\n".join(blocks) + ("\n" if blocks else "")


def _names(entity: Entity, used: dict[str, str]) -> list[str] | None:
    """The person's name first, then the full names it is written as (a name another person has is dropped)."""
    full = [n for n in dict.fromkeys((entity.canonical, *entity.aliases)) if _full(n)]
    main = entity.canonical if _full(entity.canonical) else full[0]
    names = [main, *sorted((n for n in full if n != main), key=len)]
    kept: list[str] = []
    for name in names:
        form = _name_form(name)
        if any(_name_form(k) == form for k in kept):
            continue  # "General Syed Asim Munir" adds nothing to "Asim Munir"
        if used.get(form, entity.id) != entity.id:
            if name == main:
                return None
            continue
        used[form] = entity.id
        kept.append(name)
    return kept


def _person(entity, names, offices: dict[tuple, _Office], death, min_sources: int, dispute_years: float) -> list[str]:
    lines: list[str] = []
    groups = sorted(offices.values(), key=lambda o: (-len(o.articles), o.role.name))
    disputed: dict[int, list[_Office]] = defaultdict(list)
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            if _incompatible(a.role, b.role) and a.where == b.where and _close(a, b, dispute_years):
                disputed[id(a)].append(b)
                disputed[id(b)].append(a)
    first = True
    for office in groups:
        against = disputed.get(id(office), [])
        most = max((len(o.articles) for o in against), default=0)
        out = None
        if against and len(office.articles) <= most:
            out = "disputed"
        elif len(office.articles) < min_sources:
            out = f"{_n(len(office.articles))} only"
        elif not office.dates:
            out = "no dated report"
        title = f"{office.role.name} of {office.where}"
        comment = [f"# {entity.canonical}: {title}, {_n(len(office.articles))}: {office.cited()}"]
        for other in against:
            comment.append(
                f"#   disputed by {other.role.name} of {other.where}, {_n(len(other.articles))}: {other.cited()}"
            )
        entry = ["[[office]]", f"person = {_q(names[0])}"]
        if first and len(names) > 1:
            entry.append(f"aliases = [{', '.join(_q(n) for n in names[1:])}]")
        entry.append(f"role = {_q(office.role.name)}")
        entry.append(f"{'country' if office.country else 'org'} = {_q(office.where)}")
        if office.dates:
            entry += [f'start = "by {office.dates[0]}"', f'end = "after {office.dates[-1]}"']
        entry.append(f"note = {_q(f'{_n(len(office.articles))}: ' + ', '.join(office.articles))}")
        if out is None:
            first = False
            lines += [*comment, *entry, ""]
        else:
            lines += [comment[0] + f" [{out}]", *comment[1:], *(f"# {line}" for line in entry), ""]
    if death is not None:
        reports, acts = death
        earliest = min(c.date.start for c in reports)
        lines.append(f"# {entity.canonical}: reported dead in {_n(len(_articles(reports)))}: {_cite(reports)}")
        if acts:
            lines.append(f"#   disputed by later reports in office or acting: {_cite(c for c, _ in acts)}")
        entry = ["[[death]]", f"person = {_q(names[0])}"]
        if first and len(names) > 1:
            entry.append(f"aliases = [{', '.join(_q(n) for n in names[1:])}]")
        entry += [f'date = "by {earliest}"', f"note = {_q('reported dead in ' + ', '.join(_articles(reports)))}"]
        if len({c.span.article for c, _ in acts}) > len(_articles(reports)):
            lines += [*(f"# {line}" for line in entry), ""]
        else:
            lines += [*entry, ""]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _n(count: int) -> str:
    return f"{count} article" + ("" if count == 1 else "s")


def _close(a: _Office, b: _Office, years: float) -> bool:
    """Reported near enough in time to be one date's dispute (or either undated): not a change of post."""
    undated = any(f.date is None for f in a.facts) or any(f.date is None for f in b.facts)
    if undated or not a.dates or not b.dates:
        return True
    gap = max(a.dates[0], b.dates[0]) - min(a.dates[-1], b.dates[-1])
    return gap.days <= 365 * years


def _deaths(corpus: Corpus, entities: dict[str, Entity]) -> dict[str, tuple[list, list]]:
    """Each person reported dead: the dated reports, and the later reports of them in office or acting."""
    reports = defaultdict(list)
    for claim in corpus.all_claims():
        if claim.kind is ClaimKind.STATUS and claim.status == "dead" and claim.date:
            entity = corpus.entity_of(claim.person)
            if entity in entities:
                reports[entity].append(claim)
    found = {}
    for entity, claims in reports.items():
        earliest = min(c.date.start for c in claims)
        acts = [(c, what) for c, what in _acts(corpus, entity) if c.date.start > earliest]
        found[entity] = (claims, acts)
    return found


def _articles(claims) -> list[str]:
    return sorted({c.span.article for c in claims})


def _cite(claims) -> str:
    dated: dict[str, str] = {}
    for claim in claims:
        dated.setdefault(claim.span.article, str(claim.date) if claim.date else "undated")
    return ", ".join(f"{a} ({d})" for a, d in sorted(dated.items()))


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
