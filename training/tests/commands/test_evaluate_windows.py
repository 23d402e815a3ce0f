"""`evaluate-windows` end to end on a tiny synthetic dataset: a temporal run, a single-frame run, the
comparison on the same windows, and the export of the temporal model with the comparison in its card."""
import json

import pytest

from posesearch_training.commands import evaluate_windows, export, train
from posesearch_training.data.synthetic_poses import write_synthetic_dataset
from posesearch_training.model.checkpoint import load_checkpoint

TINY = ["--width", "32", "--batch", "16", "--val-size", "30", "--log-every", "2", "--val-every", "4",
        "--warmup-steps", "2", "--threads", "1", "--steps", "4"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("windows")
    data = write_synthetic_dataset(root / "s.npz", clips=24, frames_per_clip=10)
    assert train.main(["--data", str(data), "--out", str(root / "single"), *TINY]) == 0
    assert train.main(["--data", str(data), "--out", str(root / "temporal"), "--window", "3",
                       "--init-from", str(root / "single" / "last.pt"), *TINY]) == 0
    return root, data


def test_temporal_training_validates_on_windows(runs):
    root, _ = runs
    state = load_checkpoint(root / "temporal" / "last.pt")
    assert state["model_config"]["window"] == 3 and state["step"] == 4
    assert 0.0 <= state["final_metrics"]["h36m/prob/hit@1"] <= 1.0


def test_evaluate_windows_writes_json_png_and_table(runs, tmp_path, capsys):
    root, data = runs
    report = tmp_path / "windows.json"
    argv = [str(root / "temporal" / "last.pt"), "--single", str(root / "single" / "last.pt"), "--data",
            str(data), f"{data}:train", "--size", "25", "--threads", "1", "--json", str(report),
            "--png", str(tmp_path / "windows.png")]
    assert evaluate_windows.main(argv) == 0
    evaluation = json.loads(report.read_text())
    assert evaluation["window"] == 3 and set(evaluation["sets"]) == {"s:val", "s:train"}
    for entry in evaluation["sets"].values():
        assert set(entry["results"]) == {"raw 2D (window)", "raw 2D (centre frame)", "temporal/last.pt (window)",
                                         "single/last.pt (centre frame)"}
        assert 0.0 <= entry["results"]["temporal/last.pt (window)"]["h36m/prob/hit@1"] <= 1.0
        assert "h36m/hide3/prob/hit@10" in entry["results"]["single/last.pt (centre frame)"]
    assert (tmp_path / "windows.png").stat().st_size > 1000
    assert "| s:val | " in capsys.readouterr().out
    model_dir = tmp_path / "model"
    assert export.main(["--checkpoint", str(root / "temporal" / "last.pt"), "--out", str(model_dir), "--data",
                        str(data), "--cases", "12", "--window-evaluation", str(report)]) == 0
    card = (model_dir / "README.md").read_text()
    assert "Retrieval of windows" in card and "| s:train |" in card and (model_dir / "windows.png").is_file()
    config = json.loads((model_dir / "config.json").read_text())
    assert config["test_vectors"]["onnx_max_abs_difference"] <= 1e-4


def test_a_single_frame_model_is_refused_as_the_temporal_one(runs, capsys):
    root, data = runs
    assert evaluate_windows.main([str(root / "single" / "last.pt"), "--data", str(data), "--size", "10"]) == 2
    assert "single-frame model" in capsys.readouterr().err
