"""The index: incremental re-runs, the same findings as reading the files, and crash safety under SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.index import dump, integrity_ok

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def fingerprints(result) -> list[str]:
    return sorted(f["id"] for f in json.loads(result.stdout)["findings"])


def test_index_is_incremental(tmp_path, seeds_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in seeds_dir.glob("*.txt"):
        (corpus / path.name).write_text(path.read_text())
    db = tmp_path / "c.accord"
    first = invoke("index", str(corpus), "--db", str(db))
    assert first.exit_code == 0 and "5 added, 0 updated, 0 unchanged, 0 removed" in first.stderr
    again = invoke("index", str(corpus), "--db", str(db))
    assert "0 added, 0 updated, 5 unchanged, 0 removed" in again.stderr
    changed = corpus / "004_12f70f07f4811533.txt"
    changed.write_text(changed.read_text() + "\nThe talks ended on Tuesday.\n")
    (corpus / "002_4695441460b83ce7.txt").unlink()
    third = invoke("index", str(corpus), "--db", str(db))
    assert "0 added, 1 updated, 3 unchanged, 1 removed" in third.stderr
    assert integrity_ok(db)


def test_check_and_gate_from_the_index_match_the_files(tmp_path, seeds_dir):
    db = tmp_path / "seeds.accord"
    assert invoke("index", str(seeds_dir), "--db", str(db)).exit_code == 0
    from_files = invoke("check", str(seeds_dir), "-f", "json")
    from_index = invoke("check", "--db", str(db), "-f", "json")
    assert from_index.exit_code == from_files.exit_code == 1
    assert fingerprints(from_index) == fingerprints(from_files)
    draft = str(seeds_dir / "003_7ca1523c2e0b38f8.txt")
    gate_files = invoke("gate", draft, "--corpus", str(seeds_dir), "-f", "json")
    gate_index = invoke("gate", draft, "--index", str(db), "-f", "json")
    assert gate_index.exit_code == gate_files.exit_code == 1
    assert fingerprints(gate_index) == fingerprints(gate_files)


def test_index_errors_exit_2(tmp_path, seeds_dir):
    missing = invoke("check", "--db", str(tmp_path / "none.accord"))
    assert missing.exit_code == 2 and "no such index" in missing.stderr
    junk = tmp_path / "junk.accord"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    bad = invoke("check", "--db", str(junk))
    assert bad.exit_code == 2 and bad.stderr.startswith(f"accord: error: {junk}: not an accord index")
    assert invoke("check").exit_code == 2
    assert invoke("gate", str(seeds_dir / "003_7ca1523c2e0b38f8.txt")).exit_code == 2


def _corpus_of_copies(folder: Path, seeds_dir: Path, copies: int) -> Path:
    folder.mkdir()
    for k in range(copies):
        for path in sorted(seeds_dir.glob("*.txt")):
            text = path.read_text().replace("Araghchi", f"Araghchi{k}" if k % 2 else "Araghchi")
            (folder / f"{path.stem}_{k}.txt").write_text(text)
    return folder


def _index_process(corpus: Path, db: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("accord")
    return subprocess.Popen(
        [str(exe), "index", str(corpus), "--db", str(db), "--batch-size", "3", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def test_index_survives_sigkill_at_20_random_points(tmp_path, seeds_dir):
    corpus = _corpus_of_copies(tmp_path / "corpus", seeds_dir, copies=6)  # 30 articles, 10 transactions
    reference = tmp_path / "reference.accord"
    started = time.perf_counter()
    assert _index_process(corpus, reference).wait(timeout=300) == 0
    full_run = time.perf_counter() - started
    expected = dump(reference)
    assert len(expected) == 30
    rng = random.Random(20)
    for point in range(20):
        db = tmp_path / f"killed{point}.accord"
        process = _index_process(corpus, db)
        time.sleep(rng.uniform(0.2, full_run))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        if db.exists():
            assert integrity_ok(db), f"kill {point}: integrity check failed"
            with sqlite3.connect(db) as conn:  # what survived is whole: every row parses
                for (extracted,) in conn.execute("SELECT extracted FROM articles"):
                    json.loads(extracted)
        assert _index_process(corpus, db).wait(timeout=300) == 0, f"kill {point}: the re-run failed"
        assert integrity_ok(db)
        assert dump(db) == expected, f"kill {point}: the index differs from an uninterrupted one"
        db.unlink()
        for suffix in ("-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)


UNRELATED = "Lionel Messi scored twice for Inter Miami in Fort Lauderdale on Saturday, the club said.\n"


def _near_and_whole(db: Path, draft):
    from checker.index import corpus_from_index

    near = corpus_from_index(db, [draft], focus=[draft.id])
    whole = corpus_from_index(db, [draft], focus=[draft.id], whole=True)
    return near, whole


def _ids(corpus, draft: str) -> list[str]:
    """What a gate reports: the findings that involve the draft."""
    from checker.pipeline import run_checks

    return [f.id for f in run_checks(corpus, {}) if draft in f.articles]


def test_gate_reads_only_the_drafts_neighbourhood(tmp_path, seeds_dir):
    from claims.read import read_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in seeds_dir.glob("*.txt"):
        if not path.name.startswith("003"):
            (corpus / path.name).write_text(path.read_text())
    (corpus / "unrelated.txt").write_text(UNRELATED)
    db = tmp_path / "c.accord"
    assert invoke("index", str(corpus), "--db", str(db)).exit_code == 0
    (draft,) = read_corpus([seeds_dir / "003_7ca1523c2e0b38f8.txt"])
    near, whole = _near_and_whole(db, draft)
    assert "unrelated" in whole.articles and "unrelated" not in near.articles
    assert set(near.articles) == set(whole.articles) - {"unrelated"}
    assert _ids(near, draft.id) == _ids(whole, draft.id) and _ids(near, draft.id)


def test_old_index_schema_is_rebuilt_by_index_and_refused_by_check(tmp_path, seeds_dir):
    db = tmp_path / "old.accord"
    assert invoke("index", str(seeds_dir), "--db", str(db)).exit_code == 0
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
        conn.commit()
    refused = invoke("check", "--db", str(db))
    assert refused.exit_code == 2 and "index schema 1" in refused.stderr
    rebuilt = invoke("index", str(seeds_dir), "--db", str(db))
    assert rebuilt.exit_code == 0 and "5 added" in rebuilt.stderr
    assert invoke("check", "--db", str(db), "-f", "json").exit_code == 1


@pytest.mark.shared_data
@pytest.mark.model
def test_neighbourhood_gate_finds_what_the_whole_index_finds_on_ecbplus(tmp_path, shared_data):
    from claims.read import read_corpus

    jsonl = tmp_path / "corpus.jsonl"
    make = Path(__file__).resolve().parents[2] / "bench" / "make_corpus.py"
    subprocess.run([sys.executable, str(make), "200", str(jsonl)], check=True, capture_output=True)
    db = tmp_path / "c.accord"
    assert invoke("index", str(jsonl), "--db", str(db), "--quiet").exit_code == 0
    from checker.index import corpus_from_index
    from checker.pipeline import run_checks

    articles = read_corpus([jsonl])
    flagged = sorted({a for f in run_checks(corpus_from_index(db), {}) for a in f.articles})
    drafts = [a for a in articles if a.id in flagged[::3]] + articles[::40]  # some with findings, some at random
    smaller = with_findings = 0
    for draft in drafts:
        near, whole = _near_and_whole(db, draft)
        assert set(near.articles) <= set(whole.articles)
        smaller += len(near.articles) < len(whole.articles)
        found = _ids(whole, draft.id)
        assert _ids(near, draft.id) == found, draft.id
        with_findings += bool(found)
    assert smaller >= 5  # the neighbourhood is not the whole corpus
    assert with_findings >= 5  # and the comparison is not only of empty reports


HOLDERS = {  # three holders of one office: one 20 days before the draft, one five years before
    "near.txt": "Lyon, April 20, 2025 — French President Marc Lefevre opened a factory in Lyon on Sunday.\n",
    "old.txt": "Lille, March 2, 2020 — French President Jean Dupont opened a bridge in Lille on Monday.\n",
}
DRAFT = "Berlin, May 10, 2025 — French President Paul Martin arrived in Berlin on Saturday for talks.\n"


def _holders_index(tmp_path: Path):
    from claims.read import read_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in HOLDERS.items():
        (corpus / name).write_text(text)
    db = tmp_path / "c.accord"
    assert invoke("index", str(corpus), "--db", str(db)).exit_code == 0
    (tmp_path / "draft.txt").write_text(DRAFT)
    (draft,) = read_corpus([tmp_path / "draft.txt"])
    return db, draft


def test_gate_reads_other_holders_of_an_office_only_within_the_checks_window(tmp_path):
    from checker.index import corpus_from_index

    db, draft = _holders_index(tmp_path)
    near, whole = _near_and_whole(db, draft)
    assert set(near.articles) == {"draft", "near"} and set(whole.articles) == {"draft", "near", "old"}
    found = _ids(whole, draft.id)
    assert _ids(near, draft.id) == found and len(found) == 1  # Martin and Lefevre, 20 days apart
    wide = corpus_from_index(db, [draft], focus=[draft.id], office_days=365 * 6)
    assert set(wide.articles) == {"draft", "near", "old"}
    off = corpus_from_index(db, [draft], focus=[draft.id], office_days=None)
    assert set(off.articles) == {"draft"}


def test_gate_window_follows_the_configured_office_holder_window(tmp_path):
    db, _ = _holders_index(tmp_path)
    config = tmp_path / "accord.toml"
    config.write_text("[checks.office-holder-conflict]\nwindow_days = 3000\n")
    default = invoke("gate", str(tmp_path / "draft.txt"), "--index", str(db), "-f", "json")
    wide = invoke("gate", str(tmp_path / "draft.txt"), "--index", str(db), "-f", "json", "--config", str(config))
    assert len(json.loads(default.stdout)["findings"]) == 1
    assert len(json.loads(wide.stdout)["findings"]) == 2  # Dupont, five years before, is within 3000 days


def test_index_of_the_previous_schema_gets_new_keys_without_extracting_again(tmp_path, seeds_dir):
    from checker.index import SCHEMA_VERSION

    db = tmp_path / "old.accord"
    assert invoke("index", str(seeds_dir), "--db", str(db)).exit_code == 0
    before = dump(db)
    with closing(sqlite3.connect(db)) as conn:  # the keys table as schema 2 had it
        conn.executescript(
            "DROP TABLE keys; CREATE TABLE keys (key TEXT NOT NULL, article TEXT NOT NULL);"
            "UPDATE meta SET value = '2' WHERE key = 'schema';"
        )
    refused = invoke("check", "--db", str(db))
    assert refused.exit_code == 2 and "index schema 2" in refused.stderr
    again = invoke("index", str(seeds_dir), "--db", str(db))
    assert again.exit_code == 0 and "0 added, 0 updated, 5 unchanged" in again.stderr
    assert dump(db) == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("SELECT count(*) FROM keys WHERE day_from IS NOT NULL").fetchone()[0] > 0
    draft = str(seeds_dir / "003_7ca1523c2e0b38f8.txt")
    assert invoke("gate", draft, "--index", str(db), "-f", "json").exit_code == 1


def test_extractor_key_follows_the_extraction_code(tmp_path):
    import shutil

    from checker.index import CLAIMS_PACKAGE, extractor_key

    claims = tmp_path / "claims"
    shutil.copytree(CLAIMS_PACKAGE, claims, ignore=shutil.ignore_patterns("__pycache__"))
    before = extractor_key(claims=claims)
    assert before == extractor_key()
    (claims / "notes.txt").write_text("not code")
    assert extractor_key(claims=claims) == before
    (claims / "relations.py").write_text((claims / "relations.py").read_text() + "\n# read differently\n")
    assert extractor_key(claims=claims) != before
