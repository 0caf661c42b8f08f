"""NLIModel: loading local models offline, label mapping, long premises, the shipped model."""

import socket

import pytest
import torch

from models.nli import SHIPPED, ModelError, NLIModel
from models.pack import WEIGHTS, pack_state_dict, unpack_state_dict

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "is", "on", "a", "mat", "dog", "runs", ".", "not"]


def tiny_model(tmp_path, id2label):
    """A random-weight BERT NLI model directory, as a user's local model would be."""
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(VOCAB) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab))
    config = BertConfig(
        vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
        num_labels=len(id2label), id2label=id2label, label2id={v: k for k, v in id2label.items()},
    )  # fmt: skip
    torch.manual_seed(0)
    model = BertForSequenceClassification(config).eval()
    directory = tmp_path / "model"
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory, model, tokenizer


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_local_model_labels_come_from_its_config(tmp_path, no_network):
    directory, model, tokenizer = tiny_model(tmp_path, {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})
    nli = NLIModel.load(directory)
    (pred,) = nli.predict([("the cat is on a mat .", "the dog runs .")])
    with torch.inference_mode():
        enc = tokenizer("the cat is on a mat .", "the dog runs .", return_tensors="pt")
        probs = torch.softmax(model(**enc).logits, dim=-1)[0].tolist()
    assert pred.probs["contradiction"] == pytest.approx(probs[0], abs=1e-5)
    assert pred.probs["neutral"] == pytest.approx(probs[1], abs=1e-5)
    assert pred.probs["entailment"] == pytest.approx(probs[2], abs=1e-5)
    assert pred.label == max(pred.probs, key=pred.probs.get)


def test_two_way_model(tmp_path, no_network):
    directory, _, _ = tiny_model(tmp_path, {0: "entailment", 1: "not_entailment"})
    (pred,) = NLIModel.load(directory).predict([("the cat is on a mat .", "the cat is not on a mat .")])
    assert pred.probs["contradiction"] == 0.0
    assert pred.probs["entailment"] + pred.probs["neutral"] == pytest.approx(1.0)


def test_not_an_nli_model(tmp_path):
    directory, _, _ = tiny_model(tmp_path, {0: "POSITIVE", 1: "NEGATIVE"})
    with pytest.raises(ModelError, match="are not NLI labels"):
        NLIModel.load(directory)
    with pytest.raises(ModelError, match="no such model directory"):
        NLIModel.load(tmp_path / "absent")


def test_long_premise_is_scored_in_windows(tmp_path):
    directory, _, _ = tiny_model(tmp_path, {0: "entailment", 1: "neutral", 2: "contradiction"})
    nli = NLIModel.load(directory)
    nli.max_length = 24
    premise = " ".join(["the cat is on a mat ."] * 12)
    windows = nli._windows(premise, 18)
    assert len(windows) > 1 and " ".join(windows) == premise
    (pred,) = nli.predict([(premise, "the dog runs .")])
    assert sum(pred.probs.values()) == pytest.approx(1.0, abs=1e-5)


def test_batching_keeps_input_order(tmp_path):
    directory, _, _ = tiny_model(tmp_path, {0: "entailment", 1: "neutral", 2: "contradiction"})
    nli = NLIModel.load(directory)
    pairs = [("the cat is on a mat . " * n, "the dog runs .") for n in (5, 1, 3, 2, 4)]
    one_by_one = [nli.predict([p])[0].probs for p in pairs]
    batched = [p.probs for p in nli.predict(pairs, batch_size=2)]
    for a, b in zip(one_by_one, batched, strict=True):
        assert a == pytest.approx(b, abs=1e-5)


def test_int8_packing_round_trip(tmp_path):
    torch.manual_seed(1)
    state = {"w": torch.randn(64, 128), "b": torch.randn(64)}
    pack_state_dict(state, tmp_path / WEIGHTS)
    back = unpack_state_dict(tmp_path / WEIGHTS)
    step = state["w"].abs().amax(dim=1, keepdim=True) / 127
    assert ((back["w"] - state["w"]).abs() <= step / 2 + 1e-6).all()
    assert torch.allclose(back["b"], state["b"], atol=1e-3)


@pytest.mark.model
def test_shipped_model_runs_offline(no_network):
    if not (SHIPPED / WEIGHTS).exists():
        pytest.skip(f"{SHIPPED} holds no model yet: the NLI issue ships it")
    nli = NLIModel.load()
    preds = nli.predict([("A man is playing a guitar on stage.", "A man is playing music.")])
    assert preds[0].label in ("entailment", "neutral", "contradiction")
    assert sum(preds[0].probs.values()) == pytest.approx(1.0, abs=1e-4)


def _seed_sentence_pairs(n: int = 48) -> list[tuple[str, str]]:
    import itertools
    import re

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((SHIPPED.parent.parent / "seeds").glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if 5 <= len(s.split()) <= 40]
    return list(itertools.pairwise(sentences))[:n]


@pytest.mark.model
def test_onnx_form_agrees_with_fp32_and_is_built_once(tmp_path, monkeypatch):
    pytest.importorskip("onnxruntime")
    if not (SHIPPED / WEIGHTS).exists():
        pytest.skip(f"{SHIPPED} holds no model yet")
    monkeypatch.setenv("ACCORD_CACHE", str(tmp_path / "cache"))
    fast = NLIModel.load()
    assert fast.backend == "onnxruntime int8"
    (built,) = (tmp_path / "cache").glob("*.onnx")
    stamp = built.stat().st_mtime_ns
    assert NLIModel.load().backend == "onnxruntime int8"
    assert built.stat().st_mtime_ns == stamp  # the second load reuses it
    pairs = _seed_sentence_pairs()
    fp32 = NLIModel.load(quantize=False)
    assert fp32.backend == "torch fp32"
    a, b = fast.predict(pairs), fp32.predict(pairs)
    agree = sum(x.label == y.label for x, y in zip(a, b, strict=True)) / len(pairs)
    assert agree >= 0.95
    assert max(abs(x.probs["contradiction"] - y.probs["contradiction"]) for x, y in zip(a, b, strict=True)) < 0.2


@pytest.mark.model
def test_unwritable_cache_falls_back_to_torch_int8(tmp_path, monkeypatch):
    if not (SHIPPED / WEIGHTS).exists():
        pytest.skip(f"{SHIPPED} holds no model yet")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("ACCORD_CACHE", str(blocker / "cache"))
    assert NLIModel.load().backend == "torch int8"
    with pytest.raises(ModelError, match="cannot write the ONNX form"):
        NLIModel.load(backend="onnx")


def test_batches_are_padded_as_the_tokenizer_pads(tmp_path):
    directory, _, _ = tiny_model(tmp_path, {0: "entailment", 1: "neutral", 2: "contradiction"})
    nli = NLIModel.load(directory)
    pairs = [("the cat is on a mat .", "a cat ."), ("a dog .", "the dog runs in the big park today .")]
    ours = nli._padded(nli._encode(pairs))
    theirs = nli.tokenizer([p for p, _ in pairs], [h for _, h in pairs], padding=True, return_tensors="np")
    assert set(ours) == set(theirs)
    for name in ours:
        assert (ours[name] == theirs[name]).all(), name
