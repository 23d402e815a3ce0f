
import pytest
import torch

from posesearch_training.model.miner import SemiHardNegativeMiner


def _brute(distance, matches):
    """For each anchor: among non-matching j with D[i,j] > D[i,i], the j of smallest D, else skip."""
    out = {}
    n = len(distance)
    for i in range(n):
        best = None
        for j in range(n):
            if not matches[i][j] and distance[i][j] > distance[i][i]:
                if best is None or distance[i][j] < distance[i][best]:
                    best = j
        if best is not None:
            out[i] = best
    return out


def test_hand_made_batch_including_no_valid_negative():
    d = torch.tensor([
        [1.0, 0.5, 2.0, 3.0],   # anchor 0: j=1 closer than positive (hard), j=2 semi-hard, j=3 farther
        [0.2, 1.0, 0.3, 0.4],   # anchor 1: every candidate closer than the positive -> skipped
        [5.0, 6.0, 1.0, 2.0],   # anchor 2: j=3 matches anchor 2's pose -> only 0 and 1, take 0 (5.0)
        [9.0, 9.0, 9.0, 1.0],   # anchor 3: ties at 9.0 -> any of them; all poses match -> skipped
    ])
    matches = torch.tensor([
        [True, False, False, False],
        [False, True, False, False],
        [False, False, True, True],
        [True, True, True, True],
    ])
    mined = SemiHardNegativeMiner()(d, matches)
    assert dict(zip(mined.anchors.tolist(), mined.negatives.tolist())) == {0: 2, 2: 0}
    assert mined.count == 2 and mined.batch_size == 4


def test_random_batches_equal_the_brute_force():
    g = torch.Generator().manual_seed(0)
    for _ in range(20):
        n = 7
        d = torch.rand(n, n, generator=g)
        matches = torch.rand(n, n, generator=g) < 0.3
        matches |= torch.eye(n, dtype=torch.bool)
        mined = SemiHardNegativeMiner()(d, matches)
        assert dict(zip(mined.anchors.tolist(), mined.negatives.tolist())) == _brute(d.tolist(), matches.tolist())


def test_no_valid_negative_anywhere_gives_no_triplets():
    mined = SemiHardNegativeMiner()(torch.rand(3, 3), torch.ones(3, 3, dtype=torch.bool))
    assert mined.count == 0


def test_no_gradient_flows_through_mining():
    d = torch.rand(4, 4, requires_grad=True)
    mined = SemiHardNegativeMiner()(d, torch.eye(4, dtype=torch.bool))
    assert not mined.anchors.requires_grad and not mined.negatives.requires_grad


def test_bad_inputs_name_the_problem():
    with pytest.raises(ValueError, match="square"):
        SemiHardNegativeMiner()(torch.rand(3, 4), torch.zeros(3, 4, dtype=torch.bool))
    with pytest.raises(ValueError, match="bool matrix"):
        SemiHardNegativeMiner()(torch.rand(3, 3), torch.zeros(3, 3))
