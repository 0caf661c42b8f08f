"""`accord serve`: the gate as a warm HTTP JSON service (FastAPI on uvicorn) over an index.

    accord serve --index archive.accord --token-file /etc/accord/token

The event loop only parses and answers requests; gating, extraction and reports run in a
bounded pool of worker processes, each holding the models and a cache of parsed index rows
(checker/service.py). Writes to the index go one at a time; reads go on meanwhile (SQLite
WAL). More than `queue` requests waiting or running answer 503 with Retry-After. Every
error is one line of JSON, `{"error": "...", "status": N}`; SIGTERM stops accepting, lets
the requests in flight finish, stops the workers and checkpoints the index. See docs/serve.md.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import hmac
import json
import logging
import math
import multiprocessing
import os
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from checker import __version__
from checker.index import IndexFileError
from checker.service import ServiceConfig
from claims.dates import parse_iso_date
from claims.read import _BINARY_MAGIC, MAX_ARTICLE_CHARS, MAX_FILE_BYTES, guess_title, split_front_matter
from claims.types import Article, DateSource

log = logging.getLogger("accord.serve")

API = "/v1"
MAX_DRAFTS = 16  # drafts per gate request
MAX_ARTICLES = 64  # articles per update request (a bigger import is `accord index`'s job)
MAX_ID = 512


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = max(1, min(2, os.cpu_count() or 1))
    queue: int = 32  # requests waiting or running before 503
    timeout: float = 30.0  # seconds a gate or write may take before 504
    report_timeout: float = 600.0  # the whole-index report is a full check
    token: str | None = None
    auth_all: bool = False  # the token for reads too
    max_body: int = MAX_FILE_BYTES  # the CLI's limit on a single-article file
    warm: bool = True  # load the models in every worker before answering ready


class ApiError(Exception):
    """An error answered as one line of JSON."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    line = " ".join(str(message).split())  # one line, whatever the message held
    return JSONResponse({"error": line, "status": status}, status_code=status, headers=headers)


# -- request and response bodies ----------------------------------------------------------------


class ArticleIn(BaseModel):
    """An article as a CMS sends it: its text read as a file of `format` would be (`accord gate draft.txt`),
    with the fields given here taking the place of what the text's head says."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(min_length=1, max_length=MAX_ID, description="The article's id in the index and in findings.")
    text: str = Field(description=f"The article's text, at most {MAX_ARTICLE_CHARS:,} characters.")
    format: Literal["text", "markdown", "html"] = Field(
        default="text", description="Read as a .txt (title from the first line), .md (front matter) or .html file."
    )
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, description="Publication date, YYYY-MM-DD.")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not value.strip() or any(ord(c) < 32 for c in value):
            raise ValueError("must be non-blank text without control characters")
        return value

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is not None and parse_iso_date(value) is None:
            raise ValueError(f"{value!r} is not a valid YYYY-MM-DD date")
        return value


class GateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    drafts: list[ArticleIn] = Field(min_length=1, max_length=MAX_DRAFTS)
    fail_on: Literal["error", "warning", "info", "never"] | None = Field(
        default=None, description="Fail at findings of this severity or above (default: the server's config)."
    )


class ArticlesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


class GateResponse(BaseModel):
    verdict: Literal["pass", "fail"]
    exit_code: Literal[0, 1] = Field(description="What `accord gate` would exit with: 0 pass, 1 fail.")
    fail_on: str
    meaning: str
    report: dict = Field(description="The JSON report of `accord gate --format json`: findings involving a draft.")


class UpdateResponse(BaseModel):
    added: int
    updated: int
    unchanged: int


class ErrorResponse(BaseModel):
    error: str = Field(description="One line that says what is wrong.")
    status: int


def to_article(item: ArticleIn, where: str) -> Article:
    """The Article a file of this text would give, or ApiError naming the field and the problem."""
    text = item.text
    if len(text) > MAX_ARTICLE_CHARS:
        raise ApiError(
            413,
            f"{where}.text: article is {len(text):,} characters; accord reads articles of up to {MAX_ARTICLE_CHARS:,}",
        )
    if "\x00" in text or any(text.startswith(magic.decode("latin-1")) for magic in _BINARY_MAGIC):
        raise ApiError(422, f"{where}.text: binary data, not text")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    if item.format == "markdown":
        meta, text = split_front_matter(text)
    if not text.strip():
        raise ApiError(422, f"{where}.text: empty (no text besides whitespace)")
    title, source, url = item.title, item.source, item.url
    if item.format == "html":
        from claims import html

        page = html.extract(text)
        if not page.text.strip():
            raise ApiError(422, f"{where}.text: HTML with no visible text")
        text, title, source, url = page.text, title or page.title, source or page.source, url or page.url
        page_date = parse_iso_date(page.published) if page.published else None
        published = item.published or (page_date.isoformat() if page_date else None)
    else:
        title = title or meta.get("title") or guess_title(text, markdown=item.format == "markdown")
        source, url = source or meta.get("source"), url or meta.get("url")
        published = item.published or meta.get("date") or meta.get("published")
    date = parse_iso_date(published) if published else None
    if published and date is None:
        raise ApiError(422, f"{where}.published: {published!r} is not a valid YYYY-MM-DD date")
    if date is not None:
        return Article(
            id=item.id, text=text, published=date, published_source=DateSource.METADATA, **_info(title, source, url)
        )
    from claims.dates import find_publication_date

    found = find_publication_date(text)
    return Article(
        id=item.id,
        text=text,
        published=found.date if found else None,
        published_source=found.source if found else None,
        **_info(title, source, url),
    )


def _info(title: str | None, source: str | None, url: str | None) -> dict:
    return {"title": title, "source": source, "url": url}


def articles_of(items: list[ArticleIn], field_name: str) -> list[Article]:
    seen: set[str] = set()
    out = []
    for i, item in enumerate(items):
        if item.id in seen:
            raise ApiError(422, f"{field_name}.{i}.id: duplicate article id {item.id!r}")
        seen.add(item.id)
        out.append(to_article(item, f"{field_name}.{i}"))
    return out


# -- the worker processes ------------------------------------------------------------------------

_SERVICE = None


def _worker_init(setup: ServiceConfig, threads: int, warm: bool) -> None:
    """Each worker: die with the server (a SIGKILLed server leaves no worker writing), then load everything."""
    _die_with_parent()
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    global _SERVICE
    from checker.service import Service

    _SERVICE = Service(setup)
    if warm:
        _SERVICE.warm_up()


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):  # Linux only; elsewhere the pool's own checks end the workers
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(1)


def _call(method: str, *args):
    return getattr(_SERVICE, method)(*args)


def _pid() -> int:
    return os.getpid()


class Slots:
    """A semaphore whose waiters marked `first` (writes: short, and what a newsroom must not lose) are
    served before the others (gates), each kind in arrival order."""

    def __init__(self, count: int):
        self.free = count
        self.waiting: tuple[deque, deque] = (deque(), deque())  # first, then the others

    async def acquire(self, first: bool = False) -> None:
        if self.free > 0 and not any(self.waiting):
            self.free -= 1
            return
        turn = asyncio.get_running_loop().create_future()
        self.waiting[0 if first else 1].append(turn)
        try:
            await turn
        except asyncio.CancelledError:  # timed out waiting; a slot handed over meanwhile goes on
            if turn.done() and not turn.cancelled():
                self.release()
            else:
                with contextlib.suppress(ValueError):  # release() may have passed over it already
                    self.waiting[0 if first else 1].remove(turn)
            raise

    def release(self) -> None:
        for queue in self.waiting:
            while queue:
                turn = queue.popleft()
                if not turn.done():
                    turn.set_result(None)
                    return
        self.free += 1


class Pool:
    """A bounded pool of worker processes: admission (503 beyond `queue`), one write at a time, timeouts."""

    def __init__(self, setup: ServiceConfig, options: ServeOptions):
        self.setup, self.options = setup, options
        self.pending = 0
        self.write_lock = asyncio.Lock()
        self.slots = Slots(options.workers)  # one task per worker at a time; a write goes first
        self.ready = False
        self.seconds = 1.0  # a moving mean of a task's time, for Retry-After
        self.executor = self._executor()

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        threads = max(1, (os.cpu_count() or 1) // self.options.workers)
        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.options.workers,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a process holding threads and sockets
            initializer=_worker_init,
            initargs=(self.setup, threads, self.options.warm),
        )

    async def warm_up(self) -> None:
        """Ready once every worker has started (its initializer loaded the models)."""
        seen: set[int] = set()
        loop = asyncio.get_running_loop()
        while len(seen) < self.options.workers:
            pids = await asyncio.gather(
                *(loop.run_in_executor(self.executor, _pid) for _ in range(self.options.workers))
            )
            seen.update(pids)
        self.ready = True

    def retry_after(self) -> str:
        return str(max(1, math.ceil(self.pending * self.seconds / self.options.workers)))

    async def run(self, method: str, *args, write: bool = False, timeout: float | None = None):
        """Run `method` of a worker's Service: wait for the write before it (writes), then for a free
        worker, then for the work, all within `timeout`. Work is handed to a worker only when one is
        free, so a request that times out while waiting never runs."""
        timeout = self.options.timeout if timeout is None else timeout
        if self.pending >= self.options.queue:
            raise ApiError(
                503,
                f"busy: {self.pending} requests queued or running; retry later",
                {"Retry-After": self.retry_after()},
            )
        self.pending += 1
        deadline = time.monotonic() + timeout
        held: list[asyncio.Lock | Slots] = []
        try:
            if write:
                await asyncio.wait_for(self.write_lock.acquire(), max(0.0, deadline - time.monotonic()))
                held.append(self.write_lock)
            await asyncio.wait_for(self.slots.acquire(first=write), max(0.0, deadline - time.monotonic()))
            held.append(self.slots)
            started = time.monotonic()
            future = asyncio.wrap_future(self.executor.submit(_call, method, *args))
        except BaseException as exc:
            self._release(held)
            self.pending -= 1
            if isinstance(exc, TimeoutError):
                raise ApiError(504, f"timed out after {timeout:g} s waiting for a worker") from None
            raise

        def done(_: asyncio.Future) -> None:
            # only when the work has ended: the bound counts what really runs, and a write holds the lock till then
            self._release(held)
            self.pending -= 1
            self.seconds = 0.8 * self.seconds + 0.2 * (time.monotonic() - started)

        future.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise ApiError(504, f"timed out after {timeout:g} s") from None
        except concurrent.futures.process.BrokenProcessPool:
            self._restart()
            raise ApiError(503, "a worker process died; the pool is restarting", {"Retry-After": "5"}) from None
        except IndexFileError as exc:
            raise ApiError(503, str(exc)) from None

    @staticmethod
    def _release(held: list) -> None:
        for gate in reversed(held):
            gate.release()

    def _restart(self) -> None:
        log.error("a worker process died; starting a new pool")
        old, self.executor, self.ready = self.executor, self._executor(), False
        old.shutdown(wait=False, cancel_futures=True)
        asyncio.get_running_loop().create_task(self.warm_up())

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# -- the application ------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="The server's token (--token-file or ACCORD_TOKEN).")
ERRORS = {
    code: {"model": ErrorResponse, "description": what}
    for code, what in {
        400: "Malformed JSON",
        401: "Missing or wrong bearer token",
        403: "Writes are disabled (no token configured)",
        413: "Body or article too large",
        415: "Not application/json",
        422: "A field is missing, of the wrong type, unknown or invalid",
        503: "Busy (Retry-After) or the index cannot be used",
        504: "Timed out",
    }.items()
}
WRITES = {("POST", f"{API}/articles"), ("DELETE", f"{API}/articles/")}


def create_app(setup: ServiceConfig, options: ServeOptions | None = None) -> FastAPI:
    options = options or ServeOptions()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from checker.service import checkpoint

        pool = Pool(setup, options)
        app.state.pool = pool
        warming = asyncio.create_task(pool.warm_up())
        try:
            yield
        finally:  # uvicorn has let the requests in flight finish (SIGTERM): stop the workers, close the index
            warming.cancel()
            await asyncio.get_running_loop().run_in_executor(None, pool.close)
            with contextlib.suppress(Exception):
                checkpoint(setup.index)
            log.info("accord serve: stopped; index %s closed", setup.index)

    app = FastAPI(
        title="accord",
        version=__version__,
        description="The accord gate as a service: check drafts against an index of published articles.",
        lifespan=lifespan,
        openapi_url=f"{API}/openapi.json",
        docs_url=f"{API}/docs",
        redoc_url=None,
    )
    app.add_middleware(BodyLimit, limit=options.max_body)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        """Auth, then content type, before FastAPI reads the body: a write without a token is 401, whatever it holds."""
        method, path = request.method, request.url.path
        writes = (method, path) in WRITES or (method == "DELETE" and path.startswith(f"{API}/articles/"))
        public = path in (f"{API}/health", f"{API}/ready")
        if writes or (options.auth_all and not public):
            if options.token is None:
                return error_response(
                    403, "writes are disabled: start accord serve with --token-file FILE or ACCORD_TOKEN set"
                )
            given = request.headers.get("authorization", "")
            scheme, _, token = given.partition(" ")
            if not given or scheme.lower() != "bearer":
                return error_response(
                    401, "missing bearer token (Authorization: Bearer TOKEN)", {"WWW-Authenticate": "Bearer"}
                )
            if not hmac.compare_digest(token.strip().encode(), options.token.encode()):
                return error_response(401, "wrong bearer token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if method in ("POST", "PUT", "PATCH"):
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                return error_response(415, f"content type must be application/json, not {kind or 'none'!r}")
        try:
            return await call_next(request)
        except Exception:  # never a traceback to the client; the log has it
            log.exception("accord serve: %s %s failed", method, path)
            return error_response(500, "internal error; the server's log has the details")

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = {404: f"no such endpoint {request.url.path}", 405: f"method {request.method} not allowed here"}
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 413:
            detail = f"request body over {options.max_body:,} bytes"
        return error_response(exc.status_code, message.get(exc.status_code, detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(*describe(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("accord serve: %s %s failed", request.method, request.url.path)
        return error_response(500, "internal error; the server's log has the details")

    def pool() -> Pool:
        return app.state.pool

    security = [Depends(bearer)]
    running: dict[str, asyncio.Future] = {}  # gates in progress, by their request's digest

    @app.post(
        f"{API}/gate",
        response_model=GateResponse,
        responses=ERRORS,
        summary="Gate drafts against the index",
        dependencies=security if options.auth_all else [],
    )
    async def gate(body: GateRequest) -> Response:
        """The findings that involve the drafts, as `accord gate DRAFT... --index DB --format json` gives
        them (same findings, same fingerprints), and the verdict: `exit_code` 0 (pass) or 1 (a finding at
        or above `fail_on`: do not publish as it is). A bad request is a 4xx, which the CLI's exit 2 is."""
        drafts = articles_of(body.drafts, "drafts")
        # The same gate asked while one is running (a CMS saving twice, several editors on one story)
        # waits for that one instead of taking a worker: its answer is the one it would get.
        key = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
        shared = running.get(key)
        if shared is None:
            shared = running[key] = asyncio.ensure_future(pool().run("gate", drafts, body.fail_on))
            shared.add_done_callback(lambda done: (running.pop(key, None), done.cancelled() or done.exception()))
        result = await asyncio.shield(shared)
        head = {k: result[k] for k in ("verdict", "exit_code", "fail_on", "meaning")}
        payload = json.dumps(head)[:-1] + ', "report": ' + result["report"] + "}"
        return Response(payload, media_type="application/json")

    @app.post(
        f"{API}/articles",
        response_model=UpdateResponse,
        responses=ERRORS,
        summary="Add or replace published articles",
        dependencies=security,
    )
    async def update(body: ArticlesRequest) -> dict:
        """Store the articles in the index (by id; one transaction): only new and changed ones are extracted,
        as `accord index` does. An answer means they are committed."""
        return await pool().run("upsert", articles_of(body.articles, "articles"), write=True)

    @app.delete(
        f"{API}/articles/{{article_id:path}}",
        responses=ERRORS | {404: {"model": ErrorResponse, "description": "No such article"}},
        summary="Remove a published article",
        dependencies=security,
    )
    async def remove(article_id: str) -> dict:
        if not await pool().run("remove", article_id, write=True):
            raise ApiError(404, f"no article {article_id!r} in the index")
        return {"removed": article_id}

    @app.get(
        f"{API}/articles/{{article_id:path}}",
        responses=ERRORS | {404: {"model": ErrorResponse, "description": "No such article"}},
        summary="One indexed article and its hash",
        dependencies=security if options.auth_all else [],
    )
    async def article(article_id: str) -> dict:
        found = await pool().run("article", article_id)
        if found is None:
            raise ApiError(404, f"no article {article_id!r} in the index")
        return {"id": found["id"], "hash": found["hash"], "article": found["article"].model_dump(mode="json")}

    @app.get(
        f"{API}/report",
        responses=ERRORS,
        summary="The report on the whole index",
        dependencies=security if options.auth_all else [],
    )
    async def report() -> Response:
        """`accord check --db DB --format json`; computed again only after the index changed."""
        text = await pool().run("report", "json", timeout=options.report_timeout)
        return Response(text, media_type="application/json")

    @app.get(
        f"{API}/review",
        response_class=HTMLResponse,
        responses=ERRORS,
        summary="The HTML review page of the whole index",
        dependencies=security if options.auth_all else [],
    )
    async def review() -> HTMLResponse:
        return HTMLResponse(await pool().run("report", "html", timeout=options.report_timeout))

    @app.get(f"{API}/health", summary="Liveness: the server answers")
    async def health() -> dict:
        return {"status": "ok", "version": __version__}

    @app.get(f"{API}/ready", summary="Readiness: every worker has loaded the models", responses=ERRORS)
    async def ready() -> dict:
        p = pool()
        if not p.ready:
            raise ApiError(503, "warming up: loading the models", {"Retry-After": "2"})
        return {"status": "ready", "workers": p.options.workers, "queued": p.pending, "index": str(setup.index)}

    return app


class BodyLimit:
    """Refuse a body over `limit` bytes with 413: by its Content-Length before reading it, or, sent in
    chunks, as soon as the bytes read pass the limit (never buffering more than that)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = error_response(413, f"request body over {self.limit:,} bytes")
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await too_big(scope, receive, send)
            return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise StarletteHTTPException(413)
            return message

        await self.app(scope, counted, send)


def describe(exc: RequestValidationError) -> tuple[int, str]:
    """The status and one line for the first problem of a request body."""
    error = exc.errors()[0]
    if error["type"] == "json_invalid":
        detail = (error.get("ctx") or {}).get("error", "JSON decode error")
        return 400, f"malformed JSON ({detail} at character {error['loc'][-1]})"
    loc = [str(p) for p in error["loc"] if p != "body"]
    where = ".".join(loc) or "body"
    if error["type"] == "extra_forbidden":
        return 422, f"unknown field {where!r}"
    if error["type"] == "missing":
        return 422, f"missing field {where!r}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return 422, f"{where}: {message}"


def serve(setup: ServiceConfig, options: ServeOptions) -> None:
    """Run the server until SIGTERM or SIGINT, then drain and close."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # fewer malloc arenas in the workers (inherited at spawn): the ONNX Runtime and tokenizer threads
    # otherwise each grow their own, and a long-running worker's memory creeps up with them
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    app = create_app(setup, options)
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        log_level="info",
        timeout_graceful_shutdown=int(options.report_timeout) + 5,
        server_header=False,
        access_log=True,
    )
    uvicorn.Server(config).run()


def read_token(path: Path | None) -> str | None:
    """The token from `path`, else from ACCORD_TOKEN; None when neither gives one."""
    if path is not None:
        token = path.read_text(encoding="utf-8").strip()
        if not token:
            raise ValueError(f"{path}: token file is empty")
        return token
    return os.environ.get("ACCORD_TOKEN", "").strip() or None
