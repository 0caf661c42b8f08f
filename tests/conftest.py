from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, which only a development checkout has; tests that need it skip elsewhere."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent (a user's clone has no ../shared): skipping a test on shared data")
    return SHARED_DATA
