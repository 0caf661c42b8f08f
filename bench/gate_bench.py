"""Gate latency against an indexed corpus, and the cost of re-indexing it unchanged.

Cold: `accord gate DRAFT --index DB` in a new process (start-up, model loading, the
draft's extraction, reading its neighbourhood from the index, the checks), the median of
`--runs`. Warm: the same gate again inside one process that has gated once (models
loaded). Re-index: `accord index CORPUS --db DB` on the corpus the index already holds.

Run: .venv/bin/python bench/gate_bench.py CORPUS.jsonl DB [DRAFT ...] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ACCORD = str(Path(sys.executable).with_name("accord"))


def timed(command: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.strip()}")
    return time.perf_counter() - started, done.returncode


def warm_gate(db: Path, draft: Path) -> tuple[float, int, int]:
    """Seconds of a second gate in one process, the articles it read, the findings about the draft."""
    from checker.index import corpus_from_index
    from checker.pipeline import check_corpus
    from claims.read import read_corpus

    (article,) = read_corpus([draft])
    seconds = 0.0
    for _ in range(2):
        started = time.perf_counter()
        corpus = corpus_from_index(db, [article], focus=[article.id])
        report = check_corpus(corpus)
        seconds = time.perf_counter() - started
    about = [f for f in report.findings if article.id in f.articles]
    return seconds, len(corpus.articles), len(about)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("drafts", type=Path, nargs="*", default=[ROOT / "seeds" / "003_7ca1523c2e0b38f8.txt"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    seconds, _ = timed([ACCORD, "index", str(args.corpus), "--db", str(args.db), "--quiet"])
    print(f"re-index of the unchanged corpus: {seconds:.1f} s")
    for draft in args.drafts:
        cold = [
            timed([ACCORD, "gate", str(draft), "--index", str(args.db), "-f", "json", "-q"]) for _ in range(args.runs)
        ]
        warm, read, about = warm_gate(args.db, draft)
        times = ", ".join(f"{s:.1f}" for s, _ in cold)
        median = statistics.median(s for s, _ in cold)
        print(
            f"gate {draft.name}: cold median {median:.1f} s ({times}; exit {cold[0][1]}), "
            f"warm {warm:.2f} s; read {read} articles of the index, {about} findings about the draft"
        )


if __name__ == "__main__":
    main()
