"""Detects the T-pose frames a converter prepended to a motion (CMU Character Creator set).

A T-pose frame: both upper arms and both forearms within `tolerance_deg` of horizontal and
pointing outwards along the body's left/right axis (the arms stretched sideways). Only the
*leading* run of such frames is reported, so a T-like pose inside the motion is kept.

Note: the three CMU clips in ../shared/data/mocap/cmu-sample start in motion, without the
T-pose the converter's README announces (their first frames have arms hanging or bent), so
on them this finds nothing to strip; it guards the other clips of that conversion.
"""
from __future__ import annotations

import numpy as np

from ...skeleton import J3D
from .body_frame import body_axes, unit

_ARM_SEGMENTS = (("left_shoulder", "left_elbow", 1.0), ("left_elbow", "left_wrist", 1.0),
                 ("right_shoulder", "right_elbow", -1.0), ("right_elbow", "right_wrist", -1.0))


def tpose_mask(poses: np.ndarray, tolerance_deg: float = 20.0) -> np.ndarray:
    """poses [F, 17, 3] (y up) -> bool [F]: arms stretched sideways and level."""
    _, _, left = body_axes(poses)
    cos_tol = np.cos(np.deg2rad(tolerance_deg))
    mask = np.ones(poses.shape[0], dtype=bool)
    for start, end, side in _ARM_SEGMENTS:
        direction = unit(poses[:, J3D[end]] - poses[:, J3D[start]])
        mask &= np.abs(direction[:, 1]) < np.sin(np.deg2rad(tolerance_deg))  # level
        mask &= side * np.sum(direction * left, axis=-1) > cos_tol  # outwards on its own side
    return mask


def leading_tpose_frames(poses: np.ndarray, tolerance_deg: float = 20.0) -> int:
    """How many frames at the start of the clip are T-pose frames."""
    mask = tpose_mask(poses, tolerance_deg)
    return int(np.argmin(mask)) if not mask.all() else int(mask.size)
