import numpy as np
import pytest

from posesearch_training.data.windows import window_offsets, window_rows


def _brute_force(clip_id, frame_index, rows, window, stride):
    """Every row of `rows` as a centre; kept when each frame centre + offset exists in `rows`, same clip."""
    where = {(int(clip_id[r]), int(frame_index[r])): int(r) for r in rows}
    out = []
    for r in rows:
        wanted = [(int(clip_id[r]), int(frame_index[r]) + int(o)) for o in window_offsets(window, stride)]
        if all(key in where for key in wanted):
            out.append([where[key] for key in wanted])
    return np.array(out, dtype=np.int64).reshape(-1, window)


def _clips():
    # 3 clips of 12, 4 and 9 frames; the third has a gap (frame 5 missing), rows shuffled within the file
    clip = np.array([0] * 12 + [1] * 4 + [2] * 8)
    frame = np.concatenate([np.arange(12), np.arange(4), np.array([0, 1, 2, 3, 4, 6, 7, 8])])
    order = np.random.default_rng(0).permutation(len(clip))
    return clip[order], frame[order]


@pytest.mark.parametrize("window,stride", [(7, 1), (5, 2), (4, 1), (1, 1), (3, 3)])
def test_windows_stay_inside_one_clip_and_equal_brute_force(window, stride):
    clip, frame = _clips()
    rows = np.arange(len(clip))
    got = window_rows(clip, frame, rows, window, stride)
    expected = _brute_force(clip, frame, rows, window, stride)
    assert sorted(map(tuple, got)) == sorted(map(tuple, expected))
    for w in got:
        assert len(set(clip[w])) == 1, "a window crossed a clip boundary"
        assert (np.diff(frame[w]) == stride).all(), "a window jumped in time"


def test_known_counts_and_the_gap():
    clip, frame = _clips()
    got = window_rows(clip, frame, np.arange(len(clip)), 7, 1)
    # clip 0: 12 - 6 windows; clip 1 (4 frames): none; clip 2: frames 0-4 and 6-8 around a gap: none
    assert len(got) == 6 and set(clip[got.ravel()]) == {0}
    assert len(window_rows(clip, frame, np.arange(len(clip)), 3, 1)) == 10 + 2 + 3 + 1


def test_only_rows_of_the_split_are_used():
    clip, frame = _clips()
    rows = np.flatnonzero(~((clip == 0) & (frame == 6)))  # frame 6 of clip 0 belongs to another split
    got = window_rows(clip, frame, rows, 3, 1)
    assert not np.isin(np.flatnonzero((clip == 0) & (frame == 6)), got).any()
    assert sorted(map(tuple, got)) == sorted(map(tuple, _brute_force(clip, frame, rows, 3, 1)))


def test_offsets_centre_the_window():
    assert window_offsets(7, 1).tolist() == [-3, -2, -1, 0, 1, 2, 3]
    assert window_offsets(4, 2).tolist() == [-4, -2, 0, 2]
    with pytest.raises(ValueError):
        window_offsets(0, 1)
