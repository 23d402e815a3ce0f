import numpy as np
import torch

from posesearch_training.data.dataset import load_dataset
from posesearch_training.data.random_camera import CameraRanges
from posesearch_training.data.synthetic_poses import write_synthetic_dataset
from posesearch_training.data.windows import window_rows
from posesearch_training.evaluation.retrieval import validate
from posesearch_training.evaluation.window_retrieval import (build_window_validation_set, centre_frame_set,
                                                              random_camera_window_views)
from posesearch_training.geometry.pose3d import CentredPoses
from posesearch_training.geometry.window_distance import window_distance_matrix


def _dataset(tmp_path):
    return load_dataset(write_synthetic_dataset(tmp_path / "s.npz", clips=16, frames_per_clip=12))


def test_validation_windows_are_consecutive_frames_of_one_clip(tmp_path):
    d = _dataset(tmp_path)
    rows = d.subset("val")
    val = build_window_validation_set(d.poses3d, d.clip_id, d.frame_index, rows, 5, 2, size=20, seed=1)
    candidates = d.poses3d[window_rows(d.clip_id, d.frame_index, rows, 5, 2)]
    assert val.poses3d.shape[1:] == (5, 17, 3) and 0 < val.size <= 20
    for w in val.poses3d:
        assert any(np.array_equal(w, c) for c in candidates)
    expected = window_distance_matrix(CentredPoses(torch.from_numpy(val.poses3d.reshape(-1, 17, 3))), None, 5)
    torch.testing.assert_close(val.distances, expected)
    assert torch.equal(val.matches, val.distances < 0.1)  # no entry within the re-check band here
    for views in val.views:
        assert views.keypoints.shape == (4, val.size, 5, 13, 2)


def test_one_camera_per_window():
    still = np.repeat(np.random.default_rng(0).normal(size=(3, 1, 17, 3)).astype(np.float32), 4, axis=1)
    still[..., 7, 1] += 1.0  # spine above the pelvis so the torso has a length
    still[..., 8, 1] += 2.0
    views = random_camera_window_views(still, 2, seed=3, ranges=CameraRanges())
    torch.testing.assert_close(views.keypoints, views.keypoints[:, :, :1].expand_as(views.keypoints))


def test_centre_frames_answer_the_same_queries_with_the_same_truth(tmp_path):
    d = _dataset(tmp_path)
    val = build_window_validation_set(d.poses3d, d.clip_id, d.frame_index, d.subset("val"), 3, 1, size=15, seed=2)
    centre = centre_frame_set(val)
    assert centre.matches is val.matches and centre.distances is val.distances
    for w, c in zip(val.views, centre.views):
        assert torch.equal(c.keypoints, w.keypoints[:, :, 1]) and torch.equal(c.visibility, w.visibility[:, :, 1])
    metrics = validate(None, val)
    assert {"h36m/raw2d/hit@1", "random/hide3/raw2d/hit@10"} <= set(metrics)
    assert all(0.0 <= v <= 1.0 for v in metrics.values())
