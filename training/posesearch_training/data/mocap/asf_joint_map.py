"""Map from an Acclaim ASF skeleton (the VICON bone names of CMU and HDM05) to the 17 3D joints.

A joint is the *start* of a bone (the end of its parent), in metres, y up, from
asf_amc.forward_kinematics:
- pelvis = the root position; hips, knees, ankles = starts of l/r femur, tibia, foot;
  shoulders, elbows, wrists = starts of l/r humerus, radius, wrist; thorax = start of
  lowerneck (the neck base, a few cm below the shoulder joints' height).
- spine = the point halfway, by bone length, along the chain of bones from the root to the
  start of lowerneck (lowerback, upperback, thorax): halfway up the torso as in Human3.6M
  (and as the Bandai and CMU BVH maps do). For the HDM05 skeletons it falls within 5 mm
  of the middle of upperback.
- head_top = end of the head bone.
- nose: no bone ends there, so it is a fixed point of the head: the head bone's start
  (the end of upperneck) + R_head @ (0.12 m * forward_rest - 0.07 m * up_rest), where
  R_head is the head bone's global rotation and forward_rest / up_rest are the body's
  facing and up in the ASF rest pose (all rotations zero), measured on the skeleton
  itself as body_frame.body_axes does: up = pelvis -> thorax, forward = (right_hip ->
  left_hip) x up (+z, the toes' direction, in CMU and HDM05). The ASF rest pose is the
  upright neutral pose, so unlike the BVH rigs no measured head frame is needed. The head
  bone starts 16-19 cm above the neck base and is 8-10 cm long; the offsets put the nose
  11-13 cm in front of the thorax and at 30-47 % (per-actor medians; some actors look down
  a lot) of the height from thorax to head_top on upright frames, close to the CMU and
  Bandai maps of joint_maps.py (42-44 %, 11-14 cm).
`l` bones are the person's own left (tests/data/mocap/test_asf_amc.py checks it on real clips).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...skeleton import J3D, JOINTS_3D
from .asf_amc import ROOT, AsfSkeleton, forward_kinematics, rest_motion
from .body_frame import body_axes


@dataclass(frozen=True)
class AsfJointMap:
    name: str
    bone_starts: dict[str, str]  # 3D joint -> the bone whose start it is ("root": the root position)
    spine_chain_to: str  # spine: halfway along the bones from the root to this bone's start
    head_bone: str  # head_top = its end; nose = its start + R_head @ offset
    nose_offset_m: tuple[float, float]  # (forward, up) in the rest pose's body axes

    def bones(self) -> set[str]:
        return set(self.bone_starts.values()) | {self.spine_chain_to, self.head_bone}


def _sides(parts: dict[str, str]) -> dict[str, str]:
    return {f"{side}_{part}": bone.format(side=side[0]) for part, bone in parts.items() for side in ("left", "right")}


ACCLAIM_VICON = AsfJointMap(
    name="acclaim-vicon",
    bone_starts={
        "pelvis": ROOT,
        "thorax": "lowerneck",
        **_sides({"hip": "{side}femur", "knee": "{side}tibia", "ankle": "{side}foot",
                  "shoulder": "{side}humerus", "elbow": "{side}radius", "wrist": "{side}wrist"}),
    },
    spine_chain_to="lowerneck",
    head_bone="head",
    nose_offset_m=(0.12, -0.07),
)


def bone_indices(skeleton: AsfSkeleton, joint_map: AsfJointMap) -> dict[str, int]:
    """Bone name -> index; a missing bone is a ValueError naming them all."""
    names = skeleton.bone_names
    missing = sorted(b for b in joint_map.bones() if b not in names)
    if missing:
        raise ValueError(f"{skeleton.source}: not an {joint_map.name} skeleton, missing bones {', '.join(missing)}")
    return {b: names.index(b) for b in joint_map.bones()}


def spine_point(skeleton: AsfSkeleton, joint_map: AsfJointMap = ACCLAIM_VICON) -> tuple[int, float]:
    """(bone index, fraction t): spine = start + t (end - start) of that bone, halfway along the chain."""
    index = bone_indices(skeleton, joint_map)
    chain = []
    bone = skeleton.bones[index[joint_map.spine_chain_to]].parent
    while bone > 0:  # bones between the root and the chain's end, root side last
        chain.append(bone)
        bone = skeleton.bones[bone].parent
    chain.reverse()
    if not chain:
        raise ValueError(f"{skeleton.source}: {joint_map.spine_chain_to} hangs off the root, no torso chain")
    lengths = [skeleton.bones[b].length for b in chain]
    half = sum(lengths) / 2
    for b, length in zip(chain, lengths):
        if half <= length and length > 0:
            return b, half / length
        half -= length
    return chain[-1], 1.0


def rest_axes(skeleton: AsfSkeleton, joint_map: AsfJointMap = ACCLAIM_VICON) -> tuple[np.ndarray, np.ndarray]:
    """(forward, up) of the body in the ASF rest pose, as body_frame.body_axes defines them."""
    starts, ends, rotations = forward_kinematics(skeleton, rest_motion(skeleton))
    pose = _mapped_points(starts, ends, skeleton, joint_map)
    forward, up, _ = body_axes(pose[0])
    return forward, up


def _mapped_points(starts: np.ndarray, ends: np.ndarray, skeleton: AsfSkeleton, joint_map: AsfJointMap
                   ) -> np.ndarray:
    """Every joint but the nose (left zero) from bone starts and ends: [F, 17, 3]."""
    index = bone_indices(skeleton, joint_map)
    out = np.zeros((starts.shape[0], len(JOINTS_3D), 3))
    for joint, bone in joint_map.bone_starts.items():
        out[:, J3D[joint]] = starts[:, index[bone]]
    b, t = spine_point(skeleton, joint_map)
    out[:, J3D["spine"]] = (1.0 - t) * starts[:, b] + t * ends[:, b]
    out[:, J3D["head_top"]] = ends[:, index[joint_map.head_bone]]
    return out


def map_to_skeleton(starts: np.ndarray, ends: np.ndarray, rotations: np.ndarray, skeleton: AsfSkeleton,
                    joint_map: AsfJointMap = ACCLAIM_VICON) -> np.ndarray:
    """asf_amc.forward_kinematics output -> float64 [F, 17, 3] metres, y up."""
    out = _mapped_points(starts, ends, skeleton, joint_map)
    head = bone_indices(skeleton, joint_map)[joint_map.head_bone]
    forward, up = rest_axes(skeleton, joint_map)
    forward_m, up_m = joint_map.nose_offset_m
    out[:, J3D["nose"]] = starts[:, head] + rotations[:, head] @ (forward_m * forward + up_m * up)
    return out
