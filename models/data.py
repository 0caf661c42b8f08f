"""Training and evaluation pairs from ../shared/data (read there, never copied into the project).

Three-way pairs keep their labels; two-way pairs (RTE-1/2, the two-way Curriculum
tasks) train only the entailment-vs-rest decision (label "not_entailment"), so they
never pretend to be neutral or contradiction.
"""

from __future__ import annotations

import hashlib
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
LABELS = ("entailment", "neutral", "contradiction")
NOT_ENTAILMENT = "not_entailment"

# (file, how many to sample at most, licence) — the recipe's data, listed in MODEL_CARD.md
THREE_WAY_FILES = [
    ("nli/snli_devtest.jsonl", 8000, "CC BY-SA 4.0"),
    ("nli/mnli_taxinli_train.jsonl", 2344, "C-UDA 1.0"),
    ("nli/conjnli_adversarial_train.jsonl", 5000, "MIT"),
    ("nli/breaking_nli.jsonl", 4000, "CC BY-SA 4.0"),
    ("nli/med.jsonl", 2000, "CC BY-SA 4.0"),
    # minimal edits that flip the label: the kind of pair the stage sees between two reports
    ("nli/cad_nli.jsonl", 11330, "Apache-2.0; SNLI text CC BY-SA 4.0"),
    ("nli/fever_symmetric.jsonl", 2137, "CC BY-SA 3.0"),
    ("nli/tracie_train.jsonl", 860, "Apache-2.0"),
]
TWO_WAY_FILES = [
    ("nli/rte12_binary.jsonl", 2567, "PASCAL RTE research release"),
    ("nli/fever_binary.jsonl", 6000, "BSD-3-Clause; text CC BY-SA 3.0"),
    ("nli/scitail_devtest.jsonl", 3430, "Apache-2.0"),
    # many shared words and no entailment: against the overlap heuristic
    ("nli/hans_generated.jsonl", 6000, "MIT (generator)"),
]
CURRICULUM_THREE_WAY = ["boolean", "comparative", "conditional", "counting", "negation", "quantifier"]
CURRICULUM_TWO_WAY = ["kg_relations", "ner", "temporal", "coreference", "context_align"]
CURRICULUM_PER_TASK = 1000


HALVES = ("tune", "valid")


def half_of(unit: str) -> str:
    """'tune' or 'valid' for a unit of development data (a NeuS event id): the one split every
    benchmark and the training recipe share, so that no happening is in both halves."""
    return HALVES[int(hashlib.sha256(f"accord-split:{unit}".encode()).hexdigest(), 16) % 2]


def topic_half(topics: set, half: str | None) -> set:
    """The ECB+ topics of one half: 23 topics are too few for a hash to split evenly, so they alternate in order."""
    if half is None:
        return set(topics)
    ordered = sorted(topics)
    return {t for i, t in enumerate(ordered) if HALVES[i % 2] == half}


@dataclass(frozen=True)
class Pair:
    premise: str
    hypothesis: str
    label: str  # one of LABELS, or NOT_ENTAILMENT for two-way data
    source: str


def require_shared() -> Path:
    if not SHARED.is_dir():
        raise SystemExit(f"{SHARED} is absent: training and evaluation read the development data in ../shared/data")
    return SHARED


def _normalise_label(raw: str) -> str | None:
    raw = raw.strip().lower().replace("-", "_")
    if raw in LABELS:
        return raw
    if raw in ("entailed",):
        return "entailment"
    if raw in ("not_entailment", "not_entailed", "non_entailment"):
        return NOT_ENTAILMENT
    return None


def _read_jsonl(lines, source: str) -> list[Pair]:
    pairs = []
    for line in lines:
        row = json.loads(line)
        label = _normalise_label(row.get("label") or row.get("gold_label") or "")
        if label is not None and row.get("premise") and row.get("hypothesis"):
            pairs.append(Pair(_detok(row["premise"]), _detok(row["hypothesis"]), label, source))
    return pairs


def _detok(text: str) -> str:
    """SNLI and Curriculum are tokenised ("word ."): undo the spaces before punctuation."""
    for mark in (" .", " ,", " 's", " n't", " ?", " !", " ;", " :", " )"):
        text = text.replace(mark, mark[1:])
    return text.replace("( ", "(").replace(" -- ", " - ").strip()


def load_real(rng: random.Random, scale: float = 1.0) -> list[Pair]:
    """The real pairs of the recipe; `scale` multiplies every per-file and per-task limit."""
    base = require_shared()
    pairs: list[Pair] = []
    for name, limit, _licence in THREE_WAY_FILES + TWO_WAY_FILES:
        rows = _read_jsonl((base / name).open(encoding="utf-8"), Path(name).stem)
        rng.shuffle(rows)
        pairs.extend(rows[: round(limit * scale)])
    for task in CURRICULUM_THREE_WAY + CURRICULUM_TWO_WAY:
        with zipfile.ZipFile(base / "nli" / "curriculum" / f"{task}.zip") as archive:
            member = next(n for n in archive.namelist() if n.endswith("train.jsonl") and "__MACOSX" not in n)
            rows = _read_jsonl(archive.open(member).read().decode("utf-8").splitlines(), f"curriculum/{task}")
        rng.shuffle(rows)
        pairs.extend(rows[: round(CURRICULUM_PER_TASK * scale)])
    return pairs


def load_rte3_dev() -> list[Pair]:
    base = require_shared()
    return _read_jsonl((base / "rte3" / "rte3_dev_3way.jsonl").open(encoding="utf-8"), "rte3_dev")


# Non-commercial (CC BY-NC 4.0): read to measure a model, never to train one.
EVAL_SETS = {
    "anli_r1_dev": "nli_eval/anli_r1_dev.jsonl",
    "anli_r2_dev": "nli_eval/anli_r2_dev.jsonl",
    "anli_r3_dev": "nli_eval/anli_r3_dev.jsonl",
    "xnli_en_dev": "nli_eval/xnli_en_dev.jsonl",
}


def load_eval(name: str) -> list[Pair]:
    """One of the measure-only sets (EVAL_SETS): ANLI rounds 1-3 dev, XNLI English dev."""
    base = require_shared()
    return _read_jsonl((base / EVAL_SETS[name]).open(encoding="utf-8"), name)


def load_conjnli_dev() -> list[Pair]:
    base = require_shared()
    return _read_jsonl((base / "nli" / "conjnli_dev.jsonl").open(encoding="utf-8"), "conjnli_dev")
