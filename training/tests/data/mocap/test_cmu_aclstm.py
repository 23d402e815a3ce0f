"""cmu-aclstm (CMU DAZ-friendly BVH): rest frame dropped, salsa read as 60 fps, whole takes held out,
and the joint map puts the person's left on the left with the nose in front."""
import numpy as np

from posesearch_training.commands.import_mocap import ACLSTM_VAL_CLIPS, main
from posesearch_training.data.mocap import joint_maps
from posesearch_training.data.mocap.bvh import forward_kinematics, read_bvh
from posesearch_training.skeleton import J3D


def _link(shared_data, tmp_path, *names):
    for name in names:
        folder, stem = name.split("/")
        (tmp_path / "in" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / folder / f"{stem}.bvh.gz").symlink_to(shared_data / f"mocap/cmu-aclstm/{name}.bvh.gz")
    return tmp_path / "in"


def test_rest_frame_dropped_and_salsa_at_its_real_60_fps(shared_data, tmp_path):
    source = _link(shared_data, tmp_path, "salsa/04", "martial/10")
    out = tmp_path / "aclstm.npz"
    assert main(["--source", "cmu-aclstm", "--input", str(source), "--out", str(out), "--workers", "1",
                 "--no-progress"]) == 0
    data = np.load(out)
    assert data["clip_names"].tolist() == ["martial/10", "salsa/04"]
    rig = joint_maps.CMU_DAZ
    for clip_id, name, step in ((0, "martial/10", 4), (1, "salsa/04", 2)):  # 120 -> 30 and 60 -> 30 fps
        clip = read_bvh(source / f"{name}.bvh.gz")
        expected = joint_maps.map_to_skeleton(*forward_kinematics(clip, rig.position_channels), clip, rig)[1:][::step]
        np.testing.assert_allclose(data["poses3d"][data["clip_id"] == clip_id], expected, atol=1e-5)
    split = dict(zip(data["clip_names"].tolist(), [data["split"][data["clip_id"] == i][0] for i in range(2)]))
    assert split == {"martial/10": "val", "salsa/04": "train"}
    assert "martial/10" in ACLSTM_VAL_CLIPS and "mocap.cs.cmu.edu" in str(data["license"])


def test_left_is_the_persons_left_and_the_nose_is_in_front(shared_data):
    clip = read_bvh(shared_data / "mocap/cmu-aclstm/salsa/04.bvh.gz")
    rig = joint_maps.CMU_DAZ
    poses = joint_maps.map_to_skeleton(*forward_kinematics(clip, rig.position_channels), clip, rig)[1:]
    across = poses[:, J3D["left_hip"]] - poses[:, J3D["right_hip"]]
    up = poses[:, J3D["thorax"]] - poses[:, J3D["pelvis"]]
    forward = np.cross(across, up)
    forward /= np.linalg.norm(forward, axis=1, keepdims=True)
    nose_ahead = np.einsum("fi,fi->f", poses[:, J3D["nose"]] - poses[:, J3D["thorax"]], forward)
    assert np.mean(nose_ahead > 0.03) > 0.95
    for part in ("shoulder", "knee", "ankle"):
        side = np.einsum("fi,fi->f", poses[:, J3D["left_" + part]] - poses[:, J3D["right_" + part]], across)
        assert np.mean(side > 0) > 0.9, part
    standing_height = np.median(poses[:, J3D["head_top"], 1] - poses[:, J3D["left_ankle"], 1])
    assert 1.3 < standing_height < 1.8  # centimetres in the file, metres here
