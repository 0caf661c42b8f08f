"""The NLI model: load the shipped one or any local transformers NLI model, and score pairs.

    from models import NLIModel
    m = NLIModel.load()                   # the shipped model, offline
    m = NLIModel.load("/path/to/model")   # any local transformers sequence-classification NLI model
    preds = m.predict([(premise, hypothesis), ...])
    preds[0].label, preds[0].probs

Nothing here touches the network: paths only, `local_files_only=True`.
Pairs are sorted by length and batched so padding stays small; premises too long for
the model are scored window by window (SummaC's zero-shot idea) and the most decisive
window speaks for the premise.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import numpy as np
import torch
from pydantic import BaseModel, ConfigDict

from models.errors import ModelError
from models.pack import WEIGHTS, unpack_state_dict

SHIPPED = Path(__file__).resolve().parent / "accord-nli"
LABELS = ("entailment", "neutral", "contradiction")
CALIBRATION = "calibration.json"
MEMO_SIZE = 200_000  # predictions kept per loaded model


class NLIPrediction(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str  # "entailment" | "neutral" | "contradiction"
    probs: dict[str, float]


@dataclass(frozen=True)
class Calibration:
    """Fitted on RTE-3 dev by the training recipe; defaults for a model without one."""

    temperature: float = 1.0
    contradiction_threshold: float = 0.5  # p(contradiction) at or above: a contradiction
    abstain_below: float = 0.35  # p(contradiction) below this: no opinion; between the two: "unsure"
    # the NLI stage's score (p(contradiction) - p(entailment), the lesser of both ways) at or above which
    # the stage reports a pair; None: contradiction_threshold
    score_threshold: float | None = None
    extra: dict = field(default_factory=dict)


def _label_name(raw: str) -> str | None:
    raw = raw.strip().lower().replace("-", "_").replace(" ", "_")
    if raw.startswith("entail"):
        return "entailment"
    if raw.startswith("neutral"):
        return "neutral"
    if raw.startswith("contradict"):
        return "contradiction"
    if raw in ("not_entailment", "non_entailment", "not_entailed"):
        return "not_entailment"
    return None


_SHARED: dict[str | None, NLIModel] = {}

# Scores a list of padded batches of (premise, hypothesis) elsewhere, one list of probabilities per batch.
BatchScorer = Callable[[list[list[tuple[str, str]]]], list[list[dict[str, float]]]]


def plan_batches(pairs: Sequence[tuple[str, str]], batch_size: int) -> list[list[int]]:
    """Indices of `pairs` in batches of similar length, so padding stays small."""
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def quantize_int8(model):
    """int8 matrix products (dynamic quantisation, one scale per output channel), except the
    feed-forward down-projections, whose inputs carry the outliers that int8 rounds badly:
    measured, that keeps the labels of the fp32 model far better than quantising every layer."""
    with warnings.catch_warnings():  # torch marks torch.ao.quantization deprecated; 2.13 still ships it
        warnings.simplefilter("ignore", DeprecationWarning)
        from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    linear = {n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
    chosen = {n: per_channel_dynamic_qconfig for n in linear if not _is_ffn_output(n)}
    with warnings.catch_warnings():  # torch marks its quantized tensor API deprecated; it still works
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return quantize_dynamic(model, chosen, dtype=torch.qint8)


def _onnx_session(torch_model: Callable[[], torch.nn.Module], weights: Path, backend: str):
    """The ONNX Runtime form of a packed model, or None where the torch int8 path should run.
    `torch_model` builds the torch model, only when the ONNX form is not cached yet."""
    from models import ort

    if backend == "torch":
        return None
    if not ort.available():
        if backend == "onnx":
            raise ModelError("backend onnx needs onnxruntime and onnx installed")
        return None
    path = ort.cached_int8(torch_model, weights)
    if path is None:
        if backend == "onnx":
            raise ModelError(f"{ort.cache_dir()}: cannot write the ONNX form of the model there")
        return None
    return ort.OrtLogits(path, threads=1)


def _is_ffn_output(name: str) -> bool:
    return name.endswith("output.dense") and "attention" not in name


class NLIModel:
    def __init__(
        self, model, tokenizer, labels: list[str], calibration: Calibration, max_length: int = 256, session=None
    ):
        self.model = model.eval() if model is not None else None  # None when `session` runs the model
        self.tokenizer = tokenizer
        self.labels = labels  # the model's own output order, normalised names
        self.calibration = calibration
        self.max_length = max_length
        self.device = "cpu"
        self.session = session  # an ONNX Runtime session that replaces the torch model on CPU
        self._memo: dict[tuple[str, str], NLIPrediction] = {}  # a gate or a re-check asks for the same pairs again

    @classmethod
    def shared(cls, path: str | os.PathLike[str] | None = None) -> NLIModel:
        """The model at `path` (None: shipped), loaded once per process and kept."""
        key = str(Path(path).resolve()) if path is not None else None
        if key not in _SHARED:
            _SHARED[key] = cls.load(key)
        return _SHARED[key]

    @classmethod
    def load(
        cls, path: str | os.PathLike[str] | None = None, *, quantize: bool = True, backend: str = "auto"
    ) -> NLIModel:
        """The shipped model (path None) or a local transformers model directory.

        A packed int8 model (the shipped one) runs on ONNX Runtime where it is installed
        (`backend` "auto" or "onnx"), else on torch with dynamic int8 matmuls; `quantize=False`
        runs it in fp32 on torch. A user's own model runs on torch as its authors made it.
        """
        if backend not in ("auto", "onnx", "torch"):
            raise ValueError(f"backend {backend!r}: use auto, onnx or torch")
        from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a report's stderr carries accord's own lines only
        directory = Path(path) if path is not None else SHIPPED
        if not directory.is_dir():
            raise ModelError(f"{directory}: no such model directory")
        if path is None and not (directory / "config.json").exists():
            raise ModelError(f"{directory}: no model shipped here; run `make model`, or set [nli] model in config")
        packed = (directory / WEIGHTS).exists()

        def unloadable(exc: Exception) -> ModelError:
            return ModelError(f"{directory}: not a loadable NLI model ({str(exc).splitlines()[0]})")

        def torch_model():
            try:
                if packed:
                    built = AutoModelForSequenceClassification.from_config(config)
                    built.load_state_dict(unpack_state_dict(directory / WEIGHTS), strict=False)
                    return built
                return AutoModelForSequenceClassification.from_pretrained(directory, local_files_only=True)
            except (OSError, ValueError, KeyError) as exc:
                raise unloadable(exc) from None

        try:
            config = AutoConfig.from_pretrained(directory, local_files_only=True)
            tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
        except (OSError, ValueError, KeyError) as exc:
            raise unloadable(exc) from None
        labels = [_label_name(config.id2label[i]) for i in range(config.num_labels)]
        if None in labels or not ({"entailment"} <= set(labels)):
            raise ModelError(f"{directory}: labels {list(config.id2label.values())} are not NLI labels")
        # A user's own model runs as its authors made it; the packed one on ONNX Runtime where it can,
        # whose cached form needs no torch model at all (building one costs about 2 s of start-up).
        session = _onnx_session(torch_model, directory / WEIGHTS, backend) if quantize and packed else None
        model = None if session is not None else torch_model()
        if quantize and packed and session is None:
            model = quantize_int8(model)
        calibration = Calibration()
        if (directory / CALIBRATION).exists():
            raw = json.loads((directory / CALIBRATION).read_text())
            calibration = Calibration(
                temperature=raw.get("temperature", 1.0),
                contradiction_threshold=raw.get("contradiction_threshold", 0.5),
                abstain_below=raw.get("abstain_below", 0.35),
                score_threshold=raw.get("score_threshold"),
                extra=raw,
            )
        return cls(model, tokenizer, labels, calibration, session=session)

    @property
    def backend(self) -> str:
        if self.session is not None:
            return "onnxruntime int8"
        quantized = any("quantized" in type(m).__module__ for m in self.model.modules())
        return f"torch {'int8' if quantized else 'fp32'}"

    def predict(
        self, pairs: Sequence[tuple[str, str]], batch_size: int | None = None, scorer: BatchScorer | None = None
    ) -> list[NLIPrediction]:
        """One prediction per (premise, hypothesis); pairs seen before in this process are not rescored.

        `scorer` scores the planned batches somewhere else (the Ray engine's actors); the batches
        are the same either way, so the probabilities are too. `batch_size` by default: 1 on
        ONNX Runtime, 64 on torch. int8 activations are scaled per batch, so a pair's score
        moves a little with the pairs batched beside it; alone, it is the same in a check and
        in a gate, and ONNX Runtime measured as fast at batch 1 as at 64 (bench/RESULTS.md).
        """
        batch_size = batch_size or (1 if self.session is not None else 64)
        todo = list(dict.fromkeys(pair for pair in pairs if pair not in self._memo))
        tokens = self._token_counts({text for pair in todo for text in pair})
        chunks: list[tuple[int, str, str]] = []
        for index, (premise, hypothesis) in enumerate(todo):
            budget = self.max_length - tokens[hypothesis] - 3  # [CLS] premise [SEP] hypothesis [SEP]
            windows = [premise] if tokens[premise] <= budget else self._windows(premise, budget)
            chunks.extend((index, window, hypothesis) for window in windows)
        probs = self._probabilities([(p, h) for _, p, h in chunks], batch_size, scorer)
        best: dict[int, dict[str, float]] = {}
        for (index, _, _), p in zip(chunks, probs, strict=True):
            decisive = max(p["entailment"], p["contradiction"])
            if index not in best or decisive > max(best[index]["entailment"], best[index]["contradiction"]):
                best[index] = p
        if len(self._memo) + len(todo) > MEMO_SIZE:  # keep only what this call returns
            self._memo = {pair: self._memo[pair] for pair in pairs if pair in self._memo}
        for index, pair in enumerate(todo):
            self._memo[pair] = NLIPrediction(label=max(best[index], key=best[index].get), probs=best[index])
        return [self._memo[pair] for pair in pairs]

    def _token_counts(self, texts: set[str]) -> dict[str, int]:
        """Tokens in each text, without special tokens: one tokenizer call for all of them."""
        ordered = sorted(texts)
        ids = self.tokenizer(ordered, add_special_tokens=False)["input_ids"] if ordered else []
        return {text: len(row) for text, row in zip(ordered, ids, strict=True)}

    def _windows(self, premise: str, budget: int) -> list[str]:
        """Runs of whole sentences of `premise`, each within `budget` tokens where a sentence allows."""
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", premise) if s.strip()]
        windows, current = [], ""
        for sentence in sentences:
            candidate = f"{current} {sentence}".strip()
            if current and len(self.tokenizer.tokenize(candidate)) > budget:
                windows.append(current)
                current = sentence
            else:
                current = candidate
        windows.append(current)
        return windows

    def _probabilities(
        self, pairs: list[tuple[str, str]], batch_size: int, scorer: BatchScorer | None
    ) -> list[dict[str, float]]:
        plan = plan_batches(pairs, batch_size)
        batches = [[pairs[i] for i in idx] for idx in plan]
        scored = scorer(batches) if scorer is not None else self.score_batches(batches)
        out: list[dict[str, float] | None] = [None] * len(pairs)
        for idx, probs in zip(plan, scored, strict=True):
            for i, p in zip(idx, probs, strict=True):
                out[i] = p
        return out  # type: ignore[return-value]

    def score_batches(self, batches: Sequence[Sequence[tuple[str, str]]]) -> list[list[dict[str, float]]]:
        """Three-way probabilities of each batch (as `plan_batches` forms them), in order.

        One tokenizer call for all of them (one per batch was 7% of the time at batch 1). On
        ONNX Runtime, one batch per core at a time, each run on one thread (models/ort.py)."""
        rows = self._encode([pair for batch in batches for pair in batch])
        ends = list(accumulate(len(batch) for batch in batches))
        arrays = [self._padded(rows[end - len(batch) : end]) for batch, end in zip(batches, ends, strict=True)]
        workers = self.session.workers if self.session is not None else 1
        if workers > 1 and len(arrays) > 1:
            with ThreadPoolExecutor(workers) as pool:  # ONNX Runtime lets go of the GIL while it runs
                return list(pool.map(self._scores, arrays))
        return [self._scores(batch) for batch in arrays]

    def _encode(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, list[int]]]:
        """Each pair's model inputs, unpadded."""
        if not pairs:
            return []  # the tokenizer fails on an empty batch
        enc = self.tokenizer([p for p, _ in pairs], [h for _, h in pairs], truncation=True, max_length=self.max_length)
        return [{name: enc[name][i] for name in enc} for i in range(len(pairs))]

    def _padded(self, rows: list[dict[str, list[int]]]) -> dict[str, np.ndarray]:
        """One batch, padded to its longest pair as the tokenizer itself pads."""
        width = max(len(row["input_ids"]) for row in rows)
        fill = {"input_ids": self.tokenizer.pad_token_id or 0, "token_type_ids": self.tokenizer.pad_token_type_id}
        left = self.tokenizer.padding_side == "left"

        def pad(values: list[int], name: str) -> list[int]:
            extra = [fill.get(name, 0)] * (width - len(values))
            return extra + values if left else values + extra

        return {name: np.array([pad(row[name], name) for row in rows], dtype=np.int64) for name in rows[0]}

    @torch.inference_mode()
    def _scores(self, batch: dict[str, np.ndarray]) -> list[dict[str, float]]:
        if self.session is not None:
            logits = torch.from_numpy(self.session(batch))
        else:
            logits = self.model(**{k: torch.from_numpy(v).to(self.device) for k, v in batch.items()}).logits
        logits = logits / self.calibration.temperature
        return [self._to_three_way(row) for row in torch.softmax(logits, dim=-1).tolist()]

    def clear_memo(self) -> None:
        """Forget the pairs scored so far (benchmarks time the model, tests compare engines)."""
        self._memo.clear()

    def to(self, device: str) -> NLIModel:
        """Run on `device` ("cuda" on a GPU worker); the int8 forms are CPU-only, so load with quantize=False."""
        if self.session is not None:
            raise ModelError("the int8 forms run on CPU only; load with quantize=False to use a GPU")
        self.model.to(device)
        self.device = device
        return self

    def _to_three_way(self, row: list[float]) -> dict[str, float]:
        named = dict(zip(self.labels, row, strict=True))
        if "not_entailment" in named:  # a two-way model knows no contradiction: it can only not entail
            return {"entailment": named["entailment"], "neutral": named["not_entailment"], "contradiction": 0.0}
        return {label: float(named.get(label, 0.0)) for label in LABELS}
