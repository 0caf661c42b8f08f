"""The embedded index: a SQLite file of articles and what accord extracted from them.

    accord index corpus/ --db corpus.accord      # extract what is new or changed, drop what is gone
    accord check --db corpus.accord              # check the indexed corpus without re-reading it
    accord gate draft.md --index corpus.accord   # extract only the draft

Articles are keyed by id and carry a hash of everything extraction reads (text, date,
title...), so a re-run extracts only new or changed articles. The extractor key (accord's
version and the ontology files) is recorded: a different key re-extracts everything.

A gate does not read the whole index: it reads the draft's neighbourhood, the articles
that share with it something a check compares on (see `neighbourhood_keys`), found
through the `keys` table.

Crash safety: every batch of articles is written in one transaction, in WAL mode with
full synchronous writes, so a process killed at any point leaves the last committed
batches and nothing half-written; the next run goes on from there.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from checker import __version__
from checker.checks.roles import HolderOptions
from checker.corpus import Corpus
from checker.registry import CheckSettings
from claims.align import acronym_of, align_people
from claims.extract import ArticleClaims, extract_article, parse
from claims.names import fold, name_key
from claims.ontology import Ontology
from claims.types import Article, ClaimKind, EntityKind

SCHEMA_VERSION = "3"
REKEYABLE = {"2"}  # schemas whose articles table this one reads: only the keys are rebuilt
BATCH = 32  # articles per transaction: what a crash can cost, and the cost of a commit
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    article TEXT NOT NULL,      -- the Article, as JSON
    extracted TEXT NOT NULL     -- its ArticleClaims, as JSON
);
"""
KEYS_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS keys (   -- what an article can share with a draft (neighbourhood_keys)
        key TEXT NOT NULL,
        article TEXT NOT NULL,
        day_from INTEGER,           -- office keys: the days (ordinals) their claim's date spans
        day_to INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS keys_by_key ON keys (key)",
    "CREATE INDEX IF NOT EXISTS keys_by_article ON keys (article)",
)
OFFICE_DAYS = HolderOptions().window_days
SQL_PARAMS = 500  # keys per IN (...) query, well under SQLite's limit


class IndexFileError(Exception):
    """An index file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class IndexStats:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


def article_hash(article: Article) -> str:
    """A hash of everything extraction reads from an article."""
    payload = article.model_dump_json(exclude={"path"})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


Key = tuple[str, int | None, int | None]  # a key, and the days an office key's claim spans


def neighbourhood_keys(article: Article, claims: ArticleClaims) -> set[Key]:
    """What an article can share with another that some check compares on.

    p: a person's surname, by its first three letters (alignment compares names blocked that way);
    o: an organisation's folded name or acronym (alignment of organisations);
    g: a place;
    r: a single-holder office held at a date (office-holder-conflict compares holders within
       a window of days; the key carries the claim's days); h: the office and its holder's
       surname prefix, dated the same way, to reach the other holders of a draft's office.
    Two articles that share none of these share no entity, office or place; what a check
    could still pair them on is a reused sentence that names nothing, which the gate's
    neighbourhood misses (README).
    """
    keys: set[Key] = set()
    for mention in claims.mentions:
        if mention.kind is EntityKind.PERSON:
            if (name := name_key(mention.name)) is not None:
                keys.add(("p:" + name.surname[:3], None, None))
        elif mention.kind is EntityKind.ORG:
            keys.add(("o:" + fold(mention.name).removeprefix("the "), None, None))
            acronym = mention.name if mention.name.isupper() else acronym_of(mention.name)
            if len(acronym) >= 3:
                keys.add(("o:" + fold(acronym), None, None))
    for claim in claims.claims:
        if claim.kind is ClaimKind.HOLDS_ROLE and _office_dated(claim):
            first, last = claim.date.start.toordinal(), claim.date.end.toordinal()
            keys.add(("r:" + claim.role.role, first, last))
            if (name := name_key(claim.person.name)) is not None:
                keys.add((f"h:{claim.role.role}|{name.surname[:3]}", first, last))
    for start, end in claims.places:
        keys.add(("g:" + fold(article.text[start:end]), None, None))
    return keys


def _office_dated(claim) -> bool:
    """A claim office-holder-conflict can compare: a current single-holder title with a date."""
    return claim.role.single_holder and claim.role.is_current and claim.date is not None


CLAIMS_PACKAGE = Path(__file__).resolve().parent.parent / "claims"


def extractor_key(ontology_files: Sequence[Path] = (), claims: Path = CLAIMS_PACKAGE) -> str:
    """accord's version, its extraction code and the ontology it extracts with: change any and
    the index is extracted again (the code too: an upgrade that reads text differently must
    not leave claims extracted the old way beside new ones)."""
    digest = hashlib.sha256(__version__.encode())
    for path in [*sorted(claims.glob("*.py")), *sorted((claims / "data").glob("*.toml")), *ontology_files]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def connect(db: Path, *, create: bool) -> sqlite3.Connection:
    if not create and not db.exists():
        raise IndexFileError(f"{db}: no such index; build it with `accord index PATH --db {db}`")
    try:
        conn = sqlite3.connect(db, isolation_level=None)  # transactions are explicit below
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.executescript(SCHEMA)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise IndexFileError(f"{db}: not an accord index ({exc})") from None
    if version is not None and version[0] in REKEYABLE and create:  # `accord index` brings its keys up to date
        _transaction(conn, lambda: _rekey(conn))
        return conn
    if version is not None and version[0] != SCHEMA_VERSION and create:  # and rebuilds an older index
        conn.executescript("DROP TABLE IF EXISTS articles; DROP TABLE IF EXISTS keys; DELETE FROM meta;" + SCHEMA)
        version = None
    for statement in KEYS_SCHEMA:
        conn.execute(statement)
    if version is None:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    elif version[0] != SCHEMA_VERSION:
        raise IndexFileError(f"{db}: index schema {version[0]}, this accord reads {SCHEMA_VERSION}; rebuild it")
    return conn


def build_index(
    db: Path,
    articles: Sequence[Article],
    ontology: Ontology | None = None,
    key: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH,
) -> IndexStats:
    """Bring the index at `db` to exactly `articles`: extract the new and changed, drop the gone."""
    key = key or extractor_key()
    with closing(connect(db, create=True)) as conn:
        stored_key = conn.execute("SELECT value FROM meta WHERE key = 'extractor'").fetchone()
        if stored_key is None or stored_key[0] != key:
            _transaction(conn, lambda: _reset(conn, key))
        known = dict(conn.execute("SELECT id, hash FROM articles").fetchall())
        wanted = {a.id: a for a in articles}
        gone = [article_id for article_id in known if article_id not in wanted]
        if gone:
            _transaction(conn, lambda: _delete(conn, gone))
        todo = [a for a in articles if known.get(a.id) != article_hash(a)]
        done = 0
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            rows, keys = [], []
            for a, doc in parse(batch):
                claims = extract_article(a, doc, ontology)
                rows.append((a.id, article_hash(a), a.model_dump_json(), claims.model_dump_json()))
                keys.extend(_key_rows(a, claims))
            _transaction(conn, lambda rows=rows, keys=keys: _store(conn, rows, keys))
            done += len(batch)
            if progress is not None:
                progress(done, len(todo))
        added = sum(1 for a in todo if a.id not in known)
        return IndexStats(
            added=added, updated=len(todo) - added, unchanged=len(articles) - len(todo), removed=len(gone)
        )


def upsert_articles(
    db: Path, articles: Sequence[Article], ontology: Ontology | None = None, key: str | None = None
) -> IndexStats:
    """Add or replace `articles` in the index, leaving the others: only the new and changed are
    extracted, and all of them are stored in one transaction (`accord serve`'s published articles)."""
    key = key or extractor_key()
    with closing(connect(db, create=False)) as conn:
        _same_key(conn, db, key)
        known = dict(_where_in(conn, "SELECT id, hash FROM articles WHERE id IN ({})", [a.id for a in articles]))
        todo = [a for a in articles if known.get(a.id) != article_hash(a)]
        rows, keys = [], []
        for a, doc in parse(todo):
            claims = extract_article(a, doc, ontology)
            rows.append((a.id, article_hash(a), a.model_dump_json(), claims.model_dump_json()))
            keys.extend(_key_rows(a, claims))
        if rows:
            _transaction(conn, lambda: _store(conn, rows, keys))
    added = sum(1 for a in todo if a.id not in known)
    return IndexStats(added=added, updated=len(todo) - added, unchanged=len(articles) - len(todo))


def remove_article(db: Path, article_id: str, key: str | None = None) -> bool:
    """Drop one article from the index; False when it holds no such article."""
    with closing(connect(db, create=False)) as conn:
        if key is not None:
            _same_key(conn, db, key)
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None
            _delete(conn, [article_id])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return found


def _same_key(conn: sqlite3.Connection, db: Path, key: str) -> None:
    """Refuse to mix claims extracted another way into an index (`accord index` re-extracts instead)."""
    stored = conn.execute("SELECT value FROM meta WHERE key = 'extractor'").fetchone()
    if stored is None:  # a new, empty index: it takes this key
        _transaction(conn, lambda: conn.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (key,)))
    elif stored[0] != key:
        raise IndexFileError(
            f"{db}: built with another accord version or ontology; re-run `accord index PATH --db {db}`"
        )


def _key_rows(article: Article, claims: ArticleClaims) -> list[tuple]:
    keys = sorted(neighbourhood_keys(article, claims), key=lambda k: (k[0], k[1] or 0, k[2] or 0))
    return [(key, article.id, first, last) for key, first, last in keys]


def _store(conn: sqlite3.Connection, rows: list[tuple], keys: list[tuple]) -> None:
    _delete(conn, [row[0] for row in rows])
    conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO keys VALUES (?, ?, ?, ?)", keys)


def _rekey(conn: sqlite3.Connection) -> None:
    """The keys of every stored article, computed again from what was extracted (no extraction)."""
    conn.execute("DROP TABLE IF EXISTS keys")
    for statement in KEYS_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    rows = conn.execute("SELECT article, extracted FROM articles").fetchall()
    for article, extracted in rows:
        a = Article.model_validate_json(article)
        conn.executemany(
            "INSERT INTO keys VALUES (?, ?, ?, ?)", _key_rows(a, ArticleClaims.model_validate_json(extracted))
        )


def _delete(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    conn.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
    conn.executemany("DELETE FROM keys WHERE article = ?", [(i,) for i in ids])


def _reset(conn: sqlite3.Connection, key: str) -> None:
    conn.execute("DELETE FROM articles")
    conn.execute("DELETE FROM keys")
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('extractor', ?)", (key,))


def _transaction(conn: sqlite3.Connection, work: Callable[[], object]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        work()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def read_index(
    db: Path,
    key: str | None = None,
    near: Iterable[tuple[Article, ArticleClaims]] | None = None,
    office_days: int | None = OFFICE_DAYS,
    cache: ParsedCache | None = None,
) -> tuple[list[Article], dict[str, ArticleClaims]]:
    """The indexed articles and their claims, in id order: all, or only the neighbourhood of `near`
    (offices compared within `office_days`).

    With a `cache` (a long-running process: `accord serve`), rows whose hash the cache already
    holds are not parsed again; the hashes are read in the same transaction as the rows, so a
    concurrent write is seen whole or not at all.
    """
    with closing(connect(db, create=False)) as conn:
        stored_key = conn.execute("SELECT value FROM meta WHERE key = 'extractor'").fetchone()
        if key is not None and stored_key is not None and stored_key[0] != key:
            raise IndexFileError(
                f"{db}: built with another accord version or ontology; re-run `accord index PATH --db {db}`"
            )
        if cache is not None:
            conn.execute("BEGIN")  # one snapshot for the ids, their hashes and the rows fetched
            try:
                return _read_cached(conn, near, office_days, cache)
            finally:
                conn.execute("COMMIT")
        if near is None:
            rows = conn.execute("SELECT article, extracted FROM articles ORDER BY id").fetchall()
        else:
            ids = sorted(_neighbourhood(conn, near, office_days))
            rows = sorted(_where_in(conn, "SELECT id, article, extracted FROM articles WHERE id IN ({})", ids))
            rows = [(article, extracted) for _, article, extracted in rows]
    articles = [Article.model_validate_json(a) for a, _ in rows]
    extracted = {a.id: ArticleClaims.model_validate_json(e) for a, (_, e) in zip(articles, rows, strict=True)}
    return articles, extracted


class ParsedCache:
    """Parsed rows of an index by article id, each with the hash it was parsed from (least recently
    used dropped beyond `size`): a warm server parses an article's claims once, not at every gate."""

    def __init__(self, size: int = 50_000):
        self.size = size
        self.rows: OrderedDict[str, tuple[str, Article, ArticleClaims]] = OrderedDict()
        self.last: list[tuple[str, str]] = []  # (id, hash) of the rows the last read returned

    def get(self, article_id: str, digest: str) -> tuple[Article, ArticleClaims] | None:
        row = self.rows.get(article_id)
        if row is None or row[0] != digest:
            return None
        self.rows.move_to_end(article_id)
        return row[1], row[2]

    def put(self, article_id: str, digest: str, article: Article, claims: ArticleClaims) -> None:
        self.rows[article_id] = (digest, article, claims)
        self.rows.move_to_end(article_id)
        while len(self.rows) > self.size:
            self.rows.popitem(last=False)


def _read_cached(
    conn: sqlite3.Connection,
    near: Iterable[tuple[Article, ArticleClaims]] | None,
    office_days: int | None,
    cache: ParsedCache,
) -> tuple[list[Article], dict[str, ArticleClaims]]:
    if near is None:
        hashes = conn.execute("SELECT id, hash FROM articles").fetchall()
    else:
        ids = sorted(_neighbourhood(conn, near, office_days))
        hashes = _where_in(conn, "SELECT id, hash FROM articles WHERE id IN ({})", ids)
    cache.last = sorted(hashes)
    missing = [article_id for article_id, digest in hashes if cache.get(article_id, digest) is None]
    sql = "SELECT id, hash, article, extracted FROM articles WHERE id IN ({})"
    for article_id, digest, article, extracted in _where_in(conn, sql, missing):
        a, claims = Article.model_validate_json(article), ArticleClaims.model_validate_json(extracted)
        cache.put(article_id, digest, a, claims)
    articles: list[Article] = []
    found: dict[str, ArticleClaims] = {}
    for article_id, digest in sorted(hashes):
        a, claims = cache.get(article_id, digest) or (None, None)
        if a is None:  # dropped from a cache smaller than this read: parse it again
            row = conn.execute("SELECT article, extracted FROM articles WHERE id = ?", (article_id,)).fetchone()
            a, claims = Article.model_validate_json(row[0]), ArticleClaims.model_validate_json(row[1])
        articles.append(a)
        found[article_id] = claims
    return articles, found


def _neighbourhood(
    conn: sqlite3.Connection, near: Iterable[tuple[Article, ArticleClaims]], office_days: int | None
) -> set[str]:
    """Ids of the indexed articles sharing a key with any of `near`: an office key only when its
    date is within `office_days` of theirs (None: offices are not compared); and of the articles
    naming those offices' other holders then (their other titles fill in the office's country)."""
    keys = set().union(*(neighbourhood_keys(a, c) for a, c in near))
    plain = {key for key, _, _ in keys if key[:2] not in ("r:", "h:")}
    offices = sorted((key, first, last) for key, first, last in keys if key.startswith("r:"))
    ids: set[str] = set()
    for key, first, last in offices if office_days is not None else ():
        until, since = last + office_days, first - office_days  # the claims dated within the window
        held = conn.execute(
            "SELECT DISTINCT article FROM keys WHERE key = ? AND day_from <= ? AND day_to >= ?", (key, until, since)
        )
        ids.update(a for (a,) in held)
        office = key[2:].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        holders = conn.execute(
            "SELECT DISTINCT key FROM keys WHERE key LIKE ? ESCAPE '\\' AND day_from <= ? AND day_to >= ?",
            (f"h:{office}|%", until, since),
        )
        plain.update("p:" + k.rpartition("|")[2] for (k,) in holders)
    ids.update(a for (a,) in _where_in(conn, "SELECT DISTINCT article FROM keys WHERE key IN ({})", sorted(plain)))
    return ids


def office_window(settings: Mapping[str, CheckSettings]) -> int | None:
    """office-holder-conflict's window as configured: how far a gate's neighbourhood looks for other holders."""
    setting = settings.get("office-holder-conflict", CheckSettings())
    return HolderOptions.model_validate(setting.options).window_days if setting.enabled else None


def _where_in(conn: sqlite3.Connection, sql: str, values: Sequence[str]) -> list[tuple]:
    """The rows of `sql` (whose `{}` is an IN list) for all `values`, SQL_PARAMS at a time."""
    rows: list[tuple] = []
    for start in range(0, len(values), SQL_PARAMS):
        chunk = values[start : start + SQL_PARAMS]
        rows += conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return rows


def corpus_from_index(
    db: Path,
    extra: Iterable[Article] = (),
    ontology: Ontology | None = None,
    key: str | None = None,
    focus: Iterable[str] | None = None,
    whole: bool = False,
    office_days: int | None = OFFICE_DAYS,
    cache: ParsedCache | None = None,
    extracted_extra: Mapping[str, ArticleClaims] | None = None,
) -> Corpus:
    """The indexed corpus, plus `extra` articles (drafts) extracted now; people aligned across all.

    With a `focus` (a gate's drafts) only the drafts' neighbourhood is read (`whole` reads all:
    the tests compare the two); `office_days` is office-holder-conflict's window as configured
    (None when that check is off); `cache` is read_index's; `extracted_extra` holds drafts' claims
    extracted before.
    """
    extra = list(extra)
    extra_ids = {a.id for a in extra}
    focus = frozenset(focus) if focus is not None else None
    known = extracted_extra or {}  # drafts a server extracted before (by their hash), taken as they are
    drafts = {a.id: known[a.id] for a in extra if a.id in known}
    drafts |= {a.id: extract_article(a, doc, ontology) for a, doc in parse([a for a in extra if a.id not in known])}
    near = None
    if focus is not None and not whole:
        near = [(a, drafts[a.id]) for a in extra if a.id in focus]
    articles, extracted = read_index(db, key, near, office_days, cache)
    articles = [a for a in articles if a.id not in extra_ids]
    extracted = {k: v for k, v in extracted.items() if k not in extra_ids}
    extracted.update(drafts)
    everything = [*articles, *extra]
    alignment = align_people({a.id: extracted[a.id].mentions for a in everything})
    return Corpus(
        articles={a.id: a for a in everything},
        extracted=extracted,
        alignment=alignment,
        focus=focus,
    )


def integrity_ok(db: Path) -> bool:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def dump(db: Path) -> list[tuple[str, str, str]]:
    """(id, hash, extracted) of every article: what two indexes of one corpus must share."""
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT id, hash, extracted FROM articles ORDER BY id").fetchall()
