"""One training step on a batch of pairs (data/pair_sampler.py): embedding, mining, losses.

Mining cost is kept small without changing what it selects: no gradient through it; the
B x B NP-MPJPE matches from the closed-form batched Procrustes (poses normalized and
centred once for the whole dataset); the B x B match-probability matrix from one cdist of
all samples under no_grad; the loss then recomputes D with gradient only for the B
positive pairs and the mined negatives.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import torch

from ..geometry.pose3d import CentredPoses, pose_match_matrix
from ..geometry.window_distance import window_match_matrix
from ..model.losses import GaussianPriorLoss, PositivePairwiseLoss, TripletRatioLoss
from ..model.match_probability import distance_from_probability
from ..model.miner import SemiHardNegativeMiner
from ..model.network import PrVipe, sample_embeddings


@dataclass
class StepOutput:
    loss: torch.Tensor
    triplet: float
    positive: float
    prior: float
    active: int
    mined: int
    positive_distance: float


class TrainingStep:
    def __init__(self, model: PrVipe, kappa: float = 0.1, margin: float | None = None,
                 positive_weight: float = 0.005, prior_weight: float = 0.001) -> None:
        self.model = model
        self.kappa = kappa
        self.miner = SemiHardNegativeMiner()
        self.triplet = TripletRatioLoss() if margin is None else TripletRatioLoss(margin)
        self.positive = PositivePairwiseLoss(positive_weight)
        self.prior = GaussianPriorLoss(prior_weight)
        self.timings: dict[str, float] = defaultdict(float)
        self.timed_steps = 0
        self.profile = False

    def _tick(self, name: str, start: float) -> float:
        if self.profile:
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            now = time.perf_counter()
            self.timings[name] += (now - start) * 1000.0
            return now
        return start

    def __call__(self, keypoints: torch.Tensor, visibility: torch.Tensor, poses: CentredPoses,
                 generator: torch.Generator | None = None) -> StepOutput:
        t = time.perf_counter()
        batch = keypoints.shape[0] // 2
        mean, stddev, log_stddev = self.model.embedder.forward_with_log_stddev(keypoints, visibility)
        k, dim = self.model.config.num_samples, self.model.config.embedding_dim
        eps = torch.randn(2 * batch, k, dim, generator=generator).to(mean.device)
        samples = sample_embeddings(mean, stddev, eps)
        anchors, positives = samples[:batch], samples[batch:]
        t = self._tick("forward", t)

        window = self.model.config.window
        # Temporal model: windows match when their mean NP-MPJPE over the frames is < kappa.
        pose_matches = (pose_match_matrix(poses, kappa=self.kappa) if window == 1
                        else window_match_matrix(poses, None, window, kappa=self.kappa)).to(mean.device)
        t = self._tick("mining: NP-MPJPE matrix", t)
        with torch.no_grad():
            distance_matrix = distance_from_probability(self.model.match.matrix(anchors.detach(), positives.detach()))
        t = self._tick("mining: D matrix", t)
        triplets = self.miner(distance_matrix, pose_matches)
        t = self._tick("mining: select", t)

        positive_distance = distance_from_probability(self.model.match.pairs(anchors, positives))
        negative_distance = distance_from_probability(
            self.model.match.pairs(anchors[triplets.anchors], positives[triplets.negatives]))
        triplet_loss, active = self.triplet(positive_distance[triplets.anchors], negative_distance)
        positive_loss = self.positive(positive_distance)
        prior_loss = self.prior(mean, stddev, log_stddev)
        loss = triplet_loss + positive_loss + prior_loss
        self._tick("losses", t)
        return StepOutput(loss=loss, triplet=float(triplet_loss.detach()), positive=float(positive_loss.detach()),
                          prior=float(prior_loss.detach()), active=active, mined=triplets.count,
                          positive_distance=float(positive_distance.detach().mean()))
