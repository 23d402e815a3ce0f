import numpy as np
import pytest

from posesearch_training.data.mocap import joint_maps
from posesearch_training.data.mocap.bvh import forward_kinematics, read_bvh
from posesearch_training.data.mocap.tpose import leading_tpose_frames, tpose_mask
from posesearch_training.skeleton import J3D


def standing_pose(arms: str) -> np.ndarray:
    """Facing +z, y up, left = +x; arms "t" (sideways, level), "down", or "forward"."""
    pose = np.zeros((17, 3))
    pose[J3D["thorax"]] = (0, 0.5, 0)
    pose[J3D["left_hip"]], pose[J3D["right_hip"]] = (0.1, 0, 0), (-0.1, 0, 0)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        shoulder = np.array([0.18 * sign, 0.45, 0.0])
        step = {"t": (0.28 * sign, 0, 0), "down": (0, -0.28, 0), "forward": (0, 0, 0.28)}[arms]
        pose[J3D[side + "_shoulder"]] = shoulder
        pose[J3D[side + "_elbow"]] = shoulder + step
        pose[J3D[side + "_wrist"]] = shoulder + 2 * np.array(step)
    return pose


def test_leading_t_pose_frames_are_counted():
    clip = np.stack([standing_pose("t")] * 3 + [standing_pose("down"), standing_pose("t")])
    assert tpose_mask(clip).tolist() == [True, True, True, False, True]
    assert leading_tpose_frames(clip) == 3  # the T inside the motion is kept


@pytest.mark.parametrize("arms, expected", [("t", 4), ("down", 0), ("forward", 0)])
def test_whole_clips(arms, expected):
    assert leading_tpose_frames(np.stack([standing_pose(arms)] * 4)) == expected


def test_tolerance_of_a_raised_arm():
    pose = standing_pose("t")
    shoulder = pose[J3D["left_shoulder"]]
    for angle, is_t in ((15, True), (25, False)):  # left arm raised by `angle` degrees
        step = 0.28 * np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle)), 0])
        pose[J3D["left_elbow"]], pose[J3D["left_wrist"]] = shoulder + step, shoulder + 2 * step
        assert tpose_mask(pose[None], tolerance_deg=20).tolist() == [is_t]


def test_mirrored_arms_are_not_a_t_pose():
    pose = standing_pose("t")
    for joint in ("shoulder", "elbow", "wrist"):  # left and right arms swapped
        pose[J3D["left_" + joint]], pose[J3D["right_" + joint]] = \
            pose[J3D["right_" + joint]].copy(), pose[J3D["left_" + joint]].copy()
    assert not tpose_mask(pose[None]).any()


@pytest.mark.parametrize("name", ["001_01", "001_08", "001_14"])
def test_the_shared_cmu_clips_start_without_a_t_pose(shared_data, name):
    # The converter's README announces a prepended T-pose; these three files start in motion.
    clip = read_bvh(shared_data / f"mocap/cmu-sample/001/{name}.bvh.gz")
    rig = joint_maps.CMU_CHARACTER_CREATOR
    positions, rotations = forward_kinematics(clip, rig.position_channels)
    poses = joint_maps.map_to_skeleton(positions[:30], rotations[:30], clip, rig)
    assert leading_tpose_frames(poses) == 0
