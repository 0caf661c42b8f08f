"""The check registry: every check, rule or model, is declared once here by a decorator.

    @register_check("role-conflict", severity=Severity.ERROR, needs={ClaimKind.HOLDS_ROLE},
                    options=RoleConflictOptions)
    def role_conflict(corpus: Corpus, options: RoleConflictOptions) -> Iterable[Finding]: ...

The declaration carries the id, default severity, the claim kinds the check reads,
its options (a pydantic model, so config values are validated) and a one-line doc
(the function's docstring). Modelled on spaCy's `@Language.factory`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from checker.findings import Finding, Severity
from claims.types import ClaimKind


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class CheckSpec:
    id: str
    severity: Severity
    needs: frozenset[ClaimKind]
    options: type[BaseModel]
    func: Callable[..., Iterable[Finding]]
    doc: str = ""


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
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    def decorate(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        if check_id in _REGISTRY:
            raise ValueError(f"check '{check_id}' is registered twice")
        doc = (func.__doc__ or "").strip().split("\n")[0]
        _REGISTRY[check_id] = CheckSpec(check_id, severity, frozenset(needs), options, func, doc)
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
