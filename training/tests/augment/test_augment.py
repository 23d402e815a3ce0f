"""Brute-force checks of each augmentation: what it must change, and what it must keep."""
import math

import numpy as np
import pytest
import torch

from posesearch_training.augment.body_tilt import BodyTilt
from posesearch_training.augment.bone_proportions import BoneProportions
from posesearch_training.augment.keypoint_noise import DetectorHipOffset, KeypointNoise, anchor_scale
from posesearch_training.augment.mirror import Mirror
from posesearch_training.augment.pipeline import AugmentationConfig, KeypointAugmentation2D, PoseAugmentation3D
from posesearch_training.augment.recombination import UpperLowerRecombination, heading
from posesearch_training.augment.skeleton_tree import BONES, CHILD, LOWER_BODY, PARENT, UPPER_BODY
from posesearch_training.data.pair_sampler import PairSampler
from posesearch_training.data.random_camera import CameraRanges
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.geometry.pose3d import CentredPoses, normalize_3d, np_mpjpe_matrix, np_mpjpe_pairs
from posesearch_training.skeleton import J2D, J3D


def poses(n=64, seed=0):
    return normalize_3d(torch.tensor(random_poses(n, np.random.default_rng(seed)), dtype=torch.float32))


def bone_lengths(p):
    return torch.linalg.norm(p[:, CHILD] - p[:, PARENT], dim=-1)


def pairwise(p):
    return torch.cdist(p, p)


def test_skeleton_tree_lists_parents_before_children_and_covers_every_joint():
    seen = {J3D["pelvis"]}
    for child, parent in zip(CHILD.tolist(), PARENT.tolist()):
        assert parent in seen
        seen.add(child)
    assert seen == set(range(17))
    assert sorted(LOWER_BODY.tolist() + UPPER_BODY.tolist()) == list(range(17))


def test_uniform_proportions_scale_every_bone_and_keep_directions():
    p = poses()
    out = BoneProportions(probability=1.0, scale_min=1.15, scale_max=1.15, asymmetry=0.0, placement_jitter=0.0)(
        p, torch.Generator().manual_seed(0))
    torch.testing.assert_close(bone_lengths(out), 1.15 * bone_lengths(p), rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(out[:, J3D["pelvis"]], p[:, J3D["pelvis"]])
    torch.testing.assert_close(out, 1.15 * p, rtol=1e-5, atol=1e-6)  # a uniform rescale about the pelvis


def test_random_proportions_scale_left_and_right_alike_without_asymmetry():
    p = poses()
    out = BoneProportions(probability=1.0, asymmetry=0.0, placement_jitter=0.0)(p, torch.Generator().manual_seed(1))
    ratio = bone_lengths(out) / bone_lengths(p)
    assert float(ratio.min()) >= 0.8 - 1e-5 and float(ratio.max()) <= 1.2 + 1e-5
    names = [c for c, _, _ in BONES]
    for b, name in enumerate(names):
        if name.startswith("left_"):
            torch.testing.assert_close(ratio[:, b], ratio[:, names.index("right_" + name[5:])])
    assert float(ratio.std()) > 0.05  # the types really differ


def test_proportions_with_probability_zero_change_nothing():
    p = poses()
    torch.testing.assert_close(BoneProportions(probability=0.0)(p, torch.Generator().manual_seed(2)), p)


def test_mirror_swaps_sides_and_is_its_own_inverse():
    p = poses()
    mirror = Mirror(probability=1.0)
    out = mirror(p)
    expected = p[:, J3D["right_wrist"]] * torch.tensor([-1.0, 1.0, 1.0])
    torch.testing.assert_close(out[:, J3D["left_wrist"]], expected)
    torch.testing.assert_close(mirror(out), p)
    # A mirror image is not a rotation of the pose: NP-MPJPE (det +1 only) sees a different pose.
    assert float(np_mpjpe_pairs(out.double(), p.double()).mean()) > 0.02


def test_tilt_is_a_rigid_rotation_about_the_pelvis():
    p = poses()
    out = BodyTilt(probability=1.0, max_degrees=90.0)(p, torch.Generator().manual_seed(3))
    torch.testing.assert_close(pairwise(out), pairwise(p), atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(out[:, J3D["pelvis"]], p[:, J3D["pelvis"]])
    assert float(np_mpjpe_pairs(out.double(), p.double()).max()) < 1e-6
    up_before = p[:, J3D["thorax"]] / p[:, J3D["thorax"]].norm(dim=-1, keepdim=True)
    up_after = out[:, J3D["thorax"]] / out[:, J3D["thorax"]].norm(dim=-1, keepdim=True)
    angle = torch.rad2deg(torch.acos((up_before * up_after).sum(-1).clamp(-1, 1)))
    assert float(angle.max()) <= 90.0 + 1e-3 and float(angle.mean()) > 20.0


def test_recombination_keeps_the_legs_and_brings_a_rigid_upper_body_facing_the_same_way():
    p = poses(n=32, seed=4)
    generator = torch.Generator().manual_seed(5)
    out = UpperLowerRecombination(probability=1.0)(p, generator)
    torch.testing.assert_close(out[:, LOWER_BODY], p[:, LOWER_BODY])
    generator = torch.Generator().manual_seed(5)
    torch.rand(32, generator=generator)  # the same draws as inside: who, then which partner
    partner = torch.randint(32, (32,), generator=generator)
    upper = torch.as_tensor(UPPER_BODY)
    torch.testing.assert_close(pairwise(out[:, upper]), pairwise(p[partner][:, upper]), atol=1e-5, rtol=1e-5)
    shoulders_before = p[partner][:, J3D["left_shoulder"]] - p[partner][:, J3D["right_shoulder"]]
    shoulders_after = out[:, J3D["left_shoulder"]] - out[:, J3D["right_shoulder"]]
    # the partner's shoulder heading relative to its own hips is kept relative to the new hips
    relative_before = torch.atan2(shoulders_before[:, 2], shoulders_before[:, 0]) - heading(p[partner])
    relative_after = torch.atan2(shoulders_after[:, 2], shoulders_after[:, 0]) - heading(p)
    wrapped = torch.remainder(relative_after - relative_before + math.pi, 2 * math.pi) - math.pi
    assert float(wrapped.abs().max()) < 1e-4


def test_noise_is_relative_to_the_persons_size():
    keypoints = torch.randn(16, 13, 2)
    noise = KeypointNoise(probability=1.0, max_sigma=0.1)
    small = noise(keypoints, torch.Generator().manual_seed(6)) - keypoints
    large = noise(10 * keypoints, torch.Generator().manual_seed(6)) - 10 * keypoints
    torch.testing.assert_close(large, 10 * small, rtol=1e-4, atol=1e-5)
    assert float((small.norm(dim=-1) / anchor_scale(keypoints)[:, None]).max()) < 0.1 * 6
    torch.testing.assert_close(KeypointNoise(probability=0.0)(keypoints), keypoints)


def test_detector_hips_move_apart_and_up_and_nothing_else_moves():
    keypoints = torch.randn(16, 13, 2)
    out = DetectorHipOffset(probability=1.0)(keypoints, torch.Generator().manual_seed(7))
    hips = [J2D["left_hip"], J2D["right_hip"]]
    others = [j for j in range(13) if j not in hips]
    torch.testing.assert_close(out[:, others], keypoints[:, others])
    before = (keypoints[:, hips[0]] - keypoints[:, hips[1]]).norm(dim=-1)
    mid_before = keypoints[:, hips].mean(1)
    mid_after = out[:, hips].mean(1)
    shoulders = keypoints[:, [J2D["left_shoulder"], J2D["right_shoulder"]]].mean(1)
    # the hip centre moves towards the shoulders' centre, never away
    assert bool(((mid_after - shoulders).norm(dim=-1) <= (mid_before - shoulders).norm(dim=-1) + 1e-6).all())
    assert float(before.mean()) > 0


def test_config_overrides_are_checked():
    config = AugmentationConfig()
    config.update({"noise": {"max_sigma": 0.05}, "mirror": {"probability": 0.0}})
    assert config.noise["max_sigma"] == 0.05 and not PoseAugmentation3D(AugmentationConfig.none()).active
    with pytest.raises(ValueError, match="unknown augmentation"):
        config.update({"blur": {"probability": 0.1}})
    with pytest.raises(ValueError, match="no setting"):
        config.update({"noise": {"sigma": 0.1}})
    with pytest.raises(ValueError, match="probability"):
        config.update({"tilt": {"probability": 1.5}})


def test_augmented_pairs_share_the_augmented_label():
    p = poses(n=40, seed=8)
    config = AugmentationConfig()
    for name in ("recombination", "proportions", "mirror", "tilt"):
        config.update({name: {"probability": 1.0}})
    sampler = PairSampler(p, CameraRanges(), None, torch.device("cpu"), PoseAugmentation3D(config),
                          KeypointAugmentation2D(config))
    batch = sampler.sample(24, torch.Generator().manual_seed(9))
    # the labels are not the raw rows any more, and both views of pair i see label i
    raw = CentredPoses(p[batch.index])
    assert float(np_mpjpe_matrix(batch.poses, raw).diagonal().min()) > 1e-3
    assert torch.isfinite(batch.keypoints).all()


def test_source_weights_set_each_sources_share_of_a_batch():
    p = poses(n=100, seed=10)
    sampler = PairSampler(p, CameraRanges(), None, torch.device("cpu"), source_sizes=[90, 10], source_weights=[0.5, 0.5])
    index = torch.cat([sampler.sample(64, torch.Generator().manual_seed(s)).index for s in range(20)])
    share = float((index >= 90).double().mean())
    assert 0.42 < share < 0.58  # 10 % of the rows, half of the draws
    only_first = PairSampler(p, CameraRanges(), None, torch.device("cpu"), source_sizes=[90, 10], source_weights=[1, 0])
    assert int(only_first.sample(64, torch.Generator().manual_seed(0)).index.max()) < 90
    with pytest.raises(ValueError):
        PairSampler(p, CameraRanges(), None, torch.device("cpu"), source_sizes=[50, 10], source_weights=[1, 1])
