"""The shipped form of the model: int8 weights with one scale per row, small enough to keep in git.

A 22M-parameter encoder is 90 MB in fp32 and 45 MB in fp16; per-row symmetric int8
for every matrix (fp16 for the rest) brings it to about 23 MB. Loading dequantizes to
fp32; the weights differ from the trained ones by at most half a quantization step.
"""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

WEIGHTS = "weights.int8.safetensors"
MIN_QUANTIZED = 4096  # smaller tensors (biases, norms) stay fp16


def pack_state_dict(state: dict[str, torch.Tensor], path: Path) -> None:
    packed: dict[str, torch.Tensor] = {}
    for name, tensor in state.items():
        tensor = tensor.detach().float().cpu().contiguous()
        if tensor.ndim == 2 and tensor.numel() >= MIN_QUANTIZED:
            scale = tensor.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127.0
            packed[f"{name}::q"] = torch.round(tensor / scale).clamp(-127, 127).to(torch.int8)
            packed[f"{name}::scale"] = scale.to(torch.float32)
        else:
            packed[f"{name}::fp16"] = tensor.to(torch.float16)
    save_file(packed, str(path))


def unpack_state_dict(path: Path) -> dict[str, torch.Tensor]:
    packed = load_file(str(path))
    state: dict[str, torch.Tensor] = {}
    for key, tensor in packed.items():
        name, _, kind = key.rpartition("::")
        if kind == "q":
            state[name] = tensor.float() * packed[f"{name}::scale"]
        elif kind == "fp16":
            state[name] = tensor.float()
    return state
