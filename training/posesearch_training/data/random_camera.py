"""Random camera augmentation (docs/method.md section 6): rotate, place at a depth, pinhole-project.

Conventions shared with the C# core: the 3D poses are y up; the camera frame is x right,
y down, z forward (OpenCV); projection is (X/Z, Y/Z) with unit focal length. The base view
looks along world +z with image y = -world y, which needs image x = -world x to stay a
proper rotation (det +1): a camera with det -1 would mirror the person left/right.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from ..geometry.pose3d import normalize_3d

# World (y up) -> camera (y down) for a horizontal camera looking along world +z.
BASE_VIEW = torch.tensor([[-1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]])


@dataclass
class CameraRanges:
    azimuth_deg: float = 180.0
    elevation_deg: float = 30.0
    roll_deg: float = 30.0
    depth_min: float = 2.5
    depth_max: float = 10.0

    def __post_init__(self) -> None:
        if not 0.0 < self.depth_min <= self.depth_max:
            raise ValueError(f"need 0 < depth_min <= depth_max, got {self.depth_min}, {self.depth_max}")


def _axis_rotation(angle: torch.Tensor, axis: int) -> torch.Tensor:
    """[n] radians -> [n,3,3] right-handed rotations about a coordinate axis."""
    c, s = torch.cos(angle), torch.sin(angle)
    one, zero = torch.ones_like(angle), torch.zeros_like(angle)
    if axis == 0:
        rows = [[one, zero, zero], [zero, c, -s], [zero, s, c]]
    elif axis == 1:
        rows = [[c, zero, s], [zero, one, zero], [-s, zero, c]]
    else:
        rows = [[c, -s, zero], [s, c, zero], [zero, zero, one]]
    return torch.stack([torch.stack(r, dim=-1) for r in rows], dim=-2)


def camera_rotations(azimuth: torch.Tensor, elevation: torch.Tensor, roll: torch.Tensor) -> torch.Tensor:
    """World -> camera rotations [n,3,3]: turn the pose about world up (azimuth), then tilt the
    camera about its x axis (elevation) and spin it about its optical axis (roll)."""
    base = BASE_VIEW.to(azimuth)
    return _axis_rotation(roll, 2) @ _axis_rotation(elevation, 0) @ base @ _axis_rotation(azimuth, 1)


def random_rotations(n: int, ranges: CameraRanges, generator: torch.Generator | None = None,
                     device: torch.device | str = "cpu") -> torch.Tensor:
    def uniform(limit_deg: float) -> torch.Tensor:
        u = torch.rand(n, generator=generator) * 2.0 - 1.0
        return (u * math.radians(limit_deg)).to(device)

    return camera_rotations(uniform(ranges.azimuth_deg), uniform(ranges.elevation_deg), uniform(ranges.roll_deg))


def project(poses3d: torch.Tensor, rotations: torch.Tensor, depths: torch.Tensor) -> torch.Tensor:
    """Normalized 3D poses [n,J,3] (pelvis at the origin), world->camera rotations [n,3,3], depths [n]
    -> unit-focal image coordinates [n,J,2] of the pose with its pelvis at (0, 0, depth)."""
    cam = torch.einsum("nij,nkj->nki", rotations, poses3d)
    cam = cam + torch.stack([torch.zeros_like(depths), torch.zeros_like(depths), depths], dim=-1)[:, None, :]
    z = cam[..., 2:3]
    if bool((z <= 1e-3).any()):
        raise ValueError("a joint is at or behind the camera; increase the depth range")
    return cam[..., :2] / z


def random_projection(poses3d: torch.Tensor, ranges: CameraRanges, generator: torch.Generator | None = None) -> torch.Tensor:
    """Raw 3D poses [n,17,3] -> [n,17,2] through one random camera each (unit focal length)."""
    n = poses3d.shape[0]
    rotations = random_rotations(n, ranges, generator, poses3d.device).to(poses3d.dtype)
    u = torch.rand(n, generator=generator).to(poses3d)
    depths = ranges.depth_min + (ranges.depth_max - ranges.depth_min) * u
    return project(normalize_3d(poses3d), rotations, depths)
