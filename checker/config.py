"""Configuration: `accord.toml`, or `[tool.accord]` in `pyproject.toml`, found by walking up.

    fail_on = "warning"            # error (default), warning, info, never
    baseline = "accord-baseline.json"
    roles = ["newsroom-roles.toml"]
    places = []
    facts = ["office-holders.toml"]   # reference facts sheets (docs/facts.md), like --facts

    [checks.rank-regression]
    severity = "error"             # or enabled = false
    max_years = 1.5                # the check's own options, validated by its options model

    [nli]
    model = "/opt/models/my-nli"   # any local transformers NLI model directory
    threshold = 0.7

Paths are relative to the file that names them. Unknown keys and bad values are
errors that name the file and the key, as ruff and Vale treat them: a typo in a gate's
config must not silently switch a check off.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.findings import Severity
from checker.registry import CheckSettings, registered_checks

CONFIG_NAME = "accord.toml"
FailOnName = Literal["error", "warning", "info", "never"]


class ConfigError(Exception):
    """A config file that cannot be used; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NLISettings(_Strict):
    enabled: bool = True
    model: Path | None = None  # None: the shipped model
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)  # None: the model's calibrated one
    abstain: float | None = Field(default=None, ge=0.0, le=1.0)


class Config(_Strict):
    fail_on: FailOnName | None = None
    baseline: Path | None = None
    roles: tuple[Path, ...] = ()
    places: tuple[Path, ...] = ()
    facts: tuple[Path, ...] = ()  # reference facts sheets (checker/reference.py)
    checks: Mapping[str, CheckSettings] = Field(default_factory=dict)
    nli: NLISettings = NLISettings()
    source: Path | None = None  # the file this came from (not a key of the file)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `accord.toml`, or `pyproject.toml` with a `[tool.accord]` table, from `start` upward."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "accord" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | None = None, *, discover: bool = True) -> Config:
    """The config at `path`, or the discovered one, or the defaults when there is none."""
    if path is None and discover:
        path = find_config()
    if path is None:
        return Config()
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    raw = _read_toml(path)
    if path.name == "pyproject.toml":
        raw = raw.get("tool", {}).get("accord", {})
    return parse_config(raw, path)


def parse_config(raw: Mapping[str, object], path: Path) -> Config:
    base = path.parent
    data = dict(raw)
    checks = _check_settings(data.pop("checks", {}), path)
    try:
        config = Config.model_validate({**data, "source": None})
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from None
    nli = config.nli
    if nli.model is not None:
        nli = nli.model_copy(update={"model": _relative(base, nli.model)})
    return config.model_copy(
        update={
            "checks": checks,
            "nli": nli,
            "source": path,
            "baseline": _relative(base, config.baseline) if config.baseline else None,
            "roles": tuple(_relative(base, p) for p in config.roles),
            "places": tuple(_relative(base, p) for p in config.places),
            "facts": tuple(_relative(base, p) for p in config.facts),
        }
    )


NLI_CHECK = "nli-contradiction"


def check_settings(config: Config) -> dict[str, CheckSettings]:
    """Per-check settings, with the `[nli]` table folded into the NLI check's options."""
    settings = dict(config.checks)
    nli = settings.get(NLI_CHECK, CheckSettings())
    options = dict(nli.options)
    for key, value in (
        ("model", config.nli.model),
        ("threshold", config.nli.threshold),
        ("abstain", config.nli.abstain),
    ):
        if value is not None:
            options.setdefault(key, str(value) if isinstance(value, Path) else value)
    settings[NLI_CHECK] = CheckSettings(
        enabled=nli.enabled and config.nli.enabled, severity=nli.severity, options=options
    )
    return settings


def _check_settings(raw: object, path: Path) -> dict[str, CheckSettings]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: key 'checks' must be a table of check ids")
    specs = {spec.id: spec for spec in registered_checks()}
    settings: dict[str, CheckSettings] = {}
    for check_id, table in raw.items():
        if check_id not in specs:
            raise ConfigError(f"{path}: unknown check 'checks.{check_id}' (known: {', '.join(specs)})")
        if not isinstance(table, Mapping):
            raise ConfigError(f"{path}: key 'checks.{check_id}' must be a table")
        options = dict(table)
        enabled = options.pop("enabled", True)
        if not isinstance(enabled, bool):
            raise ConfigError(f"{path}: key 'checks.{check_id}.enabled' must be true or false")
        severity = options.pop("severity", None)
        if severity is not None and severity not in {s.value for s in Severity}:
            raise ConfigError(f"{path}: key 'checks.{check_id}.severity' must be error, warning or info")
        try:
            specs[check_id].options.model_validate(options)
        except ValidationError as exc:
            raise ConfigError(f"{path}: {_describe(exc, prefix=f'checks.{check_id}.')}") from None
        settings[check_id] = CheckSettings(
            enabled=enabled, severity=Severity(severity) if severity else None, options=options
        )
    return settings


def _describe(exc: ValidationError, prefix: str = "") -> str:
    error = exc.errors()[0]
    key = prefix + ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown key '{key}'"
    return f"key '{key}': {error['msg']}"


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None


def _relative(base: Path, value: Path) -> Path:
    return value if value.is_absolute() else Path(os.path.normpath(base / value))
