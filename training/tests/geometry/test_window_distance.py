import numpy as np
import torch

from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.geometry.pose3d import CentredPoses, np_mpjpe_pairs
from posesearch_training.geometry.window_distance import window_distance_matrix, window_match_matrix


def _windows(n, window, seed):
    """n windows of slowly moving random poses (so some pairs of windows match and some do not)."""
    rng = np.random.default_rng(seed)
    start, end = random_poses(n, rng), random_poses(n, rng)
    t = np.linspace(0.0, 0.3, window)[None, :, None, None]
    return torch.tensor((1 - t) * start[:, None] + t * end[:, None], dtype=torch.float32)


def _brute_force(windows):
    """[i, j] = mean over t of the float64 SVD NP-MPJPE(window j frame t -> window i frame t)."""
    n, window = windows.shape[:2]
    out = torch.zeros(n, n, dtype=torch.float64)
    for i in range(n):
        for j in range(n):
            out[i, j] = np_mpjpe_pairs(windows[j].double(), windows[i].double()).mean()
    return out


def test_window_distance_is_the_mean_np_mpjpe_over_frames():
    windows = _windows(12, 5, seed=0)
    poses = CentredPoses(windows.reshape(-1, 17, 3))
    got = window_distance_matrix(poses, None, 5)
    torch.testing.assert_close(got.double(), _brute_force(windows), atol=2e-5, rtol=0)


def test_window_matches_equal_the_brute_force_decision():
    windows = torch.cat([_windows(20, 3, seed=1), _windows(20, 3, seed=1) * 1.01])  # near copies do match
    poses = CentredPoses(windows.reshape(-1, 17, 3))
    reference = _brute_force(windows)
    # A threshold that splits the pairs, 3e-5 above one pair's distance: inside the float64 re-check band.
    kappa = float(reference[reference > 0].median()) + 3e-5
    matches = window_match_matrix(poses, None, 3, kappa=kappa)
    assert torch.equal(matches, reference < kappa)
    assert 0 < int(matches.sum()) < matches.numel()


def test_a_window_far_in_one_frame_does_not_match_on_the_others():
    windows = _windows(2, 3, seed=2)
    windows[1] = windows[0]
    windows[1, 2] = torch.tensor(random_poses(1, np.random.default_rng(9))[0])  # last frame differs
    d = window_distance_matrix(CentredPoses(windows.reshape(-1, 17, 3)), None, 3)
    single = np_mpjpe_pairs(windows[1, 2:].double(), windows[0, 2:].double())
    assert abs(float(d[0, 1]) - float(single) / 3) < 1e-4
