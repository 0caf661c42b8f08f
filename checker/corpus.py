"""The corpus the checks read, and the facts they share.

A `Corpus` holds the articles, their claims and the aligned entities. It is its own module
so that the checks (checker/checks/) and the shared layer (checker/facts.py) read it without
importing the pipeline that runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TypeVar

from checker.engine import LOCAL, Engine
from claims.align import SURNAME_ONLY, Alignment
from claims.extract import ArticleClaims
from claims.names import name_key, same_spelling
from claims.types import Article, Claim, ClaimKind, Entity, EntityKind, Mention

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

    # --- how sure the alignment behind a finding is -------------------------------------------

    def link(self, entity: str, article: str) -> float | None:
        """How surely `article` names `entity` (its surest mention of it), None if it does not name it.

        A mention joined on a shared surname alone is weak (claims.align); it counts as evidence
        of a role once the article gives the person a title that an article naming them surely
        gives too (the same post is more than a shared surname)."""
        return self._links().get((entity, article))

    def _links(self) -> dict[tuple[str, str], float]:
        if "links" not in self.derived:
            links: dict[tuple[str, str], float] = {}
            for article, extracted in self.extracted.items():
                for mention in extracted.mentions:
                    if entity := self.entity_of(mention):
                        key = (entity, article)
                        links[key] = max(links.get(key, 0.0), self.alignment.link(mention))
            roles: dict[tuple[str, str], set] = {}
            for claim in self.all_claims():
                if claim.kind is ClaimKind.HOLDS_ROLE and (entity := self.entity_of(claim.person)):
                    roles.setdefault((entity, claim.span.article), set()).add(claim.role.role)
            for (entity, article), strength in list(links.items()):
                if strength < WEAK_ALIGNMENT and roles.get((entity, article)):
                    sure = set().union(
                        *(r for (e, a), r in roles.items() if e == entity and links.get((e, a), 0) >= WEAK_ALIGNMENT)
                    )
                    if roles[(entity, article)] & sure:
                        links[(entity, article)] = SAME_ROLE
            self.derived["links"] = links
        return self.derived["links"]

    def alignment_confidence(self, entity_names: Iterable[str], articles: Iterable[str]) -> float | None:
        """How surely the articles of a finding speak of the same people: the weakest link of each
        named entity among the articles that name it, where at least two do (None when no entity is
        set against itself across articles)."""
        articles = list(dict.fromkeys(articles))
        named = [e for name in dict.fromkeys(entity_names) for e in self._by_canonical().get(name, ())]
        weakest = None
        for entity in named:
            links = [link for a in articles if (link := self.link(entity.id, a)) is not None]
            if len(links) >= 2:
                weakest = min(links) if weakest is None else min(weakest, *links)
        # two people set against each other ("the office has two holders") who share a surname may be one
        # person named two ways ("Bibi" / "Benjamin" Netanyahu): that they are two is a guess
        people = [name_key(e.canonical) for e in named if e.kind is EntityKind.PERSON]
        for a, b in combinations([k for k in people if k is not None], 2):
            if same_spelling(a.surname, b.surname)[0]:
                weakest = min(weakest if weakest is not None else 1.0, SURNAME_ONLY)
        return weakest

    def _by_canonical(self) -> dict[str, list[Entity]]:
        """Entities by the canonical name findings carry, built once: every finding asks."""
        if "by_canonical" not in self.derived:
            by_name: dict[str, list[Entity]] = {}
            for entity in self.entities:
                by_name.setdefault(entity.canonical, []).append(entity)
            self.derived["by_canonical"] = by_name
        return self.derived["by_canonical"]


WEAK_ALIGNMENT = 0.7  # below this, a finding rests on a guess that two mentions are one person: info at most
SAME_ROLE = 0.8  # a surname-only mention given the same post as a surely named person
