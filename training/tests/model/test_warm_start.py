"""A run can start from a shipped model folder: the torch model then reproduces its test vectors."""
import json

import pytest
import torch

from posesearch_training.export.onnx_weights import read_exported_weights
from posesearch_training.model.network import ModelConfig, PrVipe
from posesearch_training.model.warm_start import warm_start
from posesearch_training.paths import REPOSITORY_ROOT

MODEL = REPOSITORY_ROOT / "onnx-models" / "prvipe-occlusion-v1"


def test_warm_start_from_the_shipped_onnx_reproduces_its_test_vectors():
    pytest.importorskip("onnx")
    model = PrVipe(ModelConfig(variant="occlusion"))
    warm_start(model, read_exported_weights(str(MODEL)))
    model.eval()
    vectors = json.loads((MODEL / "test-vectors.json").read_text())["cases"]
    keypoints = torch.tensor([c["keypoints"] for c in vectors], dtype=torch.float32)
    visibility = torch.tensor([c["visibility"] for c in vectors], dtype=torch.float32)
    with torch.no_grad():
        mean, stddev = model.embedder(keypoints, visibility)
    torch.testing.assert_close(mean, torch.tensor([c["mean"] for c in vectors]), atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(stddev, torch.tensor([c["stddev"] for c in vectors]), atol=1e-5, rtol=1e-5)
    config = json.loads((MODEL / "config.json").read_text())
    assert abs(float(model.match.a) - config["sigmoid_a"]) < 1e-6
    assert abs(float(model.match.b) - config["sigmoid_b"]) < 1e-6
