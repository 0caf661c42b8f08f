"""accord's NLI model: loading, batching, the training recipe and the model card.

from models import NLIModel
m = NLIModel.load()                    # the shipped model, offline
m = NLIModel.load("/path/to/model")    # any local transformers NLI model directory
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.nli import ModelError, NLIModel, NLIPrediction

__all__ = ["ModelError", "NLIModel", "NLIPrediction"]


def __getattr__(name: str) -> Any:
    # torch and transformers load only when the model is asked for, not on every `import models`.
    if name in __all__:
        from models import nli

        return getattr(nli, name)
    raise AttributeError(f"module 'models' has no attribute {name!r}")
