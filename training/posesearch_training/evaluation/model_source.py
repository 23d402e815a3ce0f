"""A model to evaluate: a training checkpoint (.pt, EMA weights) or an exported model folder / .onnx."""
from __future__ import annotations

import json
from pathlib import Path

from ..export.onnx_weights import read_exported_weights
from ..model.checkpoint import load_checkpoint, model_from_checkpoint
from ..model.network import ModelConfig, PrVipe
from ..model.warm_start import warm_start


def load_model(path: Path) -> PrVipe:
    """A training checkpoint (.pt, EMA weights) or an exported model folder / .onnx."""
    if path.suffix == ".pt":
        return model_from_checkpoint(load_checkpoint(path))
    folder = path if path.is_dir() else path.parent
    config = json.loads((folder / "config.json").read_text())
    model = PrVipe(ModelConfig(**config["model"]))
    warm_start(model, read_exported_weights(str(path)))
    return model.eval()
