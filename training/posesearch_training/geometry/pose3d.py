"""3D pose normalization and NP-MPJPE (docs/model-contract.md, docs/method.md section 3), batched in torch.

NP-MPJPE(P, Q): normalize both (pelvis at the origin, divided by the torso chain
|pelvis - spine| + |spine - thorax|), align P to Q with a similarity Procrustes transform
(rotation with det = +1, uniform scale, translation), then average the per-joint
Euclidean distances. In the all-pairs matrix entry [i, j] aligns pose j to pose i, so the
error is measured in the frame of i (the query / the anchor).
"""
from __future__ import annotations

import torch

from ..skeleton import J3D, NUM_JOINTS_3D
from .procrustes3x3 import similarity_fit

PELVIS, SPINE, THORAX = J3D["pelvis"], J3D["spine"], J3D["thorax"]


def normalize_3d(poses: torch.Tensor) -> torch.Tensor:
    """[..., 17, 3] -> pelvis at the origin, torso chain length 1."""
    if poses.shape[-2:] != (NUM_JOINTS_3D, 3):
        raise ValueError(f"3D poses must have shape [..., 17, 3], got {list(poses.shape)}")
    centred = poses - poses[..., PELVIS:PELVIS + 1, :]
    torso = (torch.linalg.norm(poses[..., PELVIS, :] - poses[..., SPINE, :], dim=-1)
             + torch.linalg.norm(poses[..., SPINE, :] - poses[..., THORAX, :], dim=-1))
    if bool((torso <= 1e-9).any()):
        raise ValueError("3D pose with zero torso length (pelvis, spine and thorax coincide)")
    return centred / torso[..., None, None]


def _similarity_fit(cross: torch.Tensor, source_sq: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Rotation [...,3,3] and scale [...] mapping centred sources onto centred targets.

    cross = sum_k source_k target_k^T (3x3). With cross = U S V^T the best proper rotation is
    R = V diag(1, 1, sign det(V U^T)) U^T and the best scale trace(S diag(...)) / |source|^2.
    """
    u, s, vh = torch.linalg.svd(cross)
    v = vh.transpose(-1, -2)
    sign = torch.sign(torch.linalg.det(v @ u.transpose(-1, -2)))
    sign = torch.where(sign == 0, torch.ones_like(sign), sign)
    fix = torch.ones_like(s)
    fix[..., 2] = sign
    rotation = (v * fix.unsqueeze(-2)) @ u.transpose(-1, -2)
    scale = (s * fix).sum(dim=-1) / torch.clamp(source_sq, min=1e-12)
    return rotation, scale


def np_mpjpe_pairs(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Row-wise NP-MPJPE(p_n -> q_n): [N,17,3] x [N,17,3] -> [N] (raw, un-normalized poses)."""
    if p.shape != q.shape:
        raise ValueError(f"pose batches differ in shape: {list(p.shape)} vs {list(q.shape)}")
    src = normalize_3d(p.double())
    dst = normalize_3d(q.double())
    src = src - src.mean(dim=-2, keepdim=True)
    dst = dst - dst.mean(dim=-2, keepdim=True)
    cross = torch.einsum("nki,nkj->nij", src, dst)
    rotation, scale = _similarity_fit(cross, (src * src).sum(dim=(-1, -2)))
    aligned = scale[:, None, None] * torch.einsum("nij,nkj->nki", rotation, src)
    return torch.linalg.norm(aligned - dst, dim=-1).mean(dim=-1).to(p.dtype)


class CentredPoses:
    """Poses normalized and centred once, so all-pairs NP-MPJPE needs only one einsum per block."""

    def __init__(self, poses: torch.Tensor) -> None:
        normalized = normalize_3d(poses)
        self.centred = normalized - normalized.mean(dim=-2, keepdim=True)  # [N,17,3]
        self.squared_norm = (self.centred * self.centred).sum(dim=(-1, -2))  # [N]

    def __len__(self) -> int:
        return self.centred.shape[0]

    def subset(self, index: torch.Tensor) -> "CentredPoses":
        out = CentredPoses.__new__(CentredPoses)
        out.centred, out.squared_norm = self.centred[index], self.squared_norm[index]
        return out


def np_mpjpe_matrix(rows: CentredPoses, cols: CentredPoses | None = None, block: int = 65536,
                   sweeps: int = 6) -> torch.Tensor:
    """[i, j] = NP-MPJPE(cols_j -> rows_i), all pairs, no gradient; computed in blocks of pairs."""
    cols = rows if cols is None else cols
    with torch.no_grad():
        a, b = rows.centred, cols.centred
        n, m = a.shape[0], b.shape[0]
        out = torch.empty(n, m, dtype=a.dtype, device=a.device)
        rows_per_block = max(1, block // max(m, 1))
        b_t, a_t = b.transpose(1, 2).contiguous(), a.transpose(1, 2).contiguous()
        for start in range(0, n, rows_per_block):
            stop = min(n, start + rows_per_block)
            dst, dst_t = a[start:stop], a_t[start:stop]  # [r,17,3], [r,3,17]
            cross = torch.einsum("mki,rkj->rmij", b, dst)  # [r,m,3,3] sources = cols
            rotation, scale = similarity_fit(cross, cols.squared_norm.expand(stop - start, m), sweeps)
            transform = scale[..., None, None] * rotation  # [r,m,3,3]
            # Coordinates-first layout [.., 3, 17]: a norm over a trailing dim of 3 is slow on CPU.
            diff = torch.einsum("rmij,mjk->rmik", transform, b_t) - dst_t[:, None]
            squared = diff[:, :, 0] ** 2 + diff[:, :, 1] ** 2 + diff[:, :, 2] ** 2
            out[start:stop] = torch.sqrt(squared).mean(dim=-1)
    return out


# The float32 all-pairs NP-MPJPE agrees with a float64 SVD reference to ~1e-5; entries this
# close to kappa are recomputed in float64 so the match decision is the exact one.
MATCH_RECHECK_BAND = 1e-4


def pose_match_matrix(rows: CentredPoses, cols: CentredPoses | None = None, kappa: float = 0.1,
                      rows_raw: torch.Tensor | None = None, cols_raw: torch.Tensor | None = None,
                      distances: torch.Tensor | None = None) -> torch.Tensor:
    """[i, j] = NP-MPJPE(cols_j -> rows_i) < kappa, bool, decided exactly near the threshold.

    rows_raw / cols_raw: the poses behind rows / cols for the float64 re-check (defaults to the
    centred poses, which give the same NP-MPJPE since it normalizes and centres anyway).
    """
    cols = rows if cols is None else cols
    if distances is None:
        distances = np_mpjpe_matrix(rows, cols)
    matches = distances < kappa
    near = ((distances - kappa).abs() < MATCH_RECHECK_BAND).nonzero(as_tuple=False)
    if near.numel():
        src = (cols.centred if cols_raw is None else cols_raw)[near[:, 1]]
        dst = (rows.centred if rows_raw is None else rows_raw)[near[:, 0]]
        exact = _np_mpjpe_centred64(src, dst) < kappa
        matches[near[:, 0], near[:, 1]] = exact.to(matches.device)
    return matches


def _np_mpjpe_centred64(src: torch.Tensor, dst: torch.Tensor) -> torch.Tensor:
    """Float64 SVD reference on poses that may already be normalized and centred (idempotent)."""
    return np_mpjpe_pairs(src.double(), dst.double())
