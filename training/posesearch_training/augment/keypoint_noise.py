"""Detector-style 2D corruptions of the projected keypoints, in units of the person's size (the
largest distance among the four anchor joints, as the 2D normalization uses), so they mean the
same at any camera distance: per-joint Gaussian jitter and the systematic hip offset of COCO-
style detectors (their hips sit wider apart and higher than mocap hip joint centres)."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..skeleton import ANCHORS_2D, J2D


def anchor_scale(keypoints: torch.Tensor) -> torch.Tensor:
    """[n,13,2] -> [n]: the largest pairwise distance among the four anchor joints."""
    anchors = keypoints[:, list(ANCHORS_2D)]
    return torch.cdist(anchors, anchors).flatten(1).max(dim=1).values


@dataclass
class KeypointNoise:
    probability: float = 0.8
    max_sigma: float = 0.12  # per-view sigma ~ U(0, max_sigma) x anchor scale, per coordinate

    def __call__(self, keypoints: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        n = keypoints.shape[0]
        sigma = self.max_sigma * torch.rand(n, generator=generator)
        sigma = torch.where(torch.rand(n, generator=generator) < self.probability, sigma, torch.zeros_like(sigma))
        noise = torch.randn(keypoints.shape, generator=generator)
        return keypoints + (sigma.to(keypoints) * anchor_scale(keypoints))[:, None, None] * noise.to(keypoints)


@dataclass
class DetectorHipOffset:
    probability: float = 0.5
    max_widen: float = 0.25  # each hip moved outwards by up to this fraction of the hip distance
    max_raise: float = 0.12  # and towards its shoulder by up to this fraction of the hip-shoulder distance

    def __call__(self, keypoints: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        n = keypoints.shape[0]
        left, right = J2D["left_hip"], J2D["right_hip"]
        applied = (torch.rand(n, generator=generator) < self.probability).to(keypoints)
        widen = (self.max_widen * torch.rand(n, generator=generator)).to(keypoints) * applied
        lift = (self.max_raise * torch.rand(n, generator=generator)).to(keypoints) * applied
        across = keypoints[:, left] - keypoints[:, right]  # right -> left hip
        out = keypoints.clone()
        out[:, left] += widen[:, None] * across
        out[:, right] -= widen[:, None] * across
        for hip, shoulder in ((left, J2D["left_shoulder"]), (right, J2D["right_shoulder"])):
            out[:, hip] += lift[:, None] * (keypoints[:, shoulder] - keypoints[:, hip])
        return out
