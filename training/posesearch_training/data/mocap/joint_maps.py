"""Maps from a motion-capture rig to the 17-joint skeleton (skeleton.JOINTS_3D), in metres.

Each 3D joint except nose and head_top is a weighted mean of rig joint positions. The rigs
have no nose or head-top joint, so both are synthesized as fixed points of the head: an
offset (forward, up) in the rig's *neutral head frame*, moved each frame with the head
joint's global rotation:
    point = head + R_head @ (forward_m * head_forward_local + up_m * head_up_local)

The neutral head frame (head_forward_local, head_up_local: the directions, in the head
joint's local axes, that point forward and up when the person stands and looks ahead)
cannot come from the rest pose of these files: with all rotations zero, the Bandai rig
lies with every bone along +x (legs included), and the CMU Character Creator files have
no T-pose frame (see tpose.py). It was measured instead on upright frames of real clips
(`estimate_neutral_head_axes`: world up, and the horizontal heading from the hips): the
head's bone axis leans about 10 degrees forward of vertical in both rigs, so both frames
below are the rig's bone axes tilted by 10 degrees. tests/data/mocap/test_joint_maps.py
re-measures them.

Offsets (metres), chosen from the rigs' proportions (no mesh ships with either):
- CMU / Character Creator: the head joint sits low in the skull, with the eye joints
  8.2 cm up and 8.2 cm forward in its axes (6.7 cm up, 9.5 cm forward in the neutral
  frame). Nose tip = eyes + ~3.5 cm down and ~2.5 cm forward -> (0.12 forward,
  0.03 up); head top (vertex) = ~11.5 cm above the eyes, above the ear -> (0.01, 0.18).
- Bandai: a ~0.82x smaller skeleton (legs 80 cm vs 97.5 cm) whose head joint is 6.5 cm
  above the neck base -> nose (0.10 forward, 0.03 up), head top (0.01, 0.15).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...skeleton import J3D, JOINTS_3D
from .body_frame import unit
from .bvh import BvhClip

_TILT = np.deg2rad(10.0)
_C, _S = float(np.cos(_TILT)), float(np.sin(_TILT))


@dataclass(frozen=True)
class RigMap:
    name: str
    position_channels: str  # how forward_kinematics reads position channels for this rig
    metres_per_unit: float
    sources: dict[str, tuple[tuple[str, float], ...]]  # 3D joint -> (rig joint, weight), weights sum to 1
    head_joint: str
    head_forward_local: tuple[float, float, float]
    head_up_local: tuple[float, float, float]
    nose_offset_m: tuple[float, float]  # (forward, up)
    head_top_offset_m: tuple[float, float]

    def rig_joints(self) -> set[str]:
        return {name for pairs in self.sources.values() for name, _ in pairs} | {self.head_joint}


def _sides(parts: dict[str, str]) -> dict[str, tuple[tuple[str, float], ...]]:
    """{"hip": "UpperLeg_{side}"} -> left_hip/right_hip sources with side L/R."""
    result = {}
    for part, pattern in parts.items():
        result["left_" + part] = ((pattern.format(side="L"), 1.0),)
        result["right_" + part] = ((pattern.format(side="R"), 1.0),)
    return result


BANDAI = RigMap(
    name="bandai",
    position_channels="replace",  # non-root frame values equal the OFFSETs; Hips OFFSET z is -452 in some files
    metres_per_unit=0.01,
    sources={
        "pelvis": (("Hips", 1.0),),
        "spine": (("Spine", 0.5), ("Chest", 0.5)),  # halfway up the torso, as in Human3.6M
        "thorax": (("Neck", 1.0),),  # neck base, 3.4 cm above the shoulder joints
        **_sides({"hip": "UpperLeg_{side}", "knee": "LowerLeg_{side}", "ankle": "Foot_{side}",
                  "shoulder": "UpperArm_{side}", "elbow": "LowerArm_{side}", "wrist": "Hand_{side}"}),
    },
    head_joint="Head",  # bone axis +x (along the neck), +y forward, +z left
    head_forward_local=(_S, _C, 0.0),
    head_up_local=(_C, -_S, 0.0),
    nose_offset_m=(0.10, 0.03),
    head_top_offset_m=(0.01, 0.15),
)

CMU_CHARACTER_CREATOR = RigMap(
    name="cmu-cc",
    position_channels="add",  # root OFFSET y = 105 cm (standing hip height), Yposition ~0 when standing
    metres_per_unit=0.01,
    sources={
        "pelvis": (("CC_Base_Pelvis", 1.0),),
        "spine": (("CC_Base_Spine02", 1.0),),  # 27.3 of the 54.7 cm from pelvis to neck base
        "thorax": (("CC_Base_NeckTwist01", 1.0),),  # neck base
        **_sides({"hip": "CC_Base_{side}_Thigh", "knee": "CC_Base_{side}_Calf", "ankle": "CC_Base_{side}_Foot",
                  "shoulder": "CC_Base_{side}_Upperarm", "elbow": "CC_Base_{side}_Forearm",
                  "wrist": "CC_Base_{side}_Hand"}),
    },
    head_joint="CC_Base_Head",  # +x left (the eyes sit at x = +-3.3 cm), +y up the neck, +z forward
    head_forward_local=(0.0, _S, _C),
    head_up_local=(0.0, _C, -_S),
    nose_offset_m=(0.12, 0.03),
    head_top_offset_m=(0.01, 0.18),
)

# cgspeed's "DAZ-friendly" CMU conversion (../shared/data/mocap/cmu-aclstm): in the bind pose the
# person stands facing +z with their left on +x and every rotation zero, and the eyes sit 8.0 cm
# up and 8.0 cm forward of the head joint (as in Character Creator), so the neutral head frame is
# the joint's own axes. Hip height ~83 units when standing: centimetres.
CMU_DAZ = RigMap(
    name="cmu-daz",
    position_channels="add",  # root OFFSET is 0 0 0; the root's position channels carry the motion
    metres_per_unit=0.01,
    sources={
        "pelvis": (("hip", 1.0),),
        "spine": (("abdomen", 0.5), ("chest", 0.5)),  # 26.5 of the 54.6 cm from hip to neck base
        "thorax": (("neck", 1.0),),
        "left_hip": (("lThigh", 1.0),), "right_hip": (("rThigh", 1.0),),
        "left_knee": (("lShin", 1.0),), "right_knee": (("rShin", 1.0),),
        "left_ankle": (("lFoot", 1.0),), "right_ankle": (("rFoot", 1.0),),
        "left_shoulder": (("lShldr", 1.0),), "right_shoulder": (("rShldr", 1.0),),
        "left_elbow": (("lForeArm", 1.0),), "right_elbow": (("rForeArm", 1.0),),
        "left_wrist": (("lHand", 1.0),), "right_wrist": (("rHand", 1.0),),
    },
    head_joint="head",  # +x left, +y up, +z forward in the bind pose
    head_forward_local=(0.0, 0.0, 1.0),
    head_up_local=(0.0, 1.0, 0.0),
    nose_offset_m=(0.105, 0.045),  # eyes (8 forward, 8 up) + 2.5 cm forward, 3.5 cm down
    head_top_offset_m=(0.02, 0.19),
)

RIGS = {rig.name: rig for rig in (BANDAI, CMU_CHARACTER_CREATOR, CMU_DAZ)}
SYNTHESIZED = ("nose", "head_top")


def rig_joint_indices(clip: BvhClip, rig: RigMap) -> dict[str, int]:
    """Rig joint name -> index in the clip. A joint may sit under any extra root or carry a
    namespace prefix ("Armature:CC_Base_Hip"); a missing joint is a ValueError."""
    by_name = {}
    for i, joint in enumerate(clip.joints):
        if not joint.is_end_site:
            by_name.setdefault(joint.name, i)
            by_name.setdefault(joint.name.rsplit(":", 1)[-1], i)
    missing = sorted(name for name in rig.rig_joints() if name not in by_name)
    if missing:
        raise ValueError(f"{clip.source}: not a {rig.name} rig, missing joints {', '.join(missing)}")
    return {name: by_name[name] for name in rig.rig_joints()}


def map_to_skeleton(positions: np.ndarray, rotations: np.ndarray, clip: BvhClip, rig: RigMap) -> np.ndarray:
    """Global rig joints (forward_kinematics of `clip`) -> float64 [F, 17, 3] metres, y up."""
    index = rig_joint_indices(clip, rig)
    out = np.zeros((positions.shape[0], len(JOINTS_3D), 3))
    for joint, pairs in rig.sources.items():
        for rig_joint, weight in pairs:
            out[:, J3D[joint]] += weight * positions[:, index[rig_joint]]
    out *= rig.metres_per_unit
    head = positions[:, index[rig.head_joint]] * rig.metres_per_unit
    head_rotation = rotations[:, index[rig.head_joint]]
    forward, up = np.asarray(rig.head_forward_local), np.asarray(rig.head_up_local)
    for joint, (forward_m, up_m) in (("nose", rig.nose_offset_m), ("head_top", rig.head_top_offset_m)):
        out[:, J3D[joint]] = head + head_rotation @ (forward_m * forward + up_m * up)
    return out


def estimate_neutral_head_axes(positions: np.ndarray, rotations: np.ndarray, clip: BvhClip, rig: RigMap,
                               max_lean_deg: float = 10.0) -> tuple[np.ndarray, np.ndarray, int]:
    """Measures (head_forward_local, head_up_local, frames used) on a clip's upright frames.

    Upright: pelvis -> thorax within max_lean_deg of world up. There, up = world +y and
    forward = the horizontal heading (left hip direction x up); both are expressed in the
    head joint's local axes and averaged. Used to derive and re-check the RigMap constants.
    """
    index = rig_joint_indices(clip, rig)
    pelvis = sum(w * positions[:, index[j]] for j, w in rig.sources["pelvis"])
    thorax = sum(w * positions[:, index[j]] for j, w in rig.sources["thorax"])
    left = sum(w * positions[:, index[j]] for j, w in rig.sources["left_hip"]) - \
        sum(w * positions[:, index[j]] for j, w in rig.sources["right_hip"])
    upright = unit(thorax - pelvis)[:, 1] > np.cos(np.deg2rad(max_lean_deg))
    up = np.broadcast_to(np.array([0.0, 1.0, 0.0]), left.shape)
    left = left * np.array([1.0, 0.0, 1.0])
    forward = unit(np.cross(unit(left), up))
    head_rotation = rotations[:, index[rig.head_joint]]
    forward_local = np.einsum("fba,fb->fa", head_rotation, forward)[upright]
    up_local = np.einsum("fba,fb->fa", head_rotation, up)[upright]
    if not len(up_local):
        return np.full(3, np.nan), np.full(3, np.nan), 0
    return unit(forward_local.mean(axis=0)), unit(up_local.mean(axis=0)), int(upright.sum())
