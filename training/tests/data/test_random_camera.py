import math

import numpy as np
import torch

from posesearch_training.data.random_camera import BASE_VIEW, CameraRanges, camera_rotations, project, random_rotations
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.geometry.pose3d import normalize_3d
from posesearch_training.skeleton import J3D, LEFT_RIGHT_2D, MODEL13_FROM_3D


def _t_pose_facing_plus_z() -> torch.Tensor:
    """Standing, y up, facing +z: the person's left is +x (right-handed, x = up x forward)."""
    p = torch.zeros(17, 3)
    for name, xyz in {
        "pelvis": (0, 1.0, 0), "spine": (0, 1.25, 0), "thorax": (0, 1.5, 0), "nose": (0, 1.62, 0.1),
        "head_top": (0, 1.75, 0), "left_hip": (0.1, 1.0, 0), "right_hip": (-0.1, 1.0, 0),
        "left_knee": (0.1, 0.55, 0), "right_knee": (-0.1, 0.55, 0), "left_ankle": (0.1, 0.1, 0),
        "right_ankle": (-0.1, 0.1, 0), "left_shoulder": (0.2, 1.5, 0), "right_shoulder": (-0.2, 1.5, 0),
        "left_elbow": (0.45, 1.5, 0), "right_elbow": (-0.45, 1.5, 0), "left_wrist": (0.7, 1.5, 0),
        "right_wrist": (-0.7, 1.5, 0),
    }.items():
        p[J3D[name]] = torch.tensor(xyz, dtype=torch.float32)
    return p


def test_camera_rotations_are_proper():
    rot = random_rotations(1000, CameraRanges(), torch.Generator().manual_seed(0))
    assert torch.allclose(torch.linalg.det(rot), torch.ones(1000), atol=1e-5)
    assert torch.allclose(rot @ rot.transpose(1, 2), torch.eye(3).expand(1000, 3, 3), atol=1e-5)
    assert float(torch.linalg.det(BASE_VIEW)) == 1.0


def test_chirality_person_facing_the_camera_has_left_joints_on_image_right():
    pose = normalize_3d(_t_pose_facing_plus_z()[None])
    # azimuth 180 deg turns the person to face the camera (which looks along +z)
    rot = camera_rotations(torch.tensor([math.pi]), torch.zeros(1), torch.zeros(1))
    image = project(pose, rot, torch.tensor([6.0]))[0][MODEL13_FROM_3D]
    for left, right in LEFT_RIGHT_2D:
        assert image[left, 0] > image[right, 0], "facing the camera, the person's left is on the image right"
    assert image[0, 1] < image[11, 1], "y down: the nose is above the ankles"
    # seen from behind (azimuth 0) the left is on the image left
    back = project(pose, camera_rotations(torch.zeros(1), torch.zeros(1), torch.zeros(1)), torch.tensor([6.0]))[0]
    back = back[MODEL13_FROM_3D]
    assert all(back[left, 0] < back[right, 0] for left, right in LEFT_RIGHT_2D)


def test_a_mirrored_camera_is_caught_by_the_chirality_check():
    pose = normalize_3d(_t_pose_facing_plus_z()[None])
    rot = camera_rotations(torch.tensor([math.pi]), torch.zeros(1), torch.zeros(1))
    mirrored = rot @ torch.diag(torch.tensor([-1.0, 1.0, 1.0]))  # det -1: the reference code's bug
    image = project(pose, mirrored, torch.tensor([6.0]))[0][MODEL13_FROM_3D]
    assert not all(image[left, 0] > image[right, 0] for left, right in LEFT_RIGHT_2D)


def test_elevation_and_roll_move_the_view_as_named():
    pose = normalize_3d(_t_pose_facing_plus_z()[None])
    tilted = camera_rotations(torch.tensor([math.pi]), torch.zeros(1), torch.tensor([math.radians(20)]))
    image = project(pose, tilted, torch.tensor([6.0]))[0]
    level = project(pose, camera_rotations(torch.tensor([math.pi]), torch.zeros(1), torch.zeros(1)),
                    torch.tensor([6.0]))[0]
    head, ankle = J3D["head_top"], J3D["left_ankle"]
    assert not torch.allclose(image[head], level[head])
    assert image[head, 1] < image[ankle, 1]


def test_projection_keeps_the_3d_label():
    poses = torch.tensor(random_poses(8, np.random.default_rng(0)))
    before = poses.clone()
    normalized = normalize_3d(poses)
    rot = random_rotations(8, CameraRanges(), torch.Generator().manual_seed(1))
    project(normalized, rot, torch.full((8,), 4.0))
    assert torch.equal(poses, before)
    # the projection of the label through the camera is exactly what the model sees
    cam = torch.einsum("nij,nkj->nki", rot, normalized) + torch.tensor([0.0, 0.0, 4.0])
    assert torch.allclose(project(normalized, rot, torch.full((8,), 4.0)), cam[..., :2] / cam[..., 2:], atol=1e-6)
