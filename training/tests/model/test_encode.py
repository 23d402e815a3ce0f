"""PrVipe.encode: the one way poses are embedded outside training (evaluation, calibration, test vectors)."""
import numpy as np
import pytest
import torch

from posesearch_training.model.network import ModelConfig, PrVipe
from posesearch_training.skeleton import ANCHORS_2D, NUM_JOINTS_2D


@pytest.fixture
def model():
    torch.manual_seed(0)
    model = PrVipe(ModelConfig(width=32, embedding_dim=8, num_samples=4))
    # Running statistics away from (0, 1), so train-mode and eval-mode BatchNorm differ.
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm1d):
            module.running_mean.uniform_(-1.0, 1.0)
            module.running_var.uniform_(0.5, 2.0)
    return model


def poses(n, seed=1):
    generator = torch.Generator().manual_seed(seed)
    keypoints = torch.rand(n, NUM_JOINTS_2D, 2, generator=generator) * 500.0
    visibility = (torch.rand(n, NUM_JOINTS_2D, generator=generator) > 0.2).float()
    visibility[:, list(ANCHORS_2D)] = 1.0  # a valid pose: its anchors are seen
    return keypoints, visibility


def test_encode_is_the_eval_mode_forward_without_gradient(model):
    keypoints, visibility = poses(10)
    mean, stddev = model.encode(keypoints, visibility)
    model.eval()
    want_mean, want_stddev = model.embedder(keypoints, visibility)
    assert torch.equal(mean, want_mean.detach()) and torch.equal(stddev, want_stddev.detach())
    assert not mean.requires_grad and not stddev.requires_grad
    assert mean.shape == stddev.shape == (10, 8) and mean.dtype == torch.float32


def test_encode_restores_the_training_mode_it_found(model):
    keypoints, visibility = poses(4)
    model.train()
    model.encode(keypoints, visibility)
    assert model.training and all(m.training for m in model.modules())
    model.eval()
    model.encode(keypoints, visibility)
    assert not model.training


def test_batches_give_the_rows_one_pass_gives(model):
    keypoints, visibility = poses(37)
    whole = model.encode(keypoints, visibility, batch_size=1000)
    batched = model.encode(keypoints, visibility, batch_size=5)
    for a, b in zip(whole, batched):
        torch.testing.assert_close(a, b, rtol=1e-6, atol=1e-6)


def test_numpy_float64_input_gives_the_float32_tensor_result(model):
    keypoints, visibility = poses(6)
    from_numpy = model.encode(keypoints.double().numpy(), visibility.numpy().astype(np.float64))
    from_torch = model.encode(keypoints, visibility)
    for a, b in zip(from_numpy, from_torch):
        assert a.dtype == torch.float32 and torch.equal(a, b)


def test_no_poses_give_empty_embeddings(model):
    mean, stddev = model.encode(np.zeros((0, NUM_JOINTS_2D, 2)), np.zeros((0, NUM_JOINTS_2D)))
    assert mean.shape == stddev.shape == (0, 8)
