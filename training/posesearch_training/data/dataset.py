"""Reading the 3D pose dataset npz of docs/data-formats.md."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..paths import TRAINING_DIR
from ..skeleton import NUM_JOINTS_3D

DEFAULT_DATASET = TRAINING_DIR / "data" / "bandai-30fps.npz"
REQUIRED = ("poses3d", "clip_id", "frame_index", "clip_names", "fps", "source", "license", "split")


@dataclass
class PoseDataset:
    path: Path
    poses3d: np.ndarray  # [N,17,3] float32 metres, y up
    clip_id: np.ndarray
    frame_index: np.ndarray
    clip_names: np.ndarray
    split: np.ndarray
    fps: float
    source: str
    license: str

    def subset(self, split: str) -> np.ndarray:
        """Indices of the rows in one split ('train', 'val' or 'test')."""
        rows = np.flatnonzero(self.split == split)
        if rows.size == 0:
            raise ValueError(f"{self.path}: no rows in split {split!r} (splits present: {sorted(set(self.split.tolist()))})")
        return rows

    def describe(self) -> str:
        return f"{self.source} ({self.path.name}, {len(self.poses3d)} poses at {self.fps:g} fps)"


def load_dataset(path: Path | str) -> PoseDataset:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"dataset not found: {path} (build it with `python3 -m posesearch_training import-mocap`)")
    with np.load(path, allow_pickle=False) as data:
        missing = [k for k in REQUIRED if k not in data.files]
        if missing:
            raise ValueError(f"{path}: missing arrays {missing} (layout in docs/data-formats.md)")
        poses = data["poses3d"].astype(np.float32)
        if poses.ndim != 3 or poses.shape[1:] != (NUM_JOINTS_3D, 3):
            raise ValueError(f"{path}: poses3d must be [N,17,3], got {list(poses.shape)}")
        if not np.isfinite(poses).all():
            raise ValueError(f"{path}: poses3d contains NaN or inf")
        split = data["split"].astype(str)
        if split.shape != (len(poses),):
            raise ValueError(f"{path}: split must be [N], got {list(split.shape)}")
        return PoseDataset(path=path, poses3d=poses, clip_id=data["clip_id"], frame_index=data["frame_index"],
                           clip_names=data["clip_names"].astype(str), split=split, fps=float(data["fps"]),
                           source=str(data["source"]), license=str(data["license"]))
