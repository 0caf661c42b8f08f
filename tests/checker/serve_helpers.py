"""Shared by the `accord serve` tests: a tiny handwritten index, and a real server in a subprocess."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-5a1f"

ARTICLES = [
    (
        "a1",
        "Islamabad, May 8, 2025 — Foreign Minister Ishaq Dar met the Chinese envoy Jiang Zaidong in Islamabad on "
        "Thursday. The two discussed trade, Dar said.",
    ),
    (
        "a2",
        "Karachi, May 9, 2025 — Three people were killed in a blast at a market in Karachi on Friday, police said. "
        "Deputy Foreign Minister Ishaq Dar condemned the attack.",
    ),
]


def build_tiny_index(db: Path) -> None:
    from checker.index import build_index
    from claims.types import Article

    articles = [Article(id=i, text=t, published=dt.date(2025, 5, 8 + n)) for n, (i, t) in enumerate(ARTICLES)]
    build_index(db, articles)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`accord serve` in its own process, as a newsroom would run it."""

    def __init__(self, db: Path, *args: str, workers: int = 1):
        self.port = free_port()
        self.log = db.with_suffix(f".{self.port}.log")  # a file, not a pipe: a full pipe would stall the server
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ACCORD_TOKEN": TOKEN}
        command = [sys.executable, "-c", "from checker.cli import run; run()", "serve", "--index", str(db)]
        command += ["--port", str(self.port), "--workers", str(workers), *args]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited {self.process.returncode}: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if request(self.url + "/v1/ready")[0] == 200:
                    return
            time.sleep(0.3)
        raise TimeoutError("server not ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


def request(url: str, body: dict | None = None, method: str | None = None, token: str | None = None, timeout=60):
    """(status, parsed JSON) of one HTTP request."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data else "GET"), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
