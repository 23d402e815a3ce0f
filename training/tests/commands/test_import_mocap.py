import gzip
import zipfile

import numpy as np
import pytest

from posesearch_training.__main__ import main as package_main
from posesearch_training.commands.import_mocap import BANDAI_LICENSE, main, spread_subset
from posesearch_training.data.mocap import joint_maps
from posesearch_training.data.mocap.bvh import forward_kinematics, read_bvh

BANDAI_CLIPS = ("dataset-2/data/dataset-2_walk_feminine_001",  # a validation group
                "dataset-2/data/dataset-2_walk_normal_001", "dataset-1/data/dataset-1_bow_active_001")


@pytest.fixture()
def bandai_input(shared_data, tmp_path):
    folder = tmp_path / "bandai"
    for relative in BANDAI_CLIPS:
        target = folder / (relative + ".bvh.gz")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(shared_data / "mocap/bandai" / (relative + ".bvh.gz"))
    return folder


def frames_in(path) -> int:
    with gzip.open(path, "rt") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Frames:"))


def test_bandai_npz_layout(bandai_input, tmp_path, capsys):
    out = tmp_path / "out" / "bandai.npz"
    assert package_main(["import-mocap", "--source", "bandai", "--input", str(bandai_input), "--out", str(out),
                         "--workers", "2", "--no-progress"]) == 0
    assert "3 clips" in capsys.readouterr().out
    with zipfile.ZipFile(out) as z:  # uncompressed, so the C# reader needs no inflate
        assert all(info.compress_type == zipfile.ZIP_STORED for info in z.infolist())
    data = np.load(out)
    assert set(data.files) == {"poses3d", "clip_id", "frame_index", "clip_names", "fps", "source", "license", "split"}
    names = [r.split("/")[-1] for r in BANDAI_CLIPS]
    assert data["clip_names"].tolist() == sorted(names)
    counts = [frames_in(bandai_input / (r + ".bvh.gz")) for r in sorted(BANDAI_CLIPS, key=lambda r: r.split("/")[-1])]
    n = sum(counts)
    assert data["poses3d"].dtype == np.float32 and data["poses3d"].shape == (n, 17, 3)
    assert data["clip_id"].dtype == np.int32 and data["clip_id"].tolist() == sum(([i] * c for i, c in enumerate(counts)), [])
    assert data["frame_index"].dtype == np.int32
    assert data["frame_index"].tolist() == sum((list(range(c)) for c in counts), [])
    assert data["fps"].dtype == np.float32 and data["fps"].shape == () and float(data["fps"]) == 30.0
    assert str(data["source"]) == "bandai dataset-1+dataset-2"
    assert str(data["license"]) == BANDAI_LICENSE
    split_of_clip = {data["clip_names"][c]: s for c, s in zip(data["clip_id"], data["split"])}
    assert split_of_clip == {"dataset-1_bow_active_001": "train", "dataset-2_walk_feminine_001": "val",
                             "dataset-2_walk_normal_001": "train"}
    # the rows are the joint map of the clip, in metres
    clip = read_bvh(bandai_input / (BANDAI_CLIPS[1] + ".bvh.gz"))
    expected = joint_maps.map_to_skeleton(*forward_kinematics(clip, "replace"), clip, joint_maps.BANDAI)
    rows = data["clip_id"] == data["clip_names"].tolist().index("dataset-2_walk_normal_001")
    np.testing.assert_allclose(data["poses3d"][rows], expected, atol=1e-5)


def test_stride_and_limit(bandai_input, tmp_path):
    out = tmp_path / "strided.npz"
    assert main(["--source", "bandai", "--input", str(bandai_input), "--out", str(out), "--stride", "3",
                 "--limit-clips", "2", "--workers", "1", "--no-progress"]) == 0
    data = np.load(out)
    assert len(data["clip_names"]) == 2
    first = data["frame_index"][data["clip_id"] == 0]
    assert first.tolist() == list(range(0, 3 * len(first), 3))


def test_spread_subset_keeps_both_ends():
    assert spread_subset(list(range(10)), 3) == [0, 4, 9]  # linspace 0, 4.5, 9 rounds to 0, 4, 9
    assert spread_subset(list(range(3)), 5) == [0, 1, 2]


def test_cmu_is_resampled_to_30_fps_and_marked_test(shared_data, tmp_path):
    out = tmp_path / "cmu.npz"
    folder = tmp_path / "cmu" / "001"
    folder.mkdir(parents=True)
    (folder / "001_08.bvh.gz").symlink_to(shared_data / "mocap/cmu-sample/001/001_08.bvh.gz")
    assert main(["--source", "cmu", "--input", str(folder.parent), "--out", str(out), "--no-progress"]) == 0
    data = np.load(out)
    clip = read_bvh(folder / "001_08.bvh.gz")
    rig = joint_maps.CMU_CHARACTER_CREATOR
    expected = joint_maps.map_to_skeleton(*forward_kinematics(clip, rig.position_channels), clip, rig)[::2]
    np.testing.assert_allclose(data["poses3d"], expected, atol=1e-5)  # 60 -> 30 fps: every other frame
    assert set(data["split"].tolist()) == {"test"}
    assert "mocap.cs.cmu.edu" in str(data["license"]) and "NSF EIA-0196217" in str(data["license"])


def test_missing_input_folder_is_one_clear_line(tmp_path, capsys):
    assert main(["--source", "bandai", "--input", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.npz")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"import-mocap: error: input folder not found: {tmp_path / 'nowhere'}"
    assert not (tmp_path / "x.npz").exists()


@pytest.mark.parametrize("content, problem", [(b"not gzip at all", "Not a gzipped file"),
                                              (gzip.compress(b"HIERARCHY\nROOT A\n{\n"), "no MOTION section")])
def test_unreadable_file_is_named_and_nothing_is_written(bandai_input, tmp_path, capsys, content, problem):
    bad = bandai_input / "dataset-2/data/dataset-2_walk_sad_001.bvh.gz"
    bad.write_bytes(content)
    out = tmp_path / "out.npz"
    out.write_bytes(b"previous")
    assert main(["--source", "bandai", "--input", str(bandai_input), "--out", str(out), "--workers", "1",
                 "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and problem in err[0]
    assert out.read_bytes() == b"previous"  # the old file stays, and no temporary file is left
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("out.npz")] == ["out.npz"]


def test_wrong_rig_is_reported(bandai_input, tmp_path, capsys):
    assert main(["--source", "cmu", "--input", str(bandai_input), "--out", str(tmp_path / "x.npz"),
                 "--workers", "1", "--no-progress"]) == 1
    assert "not a cmu-cc rig, missing joints CC_Base_Head" in capsys.readouterr().err


def test_empty_folder_and_bad_arguments(tmp_path, capsys):
    assert main(["--source", "bandai", "--input", str(tmp_path), "--out", str(tmp_path / "x.npz")]) == 1
    assert "no .bvh or .bvh.gz files under" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--source", "bandai", "--stride", "0"])
    assert "--stride must be at least 1" in capsys.readouterr().err


def test_truncated_gzip_is_reported(bandai_input, tmp_path, capsys, shared_data):
    bad = bandai_input / "dataset-2/data/dataset-2_walk_sad_001.bvh.gz"
    bad.write_bytes((shared_data / "mocap/bandai" / (BANDAI_CLIPS[1] + ".bvh.gz")).read_bytes()[:5000])
    assert main(["--source", "bandai", "--input", str(bandai_input), "--out", str(tmp_path / "x.npz"),
                 "--workers", "1", "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "end-of-stream" in err


def test_unwritable_output_is_one_clear_line(bandai_input, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--source", "bandai", "--input", str(bandai_input), "--out", str(blocker / "x.npz"),
                 "--workers", "1", "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"import-mocap: error: cannot write {blocker / 'x.npz'}")
