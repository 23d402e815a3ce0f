"""Training pairs: B 3D poses, each projected through two independent random cameras (docs/method.md
section 6), with optional 3D/2D augmentation and keypoint dropout."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..augment.keypoint_dropout import KeypointDropout
from ..augment.pipeline import KeypointAugmentation2D, PoseAugmentation3D
from ..geometry.pose3d import CentredPoses
from ..skeleton import MODEL13_FROM_3D, NUM_JOINTS_2D
from .random_camera import CameraRanges, project, random_rotations


@dataclass
class PairBatch:
    keypoints: torch.Tensor  # [2B,13,2]: B anchors, then their B positives
    visibility: torch.Tensor  # [2B,13]
    poses: CentredPoses  # the B 3D labels (shared by anchor i and positive i)
    index: torch.Tensor  # [B] rows of the training poses


class PairSampler:
    """Draws B training poses and projects each through two independent random cameras.

    With `augment_3d` the B poses are first transformed in 3D (the labels are the transformed
    poses); with `augment_2d` each view gets detector-style corruption after projection.
    `source_weights` (one weight per consecutive block of rows, `source_sizes`) sets the share of
    each source in a batch, whatever its size (a 36k-frame set beside a 360k-frame one).
    """

    def __init__(self, normalized_poses: torch.Tensor, ranges: CameraRanges, dropout: KeypointDropout | None,
                 device: torch.device, augment_3d: PoseAugmentation3D | None = None,
                 augment_2d: KeypointAugmentation2D | None = None,
                 source_sizes: list[int] | None = None, source_weights: list[float] | None = None) -> None:
        self.poses = normalized_poses  # [N,17,3], normalized 3D (pelvis origin, torso 1)
        self.augment_3d = augment_3d if augment_3d is not None and augment_3d.active else None
        self.augment_2d = augment_2d if augment_2d is not None and augment_2d.active else None
        # Without 3D augmentation the labels never change: centre them once for the whole set.
        self.centred = None if self.augment_3d else CentredPoses(normalized_poses.to(device))
        self.ranges = ranges
        self.dropout = dropout
        self.device = device
        self.joints = torch.as_tensor(MODEL13_FROM_3D)
        sizes = source_sizes or [len(normalized_poses)]
        weights = source_weights or [float(n) for n in sizes]
        if sum(sizes) != len(normalized_poses) or len(weights) != len(sizes) or min(sizes) <= 0 or min(weights) < 0:
            raise ValueError(f"source sizes {sizes} / weights {weights} do not fit {len(normalized_poses)} poses")
        self.offsets = torch.tensor([0] + sizes[:-1]).cumsum(0)
        self.sizes = torch.tensor(sizes)
        self.weights = torch.tensor(weights, dtype=torch.float64)

    def _draw(self, batch: int, generator: torch.Generator) -> torch.Tensor:
        if len(self.sizes) == 1:
            return torch.randint(len(self.poses), (batch,), generator=generator)
        source = torch.multinomial(self.weights, batch, replacement=True, generator=generator)
        within = (torch.rand(batch, generator=generator, dtype=torch.float64) * self.sizes[source]).long()
        return self.offsets[source] + torch.minimum(within, self.sizes[source] - 1)

    def sample(self, batch: int, generator: torch.Generator) -> PairBatch:
        idx = self._draw(batch, generator)
        poses = self.poses[idx]
        if self.augment_3d is not None:
            poses = self.augment_3d(poses, generator)
        # Augmented bodies can reach further from the pelvis than the depth range allows for; keep
        # every joint at least 1 torso unit in front of the camera. Unaugmented mocap stays inside
        # the range (depth_min 2.5 > 2.2 torso units), so its camera distribution is left as it was.
        reach = (torch.linalg.norm(poses, dim=-1).max(dim=1).values + 1.0 if self.augment_3d is not None
                 else torch.zeros(batch))
        views = []
        for _ in range(2):
            rotations = random_rotations(batch, self.ranges, generator)
            u = torch.rand(batch, generator=generator)
            depths = self.ranges.depth_min + (self.ranges.depth_max - self.ranges.depth_min) * u
            views.append(project(poses, rotations, torch.maximum(depths, reach))[:, self.joints])
        keypoints = torch.cat(views)
        if self.augment_2d is not None:
            keypoints = self.augment_2d(keypoints, generator)
        if self.dropout is None:
            visibility = torch.ones(2 * batch, NUM_JOINTS_2D)
        else:
            visibility = self.dropout(2 * batch, generator)
        labels = (self.centred.subset(idx.to(self.device)) if self.centred is not None
                  else CentredPoses(poses.to(self.device)))
        return PairBatch(keypoints.to(self.device), visibility.to(self.device), labels, idx)
