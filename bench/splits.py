"""The development corpora, each split once into a tuning half and a validation half.

Rules change only from what the tuning half shows; the validation half is read only to
measure, and its findings are reviewed by hand (bench/precision_verdicts.json). The split is
by the unit that holds one real happening, so that no happening is in both halves: ECB+ topics
(each two similar happenings) alternate in topic order; NeuS events (three outlets' leads) go
by a hash of their id, so adding events never moves one from a half to the other.

Run `python bench/splits.py` to print the halves' sizes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.types import Article
from models.data import HALVES, half_of, topic_half

ROOT = Path(__file__).resolve().parent.parent
NEUS = ROOT.parent / "shared" / "data" / "neus_dev" / "events.jsonl"


def ecbplus_groups(half: str) -> list[tuple[str, list[Article]]]:
    """The dated ECB+ subtopics (one real event, several outlets) whose topic is in `half`."""
    from bench.ecbplus import dated_subtopics, load_docs

    topic_of = {doc.subtopic: doc.topic for doc in load_docs()}
    in_half = topic_half(set(topic_of.values()), half)
    return [(s, arts) for s, arts in dated_subtopics() if topic_of[s] in in_half and len(arts) >= 2]


def neus_groups(half: str) -> list[tuple[str, list[Article]]]:
    """The NeuS events in `half`: three outlets' title and lead, undated, as the data gives them."""
    if not NEUS.is_file():
        raise SystemExit(f"{NEUS} is absent: these benchmarks need the development data in ../shared/data")
    groups = []
    with NEUS.open(encoding="utf-8") as lines:
        for line in lines:
            event = json.loads(line)
            if half_of(event["event"]) == half:
                articles = [Article(id=a["id"], title=a["title"], text=a["text"]) for a in event["articles"]]
                groups.append((event["event"], articles))
    return groups


def neus_dated_groups(half: str) -> list[tuple[str, list[Article]]]:
    """The NeuS events in `half`, each event's three reports dated one stand-in day (the data has no dates):
    a weekday between 2017 and 2020, spread by the event's hash, so that the time-aware checks run
    as on a newsroom's dated copy of the same happening told three times."""
    dated = []
    for event, articles in neus_groups(half):
        offset = int(hashlib.sha256(event.encode()).hexdigest(), 16) % (4 * 365)
        day = dt.date(2017, 1, 2) + dt.timedelta(days=offset)
        day += dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)  # most news is of a weekday
        dated.append(
            (event, [a.model_copy(update={"published": day, "published_source": "metadata"}) for a in articles])
        )
    return dated


def neus_mixed_groups(half: str) -> list[tuple[str, list[Article]]]:
    """All NeuS events of `half` as one undated corpus, as an archive holds them: what is compared across
    events ("two things taken for one") shows here."""
    return [(f"neus-{half}", [a for _, articles in neus_groups(half) for a in articles])]


CORPORA = {
    "ecbplus": ecbplus_groups,
    "neus": neus_groups,
    "neus-dated": neus_dated_groups,
    "neus-mixed": neus_mixed_groups,
}


def main() -> None:
    sizes: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for name, groups in CORPORA.items():
        for half in HALVES:
            found = groups(half)
            sizes[(name, half)] = [len(found), sum(len(a) for _, a in found)]
    for (name, half), (units, articles) in sorted(sizes.items()):
        print(f"{name:8} {half:5} {units:5} groups {articles:5} articles")


if __name__ == "__main__":
    main()
