"""The typed values that flow from text to claims: Article, Span, Mention, Entity, Claim.

Every value is an immutable pydantic model so that stages can be run in any
process (locally, over an index, inside a Ray batch) and compared by value.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

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
    AGE = "age"
    LOCATED = "located"
    STATEMENT = "statement"


class EntityKind(StrEnum):
    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    OFFICE = "office"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"  # early/mid/late in a year
    YEAR = "year"


class DateInterval(Frozen):
    """A date as an interval of days, both ends included: "April 2024" is 2024-04-01..2024-04-30."""

    start: dt.date
    end: dt.date
    precision: DatePrecision
    text: str | None = None  # as written ("on Monday", "early 2024")

    @model_validator(mode="after")
    def _ordered(self) -> DateInterval:
        if self.end < self.start:
            raise ValueError("date interval ends before it starts")
        return self

    @classmethod
    def day(cls, date: dt.date, text: str | None = None) -> DateInterval:
        return cls(start=date, end=date, precision=DatePrecision.DAY, text=text)

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def before(self, other: DateInterval) -> bool:
        """Entirely before `other`."""
        return self.end < other.start

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"


class Mention(Frozen):
    """A name as written in one article; `name` is the name with titles and honorifics removed."""

    text: str
    name: str
    span: Span
    kind: EntityKind = EntityKind.PERSON


class Entity(Frozen):
    """One real-world referent, with every name it was written as and why they were merged."""

    id: str
    canonical: str
    aliases: tuple[str, ...] = ()
    kind: EntityKind
    merges: tuple[str, ...] = ()  # one line per merge: which rule, which score


class Role(Frozen):
    """A title normalised against the role ontology."""

    role: str  # canonical role id, "foreign_minister"; a deputy is its own role: "deputy_foreign_minister"
    name: str  # canonical name, "Deputy Foreign Minister"
    body: str  # the body it ranks in, "foreign_ministry"
    rank: int  # rank within the body: higher outranks lower
    single_holder: bool
    country: str | None = None  # "Iran", from "Iranian", "Iran's", "of Iran"
    org: str | None = None  # an organisation rather than a country: "ECO", "United Nations"
    portfolio: str | None = None  # "for Political Affairs"
    qualifiers: tuple[str, ...] = ()  # acting, former, late, interim, designate, ...
    written: str  # the title as written, "Forign Minister"

    @property
    def is_current(self) -> bool:
        """False for "former X" and "the late X": a role held in the past, not at the claim's date."""
        return not {"former", "late", "ex", "then", "outgoing", "designate", "elect"} & set(self.qualifiers)


class ClaimBase(Frozen):
    """What every claim carries: where it is, the date it speaks of, whose claim it is."""

    span: Span  # the words the claim rests on
    sentence: Span  # the sentence around them
    date: DateInterval | None = None
    attributed_to: str | None = None  # "X said that ...": X's claim, not the outlet's


class HoldsRole(ClaimBase):
    kind: Literal[ClaimKind.HOLDS_ROLE] = ClaimKind.HOLDS_ROLE
    person: Mention
    role: Role
    how: str  # which pattern found it: prenominal, appositive, counterpart, ...


class Status(ClaimBase):
    kind: Literal[ClaimKind.STATUS] = ClaimKind.STATUS
    person: Mention
    status: Literal["dead", "alive"]


class Age(ClaimBase):
    kind: Literal[ClaimKind.AGE] = ClaimKind.AGE
    person: Mention
    years: int = Field(gt=0)  # at the claim's date


class Meeting(ClaimBase):
    kind: Literal[ClaimKind.MEETING] = ClaimKind.MEETING
    participants: tuple[Mention, ...]
    place: str | None = None
    verb: str


class Event(ClaimBase):
    kind: Literal[ClaimKind.EVENT] = ClaimKind.EVENT
    what: str  # the verb's lemma: arrive, visit, kill, sign
    agents: tuple[Mention, ...] = ()
    patient: str | None = None  # what or who it was done to
    object: str | None = None  # the noun heading the patient ("patch" in "an emergency patch"), when a noun
    place: str | None = None


class Quantity(ClaimBase):
    kind: Literal[ClaimKind.QUANTITY] = ClaimKind.QUANTITY
    what: str  # what is counted: "border guards", "border", "bilateral trade"
    value: float
    unit: str | None = None  # km, USD, percent; None for a count
    approximate: bool = False  # about, nearly, some, more than
    bound: Literal["exact", "about", "at_least", "at_most"] = "exact"  # "at least 50" is a floor, not a count
    written: str
    verb: str | None = None  # what happened to what is counted: killed, arrested, signed
    subject: str | None = None  # who or what did it, by its head word: "artino", "quake"
    cause: str | None = None  # for a toll of dead or injured, the kind of happening that did it: "quake", "attack"
    place: str | None = None  # where it happened, when written in its clause ("killed in Khan Younis")
    scope: str | None = None  # the time it counts over, as written in its clause: "last month", "since October"


class Located(ClaimBase):
    """A named facility and the place it stands in: "the Betty Ford Center in Rancho Mirage"."""

    kind: Literal[ClaimKind.LOCATED] = ClaimKind.LOCATED
    facility: Mention
    place: str


class Statement(ClaimBase):
    kind: Literal[ClaimKind.STATEMENT] = ClaimKind.STATEMENT
    text: str


Claim = Annotated[
    HoldsRole | Status | Age | Meeting | Event | Quantity | Located | Statement, Field(discriminator="kind")
]
