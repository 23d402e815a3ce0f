"""The Human3.6M camera rig (../shared/data/cameras/h36m-cameras.json) for validation views.

Conventions (docs/data-formats.md): a camera's quaternion [w, x, y, z] rotates camera-frame
vectors into the world frame and t is the camera centre in world millimetres, so
X_cam = R^T (X_world - t); camera frame x right, y down, z forward; world z up. Distortion
is the Human3.6M/VideoPose3D model. Mocap poses (metres, y up) are placed at the rig's
origin: (x, y, z) -> (x, -z, y), pelvis at world x = y = 0, lowest joint at z = 0, in mm.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..paths import shared_data_dir
from ..skeleton import J3D

def default_rig_path() -> Path:
    return shared_data_dir().resolve() / "cameras" / "h36m-cameras.json"


@dataclass
class RigCamera:
    camera_id: str
    rotation_cam_to_world: np.ndarray  # [3,3]
    centre_mm: np.ndarray  # [3]
    focal: np.ndarray  # [2]
    principal: np.ndarray  # [2]
    radial: np.ndarray  # [3]
    tangential: np.ndarray  # [2]
    resolution: tuple[int, int]

    def project(self, world_mm: np.ndarray) -> np.ndarray:
        """World points [..., 3] in mm -> pixels [..., 2] with the Human3.6M distortion model."""
        cam = (world_mm - self.centre_mm) @ self.rotation_cam_to_world  # R^T (X - t), row vectors
        if np.any(cam[..., 2] <= 1.0):
            raise ValueError(f"camera {self.camera_id}: a point is at or behind the camera")
        xy = cam[..., :2] / cam[..., 2:3]
        r2 = (xy * xy).sum(axis=-1, keepdims=True)
        k1, k2, k3 = self.radial
        radial = 1.0 + k1 * r2 + k2 * r2 ** 2 + k3 * r2 ** 3
        tan = (xy * self.tangential).sum(axis=-1, keepdims=True)
        distorted = xy * (radial + tan) + self.tangential * r2
        return distorted * self.focal + self.principal


def quaternion_to_matrix(q_wxyz: np.ndarray) -> np.ndarray:
    w, x, y, z = np.asarray(q_wxyz, dtype=np.float64) / np.linalg.norm(q_wxyz)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def load_rig(path: Path | str | None = None, subject: str = "S9") -> list[RigCamera]:
    path = Path(path) if path is not None else default_rig_path()
    if not path.is_file():
        raise FileNotFoundError(f"camera rig not found: {path} (set POSESEARCH_SHARED_DATA)")
    data = json.loads(path.read_text())
    cameras = []
    for cam in data["cameras"]:
        if subject not in cam["extrinsics"]:
            raise ValueError(f"camera {cam['id']} has no extrinsics for subject {subject!r}")
        ext = cam["extrinsics"][subject]
        cameras.append(RigCamera(
            camera_id=str(cam["id"]),
            rotation_cam_to_world=quaternion_to_matrix(ext["orientation_wxyz"]),
            centre_mm=np.asarray(ext["translation_mm"], dtype=np.float64),
            focal=np.asarray(cam["focal_length"], dtype=np.float64),
            principal=np.asarray(cam["center"], dtype=np.float64),
            radial=np.asarray(cam["radial_distortion"], dtype=np.float64),
            tangential=np.asarray(cam["tangential_distortion"], dtype=np.float64),
            resolution=(int(cam["resolution"][0]), int(cam["resolution"][1])),
        ))
    return cameras


# (x, y, z) y-up -> (x, -z, y) z-up: a proper rotation (det +1).
Y_UP_TO_Z_UP = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]])


def place_at_rig_origin(poses_m_yup: np.ndarray) -> np.ndarray:
    """[n,J,3] metres, y up -> world millimetres, z up, pelvis above the origin, feet on z = 0."""
    world = np.asarray(poses_m_yup, dtype=np.float64) @ Y_UP_TO_Z_UP.T
    world[..., :2] -= world[..., J3D["pelvis"]:J3D["pelvis"] + 1, :2]
    world[..., 2] -= world[..., 2].min(axis=-1, keepdims=True)
    return world * 1000.0
