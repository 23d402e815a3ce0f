"""Keypoint dropout for the occlusion-robust variant (docs/method.md section 6).

(a) independent: with probability `independent_instance` an instance is picked, then each of
its joints is dropped with probability `independent_joint`;
(b) structured: whole body parts drop together, as a real occluder or the image border does.
Each part has its own probability per instance (sides chosen at random). A mask that would
leave fewer than 2 visible anchor joints is undone (the service rejects such poses).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch

from ..skeleton import ANCHORS_2D, J2D, NUM_JOINTS_2D


def _side(side: str, *parts: str) -> tuple[int, ...]:
    return tuple(J2D[f"{side}_{p}"] for p in parts)


# Body parts as joint sets, per side where the part has one.
BODY_PARTS: dict[str, tuple[tuple[int, ...], ...]] = {
    "forearm": (_side("left", "elbow", "wrist"), _side("right", "elbow", "wrist")),
    "arm": (_side("left", "shoulder", "elbow", "wrist"), _side("right", "shoulder", "elbow", "wrist")),
    "lower_leg": (_side("left", "knee", "ankle"), _side("right", "knee", "ankle")),
    "leg": (_side("left", "hip", "knee", "ankle"), _side("right", "hip", "knee", "ankle")),
    "lower_body": (_side("left", "hip", "knee", "ankle") + _side("right", "hip", "knee", "ankle"),),
    "one_side": (_side("left", "shoulder", "elbow", "wrist", "hip", "knee", "ankle"),
                 _side("right", "shoulder", "elbow", "wrist", "hip", "knee", "ankle")),
    "head": ((J2D["nose"],),),
}


@dataclass
class DropoutConfig:
    independent_instance: float = 0.2
    independent_joint: float = 0.15
    forearm: float = 0.08
    arm: float = 0.04
    lower_leg: float = 0.08
    leg: float = 0.04
    lower_body: float = 0.04
    one_side: float = 0.04
    head: float = 0.04

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"keypoint dropout probability {name} must be in [0, 1], got {value}")

    @classmethod
    def none(cls) -> "DropoutConfig":
        return cls(**{name: 0.0 for name in asdict(cls())})


class KeypointDropout:
    def __init__(self, config: DropoutConfig) -> None:
        self.config = config
        self._parts = [(name, [torch.tensor(joints) for joints in BODY_PARTS[name]]) for name in BODY_PARTS]

    def __call__(self, batch: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """[batch,13] visibility masks (1 seen, 0 dropped)."""
        c = self.config
        drop = torch.zeros(batch, NUM_JOINTS_2D, dtype=torch.bool)
        picked = torch.rand(batch, generator=generator) < c.independent_instance
        drop |= picked[:, None] & (torch.rand(batch, NUM_JOINTS_2D, generator=generator) < c.independent_joint)
        for name, sides in self._parts:
            hit = torch.rand(batch, generator=generator) < getattr(c, name)
            side = torch.randint(len(sides), (batch,), generator=generator)
            for s, joints in enumerate(sides):
                rows = hit & (side == s)
                drop[rows.nonzero(as_tuple=True)[0][:, None], joints[None, :]] = True
        visibility = (~drop).to(torch.float32)
        too_few = visibility[:, list(ANCHORS_2D)].sum(dim=1) < 2
        visibility[too_few] = 1.0
        return visibility
