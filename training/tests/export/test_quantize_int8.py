"""The int8 copy of a model: weights, the rewritten Gemm, batch independence, and the quantize command."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from posesearch_training.commands import quantize as quantize_command
from posesearch_training.export.onnx_reference import run_onnx
from posesearch_training.export.quantize_int8 import QUANTIZATION_OPS, quantize_dynamic_int8, quantize_weights

REPO = Path(__file__).resolve().parents[3]
RANDOM_TINY = REPO / "onnx-models" / "random-tiny"


def _gemm_model(weight: np.ndarray, bias: np.ndarray) -> onnx.ModelProto:
    """Y = Relu(X) W^T + b as the exporter writes a layer (Gemm, transB = 1)."""
    n, k = weight.shape
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["h"]),
         helper.make_node("Gemm", ["h", "w", "b"], ["y"], transB=1, name="layer")],
        "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", n])],
        [numpy_helper.from_array(weight, "w"), numpy_helper.from_array(bias, "b")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_weights_dequantize_within_half_a_step_per_channel():
    rng = np.random.default_rng(1)
    weight = (rng.normal(size=(40, 300)) * rng.uniform(0.01, 3.0, size=(40, 1))).astype(np.float32)
    weight[3] = 0.0  # an all-zero channel keeps a usable scale
    quantized, scale = quantize_weights(weight)
    assert quantized.shape == (300, 40) and quantized.dtype == np.int8
    assert quantized.min() >= -127 and quantized.max() <= 127
    # brute force, element by element: w ~ q * scale of its output channel
    for n in range(40):
        for k in range(0, 300, 7):
            assert abs(weight[n, k] - quantized[k, n] * scale[n]) <= scale[n] / 2 + 1e-7
    assert np.all(np.abs(quantized).max(axis=0)[np.abs(weight).max(axis=1) > 0] == 127)


def test_the_int8_gemm_matches_the_float_gemm_and_ignores_its_batch():
    rng = np.random.default_rng(2)
    weight = rng.normal(scale=0.05, size=(300, 260)).astype(np.float32)
    bias = rng.normal(size=300).astype(np.float32)
    model = _gemm_model(weight, bias)
    quantized, layers = quantize_dynamic_int8(model)
    assert layers == 1
    ops = {node.op_type for node in quantized.graph.node}
    assert "Gemm" not in ops and "MatMulInteger" in ops and ops - {"Relu", "Max", "ReduceMax", "Div", "Clip", "Cast", "Mul",
                                                                     "Add"} <= QUANTIZATION_OPS
    assert "w" not in {init.name for init in quantized.graph.initializer}  # the float weights are gone

    x = rng.normal(size=(9, 260)).astype(np.float32) * np.array([[0.01], [1], [100], [1], [1], [1], [1], [1], [1]], np.float32)
    x[4] = 0.0  # an all-zero row (every activation <= 0 after the ReLU) must not divide by zero
    expected = np.maximum(x, 0) @ weight.T + bias
    together = run_onnx(quantized, {"x": x})["y"]
    relative = np.abs(together - expected).max(axis=1) / (np.abs(expected).max(axis=1) + 1e-9)
    assert relative.max() < 0.02, relative
    np.testing.assert_allclose(together[4], bias, atol=1e-6)
    for row in range(len(x)):  # one scale per row: a row alone gives what it gives in the batch
        alone = run_onnx(quantized, {"x": x[row:row + 1]})["y"][0]
        np.testing.assert_array_equal(alone, together[row])


def test_small_layers_stay_float_and_a_model_without_large_ones_is_refused():
    rng = np.random.default_rng(3)
    model = _gemm_model(rng.normal(size=(16, 1024)).astype(np.float32), np.zeros(16, np.float32))
    with pytest.raises(ValueError, match="no Gemm layer"):
        quantize_dynamic_int8(model)  # a 16-wide head: not worth it, and it sets the output's precision
    quantized, layers = quantize_dynamic_int8(model, min_inner=256, min_outer=16)
    assert layers == 1


def test_the_command_writes_a_model_folder_whose_vectors_come_from_the_int8_graph(tmp_path):
    source = tmp_path / "random-tiny"
    shutil.copytree(RANDOM_TINY, source)
    out = tmp_path / "random-tiny-int8"
    assert quantize_command.main(["--model", str(source), "--out", str(out), "--min-inner", "64", "--min-outer", "64"]) == 0

    model = onnx.load(str(out / "model.onnx"))
    meta = {p.key: p.value for p in model.metadata_props}
    assert meta["posesearch.model_name"] == "random-tiny-int8"
    assert "MatMulInteger" in {n.op_type for n in model.graph.node}
    vectors = json.loads((out / "test-vectors.json").read_text())
    source_vectors = json.loads((source / "test-vectors.json").read_text())
    assert vectors["parity_tolerance"] == quantize_command.PARITY_TOLERANCE
    assert len(vectors["cases"]) == len(source_vectors["cases"])
    kp = np.array([c["keypoints"] for c in vectors["cases"]], np.float32)
    vis = np.array([c["visibility"] for c in vectors["cases"]], np.float32)
    ran = run_onnx(model, {"keypoints": kp, "visibility": vis})
    np.testing.assert_allclose(ran["mean"], np.array([c["mean"] for c in vectors["cases"]]), atol=1e-6)
    mean_difference = np.abs(np.array([c["mean"] for c in vectors["cases"]]) - np.array([c["mean"] for c in source_vectors["cases"]]))
    assert 0 < mean_difference.max() < 0.1  # quantized (not a copy), yet close to the source
    assert len(vectors["match_pairs"]) == len(source_vectors["match_pairs"])
    config = json.loads((out / "config.json").read_text())
    assert config["name"] == "random-tiny-int8" and config["quantization"]["layers"] >= 1
    assert "random-tiny" in (out / "README.md").read_text()


def test_the_command_says_what_is_missing(tmp_path, capsys):
    assert quantize_command.main(["--model", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")]) == 1
    assert "not found" in capsys.readouterr().err
