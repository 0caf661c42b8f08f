"""The typed values that flow from text to claims: Article, Span, Mention, Entity, Claim.

Every value is an immutable pydantic model so that stages can be run in any
process (locally, over an index, inside a Ray batch) and compared by value.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DateSource(StrEnum):
    """Where an article's publication date was read from."""

    METADATA = "metadata"  # given by the input: a JSONL field, an HTML <meta>, front matter
    HEADER = "header"  # a header line such as "date 2025-02-04"
    DATELINE = "dateline"  # "Islamabad, May 8, 2025 —"
    DATE_LINE = "date_line"  # a line holding only a date: "Tue Nov 25 2025"


class Article(Frozen):
    """One news article. `text` is what every span's offsets point into."""

    id: str = Field(min_length=1)
    text: str
    published: dt.date | None = None
    published_source: DateSource | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None  # the file it was read from, for locations in reports
    language: str = "en"

    @model_validator(mode="after")
    def _source_needs_date(self) -> Article:
        if self.published is None and self.published_source is not None:
            raise ValueError("published_source given without a published date")
        return self


class Span(Frozen):
    """A stretch of an article's text: `quote == article.text[start:end]`."""

    article: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end before start")
        return self

    @classmethod
    def of(cls, article: Article, start: int, end: int) -> Span:
        return cls(article=article.id, start=start, end=end, quote=article.text[start:end])


class ClaimKind(StrEnum):
    HOLDS_ROLE = "holds_role"
    STATUS = "status"
    MEETING = "meeting"
    EVENT = "event"
    QUANTITY = "quantity"
    STATEMENT = "statement"


class EntityKind(StrEnum):
    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    OFFICE = "office"


class Mention(Frozen):
    """A name as written in one article."""

    text: str
    span: Span
    kind: EntityKind


class Entity(Frozen):
    """One real-world referent, with every name it was written as."""

    id: str
    canonical: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind


class Claim(Frozen):
    """One atomic statement from one article, with the date it speaks of."""

    kind: ClaimKind
    span: Span
    text: str
    date: dt.date | None = None  # the date the claim is about, when known
    attributed_to: str | None = None  # "X said that ...": X's claim, not the outlet's
