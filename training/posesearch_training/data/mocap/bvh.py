"""BVH reader (.bvh and .bvh.gz) and vectorized forward kinematics.

Conventions (the usual BVH ones):
- A joint's local transform is a translation followed by a rotation. The translation is
  its OFFSET, or, where the joint has position channels, the per-frame channel values
  (see `forward_kinematics` for "replace" versus "add").
- Rotation channels are Euler angles in degrees, applied in the order the CHANNELS line
  lists them, intrinsically: for `Zrotation Xrotation Yrotation` the local rotation is
  R = Rz @ Rx @ Ry, mapping child-frame vectors into the parent frame.
- Global: p_j = p_parent + G_parent @ t_j, G_j = G_parent @ R_j.
An End Site becomes a joint named `<parent>.end` with no channels.
"""
from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

ROTATION_CHANNELS = {"Xrotation": 0, "Yrotation": 1, "Zrotation": 2}
POSITION_CHANNELS = {"Xposition": 0, "Yposition": 1, "Zposition": 2}
END_SITE_SUFFIX = ".end"

_MOTION_LINE = re.compile(rb"^[ \t]*MOTION[ \t]*\r?$", re.MULTILINE)
_MOTION_HEADER = re.compile(rb"\s*Frames:[ \t]*(\S+)[ \t]*\r?\n\s*Frame[ \t]+Time:[ \t]*(\S+)[ \t]*\r?(?:\n|$)")


@dataclass(frozen=True)
class BvhJoint:
    name: str
    parent: int  # index into BvhClip.joints, -1 for a root
    offset: tuple[float, float, float]
    channels: tuple[str, ...]  # as listed on the CHANNELS line; empty for an End Site
    first_channel: int  # column of channels[0] in a MOTION row
    is_end_site: bool = False


@dataclass(frozen=True)
class BvhClip:
    joints: tuple[BvhJoint, ...]  # parents come before their children
    frame_time: float  # seconds
    motion: np.ndarray  # float64 [frames, channels]
    source: str

    @property
    def num_frames(self) -> int:
        return int(self.motion.shape[0])

    @property
    def fps(self) -> float:
        return 1.0 / self.frame_time

    @property
    def joint_names(self) -> tuple[str, ...]:
        return tuple(j.name for j in self.joints)

    def index(self, name: str) -> int:
        for i, joint in enumerate(self.joints):
            if joint.name == name:
                return i
        raise KeyError(f"{self.source}: no joint named {name!r}")


def read_bvh(path: str | Path) -> BvhClip:
    """Reads a .bvh file, gzip-compressed when its name ends in .gz or its bytes say so."""
    path = Path(path)
    with open(path, "rb") as f:
        data = f.read()
    if path.name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)  # OSError (BadGzipFile) or EOFError when it is not whole gzip
    return parse_bvh(data, source=str(path))


def parse_bvh(data: bytes | str, source: str = "<bvh>") -> BvhClip:
    """Parses BVH text; raises ValueError naming the source and the problem."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    motion_line = _MOTION_LINE.search(data)
    if motion_line is None:
        raise ValueError(f"{source}: no MOTION section")
    joints, num_channels = _parse_hierarchy(data[: motion_line.start()].decode("utf-8", "replace"), source)
    header = _MOTION_HEADER.match(data, motion_line.end())
    if header is None:
        raise ValueError(f"{source}: MOTION must be followed by 'Frames: N' and 'Frame Time: T' lines")
    try:
        num_frames = int(header.group(1))
        frame_time = float(header.group(2))
    except ValueError:
        raise ValueError(
            f"{source}: bad MOTION header 'Frames: {header.group(1).decode()}', "
            f"'Frame Time: {header.group(2).decode()}'") from None
    if num_frames < 0 or not frame_time > 0:
        raise ValueError(f"{source}: MOTION header needs Frames >= 0 and Frame Time > 0, "
                         f"got {num_frames} and {frame_time}")
    motion = _parse_motion(data[header.end():], num_frames, num_channels, source)
    return BvhClip(joints=tuple(joints), frame_time=frame_time, motion=motion, source=source)


def _parse_motion(body: bytes, num_frames: int, num_channels: int, source: str) -> np.ndarray:
    if not body.strip():
        values = np.zeros((0, num_channels))
    else:
        try:
            values = np.loadtxt(io.BytesIO(body), dtype=np.float64, ndmin=2)
        except ValueError as e:
            raise ValueError(f"{source}: unreadable MOTION frame values: {e}") from None
    if values.shape[0] > 0 and values.shape[1] != num_channels:
        raise ValueError(f"{source}: each MOTION frame must have {num_channels} values (the channels of "
                         f"the hierarchy) but has {values.shape[1]}")
    if values.shape[0] != num_frames:
        raise ValueError(f"{source}: 'Frames: {num_frames}' but the MOTION section has {values.shape[0]} frame rows")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{source}: MOTION frame values contain NaN or infinity")
    return values


class _Tokens:
    def __init__(self, text: str, source: str):
        self.items = text.split()
        self.pos = 0
        self.source = source

    def next(self, what: str) -> str:
        if self.pos >= len(self.items):
            raise ValueError(f"{self.source}: HIERARCHY ends early, expected {what}")
        token = self.items[self.pos]
        self.pos += 1
        return token

    def expect(self, literal: str) -> None:
        token = self.next(repr(literal))
        if token != literal:
            raise ValueError(f"{self.source}: HIERARCHY: expected {literal!r}, found {token!r}")

    def number(self, what: str) -> float:
        token = self.next(what)
        try:
            return float(token)
        except ValueError:
            raise ValueError(f"{self.source}: HIERARCHY: {what} must be a number, found {token!r}") from None


def _parse_hierarchy(text: str, source: str) -> tuple[list[BvhJoint], int]:
    tokens = _Tokens(text, source)
    tokens.expect("HIERARCHY")
    joints: list[BvhJoint] = []
    num_channels = 0

    def parse_joint(parent: int, is_end_site: bool) -> None:
        nonlocal num_channels
        if is_end_site:
            tokens.expect("Site")
            name = joints[parent].name + END_SITE_SUFFIX
        else:
            name = tokens.next("a joint name")
            if any(j.name == name for j in joints):
                raise ValueError(f"{source}: HIERARCHY: joint name {name!r} appears twice")
        tokens.expect("{")
        tokens.expect("OFFSET")
        offset = tuple(tokens.number(f"OFFSET of {name}") for _ in range(3))
        channels: tuple[str, ...] = ()
        if not is_end_site:
            tokens.expect("CHANNELS")
            count = tokens.number(f"CHANNELS count of {name}")
            if count != int(count) or not 0 <= count <= 6:
                raise ValueError(f"{source}: HIERARCHY: CHANNELS count of {name} must be 0..6, found {count}")
            channels = tuple(tokens.next(f"a channel name of {name}") for _ in range(int(count)))
            for channel in channels:
                if channel not in ROTATION_CHANNELS and channel not in POSITION_CHANNELS:
                    raise ValueError(f"{source}: HIERARCHY: unknown channel {channel!r} on joint {name}")
            if len(set(channels)) != len(channels):
                raise ValueError(f"{source}: HIERARCHY: repeated channel on joint {name}: {channels}")
        index = len(joints)
        joints.append(BvhJoint(name, parent, offset, channels, num_channels, is_end_site))  # type: ignore[arg-type]
        num_channels += len(channels)
        while True:
            token = tokens.next(f"'}}' closing {name}")
            if token == "}":
                return
            if is_end_site:
                raise ValueError(f"{source}: HIERARCHY: End Site of {joints[parent].name} must only have an OFFSET")
            if token == "JOINT":
                parse_joint(index, is_end_site=False)
            elif token == "End":
                parse_joint(index, is_end_site=True)
            else:
                raise ValueError(f"{source}: HIERARCHY: expected JOINT, End Site or '}}' in {name}, found {token!r}")

    tokens.expect("ROOT")
    parse_joint(-1, is_end_site=False)
    while tokens.pos < len(tokens.items):
        tokens.expect("ROOT")
        parse_joint(-1, is_end_site=False)
    return joints, num_channels


def euler_to_matrix(angles_deg: np.ndarray, axes: str) -> np.ndarray:
    """Intrinsic Euler angles -> rotation matrices: axes "ZXY" gives Rz(a0) @ Rx(a1) @ Ry(a2).

    angles_deg: [..., len(axes)] in degrees; returns [..., 3, 3].
    """
    angles = np.deg2rad(np.asarray(angles_deg, dtype=np.float64))
    if angles.shape[-1] != len(axes):
        raise ValueError(f"{len(axes)} axes {axes!r} but {angles.shape[-1]} angles")
    result = np.broadcast_to(np.eye(3), angles.shape[:-1] + (3, 3)).copy()
    for k, axis in enumerate(axes):
        result = result @ _axis_rotation(angles[..., k], axis)
    return result


def _axis_rotation(angle: np.ndarray, axis: str) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    m = np.zeros(angle.shape + (3, 3))
    i = "XYZ".index(axis)
    j, k = (i + 1) % 3, (i + 2) % 3  # right-handed cyclic order, so Rz turns x towards y
    m[..., i, i] = 1.0
    m[..., j, j] = c
    m[..., j, k] = -s
    m[..., k, j] = s
    m[..., k, k] = c
    return m


def forward_kinematics(clip: BvhClip, position_channels: Literal["replace", "add"] = "replace"
                       ) -> tuple[np.ndarray, np.ndarray]:
    """All frames at once -> (global positions [F, J, 3], global rotations [F, J, 3, 3]).

    position_channels: "replace": a joint's position channel values are its local
    translation, replacing the OFFSET on those axes (what the Bandai files mean: their
    non-root frame values equal the OFFSETs); "add": they are added to the OFFSET (the CMU
    Character Creator files: root OFFSET y = hip height, root Yposition near 0).
    An End Site's rotation is its parent's.
    """
    if position_channels not in ("replace", "add"):
        raise ValueError(f"position_channels must be 'replace' or 'add', got {position_channels!r}")
    num_frames, num_joints = clip.num_frames, len(clip.joints)
    local_rotations = _local_rotations(clip)
    positions = np.empty((num_frames, num_joints, 3))
    rotations = np.empty((num_frames, num_joints, 3, 3))
    for j, joint in enumerate(clip.joints):
        translation = np.broadcast_to(np.asarray(joint.offset, dtype=np.float64), (num_frames, 3)).copy()
        for k, channel in enumerate(joint.channels):
            if channel in POSITION_CHANNELS:
                axis, column = POSITION_CHANNELS[channel], joint.first_channel + k
                if position_channels == "replace":
                    translation[:, axis] = clip.motion[:, column]
                else:
                    translation[:, axis] += clip.motion[:, column]
        local = local_rotations.get(j)
        if joint.parent < 0:
            positions[:, j] = translation
            rotations[:, j] = np.eye(3) if local is None else local
        else:
            parent_rotation = rotations[:, joint.parent]
            positions[:, j] = positions[:, joint.parent] + np.einsum("fab,fb->fa", parent_rotation, translation)
            rotations[:, j] = parent_rotation if local is None else parent_rotation @ local
    return positions, rotations


def _local_rotations(clip: BvhClip) -> dict[int, np.ndarray]:
    """Joint index -> local rotation matrices [F, 3, 3], for the joints with rotation channels.
    Joints sharing a rotation order are converted together (one call instead of one per joint)."""
    groups: dict[str, list[tuple[int, list[int]]]] = {}
    for j, joint in enumerate(clip.joints):
        axes = "".join(c[0] for c in joint.channels if c in ROTATION_CHANNELS)
        if axes:
            columns = [joint.first_channel + k for k, c in enumerate(joint.channels) if c in ROTATION_CHANNELS]
            groups.setdefault(axes, []).append((j, columns))
    result = {}
    for axes, members in groups.items():
        angles = clip.motion[:, [c for _, columns in members for c in columns]].reshape(
            clip.num_frames, len(members), len(axes))
        matrices = euler_to_matrix(angles, axes)
        for g, (j, _) in enumerate(members):
            result[j] = matrices[:, g]
    return result
