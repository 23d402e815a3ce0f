"""The temporal variant of the network: input layout and the warm start from a single-frame model."""
import pytest
import torch

from posesearch_training.geometry.normalization2d import normalize_2d
from posesearch_training.model.network import ModelConfig, PrVipe
from posesearch_training.model.warm_start import warm_start


def _poses(n, seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(n, 13, 2, generator=generator) * 400 + 100


def test_features_are_the_frames_blocks_in_time_order():
    model = PrVipe(ModelConfig(width=16, embedding_dim=4, num_samples=3, window=3))
    keypoints = torch.stack([_poses(4, s) for s in range(3)], dim=1)  # [4,3,13,2]
    visibility = torch.ones(4, 3, 13)
    visibility[:, 1, 5] = 0
    features = model.embedder.features(keypoints, visibility)
    assert features.shape == (4, 3 * 39)
    for t in range(3):
        block = features[:, 39 * t:39 * (t + 1)]
        torch.testing.assert_close(block[:, :26], normalize_2d(keypoints[:, t], visibility[:, t]).flatten(1))
        torch.testing.assert_close(block[:, 26:], visibility[:, t])


def test_wrong_window_length_is_rejected():
    model = PrVipe(ModelConfig(width=16, embedding_dim=4, num_samples=3, window=5))
    with pytest.raises(ValueError, match=r"\[N, 5, 13, 2\]"):
        model.encode(torch.rand(2, 4, 13, 2), torch.ones(2, 4, 13))


@pytest.mark.parametrize("variant", ["plain", "occlusion"])
def test_warm_start_from_a_single_frame_model_gives_its_embedding_on_a_still_window(variant):
    torch.manual_seed(0)
    single = PrVipe(ModelConfig(variant=variant, width=32, embedding_dim=4, num_samples=3)).eval()
    temporal = PrVipe(ModelConfig(variant="occlusion", width=32, embedding_dim=4, num_samples=3, window=7))
    warm_start(temporal, {"model": single.state_dict(), "ema": None})
    keypoints, visibility = _poses(6, 1), torch.ones(6, 13)
    still = keypoints[:, None].expand(-1, 7, -1, -1)
    mean1, std1 = single.encode(keypoints, visibility)
    mean7, std7 = temporal.encode(still, visibility[:, None].expand(-1, 7, -1))
    torch.testing.assert_close(mean7, mean1, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(std7, std1, atol=1e-5, rtol=1e-5)
    moving = torch.stack([_poses(6, s) for s in range(7)], dim=1)
    assert not torch.allclose(temporal.encode(moving, torch.ones(6, 7, 13))[0], mean1)
