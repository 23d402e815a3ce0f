"""The two joint sets of the method: the 17-joint 3D skeleton and the model's 13 2D joints.

Single source of truth on the Python side; the C# side mirrors it (PoseSearch.Core) and
docs/model-contract.md documents it.
"""
from __future__ import annotations

import numpy as np

# 17-joint 3D skeleton, Human3.6M order as in VideoPose3D. Left = the person's own left.
JOINTS_3D: tuple[str, ...] = (
    "pelvis", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle",
    "spine", "thorax", "nose", "head_top",
    "left_shoulder", "left_elbow", "left_wrist", "right_shoulder", "right_elbow", "right_wrist",
)
J3D = {name: i for i, name in enumerate(JOINTS_3D)}

# The model's 13 2D joints (COCO-17 minus eyes and ears), in the order the model expects.
JOINTS_2D: tuple[str, ...] = (
    "nose", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee",
    "left_ankle", "right_ankle",
)
J2D = {name: i for i, name in enumerate(JOINTS_2D)}

NUM_JOINTS_3D = len(JOINTS_3D)  # 17
NUM_JOINTS_2D = len(JOINTS_2D)  # 13
# The network's input: the normalized 2D coordinates (26), then for the occlusion variant one
# visibility value per joint (13 more, 39 in all).
COORDINATE_FEATURES = 2 * NUM_JOINTS_2D
VISIBILITY_FEATURES = NUM_JOINTS_2D

# Which 3D joint each 2D joint is: [9, 11, 14, 12, 15, 13, 16, 4, 1, 5, 2, 6, 3].
MODEL13_FROM_3D: np.ndarray = np.array([J3D[name] for name in JOINTS_2D], dtype=np.int64)

# 2D normalization anchors (docs/model-contract.md): shoulders and hips.
ANCHORS_2D: tuple[int, ...] = (J2D["left_shoulder"], J2D["right_shoulder"], J2D["left_hip"], J2D["right_hip"])
HIPS_2D: tuple[int, ...] = (J2D["left_hip"], J2D["right_hip"])
SHOULDERS_2D: tuple[int, ...] = (J2D["left_shoulder"], J2D["right_shoulder"])

# Left/right pairs of the 2D joints, for mirroring and chirality checks.
LEFT_RIGHT_2D: tuple[tuple[int, int], ...] = tuple(
    (J2D["left_" + part], J2D["right_" + part])
    for part in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
)
