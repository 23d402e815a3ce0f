"""Starting a model from another run's weights (`train --init-from`, evaluating an exported model)."""
from __future__ import annotations

from .network import PrVipe


def warm_start(model: PrVipe, state: dict) -> None:
    """Start from another run's EMA weights (same width/depth/D). From a plain checkpoint into the
    occlusion variant the 13 visibility inputs get zero weights, so the new model starts out
    computing exactly the plain model's function on complete poses."""
    source = state["ema"] if state.get("ema") is not None else state["model"]
    target = model.state_dict()
    for name, value in target.items():
        if name == "serving_eps" or name.endswith("num_batches_tracked"):
            continue
        if name not in source:
            raise ValueError(f"--init-from checkpoint has no {name}")
        incoming = source[name]
        if incoming.shape == value.shape:
            value.copy_(incoming)
        elif name == "embedder.input_layer.weight" and incoming.shape[0] == value.shape[0] \
                and incoming.shape[1] < value.shape[1]:
            value.zero_()
            value[:, :incoming.shape[1]] = incoming
        else:
            raise ValueError(f"--init-from: {name} has shape {list(incoming.shape)}, model needs {list(value.shape)}")
