import numpy as np
import pytest

from posesearch_training.data.h36m_rig import Y_UP_TO_Z_UP, load_rig, place_at_rig_origin, quaternion_to_matrix
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.skeleton import J3D, LEFT_RIGHT_2D, MODEL13_FROM_3D


def test_rig_has_four_cameras_with_rotations(shared_data):
    rig = load_rig(shared_data / "cameras" / "h36m-cameras.json", "S9")
    assert [c.camera_id for c in rig] == ["54138969", "55011271", "58860488", "60457274"]
    for cam in rig:
        assert np.allclose(cam.rotation_cam_to_world @ cam.rotation_cam_to_world.T, np.eye(3), atol=1e-6)
        assert np.linalg.det(cam.rotation_cam_to_world) == pytest.approx(1.0, abs=1e-6)


def test_quaternion_matrix_hand_computed():
    # 90 deg about z: x -> y
    q = [np.cos(np.pi / 4), 0, 0, np.sin(np.pi / 4)]
    assert np.allclose(quaternion_to_matrix(q) @ [1, 0, 0], [0, 1, 0])


def test_placement_is_a_proper_rotation_to_z_up_on_the_floor():
    assert np.linalg.det(Y_UP_TO_Z_UP) == 1.0
    poses = random_poses(3, np.random.default_rng(0))
    world = place_at_rig_origin(poses)
    assert np.allclose(world[:, J3D["pelvis"], :2], 0.0)
    assert np.allclose(world[..., 2].min(axis=1), 0.0)
    assert (world[:, J3D["head_top"], 2] > world[:, J3D["pelvis"], 2]).all()
    # mm, and lengths preserved
    assert np.linalg.norm(world[0, 1] - world[0, 2]) == pytest.approx(1000 * np.linalg.norm(poses[0, 1] - poses[0, 2]), rel=1e-5)


def test_a_standing_pose_projects_upright_inside_every_image(shared_data):
    rig = load_rig(shared_data / "cameras" / "h36m-cameras.json", "S9")
    poses = random_poses(20, np.random.default_rng(1))
    world = place_at_rig_origin(poses)
    for cam in rig:
        pixels = cam.project(world)
        w, h = cam.resolution
        assert (pixels[..., 0] > 0).all() and (pixels[..., 0] < w).all()
        assert (pixels[..., 1] > 0).all() and (pixels[..., 1] < h).all()
        assert (pixels[:, J3D["head_top"], 1] < pixels[:, J3D["left_ankle"], 1]).all()


def test_rig_views_are_not_mirrored(shared_data):
    """Pose facing the camera centre: its left must land on the image right."""
    rig = load_rig(shared_data / "cameras" / "h36m-cameras.json", "S9")
    t = np.zeros((17, 3))  # a T-pose facing +z (y up), its left on +x
    for name, xyz in {"pelvis": (0, 1, 0), "spine": (0, 1.25, 0), "thorax": (0, 1.5, 0), "nose": (0, 1.6, 0.1),
                      "head_top": (0, 1.75, 0), "left_hip": (0.1, 1, 0), "right_hip": (-0.1, 1, 0),
                      "left_knee": (0.1, 0.55, 0), "right_knee": (-0.1, 0.55, 0), "left_ankle": (0.1, 0.1, 0),
                      "right_ankle": (-0.1, 0.1, 0), "left_shoulder": (0.2, 1.5, 0), "right_shoulder": (-0.2, 1.5, 0),
                      "left_elbow": (0.45, 1.5, 0), "right_elbow": (-0.45, 1.5, 0), "left_wrist": (0.7, 1.5, 0),
                      "right_wrist": (-0.7, 1.5, 0)}.items():
        t[J3D[name]] = xyz
    for cam in rig:
        # turn the person (about y) to face this camera: facing +z maps to world -y after placement
        cam_dir = -cam.centre_mm[:2] / np.linalg.norm(cam.centre_mm[:2])  # from camera toward origin
        facing = -cam_dir  # the person looks back at the camera
        # in y-up coordinates world (x, y) = (x, -z): facing (fx, fy) -> y-up (fx, 0, -fy)
        yaw = np.arctan2(facing[0], -facing[1])
        rot = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
        pixels = cam.project(place_at_rig_origin((t @ rot.T)[None]))[0][MODEL13_FROM_3D]
        for left, right in LEFT_RIGHT_2D:
            assert pixels[left, 0] > pixels[right, 0], cam.camera_id


def test_missing_subject_is_named(shared_data):
    with pytest.raises(ValueError, match="S2"):
        load_rig(shared_data / "cameras" / "h36m-cameras.json", "S2")
