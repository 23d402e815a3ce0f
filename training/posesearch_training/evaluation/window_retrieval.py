"""Cross-view retrieval of windows (the temporal model's validation, `evaluate-windows`).

The set: a seeded subsample of the windows of a held-out split (T frames, `stride` apart, inside one
clip), near-duplicate windows removed (mean NP-MPJPE < 0.02 to a kept one), each window seen by the 4
Human3.6M rig cameras and 4 random cameras, one camera per window for all its frames. Truth: window j
is correct for query window i when their mean NP-MPJPE over the frames is < kappa. The same set viewed
through the windows' centre frames (`centre_frame_set`) lets a single-frame model answer the same
queries against the same index with the same truth.
"""
from __future__ import annotations

import numpy as np
import torch

from ..data.random_camera import CameraRanges, project, random_rotations
from ..data.windows import window_rows
from ..geometry.pose3d import CentredPoses, normalize_3d
from ..geometry.window_distance import window_distance_matrix, window_match_matrix
from ..skeleton import MODEL13_FROM_3D, NUM_JOINTS_2D
from .retrieval import DUPLICATE_THRESHOLD, ValidationSet, ViewSet, rig_views


def _centred_windows(windows3d: np.ndarray) -> CentredPoses:
    n, window = windows3d.shape[:2]
    return CentredPoses(torch.from_numpy(np.ascontiguousarray(windows3d, dtype=np.float32).reshape(n * window, -1, 3)))


def remove_near_duplicate_windows(windows3d: np.ndarray, threshold: float = DUPLICATE_THRESHOLD) -> np.ndarray:
    """Greedy in the given order: keep a window unless its mean NP-MPJPE to a kept one is < threshold."""
    close = (window_distance_matrix(_centred_windows(windows3d), None, windows3d.shape[1]) < threshold).numpy()
    close = close | close.T
    removed = np.zeros(len(windows3d), dtype=bool)
    kept = []
    for i in range(len(windows3d)):
        if not removed[i]:
            kept.append(i)
            removed |= close[i]
    return np.asarray(kept, dtype=np.int64)


def random_camera_window_views(windows3d: np.ndarray, cameras: int, seed: int, ranges: CameraRanges) -> ViewSet:
    """Each window through `cameras` random cameras (unit focal length), one camera for all its frames."""
    generator = torch.Generator().manual_seed(seed)
    n, window = windows3d.shape[:2]
    normalized = normalize_3d(torch.from_numpy(np.asarray(windows3d, dtype=np.float32))).reshape(n * window, -1, 3)
    views = []
    for _ in range(cameras):
        rotations = random_rotations(n, ranges, generator)
        depths = ranges.depth_min + (ranges.depth_max - ranges.depth_min) * torch.rand(n, generator=generator)
        projected = project(normalized, rotations.repeat_interleave(window, dim=0), depths.repeat_interleave(window))
        views.append(projected[:, MODEL13_FROM_3D].reshape(n, window, NUM_JOINTS_2D, 2))
    keypoints = torch.stack(views)
    return ViewSet("random", keypoints, torch.ones(keypoints.shape[:4]))


def rig_window_views(windows3d: np.ndarray, rig_path=None) -> ViewSet:
    n, window = windows3d.shape[:2]
    flat = rig_views(np.asarray(windows3d).reshape(n * window, *windows3d.shape[2:]), rig_path)
    keypoints = flat.keypoints.reshape(flat.keypoints.shape[0], n, window, NUM_JOINTS_2D, 2)
    return ViewSet("h36m", keypoints, torch.ones(keypoints.shape[:4]))


def build_window_validation_set(poses3d: np.ndarray, clip_id: np.ndarray, frame_index: np.ndarray, rows: np.ndarray,
                                window: int, stride: int, size: int = 1000, seed: int = 0, kappa: float = 0.1,
                                pool_factor: float = 2.0, rig_path=None,
                                random_ranges: CameraRanges | None = None) -> ValidationSet:
    """`size` windows (after near-duplicate removal) from the windows of `rows` (a split's dataset rows)."""
    candidates = window_rows(clip_id, frame_index, rows, window, stride)
    if len(candidates) == 0:
        raise ValueError(f"no window of {window} frames (stride {stride}) fits inside any clip of this split")
    rng = np.random.default_rng(seed)
    pool = candidates[rng.choice(len(candidates), size=min(len(candidates), int(size * pool_factor)), replace=False)]
    pool_poses = np.asarray(poses3d[pool], dtype=np.float32)
    kept = remove_near_duplicate_windows(pool_poses)[:size]
    windows3d = pool_poses[kept]
    centred = _centred_windows(windows3d)
    distances = window_distance_matrix(centred, None, window)
    matches = window_match_matrix(centred, None, window, kappa=kappa, distances=distances)
    ranges = random_ranges or CameraRanges()
    views = [rig_window_views(windows3d, rig_path), random_camera_window_views(windows3d, 4, seed + 1, ranges)]
    return ValidationSet(windows3d, distances, matches, views, kappa)


def centre_frame_set(val: ValidationSet) -> ValidationSet:
    """The same windows seen through their centre frames only (for a single-frame model): same
    queries, same index, same cameras, same window truth."""
    centre = val.poses3d.shape[1] // 2
    views = [ViewSet(v.name, v.keypoints[:, :, centre].contiguous(), v.visibility[:, :, centre].contiguous())
             for v in val.views]
    return ValidationSet(val.poses3d, val.distances, val.matches, views, val.kappa)
