"""toll-conflict across events: every ECB+ subtopic in one corpus, as a gate's archive mixes them.

The corpus is `bench.make_corpus.records(N)`: each subtopic (one real event, several outlets) is
dated a day after the one before, so different events of a kind (the 2009 Papua quake, the 2013
Aceh quake) are reported a day apart; N = 1,078 adds a second copy a month later. Every pair of
toll claims in a finding is counted as within one event (both articles of one subtopic and copy)
or across events, which is a false pairing.

Run: .venv/bin/python bench/tolls_mixed.py [N]   (default 539: every subtopic and the seeds once)
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ecbplus import load_docs
from bench.make_corpus import records
from checker.checks.tolls import TollOptions, toll_conflict
from checker.pipeline import build_corpus
from claims.types import Article


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 539
    subtopic = {doc.article.id: doc.subtopic for doc in load_docs()}
    started = time.perf_counter()
    articles = [
        Article(id=r["id"], text=r["text"], title=r.get("title"), published=dt.date.fromisoformat(r["published"]))
        for r in records(n)
    ]
    corpus = build_corpus(articles)
    pairs = Counter()
    findings = set()
    for finding in toll_conflict(corpus, TollOptions()):
        a, b = (e.article for e in finding.evidence[:2])
        event_a, event_b = (_event(x, subtopic) for x in (a, b))
        pairs["within" if event_a == event_b else "across"] += 1
        findings.add(finding.id)
        print(f"{'within' if event_a == event_b else 'ACROSS'} {finding.id} {finding.message}")
    print(
        f"{n} articles, {time.perf_counter() - started:.0f} s: {pairs['within']} pairs within one event, "
        f"{pairs['across']} across events; {len(findings)} findings"
    )


def _event(article_id: str, subtopic: dict[str, str]) -> tuple[str, str]:
    original, copy = article_id.rsplit("~", 1)
    return subtopic.get(original, "seeds"), copy


if __name__ == "__main__":
    main()
