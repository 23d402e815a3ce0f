"""Cross-view pose retrieval, Hit@k (docs/method.md section 7), on a fixed validation set.

The set: a fixed random subsample of held-out 3D poses with near-duplicates removed
(NP-MPJPE < 0.02 to a kept pose), each seen by several cameras: the 4 Human3.6M rig
cameras (pixels) and 4 random cameras (unit focal length). For every ordered camera pair
(i, j), queries from camera i search the index of camera j; an item is correct when its 3D
pose matches the query's (NP-MPJPE(item -> query) < kappa). Hit@k is averaged over pairs.

Rankings: the raw-2D baseline (normalized 2D keypoints by L2), the embedding mean by L2,
and the match probability (exact, on a shortlist from the mean ranking).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..data.h36m_rig import load_rig, place_at_rig_origin
from ..data.random_camera import CameraRanges, project, random_rotations
from ..geometry.normalization2d import normalize_2d, visible_anchor_count
from ..geometry.pose3d import CentredPoses, normalize_3d, np_mpjpe_matrix, pose_match_matrix
from ..model.network import PrVipe, sample_embeddings
from ..skeleton import MODEL13_FROM_3D, NUM_JOINTS_2D

KS = (1, 10, 20)
KAPPAS = (0.05, 0.1, 0.15, 0.2)
DUPLICATE_THRESHOLD = 0.02


@dataclass
class ViewSet:
    name: str
    keypoints: torch.Tensor  # [C,N,13,2] (windows: [C,N,T,13,2])
    visibility: torch.Tensor  # [C,N,13] (windows: [C,N,T,13])


@dataclass
class ValidationSet:
    poses3d: np.ndarray  # [N,17,3] metres (windows: [N,T,17,3])
    distances: torch.Tensor  # [N,N] NP-MPJPE(j -> i) (windows: its mean over the frames)
    matches: torch.Tensor  # [N,N] bool at the training kappa
    views: list[ViewSet]
    kappa: float

    @property
    def size(self) -> int:
        return len(self.poses3d)


def remove_near_duplicates(poses3d: np.ndarray, threshold: float = DUPLICATE_THRESHOLD) -> np.ndarray:
    """Greedy in the given order: keep a pose unless it is within `threshold` of a kept one."""
    centred = CentredPoses(torch.from_numpy(np.asarray(poses3d, dtype=np.float32)))
    close = (np_mpjpe_matrix(centred) < threshold).numpy()
    close = close | close.T
    removed = np.zeros(len(poses3d), dtype=bool)
    kept = []
    for i in range(len(poses3d)):
        if not removed[i]:
            kept.append(i)
            removed |= close[i]
    return np.asarray(kept, dtype=np.int64)


def random_camera_views(poses3d: np.ndarray, cameras: int, seed: int, ranges: CameraRanges) -> ViewSet:
    generator = torch.Generator().manual_seed(seed)
    normalized = normalize_3d(torch.from_numpy(np.asarray(poses3d, dtype=np.float32)))
    views = []
    for _ in range(cameras):
        rotations = random_rotations(len(poses3d), ranges, generator)
        depths = ranges.depth_min + (ranges.depth_max - ranges.depth_min) * torch.rand(len(poses3d), generator=generator)
        views.append(project(normalized, rotations, depths)[:, MODEL13_FROM_3D])
    keypoints = torch.stack(views)
    return ViewSet("random", keypoints, torch.ones(keypoints.shape[:3]))


def rig_views(poses3d: np.ndarray, rig_path=None, subject: str = "S9") -> ViewSet:
    world = place_at_rig_origin(poses3d)
    keypoints = np.stack([cam.project(world)[:, MODEL13_FROM_3D] for cam in load_rig(rig_path, subject)])
    keypoints = torch.from_numpy(keypoints.astype(np.float32))
    return ViewSet("h36m", keypoints, torch.ones(keypoints.shape[:3]))


def hide_random_joints(visibility: torch.Tensor, count: int, seed: int) -> torch.Tensor:
    """Hide `count` random joints per row, redrawing rows left with fewer than 2 visible anchors."""
    generator = torch.Generator().manual_seed(seed)
    out = visibility.clone()
    flat = out.reshape(-1, NUM_JOINTS_2D)
    pending = torch.arange(flat.shape[0])
    while pending.numel():
        scores = torch.rand(pending.numel(), NUM_JOINTS_2D, generator=generator)
        hidden = scores.argsort(dim=1)[:, :count]
        rows = torch.ones(pending.numel(), NUM_JOINTS_2D)
        rows.scatter_(1, hidden, 0.0)
        ok = visible_anchor_count(rows) >= 2
        flat[pending[ok]] = rows[ok]
        pending = pending[~ok]
    return out


def build_validation_set(poses3d: np.ndarray, size: int = 2000, seed: int = 0, kappa: float = 0.1,
                         pool_factor: float = 2.0, rig_path=None,
                         random_ranges: CameraRanges | None = None) -> ValidationSet:
    """A fixed subsample (seeded) of `size` poses after near-duplicate removal, with its views."""
    rng = np.random.default_rng(seed)
    pool_size = min(len(poses3d), int(size * pool_factor))
    pool = rng.choice(len(poses3d), size=pool_size, replace=False)
    kept = pool[remove_near_duplicates(poses3d[pool])][:size]
    poses = np.asarray(poses3d[kept], dtype=np.float32)
    centred = CentredPoses(torch.from_numpy(poses))
    distances = np_mpjpe_matrix(centred)
    matches = pose_match_matrix(centred, kappa=kappa, distances=distances)
    ranges = random_ranges or CameraRanges()
    views = [rig_views(poses, rig_path), random_camera_views(poses, 4, seed + 1, ranges)]
    return ValidationSet(poses, distances, matches, views, kappa)


def raw_2d_features(keypoints: torch.Tensor, visibility: torch.Tensor) -> torch.Tensor:
    """The raw-2D baseline's vector: normalized keypoints [N,13,2] -> [N,26]; a window [N,T,13,2]
    -> its frames normalized one by one and concatenated, [N,T*26]."""
    n = keypoints.shape[0]
    flat = normalize_2d(keypoints.reshape(-1, NUM_JOINTS_2D, 2), visibility.reshape(-1, NUM_JOINTS_2D))
    return flat.reshape(n, -1)


def top_k_by_l2(queries: torch.Tensor, index: torch.Tensor, k: int) -> torch.Tensor:
    """[Q,D] x [N,D] -> [Q,min(k,N)] index rows, nearest first."""
    d = torch.cdist(queries, index)
    return d.topk(min(k, index.shape[0]), dim=1, largest=False).indices


def _hits(ranked: torch.Tensor, correct: torch.Tensor) -> dict[int, float]:
    """ranked [Q,k] item ids; correct [Q,N] bool -> share of queries with a hit in the top k."""
    hit = torch.gather(correct, 1, ranked)
    return {k: float(hit[:, :k].any(dim=1).float().mean()) for k in KS}


def _probability_rerank(model: PrVipe, q_mean, q_std, i_mean, i_std, shortlist: torch.Tensor,
                        chunk: int = 256) -> torch.Tensor:
    """Reorder each query's shortlist by the match probability with the shipped eps."""
    eps = model.serving_eps
    q_samples = sample_embeddings(q_mean, q_std, eps)  # [Q,K,D]
    i_samples = sample_embeddings(i_mean, i_std, eps)  # [N,K,D]
    out = torch.empty_like(shortlist)
    with torch.no_grad():
        for start in range(0, shortlist.shape[0], chunk):
            stop = min(shortlist.shape[0], start + chunk)
            cand = i_samples[shortlist[start:stop]]  # [q,S,K,D]
            q = q_samples[start:stop]  # [q,K,D]
            d = torch.cdist(q.unsqueeze(1).expand(-1, cand.shape[1], -1, -1).reshape(-1, q.shape[1], q.shape[2]),
                            cand.reshape(-1, cand.shape[2], cand.shape[3]))  # [q*S,K,K]
            p = model.match.of_distance(d).mean(dim=(1, 2)).reshape(stop - start, -1)
            order = p.argsort(dim=1, descending=True)
            out[start:stop] = torch.gather(shortlist[start:stop], 1, order)
    return out


def evaluate_views(model: PrVipe | None, val: ValidationSet, views: ViewSet, query_visibility: torch.Tensor | None = None,
                   shortlist: int = 50, kappas: tuple[float, ...] = ()) -> dict[str, dict]:
    """Hit@k averaged over ordered camera pairs for raw2d, and (with a model) mean and prob.

    query_visibility [C,N,13] replaces the query side's visibility (hidden joints); the index
    side keeps its own. With kappas, also Hit@k of each ranking at other match thresholds.
    """
    cams = views.keypoints.shape[0]
    q_vis = views.visibility if query_visibility is None else query_visibility
    norm_index = [raw_2d_features(views.keypoints[c], views.visibility[c]) for c in range(cams)]
    norm_query = [raw_2d_features(views.keypoints[c], q_vis[c]) for c in range(cams)]
    emb_index = emb_query = None
    if model is not None:
        emb_index = [model.encode(views.keypoints[c], views.visibility[c]) for c in range(cams)]
        emb_query = emb_index if query_visibility is None else [model.encode(views.keypoints[c], q_vis[c]) for c in range(cams)]
    kmax = max(KS)
    correct = {val.kappa: val.matches}
    for kappa in kappas:
        correct[kappa] = val.distances < kappa
    sums: dict[str, dict] = {}

    def add(method: str, ranked: torch.Tensor) -> None:
        for kappa, corr in correct.items():
            key = method if kappa == val.kappa else f"{method}@kappa={kappa:g}"
            for k, v in _hits(ranked, corr).items():
                sums.setdefault(key, {}).setdefault(k, 0.0)
                sums[key][k] += v

    pairs = [(i, j) for i in range(cams) for j in range(cams) if i != j]
    for i, j in pairs:
        add("raw2d", top_k_by_l2(norm_query[i], norm_index[j], kmax))
        if model is not None:
            qm, qs = emb_query[i]
            im, is_ = emb_index[j]
            ranked_mean = top_k_by_l2(qm, im, max(kmax, shortlist))
            add("mean", ranked_mean[:, :kmax])
            add("prob", _probability_rerank(model, qm, qs, im, is_, ranked_mean)[:, :kmax])
    return {method: {f"hit@{k}": v / len(pairs) for k, v in hits.items()} for method, hits in sums.items()}


def validate(model: PrVipe | None, val: ValidationSet, occlusion_seed: int = 11, hidden_joints: int = 3,
             kappas: tuple[float, ...] = ()) -> dict[str, float]:
    """Flat metrics dict: {view}/{method}/hit@k, complete and with `hidden_joints` hidden in queries."""
    metrics: dict[str, float] = {}
    for views in val.views:
        results = {"": evaluate_views(model, val, views, kappas=kappas)}
        if hidden_joints:
            if views.visibility.dim() == 4:  # windows: the same joints hidden in every frame (an occluder)
                hidden = hide_random_joints(views.visibility[:, :, 0], hidden_joints, occlusion_seed)
                hidden = hidden[:, :, None].expand_as(views.visibility).contiguous()
            else:
                hidden = hide_random_joints(views.visibility, hidden_joints, occlusion_seed)
            results[f"hide{hidden_joints}/"] = evaluate_views(model, val, views, hidden)
        for prefix, res in results.items():
            for method, hits in res.items():
                for k, v in hits.items():
                    metrics[f"{views.name}/{prefix}{method}/{k}"] = v
    return metrics
