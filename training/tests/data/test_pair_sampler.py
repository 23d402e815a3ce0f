import numpy as np
import torch

from posesearch_training.augment.keypoint_dropout import DropoutConfig, KeypointDropout
from posesearch_training.data.pair_sampler import PairSampler
from posesearch_training.data.random_camera import BASE_VIEW, CameraRanges, project
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.geometry.pose3d import CentredPoses, normalize_3d, np_mpjpe_matrix
from posesearch_training.skeleton import MODEL13_FROM_3D


def test_pairs_are_two_views_of_the_unchanged_3d_label():
    poses = normalize_3d(torch.tensor(random_poses(50, np.random.default_rng(0))))
    fixed = CameraRanges(azimuth_deg=0.0, elevation_deg=0.0, roll_deg=0.0, depth_min=5.0, depth_max=5.0)
    sampler = PairSampler(poses, fixed, None, torch.device("cpu"))
    batch = sampler.sample(8, torch.Generator().manual_seed(0))
    expected = project(poses[batch.index], BASE_VIEW.expand(8, 3, 3), torch.full((8,), 5.0))[:, MODEL13_FROM_3D]
    assert torch.allclose(batch.keypoints[:8], expected, atol=1e-6)
    assert torch.allclose(batch.keypoints[8:], expected, atol=1e-6)
    label = CentredPoses(poses[batch.index])
    assert torch.allclose(batch.poses.centred, label.centred)
    assert torch.equal(batch.visibility, torch.ones(16, 13))


def test_random_views_of_one_pose_differ_but_keep_the_label():
    poses = normalize_3d(torch.tensor(random_poses(50, np.random.default_rng(1))))
    sampler = PairSampler(poses, CameraRanges(), KeypointDropout(DropoutConfig()), torch.device("cpu"))
    batch = sampler.sample(32, torch.Generator().manual_seed(2))
    assert not torch.allclose(batch.keypoints[:32], batch.keypoints[32:])
    # anchor i and positive i share the label: NP-MPJPE(label_i, pose[index_i]) = 0
    d = np_mpjpe_matrix(batch.poses, CentredPoses(poses[batch.index])).diagonal()
    assert float(d.max()) < 1e-5
    assert (batch.visibility == 0).any()
