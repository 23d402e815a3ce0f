"""Body proportions: every bone type rescaled by its own factor per pose (left = right up to a
small asymmetry), plus small random re-placements of the hip and shoulder joints, with each
subtree following its parent. Mocap rigs place joints differently (cmu-aclstm's shoulder joints
are 23 cm apart, Bandai's and Character Creator's wider) and bodies differ; measured on held-out
CMU (issue 11), scaling bones by U(0.8, 1.2) was the augmentation that transferred."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .skeleton_tree import BONE_TYPE_INDEX, BONE_TYPES, BONES, CHILD, IS_LEFT, PARENT

_PLACED = torch.tensor([b in ("hip", "shoulder") for _, _, b in BONES])


@dataclass
class BoneProportions:
    probability: float = 0.9
    scale_min: float = 0.8
    scale_max: float = 1.2
    asymmetry: float = 0.03  # left and right factors differ by up to this fraction
    placement_jitter: float = 0.03  # hips and shoulders moved by N(0, this) in torso units

    def __call__(self, poses: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """[n,17,3] -> [n,17,3], the pelvis stays where it is."""
        n = poses.shape[0]
        scale = self.scale_min + (self.scale_max - self.scale_min) * torch.rand(n, len(BONE_TYPES), generator=generator)
        per_bone = scale[:, torch.as_tensor(BONE_TYPE_INDEX)]  # [n,16]
        skew = 1.0 + self.asymmetry * (2 * torch.rand(n, len(BONES), generator=generator) - 1)
        per_bone = per_bone * torch.where(torch.as_tensor(IS_LEFT), skew, torch.ones_like(skew))
        shift = self.placement_jitter * torch.randn(n, len(BONES), 3, generator=generator) * _PLACED[None, :, None]
        applied = torch.rand(n, generator=generator) < self.probability
        per_bone = torch.where(applied[:, None], per_bone, torch.ones_like(per_bone)).to(poses)
        shift = (shift * applied[:, None, None]).to(poses)
        vectors = poses[:, CHILD] - poses[:, PARENT]  # [n,16,3] original bones
        out = poses.clone()
        for b in range(len(BONES)):  # parents first: each child hangs off its already-moved parent
            out[:, CHILD[b]] = out[:, PARENT[b]] + per_bone[:, b, None] * vectors[:, b] + shift[:, b]
        return out
