"""Findings: what a check reports, with evidence from each side and a stable fingerprint."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    """info < warning < error; compare with `.rank`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Context(BaseModel):
    """The sentence a quote sits in, so a reviewer reads the words in their place."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Evidence(BaseModel):
    """One side of a conflict: where an article says it, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    date: dt.date | None = None
    line: int | None = Field(default=None, ge=1)  # where `start` falls in the article text, 1-based
    column: int | None = Field(default=None, ge=1)
    highlight: tuple[int, int] | None = None  # the conflicting words inside the quote, as article offsets
    context: Context | None = None  # the sentence around a quote narrower than its sentence

    @property
    def end_position(self) -> tuple[int, int] | None:
        """(line, column) just after the quote, 1-based, when the start is known."""
        if self.line is None or self.column is None:
            return None
        lines = self.quote.split("\n")
        if len(lines) == 1:
            return self.line, self.column + len(self.quote)
        return self.line + len(lines) - 1, len(lines[-1]) + 1


class Acceptance(BaseModel):
    """A finding a reviewer accepted in the baseline file: it stays in reports but fails nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = ""
    decision: Literal["accepted", "dismissed"] = "accepted"  # dismissed: a reviewer judged it a false alarm


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # stable fingerprint: see `fingerprint`
    rule: str
    severity: Severity
    message: str
    entities: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None
    # how surely the sides speak of the same people (checker.corpus.Corpus.alignment_confidence);
    # None where no person is set against themselves across articles
    alignment: float | None = None
    accepted: Acceptance | None = None  # set from the baseline file

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.article for e in self.evidence))


def fingerprint(rule: str, *facts: object) -> str:
    """A hash of the rule and the normalised facts it found in conflict.

    Callers pass what the conflict is about (entities, normalised claims), never
    offsets or file order, so a finding keeps its id across runs and edits
    elsewhere in an article. Facts are sorted so either side may come first.
    """
    canonical = json.dumps([rule, sorted(json.dumps(f, sort_keys=True, default=str) for f in facts)])
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
