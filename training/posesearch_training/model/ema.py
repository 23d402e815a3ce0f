"""Exponential moving average of a model's weights (and BatchNorm statistics), used at inference."""
from __future__ import annotations

import copy

import torch
from torch import nn


class ModelEma:
    """ema = d * ema + (1 - d) * weights after each step, with d ramped up as min(decay, (1+t)/(10+t))
    so the average is not dominated by the random initialization in short runs."""

    def __init__(self, model: nn.Module, decay: float) -> None:
        if not 0.0 <= decay < 1.0:
            raise ValueError(f"EMA decay must be in [0, 1), got {decay}")
        self.decay = decay
        self.updates = 0
        self.module = copy.deepcopy(model).eval()
        for p in self.module.parameters():
            p.requires_grad_(False)

    def current_decay(self) -> float:
        return min(self.decay, (1.0 + self.updates) / (10.0 + self.updates))

    @torch.no_grad()
    def update(self, model: nn.Module) -> None:
        d = self.current_decay()
        self.updates += 1
        source = model.state_dict()
        for name, value in self.module.state_dict().items():
            new = source[name]
            if value.dtype.is_floating_point:
                value.mul_(d).add_(new.detach(), alpha=1.0 - d)
            else:
                value.copy_(new)

    def state_dict(self) -> dict:
        return {"decay": self.decay, "updates": self.updates, "module": self.module.state_dict()}

    def load_state_dict(self, state: dict) -> None:
        self.decay = state["decay"]
        self.updates = state["updates"]
        self.module.load_state_dict(state["module"])
