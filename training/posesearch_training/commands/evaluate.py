"""`python3 -m posesearch_training evaluate`: cross-view Hit@k of checkpoints on a dataset.

Builds the fixed validation set (seeded subsample of a split, near-duplicates removed),
projects it through the Human3.6M rig and random cameras, and prints Hit@1/10/20 at
kappa = 0.1 for the raw-2D baseline and each checkpoint (mean L2 and match probability),
on complete poses and with 3 random joints hidden in the queries. --json writes the results.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from ..data.dataset import DEFAULT_DATASET, load_dataset
from ..data.random_camera import CameraRanges
from ..evaluation.hit_table import format_table
from ..evaluation.model_source import load_model
from ..evaluation.retrieval import KAPPAS, build_validation_set, validate
from ..model.checkpoint import load_checkpoint, model_from_checkpoint
from ..reproduction import reproduction_command

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m posesearch_training evaluate", description=__doc__)
    p.add_argument("checkpoints", nargs="*", type=Path,
                   help="checkpoints (.pt) or exported model folders; none = raw-2D baseline only")
    p.add_argument("--data", type=Path, default=DEFAULT_DATASET)
    p.add_argument("--split", default="val", help="val (Bandai held-out) or test (cross-dataset npz)")
    p.add_argument("--size", type=int, default=2000, help="poses after near-duplicate removal")
    p.add_argument("--seed", type=int, default=1234, help="subsample and random-camera seed")
    p.add_argument("--kappa", type=float, default=0.1)
    p.add_argument("--depth-min", type=float, default=2.5)
    p.add_argument("--depth-max", type=float, default=10.0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--raw-weights", action="store_true", help="evaluate the raw weights instead of the EMA")
    p.add_argument("--kappa-curve", action="store_true", help=f"also Hit@k at kappa in {KAPPAS}")
    p.add_argument("--json", type=Path, default=None, help="write the results here")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    torch.set_num_threads(args.threads)
    dataset = load_dataset(args.data)
    poses = dataset.poses3d[dataset.subset(args.split)]
    started = time.perf_counter()
    val = build_validation_set(poses, size=args.size, seed=args.seed, kappa=args.kappa,
                               random_ranges=CameraRanges(depth_min=args.depth_min, depth_max=args.depth_max))
    print(f"{dataset.describe()}, split {args.split}: {val.size} poses after near-duplicate removal "
          f"({time.perf_counter() - started:.1f} s)", flush=True)
    kappas = KAPPAS if args.kappa_curve else ()
    results: dict[str, dict[str, float]] = {}
    if not args.checkpoints:
        results["raw 2D"] = validate(None, val, kappas=kappas)
    for path in args.checkpoints:
        if path.is_dir():  # an exported model folder (e.g. the shipped v1, whose run folder is gone)
            model, name = load_model(path), f"{path.name} (exported)"
        else:
            state = load_checkpoint(path)
            model = model_from_checkpoint(state, use_ema=not args.raw_weights)
            name = f"{path.parent.name}/{path.name} (step {state.get('step', '?')})"
        t = time.perf_counter()
        results[name] = validate(model, val, kappas=kappas)
        print(f"{name}: evaluated in {time.perf_counter() - t:.1f} s", flush=True)
    print(format_table(results))
    if args.json:
        command = reproduction_command("evaluate", argv)
        args.json.write_text(json.dumps({"command": command, "data": dataset.describe(), "split": args.split,
                                         "poses": val.size, "kappa": args.kappa, "results": results}, indent=2) + "\n")
    return 0
