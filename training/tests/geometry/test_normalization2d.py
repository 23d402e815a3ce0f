import math

import pytest
import torch

from posesearch_training.geometry.normalization2d import MIN_SCALE, normalize_2d, visible_anchor_count
from posesearch_training.skeleton import J2D


def _pose() -> torch.Tensor:
    """A hand-made pose: hips at (90,200),(110,200), shoulders at (80,100),(120,100)."""
    p = torch.zeros(13, 2)
    for name, xy in {
        "nose": (100, 80), "left_shoulder": (120, 100), "right_shoulder": (80, 100),
        "left_elbow": (130, 140), "right_elbow": (70, 140), "left_wrist": (135, 180), "right_wrist": (65, 180),
        "left_hip": (110, 200), "right_hip": (90, 200), "left_knee": (112, 260), "right_knee": (88, 260),
        "left_ankle": (113, 320), "right_ankle": (87, 320),
    }.items():
        p[J2D[name]] = torch.tensor(xy, dtype=torch.float32)
    return p


def test_all_visible_is_the_method_normalization():
    p = _pose()
    out = normalize_2d(p[None], torch.ones(1, 13))[0]
    # centre (100, 200); anchor distances: shoulders 40, hips 20, verticals 100, diagonals sqrt(30^2+100^2)
    scale = math.sqrt(30 ** 2 + 100 ** 2)
    assert out[J2D["nose"]].tolist() == pytest.approx([0.0, (80 - 200) / scale * 0.5], abs=1e-6)
    assert out[J2D["left_shoulder"]].tolist() == pytest.approx([20 / scale * 0.5, -100 / scale * 0.5], abs=1e-6)


def test_missing_joints_are_zero_and_their_garbage_is_ignored():
    p = _pose()
    vis = torch.ones(1, 13)
    vis[0, J2D["left_wrist"]] = 0
    reference = normalize_2d(p[None], vis)
    for garbage in (0.0, 1e4, -1e4, float("inf"), float("nan")):
        q = p.clone()
        q[J2D["left_wrist"]] = garbage
        out = normalize_2d(q[None], vis)
        assert torch.equal(out, reference)
    assert reference[0, J2D["left_wrist"]].tolist() == [0.0, 0.0]


def test_one_hip_missing_uses_the_other_hip_and_visible_anchors_only():
    p = _pose()
    vis = torch.ones(1, 13)
    vis[0, J2D["right_hip"]] = 0
    out = normalize_2d(p[None], vis)[0]
    # centre = left hip (110, 200); scale = max over {ls, rs, lh}: |rs-lh| = sqrt(30^2+100^2)
    scale = math.sqrt(30 ** 2 + 100 ** 2)
    assert out[J2D["left_hip"]].tolist() == pytest.approx([0.0, 0.0], abs=1e-6)
    assert out[J2D["nose"]].tolist() == pytest.approx([-10 / scale * 0.5, -120 / scale * 0.5], abs=1e-6)


def test_no_hip_visible_centres_on_the_shoulders():
    p = _pose()
    vis = torch.ones(1, 13)
    vis[0, [J2D["left_hip"], J2D["right_hip"]]] = 0
    out = normalize_2d(p[None], vis)[0]
    # centre = (100, 100); scale = shoulder distance 40
    assert out[J2D["nose"]].tolist() == pytest.approx([0.0, -20 / 40 * 0.5], abs=1e-6)
    assert out[J2D["left_hip"]].tolist() == [0.0, 0.0]


def test_too_few_anchors_give_finite_output_through_the_clamp():
    p = _pose()
    vis = torch.zeros(2, 13)
    vis[1, J2D["left_hip"]] = 1  # one anchor: scale 0 -> clamped
    out = normalize_2d(p.expand(2, 13, 2), vis)
    assert torch.isfinite(out).all()
    assert visible_anchor_count(vis).tolist() == [0.0, 1.0]
    assert MIN_SCALE == 1e-6


def test_is_invariant_to_translation_and_scale():
    p = _pose()[None]
    vis = torch.ones(1, 13)
    moved = p * 3.5 + torch.tensor([400.0, -20.0])
    assert torch.allclose(normalize_2d(p, vis), normalize_2d(moved, vis), atol=1e-6)


def test_bad_shapes_name_the_problem():
    with pytest.raises(ValueError, match=r"keypoints must have shape \[N, 13, 2\]"):
        normalize_2d(torch.zeros(2, 12, 2), torch.ones(2, 12))
    with pytest.raises(ValueError, match="visibility must have shape"):
        normalize_2d(torch.zeros(2, 13, 2), torch.ones(3, 13))
