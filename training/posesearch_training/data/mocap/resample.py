"""Frame-rate change of a pose sequence by linear interpolation of joint positions.

Output frame k is at time k / target_fps, for every k whose time lies within the clip
(0 .. (F - 1) / source_fps); the first frame is kept. Interpolating positions linearly
(rather than rotations) shortens bones slightly between frames of fast motion; at the
rates used here (60 -> 30 fps: exactly every other frame; 30 -> 30: unchanged) no frame is
interpolated at all, and for other ratios the neighbouring frames are 1/30 s apart.
"""
from __future__ import annotations

import numpy as np


def nominal_fps(frame_time: float, tolerance: float = 1e-3) -> float:
    """1 / frame_time, snapped to the nearest integer when within `tolerance` (relative):
    BVH files round 1/30 s to 0.0333333, which would otherwise not be exactly 30 fps."""
    fps = 1.0 / frame_time
    nearest = round(fps)
    return float(nearest) if nearest > 0 and abs(fps - nearest) <= tolerance * fps else fps


def resample(frames: np.ndarray, source_fps: float, target_fps: float) -> np.ndarray:
    """frames [F, ...] at source_fps -> [F', ...] at target_fps (same dtype)."""
    if not (source_fps > 0 and target_fps > 0):
        raise ValueError(f"frame rates must be positive, got source {source_fps} and target {target_fps}")
    num_frames = frames.shape[0]
    if num_frames == 0 or source_fps == target_fps:
        return frames.copy()
    duration_in_source_frames = num_frames - 1
    count = int(np.floor(duration_in_source_frames * target_fps / source_fps + 1e-9)) + 1
    position = np.arange(count) * (source_fps / target_fps)  # in source frames
    lower = np.minimum(np.floor(position + 1e-9).astype(np.int64), num_frames - 1)
    upper = np.minimum(lower + 1, num_frames - 1)
    weight = np.clip(position - lower, 0.0, 1.0).reshape((-1,) + (1,) * (frames.ndim - 1))
    out = frames[lower] * (1.0 - weight) + frames[upper] * weight
    return out.astype(frames.dtype, copy=False)
