import numpy as np
import pytest

from posesearch_training.data.mocap import joint_maps
from posesearch_training.data.mocap.body_frame import body_axes, unit
from posesearch_training.data.mocap.bvh import BvhClip, BvhJoint, forward_kinematics, read_bvh
from posesearch_training.skeleton import J3D

BANDAI_WALK = "mocap/bandai/dataset-2/data/dataset-2_walk_normal_001.bvh.gz"
BANDAI_CLIPS = (BANDAI_WALK, "mocap/bandai/dataset-1/data/dataset-1_bow_active_001.bvh.gz",
                "mocap/bandai/dataset-2/data/dataset-2_wave-both-hands_exhausted_003.bvh.gz")
CMU_CLIPS = ("mocap/cmu-sample/001/001_01.bvh.gz", "mocap/cmu-sample/001/001_08.bvh.gz",
             "mocap/cmu-sample/001/001_14.bvh.gz")
RIG_OF = {"bandai": joint_maps.BANDAI, "cmu-sample": joint_maps.CMU_CHARACTER_CREATOR}


def load(shared_data, relative):
    rig = RIG_OF[relative.split("/")[1]]
    clip = read_bvh(shared_data / relative)
    positions, rotations = forward_kinematics(clip, rig.position_channels)
    return clip, rig, positions, rotations, joint_maps.map_to_skeleton(positions, rotations, clip, rig)


def flat_clip(names):
    joints = tuple(BvhJoint(name, -1, (0.0, 0.0, 0.0), (), 0) for name in names)
    return BvhClip(joints=joints, frame_time=1 / 30, motion=np.zeros((1, 0)), source="flat")


def test_body_axes_of_a_person_facing_plus_z():
    pose = np.zeros((17, 3))
    pose[J3D["thorax"]] = (0, 0.5, 0)
    pose[J3D["left_hip"]] = (0.1, -0.05, 0)  # the left hip of someone facing +z is at +x
    pose[J3D["right_hip"]] = (-0.1, 0.05, 0)  # tilted hips: left is made orthogonal to up
    forward, up, left = body_axes(pose)
    np.testing.assert_allclose(forward, [0, 0, 1], atol=1e-12)
    np.testing.assert_allclose(up, [0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(left, [1, 0, 0], atol=1e-12)


def test_map_to_skeleton_by_hand():
    rig = joint_maps.BANDAI
    names = sorted(rig.rig_joints())
    clip = flat_clip(names)
    positions = np.zeros((1, len(names), 3))
    for i, name in enumerate(names):
        positions[0, i] = (i, 2 * i, 100)  # cm
    rotations = np.broadcast_to(np.eye(3), (1, len(names), 3, 3)).copy()
    head = names.index("Head")
    rotations[0, head] = [[0, -1, 0], [1, 0, 0], [0, 0, 1]]  # head turned +90 deg about z
    out = joint_maps.map_to_skeleton(positions, rotations, clip, rig)
    np.testing.assert_allclose(out[0, J3D["left_knee"]], positions[0, names.index("LowerLeg_L")] / 100)
    spine = (positions[0, names.index("Spine")] + positions[0, names.index("Chest")]) / 2 / 100
    np.testing.assert_allclose(out[0, J3D["spine"]], spine)
    # nose: 0.10 m along forward (sin10, cos10, 0) + 0.03 m along up (cos10, -sin10, 0) in the
    # head's axes = (0.046909, 0.093271, 0); Rz90 takes (a, b, 0) to (-b, a, 0).
    np.testing.assert_allclose(out[0, J3D["nose"]], positions[0, head] / 100 + (-0.093271, 0.046909, 0), atol=1e-6)
    # head top: 0.01 forward + 0.15 up = (0.149457, -0.016200, 0) -> (0.016200, 0.149457, 0)
    np.testing.assert_allclose(out[0, J3D["head_top"]], positions[0, head] / 100 + (0.016200, 0.149457, 0),
                               atol=1e-6)


def test_missing_rig_joint_is_named_and_namespaces_are_ignored():
    rig = joint_maps.BANDAI
    names = sorted(rig.rig_joints() - {"Head"})
    with pytest.raises(ValueError, match="missing joints Head"):
        joint_maps.rig_joint_indices(flat_clip(names), rig)
    indices = joint_maps.rig_joint_indices(flat_clip(["Extra_Root"] + ["ns:" + n for n in sorted(rig.rig_joints())]),
                                           rig)
    assert indices["Head"] == 1 + sorted(rig.rig_joints()).index("Head")


@pytest.mark.parametrize("relative", BANDAI_CLIPS + CMU_CLIPS)
def test_bone_lengths_are_plausible_and_rigid(shared_data, relative):
    *_, poses = load(shared_data, relative)
    for a, b, low, high in [("left_hip", "left_knee", 0.35, 0.55), ("right_knee", "right_ankle", 0.35, 0.55),
                            ("left_shoulder", "left_elbow", 0.20, 0.35), ("right_elbow", "right_wrist", 0.18, 0.32),
                            ("left_hip", "right_hip", 0.10, 0.25),
                            ("pelvis", "thorax", 0.35, 0.65), ("thorax", "head_top", 0.15, 0.35)]:
        length = np.linalg.norm(poses[:, J3D[a]] - poses[:, J3D[b]], axis=-1)
        assert low < length.mean() < high, (a, b, length.mean())
        if a != "pelvis" and b != "head_top":  # single bones; the spine and neck bend
            assert length.std() < 0.002, (a, b)


@pytest.mark.parametrize("relative", BANDAI_CLIPS + CMU_CLIPS)
def test_chirality_left_joints_on_the_left_and_nose_in_front(shared_data, relative):
    clip, rig, positions, _, poses = load(shared_data, relative)
    forward, up, left = body_axes(poses)  # forward = (right_hip -> left_hip) x (pelvis -> thorax)
    nose_ahead = np.sum((poses[:, J3D["nose"]] - poses[:, J3D["thorax"]]) * forward, axis=-1)
    assert np.mean(nose_ahead > 0) > 0.95
    for part in ("shoulder", "knee", "ankle"):
        across = np.sum((poses[:, J3D["left_" + part]] - poses[:, J3D["right_" + part]]) * left, axis=-1)
        assert np.mean(across > 0) > 0.9, part
    # Independent of the head synthesis: the rig's toes point forward (except at push-off).
    toes = "Toes_L" if rig is joint_maps.BANDAI else "CC_Base_L_ToeBase"
    foot = "Foot_L" if rig is joint_maps.BANDAI else "CC_Base_L_Foot"
    toe_direction = positions[:, clip.index(toes)] - positions[:, clip.index(foot)]
    assert np.mean(np.sum(toe_direction * forward, axis=-1) > 0) > 0.75


def test_walking_goes_forward(shared_data):
    *_, poses = load(shared_data, BANDAI_WALK)
    forward, _, _ = body_axes(poses)
    velocity = np.gradient(poses[:, J3D["pelvis"]], axis=0)
    assert np.mean(np.sum(velocity * forward, axis=-1) > 0) > 0.9


def test_cmu_eyes_are_in_front_of_the_head_and_between_nose_and_head_top(shared_data):
    clip, _, positions, _, poses = load(shared_data, CMU_CLIPS[0])
    forward, up, _ = body_axes(poses)
    eyes = (positions[:, clip.index("CC_Base_L_Eye")] + positions[:, clip.index("CC_Base_R_Eye")]) / 200
    head = positions[:, clip.index("CC_Base_Head")] / 100
    assert np.mean(np.sum((eyes - head) * forward, axis=-1) > 0) > 0.95
    head_up = unit(poses[:, J3D["head_top"]] - head)
    eye_height = np.sum((eyes - poses[:, J3D["nose"]]) * head_up, axis=-1)
    assert np.all((eye_height > 0.01) & (eye_height < 0.06))  # the nose tip is 3.5 cm below the eyes


@pytest.mark.parametrize("relatives", [(BANDAI_WALK,), CMU_CLIPS])
def test_neutral_head_axes_match_the_measurement(shared_data, relatives):
    forwards, ups, counts = [], [], []
    for relative in relatives:
        clip, rig, positions, rotations, _ = load(shared_data, relative)
        forward, up, count = joint_maps.estimate_neutral_head_axes(positions, rotations, clip, rig)
        forwards.append(forward * count), ups.append(up * count), counts.append(count)
    assert sum(counts) > 200
    # Pitch only: the lateral axis is fixed by the rig's symmetry (test below); people turn
    # their heads sideways on average in some clips (CMU 001: 11 degrees to the left).
    lateral = np.cross(rig.head_forward_local, rig.head_up_local)
    for measured, constant in ((sum(forwards), rig.head_forward_local), (sum(ups), rig.head_up_local)):
        sagittal = unit(measured - np.dot(measured, lateral) * lateral)
        angle = np.degrees(np.arccos(np.clip(np.dot(sagittal, constant), -1, 1)))
        assert angle < 8, (measured, constant)
    assert abs(np.dot(rig.head_forward_local, rig.head_up_local)) < 1e-12


def test_head_lateral_axes_are_the_rigs_mirror_axes(shared_data):
    # CMU: the eyes hang off the head at mirrored offsets; their difference is the head's left.
    clip, rig, positions, rotations, _ = load(shared_data, CMU_CLIPS[0])
    head_rotation = rotations[:, clip.index(rig.head_joint)]
    eyes = positions[:, clip.index("CC_Base_L_Eye")] - positions[:, clip.index("CC_Base_R_Eye")]
    eyes_local = unit(np.einsum("fba,fb->fa", head_rotation, eyes))
    np.testing.assert_allclose(eyes_local, np.broadcast_to(np.cross(rig.head_up_local, rig.head_forward_local),
                                                           eyes_local.shape), atol=1e-3)
    # Bandai: no mirrored head children; the shoulders' left, seen from the head, averaged
    # over a walk (heads do not turn far from the shoulders' line).
    clip, rig, positions, rotations, poses = load(shared_data, BANDAI_WALK)
    head_rotation = rotations[:, clip.index(rig.head_joint)]
    shoulders = poses[:, J3D["left_shoulder"]] - poses[:, J3D["right_shoulder"]]
    measured = unit(np.einsum("fba,fb->fa", head_rotation, shoulders).mean(axis=0))
    expected = np.cross(rig.head_up_local, rig.head_forward_local)
    assert np.degrees(np.arccos(np.dot(measured, expected))) < 10


def test_standing_bandai_pelvis_height_is_in_metres(shared_data):
    *_, poses = load(shared_data, BANDAI_WALK)
    assert 0.8 < np.median(poses[:, J3D["pelvis"], 1]) < 1.05
