"""The model card (README.md) written beside each exported model."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from ..evaluation.window_report import window_table
from ..reproduction import DOCUMENTED_PYTHON
from ..skeleton import COORDINATE_FEATURES, VISIBILITY_FEATURES

CONTRACT = "docs/model-contract.md"
BANDAI_ATTRIBUTION = (
    "Bandai Namco Research Motion Dataset (dataset-1 and dataset-2), (c) 2022 Bandai Namco Research Inc., "
    "CC BY-NC 4.0. M. Kobayashi, C.-C. Liao, K. Inoue, S. Yojima, M. Takahashi, \"Motion Capture Dataset for "
    "Practical Use of AI-based Motion Editing and Stylization\", 2023, arXiv:2306.08861.")
VARIANTS_TEXT = (
    f"- `plain`: the network sees the {COORDINATE_FEATURES} normalized coordinates (missing joints arrive as (0, 0)); trained on "
    "complete poses only.\n"
    f"- `occlusion`: the network also sees the {VISIBILITY_FEATURES} visibility values "
    f"({COORDINATE_FEATURES + VISIBILITY_FEATURES} inputs; missing coordinates zeroed) and "
    "is trained with keypoint dropout, independent and structured (forearm, arm, lower leg, leg, lower body, "
    "one side, head), so partial poses embed well.\n"
    "Both normalize the 2D pose inside the graph with the visible anchors only (" + CONTRACT + ").")


def _window(m: dict) -> int:
    return int(m.get("window", 1))


def _architecture(config: dict) -> str:
    m = config["model"]
    frame = COORDINATE_FEATURES + (0 if m["variant"] == "plain" else VISIBILITY_FEATURES)
    inputs = frame * _window(m)
    temporal = (f"temporal: a window of {_window(m)} frames, {m.get('window_stride', 1)} source frame(s) apart, each "
                f"frame normalized on its own and its {frame} inputs concatenated in time order; "
                if _window(m) > 1 else "")
    return (f"Pr-VIPE MLP, {temporal}Linear({inputs} -> {m['width']}), {m['blocks']} residual blocks of "
            f"{m['layers_per_block']} x [Linear({m['width']}) -> BatchNorm -> ReLU -> Dropout({m['dropout']})], "
            f"heads mean = Linear({m['width']} -> {m['embedding_dim']}) and stddev = ELU(Linear) + 1; "
            f"{config['parameters']:,} parameters; K = {m['num_samples']} samples; "
            f"match probability a = {config['sigmoid_a']:.4f}, b = {config['sigmoid_b']:.4f}, "
            f"s = {config['smoothing']}; ONNX opset {config['onnx']['opset']}, ops {', '.join(config['onnx']['ops'])}.")


def _files(has_run_artifacts: bool, window: int = 1) -> str:
    frames = "T," if window > 1 else ""
    text = ("| file | content |\n|---|---|\n"
            f"| model.onnx | the graph (2D normalization inside; inputs `keypoints` [N,{frames}13,2] pixels and "
            f"`visibility` [N,{frames}13]; outputs `mean`, `stddev` [N,D]) with the metadata_props of the contract"
            + (f" (T = {window}: section \"Temporal model\")" if window > 1 else "") + " |\n"
            f"| {'window-' if window > 1 else ''}test-vectors.json | inputs and expected outputs for parity tests of "
            "other runtimes |\n"
            "| config.json | model and training configuration, measured figures |\n")
    if has_run_artifacts:
        text += ("| metrics.csv | training log: losses per 100 steps, validation Hit@k per validation |\n"
                 "| curves.png | loss and validation curves |\n")
    return text


def _warm_start(source: dict) -> str:
    where = source.get("checkpoint") or source.get("model")
    made = f"{source['steps']:,} steps" if source.get("steps") else "steps unknown"
    if source.get("wall_time_s"):
        made += f", {source['wall_time_s'] / 60:.0f} min on {source.get('machine')}"
    return f"- warm start: the weights of `{where}` ({made}), then the run above"


def _calibration(calibration: dict) -> list[str]:
    lines = ["## Calibration of the match probability",
             f"Top-{calibration['top_k']} hits of cross-view searches (H36M rig, all 12 camera pairs) against "
             f"NP-MPJPE < kappa = {calibration['kappa']}; measured with `{calibration['command']}`"
             + (" (the exported a, b are the refit ones)" if calibration.get("applied_fitted_sigmoid") else "") + ".", "",
             "| set | pairs | true-match rate | mean probability | ECE | minProbability for >= 90 % true hits |",
             "|---|---|---|---|---|---|"]
    results = calibration.get("as_trained", {})
    if calibration.get("applied_fitted_sigmoid") and "fitted" in calibration:
        results = {f"{name} (refit a, b; judged on {calibration['fitted']['judged_on']})": calibration["fitted"][name]["after"]
                   for name in results}
    for name, r in results.items():
        threshold = r["min_probability_for_90pct"]
        lines.append(f"| {name} | {r['pairs']:,} | {r['true_match_rate']:.3f} | {r['mean_probability']:.3f} | "
                     f"{r['ece']:.3f} | {'none reaches 90 %' if threshold is None else f'{threshold:.2f}'} |")
    return lines + ["", "![reliability](reliability.png)", ""]


def _window_evaluation(evaluation: dict) -> list[str]:
    return ["## Retrieval of windows (`evaluate-windows`)",
            f"Cross-view Hit@k of windows of {evaluation['window']} frames (stride {evaluation['window_stride']}): "
            "a hit when the retrieved window's mean NP-MPJPE over its frames to the query window is < kappa = "
            f"{evaluation['kappa']}; the single-frame models answer the same queries from the windows' centre "
            "frames (same index, same truth); the raw-2D baselines rank normalized 2D keypoints by L2 (window: "
            "all frames concatenated). Ranking by match probability; 4 H36M rig cameras (12 ordered pairs) and 4 "
            f"random cameras. Measured with `{evaluation['command']}`:", "", window_table(evaluation), "",
            "![windows](windows.png)", ""]


def write_model_card(path: Path, config: dict, state: dict[str, Any], evaluation: dict | None = None,
                     table: str | None = None, notes: str | None = None) -> None:
    m = config["model"]
    if config["random_init"]:
        text = (f"# {config['name']}: random weights (integration tests only)\n\n"
                "This model has **random, untrained weights**. It exists so the service and its tests "
                "can load a real graph that follows the contract (" + CONTRACT + ") before a trained "
                "model ships. Its embeddings carry no meaning.\n\n"
                f"## Architecture\n{_architecture(config)}\n\n"
                f"Variant: `{m['variant']}`.\n\n## Files\n{_files(False)}\n"
                "## Reproduce\nFrom `training/`:\n\n```\n"
                f"{DOCUMENTED_PYTHON} -m posesearch_training export --random-init --variant {m['variant']} "
                f"--width {m['width']} --out ../onnx-models/{config['name']}\n```\n\n"
                f"Test-vector poses: {config['test_vectors']['poses']}.\n")
        path.write_text(text)
        return
    train = config.get("training") or {}
    bandai = "bandai" in str(config["training_data"]).lower()
    wall = config.get("wall_time_s") or 0.0
    steps = config.get("steps") or 0
    batch = train.get("batch", 0)
    unit = "windows" if _window(m) > 1 else "poses"
    kind = f"temporal Pr-VIPE ({_window(m)}-frame windows)" if _window(m) > 1 else "Pr-VIPE pose embedding"
    lines = [f"# {config['name']}: {kind}, `{m['variant']}` variant", ""]
    if bandai:
        lines += ["**Non-commercial use only.** This model was trained on the " + BANDAI_ATTRIBUTION +
                  " The data licence is CC BY-NC 4.0, so the model (a derivative of the data) may be used for "
                  "non-commercial purposes only, with the attribution above.", ""]
    lines += ["## Data and licence", f"- training data: {config['training_data']}",
              f"- licence: {config['license']}", "",
              "## Architecture", _architecture(config), "", "## Variants", VARIANTS_TEXT, "",
              "## Training",
              f"- reproduce (from `training/`): `{config.get('command')}`; then the evaluation below (its "
              f"command), then `{config.get('export_command')}`",
              f"- {steps:,} steps of batch {batch} pairs (anchor + positive = {2 * batch} {unit} per step), "
              f"AdamW lr {train.get('lr')} (weight decay {train.get('weight_decay')}), {train.get('warmup_steps')} "
              f"warm-up steps then cosine decay to {train.get('final_lr_fraction')} x lr, EMA decay "
              f"{train.get('ema_decay')} (exported weights), kappa {train.get('kappa')}, random cameras "
              f"(azimuth +-180, elevation +-30, roll +-30 deg, depth {train.get('depth_min')}-{train.get('depth_max')} "
              f"torso units)",
              *([_warm_start(config["init_from"])] if config.get("init_from") else []),
              f"- wall time {wall / 60:.0f} min on {config.get('machine')}"
              + (f"; {steps / wall:.2f} steps/s = {2 * batch * steps / wall:.0f} {unit}/s including validation"
                 if wall else ""),
              ""]
    if table:
        lines += ["## Validation", "Cross-view retrieval (docs/method.md section 7) on the held-out Bandai split: "
                  "a fixed subsample with near-duplicates (NP-MPJPE < 0.02) removed, each pose seen by the 4 "
                  "Human3.6M cameras (subject S9 extrinsics, pose at the rig origin) and by 4 random cameras; "
                  "all ordered camera pairs; a hit when the retrieved pose's NP-MPJPE to the query's is < kappa "
                  "= 0.1. Rows '3 joints hidden' hide 3 random joints of every query (>= 2 anchors kept).", ""]
        if evaluation:
            lines += [f"Measured with `{evaluation['command']}` ({evaluation['poses']} poses, "
                      f"{evaluation['data']}, split {evaluation['split']}):", ""]
        lines += [table, ""]
    if config.get("calibration"):
        lines += _calibration(config["calibration"])
    if notes:
        lines += [notes.strip(), ""]
    if config.get("window_evaluation"):
        lines += _window_evaluation(config["window_evaluation"])
    lines += ["## Files", _files(True, _window(m)), "![curves](curves.png)", ""]
    path.write_text("\n".join(lines))
