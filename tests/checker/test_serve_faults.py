"""`accord serve` killed: SIGKILL during a burst of updates loses no acknowledged update and leaves a sound
index; SIGTERM lets the requests in flight finish, then closes the index."""

from __future__ import annotations

import signal
import threading
import time
from contextlib import suppress

import pytest

from checker.index import dump, integrity_ok
from tests.checker.serve_helpers import TOKEN, Server, build_tiny_index, request

pytestmark = pytest.mark.model


def _article(name: str, n: int) -> dict:
    return {
        "id": f"{name}-{n}",
        "text": f"Lahore, May {1 + n % 28}, 2025 — Minister Ahsan Iqbal opened school number {n} in Lahore, "
        f"officials said. It has {100 + n} pupils.",
    }


def _burst(url: str, name: str, acked: dict, stop: threading.Event) -> None:
    """Send updates one after another until the server is gone; note each one acknowledged."""
    n = 0
    while not stop.is_set():
        article = _article(name, n)
        try:
            status, _ = request(url + "/v1/articles", {"articles": [article]}, token=TOKEN, timeout=30)
        except OSError:
            return  # the server was killed
        if status == 200:
            acked[article["id"]] = article["text"]
        n += 1


def test_sigkill_during_updates_keeps_every_acknowledged_update(tmp_path):
    db = tmp_path / "tiny.accord"
    build_tiny_index(db)
    server = Server(db)
    try:
        server.wait_ready()
        acked: dict[str, str] = {}
        stop = threading.Event()
        threads = [threading.Thread(target=_burst, args=(server.url, f"t{i}", acked, stop)) for i in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acked) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.process.send_signal(signal.SIGKILL)  # in the middle of the burst: requests are in flight
        server.process.wait(timeout=30)
        stop.set()
        for t in threads:
            t.join(timeout=60)
    finally:
        server.stop()
    assert len(acked) >= 6
    time.sleep(1)  # the workers die with the server (PR_SET_PDEATHSIG)
    assert integrity_ok(db)
    stored = {row[0] for row in dump(db)}
    assert set(acked) <= stored, f"acknowledged but lost: {sorted(set(acked) - stored)}"

    restarted = Server(db)  # and the server starts again on it, serving what was acknowledged
    try:
        restarted.wait_ready()
        for article_id, text in sorted(acked.items())[:5]:
            status, body = request(f"{restarted.url}/v1/articles/{article_id}")
            assert status == 200 and body["article"]["text"] == text
    finally:
        restarted.stop()


def test_sigterm_finishes_the_requests_in_flight_and_closes_the_index(tmp_path):
    db = tmp_path / "tiny.accord"
    build_tiny_index(db)
    server = Server(db)
    results: dict[str, int] = {}

    def update(n: int) -> None:
        article = _article("term", n)
        with suppress(OSError):
            results[article["id"]] = request(server.url + "/v1/articles", {"articles": [article]}, token=TOKEN)[0]

    try:
        server.wait_ready()
        threads = [threading.Thread(target=update, args=(n,)) for n in range(3)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the server holds all three (one running, two waiting)
            if request(server.url + "/v1/ready")[1].get("queued", 0) >= 3:
                break
            time.sleep(0.01)
        server.process.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(timeout=60)
        # uvicorn re-raises the signal once it has shut down, so the exit status says SIGTERM ended it
        assert server.process.wait(timeout=60) in (0, -signal.SIGTERM)
    finally:
        server.stop()
    assert results == {f"term-{n}": 200 for n in range(3)}
    assert "index" in server.log.read_text() and "closed" in server.log.read_text()
    assert {f"term-{n}" for n in range(3)} <= {row[0] for row in dump(db)}
    assert integrity_ok(db)
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed: a clean close
