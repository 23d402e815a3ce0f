"""`python3 -m posesearch_training quantize`: exported model folder -> an int8 copy (its own model folder).

The copy embeds into the same space as its source, but it is a model of its own (another file, another
identity): a collection is searched with the model that embedded it, so serving the int8 model means
re-embedding the collection with it (`posesearch reembed`, POST /v1/collections/{name}/reembed). Writes
<out>/model.onnx, test-vectors.json (the source's inputs, outputs of the quantized graph run by the NumPy
interpreter, with the parity tolerance ONNX Runtime's int8 kernels are held to), config.json and README.md.
Judge the copy with `posesearch eval` beside its source before serving it (docs/benchmarks.md).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx

from ..export.onnx_graph import graph_op_types
from ..export.onnx_reference import run_onnx
from ..export.portable_paths import portable_paths
from ..export.quantize_int8 import quantize_dynamic_int8
from ..export.test_vectors import match_probability_np, write_test_vectors
from ..reproduction import reproduction_command

# ONNX Runtime rounds x / s in its own order of float operations: an activation right on a rounding
# boundary can land one int8 step away from the NumPy reference, which moves an output by a few 1e-4.
PARITY_TOLERANCE = 2e-3


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m posesearch_training quantize", description=__doc__)
    p.add_argument("--model", type=Path, required=True, help="source model folder, e.g. ../onnx-models/prvipe-v2")
    p.add_argument("--out", type=Path, required=True, help="new model folder, e.g. ../onnx-models/prvipe-v2-int8")
    p.add_argument("--min-inner", type=int, default=256, help="quantize Gemm layers with at least this many inputs")
    p.add_argument("--min-outer", type=int, default=256, help="... and at least this many outputs")
    p.add_argument("--notes", type=Path, default=None, help="markdown appended to the model card (e.g. the eval table)")
    return p


def _metadata(model: onnx.ModelProto) -> dict[str, str]:
    return {p.key: p.value for p in model.metadata_props}


def _set_metadata(model: onnx.ModelProto, key: str, value: str) -> None:
    for prop in model.metadata_props:
        if prop.key == key:
            prop.value = value
            return
    model.metadata_props.add(key=key, value=value)


def quantized_test_vectors(quantized: onnx.ModelProto, source_vectors: dict, name: str) -> dict:
    """The source's cases with the quantized graph's mean and stddev, and the match pairs recomputed."""
    cases = source_vectors["cases"]
    keypoints = np.array([c["keypoints"] for c in cases], dtype=np.float32)
    visibility = np.array([c["visibility"] for c in cases], dtype=np.float32)
    out = run_onnx(quantized, {"keypoints": keypoints, "visibility": visibility})
    new_cases = [c | {"mean": out["mean"][i].tolist(), "stddev": out["stddev"][i].tolist()} for i, c in enumerate(cases)]
    meta = _metadata(quantized)
    eps = np.array(json.loads(meta["posesearch.eps"]), dtype=np.float64)
    a, b, s = (float(meta[f"posesearch.{k}"]) for k in ("sigmoid_a", "sigmoid_b", "smoothing"))
    pairs = [{"a": p["a"], "b": p["b"], "probability": match_probability_np(
        new_cases[p["a"]]["mean"], new_cases[p["a"]]["stddev"], new_cases[p["b"]]["mean"], new_cases[p["b"]]["stddev"],
        eps, a, b, s)} for p in source_vectors["match_pairs"]]
    return {k: v for k, v in source_vectors.items() if k not in ("cases", "match_pairs")} | {
        "model": name, "parity_tolerance": PARITY_TOLERANCE, "cases": new_cases, "match_pairs": pairs}


def _card(name: str, source_name: str, config: dict, notes: str | None) -> str:
    q = config["quantization"]
    lines = [
        f"# {name}", "",
        f"An int8 copy of [{source_name}](../{source_name}/README.md): the same network, training data, licence and "
        "match-probability parameters; its card holds the training, the data and the licence terms, which apply to "
        "this copy unchanged.", "",
        "## What changed", "",
        f"- {q['layers']} Gemm layers (at least {q['min_inner']} inputs and {q['min_outer']} outputs) multiply in int8: "
        "weights symmetric per output channel, activations symmetric per row (one scale per pose, so a pose's "
        "embedding does not depend on the other poses of its batch). The other layers stay float32.",
        f"- model.onnx: {q['bytes']:,} bytes (the source: {q['source_bytes']:,}).",
        f"- Against the source on its test vectors (NumPy interpreter): largest mean difference {q['mean_max_abs_difference']:.4f}, "
        f"mean {q['mean_mean_abs_difference']:.5f}; stddev {q['stddev_max_abs_difference']:.4f} / "
        f"{q['stddev_mean_abs_difference']:.5f}.",
        f"- test-vectors.json holds this graph's own outputs; ONNX Runtime reproduces them within "
        f"{PARITY_TOLERANCE:g} (`parity_tolerance`, tests/PoseSearch.Embedding.Tests/ParityTests.cs).",
        "",
        "## Serving it", "",
        "A collection is searched with the model that embedded it. Load this folder (`PoseSearch:Model:Path` or "
        "`AdditionalPaths`) and re-embed a collection with it (`posesearch reembed`, or "
        "`POST /v1/collections/{name}/reembed`) to serve its searches in int8 (docs/performance.md).", "",
        "## Reproduce", "", "```bash", f"cd training && {config['command']}", "```", "",
    ]
    if notes:
        lines += [notes.rstrip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    source_onnx, source_vectors_path = args.model / "model.onnx", args.model / "test-vectors.json"
    for path in (source_onnx, source_vectors_path, args.model / "config.json"):
        if not path.is_file():
            print(f"quantize: error: {path} not found (a single-frame model folder written by `export`)", file=sys.stderr)
            return 1
    source = onnx.load(str(source_onnx))
    try:
        quantized, layers = quantize_dynamic_int8(source, args.min_inner, args.min_outer)
    except ValueError as e:
        print(f"quantize: error: {e}", file=sys.stderr)
        return 1
    name = args.out.resolve().name
    source_name = _metadata(source).get("posesearch.model_name", args.model.resolve().name)
    _set_metadata(quantized, "posesearch.model_name", name)
    source_vectors = json.loads(source_vectors_path.read_text())
    vectors = quantized_test_vectors(quantized, source_vectors, name)
    differences = {
        f"{k}_{stat}_abs_difference": float(fn(np.abs(np.array([c[k] for c in vectors["cases"]]) -
                                                      np.array([c[k] for c in source_vectors["cases"]]))))
        for k in ("mean", "stddev") for stat, fn in (("max", np.max), ("mean", np.mean))}

    args.out.mkdir(parents=True, exist_ok=True)
    onnx.save(quantized, str(args.out / "model.onnx"))
    write_test_vectors(args.out / "test-vectors.json", vectors)
    config = json.loads((args.model / "config.json").read_text())
    config |= {
        "name": name,
        "command": reproduction_command("quantize", argv),
        "quantization": {"scheme": "int8 Gemm: weights symmetric per output channel, activations symmetric per row",
                         "source": source_name, "layers": layers, "min_inner": args.min_inner, "min_outer": args.min_outer,
                         "bytes": (args.out / "model.onnx").stat().st_size, "source_bytes": source_onnx.stat().st_size,
                         **differences},
        "test_vectors": (config.get("test_vectors") or {}) | {"parity_tolerance": PARITY_TOLERANCE},
    }
    config["onnx"] = (config.get("onnx") or {}) | {"ops": graph_op_types(quantized)}
    config = portable_paths(config)
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    notes = args.notes.read_text() if args.notes else None
    (args.out / "README.md").write_text(_card(name, source_name, config, notes))
    print(f"quantized {source_name} -> {name}: {layers} layers, {config['quantization']['bytes'] / 1e6:.1f} MB "
          f"(was {config['quantization']['source_bytes'] / 1e6:.1f}); largest mean difference "
          f"{differences['mean_max_abs_difference']:.4f}")
    return 0
