"""`accord serve`: bad requests get a 4xx with one line of JSON and leave the index as it was;
good writes are what `accord index` would store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from checker.index import dump, integrity_ok
from checker.serve import MAX_ARTICLES, ServeOptions, create_app
from checker.service import ServiceConfig
from claims.read import MAX_ARTICLE_CHARS, MAX_FILE_BYTES
from tests.checker.serve_helpers import TOKEN, build_tiny_index

pytestmark = pytest.mark.model

AUTH = {"Authorization": f"Bearer {TOKEN}"}
DRAFT = {"id": "d1", "text": "Foreign Minister Ishaq Dar met the envoy in Islamabad on Thursday."}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "tiny.accord"
    build_tiny_index(path)
    return path


@pytest.fixture(scope="module")
def client(db):
    # warm=False: these requests are refused before any model is needed; the one write test loads spaCy
    app = create_app(ServiceConfig(index=db), ServeOptions(workers=1, token=TOKEN, warm=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _one_line_error(response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "\n" not in response.text.strip()
    body = json.loads(response.text)
    assert set(body) == {"error", "status"} and body["status"] == status
    assert "Traceback" not in body["error"]
    for word in words:
        assert word in body["error"], body["error"]


JSON = {"content-type": "application/json"}

BAD = {
    "malformed JSON": ("post", "/v1/gate", {"content": b'{"drafts": [', "headers": JSON}, 400, ["malformed JSON"]),
    "not an object": ("post", "/v1/gate", {"json": [DRAFT]}, 422, ["valid dictionary"]),
    "wrong type of text": ("post", "/v1/gate", {"json": {"drafts": [{"id": "d", "text": 42}]}}, 422, ["drafts.0.text"]),
    "wrong type of drafts": ("post", "/v1/gate", {"json": {"drafts": DRAFT}}, 422, ["drafts"]),
    "unknown field": ("post", "/v1/gate", {"json": {"drafts": [DRAFT], "fail-on": "error"}}, 422, ["unknown field"]),
    "unknown article field": (
        "post",
        "/v1/gate",
        {"json": {"drafts": [DRAFT | {"author": "x"}]}},
        422,
        ["unknown field 'drafts.0.author'"],
    ),
    "missing text": ("post", "/v1/gate", {"json": {"drafts": [{"id": "d"}]}}, 422, ["missing field 'drafts.0.text'"]),
    "no drafts": ("post", "/v1/gate", {"json": {"drafts": []}}, 422, ["drafts"]),
    "oversized body": (
        "post",
        "/v1/gate",
        {"content": b'{"drafts": [{"id": "d", "text": "' + b"x" * MAX_FILE_BYTES + b'"}]}', "headers": JSON},
        413,
        ["bytes"],
    ),
    "article too long": (
        "post",
        "/v1/gate",
        {"json": {"drafts": [{"id": "d", "text": "word " * (MAX_ARTICLE_CHARS // 5 + 1)}]}},
        413,
        ["500,000"],
    ),
    "empty text": ("post", "/v1/gate", {"json": {"drafts": [{"id": "d", "text": ""}]}}, 422, ["empty"]),
    "whitespace text": ("post", "/v1/gate", {"json": {"drafts": [{"id": "d", "text": " \n\t "}]}}, 422, ["empty"]),
    "binary text": ("post", "/v1/gate", {"json": {"drafts": [{"id": "d", "text": "%PDF-1.7\x00"}]}}, 422, ["binary"]),
    "impossible date": (
        "post",
        "/v1/gate",
        {"json": {"drafts": [DRAFT | {"published": "2025-02-30"}]}},
        422,
        ["2025-02-30", "YYYY-MM-DD"],
    ),
    "bad fail_on": ("post", "/v1/gate", {"json": {"drafts": [DRAFT], "fail_on": "fatal"}}, 422, ["fail_on"]),
    "duplicate draft ids": ("post", "/v1/gate", {"json": {"drafts": [DRAFT, DRAFT]}}, 422, ["duplicate"]),
    "unsupported content type": (
        "post",
        "/v1/gate",
        {"content": json.dumps({"drafts": [DRAFT]}), "headers": {"content-type": "text/plain"}},
        415,
        ["application/json"],
    ),
    "write without token": ("post", "/v1/articles", {"json": {"articles": [DRAFT]}}, 401, ["missing bearer token"]),
    "write with wrong token": (
        "post",
        "/v1/articles",
        {"json": {"articles": [DRAFT]}, "headers": {"Authorization": "Bearer not-the-token"}},
        401,
        ["wrong bearer token"],
    ),
    "write with another scheme": (
        "post",
        "/v1/articles",
        {"json": {"articles": [DRAFT]}, "headers": {"Authorization": f"Basic {TOKEN}"}},
        401,
        ["missing bearer token"],
    ),
    "delete without token": ("delete", "/v1/articles/a1", {}, 401, ["missing bearer token"]),
    "delete unknown article": ("delete", "/v1/articles/no-such-article", {"headers": AUTH}, 404, ["no-such-article"]),
    "too many articles": (
        "post",
        "/v1/articles",
        {"json": {"articles": [DRAFT | {"id": f"x{i}"} for i in range(MAX_ARTICLES + 1)]}, "headers": AUTH},
        422,
        ["articles"],
    ),
    "write with an impossible date": (
        "post",
        "/v1/articles",
        {"json": {"articles": [DRAFT | {"published": "2025-13-01"}]}, "headers": AUTH},
        422,
        ["2025-13-01"],
    ),
    "unknown endpoint": ("get", "/v1/nothing", {}, 404, ["no such endpoint"]),
    "wrong method": ("put", "/v1/gate", {"json": {"drafts": [DRAFT]}}, 405, ["not allowed"]),
    "unknown article": ("get", "/v1/articles/nope", {}, 404, ["nope"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_request_is_a_4xx_with_one_json_line_and_the_index_unchanged(client, db, case):
    method, path, kwargs, status, words = BAD[case]
    before = dump(db)
    response = getattr(client, method)(path, **kwargs)
    _one_line_error(response, status, *words)
    assert dump(db) == before
    assert integrity_ok(db)


def test_write_adds_then_replaces_then_removes(client, db):
    before = dump(db)
    article = {"id": "new", "text": "Islamabad, May 10, 2025 — President Asif Ali Zardari visited Lahore.\n"}
    first = client.post("/v1/articles", json={"articles": [article]}, headers=AUTH)
    assert first.status_code == 200, first.text
    assert first.json() == {"added": 1, "updated": 0, "unchanged": 0}
    again = client.post("/v1/articles", json={"articles": [article]}, headers=AUTH)
    assert again.json() == {"added": 0, "updated": 0, "unchanged": 1}  # unchanged: not extracted again
    changed = client.post(
        "/v1/articles", json={"articles": [article | {"text": article["text"] + "He met students.\n"}]}, headers=AUTH
    )
    assert changed.json() == {"added": 0, "updated": 1, "unchanged": 0}
    got = client.get("/v1/articles/new").json()
    assert got["article"]["published"] == "2025-05-10" and "students" in got["article"]["text"]
    assert client.delete("/v1/articles/new", headers=AUTH).json() == {"removed": "new"}
    assert dump(db) == before


def test_health_ready_and_openapi(client):
    assert client.get("/v1/health").json()["status"] == "ok"
    paths = client.get("/v1/openapi.json").json()["paths"]
    assert {"/v1/gate", "/v1/articles", "/v1/articles/{article_id}", "/v1/report", "/v1/review"} <= set(paths)


def test_writes_are_off_without_a_token(db):
    app = create_app(ServiceConfig(index=db), ServeOptions(workers=1, token=None, warm=False))
    with TestClient(app) as c:
        before = dump(db)
        _one_line_error(c.post("/v1/articles", json={"articles": [DRAFT]}), 403, "disabled")
        assert dump(db) == before


def test_auth_all_guards_reads_but_not_health(db):
    app = create_app(ServiceConfig(index=db), ServeOptions(workers=1, token=TOKEN, auth_all=True, warm=False))
    with TestClient(app) as c:
        _one_line_error(c.post("/v1/gate", json={"drafts": [DRAFT]}), 401, "missing bearer token")
        _one_line_error(c.get("/v1/report"), 401, "missing bearer token")
        assert c.get("/v1/health").status_code == 200


def test_a_full_queue_answers_503_with_retry_after(db):
    app = create_app(ServiceConfig(index=db), ServeOptions(workers=1, token=TOKEN, queue=1, warm=False))
    with TestClient(app) as c:
        c.app.state.pool.pending = 1  # as if one request were running: the next one must not wait
        response = c.post("/v1/gate", json={"drafts": [DRAFT]})
        c.app.state.pool.pending = 0
    _one_line_error(response, 503, "busy")
    assert int(response.headers["retry-after"]) >= 1


def test_writes_take_a_free_worker_before_gates_that_waited_longer():
    import asyncio

    from checker.serve import Slots

    async def scenario() -> list[str]:
        slots, order = Slots(1), []
        await slots.acquire()  # the one worker is busy

        async def task(name: str, first: bool) -> None:
            await slots.acquire(first=first)
            order.append(name)
            slots.release()

        waiting = [asyncio.create_task(task("gate-1", False)), asyncio.create_task(task("gate-2", False))]
        await asyncio.sleep(0)
        waiting.append(asyncio.create_task(task("write", True)))
        timed_out = asyncio.create_task(asyncio.wait_for(slots.acquire(), 0.01))
        await asyncio.sleep(0.05)  # a waiter that timed out gives up its place, takes no slot
        assert timed_out.done() and isinstance(timed_out.exception(), TimeoutError)
        slots.release()
        await asyncio.gather(*waiting)
        assert slots.free == 1
        return order

    assert asyncio.run(scenario()) == ["write", "gate-1", "gate-2"]


@pytest.mark.parametrize(
    "problem",
    ["not an index", "empty token file"],
)
def test_serve_refuses_to_start_on_bad_input_with_one_line(tmp_path, db, problem):
    from typer.testing import CliRunner

    from checker.cli import app as cli

    args = ["serve", "--index", str(db)]
    if problem == "not an index":
        bad = tmp_path / "bad.accord"
        bad.write_bytes(b"this is not SQLite" * 100)
        args = ["serve", "--index", str(bad)]
    else:
        (tmp_path / "token").write_text("\n")
        args += ["--token-file", str(tmp_path / "token")]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("accord: error:"), done.stderr
