"""Check time, peak memory and NLI work at growing corpus sizes (corpora from bench/make_corpus.py).

Each size runs in its own process: read the JSONL, extract, align, run every check; the
process reports its wall time, peak RSS and the NLI stage's counts.

Run: .venv/bin/python bench/scale.py 100 1000 [10000]
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE_SIZE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from checker.pipeline import build_corpus, run_checks
from claims.read import read_corpus
started = time.perf_counter()
articles = read_corpus([{path!r}])
corpus = build_corpus(articles)
extracted = time.perf_counter()
findings = run_checks(corpus, {{}})
done = time.perf_counter()
stats = corpus.derived.get("nli_stats")
print(json.dumps({{
    "articles": len(articles), "seconds": done - started, "extract_seconds": extracted - started,
    "check_seconds": done - extracted, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "findings": len(findings), "nli_candidates": stats.candidates if stats else 0,
}}))
"""


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    rows = []
    for n in sizes:
        path = ROOT / "build" / "scale" / f"{n}.jsonl"
        if not path.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(path)], check=True)
        code = ONE_SIZE.format(root=str(ROOT), path=str(path))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{n:>6} articles: {row['seconds']:.0f} s ({row['seconds'] / n * 1000:.0f} ms/article; extraction "
            f"{row['extract_seconds']:.0f} s, checks {row['check_seconds']:.0f} s), "
            f"peak RSS {row['peak_rss_mb']:.0f} MB, "
            f"{row['findings']} findings, NLI pairs {row['nli_candidates']} ({row['nli_candidates'] / n:.2f}/article)",
            flush=True,
        )
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        ratio = (b["seconds"] / b["articles"]) / (a["seconds"] / a["articles"])
        print(f"per-article time at {b['articles']} / at {a['articles']}: {ratio:.2f}")


if __name__ == "__main__":
    main()
