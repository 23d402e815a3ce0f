"""Starting a model from another run's weights (`train --init-from`, evaluating an exported model)."""
from __future__ import annotations

import torch

from .network import PrVipe


def _widened_input_weights(incoming: torch.Tensor, frame_features: int, window: int) -> torch.Tensor:
    """A single-frame model's first layer [W, 26 or 39] as the first layer [W, T * frame_features]
    of a (temporal, occlusion) model: visibility inputs missing from a plain source get zero weight;
    each of the T frame blocks gets 1/T of the frame weights, so on a window of T identical frames
    the new model computes exactly the source model's function."""
    frame = torch.zeros(incoming.shape[0], frame_features, dtype=incoming.dtype)
    if incoming.shape[1] > frame_features:
        raise ValueError(f"--init-from: input layer has {incoming.shape[1]} inputs, a frame here has {frame_features}")
    frame[:, :incoming.shape[1]] = incoming
    return frame.repeat(1, window) / window


def warm_start(model: PrVipe, state: dict) -> None:
    """Start from another run's EMA weights (same width/depth/D). From a plain checkpoint into the
    occlusion variant the 13 visibility inputs get zero weights, so the new model starts out
    computing exactly the plain model's function on complete poses; from a single-frame model into
    the temporal variant the frame weights are shared out over the window (_widened_input_weights)."""
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
            value.copy_(_widened_input_weights(incoming, model.config.frame_features, model.config.window))
        else:
            raise ValueError(f"--init-from: {name} has shape {list(incoming.shape)}, model needs {list(value.shape)}")
