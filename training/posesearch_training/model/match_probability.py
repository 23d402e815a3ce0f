"""The learned match probability of docs/method.md section 5 and the distance D = -log p.

p(d) = (1 - s) * sigmoid(-a * d + b) + s / 2 for one pair of samples at Euclidean distance d,
with a = ELU(raw_a) + 1 > 0 and b trainable, s fixed smoothing. For two Gaussian embeddings
p is the mean of p(d) over all K x K pairs of their samples.
"""
from __future__ import annotations

import math

import torch
from torch import nn

RAW_A_INIT = -0.65
B_INIT = -0.5
SMOOTHING = 0.1


def raw_a_for(a: float) -> float:
    """The raw_a whose ELU(raw_a) + 1 is a (a > 0): for setting a model's a from a known value."""
    if not a > 0:
        raise ValueError(f"a must be positive, got {a}")
    return a - 1.0 if a >= 1.0 else math.log(a)


class MatchProbability(nn.Module):
    def __init__(self, raw_a: float = RAW_A_INIT, b: float = B_INIT, smoothing: float = SMOOTHING) -> None:
        super().__init__()
        if not 0.0 <= smoothing < 1.0:
            raise ValueError(f"smoothing must be in [0, 1), got {smoothing}")
        self.raw_a = nn.Parameter(torch.tensor(float(raw_a)))
        self.b = nn.Parameter(torch.tensor(float(b)))
        self.smoothing = float(smoothing)

    @property
    def a(self) -> torch.Tensor:
        return nn.functional.elu(self.raw_a) + 1.0

    def of_distance(self, distance: torch.Tensor) -> torch.Tensor:
        """p(d) for sample distances of any shape."""
        return (1.0 - self.smoothing) * torch.sigmoid(-self.a * distance + self.b) + self.smoothing / 2.0

    def pairs(self, samples1: torch.Tensor, samples2: torch.Tensor) -> torch.Tensor:
        """Row-wise pairs: [N,K,D] x [N,K,D] -> [N] match probabilities."""
        _check_samples(samples1, samples2)
        if samples1.shape[0] != samples2.shape[0]:
            raise ValueError(f"pairs needs the same number of rows, got {samples1.shape[0]} and {samples2.shape[0]}")
        distance = _euclidean(samples1.unsqueeze(2), samples2.unsqueeze(1))  # [N,K,K]
        return self.of_distance(distance).mean(dim=(1, 2))

    def matrix(self, samples1: torch.Tensor, samples2: torch.Tensor, rows_per_chunk: int = 32) -> torch.Tensor:
        """All pairs: [N,K,D] x [M,K,D] -> [N,M] match probabilities.

        Without autograd (mining, ranking) it runs in row chunks with in-place ops: the
        [N*K, M*L] sample-distance matrix never exists at once, which keeps it in cache.
        """
        _check_samples(samples1, samples2)
        n, k, d = samples1.shape
        m, l, _ = samples2.shape
        if torch.is_grad_enabled() and (samples1.requires_grad or samples2.requires_grad or self.raw_a.requires_grad):
            distance = torch.cdist(samples1.reshape(1, n * k, d), samples2.reshape(1, m * l, d))[0]
            return self.of_distance(distance).reshape(n, k, m, l).mean(dim=(1, 3))
        with torch.no_grad():
            a, b = float(self.a), float(self.b)
            flat2 = samples2.reshape(m * l, d)
            norms2 = (flat2 * flat2).sum(dim=1)
            out = torch.empty(n, m, dtype=samples1.dtype, device=samples1.device)
            for start in range(0, n, rows_per_chunk):
                stop = min(n, start + rows_per_chunk)
                rows = samples1[start:stop].reshape(-1, d)
                squared = torch.addmm(norms2[None, :], rows, flat2.t(), alpha=-2.0)
                squared.add_((rows * rows).sum(dim=1, keepdim=True)).clamp_(min=0.0)
                sig = squared.sqrt_().mul_(-a).add_(b).sigmoid_()
                out[start:stop] = sig.view((stop - start) * k, m, l).sum(dim=2).view(stop - start, k, m).sum(dim=1)
            return out.mul_((1.0 - self.smoothing) / (k * l)).add_(self.smoothing / 2.0)


def distance_from_probability(probability: torch.Tensor) -> torch.Tensor:
    """D = -log p (p >= s/2 > 0 by construction, so finite)."""
    return -torch.log(probability)


def _euclidean(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    # The epsilon keeps the gradient finite when two samples coincide.
    return torch.sqrt(((x - y) ** 2).sum(dim=-1) + 1e-12)


def _check_samples(samples1: torch.Tensor, samples2: torch.Tensor) -> None:
    if samples1.dim() != 3 or samples2.dim() != 3:
        raise ValueError(f"samples must be [N,K,D], got {list(samples1.shape)} and {list(samples2.shape)}")
    if samples1.shape[2] != samples2.shape[2]:
        raise ValueError(f"embedding dims differ: {samples1.shape[2]} vs {samples2.shape[2]}")
