"""3D mirroring: x -> -x with the left/right labels swapped, a different and equally real body
(a left-handed serve for a right-handed one). Both views of a pair see the mirrored pose."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .skeleton_tree import MIRROR_PERMUTATION


@dataclass
class Mirror:
    probability: float = 0.5

    def __call__(self, poses: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        flip = torch.rand(poses.shape[0], generator=generator) < self.probability
        mirrored = poses[:, torch.as_tensor(MIRROR_PERMUTATION)] * torch.tensor([-1.0, 1.0, 1.0]).to(poses)
        return torch.where(flip[:, None, None].to(poses.device), mirrored, poses)
