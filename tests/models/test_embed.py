"""The sentence encoder: offline, and its ONNX Runtime form gives torch's embeddings."""

import pytest
import torch

from models.embed import SentenceEncoder

pytestmark = pytest.mark.model

TEXTS = [
    "The fire at the warehouse was set on Sunday night.",
    "Iran's foreign minister met Pakistan's army chief in Rawalpindi.",
    "",
    "A man is playing a guitar on stage, and the crowd sings along with every word of it.",
]


def test_onnx_form_gives_torch_embeddings(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path))  # built here from nothing, then read back
    SentenceEncoder.shared.cache_clear()
    try:
        onnx = SentenceEncoder.shared()
        assert onnx.session is not None and onnx.model is None
        assert any(p.name.startswith("encoder-") for p in tmp_path.iterdir())
        plain = SentenceEncoder.shared("torch")
        assert plain.session is None
        a, b = onnx.encode(TEXTS), plain.encode(TEXTS)
    finally:
        SentenceEncoder.shared.cache_clear()
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert torch.allclose(a, b, atol=1e-5)
    assert torch.allclose(a.norm(dim=-1), torch.ones(len(TEXTS)), atol=1e-5)
