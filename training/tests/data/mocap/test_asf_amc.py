import gzip
import math
import shutil

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from posesearch_training.data.dataset import load_dataset
from posesearch_training.data.mocap import asf_joint_map, hdm05
from posesearch_training.data.mocap.asf_amc import (AmcMotion, fixed_axis_rotation, forward_kinematics, parse_amc,
                                               parse_asf, read_amc, read_asf, rest_motion)
from posesearch_training.commands.import_mocap import main
from posesearch_training.data.mocap.body_frame import body_axes
from posesearch_training.skeleton import J3D

# Three bones: root -> a (up, 2 long, dof rx ry rz) -> b (+x, 1 long, axis Rz90, dof rx)
# -> c (+z written as 0 0 2, 1 long, axis Rx90, dof rz ry in that order).
# `length 0.0254`: a file unit is 1/0.0254 inch = 1 m, so positions come out in file units.
TINY_ASF = """# a hand-made skeleton
:version 1.10
:name tiny
:units
  mass 1.0
  length 0.0254
  angle deg
:documentation
   three bones
:root
   order TX TY TZ RX RY RZ
   axis XYZ
   position 0 0 0
   orientation 0 0 0
:bonedata
  begin
     id 1
     name a
     direction 0 1 0
     length 2
     axis 0 0 0  XYZ
    dof rx ry rz
    limits (-180.0 180.0)
           (-180.0 180.0)
           (-180.0 180.0)
  end
  begin
     id 2
     name b
     direction 1 0 0
     length 1
     axis 0 0 90 XYZ
    dof rx
    limits (-180.0 180.0)
  end
  begin
     id 3
     name c
     direction 0 0 2
     length 1
     axis 90 0 0 XYZ
    dof rz ry
  end
:hierarchy
  begin
    root a
    a b
    b c
  end
"""


def amc(*frames: str) -> str:
    """AMC text; each frame is the text of its bone lines."""
    text = "#!OML:ASF tiny.asf\n:FULLY-SPECIFIED\n:DEGREES\n"
    for number, lines in enumerate(frames, 1):
        text += f"{number}\n" + "".join(line.strip() + "\n" for line in lines.strip().split("\n") if line.strip())
    return text


REST = "root 0 0 0 0 0 0\na 0 0 0\nb 0\nc 0 0"


def tiny_fk(frame: str, asf: str = TINY_ASF):
    skeleton = parse_asf(asf, "tiny.asf")
    starts, ends, rotations = forward_kinematics(skeleton, parse_amc(amc(frame), skeleton, "tiny.amc"))
    return skeleton, starts[0], ends[0], rotations[0]


def rx(deg):
    return Rotation.from_euler("x", deg, degrees=True).as_matrix()


def ry(deg):
    return Rotation.from_euler("y", deg, degrees=True).as_matrix()


def rz(deg):
    return Rotation.from_euler("z", deg, degrees=True).as_matrix()


def test_skeleton_is_read_in_hierarchy_order():
    skeleton = parse_asf(TINY_ASF, "tiny.asf")
    assert skeleton.bone_names == ("root", "a", "b", "c")
    assert [b.parent for b in skeleton.bones] == [-1, 0, 1, 2]
    assert skeleton.bones[0].dof == ("tx", "ty", "tz", "rx", "ry", "rz")
    assert skeleton.bones[3].dof == ("rz", "ry") and skeleton.bones[3].direction == (0.0, 0.0, 1.0)  # normalized
    assert skeleton.bones[2].axis == (0.0, 0.0, 90.0) and skeleton.bones[2].axis_order == "XYZ"
    assert skeleton.bones[1].bone_id == 1 and skeleton.metres_per_unit == pytest.approx(1.0)


def test_rest_pose_by_hand():
    _, starts, ends, rotations = tiny_fk(REST)
    np.testing.assert_allclose(starts, [[0, 0, 0], [0, 0, 0], [0, 2, 0], [1, 2, 0]], atol=1e-12)
    np.testing.assert_allclose(ends, [[0, 0, 0], [0, 2, 0], [1, 2, 0], [1, 2, 1]], atol=1e-12)
    np.testing.assert_allclose(rotations, np.broadcast_to(np.eye(3), (4, 3, 3)), atol=1e-12)


def test_root_translation_and_rotation_by_hand():
    # Ry(90) takes x to -z and leaves y: a still points up, b now points along -z, c along +x.
    _, starts, ends, rotations = tiny_fk("root 1 2 3 0 90 0\na 0 0 0\nb 0\nc 0 0")
    np.testing.assert_allclose(ends, [[1, 2, 3], [1, 4, 3], [1, 4, 2], [2, 4, 2]], atol=1e-12)
    np.testing.assert_allclose(starts[1:], ends[:-1], atol=1e-12)  # a bone starts where its parent ends
    np.testing.assert_allclose(rotations[0], ry(90), atol=1e-12)


@pytest.mark.parametrize("bone_a, end_a", [
    ("a 90 0 0", (0, 0, 2)),    # Rx90: y -> z
    ("a 0 0 90", (-2, 0, 0)),   # Rz90: y -> -x
    ("a 0 90 0", (0, 2, 0)),    # about the bone itself
    ("a 90 90 0", (2, 0, 0)),   # dof rx ry rz: Rx first (y -> z), then Ry (z -> x): M = Ry Rx
    ("a 90 0 90", (0, 0, 2)),   # Rx (y -> z), then Rz keeps z
    ("a 0 90 90", (-2, 0, 0)),  # Ry keeps y, then Rz (y -> -x)
])
def test_rotation_about_each_axis_and_the_dof_order(bone_a, end_a):
    _, _, ends, _ = tiny_fk(f"root 0 0 0 0 0 0\n{bone_a}\nb 0\nc 0 0")
    np.testing.assert_allclose(ends[1], end_a, atol=1e-12)


def test_bone_axis_conjugates_the_rotation():
    # b: axis Rz90, so "rx 90" turns about Rz90 x = +y: L = Rz90 Rx90 Rz90^-1 = Ry90, and b (+x)
    # ends along -z. Without the axis, Rx90 would leave +x alone; C M alone would give +y.
    _, _, ends, rotations = tiny_fk("root 0 0 0 0 0 0\na 0 0 0\nb 90\nc 0 0")
    np.testing.assert_allclose(rotations[2], ry(90), atol=1e-12)
    np.testing.assert_allclose(ends[2], [0, 2, -1], atol=1e-12)
    np.testing.assert_allclose(ends[3], [1, 2, -1], atol=1e-12)  # c (+z) turned by b's Ry90: +x


def test_dof_order_other_than_xyz_and_an_axis_about_x():
    # c: axis Rx90, dof "rz ry" = (90, 90): M = Ry90 Rz90 (rz first). L (0,0,1):
    # Rx90^-1 -> (0,1,0), Rz90 -> (-1,0,0), Ry90 -> (0,0,1), Rx90 -> (0,-1,0).
    _, _, ends, rotations = tiny_fk("root 0 0 0 0 0 0\na 0 0 0\nb 0\nc 90 90")
    np.testing.assert_allclose(ends[3], [1, 1, 0], atol=1e-12)
    np.testing.assert_allclose(rotations[3], rx(90) @ ry(90) @ rz(90) @ rx(-90), atol=1e-12)


def test_random_poses_match_scipy_extrinsic_euler_angles():
    rng = np.random.default_rng(3)
    skeleton = parse_asf(TINY_ASF)
    values = (rng.uniform(-2, 2, (20, 3)), rng.uniform(-180, 180, (20, 3)), rng.uniform(-180, 180, (20, 3)),
              rng.uniform(-180, 180, (20, 1)), rng.uniform(-180, 180, (20, 2)))
    motion = AmcMotion(values=(np.hstack(values[:2]), values[2], values[3], values[4]),
                       frame_numbers=np.arange(1, 21), source="random")
    starts, ends, rotations = forward_kinematics(skeleton, motion)
    for f in range(20):
        g_root = Rotation.from_euler("xyz", values[1][f], degrees=True).as_matrix()  # lower case: fixed axes
        g_a = g_root @ Rotation.from_euler("xyz", values[2][f], degrees=True).as_matrix()
        c_b = rz(90)
        g_b = g_a @ c_b @ rx(values[3][f, 0]) @ c_b.T
        c_c = rx(90)
        g_c = g_b @ c_c @ Rotation.from_euler("zy", values[4][f], degrees=True).as_matrix() @ c_c.T
        end_a = values[0][f] + g_a @ [0, 2, 0]
        end_b = end_a + g_b @ [1, 0, 0]
        end_c = end_b + g_c @ [0, 0, 1]
        np.testing.assert_allclose(ends[f, 1:], [end_a, end_b, end_c], atol=1e-9)
        np.testing.assert_allclose(rotations[f, 3], g_c, atol=1e-12)


def test_fixed_axis_rotation_order():
    np.testing.assert_allclose(fixed_axis_rotation([10, 20, 30], "XYZ"), rz(30) @ ry(20) @ rx(10), atol=1e-12)
    np.testing.assert_allclose(fixed_axis_rotation([10, 20, 30], "ZXY"), ry(30) @ rx(20) @ rz(10), atol=1e-12)


def test_missing_bones_in_a_frame_have_zero_rotation():
    skeleton = parse_asf(TINY_ASF)
    motion = parse_amc(amc("root 0 0 0 0 0 0\na 90 0 0\nb 0\nc 0 0", "root 0 0 0 0 0 0\nb 0"), skeleton)
    _, ends, _ = forward_kinematics(skeleton, motion)
    np.testing.assert_allclose(ends[:, 1], [[0, 0, 2], [0, 2, 0]], atol=1e-12)
    assert motion.frame_numbers.tolist() == [1, 2]


def test_units_inches_and_radians():
    asf = TINY_ASF.replace("length 0.0254", "length 0.45").replace("angle deg", "angle rad") \
        .replace("axis 0 0 90 XYZ", f"axis 0 0 {math.pi / 2} XYZ") \
        .replace("axis 90 0 0 XYZ", f"axis {math.pi / 2} 0 0 XYZ")
    skeleton = parse_asf(asf)
    assert skeleton.metres_per_unit == pytest.approx(0.0254 / 0.45)
    frame = f"root 0.45 0 0 0 0 0\na 0 0 0\nb {math.pi / 2}\nc 0 0"
    text = amc(frame).replace(":DEGREES\n", "")  # no :DEGREES: the ASF angle unit (rad) applies
    _, ends, _ = forward_kinematics(skeleton, parse_amc(text, skeleton))
    inch = 0.0254 / 0.45
    np.testing.assert_allclose(ends[0, 0], [0.0254, 0, 0], atol=1e-12)  # 0.45 units = 1 inch
    np.testing.assert_allclose(ends[0, 2], [0.0254, 2 * inch, -inch], atol=1e-12)
    degrees = amc("root 0.45 0 0 0 0 0\na 0 0 0\nb 90\nc 0 0")  # :DEGREES overrides the ASF unit
    np.testing.assert_allclose(forward_kinematics(skeleton, parse_amc(degrees, skeleton))[1], ends, atol=1e-12)


def test_read_plain_and_gzip_files(tmp_path):
    (tmp_path / "tiny.asf").write_text(TINY_ASF)
    text = amc(REST, "root 0 0 0 0 0 0\na 45 0 0\nb 10\nc 1 2")
    (tmp_path / "m.amc").write_text(text)
    with gzip.open(tmp_path / "m.amc.gz", "wt") as f:
        f.write(text)
    skeleton = read_asf(tmp_path / "tiny.asf")
    plain, packed = read_amc(tmp_path / "m.amc", skeleton), read_amc(tmp_path / "m.amc.gz", skeleton)
    for x, y in zip(plain.values, packed.values):
        np.testing.assert_array_equal(x, y)
    assert plain.values[3].tolist() == [[0, 0], [1, 2]] and packed.source.endswith("m.amc.gz")


def line_of(text: str, fragment: str, nth: int = 0) -> int:
    """1-based number of the nth line (-1: the last) that contains fragment."""
    return [n for n, line in enumerate(text.splitlines(), 1) if fragment in line][nth]


@pytest.mark.parametrize("old, new, message, at", [
    ("length 2", "length two", "length must be numbers", ("length two", 0, 0)),
    ("     direction 0 1 0\n", "", "has no direction", ("begin", 0, 0)),  # the line where that bone begins
    ("axis 0 0 90 XYZ", "axis 0 0 90 XYW", "permutation of XYZ", ("XYW", 0, 0)),
    ("axis 0 0 90 XYZ", "axis 0 0 XYZ", "axis must be numbers", ("axis 0 0 XYZ", 0, 0)),
    ("dof rz ry", "dof rz tx", "dof 'tx' is not supported", ("dof rz tx", 0, 0)),
    ("    a b\n", "    a q\n", "hierarchy: unknown bone 'q'", ("a q", 0, 0)),
    ("    b c\n", "", "bone 'c' is not connected to the root", ("name c", 0, 0)),
    ("    b c\n", "    b c\n    a c\n", "bone 'c' has two parents", ("    a c", 0, 0)),
    ("    dof rx\n    limits (-180.0 180.0)\n  end\n", "    dof rx\n", "missing 'end'", ("id 3", 0, -1)),
    ("length 0.0254", "length 0", "units length must be positive", ("length 0", 0, 0)),
    ("name c", "name a", "bone name 'a' is used twice", ("name a", -1, 0)),
    ("order TX TY TZ RX RY RZ", "order TX TY TQ", "root order: unknown channel 'tq'", ("TQ", 0, 0)),
    ("  begin\n    root a", "    root a", "hierarchy must start with 'begin'", ("root a", 0, 0)),
])
def test_malformed_asf_names_file_line_and_problem(old, new, message, at):
    assert TINY_ASF.count(old) == 1
    text = TINY_ASF.replace(old, new)
    with pytest.raises(ValueError) as info:
        parse_asf(text, "tiny.asf")
    fragment, nth, offset = at
    assert str(info.value).startswith(f"tiny.asf, line {line_of(text, fragment, nth) + offset}: "), str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize("frame2, bad_line, message", [
    ("q 1 2 3", "q 1 2 3", "bone 'q' is not in the skeleton"),
    ("b 1 2", "b 1 2", "bone 'b' needs 1 values (its dof) but has 2"),
    ("b x", "b x", "bone 'b': 'x' is not a number"),
    ("c 1 nan", "c 1 nan", "NaN or infinite"),
    ("b 1\nb 2", "b 2", "bone 'b' appears twice in frame 2"),
])
def test_malformed_amc_names_file_line_and_problem(frame2, bad_line, message):
    skeleton = parse_asf(TINY_ASF)
    text = amc(REST, frame2)
    with pytest.raises(ValueError) as info:
        parse_amc(text, skeleton, "m.amc")
    assert str(info.value).startswith(f"m.amc, line {line_of(text, bad_line)}: ")
    assert message in str(info.value)


def test_amc_frame_numbers_and_bones_before_the_first_frame():
    skeleton = parse_asf(TINY_ASF)
    with pytest.raises(ValueError, match=r"m.amc, line 6: frame number 3 follows frame 1"):
        parse_amc(":FULLY-SPECIFIED\n:DEGREES\n1\nroot 0 0 0 0 0 0\nb 0\n3\n", skeleton, "m.amc")
    with pytest.raises(ValueError, match=r"m.amc, line 2: bone 'b' comes before the first frame number"):
        parse_amc(":DEGREES\nb 0\n1\n", skeleton, "m.amc")
    assert parse_amc(":FULLY-SPECIFIED\n:DEGREES\n", skeleton).num_frames == 0


def test_joint_map_needs_its_bones():
    with pytest.raises(ValueError, match="not an acclaim-vicon skeleton, missing bones .*lfemur"):
        asf_joint_map.bone_indices(parse_asf(TINY_ASF, "tiny.asf"), asf_joint_map.ACCLAIM_VICON)


# --- real HDM05 clips ------------------------------------------------------------------------

HDM05 = "mocap/hdm05-cuts"
ACTORS = ("bd", "bk", "dg", "mm", "tr")


def hdm05_clip(shared_data, actor, motion, take=0):
    path = sorted((shared_data / HDM05 / "amc").glob(f"HDM_{actor}_{motion}_*_120.amc.gz"))[take]
    skeleton = read_asf(shared_data / HDM05 / "asf" / f"HDM_{actor}.asf")
    starts, ends, rotations = forward_kinematics(skeleton, read_amc(path, skeleton))
    poses = asf_joint_map.map_to_skeleton(starts, ends, rotations, skeleton)
    return skeleton, starts, ends, poses


@pytest.mark.parametrize("actor", ACTORS)
def test_all_skeletons_parse_with_the_same_bones(shared_data, actor):
    skeleton = read_asf(shared_data / HDM05 / "asf" / f"HDM_{actor}.asf")
    assert len(skeleton.bones) == 31 and skeleton.length_unit == 0.45 and skeleton.angle_unit == "deg"
    assert skeleton.bones[skeleton.index("ltibia")].parent == skeleton.index("lfemur")
    forward, up = asf_joint_map.rest_axes(skeleton)  # the rest pose faces +z, upright
    assert forward[2] > 0.99 and up[1] > 0.99
    bone, fraction = asf_joint_map.spine_point(skeleton)
    assert skeleton.bones[bone].name == "upperback" and 0.45 < fraction < 0.55


@pytest.mark.parametrize("actor", ACTORS)
def test_squat_standing_head_height_dip_and_bone_lengths(shared_data, actor):
    skeleton, starts, ends, poses = hdm05_clip(shared_data, actor, "squat1Reps")
    head, pelvis = poses[:, J3D["head_top"], 1], poses[:, J3D["pelvis"], 1]
    assert 1.5 < head[0] < 1.8 and 1.5 < head[-1] < 1.8  # standing at both ends
    assert pelvis.min() < pelvis[0] - 0.3 and abs(pelvis[-1] - pelvis[0]) < 0.1  # down and back up
    toes = ends[:, [skeleton.index("ltoes"), skeleton.index("rtoes")], 1]
    assert -0.1 < toes.min() < 0.08  # the feet are on the floor (y = 0)
    for a, b, low, high in [("left_hip", "left_knee", 0.35, 0.5), ("right_knee", "right_ankle", 0.35, 0.5),
                            ("left_shoulder", "left_elbow", 0.22, 0.35), ("right_elbow", "right_wrist", 0.15, 0.3),
                            ("left_hip", "right_hip", 0.1, 0.25), ("left_shoulder", "right_shoulder", 0.35, 0.55),
                            ("pelvis", "thorax", 0.35, 0.5), ("thorax", "head_top", 0.2, 0.32)]:
        length = np.linalg.norm(poses[:, J3D[a]] - poses[:, J3D[b]], axis=-1)
        assert low < length.mean() < high, (a, b, length.mean())
        if "pelvis" not in (a, b) and "head_top" not in (a, b) and "shoulder" not in b:
            assert length.std() < 1e-9, (a, b)  # one rigid bone (or the fixed hip joints)
    below = np.linalg.norm(poses[:, J3D["spine"]] - poses[:, J3D["pelvis"]], axis=-1)
    above = np.linalg.norm(poses[:, J3D["spine"]] - poses[:, J3D["thorax"]], axis=-1)
    assert np.all(np.abs(below / (below + above) - 0.5) < 0.05)  # halfway up the torso


@pytest.mark.parametrize("actor", ("bd", "tr"))
def test_lie_down_ends_on_the_floor(shared_data, actor):
    *_, poses = hdm05_clip(shared_data, actor, "lieDownFloor")
    assert poses[0, J3D["head_top"], 1] > 1.5
    assert np.all(poses[-1, :, 1] < 0.3) and poses[-1, :, 1].min() > -0.1


@pytest.mark.parametrize("actor, motion", [(a, "squat1Reps") for a in ACTORS] +
                         [("bk", "jogLeftCircle4StepsRstart"), ("mm", "depositFloorR"), ("tr", "kickLFront1Reps")])
def test_left_is_the_persons_left_and_the_nose_is_in_front(shared_data, actor, motion):
    skeleton, starts, ends, poses = hdm05_clip(shared_data, actor, motion)
    forward, up, left = body_axes(poses)  # forward = (right_hip -> left_hip) x (pelvis -> thorax)
    upright = up[:, 1] > np.cos(np.deg2rad(20))
    assert upright.sum() > 10
    nose = poses[:, J3D["nose"]]
    assert np.all(np.sum((nose - poses[:, J3D["thorax"]]) * forward, axis=-1)[upright] > 0.05)
    between = np.sum((nose - poses[:, J3D["thorax"]]) * up, axis=-1)[upright]  # below the head top
    assert np.all((between > 0) & (between < np.sum((poses[:, J3D["head_top"]] - poses[:, J3D["thorax"]]) * up,
                                                        axis=-1)[upright]))
    for part in ("shoulder", "elbow", "knee", "ankle"):
        across = np.sum((poses[:, J3D["left_" + part]] - poses[:, J3D["right_" + part]]) * left, axis=-1)
        assert np.mean(across > 0) > 0.9, part
    # Independent of the nose: the toes of an upright person point forward.
    for toes in ("ltoes", "rtoes"):
        direction = ends[:, skeleton.index(toes)] - starts[:, skeleton.index(toes)]
        assert np.mean(np.sum(direction * forward, axis=-1)[upright] > 0) > 0.9, toes


def test_jogging_goes_forward(shared_data):
    *_, poses = hdm05_clip(shared_data, "bd", "jogLeftCircle4StepsRstart")
    forward, _, _ = body_axes(poses)
    velocity = np.gradient(poses[:, J3D["pelvis"]], axis=0)
    assert np.mean(np.sum(velocity * forward, axis=-1) > 0) > 0.9


def test_the_rest_pose_maps_to_an_upright_person_facing_plus_z(shared_data):
    skeleton = read_asf(shared_data / HDM05 / "asf" / "HDM_tr.asf")
    starts, ends, rotations = forward_kinematics(skeleton, rest_motion(skeleton))
    pose = asf_joint_map.map_to_skeleton(starts, ends, rotations, skeleton)[0]
    assert pose[J3D["left_hip"], 0] > pose[J3D["right_hip"], 0]  # the left is at +x for a person facing +z
    assert pose[J3D["nose"], 2] - pose[J3D["thorax"], 2] == pytest.approx(0.12, abs=0.02)
    assert pose[J3D["head_top"], 1] > pose[J3D["nose"], 1] > pose[J3D["thorax"], 1] > pose[J3D["spine"], 1] > \
        pose[J3D["pelvis"], 1] > pose[J3D["left_knee"], 1] > pose[J3D["left_ankle"], 1]


# --- import-mocap --source hdm05 --------------------------------------------------------------


def test_import_cli_writes_a_valid_npz(shared_data, tmp_path, capsys):
    out = tmp_path / "hdm05.npz"
    assert main(["--source", "hdm05", "--input", str(shared_data / HDM05), "--out", str(out), "--limit-clips", "3",
                 "--workers", "1", "--no-progress"]) == 0
    assert "3 clips" in capsys.readouterr().out
    data = load_dataset(out)
    all_clips = sorted(p.name[: -len(".amc.gz")] for p in (shared_data / HDM05 / "amc").glob("*.amc.gz"))
    assert data.clip_names.tolist() == [all_clips[0], all_clips[len(all_clips) // 2], all_clips[-1]]
    assert data.fps == 30.0 and set(data.split.tolist()) == {"test"}
    assert "CC BY-SA 3.0" in data.license and "HDM05" in data.license and "Müller" in data.license
    assert data.source == "hdm05 bd+dg+tr (ASF/AMC cuts, 120 fps)"
    *_, expected = hdm05_clip(shared_data, "tr", "*", -1)  # the last clip of all
    rows = data.clip_id == 2
    np.testing.assert_allclose(data.poses3d[rows], expected[::4], atol=1e-5)  # 120 -> 30 fps: every 4th frame
    assert data.frame_index[rows].tolist() == list(range(len(expected[::4])))


def test_import_cli_holdout_actor(shared_data, tmp_path, capsys):
    out = tmp_path / "open.npz"
    assert main(["--source", "hdm05", "--input", str(shared_data / HDM05), "--out", str(out), "--limit-clips", "3",
                 "--workers", "1", "--no-progress", "--holdout-actor", "tr"]) == 0
    data = load_dataset(out)
    actor = np.array([n.split("_")[1] for n in data.clip_names])[data.clip_id]
    assert np.all((data.split == "val") == (actor == "tr")) and set(data.split.tolist()) == {"train", "val"}
    assert "actor tr held out as val" in data.source
    assert main(["--source", "hdm05", "--input", str(shared_data / HDM05), "--out", str(tmp_path / "x.npz"),
                 "--limit-clips", "3", "--holdout-actor", "zz", "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--holdout-actor zz: no clip of that actor" in err[0]
    with pytest.raises(SystemExit):
        main(["--source", "bandai", "--holdout-actor", "tr"])


def copy_clips(shared_data, folder, names, actors):
    (folder / "amc").mkdir(parents=True)
    (folder / "asf").mkdir()
    for name in names:
        shutil.copy(shared_data / HDM05 / "amc" / name, folder / "amc" / name)
    for actor in actors:
        shutil.copy(shared_data / HDM05 / "asf" / f"HDM_{actor}.asf", folder / "asf")


def test_import_cli_bad_input_is_one_line(shared_data, tmp_path, capsys):
    folder = tmp_path / "in"
    copy_clips(shared_data, folder, ["HDM_bd_squat1Reps_001_120.amc.gz", "HDM_tr_squat1Reps_041_120.amc.gz"], ["bd"])
    out = tmp_path / "x.npz"
    assert main(["--source", "hdm05", "--input", str(folder), "--out", str(out), "--workers", "1",
                 "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "HDM_tr_squat1Reps_041_120.amc.gz: no skeleton file" in err[0] and not out.exists()
    shutil.copy(shared_data / HDM05 / "asf" / "HDM_tr.asf", folder / "asf")
    bad = folder / "amc" / "HDM_tr_squat1Reps_041_120.amc.gz"
    text = gzip.decompress(bad.read_bytes()).decode("latin-1").replace("\nrtibia ", "\nrtibia 1 ", 1)
    bad.write_bytes(gzip.compress(text.encode("latin-1")))
    assert main(["--source", "hdm05", "--input", str(folder), "--out", str(out), "--workers", "1",
                 "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{bad}, line {line_of(text, 'rtibia 1 ')}: bone 'rtibia' needs 1 values" in err[0]
    (folder / "amc" / "notes.amc").write_text("1\n")
    assert main(["--source", "hdm05", "--input", str(folder), "--out", str(out), "--no-progress"]) == 1
    assert "clip name 'notes' is not HDM_<actor>_<motion>_<take>_<fps>" in capsys.readouterr().err


def test_clip_names():
    assert hdm05.parse_clip_name("HDM_bd_elbowToKnee1RepsLelbowStart_003_120") == \
        hdm05.ClipName("bd", "elbowToKnee1RepsLelbowStart", 3, 120)
    with pytest.raises(ValueError, match="is not HDM_"):
        hdm05.parse_clip_name("HDM_bd_squat")
