"""Calibration metrics against brute-force loops, and the a, b refit on data with known a, b."""
import numpy as np
import torch

from posesearch_training.evaluation.calibration import (expected_calibration_error, fit_sigmoid, min_probability_for_precision,
                                             reliability_bins)


def test_reliability_bins_match_a_loop():
    rng = np.random.default_rng(0)
    predicted = rng.random(500)
    predicted[:5] = [0.0, 1.0, 0.1, 0.2, 0.9999]
    outcome = rng.random(500) < predicted
    bins = reliability_bins(predicted, outcome, bins=10)
    for b in range(10):
        low, high = b / 10, (b + 1) / 10
        inside = (predicted >= low) & ((predicted < high) if b < 9 else (predicted <= high))
        assert bins.count[b] == inside.sum()
        if inside.any():
            assert np.isclose(bins.mean_predicted[b], predicted[inside].mean())
            assert np.isclose(bins.observed_rate[b], outcome[inside].mean())
    assert bins.count.sum() == 500


def test_ece_by_hand_and_near_zero_when_calibrated():
    assert np.isclose(expected_calibration_error(np.full(10, 0.8), np.array([1, 0] * 5)), 0.3)
    rng = np.random.default_rng(1)
    predicted = rng.random(200_000)
    assert expected_calibration_error(predicted, rng.random(200_000) < predicted) < 0.01
    assert expected_calibration_error(predicted, rng.random(200_000) < predicted ** 2) > 0.1


def test_min_probability_matches_a_brute_force_search():
    rng = np.random.default_rng(2)
    predicted = np.round(rng.random(400), 2)  # ties on purpose
    outcome = rng.random(400) < predicted
    found = min_probability_for_precision(predicted, outcome, precision=0.9, min_kept=20)
    best = None
    for t in sorted(set(predicted.tolist())):
        kept = predicted >= t
        if kept.sum() >= 20 and outcome[kept].mean() >= 0.9:
            best = t
            break
    assert found == best
    assert min_probability_for_precision(np.full(100, 0.5), np.zeros(100)) is None


def test_fit_recovers_known_sigmoid_parameters():
    generator = torch.Generator().manual_seed(3)
    # like sample distances: a pair's K x K distances spread around its own centre
    centre = 4 * torch.rand(20_000, 1, generator=generator, dtype=torch.float64)
    distances = (centre + 0.3 * torch.randn(20_000, 16, generator=generator, dtype=torch.float64)).abs()
    a, b, s = 1.7, 2.2, 0.1
    p = (1 - s) * torch.sigmoid(-a * distances + b).mean(dim=1) + s / 2
    outcome = (torch.rand(20_000, generator=generator, dtype=torch.float64) < p).double()
    fit_a, fit_b = fit_sigmoid(distances, outcome, a=1.0, b=1.0, smoothing=s)
    assert abs(fit_a - a) < 0.15 and abs(fit_b - b) < 0.15
