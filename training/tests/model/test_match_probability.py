import math

import pytest
import torch

from posesearch_training.model.match_probability import MatchProbability, distance_from_probability


def _brute(z1, z2, a, b, s):
    total = 0.0
    for x in z1:
        for y in z2:
            d = math.sqrt(sum((xi - yi) ** 2 for xi, yi in zip(x, y)))
            total += (1 - s) / (1 + math.exp(a * d - b)) + s / 2
    return total / (len(z1) * len(z2))


def test_initial_parameters_follow_the_method():
    m = MatchProbability()
    assert float(m.a) == pytest.approx(math.exp(-0.65) - 1 + 1, abs=1e-6)  # ELU(-0.65) + 1 = exp(-0.65)
    assert float(m.b) == pytest.approx(-0.5)
    assert m.smoothing == 0.1


def test_pairs_and_matrix_equal_the_brute_force_mean_over_k_by_k():
    torch.manual_seed(0)
    m = MatchProbability(raw_a=0.3, b=1.2)
    s1, s2 = torch.randn(3, 4, 2, dtype=torch.float64), torch.randn(2, 4, 2, dtype=torch.float64)
    a, b = float(m.a), float(m.b)
    matrix = m.matrix(s1, s2)
    for i in range(3):
        for j in range(2):
            assert float(matrix[i, j]) == pytest.approx(_brute(s1[i].tolist(), s2[j].tolist(), a, b, 0.1), abs=1e-6)
    pairs = m.pairs(s1[:2], s2)
    assert pairs.tolist() == pytest.approx([float(matrix[0, 0]), float(matrix[1, 1])], abs=1e-6)


def test_probability_is_bounded_by_the_smoothing():
    m = MatchProbability(raw_a=5.0, b=0.0)
    far = m.of_distance(torch.tensor([1e6]))
    assert float(far) == pytest.approx(0.05)
    d = distance_from_probability(far)
    assert torch.isfinite(d).all()


def test_hand_computed_single_distance():
    m = MatchProbability(raw_a=0.0, b=0.0)  # a = 1
    assert float(m.of_distance(torch.tensor(0.0))) == pytest.approx(0.9 * 0.5 + 0.05)
    assert float(m.of_distance(torch.tensor(2.0))) == pytest.approx(0.9 / (1 + math.exp(2.0)) + 0.05)


def test_mismatched_samples_are_rejected():
    m = MatchProbability()
    with pytest.raises(ValueError, match="embedding dims differ"):
        m.matrix(torch.zeros(2, 3, 4), torch.zeros(2, 3, 5))
    with pytest.raises(ValueError, match="same number of rows"):
        m.pairs(torch.zeros(2, 3, 4), torch.zeros(3, 3, 4))


def test_no_grad_chunked_matrix_equals_the_autograd_matrix():
    torch.manual_seed(1)
    m = MatchProbability(raw_a=0.2, b=0.4)
    s1, s2 = torch.randn(37, 5, 3), torch.randn(41, 5, 3)
    with_grad = m.matrix(s1, s2)
    assert with_grad.requires_grad
    with torch.no_grad():
        fast = m.matrix(s1, s2, rows_per_chunk=8)
    assert not fast.requires_grad
    assert torch.allclose(fast, with_grad.detach(), atol=1e-6)


def test_raw_a_for_inverts_the_elu_parameterisation():
    from posesearch_training.model.match_probability import MatchProbability, raw_a_for
    for a in (0.05, 0.5, 1.0, 1.2887, 3.2):
        assert abs(float(MatchProbability(raw_a=raw_a_for(a)).a) - a) < 1e-6
