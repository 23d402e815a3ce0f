import pytest
import torch

from posesearch_training.augment.keypoint_dropout import BODY_PARTS, DropoutConfig, KeypointDropout
from posesearch_training.skeleton import ANCHORS_2D, J2D


def test_no_dropout_keeps_everything():
    vis = KeypointDropout(DropoutConfig.none())(100, torch.Generator().manual_seed(0))
    assert torch.equal(vis, torch.ones(100, 13))


def test_each_structured_part_drops_exactly_its_joints():
    for part, sides in BODY_PARTS.items():
        config = DropoutConfig.none()
        setattr(config, part, 1.0)
        vis = KeypointDropout(config)(200, torch.Generator().manual_seed(1))
        dropped_sets = {tuple(sorted((row == 0).nonzero().flatten().tolist())) for row in vis}
        allowed = {tuple(sorted(s)) for s in sides} | {()}  # () = undone (too few anchors)
        assert dropped_sets <= allowed, part
        assert dropped_sets - {()}, f"{part} never dropped"


def test_lower_body_hides_legs_and_hips():
    config = DropoutConfig.none()
    config.lower_body = 1.0
    vis = KeypointDropout(config)(5, torch.Generator().manual_seed(0))
    for name in ("left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"):
        assert vis[:, J2D[name]].eq(0).all()
    assert vis[:, J2D["left_shoulder"]].eq(1).all()


def test_independent_rate_is_close_to_configured():
    config = DropoutConfig.none()
    config.independent_instance, config.independent_joint = 0.5, 0.2
    vis = KeypointDropout(config)(20000, torch.Generator().manual_seed(2))
    assert float((vis == 0).float().mean()) == pytest.approx(0.5 * 0.2, abs=0.01)


def test_every_mask_keeps_two_anchors():
    config = DropoutConfig(independent_instance=1.0, independent_joint=0.9, one_side=1.0, lower_body=1.0)
    vis = KeypointDropout(config)(500, torch.Generator().manual_seed(3))
    assert (vis[:, list(ANCHORS_2D)].sum(1) >= 2).all()


def test_bad_probability_is_rejected():
    with pytest.raises(ValueError, match="forearm"):
        DropoutConfig(forearm=1.5)
