"""Regenerates the test fixtures of PoseSearch.Core.Tests with /usr/bin/python3 (numpy).

    /usr/bin/python3 tests/PoseSearch.Core.Tests/Fixtures/generate_fixtures.py

- np_mpjpe_reference.json: NP-MPJPE of pose pairs computed independently with numpy's SVD
  (Umeyama / VideoPose3D p_mpjpe with det = +1), the reference the C# Procrustes must match.
- arrays.npz (np.savez, stored) and arrays_compressed.npz (np.savez_compressed, deflated):
  small arrays of every dtype the NpzReader supports; unsupported.npz: a big-endian, a Fortran-order
  and a bool array the reader must refuse with a clear message.
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# A standing person, y up, facing +z, metres (same as TestPoses.Standing in the C# tests).
STANDING = np.array([
    [0.0, 1.0, 0.0], [-0.1, 1.0, 0.0], [-0.1, 0.55, 0.02], [-0.1, 0.1, 0.0],
    [0.1, 1.0, 0.0], [0.1, 0.55, 0.02], [0.1, 0.1, 0.0],
    [0.0, 1.25, 0.0], [0.0, 1.5, 0.0], [0.0, 1.65, 0.08], [0.0, 1.8, 0.0],
    [0.18, 1.45, 0.0], [0.2, 1.2, 0.05], [0.22, 0.95, 0.12],
    [-0.18, 1.45, 0.0], [-0.2, 1.2, 0.0], [-0.25, 1.0, -0.05],
])
PELVIS, SPINE, THORAX = 0, 7, 8


def normalize(pose):
    torso = np.linalg.norm(pose[PELVIS] - pose[SPINE]) + np.linalg.norm(pose[SPINE] - pose[THORAX])
    return (pose - pose[PELVIS]) / torso


def np_mpjpe(p, q):
    """Align normalized p to normalized q (rotation det +1, scale, translation); mean joint distance."""
    a, b = normalize(p), normalize(q)
    mu_a, mu_b = a.mean(0), b.mean(0)
    a0, b0 = a - mu_a, b - mu_b
    h = a0.T @ b0                      # sum_i a_i b_i^T
    u, s, vt = np.linalg.svd(h)
    d = np.sign(np.linalg.det(vt.T @ u.T))
    corr = np.diag([1.0, 1.0, d])
    r = vt.T @ corr @ u.T              # b ~ r a
    scale = (s * np.array([1.0, 1.0, d])).sum() / (a0 ** 2).sum()
    aligned = scale * a0 @ r.T + mu_b
    return float(np.linalg.norm(aligned - b, axis=1).mean())


def reference_cases():
    rng = np.random.default_rng(20240501)
    cases = []
    for noise in (0.02, 0.1, 0.4):
        for _ in range(3):
            p = STANDING + rng.normal(0, noise, STANDING.shape)
            q = STANDING + rng.normal(0, noise, STANDING.shape)
            # arbitrary rigid motion and scale of q: NP-MPJPE must not care
            angle = rng.uniform(-np.pi, np.pi)
            rot = np.array([[np.cos(angle), 0, np.sin(angle)], [0, 1, 0], [-np.sin(angle), 0, np.cos(angle)]])
            q = 1.7 * q @ rot.T + np.array([0.3, -2.0, 5.0])
            p, q = p.round(5), q.round(5)   # the JSON holds these exact values
            cases.append({"p": p.tolist(), "q": q.tolist(), "np_mpjpe": np_mpjpe(p, q)})
    mirrored = STANDING * np.array([-1.0, 1.0, 1.0])
    cases.append({"p": STANDING.tolist(), "q": mirrored.tolist(), "np_mpjpe": np_mpjpe(STANDING, mirrored)})
    return cases


def write_npz():
    arrays = dict(
        poses=np.arange(2 * 17 * 3, dtype=np.float32).reshape(2, 17, 3) / 10,
        doubles=np.array([[1.5, -2.25], [1e300, -0.0]], dtype=np.float64),
        ints=np.array([1, -2, 2147483647], dtype=np.int32),
        longs=np.array([[-(2 ** 40), 7]], dtype=np.int64),
        names=np.array(["walk", "dance_long", "\u00e9t\u00e9"]),
        scalar=np.float32(29.97),
        text=np.array("bandai dataset-1+dataset-2"),
        empty=np.zeros((0, 13, 2), dtype=np.float32),
    )
    np.savez(os.path.join(HERE, "arrays.npz"), **arrays)
    np.savez_compressed(os.path.join(HERE, "arrays_compressed.npz"), **arrays)
    np.savez(
        os.path.join(HERE, "unsupported.npz"),
        big_endian=np.array([1.0, 2.0], dtype=">f4"),
        fortran=np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)),
        flags=np.array([True, False]),
    )


if __name__ == "__main__":
    with open(os.path.join(HERE, "np_mpjpe_reference.json"), "w") as f:
        json.dump({"generator": "generate_fixtures.py (numpy SVD)", "cases": reference_cases()}, f)
    write_npz()
