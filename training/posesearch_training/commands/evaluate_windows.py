"""`python3 -m posesearch_training evaluate-windows`: cross-view Hit@k of windows of consecutive frames.

For each held-out set: a seeded subsample of its windows (T frames `stride` apart inside one clip, T and
stride from the temporal model), near-duplicate windows removed, seen by the 4 Human3.6M rig cameras and
4 random cameras (one camera per window). A retrieved window is a hit when its mean NP-MPJPE over the
frames to the query window is < kappa. The temporal model embeds whole windows; each single-frame model
(`--single`) embeds the same windows' centre frames: same queries, same index, same truth. Raw-2D
baselines for both inputs. Writes JSON (--json), a Markdown table (stdout) and a PNG (--png).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

from ..data.dataset import load_dataset
from ..data.random_camera import CameraRanges
from ..evaluation.model_source import load_model
from ..evaluation.retrieval import validate
from ..evaluation.window_report import plot_window_hits, window_table
from ..evaluation.window_retrieval import build_window_validation_set, centre_frame_set
from ..reproduction import reproduction_command


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m posesearch_training evaluate-windows", description=__doc__)
    p.add_argument("temporal", type=Path, help="temporal model: checkpoint (.pt) or exported model folder")
    p.add_argument("--single", type=Path, nargs="*", default=[],
                   help="single-frame models (checkpoints or folders) evaluated on the windows' centre frames")
    p.add_argument("--data", nargs="+", required=True, metavar="NPZ[:SPLIT]",
                   help="held-out sets; the split defaults to val if the set has one, else test")
    p.add_argument("--size", type=int, default=1000, help="windows per set after near-duplicate removal")
    p.add_argument("--seed", type=int, default=2024, help="subsample and random-camera seed")
    p.add_argument("--kappa", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", type=Path, default=None, help="write the results here")
    p.add_argument("--png", type=Path, default=None, help="write the Hit@1 bar chart here")
    return p


def _model_name(path: Path) -> str:
    return path.name if path.is_dir() else f"{path.parent.name}/{path.name}"


def _set_of(spec: str) -> tuple[Path, str | None]:
    path, _, split = spec.partition(":")
    return Path(path), split or None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    torch.set_num_threads(args.threads)
    temporal = load_model(args.temporal)
    window, stride = temporal.config.window, temporal.config.window_stride
    if not temporal.config.temporal:
        print(f"evaluate-windows: error: {args.temporal} is a single-frame model (window 1); pass a temporal model",
              file=sys.stderr)
        return 2
    singles = [(p, load_model(p)) for p in args.single]
    for path, model in singles:
        if model.config.temporal:
            print(f"evaluate-windows: error: --single {path} is a temporal model", file=sys.stderr)
            return 2
    temporal_name = f"{_model_name(args.temporal)} (window)"
    evaluation = {"command": reproduction_command("evaluate-windows", argv), "kappa": args.kappa, "window": window,
                  "window_stride": stride, "seed": args.seed, "sets": {}}
    for spec in args.data:
        path, split = _set_of(spec)
        dataset = load_dataset(path)
        split = split or ("val" if "val" in set(dataset.split.tolist()) else "test")
        started = time.perf_counter()
        val = build_window_validation_set(dataset.poses3d, dataset.clip_id, dataset.frame_index, dataset.subset(split),
                                          window, stride, size=args.size, seed=args.seed, kappa=args.kappa,
                                          random_ranges=CameraRanges())
        centre = centre_frame_set(val)
        set_name = f"{path.stem}:{split}"
        print(f"{dataset.describe()}, split {split}: {val.size} windows of {window} (stride {stride}) after "
              f"near-duplicate removal ({time.perf_counter() - started:.1f} s)", flush=True)
        results = {"raw 2D (window)": validate(None, val), "raw 2D (centre frame)": validate(None, centre),
                   temporal_name: validate(temporal, val)}
        for single_path, model in singles:
            results[f"{_model_name(single_path)} (centre frame)"] = validate(model, centre)
        evaluation["sets"][set_name] = {"data": dataset.describe(), "split": split, "windows": val.size,
                                        "match_rate": float(val.matches.float().mean()), "results": results}
    print(window_table(evaluation))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(evaluation, indent=2) + "\n")
    if args.png:
        plot_window_hits(evaluation, args.png)
    return 0
