"""Whole-body tilts: the pose rotated about a random horizontal axis through the pelvis, so bent
and lying bodies appear in front of the (near-horizontal) training cameras. NP-MPJPE is
rotation invariant, so the 3D label is unchanged; what changes is what the cameras see."""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch


def rotation_about_axis(axis: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    """Rodrigues: unit axes [n,3], angles [n] -> [n,3,3]."""
    x, y, z = axis.unbind(-1)
    zero = torch.zeros_like(x)
    k = torch.stack([torch.stack([zero, -z, y], -1), torch.stack([z, zero, -x], -1),
                     torch.stack([-y, x, zero], -1)], -2)
    eye = torch.eye(3, dtype=axis.dtype).expand_as(k)
    s, c = torch.sin(angle)[:, None, None], torch.cos(angle)[:, None, None]
    return eye + s * k + (1 - c) * (k @ k)


@dataclass
class BodyTilt:
    probability: float = 0.15
    max_degrees: float = 90.0

    def __call__(self, poses: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        n = poses.shape[0]
        heading = 2 * math.pi * torch.rand(n, generator=generator)
        axis = torch.stack([torch.cos(heading), torch.zeros(n), torch.sin(heading)], -1)  # horizontal (y is up)
        angle = math.radians(self.max_degrees) * torch.rand(n, generator=generator)
        angle = torch.where(torch.rand(n, generator=generator) < self.probability, angle, torch.zeros_like(angle))
        rotation = rotation_about_axis(axis, angle).to(poses)
        pelvis = poses[:, :1]
        return torch.einsum("nij,nkj->nki", rotation, poses - pelvis) + pelvis
