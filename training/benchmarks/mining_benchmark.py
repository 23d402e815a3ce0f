"""Mining cost per training step, straightforward vs the implementation used in training.

Run from training/: $PYTHON -m benchmarks.mining_benchmark [--batch 256] [--threads 2]
Prints ms per step of each part and checks that both select the same negatives.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

from posesearch_training.data.dataset import DEFAULT_DATASET, load_dataset
from posesearch_training.geometry.pose3d import CentredPoses, normalize_3d, pose_match_matrix
from posesearch_training.model.match_probability import MatchProbability, distance_from_probability
from posesearch_training.model.miner import SemiHardNegativeMiner


def naive_np_mpjpe_matrix(poses: torch.Tensor) -> torch.Tensor:
    """B^2 Procrustes fits with torch.linalg.svd, straight from the definition (float32)."""
    b = poses.shape[0]
    n = normalize_3d(poses)
    n = n - n.mean(dim=1, keepdim=True)
    dst = n[:, None].expand(b, b, 17, 3).reshape(-1, 17, 3)
    src = n[None, :].expand(b, b, 17, 3).reshape(-1, 17, 3)
    u, s, vh = torch.linalg.svd(src.transpose(1, 2) @ dst)
    v = vh.transpose(1, 2)
    d = torch.sign(torch.linalg.det(v @ u.transpose(1, 2)))
    fix = torch.stack([torch.ones_like(d), torch.ones_like(d), d], dim=1)
    rot = v @ torch.diag_embed(fix) @ u.transpose(1, 2)
    scale = (s * fix).sum(1) / (src ** 2).sum(dim=(1, 2))
    aligned = scale[:, None, None] * src @ rot.transpose(1, 2)
    return torch.linalg.norm(aligned - dst, dim=-1).mean(-1).reshape(b, b)


def timed(fn, repeats):
    fn()
    start = time.perf_counter()
    for _ in range(repeats):
        out = fn()
    return (time.perf_counter() - start) * 1000 / repeats, out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--data", type=Path, default=DEFAULT_DATASET)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    g = torch.Generator().manual_seed(0)
    data = load_dataset(args.data)
    poses = torch.from_numpy(data.poses3d[data.subset("train")])
    idx = torch.randint(len(poses), (args.batch,), generator=g)
    batch = poses[idx]
    centred = CentredPoses(normalize_3d(batch))
    match = MatchProbability()
    k, dim = 20, 16
    anchors = torch.randn(args.batch, k, dim, generator=g, requires_grad=True)
    positives = (anchors.detach() + 0.5 * torch.randn(args.batch, k, dim, generator=g)).requires_grad_(True)

    t_np_naive, naive_matrix = timed(lambda: naive_np_mpjpe_matrix(batch), args.repeats)
    t_np_fast, fast_matches = timed(lambda: pose_match_matrix(centred), args.repeats)

    def naive_distance():
        d = distance_from_probability(match.matrix(anchors, positives))  # with grad, K x K for all pairs
        mined = SemiHardNegativeMiner()(d, naive_matrix < 0.1)
        pos = d.diagonal()
        loss = torch.relu(pos[mined.anchors] - d[mined.anchors, mined.negatives] + 0.69).sum() + pos.sum()
        loss.backward()
        return mined

    def fast_distance():
        with torch.no_grad():
            d = distance_from_probability(match.matrix(anchors.detach(), positives.detach()))
        mined = SemiHardNegativeMiner()(d, fast_matches)
        pos = distance_from_probability(match.pairs(anchors, positives))
        neg = distance_from_probability(match.pairs(anchors[mined.anchors], positives[mined.negatives]))
        loss = torch.relu(pos[mined.anchors] - neg + 0.69).sum() + pos.sum()
        loss.backward()
        return mined

    t_d_naive, mined_naive = timed(naive_distance, args.repeats)
    t_d_fast, mined_fast = timed(fast_distance, args.repeats)
    same_matches = bool(torch.equal(naive_matrix < 0.1, fast_matches))
    same = (torch.equal(mined_naive.anchors, mined_fast.anchors) and torch.equal(mined_naive.negatives, mined_fast.negatives))
    print(f"batch {args.batch}, K {k}, D {dim}, {args.threads} threads, torch {torch.__version__}")
    print(f"  NP-MPJPE matches B x B: straightforward (svd) {t_np_naive:7.1f} ms   closed form {t_np_fast:7.1f} ms"
          f"   same matches: {same_matches}")
    print(f"  D matrix + mining + loss backward: all-pairs with grad {t_d_naive:7.1f} ms   "
          f"no-grad matrix + grad on mined pairs {t_d_fast:7.1f} ms   same triplets: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
