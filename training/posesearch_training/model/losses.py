"""The three training losses of docs/method.md section 6, each a small module on precomputed distances.

D(x1, x2) = -log p(match | x1, x2) (match_probability.py).
"""
from __future__ import annotations

import math

import torch
from torch import nn


class TripletRatioLoss(nn.Module):
    """max(0, D(a, p) - D(a, n) + margin), margin ln 2 (p(a,p) at least twice p(a,n)).

    Averaged over the active triplets only: the mined triplets whose loss is > 0 (skipped
    anchors never reach this loss). No active triplet gives 0 (still connected to the graph).
    """

    def __init__(self, margin: float = math.log(2.0)) -> None:
        super().__init__()
        self.margin = float(margin)

    def forward(self, positive_distance: torch.Tensor, negative_distance: torch.Tensor) -> tuple[torch.Tensor, int]:
        if positive_distance.shape != negative_distance.shape:
            raise ValueError(f"need one negative per positive, got {list(positive_distance.shape)} "
                             f"and {list(negative_distance.shape)}")
        losses = torch.relu(positive_distance - negative_distance + self.margin)
        active = losses > 0
        count = int(active.sum())
        if count == 0:
            return losses.sum() * 0.0, 0
        return losses[active].sum() / count, count


class PositivePairwiseLoss(nn.Module):
    """weight * mean D(a, p): pulls the two views of one 3D pose together."""

    def __init__(self, weight: float = 0.005) -> None:
        super().__init__()
        self.weight = float(weight)

    def forward(self, positive_distance: torch.Tensor) -> torch.Tensor:
        return self.weight * positive_distance.mean()


class GaussianPriorLoss(nn.Module):
    """weight * mean over embeddings of KL(N(mu, sigma^2) || N(0, I))
    = 0.5 * sum_d (sigma_d^2 + mu_d^2 - 1 - 2 log sigma_d)."""

    def __init__(self, weight: float = 0.001) -> None:
        super().__init__()
        self.weight = float(weight)

    def forward(self, mean: torch.Tensor, stddev: torch.Tensor, log_stddev: torch.Tensor | None = None) -> torch.Tensor:
        """log_stddev, when given, replaces log(stddev) (finite where stddev underflows to 0)."""
        log_sigma = torch.log(stddev) if log_stddev is None else log_stddev
        kl = 0.5 * (stddev ** 2 + mean ** 2 - 1.0 - 2.0 * log_sigma).sum(dim=-1)
        return self.weight * kl.mean()
