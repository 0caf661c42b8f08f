"""The Report: the one value every renderer and the gate read."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.findings import Finding, Severity
from claims.types import Article, Claim, DateSource, Entity, EntityKind

REPORT_VERSION = "1"


class BaselineEntry(BaseModel):
    """One accepted conflict in a baseline file, keyed by the finding's fingerprint."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    rule: str = ""
    entities: tuple[str, ...] = ()
    message: str = ""
    reason: str = ""
    decision: Literal["accepted", "dismissed"] = "accepted"  # a real conflict known and accepted, or a false alarm
    articles: tuple[str, ...] = ()  # the articles the finding cited: a gate judges staleness only for its drafts


class ArticleInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    published: dt.date | None
    published_source: DateSource | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None

    @classmethod
    def of(cls, article: Article) -> ArticleInfo:
        return cls(
            id=article.id,
            published=article.published,
            published_source=article.published_source,
            title=article.title,
            source=article.source,
            url=article.url,
            path=article.path,
        )


class EntityInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    canonical: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind
    merges: tuple[str, ...] = ()  # why these names were taken for one entity

    @classmethod
    def of(cls, entity: Entity) -> EntityInfo:
        return cls(
            id=entity.id, canonical=entity.canonical, aliases=entity.aliases, kind=entity.kind, merges=entity.merges
        )


class MentionInfo(BaseModel):
    """Where a person is named, and which entity the name was aligned to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str
    start: int
    end: int
    text: str
    entity: str | None


class TimelineEntry(BaseModel):
    """One dated claim about an entity (a title, a death), for the per-entity timeline of the review page."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entity: str  # canonical name
    article: str
    date: dt.date | None
    label: str  # "Deputy Foreign Minister of Iran", "reported dead"
    quote: str
    start: int
    end: int
    # What the entry says, for the review page's fact export (checker/reference.py reads it back):
    role: str | None = None  # the title's canonical name, "Foreign Minister"
    country: str | None = None
    org: str | None = None
    status: Literal["dead", "alive"] | None = None


class ClaimsReport(BaseModel):
    """What accord read: the output of `accord claims`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = REPORT_VERSION
    articles: tuple[ArticleInfo, ...] = ()
    entities: tuple[EntityInfo, ...] = ()
    mentions: tuple[MentionInfo, ...] = ()
    claims: tuple[Claim, ...] = ()


class Report(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = REPORT_VERSION
    articles: tuple[ArticleInfo, ...] = ()
    entities: tuple[EntityInfo, ...] = ()
    findings: tuple[Finding, ...] = ()
    stale: tuple[BaselineEntry, ...] = ()  # baseline entries that no finding matches any more
    timeline: tuple[TimelineEntry, ...] = ()  # titles and deaths of the entities that findings name

    def open_findings(self) -> tuple[Finding, ...]:
        """The findings not accepted in the baseline: the ones that can fail a gate."""
        return tuple(f for f in self.findings if f.accepted is None)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.open_findings() if f.severity == severity)

    def accepted_count(self) -> int:
        return len(self.findings) - len(self.open_findings())

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.open_findings()), key=lambda s: s.rank, default=None)

    def fails(self, fail_on: Severity | None) -> bool:
        """True when a finding is at or above `fail_on` (None: never fail)."""
        worst = self.worst()
        return fail_on is not None and worst is not None and worst.at_least(fail_on)
