"""3D distance of two windows of poses: the mean over the T frames of NP-MPJPE(frame t of j -> frame t
of i). Windows are stored frame-major inside each window: row w * T + t of a CentredPoses is frame t of
window w. Match when the mean is < kappa (the temporal model's mining and its Hit@k truth)."""
from __future__ import annotations

import torch

from .pose3d import MATCH_RECHECK_BAND, CentredPoses, np_mpjpe_matrix, np_mpjpe_pairs


def window_frame(poses: CentredPoses, window: int, t: int) -> CentredPoses:
    """Frame t of every window."""
    return poses.subset(torch.arange(t, len(poses), window, device=poses.centred.device))


def window_distance_matrix(rows: CentredPoses, cols: CentredPoses | None, window: int) -> torch.Tensor:
    """[i, j] = mean over t of NP-MPJPE(cols window j frame t -> rows window i frame t); float32."""
    cols = rows if cols is None else cols
    if len(rows) % window or len(cols) % window:
        raise ValueError(f"pose counts {len(rows)}, {len(cols)} are not whole windows of {window}")
    total = None
    for t in range(window):
        d = np_mpjpe_matrix(window_frame(rows, window, t), window_frame(cols, window, t))
        total = d if total is None else total + d
    return total / window


def window_distance_pairs(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Row-wise float64 reference: [N,T,17,3] x [N,T,17,3] -> [N] mean NP-MPJPE(p -> q) over frames."""
    n, window = p.shape[:2]
    return np_mpjpe_pairs(p.reshape(n * window, *p.shape[2:]), q.reshape(n * window, *q.shape[2:])) \
        .reshape(n, window).mean(dim=1)


def window_match_matrix(rows: CentredPoses, cols: CentredPoses | None, window: int, kappa: float = 0.1,
                        distances: torch.Tensor | None = None) -> torch.Tensor:
    """[i, j] = window distance < kappa, entries within MATCH_RECHECK_BAND of kappa re-decided in float64."""
    cols = rows if cols is None else cols
    if distances is None:
        distances = window_distance_matrix(rows, cols, window)
    matches = distances < kappa
    near = ((distances - kappa).abs() < MATCH_RECHECK_BAND).nonzero(as_tuple=False)
    if near.numel():
        shape = (-1, window) + tuple(rows.centred.shape[1:])
        src = cols.centred.reshape(shape)[near[:, 1]]
        dst = rows.centred.reshape(shape)[near[:, 0]]
        matches[near[:, 0], near[:, 1]] = (window_distance_pairs(src.double(), dst.double()) < kappa).to(matches.device)
    return matches
