"""The temporal model's ONNX contract (docs/model-contract.md, "Temporal model") and the parity of the
written graphs with torch, run by the NumPy interpreter of export/onnx_reference.py."""
import json

import numpy as np
import onnx
import pytest
import torch

from posesearch_training.commands import export
from posesearch_training.export.onnx_graph import check_exported, contract_metadata, export_onnx
from posesearch_training.export.onnx_reference import graph_parity_on_test_vectors, run_onnx
from posesearch_training.model.network import ModelConfig, PrVipe

TINY = ["--random-init", "--variant", "occlusion", "--width", "32", "--embedding-dim", "8", "--num-samples", "5",
        "--cases", "30"]


@pytest.fixture(scope="module")
def temporal(tmp_path_factory):
    out = tmp_path_factory.mktemp("models") / "tiny-temporal"
    assert export.main([*TINY, "--window", "5", "--window-stride", "2", "--out", str(out)]) == 0
    return out


def _dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


def test_inputs_have_the_window_axis_and_metadata_gives_t(temporal):
    proto = onnx.load(str(temporal / "model.onnx"))
    shapes = {v.name: _dims(v) for v in [*proto.graph.input, *proto.graph.output]}
    assert shapes["keypoints"][1:] == [5, 13, 2] and shapes["visibility"][1:] == [5, 13]
    assert shapes["mean"][1:] == [8] and isinstance(shapes["keypoints"][0], str)
    meta = {p.key: p.value for p in proto.metadata_props}
    assert meta["posesearch.window"] == "5" and meta["posesearch.window_stride"] == "2"
    assert float(meta["posesearch.frame_rate"]) == 30.0
    with pytest.raises(ValueError, match="shape"):
        check_exported(proto, 8)  # the single-frame contract does not accept it
    config = json.loads((temporal / "config.json").read_text())
    assert config["model"]["window"] == 5 and config["onnx"]["shapes"]["keypoints"] == ["N", "T", 13, 2]


def test_single_frame_metadata_has_no_window_keys(tmp_path):
    out = tmp_path / "single"
    assert export.main([*TINY, "--out", str(out)]) == 0
    meta = {p.key for p in onnx.load(str(out / "model.onnx")).metadata_props}
    assert not any("window" in key for key in meta)


def test_test_vectors_are_windows_and_the_onnx_graph_reproduces_them(temporal):
    # Not test-vectors.json: the C# parity suite reads every folder's as single-frame cases.
    assert not (temporal / "test-vectors.json").exists()
    vectors = json.loads((temporal / "window-test-vectors.json").read_text())
    assert vectors["window"] == 5 and len(vectors["cases"]) == 30
    case = vectors["cases"][0]
    assert np.array(case["keypoints"]).shape == (5, 13, 2) and np.array(case["normalized"]).shape == (5, 13, 2)
    proto = onnx.load(str(temporal / "model.onnx"))
    assert graph_parity_on_test_vectors(proto, vectors) <= 1e-5  # the vectors' outputs come from torch


def test_a_trained_like_temporal_model_exports_with_parity(tmp_path):
    """BatchNorm statistics away from their initial values (a random-init graph folds them away)."""
    torch.manual_seed(5)
    model = PrVipe(ModelConfig(width=32, embedding_dim=8, num_samples=5, window=3))
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm1d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
    model.eval()
    keypoints = torch.rand(10, 3, 13, 2) * 300 + 50
    visibility = (torch.rand(10, 3, 13) > 0.1).float()
    visibility[:, :, [1, 2, 7, 8]] = 1.0
    path = tmp_path / "m.onnx"
    export_onnx(model, path, contract_metadata(model, "m", 0.1, "none", "none", {}))
    mean, stddev = model.encode(keypoints, visibility)
    out = run_onnx(onnx.load(str(path)), {"keypoints": keypoints.numpy(), "visibility": visibility.numpy()})
    np.testing.assert_allclose(out["mean"], mean.numpy(), atol=1e-5)
    np.testing.assert_allclose(out["stddev"], stddev.numpy(), atol=1e-5)


def test_the_numpy_graph_ignores_missing_joints_and_catches_a_changed_graph(temporal):
    proto = onnx.load(str(temporal / "model.onnx"))
    vectors = json.loads((temporal / "window-test-vectors.json").read_text())
    keypoints = np.array([c["keypoints"] for c in vectors["cases"]], dtype=np.float32)
    visibility = np.array([c["visibility"] for c in vectors["cases"]], dtype=np.float32)
    garbage = np.where(visibility[..., None] > 0.5, keypoints, np.float32(np.nan))
    out = run_onnx(proto, {"keypoints": garbage, "visibility": visibility})
    assert np.isfinite(out["mean"]).all()
    first = next(i for i in proto.graph.initializer if len(i.dims) == 2)
    weights = onnx.numpy_helper.to_array(first).copy()
    weights += 0.01
    first.CopyFrom(onnx.numpy_helper.from_array(weights, first.name))
    with pytest.raises(ValueError, match="differs from the torch module"):
        graph_parity_on_test_vectors(proto, vectors)


def test_the_shipped_single_frame_model_reproduces_its_test_vectors_in_numpy():
    from posesearch_training.paths import REPOSITORY_ROOT
    folder = REPOSITORY_ROOT / "onnx-models" / "prvipe-v2"
    vectors = json.loads((folder / "test-vectors.json").read_text())
    assert graph_parity_on_test_vectors(onnx.load(str(folder / "model.onnx")), vectors) <= 1e-5


def test_the_shipped_temporal_model_follows_its_contract_and_reproduces_its_vectors_in_numpy():
    from posesearch_training.paths import REPOSITORY_ROOT
    folder = REPOSITORY_ROOT / "onnx-models" / "prvipe-temporal-v1"
    proto = onnx.load(str(folder / "model.onnx"))
    meta = {p.key: p.value for p in proto.metadata_props}
    check_exported(proto, int(meta["posesearch.embedding_dim"]), int(meta["posesearch.window"]))
    assert "non-commercial" in meta["posesearch.license"] and "HDM05" not in meta["posesearch.training_data"]
    vectors = json.loads((folder / "window-test-vectors.json").read_text())
    assert vectors["window"] == int(meta["posesearch.window"]) and len(vectors["cases"]) >= 100
    assert graph_parity_on_test_vectors(proto, vectors) <= 1e-5
