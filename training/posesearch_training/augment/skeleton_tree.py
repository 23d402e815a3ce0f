"""The 17-joint skeleton as a tree: each joint's parent and the bone type it ends, so that
pose-space transforms can rescale or re-place bones and move whole subtrees."""
from __future__ import annotations

import numpy as np

from ..skeleton import J3D, JOINTS_3D

# (child, parent, bone type); listed parents-first, so one pass rebuilds a pose.
BONES: tuple[tuple[str, str, str], ...] = (
    ("right_hip", "pelvis", "hip"), ("left_hip", "pelvis", "hip"),
    ("right_knee", "right_hip", "thigh"), ("left_knee", "left_hip", "thigh"),
    ("right_ankle", "right_knee", "shin"), ("left_ankle", "left_knee", "shin"),
    ("spine", "pelvis", "lower_spine"), ("thorax", "spine", "upper_spine"),
    ("nose", "thorax", "head"), ("head_top", "thorax", "head"),
    ("left_shoulder", "thorax", "shoulder"), ("right_shoulder", "thorax", "shoulder"),
    ("left_elbow", "left_shoulder", "upper_arm"), ("right_elbow", "right_shoulder", "upper_arm"),
    ("left_wrist", "left_elbow", "forearm"), ("right_wrist", "right_elbow", "forearm"),
)
BONE_TYPES: tuple[str, ...] = tuple(dict.fromkeys(bone for _, _, bone in BONES))
CHILD = np.array([J3D[c] for c, _, _ in BONES])
PARENT = np.array([J3D[p] for _, p, _ in BONES])
BONE_TYPE_INDEX = np.array([BONE_TYPES.index(b) for _, _, b in BONES])
IS_LEFT = np.array([c.startswith("left_") for c, _, _ in BONES])
IS_RIGHT = np.array([c.startswith("right_") for c, _, _ in BONES])

# 3D left/right joint pairs, for mirroring.
LEFT_RIGHT_3D: tuple[tuple[int, int], ...] = tuple(
    (J3D[name], J3D["right_" + name[len("left_"):]]) for name in JOINTS_3D if name.startswith("left_"))
MIRROR_PERMUTATION = np.arange(len(JOINTS_3D))
for _left, _right in LEFT_RIGHT_3D:
    MIRROR_PERMUTATION[_left], MIRROR_PERMUTATION[_right] = _right, _left

LOWER_BODY = np.array([J3D[n] for n in ("pelvis", "right_hip", "right_knee", "right_ankle",
                                          "left_hip", "left_knee", "left_ankle")])
UPPER_BODY = np.array([i for i in range(len(JOINTS_3D)) if i not in set(LOWER_BODY.tolist())])
