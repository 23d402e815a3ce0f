"""Windows of consecutive frames for the temporal model: T frames, `stride` source frames apart,
never crossing a clip boundary (a window lies inside one clip, its frames contiguous in time)."""
from __future__ import annotations

import numpy as np


def window_offsets(window: int, stride: int) -> np.ndarray:
    """Frame offsets of a window around its centre: T = 7, stride 1 -> [-3 .. 3]; T even puts the
    extra frame before the centre."""
    if window < 1 or stride < 1:
        raise ValueError(f"window and stride must be >= 1, got {window}, {stride}")
    return (np.arange(window) - window // 2) * stride


def window_rows(clip_id: np.ndarray, frame_index: np.ndarray, rows: np.ndarray, window: int,
                stride: int) -> np.ndarray:
    """[M, T] dataset rows of every window whose frames all lie in `rows` (e.g. one split), in one
    clip, at frame indices centre + offsets; in the order of their centres in `rows`.

    Looked up by (clip, frame index), not by row position, so a gap in a clip's frames (or a clip
    split across the train / val boundary) never yields a window that jumps in time."""
    rows = np.asarray(rows, dtype=np.int64)
    offsets = window_offsets(window, stride)
    clip = np.asarray(clip_id, dtype=np.int64)[rows]
    frame = np.asarray(frame_index, dtype=np.int64)[rows]
    order = np.lexsort((frame, clip))
    keys_clip, keys_frame = clip[order], frame[order]
    out = np.empty((len(rows), window), dtype=np.int64)
    valid = np.ones(len(rows), dtype=bool)
    lo = np.searchsorted(keys_clip, clip, side="left")  # each row's clip: keys[lo:hi]
    hi = np.searchsorted(keys_clip, clip, side="right")
    for t, offset in enumerate(offsets):
        # Position of (clip, frame + offset) among the sorted keys, if present.
        target = frame + offset
        pos = lo + _searchsorted_within(keys_frame, lo, hi, target)
        found = (pos < hi) & (keys_frame[np.minimum(pos, len(rows) - 1)] == target)
        valid &= found
        out[:, t] = rows[order[np.minimum(pos, len(rows) - 1)]]
    return out[valid]


def _searchsorted_within(keys: np.ndarray, lo: np.ndarray, hi: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per element: the position of target[i] in the sorted slice keys[lo[i]:hi[i]], relative to lo[i]
    (a binary search over all elements at once; each clip's frames are one sorted slice)."""
    left, right = lo.copy(), hi.copy()
    while True:
        active = left < right
        if not active.any():
            return left - lo
        mid = (left + right) // 2
        less = np.zeros_like(active)
        less[active] = keys[mid[active]] < target[active]
        left = np.where(active & less, mid + 1, left)
        right = np.where(active & ~less, mid, right)
