"""The NLI model: quality on RTE-3 dev, ANLI R1-R3 dev, XNLI English dev, ConjNLI dev and the news
validation pairs, the probes of the NLI issue, and speed.

Speed is pairs per second as accord runs the shipped form (ONNX Runtime int8, one pair at
a time; torch int8 at batch 64 where onnxruntime is missing), at batch 1 and 64, and for
fp32 (the same weights dequantized, torch), with their label agreement, and for the plain
transformers pipeline at batch 1 on the same model, all in one run.

Run: .venv/bin/python bench/nli_bench.py [MODEL_DIR] [--quality-only]
     .venv/bin/python bench/nli_bench.py --speed-vs OTHER_DIR [MODEL_DIR]   (pairs/s of the two, one run)
"""

from __future__ import annotations

import os
import platform
import sys
import time
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch

from models.data import EVAL_SETS, load_conjnli_dev, load_eval, load_rte3_dev
from models.nli import NLIModel
from models.train import calibrate_threshold, evaluate, news_validation

PROBES = [
    ("Iranian Foreign Minister Abbas Araghchi met Pakistan's army chief in Rawalpindi.", "Abbas Araghchi is Iran's Deputy Foreign Minister.", {"contradiction", "neutral"}),
    ("Seyed Abbas Araghchi, Iran's Deputy Foreign Minister, held talks in Islamabad.", "Abbas Araghchi is Iran's Foreign Minister.", {"contradiction"}),
    ("The visit of the late Iranian President Ebrahim Raisi to Pakistan in April 2024 marked a new chapter.", "Ebrahim Raisi is alive.", {"contradiction"}),
    ("Araghchi conveyed a message of goodwill from President Ebrahim Raisi.", "Ebrahim Raisi is the current president of Iran.", {"entailment"}),
    ("The two countries share a 900-kilometre porous border.", "Iran and Pakistan share a border of about 900 km.", {"entailment"}),
    ("Pakistan's Deputy Foreign Minister Amina Baloch met Araghchi in Tehran.", "Amna Baloch is Pakistan's Foreign Secretary.", {"contradiction", "neutral"}),
    ("Araghchi arrived in Islamabad on Monday for a two-day visit.", "Araghchi arrived in Islamabad on Tuesday.", {"contradiction"}),
    ("A man is playing a guitar on stage.", "A person is playing an instrument.", {"entailment"}),
    ("A woman is reading a book in the park.", "The woman is reading her favourite novel.", {"neutral"}),
    ("The cat is sleeping on the sofa.", "The cat is running in the garden.", {"contradiction"}),
]  # fmt: skip


def rate(model: NLIModel, pairs, batch_size: int | None) -> float:
    model.clear_memo()  # time the model, not the memo of pairs already scored
    started = time.perf_counter()
    model.predict(pairs, batch_size=batch_size)
    return len(pairs) / (time.perf_counter() - started)


def news_pairs(n: int = 512) -> list[tuple[str, str]]:
    """Pairs of the length the NLI stage scores: two sentences of one ECB+ article, side by side."""
    from models.synth import ecbplus_sentences

    pairs = []
    for doc in ecbplus_sentences():
        pairs.extend((a, b) for a, b in pairwise(doc) if len(a.split()) <= 40 and len(b.split()) <= 40)
    return pairs[:: max(1, len(pairs) // n)][:n]


def plain_rates(fp32: NLIModel, shipped: NLIModel, pairs, rounds: int = 4) -> tuple[float, float]:
    """Pairs/s of the plain transformers pipeline at batch 1 and of accord's path as it runs, on the
    same pairs, timed in alternating rounds so that a machine's drift falls on both alike."""
    from transformers import pipeline

    plain = pipeline("text-classification", model=fp32.model, tokenizer=fp32.tokenizer, device=-1)
    spent = {"plain": 0.0, "accord": 0.0}
    for i in range(rounds):
        part = pairs[i::rounds]
        for who in ("plain", "accord") if i % 2 == 0 else ("accord", "plain"):
            started = time.perf_counter()
            if who == "plain":
                for premise, hypothesis in part:
                    plain({"text": premise, "text_pair": hypothesis})
            else:
                shipped.clear_memo()
                shipped.predict(part)
            spent[who] += time.perf_counter() - started
    return len(pairs) / spent["plain"], len(pairs) / spent["accord"]


def agreement(a: NLIModel, b: NLIModel, pairs) -> float:
    x = [p.label for p in a.predict(pairs)]
    y = [p.label for p in b.predict(pairs)]
    return sum(i == j for i, j in zip(x, y, strict=True)) / len(x)


def quality(model: NLIModel) -> None:
    """Accuracy and contradiction F1 (argmax) on every measuring set, one line each."""
    sets = {"rte3_dev": load_rte3_dev(), **{name: load_eval(name) for name in EVAL_SETS}}
    sets |= {"conjnli_dev": load_conjnli_dev(), "news_valid": news_validation()}
    for name, pairs in sets.items():
        s = evaluate(model, pairs)
        print(
            f"{name:<12} n={len(pairs):>5} accuracy {s['accuracy']:.3f}  contradiction P {s['contradiction_precision']:.3f}"
            f" R {s['contradiction_recall']:.3f} F1 {s['contradiction_f1']:.3f}  entailment F1 {s['entailment_f1']:.3f}"
        )


def speed_versus(path: str | None, other: str, rounds: int = 6) -> None:
    """Pairs/s of two models as accord runs them, on the same claim-length pairs, in alternating rounds."""
    models = {"this": NLIModel.load(path), "other": NLIModel.load(other)}
    pairs = news_pairs()
    spent = dict.fromkeys(models, 0.0)
    for i in range(rounds):
        for name in models if i % 2 == 0 else reversed(list(models)):
            models[name].clear_memo()
            started = time.perf_counter()
            models[name].predict(pairs[i::rounds])
            spent[name] += time.perf_counter() - started
    this, that = len(pairs) / spent["this"], len(pairs) / spent["other"]
    print(
        f"pairs/s on {len(pairs)} news pairs: {path or 'shipped'} {this:.1f}, {other} {that:.1f}; ratio {this / that:.2f}"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--speed-vs" in sys.argv:
        other = sys.argv[sys.argv.index("--speed-vs") + 1]
        args.remove(other)
        speed_versus(args[0] if args else None, other)
        return
    path = args[0] if args else None
    torch.set_num_threads(os.cpu_count() or 1)
    shipped = NLIModel.load(path)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}")
    print(f"model: {path or 'shipped'} ({shipped.backend})")
    quality(shipped)
    right = 0
    for premise, hypothesis, ok in PROBES:
        pred = shipped.predict([(premise, hypothesis)])[0]
        right += pred.label in ok
        print(f"  probe {'ok ' if pred.label in ok else 'NO '} {pred.label:<13} {hypothesis}")
    print(f"probes right: {right}/10")
    if "--quality-only" in sys.argv:
        return
    fp32 = NLIModel.load(path, quantize=False)
    rte = load_rte3_dev()
    for name, model in (("shipped (int8)", shipped), ("fp32", fp32)):
        scores = evaluate(model, rte)
        t = calibrate_threshold(scores.pop("_pc"), [p.label for p in rte])
        print(
            f"RTE-3 dev {name}: accuracy {scores['accuracy']:.3f}, contradiction F1 {scores['contradiction_f1']:.3f} "
            f"(argmax); at threshold {t['contradiction_threshold']:.2f}: precision {t['precision']:.3f}, "
            f"recall {t['recall']:.3f}, F1 {t['f1']:.3f}"
        )
    for label, pairs in (("RTE-3 dev pairs (long premises)", [(p.premise, p.hypothesis) for p in rte[:256]]),
                         ("news sentence pairs (claim length)", news_pairs())):  # fmt: skip
        plain, as_run = plain_rates(fp32, shipped, pairs)
        speeds = {
            "shipped as run (default batching)": as_run,
            "shipped b1": rate(shipped, pairs[:64], 1),
            "shipped b64": rate(shipped, pairs, 64),
            "fp32 b1": rate(fp32, pairs[:64], 1),
            "fp32 b64": rate(fp32, pairs, 64),
            "plain pipeline b1 (fp32)": plain,
        }
        print(f"pairs/s on {len(pairs)} {label}: " + ", ".join(f"{k} {v:.1f}" for k, v in speeds.items()))
        print(f"  label agreement shipped vs fp32: {agreement(shipped, fp32, pairs):.3f}")
        print(f"  shipped as run / plain pipeline b1, same pairs, alternating rounds: {as_run / plain:.2f}x")
        print(f"  shipped b64 / plain pipeline b1: {speeds['shipped b64'] / plain:.2f}x")


if __name__ == "__main__":
    main()
