"""`accord serve` gates as `accord gate --index` does: the same findings, fingerprints and verdict."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from checker.cli import app as cli
from checker.serve import ServeOptions, create_app
from checker.service import ServiceConfig
from tests.conftest import SEEDS

pytestmark = pytest.mark.model

PUBLISHED = ["000_98eb9a576ede2f12", "001_601fc813470b1aa7", "002_4695441460b83ce7"]
DRAFTS = ["003_7ca1523c2e0b38f8", "004_12f70f07f4811533"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    for name in PUBLISHED:
        shutil.copy(SEEDS / f"{name}.txt", folder)
    db = folder / "seeds.accord"
    done = CliRunner().invoke(cli, ["index", str(folder), "--db", str(db), "--quiet"])
    assert done.exit_code == 0, done.output
    return db


@pytest.fixture(scope="module")
def client(index):
    app = create_app(ServiceConfig(index=index), ServeOptions(workers=1, warm=False))
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("drafts", [[DRAFTS[0]], [DRAFTS[1]], DRAFTS], ids=["003", "004", "both"])
def test_service_gate_equals_cli_gate(index, client, drafts):
    paths = [str(SEEDS / f"{name}.txt") for name in drafts]
    done = CliRunner().invoke(cli, ["gate", *paths, "--index", str(index), "--format", "json", "--quiet"])
    assert done.exit_code in (0, 1), done.output
    expected = json.loads(done.stdout)

    body = {"drafts": [{"id": name, "text": (SEEDS / f"{name}.txt").read_text(encoding="utf-8")} for name in drafts]}
    response = client.post("/v1/gate", json=body)
    assert response.status_code == 200, response.text
    got = response.json()

    assert got["report"]["findings"] == expected["findings"]  # rules, messages, evidence, fingerprints
    assert [f["id"] for f in got["report"]["findings"]] == [f["id"] for f in expected["findings"]]
    assert got["exit_code"] == done.exit_code
    assert got["verdict"] == ("fail" if done.exit_code else "pass")
    assert {a["id"] for a in got["report"]["articles"]} == {a["id"] for a in expected["articles"]}
    # asked again, the answer comes from the server's memory, and is the same
    assert client.post("/v1/gate", json=body).json()["report"]["findings"] == expected["findings"]


def test_seed_gate_finds_something(index, client):
    """Not a vacuous comparison: the seeds' gate of 003 has findings, and fails at error."""
    body = {"drafts": [{"id": DRAFTS[0], "text": (SEEDS / f"{DRAFTS[0]}.txt").read_text(encoding="utf-8")}]}
    got = client.post("/v1/gate", json=body).json()
    assert got["report"]["findings"]
    assert got["verdict"] == "fail" and got["exit_code"] == 1
