"""`python3 -m posesearch_training export`: checkpoint (or random weights) -> ONNX model folder.

Writes <out>/model.onnx, test-vectors.json (a temporal model: window-test-vectors.json), config.json
and README.md (the model card), and
copies the run's metrics CSV and curves PNG when the checkpoint's run folder has them.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

from ..data.dataset import DEFAULT_DATASET, load_dataset
from ..data.synthetic_poses import random_poses
from ..data.windows import window_offsets, window_rows
from ..evaluation.hit_table import format_table
from ..export.model_card import write_model_card
from ..export.onnx_graph import OPSET, contract_metadata, export_onnx, graph_op_types
from ..export.onnx_reference import graph_parity_on_test_vectors
from ..export.portable_paths import portable_paths
from ..export.test_vectors import build_test_vectors, vectors_file_name, write_test_vectors
from ..model.checkpoint import load_checkpoint, model_from_checkpoint
from ..model.match_probability import raw_a_for
from ..model.network import VARIANTS, ModelConfig, PrVipe, parameter_count
from ..reproduction import reproduction_command

KAPPA = 0.1


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m posesearch_training export", description=__doc__)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", type=Path, help="checkpoint .pt of a training run (EMA weights are exported)")
    src.add_argument("--random-init", action="store_true", help="random weights (integration tests of the service)")
    p.add_argument("--out", type=Path, required=True, help="model folder, e.g. ../onnx-models/prvipe-occlusion-v1")
    p.add_argument("--variant", choices=VARIANTS, default="occlusion", help="with --random-init")
    p.add_argument("--width", type=int, default=64, help="with --random-init")
    p.add_argument("--blocks", type=int, default=2, help="with --random-init")
    p.add_argument("--embedding-dim", type=int, default=16, help="with --random-init")
    p.add_argument("--num-samples", type=int, default=20, help="with --random-init")
    p.add_argument("--window", type=int, default=1, help="with --random-init: > 1 makes a temporal model")
    p.add_argument("--window-stride", type=int, default=1, help="with --random-init and --window")
    p.add_argument("--seed", type=int, default=0, help="weights seed with --random-init; test-vector seed")
    p.add_argument("--data", type=Path, default=None,
                   help=f"npz whose val split supplies the test-vector poses (default {DEFAULT_DATASET.name} "
                        "if present, else synthetic poses)")
    p.add_argument("--cases", type=int, default=300, help="number of test-vector cases")
    p.add_argument("--metrics", type=Path, default=None,
                   help="JSON written by `evaluate --json`: goes into posesearch.metrics and the model card")
    p.add_argument("--notes", type=Path, default=None, help="markdown appended to the model card")
    p.add_argument("--window-evaluation", type=Path, default=None,
                   help="JSON written by `evaluate-windows --json` (its PNG beside it, same stem, is copied as "
                        "windows.png): the table goes into config.json and the card")
    p.add_argument("--calibration", type=Path, default=None,
                   help="calibration.json of `calibrate`: its figures go into config.json and the card")
    p.add_argument("--apply-fitted-sigmoid", action="store_true",
                   help="export the a, b that `calibrate --fit` found instead of the trained ones")
    return p


def _source_of(init_from: str) -> dict:
    """How the model a run started from was made: a checkpoint's command, or a model folder's config."""
    path = Path(init_from)
    if path.suffix == ".pt":
        source = load_checkpoint(init_from)
        return {"checkpoint": init_from, "command": source.get("command"), "steps": source.get("step"),
                "wall_time_s": source.get("wall_time_s"), "machine": source.get("machine")}
    folder = path if path.is_dir() else path.parent
    source = json.loads((folder / "config.json").read_text())
    return {"model": init_from, "command": source.get("command"), "steps": source.get("steps"),
            "wall_time_s": source.get("wall_time_s"), "machine": source.get("machine")}


def _test_poses(data: Path | None, seed: int, config: ModelConfig) -> tuple[np.ndarray, str]:
    """Poses [M,17,3] for the test vectors; for a temporal model windows [M,T,17,3] inside clips."""
    path = data if data is not None else (DEFAULT_DATASET if DEFAULT_DATASET.is_file() else None)
    if path is None:
        poses = random_poses(2000, np.random.default_rng(seed))
        if config.temporal:  # no clips: consecutive random poses (the graph's parity is what they test)
            span = (config.window - 1) * config.window_stride
            rows = np.arange(len(poses) - span)[:, None] + window_offsets(config.window, config.window_stride) + span // 2
            return poses[rows], "synthetic random poses (windows of unrelated poses)"
        return poses, "synthetic random poses"
    dataset = load_dataset(path)
    split = "val" if "val" in set(dataset.split.tolist()) else dataset.split[0]
    if config.temporal:
        rows = window_rows(dataset.clip_id, dataset.frame_index, dataset.subset(split), config.window, config.window_stride)
        return dataset.poses3d[rows], f"{dataset.describe()}, split {split}, windows of consecutive frames"
    return dataset.poses3d[dataset.subset(split)], f"{dataset.describe()}, split {split}"


def _input_shapes(config: ModelConfig) -> dict:
    frames = ["T"] if config.temporal else []
    shapes = {"shapes": {"keypoints": ["N", *frames, 13, 2], "visibility": ["N", *frames, 13], "mean": ["N", "D"],
                         "stddev": ["N", "D"]}}
    if config.temporal:
        shapes |= {"window": config.window, "window_stride": config.window_stride}
    return shapes


def _metrics_for(evaluation: dict, checkpoint: Path | None) -> dict:
    """This checkpoint's results (each entry also carries the raw-2D baseline) from an evaluation."""
    results = evaluation["results"]
    prefix = f"{checkpoint.resolve().parent.name}/{checkpoint.name}" if checkpoint is not None else ""
    matching = [k for k in results if prefix and k.startswith(prefix + " ")]
    if len(matching) != 1:
        raise ValueError(f"--metrics: no single result for {prefix!r} in the evaluation (has {sorted(results)})")
    metrics = {k: round(v, 5) for k, v in results[matching[0]].items() if "kappa=" not in k}
    return {"evaluated": matching[0], "command": evaluation["command"], "poses": evaluation["poses"],
            "kappa": evaluation["kappa"], **metrics}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    out: Path = args.out
    name = out.resolve().name
    if args.random_init:
        torch.manual_seed(args.seed)
        config = ModelConfig(variant=args.variant, width=args.width, blocks=args.blocks,
                             embedding_dim=args.embedding_dim, num_samples=args.num_samples,
                             window=args.window, window_stride=args.window_stride)
        model = PrVipe(config).eval()
        state = {"model_config": config.to_dict(), "train_config": None, "metrics": {}, "step": 0}
        training_data = "none: random weights, for integration tests only"
        license_text = "no training data; random weights (no restrictions)"
    else:
        state = load_checkpoint(args.checkpoint)
        model = model_from_checkpoint(state)
        training_data = state.get("training_data", "unknown")
        license_text = state.get("license", "unknown")
    calibration = json.loads(args.calibration.read_text()) if args.calibration else None
    if args.apply_fitted_sigmoid:
        if not calibration or "fitted" not in calibration:
            print("export: error: --apply-fitted-sigmoid needs --calibration from `calibrate --fit`", file=sys.stderr)
            return 1
        a, b = calibration["fitted"]["sigmoid_a"], calibration["fitted"]["sigmoid_b"]
        with torch.no_grad():
            model.match.raw_a.fill_(raw_a_for(a))
            model.match.b.fill_(b)
    evaluation = json.loads(args.metrics.read_text()) if args.metrics else None
    metrics = _metrics_for(evaluation, args.checkpoint) if evaluation else (state.get("final_metrics") or {})
    poses, poses_note = _test_poses(args.data, args.seed, model.config)
    window_evaluation = json.loads(args.window_evaluation.read_text()) if args.window_evaluation else None

    out.mkdir(parents=True, exist_ok=True)
    metadata = contract_metadata(model, name, KAPPA, training_data, license_text, metrics)
    proto = export_onnx(model, out / "model.onnx", metadata)
    vectors = build_test_vectors(model, name, poses, count=args.cases, seed=args.seed + 7)
    write_test_vectors(out / vectors_file_name(model.config), vectors)
    parity = graph_parity_on_test_vectors(proto, vectors)  # the written graph, run in NumPy, against torch

    config = {
        "name": name,
        "model": model.config.to_dict(),
        "parameters": parameter_count(model.embedder),
        "sigmoid_a": float(model.match.a.detach()), "sigmoid_b": float(model.match.b.detach()),
        "smoothing": model.match.smoothing, "kappa": KAPPA,
        "onnx": {"opset": OPSET, "ops": graph_op_types(proto), "inputs": ["keypoints", "visibility"],
                 "outputs": ["mean", "stddev"], **_input_shapes(model.config)},
        "random_init": bool(args.random_init),
        "training": state.get("train_config"),
        "steps": state.get("step", 0),
        "wall_time_s": state.get("wall_time_s"),
        "machine": state.get("machine"),
        "command": state.get("command"),
        "export_command": reproduction_command("export", argv),
        "training_data": training_data, "license": license_text,
        "metrics": metrics,
        "test_vectors": {"file": vectors_file_name(model.config), "cases": len(vectors["cases"]), "match_pairs": len(vectors["match_pairs"]),
                         "poses": poses_note, "onnx_max_abs_difference": parity},
    }
    init_from = (state.get("train_config") or {}).get("init_from")
    if init_from:
        # A warm-started run is reproduced by its source run, then itself.
        config["init_from"] = _source_of(init_from)
        config["command"] = f"{config['init_from']['command']} && {config['command']}"
    if window_evaluation:
        config["window_evaluation"] = window_evaluation
    if calibration:
        config["calibration"] = {k: v for k, v in calibration.items() if k != "command"} | {
            "command": calibration["command"], "applied_fitted_sigmoid": bool(args.apply_fitted_sigmoid)}
    config = portable_paths(config)  # committed with the model: no machine's paths
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    if args.checkpoint is not None:
        run_dir = args.checkpoint.resolve().parent
        for artifact in ("metrics.csv", "curves.png"):
            if (run_dir / artifact).is_file():
                shutil.copyfile(run_dir / artifact, out / artifact)
    if args.calibration is not None and (args.calibration.parent / "reliability.png").is_file():
        shutil.copyfile(args.calibration.parent / "reliability.png", out / "reliability.png")
    if args.window_evaluation is not None and args.window_evaluation.with_suffix(".png").is_file():
        shutil.copyfile(args.window_evaluation.with_suffix(".png"), out / "windows.png")
    table = format_table(evaluation["results"], ("raw2d", "prob")) if evaluation else None
    notes = args.notes.read_text() if args.notes else None
    write_model_card(out / "README.md", config, state, evaluation, table, notes)
    size_mb = (out / "model.onnx").stat().st_size / 1e6
    print(f"exported {name}: {out / 'model.onnx'} ({size_mb:.1f} MB), {len(vectors['cases'])} test cases")
    return 0
