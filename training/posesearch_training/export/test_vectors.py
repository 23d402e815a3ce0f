"""test-vectors.json of docs/model-contract.md: inputs, `normalized`, `mean`, `stddev`, `match_pairs`.

Cases are mocap poses projected to realistic pixels: through the 4 Human3.6M cameras and
through random pinhole cameras (focal 500-1500 px). Some cases have 1-4 missing joints whose
coordinates are set to garbage (0, 1e4, -1e4) to prove they are ignored; every case keeps at
least 2 visible anchors (the service rejects the others before the model). Expected outputs
come from the torch module in eval mode; match probabilities are computed in float64 from the
float32 outputs and the shipped eps. A temporal model's cases are windows of consecutive mocap
frames ([T,13,2] each), one camera per window, joints hidden frame by frame.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from ..data.h36m_rig import load_rig, place_at_rig_origin
from ..data.random_camera import CameraRanges, random_rotations
from ..geometry.normalization2d import normalize_2d, visible_anchor_count
from ..geometry.pose3d import normalize_3d
from ..model.network import PrVipe
from ..skeleton import MODEL13_FROM_3D, NUM_JOINTS_2D

GARBAGE = (0.0, 1e4, -1e4)


def _camera_projector(i: int, rig, rng: np.random.Generator):
    """Case i's camera as a function [F,17,3] metres -> [F,13,2] pixels: even cases through the rig
    (camera i/2 mod 4), odd cases through a random pinhole camera (focal 500-1500 px)."""
    if i % 2 == 0:
        camera = rig[(i // 2) % len(rig)]
        return lambda frames: camera.project(place_at_rig_origin(frames))[:, MODEL13_FROM_3D]
    generator = torch.Generator().manual_seed(int(rng.integers(2 ** 31)))
    rotation = random_rotations(1, CameraRanges(depth_min=4.0, depth_max=12.0), generator)[0].double()
    depth = rng.uniform(4.0, 12.0)
    focal = rng.uniform(500.0, 1500.0)
    centre = np.array([rng.uniform(300.0, 1000.0), rng.uniform(200.0, 700.0)])

    def project(frames: np.ndarray) -> np.ndarray:
        cam = normalize_3d(torch.tensor(frames, dtype=torch.float64)) @ rotation.T
        cam[..., 2] += depth
        return (cam[..., :2] / cam[..., 2:3]).numpy()[:, MODEL13_FROM_3D] * focal + centre
    return project


def _hide_some(keypoints: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Visibility [13] with 1-4 joints hidden (>= 2 anchors kept) in 35 % of calls; the hidden
    joints' coordinates in `keypoints` [13,2] set to garbage."""
    visibility = np.ones(NUM_JOINTS_2D)
    if rng.random() < 0.35:
        while True:
            hidden = rng.choice(NUM_JOINTS_2D, size=int(rng.integers(1, 5)), replace=False)
            candidate = np.ones(NUM_JOINTS_2D)
            candidate[hidden] = 0.0
            if visible_anchor_count(torch.tensor(candidate[None])).item() >= 2:
                break
        visibility = candidate
        keypoints[hidden] = rng.choice(GARBAGE)
    return visibility


def projected_cases(poses3d: np.ndarray, count: int, rng: np.random.Generator,
                    rig_path: Path | str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """[count,13,2] pixels and [count,13] visibility from random poses of poses3d (metres, y up);
    windows [M,T,17,3] give [count,T,13,2] and [count,T,13]: one camera per window, joints hidden
    per frame."""
    rig = load_rig(rig_path)
    # Cases 2m and 2m+1 show the same 3D pose (one through the rig, one through a random
    # camera), so the consecutive match pairs include true cross-view matches.
    picks = rng.choice(len(poses3d), size=(count + 1) // 2, replace=len(poses3d) < (count + 1) // 2)
    poses = poses3d[picks[np.arange(count) // 2]]
    windowed = poses.ndim == 4
    frames = poses if windowed else poses[:, None]
    keypoints = np.zeros(frames.shape[:2] + (NUM_JOINTS_2D, 2))
    visibility = np.ones(frames.shape[:2] + (NUM_JOINTS_2D,))
    for i in range(count):  # all cameras first, then the hidden joints: single-frame draws as before
        keypoints[i] = _camera_projector(i, rig, rng)(frames[i])
    for i in range(count):
        for t in range(frames.shape[1]):
            visibility[i, t] = _hide_some(keypoints[i, t], rng)
    if not windowed:
        keypoints, visibility = keypoints[:, 0], visibility[:, 0]
    return keypoints.astype(np.float32), visibility.astype(np.float32)


def match_probability_np(mean1, std1, mean2, std2, eps, a, b, s) -> float:
    """Float64 reference of the serving match probability (docs/model-contract.md)."""
    z1 = np.asarray(mean1, np.float64) + np.asarray(std1, np.float64) * eps
    z2 = np.asarray(mean2, np.float64) + np.asarray(std2, np.float64) * eps
    d = np.sqrt(((z1[:, None, :] - z2[None, :, :]) ** 2).sum(-1))
    return float(((1.0 - s) / (1.0 + np.exp(a * d - b)) + s / 2.0).mean())


def build_test_vectors(model: PrVipe, name: str, poses3d: np.ndarray, count: int = 300, pairs: int = 300,
                       seed: int = 7, rig_path: Path | str | None = None) -> dict:
    if count < 2:
        raise ValueError(f"need at least 2 cases, got {count}")
    rng = np.random.default_rng(seed)
    keypoints, visibility = projected_cases(poses3d, count, rng, rig_path)
    model = model.eval()
    with torch.no_grad():
        kp, vis = torch.from_numpy(keypoints), torch.from_numpy(visibility)
        normalized = normalize_2d(kp.reshape(-1, NUM_JOINTS_2D, 2), vis.reshape(-1, NUM_JOINTS_2D)).numpy()
        normalized = normalized.reshape(keypoints.shape)
        mean, stddev = (t.numpy() for t in model.embedder(kp, vis))
    cases = [
        {"keypoints": keypoints[i].tolist(), "visibility": visibility[i].tolist(),
         "normalized": normalized[i].tolist(), "mean": mean[i].tolist(), "stddev": stddev[i].tolist()}
        for i in range(count)
    ]
    # eps and the sigmoid parameters exactly as the metadata carries them (float32 -> decimal).
    eps = np.array(model.serving_eps.tolist(), dtype=np.float64)
    a, b, s = float(model.match.a.detach()), float(model.match.b.detach()), model.match.smoothing
    pair_list = [(i, i + 1) for i in range(0, min(count - 1, pairs), 2)]
    while len(pair_list) < pairs:
        i, j = (int(x) for x in rng.choice(count, size=2, replace=False))
        pair_list.append((i, j))
    pair_list.append((0, 0))  # a pose against itself: the largest probability the model gives
    match_pairs = [
        {"a": i, "b": j, "probability": match_probability_np(
            cases[i]["mean"], cases[i]["stddev"], cases[j]["mean"], cases[j]["stddev"], eps, a, b, s)}
        for i, j in pair_list
    ]
    vectors = {"model": name, "embedding_dim": model.config.embedding_dim, "num_samples": model.config.num_samples}
    if model.config.temporal:
        vectors |= {"window": model.config.window, "window_stride": model.config.window_stride}
    return vectors | {"cases": cases, "match_pairs": match_pairs}


def vectors_file_name(config) -> str:
    """test-vectors.json; a temporal model's are window-test-vectors.json, so that parity suites which
    read every model folder's test-vectors.json as single-frame cases (the C# ParityTests) do not pick
    up windows before they understand the temporal contract."""
    return "window-test-vectors.json" if config.temporal else "test-vectors.json"


def write_test_vectors(path: Path | str, vectors: dict) -> None:
    Path(path).write_text(json.dumps(vectors, separators=(",", ":")) + "\n")
