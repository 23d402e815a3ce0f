"""Semi-hard in-batch negative mining (docs/method.md section 6).

For anchor i the candidates are the positives p_j of the other pairs whose 3D pose does not
match anchor i's (NP-MPJPE >= kappa). Semi-hard: among candidates with D(a_i, p_j) > D(a_i, p_i)
take the one with the smallest D. Anchors with no such candidate are skipped. Works on
already computed, detached matrices: no gradient flows through mining.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class MinedTriplets:
    anchors: torch.Tensor  # [T] anchor (= positive) row of each triplet
    negatives: torch.Tensor  # [T] positive row used as the negative
    batch_size: int

    @property
    def count(self) -> int:
        return int(self.anchors.numel())


class SemiHardNegativeMiner:
    def __call__(self, distance: torch.Tensor, pose_matches: torch.Tensor) -> MinedTriplets:
        """distance [B,B]: D(a_i, p_j); pose_matches [B,B] bool: 3D poses of i and j match (< kappa)."""
        if distance.dim() != 2 or distance.shape[0] != distance.shape[1]:
            raise ValueError(f"distance must be a square [B,B] matrix, got {list(distance.shape)}")
        if pose_matches.shape != distance.shape or pose_matches.dtype != torch.bool:
            raise ValueError("pose_matches must be a bool matrix of the same shape as distance")
        with torch.no_grad():
            d = distance.detach()
            positive = d.diagonal().unsqueeze(1)
            candidates = (~pose_matches) & (d > positive)
            masked = torch.where(candidates, d, torch.full_like(d, float("inf")))
            best = masked.argmin(dim=1)
            has = candidates.any(dim=1)
            anchors = torch.nonzero(has, as_tuple=False).flatten()
            return MinedTriplets(anchors=anchors, negatives=best[anchors], batch_size=d.shape[0])
