import numpy as np
import pytest
import torch

from posesearch_training.geometry.pose3d import (
    CentredPoses, normalize_3d, np_mpjpe_matrix, np_mpjpe_pairs, pose_match_matrix)
from posesearch_training.data.synthetic_poses import random_poses
from posesearch_training.geometry.procrustes3x3 import similarity_fit


def _rotation(rng) -> np.ndarray:
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def _brute_np_mpjpe(p: np.ndarray, q: np.ndarray) -> float:
    """Straight from the definition, with numpy's SVD, one pair at a time."""
    def norm(x):
        x = x - x[0]
        return x / (np.linalg.norm(x[0] - x[7]) + np.linalg.norm(x[7] - x[8]))
    src, dst = norm(p.astype(np.float64)), norm(q.astype(np.float64))
    src_c, dst_c = src - src.mean(0), dst - dst.mean(0)
    u, s, vt = np.linalg.svd(src_c.T @ dst_c)
    d = np.sign(np.linalg.det(vt.T @ u.T))
    rot = vt.T @ np.diag([1, 1, d]) @ u.T
    scale = (s * [1, 1, d]).sum() / (src_c ** 2).sum()
    aligned = scale * src_c @ rot.T
    return float(np.linalg.norm(aligned - dst_c, axis=1).mean())


def test_normalize_3d_puts_pelvis_at_origin_with_unit_torso():
    p = torch.tensor(random_poses(4, np.random.default_rng(0)))
    n = normalize_3d(p)
    assert torch.allclose(n[:, 0], torch.zeros(4, 3))
    torso = (n[:, 0] - n[:, 7]).norm(dim=-1) + (n[:, 7] - n[:, 8]).norm(dim=-1)
    assert torch.allclose(torso, torch.ones(4), atol=1e-6)


def test_zero_torso_is_rejected():
    with pytest.raises(ValueError, match="zero torso length"):
        normalize_3d(torch.zeros(1, 17, 3))


def test_similarity_transformed_copy_has_zero_error_and_mirror_does_not():
    rng = np.random.default_rng(1)
    p = random_poses(1, rng)[0].astype(np.float64)
    moved = 2.7 * p @ _rotation(rng).T + np.array([1.0, -2.0, 0.5])
    mirrored = p * np.array([-1.0, 1.0, 1.0])
    got = np_mpjpe_pairs(torch.tensor(np.stack([moved, mirrored])), torch.tensor(np.stack([p, p])))
    assert float(got[0]) == pytest.approx(0.0, abs=1e-9)
    # a reflection cannot be undone by a det=+1 rotation
    assert float(got[1]) > 0.05
    assert float(got[1]) == pytest.approx(_brute_np_mpjpe(mirrored, p), abs=1e-9)


def test_pairs_and_matrix_agree_with_the_brute_force_definition():
    rng = np.random.default_rng(2)
    poses = random_poses(12, rng)
    brute = np.array([[_brute_np_mpjpe(poses[j], poses[i]) for j in range(12)] for i in range(12)])
    matrix = np_mpjpe_matrix(CentredPoses(torch.tensor(poses)), block=50).numpy()
    assert np.allclose(matrix, brute, atol=5e-5)
    matrix64 = np_mpjpe_matrix(CentredPoses(torch.tensor(poses, dtype=torch.float64))).numpy()
    assert np.allclose(matrix64, brute, atol=1e-9)
    i, j = np.meshgrid(np.arange(12), np.arange(12), indexing="ij")
    pairs = np_mpjpe_pairs(torch.tensor(poses[j.ravel()]), torch.tensor(poses[i.ravel()])).numpy().reshape(12, 12)
    assert np.allclose(pairs, brute, atol=1e-6)


def test_closed_form_fit_matches_svd_including_reflection_cases():
    torch.manual_seed(0)
    h = torch.randn(500, 3, 3, dtype=torch.float64)
    h[:5] = torch.diag_embed(torch.tensor([[3.0, 2.0, 1.0], [3.0, 2.0, -1.0], [1.0, 1.0, 1.0], [2.0, 1.0, 0.0],
                                           [5.0, -4.0, 1e-9]], dtype=torch.float64))
    sq = torch.rand(500, dtype=torch.float64) + 1.0
    rotation, scale = similarity_fit(h, sq, sweeps=8)
    u, s, vh = torch.linalg.svd(h)
    d = torch.sign(torch.linalg.det(vh.transpose(1, 2) @ u.transpose(1, 2)))
    fix = torch.stack([torch.ones_like(d), torch.ones_like(d), d], dim=1)
    ref_rot = vh.transpose(1, 2) @ torch.diag_embed(fix) @ u.transpose(1, 2)
    ref_scale = (s * fix).sum(1) / sq
    assert torch.allclose(scale, ref_scale, atol=1e-9)
    assert torch.allclose(torch.linalg.det(rotation), torch.ones(500, dtype=torch.float64), atol=1e-9)
    # where singular values are distinct the rotation is unique and must match
    distinct = ((s[:, 0] - s[:, 1]).abs() > 1e-3) & ((s[:, 1] - s[:, 2]).abs() > 1e-3)
    distinct[2] = False  # identity cross-covariance: any rotation with the same trace is optimal
    assert torch.allclose(rotation[distinct], ref_rot[distinct], atol=1e-7)


def test_match_matrix_is_exact_near_kappa():
    rng = np.random.default_rng(3)
    base = random_poses(1, rng)[0]
    noise = rng.normal(size=(40, 17, 3)) * 0.05
    poses = torch.tensor(base[None] + noise * np.linspace(0.2, 1.5, 40)[:, None, None], dtype=torch.float32)
    rows = CentredPoses(poses)
    exact = np.array([[_brute_np_mpjpe(poses[j].numpy(), poses[i].numpy()) < 0.1 for j in range(40)] for i in range(40)])
    assert np.array_equal(pose_match_matrix(rows, kappa=0.1, rows_raw=poses, cols_raw=poses).numpy(), exact)
    assert 0 < exact.sum() < exact.size
