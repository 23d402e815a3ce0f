"""The (predicted probability, true match) pairs that calibration judges: every top-k hit of the
cross-view searches on the H36M rig, ranked as the service ranks (shortlist by mean L2, then the
match probability with the shipped eps)."""
from __future__ import annotations

import numpy as np
import torch

from ..model.network import PrVipe, sample_embeddings
from .retrieval import build_validation_set, top_k_by_l2


def collect_hits(model: PrVipe, poses3d: np.ndarray, size: int, seed: int, kappa: float, top_k: int,
                 shortlist: int = 50) -> dict[str, np.ndarray]:
    """Every (query, hit) pair of the cross-view searches: probability, outcome, query id, and the
    K x K sample distances (for refitting a, b)."""
    val = build_validation_set(poses3d, size=size, seed=seed, kappa=kappa)
    views = val.views[0]  # the H36M rig
    cams = views.keypoints.shape[0]
    embedded = [model.encode(views.keypoints[c], views.visibility[c]) for c in range(cams)]
    eps = model.serving_eps
    out = {"probability": [], "match": [], "query": [], "distances": []}
    with torch.no_grad():
        for i in range(cams):
            for j in range(cams):
                if i == j:
                    continue
                (qm, qs), (im, is_) = embedded[i], embedded[j]
                candidates = top_k_by_l2(qm, im, shortlist)  # [Q,S]
                q_samples = sample_embeddings(qm, qs, eps)  # [Q,K,D]
                i_samples = sample_embeddings(im, is_, eps)
                cand = i_samples[candidates]  # [Q,S,K,D]
                q = q_samples[:, None].expand(-1, candidates.shape[1], -1, -1)
                d = torch.cdist(q.reshape(-1, *q.shape[2:]), cand.reshape(-1, *cand.shape[2:]))  # [Q*S,K,K]
                d = d.reshape(candidates.shape[0], candidates.shape[1], -1)
                p = model.match.of_distance(d).mean(dim=-1)  # [Q,S]
                top = p.topk(top_k, dim=1).indices
                items = torch.gather(candidates, 1, top)
                queries = torch.arange(candidates.shape[0])[:, None].expand_as(items)
                out["probability"].append(torch.gather(p, 1, top).flatten())
                out["match"].append(val.matches[queries.flatten(), items.flatten()])
                out["query"].append(queries.flatten())
                out["distances"].append(torch.gather(d, 1, top[..., None].expand(-1, -1, d.shape[-1])).flatten(0, 1))
    return {k: torch.cat(v).numpy() for k, v in out.items()}
