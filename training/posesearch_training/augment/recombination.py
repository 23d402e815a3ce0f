"""Upper/lower-body recombination: the legs of one pose with the torso, head and arms of another
(turned about the vertical so both halves face the same way), making combinations of motions
that no clip holds (a salsa arm over a squat)."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..skeleton import J3D
from .body_tilt import rotation_about_axis
from .skeleton_tree import UPPER_BODY


def heading(poses: torch.Tensor) -> torch.Tensor:
    """Angle about world up (y) of the right -> left hip direction, [n]."""
    across = poses[:, J3D["left_hip"]] - poses[:, J3D["right_hip"]]
    return torch.atan2(across[:, 2], across[:, 0])


@dataclass
class UpperLowerRecombination:
    probability: float = 0.1

    def __call__(self, poses: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """Poses must have the pelvis at the origin (normalized); partners are other rows of the batch."""
        n = poses.shape[0]
        chosen = (torch.rand(n, generator=generator) < self.probability).nonzero(as_tuple=True)[0]
        if chosen.numel() == 0:
            return poses
        partner = torch.randint(n, (chosen.numel(),), generator=generator)
        # Rotating by -(a - b) about +y maps the partner's hip direction onto the pose's own.
        turn = heading(poses[partner]) - heading(poses[chosen])
        up = torch.tensor([0.0, 1.0, 0.0]).expand(chosen.numel(), 3)
        rotation = rotation_about_axis(up, turn.cpu()).to(poses)
        upper = poses[partner][:, UPPER_BODY] - poses[partner][:, J3D["pelvis"]][:, None]
        out = poses.clone()
        out[chosen[:, None], torch.as_tensor(UPPER_BODY)[None, :]] = (
            torch.einsum("nij,nkj->nki", rotation, upper) + poses[chosen][:, J3D["pelvis"]][:, None])
        return out
