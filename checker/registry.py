"""The check registry: every check, rule or model, is declared once here by a decorator.

    @register_check("role-conflict", severity=Severity.ERROR, needs={ClaimKind.HOLDS_ROLE},
                    options=RoleConflictOptions)
    def role_conflict(corpus: Corpus, options: RoleConflictOptions) -> Iterable[Finding]: ...

The declaration carries the id, the most severe level the check may report, the claim
kinds it reads, its options (a pydantic model, so config values are validated) and a
one-line doc (the function's docstring). Modelled on spaCy's `@Language.factory`.

The default severity is earned: checker/data/precision.toml holds each check's findings
reviewed by hand on development data it was not tuned on (bench/precision.py writes it), and
a check whose precision there is under PRECISION_BAR reports at info by default, whatever it
declares. A check with no reviewed finding yet keeps what it declares (or what it declares for
that case: a model's opinion is info until measured), and says so.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from checker.findings import Finding, Severity
from claims.types import ClaimKind


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


PRECISION_BAR = 0.8
PRECISION_FILE = Path(__file__).resolve().parent / "data" / "precision.toml"


@dataclass(frozen=True)
class Measured:
    """A check's warnings and errors on held-aside development data, reviewed by hand."""

    reviewed: int
    real: int

    @property
    def precision(self) -> float | None:
        return self.real / self.reviewed if self.reviewed else None

    def __str__(self) -> str:
        if not self.reviewed:
            return "unmeasured (no finding reviewed on held-aside data)"
        return f"precision {self.precision:.2f} ({self.real} of {self.reviewed} real)"


@cache
def measurements() -> dict[str, Measured]:
    if not PRECISION_FILE.is_file():
        return {}
    data = tomllib.loads(PRECISION_FILE.read_text(encoding="utf-8"))
    return {k: Measured(int(v["reviewed"]), int(v["real"])) for k, v in data.get("checks", {}).items()}


def earned(declared: Severity, measured: Measured | None, unmeasured: Severity | None = None) -> Severity:
    """The default severity a check has earned: what it declares, unless its measured precision is under the
    bar; with no reviewed finding, what it declares for that case (`unmeasured`), else what it declares."""
    if measured is None or measured.precision is None:
        return unmeasured or declared
    return declared if measured.precision >= PRECISION_BAR else Severity.INFO


@dataclass(frozen=True)
class CheckSpec:
    id: str
    declared: Severity  # the most severe level the check reports
    needs: frozenset[ClaimKind]
    options: type[BaseModel]
    func: Callable[..., Iterable[Finding]]
    doc: str = ""
    # compares two reports of one happening: only reports both dated show they are of the same days,
    # so a finding between reports either of which is undated is a reviewer's question (info)
    same_days: bool = False
    unmeasured: Severity | None = None  # the default severity until a precision is measured; None: declared
    # a model's second opinion: quiet on sentences a rule finding already sets against each other
    second_opinion: bool = False

    @property
    def measured(self) -> Measured:
        return measurements().get(self.id, Measured(0, 0))

    @property
    def severity(self) -> Severity:
        """The default severity: the declared one, earned by measured precision."""
        return earned(self.declared, self.measured, self.unmeasured)


@dataclass(frozen=True)
class CheckSettings:
    """What config says of one check: on/off, severity, option values."""

    enabled: bool = True
    severity: Severity | None = None
    options: dict[str, object] = field(default_factory=dict)


_REGISTRY: dict[str, CheckSpec] = {}


def register_check(
    check_id: str,
    *,
    severity: Severity,
    needs: Iterable[ClaimKind],
    options: type[BaseModel] = NoOptions,
    same_days: bool = False,
    unmeasured: Severity | None = None,
    second_opinion: bool = False,
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    def decorate(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        if check_id in _REGISTRY:
            raise ValueError(f"check '{check_id}' is registered twice")
        doc = " ".join((func.__doc__ or "").strip().split("\n\n")[0].split())  # its first paragraph, on one line
        _REGISTRY[check_id] = CheckSpec(
            check_id, severity, frozenset(needs), options, func, doc, same_days, unmeasured, second_opinion
        )
        return func

    return decorate


def registered_checks() -> list[CheckSpec]:
    """Every declared check, sorted by id."""
    import checker.checks  # noqa: F401  (importing the package registers its checks)

    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def get_check(check_id: str) -> CheckSpec:
    checks = {spec.id: spec for spec in registered_checks()}
    if check_id not in checks:
        raise KeyError(f"unknown check '{check_id}'; known: {', '.join(checks) or '(none)'}")
    return checks[check_id]
