import math

import pytest
import torch

from posesearch_training.model.losses import GaussianPriorLoss, PositivePairwiseLoss, TripletRatioLoss


def test_triplet_ratio_loss_averages_active_triplets_only():
    loss = TripletRatioLoss()
    pos = torch.tensor([1.0, 1.0, 1.0])
    neg = torch.tensor([1.2, 3.0, 0.5])  # losses: ln2-0.2, 0 (inactive), ln2+0.5
    value, active = loss(pos, neg)
    assert active == 2
    assert float(value) == pytest.approx(((math.log(2) - 0.2) + (math.log(2) + 0.5)) / 2, abs=1e-6)


def test_triplet_ratio_loss_margin_means_twice_the_probability():
    # D = -log p; p(a,p) = 2 p(a,n) exactly sits on the margin: zero loss
    p_pos, p_neg = torch.tensor([0.4]), torch.tensor([0.2])
    value, active = TripletRatioLoss()(-torch.log(p_pos), -torch.log(p_neg))
    assert active == 0 and float(value) == pytest.approx(0.0, abs=1e-6)


def test_no_active_triplet_gives_zero_with_a_graph():
    pos = torch.tensor([0.1], requires_grad=True)
    value, active = TripletRatioLoss()(pos, torch.tensor([5.0]))
    value.backward()
    assert active == 0 and float(value) == 0.0 and pos.grad is not None
    empty, active = TripletRatioLoss()(torch.zeros(0, requires_grad=True), torch.zeros(0))
    assert active == 0 and float(empty) == 0.0


def test_positive_pairwise_loss_is_weighted_mean():
    assert float(PositivePairwiseLoss()(torch.tensor([1.0, 3.0]))) == pytest.approx(0.005 * 2.0)


def test_gaussian_prior_is_the_kl_to_the_standard_normal():
    mean = torch.tensor([[0.0, 1.0], [2.0, 0.0]])
    std = torch.tensor([[1.0, 2.0], [0.5, 1.0]])
    # 0.5 * sum(s^2 + m^2 - 1 - 2 log s) per row
    row0 = 0.5 * ((1 + 0 - 1 - 0) + (4 + 1 - 1 - 2 * math.log(2)))
    row1 = 0.5 * ((0.25 + 4 - 1 - 2 * math.log(0.5)) + (1 + 0 - 1 - 0))
    assert float(GaussianPriorLoss()(mean, std)) == pytest.approx(0.001 * (row0 + row1) / 2, abs=1e-7)
    assert float(GaussianPriorLoss(1.0)(torch.zeros(1, 3), torch.ones(1, 3))) == 0.0


def test_gaussian_prior_with_log_stddev_stays_finite_when_stddev_underflows():
    raw = torch.tensor([[-200.0]], requires_grad=True)
    std = torch.nn.functional.elu(raw) + 1.0
    assert float(std) == 0.0
    value = GaussianPriorLoss(1.0)(torch.zeros(1, 1), std, log_stddev=raw)
    value.backward()
    assert math.isfinite(float(value)) and float(raw.grad) < 0
