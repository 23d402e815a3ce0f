import numpy as np
import pytest
import torch

from posesearch_training.evaluation.retrieval import (
    ValidationSet, ViewSet, _hits, evaluate_views, hide_random_joints, remove_near_duplicates)
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.skeleton import ANCHORS_2D


def test_hits_hand_computed():
    ranked = torch.tensor([[2, 0, 1], [1, 2, 0]])
    correct = torch.tensor([[False, True, False], [False, False, True]])
    # query 0: first correct at rank 2; query 1: at rank 2
    hits = _hits(torch.cat([ranked, ranked], dim=1)[:, :20], correct)
    assert hits[1] == 0.0 and hits[10] == 1.0 and hits[20] == 1.0


def test_near_duplicates_are_removed_greedily():
    rng = np.random.default_rng(0)
    poses = random_poses(5, rng)
    poses = np.concatenate([poses, poses[:2] + 1e-4])  # rows 5, 6 duplicate rows 0, 1
    assert remove_near_duplicates(poses).tolist() == [0, 1, 2, 3, 4]


def test_raw2d_retrieval_on_identical_views_is_perfect_and_camera_pairs_average():
    poses = random_poses(30, np.random.default_rng(1))
    kp = torch.rand(30, 13, 2) * 100
    views = ViewSet("same", torch.stack([kp, kp, kp]), torch.ones(3, 30, 13))
    matches = torch.eye(30, dtype=torch.bool)
    val = ValidationSet(poses, torch.where(matches, 0.0, 1.0), matches, [views], 0.1)
    res = evaluate_views(None, val, views)
    assert res["raw2d"] == {"hit@1": 1.0, "hit@10": 1.0, "hit@20": 1.0}
    # a second camera that sees the same poses scaled and moved: normalization makes it identical
    views2 = ViewSet("scaled", torch.stack([kp, kp * 2.0 + 5.0]), torch.ones(2, 30, 13))
    assert evaluate_views(None, val, views2)["raw2d"]["hit@1"] == pytest.approx(1.0)
    # correctness comes from the 3D matches: if only the next pose counted, the top-1 would always miss
    shifted = torch.roll(matches, 1, dims=1)
    val3 = ValidationSet(poses, torch.where(shifted, 0.0, 1.0), shifted, [views2], 0.1)
    res3 = evaluate_views(None, val3, views2)["raw2d"]
    assert res3["hit@1"] == 0.0 and res3["hit@20"] > 0.0


def test_hidden_joints_keep_two_anchors():
    vis = hide_random_joints(torch.ones(2, 500, 13), 3, seed=0)
    assert ((vis == 0).sum(-1) == 3).all()
    assert (vis[..., list(ANCHORS_2D)].sum(-1) >= 2).all()
