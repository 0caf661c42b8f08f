"""The seed report end to end, and a cold gate: wall time on this machine, NLI pairs scored.

cold: a new `accord` process (imports, spaCy, the sentence encoder and the NLI model load);
warm: the same pipeline again in one process with the models loaded but the NLI
predictions forgotten, so every pair is scored again.

Run: .venv/bin/python bench/seeds_bench.py
"""

from __future__ import annotations

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
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}


def wall(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    from checker.pipeline import build_corpus, run_checks
    from claims.read import read_corpus

    cold_check = [wall([ACCORD, "check", "seeds", "--format", "json", "--exit-zero"]) for _ in range(3)]
    cold_gate = [
        wall([ACCORD, "gate", "seeds/003_7ca1523c2e0b38f8.txt", "--corpus", "seeds", "--exit-zero"]) for _ in range(3)
    ]
    articles = read_corpus([ROOT / "seeds"])
    corpus = build_corpus(articles)
    run_checks(corpus, {})  # loads the models
    warm = []
    for _ in range(3):
        from models.nli import _SHARED

        for model in _SHARED.values():
            model.clear_memo()
        started = time.perf_counter()
        corpus = build_corpus(articles)
        run_checks(corpus, {})
        warm.append(time.perf_counter() - started)
    stats = corpus.derived.get("nli_stats")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"cold check of the 5 seeds (new process): median {statistics.median(cold_check):.1f} s {cold_check}")
    print(f"cold gate of 003 against the seeds (new process): median {statistics.median(cold_gate):.1f} s")
    print(f"warm check (models loaded, predictions forgotten): median {statistics.median(warm):.2f} s")
    print(f"NLI: {stats}")


if __name__ == "__main__":
    main()
