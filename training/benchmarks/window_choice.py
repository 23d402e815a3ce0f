"""How much a window of T frames says beyond its centre frame, for choosing the temporal model's T and
stride: among pairs of held-out windows whose centre frames match (NP-MPJPE < kappa), the share whose
windows do not (mean NP-MPJPE over the frames >= kappa), and the window's span in seconds.

    $PYTHON -m benchmarks.window_choice --threads 1        # from training/, about 1 min
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from posesearch_training.data.dataset import load_dataset
from posesearch_training.data.windows import window_rows
from posesearch_training.geometry.pose3d import CentredPoses, np_mpjpe_matrix
from posesearch_training.geometry.window_distance import window_distance_matrix

CHOICES = ((5, 1), (7, 1), (9, 1), (7, 2))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", nargs="+", default=["data/bandai-30fps.npz:val", "data/cmu-60fps-to-30.npz:test"])
    p.add_argument("--windows", type=int, default=600, help="windows sampled per set and choice")
    p.add_argument("--kappa", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    for spec in args.data:
        path, _, split = spec.partition(":")
        d = load_dataset(path)
        rows = d.subset(split or "val")
        for window, stride in CHOICES:
            started = time.perf_counter()
            candidates = window_rows(d.clip_id, d.frame_index, rows, window, stride)
            pick = candidates[np.random.default_rng(0).choice(len(candidates), args.windows, replace=False)]
            windows = window_distance_matrix(CentredPoses(torch.from_numpy(d.poses3d[pick].reshape(-1, 17, 3))),
                                             None, window)
            centres = np_mpjpe_matrix(CentredPoses(torch.from_numpy(d.poses3d[pick[:, window // 2]])))
            off_diagonal = ~torch.eye(len(pick), dtype=torch.bool)
            centre_match = (centres < args.kappa) & off_diagonal
            window_match = (windows < args.kappa) & off_diagonal
            share = float((centre_match & ~window_match).sum() / centre_match.sum())
            print(f"{d.path.name}:{split} T={window} stride={stride} span={(window - 1) * stride / d.fps:.2f}s "
                  f"windows={len(candidates)}/{len(rows)} centre-match pairs {int(centre_match.sum())}, of which "
                  f"no window match {share:.3f}; window matches {int(window_match.sum())} "
                  f"({time.perf_counter() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
