import gzip

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from posesearch_training.data.mocap.bvh import euler_to_matrix, forward_kinematics, parse_bvh, read_bvh


def two_joint_bvh(child_channels: str, frame: str, child_offset: str = "1 0 0", frames: int = 1) -> str:
    """Root A (6 channels) -> child B (given channels) -> End Site at (0, 2, 0) in B's frame."""
    count = len(child_channels.split())
    return f"""HIERARCHY
ROOT A
{{
  OFFSET 0 0 0
  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation
  JOINT B
  {{
    OFFSET {child_offset}
    CHANNELS {count} {child_channels}
    End Site
    {{
      OFFSET 0 2 0
    }}
  }}
}}
MOTION
Frames: {frames}
Frame Time: 0.0333333
""" + (frame + "\n") * frames


def test_hierarchy_channels_and_end_site_are_read():
    clip = parse_bvh(two_joint_bvh("Zrotation Xrotation", "0 0 0 0 0 0 0 0"))
    assert clip.joint_names == ("A", "B", "B.end")
    assert [j.parent for j in clip.joints] == [-1, 0, 1]
    assert clip.joints[1].channels == ("Zrotation", "Xrotation")
    assert clip.joints[1].first_channel == 6
    assert clip.joints[2].is_end_site and clip.joints[2].offset == (0.0, 2.0, 0.0)
    assert clip.motion.shape == (1, 8)
    assert clip.fps == pytest.approx(30.0, rel=1e-5)


def test_root_translation_and_90_degree_rotations_by_hand():
    # Root at (10, 20, 30) turned +90 deg about z (x -> y); B rotated +90 deg about its x (y -> z).
    clip = parse_bvh(two_joint_bvh("Zrotation Xrotation", "10 20 30 90 0 0 0 90"))
    positions, rotations = forward_kinematics(clip)
    np.testing.assert_allclose(positions[0, 0], [10, 20, 30], atol=1e-12)
    np.testing.assert_allclose(positions[0, 1], [10, 21, 30], atol=1e-12)  # Rz90 (1,0,0) = (0,1,0)
    np.testing.assert_allclose(positions[0, 2], [10, 21, 32], atol=1e-12)  # Rz90 Rx90 (0,2,0) = (0,0,2)
    np.testing.assert_allclose(rotations[0, 0], [[0, -1, 0], [1, 0, 0], [0, 0, 1]], atol=1e-12)
    np.testing.assert_allclose(rotations[0, 2], rotations[0, 1])  # an End Site turns with its parent


@pytest.mark.parametrize("channels, angles, expected_end", [
    ("Zrotation Xrotation", "90 90", (0, 0, 2)),     # Rz Rx (0,2,0): Rx -> (0,0,2), Rz keeps it
    ("Xrotation Zrotation", "90 90", (-2, 0, 0)),    # Rx Rz (0,2,0): Rz -> (-2,0,0), Rx keeps it
    ("Yrotation", "90", (0, 2, 0)),                  # about the vector itself
    ("Yrotation Xrotation Zrotation", "90 90 90", (0, 0, 2)),  # Rz->(-2,0,0), Rx keeps, Ry->(0,0,2)
    ("Xrotation Yrotation Zrotation", "90 0 0", (0, 0, 2)),
])
def test_rotation_order_comes_from_the_channels_line(channels, angles, expected_end):
    clip = parse_bvh(two_joint_bvh(channels, "0 0 0 0 0 0 " + angles, child_offset="0 0 0"))
    positions, _ = forward_kinematics(clip)
    np.testing.assert_allclose(positions[0, 2], expected_end, atol=1e-12)


@pytest.mark.parametrize("axes", ["ZXY", "ZYX", "XYZ", "YZX", "XZY", "YXZ"])
def test_euler_matrices_are_intrinsic_like_scipy(axes):
    rng = np.random.default_rng(1)
    angles = rng.uniform(-180, 180, size=(50, 3))
    expected = Rotation.from_euler(axes, angles, degrees=True).as_matrix()  # upper case = intrinsic
    np.testing.assert_allclose(euler_to_matrix(angles, axes), expected, atol=1e-12)


def test_position_channels_on_a_child_replace_or_add_to_the_offset():
    text = two_joint_bvh("Xposition Yposition Zposition Zrotation Xrotation Yrotation",
                         "0 0 0 90 0 0 0 3 0 0 0 0")
    clip = parse_bvh(text)
    replaced, _ = forward_kinematics(clip, "replace")
    added, _ = forward_kinematics(clip, "add")
    np.testing.assert_allclose(replaced[0, 1], [-3, 0, 0], atol=1e-12)  # Rz90 (0,3,0)
    np.testing.assert_allclose(added[0, 1], [-3, 1, 0], atol=1e-12)     # Rz90 (1,3,0)


def test_a_single_position_channel_replaces_only_its_axis():
    clip = parse_bvh(two_joint_bvh("Yposition", "0 0 0 0 0 0 5", child_offset="1 2 3"))
    positions, _ = forward_kinematics(clip, "replace")
    np.testing.assert_allclose(positions[0, 1], [1, 5, 3])


def test_frames_are_computed_independently():
    text = two_joint_bvh("Zrotation", "0 0 0 0 0 0 0", frames=1).replace("Frames: 1", "Frames: 3")
    text += "0 0 0 90 0 0 0\n0 0 0 180 0 0 0\n"
    positions, _ = forward_kinematics(parse_bvh(text))
    np.testing.assert_allclose(positions[:, 1], [[1, 0, 0], [0, 1, 0], [-1, 0, 0]], atol=1e-12)


def test_read_plain_and_gzip_files(tmp_path):
    text = two_joint_bvh("Zrotation", "1 2 3 0 0 0 45")
    (tmp_path / "a.bvh").write_text(text)
    with gzip.open(tmp_path / "a.bvh.gz", "wt") as f:
        f.write(text)
    plain, packed = read_bvh(tmp_path / "a.bvh"), read_bvh(tmp_path / "a.bvh.gz")
    np.testing.assert_array_equal(plain.motion, packed.motion)
    assert plain.motion.tolist() == [[1, 2, 3, 0, 0, 0, 45]]


@pytest.mark.parametrize("mutate, message", [
    (lambda t: t.replace("MOTION", "MOTON"), "no MOTION section"),
    (lambda t: t.replace("0 0 0 0 0 0 0 0\n", "0 0 0 0 0 0 0\n"), "must have 8 values"),
    (lambda t: t.replace("Frames: 1", "Frames: 2"), "'Frames: 2' but the MOTION section has 1"),
    (lambda t: t.replace("Frame Time: 0.0333333", "Frametime 0.03"), "Frame Time"),
    (lambda t: t.replace("Frame Time: 0.0333333", "Frame Time: 0"), "Frame Time > 0"),
    (lambda t: t.replace("Xrotation", "Wrotation"), "unknown channel 'Wrotation'"),
    (lambda t: t.replace("CHANNELS 2", "CHANNELS 3"), "unknown channel"),
    (lambda t: t.replace("OFFSET 1 0 0", "OFFSET 1 x 0"), "OFFSET of B must be a number"),
    (lambda t: t.replace("0 0 0 0 0 0 0 0\n", "0 0 0 0 0 0 0 zero\n"), "unreadable MOTION frame values"),
    (lambda t: t.replace("0 0 0 0 0 0 0 0\n", "0 0 0 0 0 0 0 nan\n"), "NaN"),
    (lambda t: t.replace("HIERARCHY", "HIERARCHIE"), "expected 'HIERARCHY'"),
    (lambda t: t.rsplit("}", 1)[0] + "\nMOTION" + t.rsplit("MOTION", 1)[1], "HIERARCHY ends early"),
    (lambda t: t.replace("JOINT B", "JOINT A"), "joint name 'A' appears twice"),
])
def test_malformed_files_raise_value_error_naming_the_problem(mutate, message):
    text = mutate(two_joint_bvh("Zrotation Xrotation", "0 0 0 0 0 0 0 0"))
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("+", r"\+")) as info:
        parse_bvh(text, source="clip.bvh")
    assert str(info.value).startswith("clip.bvh: ")


def test_wrong_number_of_values_in_one_row_among_many():
    text = two_joint_bvh("Zrotation Xrotation", "0 0 0 0 0 0 0 0", frames=3)
    lines = text.rstrip("\n").split("\n")
    lines[-2] = "0 0 0 0 0 0 0"
    with pytest.raises(ValueError, match="MOTION"):
        parse_bvh("\n".join(lines) + "\n")


def test_bandai_position_channels_equal_the_offsets_so_they_replace_them(shared_data):
    clip = read_bvh(shared_data / "mocap/bandai/dataset-1/data/dataset-1_walk_normal_001.bvh.gz")
    assert len([j for j in clip.joints if not j.is_end_site]) == 22
    for joint in clip.joints[2:]:  # below joint_Root and Hips
        if joint.channels:
            values = clip.motion[:, joint.first_channel:joint.first_channel + 3]
            np.testing.assert_allclose(values, np.broadcast_to(joint.offset, values.shape), atol=1e-3,
                                       err_msg=joint.name)
    positions, _ = forward_kinematics(clip, "replace")
    lowest = positions[:, clip.index("Toes_L")][:, 1].min()
    assert 0 <= lowest < 10  # cm: the toes touch the floor, so the root translation is absolute


def test_cmu_root_position_is_relative_to_its_offset(shared_data):
    clip = read_bvh(shared_data / "mocap/cmu-sample/001/001_01.bvh.gz")
    assert clip.fps == pytest.approx(60.0, rel=1e-4)
    positions, _ = forward_kinematics(clip, "add")
    toes = positions[:, [clip.index("CC_Base_L_ToeBase"), clip.index("CC_Base_R_ToeBase")], 1].min(axis=1)
    assert 0 < np.percentile(toes, 5) < 20  # cm above the floor when the offset is added
    replaced, _ = forward_kinematics(clip, "replace")
    assert replaced[:, clip.index("CC_Base_L_ToeBase"), 1].max() < 0  # would sink a metre into the floor
