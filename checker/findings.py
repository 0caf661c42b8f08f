"""Findings: what a check reports, with evidence from each side and a stable fingerprint."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from enum import StrEnum

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


class Evidence(BaseModel):
    """One side of a conflict: where an article says it, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    date: dt.date | None = None


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # stable fingerprint: see `fingerprint`
    rule: str
    severity: Severity
    message: str
    entities: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None

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
