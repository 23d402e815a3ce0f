"""Checkpoint files (torch.save of one dict) and rebuilding a model from them."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from .network import ModelConfig, PrVipe

CHECKPOINT_FORMAT = 1


def save_checkpoint(path: Path | str, state: dict[str, Any]) -> None:
    """Write atomically (temp file + rename) so an interrupted run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save({"format": CHECKPOINT_FORMAT, **state}, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint not found: {path}")
    # Our own files (they hold config dicts and RNG states): full unpickling, explicitly (torch >= 2.6
    # defaults to weights_only=True).
    state = torch.load(path, map_location="cpu", weights_only=False)
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a posesearch checkpoint (format {CHECKPOINT_FORMAT})")
    return state


def model_from_checkpoint(state: dict[str, Any], use_ema: bool = True) -> PrVipe:
    """The model in eval mode with the EMA weights (the ones shipped) unless use_ema is False."""
    model = PrVipe(ModelConfig(**state["model_config"]))
    weights = state["ema"] if use_ema and state.get("ema") is not None else state["model"]
    model.load_state_dict(weights)
    return model.eval()
