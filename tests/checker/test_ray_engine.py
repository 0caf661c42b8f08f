"""The Ray engine (extra accord[ray]) in local mode gives the local engine's findings, fingerprint for fingerprint."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from checker.pipeline import check
from checker.registry import CheckSettings
from claims.read import read_corpus
from claims.types import Article

ray = pytest.importorskip("ray", reason="the Ray extra is not installed (pip install 'accord[ray]')")

pytestmark = [pytest.mark.model, pytest.mark.ray]


@pytest.fixture(scope="module")
def engine():
    from checker.ray_engine import RayEngine

    engine = RayEngine(num_cpus=2)
    yield engine
    ray.shutdown()


def _fresh_models() -> None:
    """Both engines must score every pair themselves, not find it in the other's memo."""
    from models.nli import _SHARED

    for model in _SHARED.values():
        model.clear_memo()


# every candidate pair scored and a finding, so that the two engines' NLI scores are compared, not only their silence
EVERY_PAIR = {"nli-contradiction": CheckSettings(options={"threshold": -1.0, "similarity": -1.0})}


def _same_findings(articles, engine):
    _fresh_models()
    by_ray = check(articles, EVERY_PAIR, engine=engine)
    _fresh_models()
    local = check(articles, EVERY_PAIR)
    assert [f.id for f in by_ray.findings] == [f.id for f in local.findings]
    assert [(f.score, f.evidence) for f in by_ray.findings] == [(f.score, f.evidence) for f in local.findings]
    return local


def test_seeds_same_fingerprints(engine, seeds_dir):
    report = _same_findings(read_corpus([seeds_dir]), engine)
    rules = {f.rule for f in report.findings}
    assert {"role-conflict", "deceased-acting", "nli-contradiction"} <= rules  # every stage took part


@pytest.mark.shared_data
def test_ecbplus_sample_same_fingerprints(engine, shared_data):
    articles = []
    for line in (shared_data / "ecbplus_dev" / "documents.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        if doc["subtopic"] in ("5ecb", "31ecb"):  # reports whose sentences the NLI stage compares
            text = " ".join(s["text"] for s in doc["sentences"])
            articles.append(Article(id=doc["doc_id"], text=text, published=dt.date(2025, 3, 3)))
    report = _same_findings(articles, engine)
    assert len(articles) >= 10
    assert any(f.rule == "nli-contradiction" for f in report.findings)


def test_cli_engine_ray_without_extra_fails_cleanly(tmp_path, seeds_dir):
    # A Python where `import ray` fails stands for an install without the extra.
    blocker = tmp_path / "ray.py"
    blocker.write_text("raise ImportError('no ray here')\n")
    code = "import sys; from checker.cli import run; sys.argv = ['accord', *sys.argv[1:]]; run()"
    done = subprocess.run(
        [sys.executable, "-c", code, "check", str(seeds_dir), "--engine", "ray"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "accord: error: --engine ray needs the Ray extra: pip install 'accord[ray]'"
