import json

import numpy as np
import onnx
import onnx.numpy_helper
import pytest
import torch

from posesearch_training.commands import export
from posesearch_training.export.onnx_graph import check_exported, export_onnx
from posesearch_training.model.match_probability import MatchProbability
from posesearch_training.model.network import ModelConfig, PrVipe, sample_embeddings
from posesearch_training.skeleton import JOINTS_2D

CONTRACT_KEYS = {
    "posesearch.format_version", "posesearch.keypoints", "posesearch.embedding_dim", "posesearch.num_samples",
    "posesearch.sigmoid_a", "posesearch.sigmoid_b", "posesearch.smoothing", "posesearch.kappa", "posesearch.eps",
    "posesearch.variant", "posesearch.training_data", "posesearch.license", "posesearch.metrics",
    "posesearch.model_name",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("models") / "tiny-test"
    assert export.main(["--random-init", "--variant", "occlusion", "--width", "32", "--embedding-dim", "8",
                        "--num-samples", "5", "--cases", "40", "--out", str(out)]) == 0
    return out


def test_folder_has_the_contract_files(exported):
    assert sorted(p.name for p in exported.iterdir()) == ["README.md", "config.json", "model.onnx", "test-vectors.json"]


def test_metadata_props_follow_the_contract(exported):
    proto = onnx.load(str(exported / "model.onnx"))
    meta = {p.key: p.value for p in proto.metadata_props}
    assert set(meta) == CONTRACT_KEYS
    assert meta["posesearch.format_version"] == "1"
    assert meta["posesearch.keypoints"].split(",") == list(JOINTS_2D)
    assert meta["posesearch.embedding_dim"] == "8" and meta["posesearch.num_samples"] == "5"
    eps = json.loads(meta["posesearch.eps"])
    assert len(eps) == 5 and all(len(row) == 8 for row in eps)
    assert float(meta["posesearch.sigmoid_a"]) > 0
    assert meta["posesearch.variant"] == "occlusion" and meta["posesearch.model_name"] == "tiny-test"
    assert isinstance(json.loads(meta["posesearch.metrics"]), dict)


def test_graph_is_checked_and_has_dynamic_batch(exported):
    proto = onnx.load(str(exported / "model.onnx"))
    check_exported(proto, 8)
    assert not any(n.op_type == "Dropout" for n in proto.graph.node)


def test_test_vectors_reproduce_the_torch_module_and_the_probability(exported):
    vectors = json.loads((exported / "test-vectors.json").read_text())
    assert vectors["model"] == "tiny-test" and len(vectors["cases"]) == 40
    missing = [c for c in vectors["cases"] if min(c["visibility"]) == 0]
    assert missing, "some cases must have missing joints"
    for case in missing:
        hidden = [i for i, v in enumerate(case["visibility"]) if v == 0]
        assert all(case["normalized"][i] == [0.0, 0.0] for i in hidden)
        assert any(case["keypoints"][i][0] in (0.0, 1e4, -1e4) for i in hidden)
    proto = onnx.load(str(exported / "model.onnx"))
    meta = {p.key: p.value for p in proto.metadata_props}
    eps = torch.tensor(json.loads(meta["posesearch.eps"]), dtype=torch.float64)
    match = MatchProbability()
    with torch.no_grad():
        match.raw_a.fill_(0.0)
        match.b.fill_(float(meta["posesearch.sigmoid_b"]))
    a = float(meta["posesearch.sigmoid_a"])
    for pair in vectors["match_pairs"][:20]:
        ca, cb = vectors["cases"][pair["a"]], vectors["cases"][pair["b"]]
        za = sample_embeddings(torch.tensor([ca["mean"]], dtype=torch.float64), torch.tensor([ca["stddev"]], dtype=torch.float64), eps)
        zb = sample_embeddings(torch.tensor([cb["mean"]], dtype=torch.float64), torch.tensor([cb["stddev"]], dtype=torch.float64), eps)
        d = torch.cdist(za[0], zb[0])
        p = ((1 - 0.1) * torch.sigmoid(-a * d + match.b.double()) + 0.05).mean()
        assert float(p) == pytest.approx(pair["probability"], abs=1e-9)


def test_exported_weights_are_the_eval_mode_module(exported, tmp_path):
    torch.manual_seed(3)
    model = PrVipe(ModelConfig(variant="plain", width=16, embedding_dim=4, num_samples=3))
    proto = export_onnx(model, tmp_path / "m.onnx", {"k": "v"})
    assert model.training is False
    gemm_weights = [i for i in proto.graph.initializer if tuple(i.dims) == (16, 26)]
    assert gemm_weights, "the 26-input layer must be in the graph"
    w = onnx.numpy_helper.to_array(gemm_weights[0])
    assert np.allclose(w, model.embedder.input_layer.weight.detach().numpy())


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.filterwarnings("ignore::torch.jit.TracerWarning")
def test_graph_with_fixed_batch_is_rejected(tmp_path):
    model = PrVipe(ModelConfig(width=16, embedding_dim=4, num_samples=3)).eval()
    path = tmp_path / "fixed.onnx"
    torch.onnx.export(model.embedder, (torch.rand(2, 13, 2), torch.ones(2, 13)), str(path), opset_version=17,
                      input_names=["keypoints", "visibility"], output_names=["mean", "stddev"])
    with pytest.raises(ValueError, match="first dimension must be dynamic"):
        check_exported(onnx.load(str(path)), 4)
