"""The Pr-VIPE network (docs/method.md section 4): 2D keypoints -> Gaussian embedding (mean, stddev).

Backbone: Linear(inputs -> width), then `blocks` residual blocks of
`layers_per_block` x [Linear -> BatchNorm -> ReLU -> Dropout], the skip added after the
block's last layer. Heads: mean = Linear(width -> D); stddev = ELU(Linear(width -> D)) + 1.
The 2D normalization runs inside forward(), so the exported graph takes raw pixels.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn

from ..geometry.normalization2d import normalize_2d, seen_mask
from ..skeleton import COORDINATE_FEATURES, NUM_JOINTS_2D, VISIBILITY_FEATURES
from .match_probability import MatchProbability

VARIANTS = ("plain", "occlusion")
# Rows per forward pass in encode(): bounds memory on large evaluation sets.
ENCODE_BATCH_SIZE = 4096


@dataclass
class ModelConfig:
    variant: str = "occlusion"
    width: int = 1024
    blocks: int = 2
    layers_per_block: int = 2
    embedding_dim: int = 16
    num_samples: int = 20
    dropout: float = 0.3
    serving_eps_seed: int = 20240917
    # The temporal variant (docs/model-contract.md, "Temporal model"): a window of `window`
    # frames, `window_stride` source frames apart, embedded together; 1 = the single-frame model.
    window: int = 1
    window_stride: int = 1

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, got {self.variant!r}")
        for name in ("width", "blocks", "layers_per_block", "embedding_dim", "num_samples", "window", "window_stride"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")

    @property
    def frame_features(self) -> int:
        return COORDINATE_FEATURES + (0 if self.variant == "plain" else VISIBILITY_FEATURES)

    @property
    def input_features(self) -> int:
        return self.frame_features * self.window

    @property
    def temporal(self) -> bool:
        return self.window > 1

    def to_dict(self) -> dict:
        return asdict(self)


class ResidualBlock(nn.Module):
    def __init__(self, width: int, layers: int, dropout: float) -> None:
        super().__init__()
        parts: list[nn.Module] = []
        for _ in range(layers):
            parts += [nn.Linear(width, width), nn.BatchNorm1d(width), nn.ReLU(), nn.Dropout(dropout)]
        self.layers = nn.Sequential(*parts)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.layers(x)


class PoseEmbedder(nn.Module):
    """forward(keypoints [N,13,2] pixels, visibility [N,13]) -> (mean [N,D], stddev [N,D] > 0);
    temporal (window T > 1): keypoints [N,T,13,2], visibility [N,T,13], the same outputs."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.input_layer = nn.Linear(config.input_features, config.width)
        self.blocks = nn.Sequential(
            *[ResidualBlock(config.width, config.layers_per_block, config.dropout) for _ in range(config.blocks)]
        )
        self.mean_head = nn.Linear(config.width, config.embedding_dim)
        self.stddev_head = nn.Linear(config.width, config.embedding_dim)

    def features(self, keypoints: torch.Tensor, visibility: torch.Tensor) -> torch.Tensor:
        """The network input: 26 normalized coordinates (+ 13 visibility values for `occlusion`);
        temporal: each frame normalized on its own, the frames' blocks concatenated in time order."""
        if self.config.temporal:
            window = self.config.window
            if not torch.jit.is_tracing() and (keypoints.dim() != 4 or keypoints.shape[1] != window):
                raise ValueError(f"keypoints must have shape [N, {window}, 13, 2], got {list(keypoints.shape)}")
            frames = self._frame_features(keypoints.reshape(-1, NUM_JOINTS_2D, 2),
                                          visibility.reshape(-1, NUM_JOINTS_2D))
            return frames.reshape(-1, window * self.config.frame_features)
        return self._frame_features(keypoints, visibility)

    def _frame_features(self, keypoints: torch.Tensor, visibility: torch.Tensor) -> torch.Tensor:
        normalized = normalize_2d(keypoints, visibility).flatten(start_dim=1)
        if self.config.variant == "plain":
            return normalized
        return torch.cat([normalized, seen_mask(visibility)], dim=1)

    def forward(self, keypoints: torch.Tensor, visibility: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mean, stddev, _ = self.forward_with_log_stddev(keypoints, visibility)
        return mean, stddev

    def forward_with_log_stddev(self, keypoints: torch.Tensor, visibility: torch.Tensor):
        """(mean, stddev, log stddev); log(ELU(x) + 1) = x for x < 0 exactly, so the prior loss
        stays finite even where stddev underflows to 0 in float32."""
        hidden = self.blocks(self.input_layer(self.features(keypoints, visibility)))
        mean = self.mean_head(hidden)
        raw = self.stddev_head(hidden)
        stddev = nn.functional.elu(raw) + 1.0
        log_stddev = torch.where(raw < 0, raw, torch.log1p(torch.clamp(raw, min=0.0)))
        return mean, stddev, log_stddev


class PrVipe(nn.Module):
    """The embedder, the learned match probability and the fixed eps shipped for serving."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.embedder = PoseEmbedder(config)
        self.match = MatchProbability()
        generator = torch.Generator().manual_seed(config.serving_eps_seed)
        self.register_buffer("serving_eps", torch.randn(config.num_samples, config.embedding_dim, generator=generator))

    def forward(self, keypoints: torch.Tensor, visibility: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return self.embedder(keypoints, visibility)

    @property
    def device(self) -> torch.device:
        return self.serving_eps.device

    def encode(self, keypoints: np.ndarray | torch.Tensor, visibility: np.ndarray | torch.Tensor,
               batch_size: int = ENCODE_BATCH_SIZE) -> tuple[torch.Tensor, torch.Tensor]:
        """The embedding the service would compute: keypoints [N,13,2] pixels and visibility [N,13]
        (temporal: [N,T,13,2] and [N,T,13]; numpy or torch, any float dtype) -> (mean [N,D], stddev [N,D]) float32 on the model's device.

        The one way the package embeds poses outside training (evaluation, calibration, test
        vectors): eval mode (BatchNorm running statistics, no dropout), no gradient, in batches of
        `batch_size` rows; the module's train/eval mode is restored afterwards.
        """
        keypoints = torch.as_tensor(keypoints, dtype=torch.float32, device=self.device)
        visibility = torch.as_tensor(visibility, dtype=torch.float32, device=self.device)
        if keypoints.shape[0] == 0:
            empty = torch.zeros(0, self.config.embedding_dim, device=self.device)
            return empty, empty.clone()
        was_training = self.training
        self.eval()
        try:
            means, stddevs = [], []
            with torch.no_grad():
                for start in range(0, keypoints.shape[0], batch_size):
                    mean, stddev = self.embedder(keypoints[start:start + batch_size], visibility[start:start + batch_size])
                    means.append(mean)
                    stddevs.append(stddev)
        finally:
            self.train(was_training)
        return torch.cat(means), torch.cat(stddevs)


def sample_embeddings(mean: torch.Tensor, stddev: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """Reparameterized samples z_k = mean + stddev * eps_k: [N,D] x [N,D] x ([K,D] or [N,K,D]) -> [N,K,D]."""
    if eps.dim() == 2:
        eps = eps.unsqueeze(0)
    return mean.unsqueeze(1) + stddev.unsqueeze(1) * eps


def parameter_count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
