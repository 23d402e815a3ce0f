"""One config for every augmentation of a training run, and the two stages built from it:
3D (before the cameras: recombination, proportions, mirroring, tilt) and 2D (after them:
detector hip offsets, then jitter). Keypoint dropout stays in keypoint_dropout.py."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch

from ..geometry.pose3d import normalize_3d
from .body_tilt import BodyTilt
from .bone_proportions import BoneProportions
from .keypoint_noise import DetectorHipOffset, KeypointNoise
from .mirror import Mirror
from .recombination import UpperLowerRecombination


@dataclass
class AugmentationConfig:
    recombination: dict = field(default_factory=lambda: asdict(UpperLowerRecombination()))
    proportions: dict = field(default_factory=lambda: asdict(BoneProportions()))
    mirror: dict = field(default_factory=lambda: asdict(Mirror()))
    tilt: dict = field(default_factory=lambda: asdict(BodyTilt()))
    hip_offset: dict = field(default_factory=lambda: asdict(DetectorHipOffset()))
    noise: dict = field(default_factory=lambda: asdict(KeypointNoise()))

    @classmethod
    def none(cls) -> "AugmentationConfig":
        """v1's training: no augmentation beyond the random cameras (and dropout)."""
        config = cls()
        for name in ("recombination", "proportions", "mirror", "tilt", "hip_offset", "noise"):
            getattr(config, name)["probability"] = 0.0
        return config

    def update(self, overrides: dict) -> None:
        """{"noise": {"max_sigma": 0.1}, "mirror": {"probability": 0}} style overrides; unknown keys fail."""
        for name, values in overrides.items():
            if not hasattr(self, name):
                raise ValueError(f"unknown augmentation {name!r} (known: {', '.join(asdict(self))})")
            target = getattr(self, name)
            for key, value in values.items():
                if key not in target:
                    raise ValueError(f"augmentation {name} has no setting {key!r} (known: {', '.join(target)})")
                target[key] = value
        self.validate()

    def validate(self) -> None:
        for name, values in asdict(self).items():
            if not 0.0 <= values["probability"] <= 1.0:
                raise ValueError(f"augmentation {name}: probability must be in [0, 1], got {values['probability']}")
        p = self.proportions
        if not 0 < p["scale_min"] <= p["scale_max"]:
            raise ValueError(f"augmentation proportions: need 0 < scale_min <= scale_max, got {p['scale_min']}, {p['scale_max']}")


class PoseAugmentation3D:
    def __init__(self, config: AugmentationConfig) -> None:
        self.steps = [UpperLowerRecombination(**config.recombination), BoneProportions(**config.proportions),
                      Mirror(**config.mirror), BodyTilt(**config.tilt)]
        self.active = any(s.probability > 0 for s in self.steps)

    def __call__(self, normalized: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """Normalized [n,17,3] -> augmented, normalized again (proportions change the torso length)."""
        if not self.active:
            return normalized
        poses = normalized
        for step in self.steps:
            if step.probability > 0:
                poses = step(poses, generator)
        return normalize_3d(poses)


class KeypointAugmentation2D:
    def __init__(self, config: AugmentationConfig) -> None:
        self.steps = [DetectorHipOffset(**config.hip_offset), KeypointNoise(**config.noise)]
        self.active = any(s.probability > 0 for s in self.steps)

    def __call__(self, keypoints: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        for step in self.steps:
            if step.probability > 0:
                keypoints = step(keypoints, generator)
        return keypoints
