"""Training pairs: B 3D poses, each projected through two independent random cameras (docs/method.md
section 6), with optional 3D/2D augmentation and keypoint dropout."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..augment.keypoint_dropout import KeypointDropout
from ..augment.keypoint_noise import DetectorHipOffset
from ..augment.pipeline import KeypointAugmentation2D, PoseAugmentation3D
from ..geometry.pose3d import CentredPoses
from ..skeleton import MODEL13_FROM_3D, NUM_JOINTS_2D
from .random_camera import CameraRanges, project, random_rotations


@dataclass
class PairBatch:
    keypoints: torch.Tensor  # [2B,13,2]: B anchors, then their B positives (windows: [2B,T,13,2])
    visibility: torch.Tensor  # [2B,13] (windows: [2B,T,13])
    poses: CentredPoses  # the B 3D labels (shared by anchor i and positive i); windows: B*T, frame-major
    index: torch.Tensor  # [B] rows of the training poses (windows: rows of `windows`)


class PairSampler:
    """Draws B training poses and projects each through two independent random cameras.

    With `augment_3d` the B poses are first transformed in 3D (the labels are the transformed
    poses); with `augment_2d` each view gets detector-style corruption after projection.
    `source_weights` (one weight per consecutive block of rows, `source_sizes`) sets the share of
    each source in a batch, whatever its size (a 36k-frame set beside a 360k-frame one).

    With `windows` ([M,T] rows of consecutive frames, data/windows.py; `source_sizes` then counts
    windows) it draws B windows instead (the temporal model): every frame of a window gets the same
    3D augmentation, the same camera per view, the same detector hip offset and the same keypoint
    dropout mask (an occluder persists over a fraction of a second), and its own keypoint jitter.
    """

    def __init__(self, normalized_poses: torch.Tensor, ranges: CameraRanges, dropout: KeypointDropout | None,
                 device: torch.device, augment_3d: PoseAugmentation3D | None = None,
                 augment_2d: KeypointAugmentation2D | None = None,
                 source_sizes: list[int] | None = None, source_weights: list[float] | None = None,
                 windows: torch.Tensor | None = None) -> None:
        self.poses = normalized_poses  # [N,17,3], normalized 3D (pelvis origin, torso 1)
        self.windows = windows  # [M,T] rows, or None for single frames
        self.window = 1 if windows is None else windows.shape[1]
        self.augment_3d = augment_3d if augment_3d is not None and augment_3d.active else None
        self.augment_2d = augment_2d if augment_2d is not None and augment_2d.active else None
        # Without 3D augmentation the labels never change: centre them once for the whole set.
        self.centred = None if self.augment_3d or windows is not None else CentredPoses(normalized_poses.to(device))
        self.ranges = ranges
        self.dropout = dropout
        self.device = device
        self.joints = torch.as_tensor(MODEL13_FROM_3D)
        items = len(normalized_poses) if windows is None else len(windows)
        sizes = source_sizes or [items]
        weights = source_weights or [float(n) for n in sizes]
        if sum(sizes) != items or len(weights) != len(sizes) or min(sizes) <= 0 or min(weights) < 0:
            raise ValueError(f"source sizes {sizes} / weights {weights} do not fit {len(normalized_poses)} poses")
        self.offsets = torch.tensor([0] + sizes[:-1]).cumsum(0)
        self.sizes = torch.tensor(sizes)
        self.weights = torch.tensor(weights, dtype=torch.float64)

    def _draw(self, batch: int, generator: torch.Generator) -> torch.Tensor:
        if len(self.sizes) == 1:
            return torch.randint(int(self.sizes[0]), (batch,), generator=generator)
        source = torch.multinomial(self.weights, batch, replacement=True, generator=generator)
        within = (torch.rand(batch, generator=generator, dtype=torch.float64) * self.sizes[source]).long()
        return self.offsets[source] + torch.minimum(within, self.sizes[source] - 1)

    def sample(self, batch: int, generator: torch.Generator) -> PairBatch:
        if self.windows is not None:
            return self._sample_windows(batch, generator)
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

    def _sample_windows(self, batch: int, generator: torch.Generator) -> PairBatch:
        idx = self._draw(batch, generator)
        window = self.window
        poses = self.poses[self.windows[idx]]  # [B,T,17,3]
        if self.augment_3d is not None:
            poses = torch.stack(_same_draws(self.augment_3d, [poses[:, t] for t in range(window)], generator), dim=1)
        flat = poses.reshape(batch * window, *poses.shape[2:])
        reach = (torch.linalg.norm(poses, dim=-1).amax(dim=(1, 2)) + 1.0 if self.augment_3d is not None
                 else torch.zeros(batch))
        views = []
        for _ in range(2):
            rotations = random_rotations(batch, self.ranges, generator)
            u = torch.rand(batch, generator=generator)
            depths = torch.maximum(self.ranges.depth_min + (self.ranges.depth_max - self.ranges.depth_min) * u, reach)
            projected = project(flat, rotations.repeat_interleave(window, dim=0), depths.repeat_interleave(window))
            views.append(projected[:, self.joints].reshape(batch, window, NUM_JOINTS_2D, 2))
        keypoints = torch.cat(views)  # [2B,T,13,2]
        if self.augment_2d is not None:
            keypoints = self._augment_2d_windows(keypoints, generator)
        if self.dropout is None:
            visibility = torch.ones(2 * batch, window, NUM_JOINTS_2D)
        else:
            visibility = self.dropout(2 * batch, generator)[:, None, :].expand(-1, window, -1).contiguous()
        return PairBatch(keypoints.to(self.device), visibility.to(self.device), CentredPoses(flat.to(self.device)), idx)

    def _augment_2d_windows(self, keypoints: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        """Hip offset shared by the window's frames (a detector's bias is systematic), jitter per frame."""
        items, window = keypoints.shape[:2]
        frames = [keypoints[:, t] for t in range(window)]
        for step in self.augment_2d.steps:
            if step.probability <= 0:
                continue
            if isinstance(step, DetectorHipOffset):
                frames = _same_draws(step, frames, generator)
            else:
                flat = step(torch.stack(frames, dim=1).reshape(items * window, NUM_JOINTS_2D, 2), generator)
                frames = list(flat.reshape(items, window, NUM_JOINTS_2D, 2).unbind(dim=1))
        return torch.stack(frames, dim=1)


def _same_draws(transform, frames: list[torch.Tensor], generator: torch.Generator) -> list[torch.Tensor]:
    """Apply a per-row random transform to each frame with the same random draws: the generator is
    rewound before every frame (the transforms draw tensors whose shapes depend on the row count
    only), then left where one call leaves it."""
    start = generator.get_state()
    out = []
    for frame in frames:
        generator.set_state(start)
        out.append(transform(frame, generator))
    return out
