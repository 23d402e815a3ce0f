import numpy as np
import pytest

from posesearch_training.data.mocap.resample import nominal_fps, resample


def ramp(frames: int) -> np.ndarray:
    """Frame i holds the value i in every coordinate, so a resampled value is its source time."""
    return np.broadcast_to(np.arange(frames, dtype=np.float64)[:, None, None], (frames, 17, 3)).copy()


def test_60_to_30_takes_every_other_frame():
    frames = np.random.default_rng(0).normal(size=(9, 17, 3)).astype(np.float32)
    out = resample(frames, 60, 30)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, frames[::2])
    assert len(resample(frames[:8], 60, 30)) == 4  # 0, 2, 4, 6: frame 8 would be past the end


def test_30_to_20_interpolates_between_frames():
    out = resample(ramp(7), 30, 20)  # 0.2 s: outputs at 0, 0.05, ..., 0.2 s = source frames 0, 1.5, 3, 4.5, 6
    np.testing.assert_allclose(out[:, 0, 0], [0, 1.5, 3, 4.5, 6])


def test_upsampling_10_to_30():
    out = resample(ramp(3), 10, 30)
    np.testing.assert_allclose(out[:, 5, 2], [0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2])


def test_interpolation_of_a_moving_joint_by_hand():
    frames = np.zeros((2, 1, 3))
    frames[1, 0] = (3.0, -6.0, 9.0)
    out = resample(frames, 10, 40)  # times 0, 0.025, 0.05, 0.075, 0.1 s
    np.testing.assert_allclose(out[2, 0], (1.5, -3.0, 4.5))
    np.testing.assert_allclose(out[1, 0], (0.75, -1.5, 2.25))


def test_same_rate_and_empty_clips_are_copies():
    frames = ramp(4)
    out = resample(frames, 30, 30)
    np.testing.assert_array_equal(out, frames)
    assert out is not frames
    assert resample(np.zeros((0, 17, 3)), 60, 30).shape == (0, 17, 3)


@pytest.mark.parametrize("source, target", [(0, 30), (30, -1)])
def test_bad_rates_are_rejected(source, target):
    with pytest.raises(ValueError, match="frame rates must be positive"):
        resample(ramp(3), source, target)


@pytest.mark.parametrize("frame_time, fps", [(0.0333333, 30.0), (0.016667, 60.0), (0.04, 25.0),
                                             (1 / 29.97, 1 / (1 / 29.97)), (0.0123, 1 / 0.0123)])
def test_nominal_fps_snaps_rounded_frame_times_only(frame_time, fps):
    assert nominal_fps(frame_time) == pytest.approx(fps, rel=1e-12)
