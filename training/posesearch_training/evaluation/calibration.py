"""Calibration of the match probability on retrieved hits: reliability bins, expected calibration
error (ECE), the smallest `minProbability` whose returned hits are mostly true matches, and a
refit of the sigmoid's a, b.

What is calibrated is what a client thresholds: the probability of each of the top-k hits a
cross-view search returns, against whether that hit's 3D pose really matches the query's
(NP-MPJPE < kappa). Pure functions on arrays; `calibrate.py` collects the pairs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass
class ReliabilityBins:
    edges: np.ndarray  # [B+1]
    count: np.ndarray  # [B]
    mean_predicted: np.ndarray  # [B] (nan where empty)
    observed_rate: np.ndarray  # [B] (nan where empty)


def reliability_bins(predicted: np.ndarray, outcome: np.ndarray, bins: int = 10) -> ReliabilityBins:
    """Equal-width bins of the predicted probability in [0, 1]; the last bin includes 1."""
    predicted, outcome = np.asarray(predicted, dtype=np.float64), np.asarray(outcome, dtype=np.float64)
    if predicted.shape != outcome.shape or predicted.ndim != 1:
        raise ValueError(f"predicted and outcome must be equal-length vectors, got {predicted.shape}, {outcome.shape}")
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, predicted, side="right") - 1, 0, bins - 1)
    count = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_predicted = np.bincount(which, weights=predicted, minlength=bins) / count
        observed = np.bincount(which, weights=outcome, minlength=bins) / count
    return ReliabilityBins(edges, count, mean_predicted, observed)


def expected_calibration_error(predicted: np.ndarray, outcome: np.ndarray, bins: int = 10) -> float:
    """sum over bins of (share of pairs) x |observed rate - mean predicted probability|."""
    r = reliability_bins(predicted, outcome, bins)
    used = r.count > 0
    return float(np.sum(r.count[used] / r.count.sum() * np.abs(r.observed_rate[used] - r.mean_predicted[used])))


def min_probability_for_precision(predicted: np.ndarray, outcome: np.ndarray, precision: float = 0.9,
                                  min_kept: int = 50) -> float | None:
    """The smallest threshold t such that, among hits with predicted >= t, at least `precision`
    are true matches (and at least `min_kept` hits remain); None if no threshold reaches it."""
    order = np.argsort(-np.asarray(predicted, dtype=np.float64), kind="stable")
    p_sorted = np.asarray(predicted, dtype=np.float64)[order]
    hits = np.cumsum(np.asarray(outcome, dtype=np.float64)[order])
    kept = np.arange(1, len(order) + 1)
    # Thresholds only between distinct values: keep the last index of each run of equal predictions.
    last_of_value = np.r_[p_sorted[1:] != p_sorted[:-1], True]
    ok = (hits / kept >= precision) & (kept >= min_kept) & last_of_value
    return float(p_sorted[np.flatnonzero(ok)[-1]]) if ok.any() else None


def fit_sigmoid(sample_distances: torch.Tensor, outcome: torch.Tensor, a: float, b: float, smoothing: float,
                steps: int = 200) -> tuple[float, float]:
    """Maximum-likelihood a, b of p = (1 - s) mean_kk' sigmoid(-a d_kk' + b) + s / 2 for pairs with
    sample distances [P, K*K] and outcomes [P] (1 = true match), starting from the model's a, b."""
    d = sample_distances.double()
    y = outcome.double()
    log_a = torch.tensor(np.log(a), dtype=torch.float64, requires_grad=True)
    bias = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_a, bias], max_iter=steps, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        p = (1 - smoothing) * torch.sigmoid(-log_a.exp() * d + bias).mean(dim=1) + smoothing / 2
        loss = -(y * torch.log(p) + (1 - y) * torch.log1p(-p)).mean()
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_a.exp()), float(bias)
