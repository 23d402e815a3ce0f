"""Window pairs of the temporal model (PairSampler with `windows`)."""
import numpy as np
import torch

from posesearch_training.augment.keypoint_dropout import DropoutConfig, KeypointDropout
from posesearch_training.augment.pipeline import AugmentationConfig, KeypointAugmentation2D, PoseAugmentation3D
from posesearch_training.data.pair_sampler import PairSampler
from posesearch_training.data.random_camera import CameraRanges
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.data.windows import window_rows
from posesearch_training.geometry.pose3d import CentredPoses, normalize_3d

WINDOW = 5


def _sampler(poses, windows, augment=True, dropout=True):
    config = AugmentationConfig()
    return PairSampler(poses, CameraRanges(), KeypointDropout(DropoutConfig()) if dropout else None,
                       torch.device("cpu"), PoseAugmentation3D(config) if augment else None,
                       KeypointAugmentation2D(config) if augment else None, windows=windows)


def _still_clips(clips=6, frames=9):
    """Clips in which every frame is the same pose: any per-frame difference comes from the sampler."""
    poses = np.repeat(random_poses(clips, np.random.default_rng(0)), frames, axis=0)
    clip = np.repeat(np.arange(clips), frames)
    frame = np.tile(np.arange(frames), clips)
    windows = torch.from_numpy(window_rows(clip, frame, np.arange(len(poses)), WINDOW, 1))
    return normalize_3d(torch.tensor(poses)), windows


def test_labels_are_the_windows_frames_in_order():
    rng = np.random.default_rng(1)
    poses = normalize_3d(torch.tensor(random_poses(40, rng)))
    clip, frame = np.repeat(np.arange(4), 10), np.tile(np.arange(10), 4)
    windows = torch.from_numpy(window_rows(clip, frame, np.arange(40), WINDOW, 1))
    batch = _sampler(poses, windows, augment=False, dropout=False).sample(8, torch.Generator().manual_seed(0))
    assert batch.keypoints.shape == (16, WINDOW, 13, 2) and batch.visibility.shape == (16, WINDOW, 13)
    expected = CentredPoses(poses[windows[batch.index]].reshape(-1, 17, 3))
    torch.testing.assert_close(batch.poses.centred, expected.centred)
    for w in windows[batch.index]:
        assert len(set(clip[w.numpy()])) == 1


def test_every_frame_of_a_window_gets_the_same_augmentation_camera_and_dropout():
    poses, windows = _still_clips()
    config = AugmentationConfig()
    config.noise["probability"] = 0.0  # jitter is per frame by design; everything else must be shared
    sampler = PairSampler(poses, CameraRanges(), KeypointDropout(DropoutConfig(independent_instance=1.0)),
                          torch.device("cpu"), PoseAugmentation3D(config), KeypointAugmentation2D(config),
                          windows=windows)
    batch = sampler.sample(16, torch.Generator().manual_seed(3))
    labels = batch.poses.centred.reshape(16, WINDOW, 17, 3)
    torch.testing.assert_close(labels, labels[:, :1].expand_as(labels))  # same 3D augmentation
    first = batch.keypoints[:, :1].expand_as(batch.keypoints)
    torch.testing.assert_close(batch.keypoints, first)  # same camera, same hip offset
    assert torch.equal(batch.visibility, batch.visibility[:, :1].expand_as(batch.visibility))
    assert (batch.visibility == 0).any()
    assert not torch.allclose(batch.keypoints[:16], batch.keypoints[16:])  # the two views differ


def test_keypoint_jitter_is_drawn_per_frame():
    poses, windows = _still_clips()
    config = AugmentationConfig.none()
    config.noise["probability"] = 1.0
    sampler = PairSampler(poses, CameraRanges(), None, torch.device("cpu"), None, KeypointAugmentation2D(config),
                          windows=windows)
    batch = sampler.sample(8, torch.Generator().manual_seed(4))
    assert not torch.allclose(batch.keypoints[:, 0], batch.keypoints[:, 1])
