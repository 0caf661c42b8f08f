"""ONNX Runtime for the shipped model: the fastest CPU form measured (bench/RESULTS.md).

The repository ships the packed int8 weights (models/pack.py); the first load on a
machine exports them to ONNX and quantizes that with ONNX Runtime (int8 weights, one
scale per output channel, dynamic int8 activations), a few seconds once, and keeps the
result in the user's cache, named by a hash of the weights and the runtime's version.
Where onnxruntime is not installed or the cache cannot be written, the torch int8 path
runs instead; both agree with fp32 on about 99% of labels (measured in bench/RESULTS.md).
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

INPUTS = ("input_ids", "token_type_ids", "attention_mask")
RECIPE = "fused-int8-layer0-ffn-out-fp32"  # part of the cache name: a change here builds a new file
# Feed-forward down-projections kept fp32, by layer: the first layer's inputs carry the outliers
# int8 rounds badly (measured on the shipped model, bench/RESULTS.md); the other five in int8
# lose nothing measurable and make the model 11% faster on a CPU without VNNI.
FP32_DOWN_PROJECTIONS = (0,)


def available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def cache_dir() -> Path:
    """$ACCORD_CACHE, else $XDG_CACHE_HOME/accord, else ~/.cache/accord."""
    if os.environ.get("ACCORD_CACHE"):
        return Path(os.environ["ACCORD_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "accord"


def cached_int8(torch_model: Callable[[], torch.nn.Module], weights: Path) -> Path | None:
    """The int8 ONNX form of the model whose weights are the file `weights`, built once (from
    `torch_model()`, called only then); None if it cannot be written."""
    import onnxruntime

    digest = hashlib.sha256(weights.read_bytes() + RECIPE.encode()).hexdigest()[:16]

    def build(work: Path) -> Path:
        exported, fused, int8 = (work / name for name in ("exported.onnx", "fused.onnx", "int8.onnx"))
        model = torch_model()
        _export(model, exported)
        _fuse(exported, fused, model.config)
        _quantize(fused, int8)
        return int8

    return _built_once(cache_dir() / f"nli-{digest}-ort{onnxruntime.__version__}.int8.onnx", build)


def cached_encoder(torch_model: Callable[[], torch.nn.Module], weights: Path) -> Path | None:
    """The fp32 ONNX form of a sentence encoder (its last hidden states), built once: loading it
    skips importing transformers' modelling code, about 3 s of a cold gate. fp32 and unfused, so
    the embeddings are torch's to rounding. Named by the weights file's size and time, not a hash
    of its 90 MB read at every start."""
    import onnxruntime

    stat = weights.stat()
    digest = hashlib.sha256(f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|encoder-fp32".encode())

    def build(work: Path) -> Path:
        _export(torch_model(), work / "encoder.onnx", output="last_hidden_state")
        return work / "encoder.onnx"

    return _built_once(cache_dir() / f"encoder-{digest.hexdigest()[:16]}-ort{onnxruntime.__version__}.onnx", build)


def _built_once(path: Path, build: Callable[[Path], Path]) -> Path | None:
    """`path`, built by `build` (in a scratch folder beside it, returning the file) unless it exists;
    None if it cannot be written."""
    if path.exists():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=path.parent) as work:
            os.replace(build(Path(work)), path)  # whole or not at all: another process may be building it too
    except OSError:
        return None
    return path


class _Output(torch.nn.Module):
    def __init__(self, model: torch.nn.Module, output: str):
        super().__init__()
        self.model = model
        self.output = output

    def forward(self, input_ids, token_type_ids, attention_mask):
        out = self.model(input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask)
        return getattr(out, self.output)


def _export(model: torch.nn.Module, path: Path, output: str = "logits") -> None:
    if hasattr(model, "set_attn_implementation"):  # plain attention: the pattern ONNX Runtime fuses
        model.set_attn_implementation("eager")
    example = tuple(torch.ones((1, 4), dtype=torch.long) for _ in INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with warnings.catch_warnings():  # the tracer's notes on shapes it treats as dynamic anyway
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Output(model.float(), output).eval(),
            example,
            str(path),
            input_names=list(INPUTS),
            output_names=[output],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def _fuse(source: Path, target: Path, config) -> None:
    """ONNX Runtime's BERT fusions: one Attention op per layer, embeddings with their layer norm,
    skip-connection layer norms, bias+GELU (measured: agreement with fp32 0.992 -> 0.996)."""
    from onnxruntime.transformers import optimizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fused = optimizer.optimize_model(
            str(source), model_type="bert", num_heads=config.num_attention_heads, hidden_size=config.hidden_size
        )
    fused.save_model_to_file(str(target))


def _quantize(source: Path, target: Path) -> None:
    """int8 matmuls except the feed-forward down-projections of FP32_DOWN_PROJECTIONS: with
    every one quantized, one seed pair's p(contradiction) moved by 0.54 against fp32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source)).graph
    keep_fp32 = [
        n.name
        for n in graph.node
        if n.op_type == "MatMul" and _is_ffn_output(n.name) and _layer(n.name) in FP32_DOWN_PROJECTIONS
    ]

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process the graph, on every call
    try:
        quantize_dynamic(
            str(source),
            str(target),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=keep_fp32,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops carry no inferred types
        )
    finally:
        root.setLevel(level)


def _is_ffn_output(node: str) -> bool:
    return "/output/dense/" in node and "/attention/" not in node


def _layer(node: str) -> int | None:
    found = re.search(r"/layer\.(\d+)/", node)
    return int(found.group(1)) if found else None


class OrtLogits:
    """The first output (logits, or an encoder's hidden states) of a batch the tokenizer encoded as numpy arrays.

    `threads` per run, by default what torch was given (or Ray's OMP_NUM_THREADS). The NLI
    model asks for one and runs one batch per core at a time instead (`workers`): at batch 1
    a run's threads mostly wait on each other between small operators (measured 8-12%)."""

    def __init__(self, path: Path, threads: int | None = None):
        import onnxruntime as ort

        self.workers = torch.get_num_threads()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or self.workers
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(self, encoded: dict[str, np.ndarray]) -> np.ndarray:
        feed = {name: encoded[name].astype(np.int64) for name in INPUTS}
        return self.session.run(None, feed)[0]
