"""2D pose normalization of docs/model-contract.md, with a visibility mask.

Written with plain tensor ops only (where, sum, max, sqrt) so the same function runs in
training and inside the exported ONNX graph, where a client sends raw pixels.
"""
from __future__ import annotations

import torch

from ..skeleton import ANCHORS_2D, HIPS_2D, NUM_JOINTS_2D, SHOULDERS_2D

# Inside the graph the scale is clamped so an invalid row (too few anchors) gives no NaN.
MIN_SCALE = 1e-6
# Pairs of anchor joints (positions within ANCHORS_2D) whose distance can be the scale.
_ANCHOR_PAIRS = [(i, j) for i in range(len(ANCHORS_2D)) for j in range(i + 1, len(ANCHORS_2D))]


def seen_mask(visibility: torch.Tensor) -> torch.Tensor:
    """1.0 where a joint counts as seen (visibility > 0.5), else 0.0; same shape as visibility."""
    return (visibility > 0.5).to(torch.float32)


def normalize_2d(keypoints: torch.Tensor, visibility: torch.Tensor) -> torch.Tensor:
    """[N,13,2] pixels + [N,13] visibility -> [N,13,2] normalized, invisible joints at (0, 0).

    centre = mean of the visible hips (else of the visible shoulders); scale = largest
    pairwise distance among the visible anchors, clamped to >= MIN_SCALE; the result is
    (p - centre) / scale * 0.5. Coordinates of missing joints are never read (they may be
    garbage, even inf or NaN).
    """
    if not torch.jit.is_tracing():
        _check_shapes(keypoints, visibility)
    seen = seen_mask(visibility)
    seen2 = seen.unsqueeze(-1)
    points = torch.where(seen2 > 0.5, keypoints, torch.zeros_like(keypoints))

    hip_joints = _joint_indicator(HIPS_2D, keypoints)
    shoulder_joints = _joint_indicator(SHOULDERS_2D, keypoints)
    any_hip = ((seen * hip_joints).sum(dim=1, keepdim=True) > 0.5).to(torch.float32)
    weights = seen * (hip_joints * any_hip + shoulder_joints * (1.0 - any_hip))
    count = torch.clamp(weights.sum(dim=1, keepdim=True), min=1.0)
    centre = (points * weights.unsqueeze(-1)).sum(dim=1, keepdim=True) / count.unsqueeze(-1)

    anchors = points[:, list(ANCHORS_2D), :]
    anchor_seen = seen[:, list(ANCHORS_2D)]
    firsts = [i for i, _ in _ANCHOR_PAIRS]
    seconds = [j for _, j in _ANCHOR_PAIRS]
    delta = anchors[:, firsts, :] - anchors[:, seconds, :]
    distance = torch.sqrt((delta * delta).sum(dim=-1)) * anchor_seen[:, firsts] * anchor_seen[:, seconds]
    scale = torch.clamp(distance.max(dim=1, keepdim=True).values, min=MIN_SCALE)

    normalized = (points - centre) / scale.unsqueeze(-1) * 0.5
    return normalized * seen2


def visible_anchor_count(visibility: torch.Tensor) -> torch.Tensor:
    """[N,13] -> [N] number of seen anchor joints (a pose needs >= 2 to be valid)."""
    return seen_mask(visibility)[:, list(ANCHORS_2D)].sum(dim=1)


def _joint_indicator(joints: tuple[int, ...], like: torch.Tensor) -> torch.Tensor:
    """[1,13] with 1.0 at the given joints (a constant of the exported graph)."""
    values = [[1.0 if j in joints else 0.0 for j in range(NUM_JOINTS_2D)]]
    return torch.tensor(values, dtype=torch.float32, device=like.device)


def _check_shapes(keypoints: torch.Tensor, visibility: torch.Tensor) -> None:
    if keypoints.dim() != 3 or tuple(keypoints.shape[1:]) != (NUM_JOINTS_2D, 2):
        raise ValueError(f"keypoints must have shape [N, 13, 2], got {list(keypoints.shape)}")
    if visibility.dim() != 2 or visibility.shape[1] != NUM_JOINTS_2D or visibility.shape[0] != keypoints.shape[0]:
        raise ValueError(f"visibility must have shape [N, 13] matching keypoints [N, 13, 2], got {list(visibility.shape)}")
