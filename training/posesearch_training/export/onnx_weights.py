"""Reading an exported model back: its weights as a checkpoint-like state (for warm starts and for
evaluating a shipped model whose training run folder is gone)."""
from __future__ import annotations

from pathlib import Path

import torch

from ..model.match_probability import raw_a_for


def read_exported_weights(path: str) -> dict:
    """An exported model folder's (or .onnx file's) weights as a checkpoint-like state: the
    embedder from the graph's initializers, the match probability's a, b from its metadata.
    Lets a new run start from a shipped model whose training run folder is gone."""
    import onnx  # imported here: only loading an exported model needs it
    from onnx import numpy_helper

    file = Path(path) / "model.onnx" if Path(path).is_dir() else Path(path)
    graph = onnx.load(str(file))
    state = {init.name: torch.from_numpy(numpy_helper.to_array(init).copy()) for init in graph.graph.initializer
             if init.name.startswith("embedder.")}
    metadata = {p.key: p.value for p in graph.metadata_props}
    a, b = float(metadata["posesearch.sigmoid_a"]), float(metadata["posesearch.sigmoid_b"])
    state["match.raw_a"] = torch.tensor(raw_a_for(a))
    state["match.b"] = torch.tensor(b)
    return {"model": state, "ema": None}
