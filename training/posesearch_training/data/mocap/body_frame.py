"""The body's own axes from a 17-joint pose: up, left and forward (the way it faces).

up = pelvis -> thorax, left = right_hip -> left_hip (made orthogonal to up), and
forward = left x up. For a y-up, right-handed world: a person facing +z with the head
at +y has the left hip at +x, and (+x) x (+y) = +z. (Note the order: up x left would
point backwards.)
"""
from __future__ import annotations

import numpy as np

from ...skeleton import J3D


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def body_axes(poses: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """poses [..., 17, 3] -> unit (forward, up, left), each [..., 3]."""
    up = unit(poses[..., J3D["thorax"], :] - poses[..., J3D["pelvis"], :])
    left = poses[..., J3D["left_hip"], :] - poses[..., J3D["right_hip"], :]
    left = unit(left - np.sum(left * up, axis=-1, keepdims=True) * up)
    forward = np.cross(left, up)
    return forward, up, left
