"""What `accord serve` does, without HTTP: gate drafts, add, replace and remove published articles,
and report on an index, with the models and the parsed index kept warm in one process.

The HTTP layer (checker/serve.py) runs a pool of processes, each holding one `Service`; the
gate here is the CLI's `accord gate --index` step for step, so the findings and their
fingerprints are the same (tests/checker/test_serve_equivalence.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from checker.config import NLI_CHECK, Config, check_settings
from checker.findings import Severity
from checker.index import (
    IndexFileError,
    ParsedCache,
    _neighbourhood,
    _where_in,
    article_hash,
    connect,
    corpus_from_index,
    extractor_key,
    office_window,
    remove_article,
    upsert_articles,
)
from checker.pipeline import check_corpus
from checker.render import render
from checker.report import Report
from claims.extract import ArticleClaims, extract_article, parse
from claims.ontology import load_ontology
from claims.types import Article

FAIL_ON = ("error", "warning", "info", "never")
WARM_UP = (
    "Foreign Minister meets envoy\n\nIslamabad, May 8, 2025 — Foreign Minister Ishaq Dar met the Chinese envoy "
    "in Islamabad on Thursday. Three people were killed in a blast in Karachi on Wednesday, police said."
)


@dataclass(frozen=True)
class ServiceConfig:
    """What every worker needs to build the same Service: plain values, so it pickles to a new process."""

    index: Path
    config: Config = field(default_factory=Config)
    roles: tuple[Path, ...] = ()
    places: tuple[Path, ...] = ()

    @property
    def ontology_files(self) -> tuple[list[Path], list[Path]]:
        return [*self.config.roles, *self.roles], [*self.config.places, *self.places]

    @property
    def fail_on(self) -> str:
        return self.config.fail_on or "error"


class Service:
    """One process's warm state: settings, ontology, extractor key, baseline and the parsed-row cache."""

    def __init__(self, setup: ServiceConfig):
        self.setup = setup
        roles, places = setup.ontology_files
        self.ontology = load_ontology(roles, places) if roles or places else None
        self.key = extractor_key([*roles, *places])
        self.settings = check_settings(setup.config)
        self.window = office_window(self.settings)
        self.baseline = None
        if setup.config.baseline is not None:
            from checker.baseline import read_baseline

            self.baseline = read_baseline(setup.config.baseline)
        self.cache = ParsedCache()
        self.drafts = Memo(32)  # drafts' claims by the draft's hash
        self.results = Memo(128)  # gate reports by (drafts' hashes, their neighbourhood's digest)
        self._report: tuple[str, Report] | None = None  # (index state, its report)

    def warm_up(self) -> None:
        """Load every model a gate can need (spaCy, the sentence encoder, the NLI model) and gate once,
        so that the first real request pays for none of it."""
        from claims.nlp import load_nlp

        load_nlp()
        nli = self.settings.get(NLI_CHECK)
        if nli is None or nli.enabled:
            from models import NLIModel
            from models.embed import SentenceEncoder

            SentenceEncoder.shared().remember(50_000)  # the archive's sentences, encoded once per worker
            SentenceEncoder.shared().encode(["The minister arrived in Paris."])
            NLIModel.shared((nli.options if nli else {}).get("model")).predict([("It rained.", "It did not rain.")])
        self.gate([Article(id="accord-serve-warm-up", text=WARM_UP, published=dt.date(2025, 5, 8))])

    # -- reads ---------------------------------------------------------------------------------

    def gate(self, drafts: list[Article], fail_on: str | None = None) -> dict:
        """`accord gate DRAFT... --index DB --format json`: the report JSON and the verdict.

        A gate reads only the drafts and their neighbourhood in the index, so its answer is kept under
        the drafts' hashes and the (id, hash) of every neighbour it read: a draft gated again (a CMS
        saving it unchanged) is answered from memory until an article it is compared with changes.
        """
        fail_on = fail_on or self.setup.fail_on
        hashes = tuple(article_hash(d) for d in drafts)
        claims = {}
        for draft, digest in zip(drafts, hashes, strict=True):
            claims[draft.id] = self.drafts.get(digest) or self._extract(draft, digest)
        near = [(d, claims[d.id]) for d in drafts]
        key = (hashes, self._neighbours(near))
        answer = self.results.get(key)
        if answer is None:
            report = self._gate(drafts, claims)
            answer = (render(report, "json"), report.worst())  # kept as text: a tenth of the objects' memory
            self.results.put((hashes, _digest(self.cache.last)), answer)
        return verdict(answer[1], fail_on) | {"report": answer[0]}

    def _gate(self, drafts: list[Article], claims: dict[str, ArticleClaims]) -> Report:
        from checker.baseline import apply_baseline

        draft_ids = {a.id for a in drafts}
        corpus = corpus_from_index(
            self.setup.index,
            drafts,
            self.ontology,
            self.key,
            draft_ids,
            office_days=self.window,
            cache=self.cache,
            extracted_extra=claims,
        )
        report = check_corpus(corpus, self.settings)
        if self.baseline is not None:
            report = apply_baseline(report, self.baseline, draft_ids)
        involved = tuple(f for f in report.findings if draft_ids & set(f.articles))
        return report.model_copy(update={"findings": involved})

    def _extract(self, draft: Article, digest: str) -> ArticleClaims:
        ((article, doc),) = parse([draft])
        claims = extract_article(article, doc, self.ontology)
        self.drafts.put(digest, claims)
        return claims

    def _neighbours(self, near: list[tuple[Article, ArticleClaims]]) -> str:
        """A digest of the (id, hash) of the indexed articles a gate of `near` reads."""
        with closing(connect(self.setup.index, create=False)) as conn:
            conn.execute("BEGIN")
            try:
                ids = sorted(_neighbourhood(conn, near, self.window))
                rows = _where_in(conn, "SELECT id, hash FROM articles WHERE id IN ({})", ids)
            finally:
                conn.execute("COMMIT")
        return _digest(sorted(rows))

    def report(self, fmt: str = "json") -> str:
        """The report on the whole index (`accord check --db DB`), computed again only when the index changed."""
        state = index_state(self.setup.index)
        if self._report is None or self._report[0] != state:
            from checker.baseline import apply_baseline

            corpus = corpus_from_index(self.setup.index, (), self.ontology, self.key, cache=self.cache)
            report = check_corpus(corpus, self.settings)
            if self.baseline is not None:
                report = apply_baseline(report, self.baseline)
            self._report = (state, report)
        return render(self._report[1], fmt)

    def article(self, article_id: str) -> dict | None:
        with closing(connect(self.setup.index, create=False)) as conn:
            row = conn.execute("SELECT hash, article FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return {"id": article_id, "hash": row[0], "article": Article.model_validate_json(row[1])}

    # -- writes (the caller runs one at a time) ----------------------------------------------------

    def upsert(self, articles: list[Article]) -> dict:
        stats = upsert_articles(self.setup.index, articles, self.ontology, self.key)
        return {"added": stats.added, "updated": stats.updated, "unchanged": stats.unchanged}

    def remove(self, article_id: str) -> bool:
        return remove_article(self.setup.index, article_id, self.key)


class Memo:
    """A small least-recently-used map."""

    def __init__(self, size: int):
        self.size, self.items = size, OrderedDict()

    def get(self, key):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


def _digest(rows: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for article_id, article_hash_ in rows:
        digest.update(f"{article_id}\0{article_hash_}\n".encode())
    return digest.hexdigest()


def verdict(worst: Severity | None, fail_on: str) -> dict:
    """Pass or fail (by the report's worst severity), with the exit code `accord gate` would give and what it means."""
    threshold = None if fail_on == "never" else Severity(fail_on)
    fails = threshold is not None and worst is not None and worst.at_least(threshold)
    meaning = (
        f"1: a finding at or above '{fail_on}'; the draft should not be published as it is"
        if fails
        else f"0: no finding at or above '{fail_on}'"
    )
    return {
        "verdict": "fail" if fails else "pass",
        "exit_code": 1 if fails else 0,
        "fail_on": fail_on,
        "meaning": meaning,
    }


def index_state(db: Path) -> str:
    """A digest of the index's articles and their hashes: equal digests, equal index content."""
    with closing(sqlite3.connect(db)) as conn:
        digest = hashlib.sha256()
        for article_id, article_hash in conn.execute("SELECT id, hash FROM articles ORDER BY id"):
            digest.update(f"{article_id}\0{article_hash}\n".encode())
    return digest.hexdigest()


def open_index(setup: ServiceConfig) -> int:
    """Check (or create, empty) the index before serving it; the number of articles it holds.

    Raises IndexFileError where it cannot be served: not SQLite, another schema, another extractor key.
    """
    roles, places = setup.ontology_files
    key = extractor_key([*roles, *places])
    with closing(connect(setup.index, create=not setup.index.exists())) as conn:
        stored = conn.execute("SELECT value FROM meta WHERE key = 'extractor'").fetchone()
        if stored is None:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (key,))
        elif stored[0] != key:
            raise IndexFileError(
                f"{setup.index}: built with another accord version or ontology; "
                f"re-run `accord index PATH --db {setup.index}`"
            )
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise IndexFileError(f"{setup.index}: not an accord index ({exc})") from None


def checkpoint(db: Path) -> None:
    """Fold the write-ahead log into the index file: what a clean close leaves."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
