"""Random, roughly plausible 17-joint 3D poses for tests and for tools run before real data exists.

Bone lengths of an adult in metres, y up, the person's left on +x when facing +z. Limbs
point in random directions inside loose anatomical cones; it is not a motion model, only
varied input with the right skeleton, units and handedness.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..skeleton import J3D, NUM_JOINTS_3D


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _random_direction(rng: np.random.Generator, n: int, mean_dir: np.ndarray, spread: float) -> np.ndarray:
    """Unit vectors scattered around mean_dir; larger spread = wider cone."""
    return _unit(mean_dir[None, :] + spread * rng.normal(size=(n, 3)))


def _yaw(angles: np.ndarray) -> np.ndarray:
    c, s = np.cos(angles), np.sin(angles)
    rot = np.zeros((len(angles), 3, 3))
    rot[:, 0, 0], rot[:, 0, 2], rot[:, 1, 1], rot[:, 2, 0], rot[:, 2, 2] = c, s, 1.0, -s, c
    return rot


def random_poses(n: int, rng: np.random.Generator) -> np.ndarray:
    """[n,17,3] float32 poses in metres, y up, random heading, feet near y = 0."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    p = np.zeros((n, NUM_JOINTS_3D, 3))
    down, up = np.array([0.0, -1.0, 0.0]), np.array([0.0, 1.0, 0.0])
    p[:, J3D["pelvis"]] = [0.0, 1.0, 0.0]
    torso = _random_direction(rng, n, up, 0.25)
    p[:, J3D["spine"]] = p[:, J3D["pelvis"]] + 0.25 * torso
    p[:, J3D["thorax"]] = p[:, J3D["spine"]] + 0.27 * _unit(torso + 0.1 * rng.normal(size=(n, 3)))
    head = _unit(torso + 0.2 * rng.normal(size=(n, 3)))
    p[:, J3D["nose"]] = p[:, J3D["thorax"]] + 0.15 * head + np.array([0.0, 0.0, 0.09])
    p[:, J3D["head_top"]] = p[:, J3D["thorax"]] + 0.30 * head
    for side, sign in (("left", 1.0), ("right", -1.0)):
        outward = np.array([sign, 0.0, 0.0])
        p[:, J3D[f"{side}_hip"]] = p[:, J3D["pelvis"]] + 0.1 * outward
        p[:, J3D[f"{side}_shoulder"]] = p[:, J3D["thorax"]] + 0.18 * outward
        thigh = _random_direction(rng, n, down + 0.3 * np.array([0.0, 0.0, 1.0]), 0.5)
        p[:, J3D[f"{side}_knee"]] = p[:, J3D[f"{side}_hip"]] + 0.44 * thigh
        shin = _random_direction(rng, n, down, 0.45)
        p[:, J3D[f"{side}_ankle"]] = p[:, J3D[f"{side}_knee"]] + 0.42 * shin
        upper_arm = _random_direction(rng, n, down + 0.4 * outward, 0.9)
        p[:, J3D[f"{side}_elbow"]] = p[:, J3D[f"{side}_shoulder"]] + 0.28 * upper_arm
        forearm = _random_direction(rng, n, down, 1.2)
        p[:, J3D[f"{side}_wrist"]] = p[:, J3D[f"{side}_elbow"]] + 0.25 * forearm
    p = np.einsum("nij,nkj->nki", _yaw(rng.uniform(-np.pi, np.pi, n)), p)
    p[:, :, 1] -= p[:, :, 1].min(axis=1, keepdims=True)
    return p.astype(np.float32)


def write_synthetic_dataset(path: Path | str, clips: int, frames_per_clip: int, seed: int = 0,
                            val_fraction: float = 0.25) -> Path:
    """An npz in the layout of docs/data-formats.md, each clip a slow random walk between poses."""
    rng = np.random.default_rng(seed)
    poses, clip_ids, frames = [], [], []
    for c in range(clips):
        keys = random_poses(2, rng).astype(np.float64)
        t = np.linspace(0.0, 1.0, frames_per_clip)[:, None, None]
        poses.append((1 - t) * keys[0] + t * keys[1])
        clip_ids.append(np.full(frames_per_clip, c, dtype=np.int32))
        frames.append(np.arange(frames_per_clip, dtype=np.int32))
    val_clips = max(1, int(round(clips * val_fraction)))
    clip_id = np.concatenate(clip_ids)
    path = Path(path)
    np.savez(
        path,
        poses3d=np.concatenate(poses).astype(np.float32),
        clip_id=clip_id,
        frame_index=np.concatenate(frames),
        clip_names=np.array([f"synthetic_{c:04d}" for c in range(clips)]),
        fps=np.float32(30.0),
        source=np.array("synthetic"),
        license=np.array("none (synthetic test data)"),
        split=np.where(clip_id >= clips - val_clips, "val", "train"),
    )
    return path
