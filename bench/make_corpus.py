"""A corpus of N articles built from real text, for the scale benchmarks.

Procedure (deterministic; no randomness): the pool is the 496 articles of
../shared/data/ecbplus_dev in their subtopics (several outlets on one real event) plus the
five seed articles as one more subtopic. Copy k = 0, 1, 2, ... of the whole pool is
written in turn until N articles exist. Every article of copy k in subtopic s is dated
2020-01-06 + 30*k + s days, so copies of one event are a month apart: their articles are
compared as later reports of a similar event (time-aware checks keep them apart) and the
corpus grows as a newsroom archive does, more events over more time, not more outlets
on one event. Ids are `<original id>~<k>`. Written as one JSONL file.

Run: .venv/bin/python bench/make_corpus.py N OUT.jsonl
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ecbplus import load_docs
from claims.read import read_corpus

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2020, 1, 6)


def pool() -> list[list[dict]]:
    """Subtopics of records (id, text, title), ECB+ first in subtopic order, then the seeds."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for doc in load_docs():
        groups[doc.subtopic].append({"id": doc.article.id, "text": doc.article.text})
    subtopics = [groups[k] for k in sorted(groups)]
    seeds = [{"id": a.id, "text": a.text, "title": a.title} for a in read_corpus([ROOT / "seeds"])]
    return [*subtopics, seeds]


def records(n: int) -> list[dict]:
    out: list[dict] = []
    subtopics = pool()
    k = 0
    while len(out) < n:
        for s, group in enumerate(subtopics):
            date = START + dt.timedelta(days=30 * k + s)
            for record in group:
                out.append({**record, "id": f"{record['id']}~{k}", "published": date.isoformat()})
                if len(out) == n:
                    return out
        k += 1
    return out


def main() -> None:
    n, target = int(sys.argv[1]), Path(sys.argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        for record in records(n):
            handle.write(json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")
    print(f"wrote {n} articles to {target}")


if __name__ == "__main__":
    main()
