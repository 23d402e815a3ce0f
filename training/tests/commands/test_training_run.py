"""End-to-end on a tiny synthetic dataset: train, resume, evaluate, export (a few seconds)."""
import json

import pytest
import torch

from posesearch_training.commands import evaluate, export, train
from posesearch_training.data.synthetic_poses import write_synthetic_dataset
from posesearch_training.model.checkpoint import load_checkpoint
from posesearch_training.model.warm_start import warm_start

TINY = ["--width", "32", "--batch", "16", "--val-size", "40", "--log-every", "2", "--val-every", "4",
        "--warmup-steps", "2", "--threads", "1"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_synthetic_dataset(tmp_path_factory.mktemp("data") / "synthetic.npz", clips=24, frames_per_clip=10)


def test_train_writes_checkpoints_metrics_and_curves(data, tmp_path):
    out = tmp_path / "run"
    assert train.main(["--data", str(data), "--out", str(out), "--steps", "8", *TINY]) == 0
    assert {"last.pt", "best.pt", "metrics.csv", "curves.png", "train-config.json"} <= {p.name for p in out.iterdir()}
    state = load_checkpoint(out / "last.pt")
    assert state["step"] == 8
    header = (out / "metrics.csv").read_text().splitlines()[0].split(",")
    for column in ("loss", "triplet", "h36m/prob/hit@1", "h36m/raw2d/hit@1", "random/mean/hit@10", "h36m/hide3/prob/hit@1"):
        assert column in header


def test_resume_continues_exactly(data, tmp_path):
    straight, resumed = tmp_path / "straight", tmp_path / "resumed"
    train.main(["--data", str(data), "--out", str(straight), "--steps", "8", *TINY])
    train.main(["--data", str(data), "--out", str(resumed), "--steps", "8", "--stop-after", "4", *TINY])
    assert load_checkpoint(resumed / "last.pt")["step"] == 4
    train.main(["--data", str(data), "--out", str(resumed), "--steps", "8", "--resume", *TINY])
    a, b = load_checkpoint(straight / "last.pt"), load_checkpoint(resumed / "last.pt")
    assert b["step"] == 8
    for key in a["model"]:
        assert torch.allclose(a["model"][key].float(), b["model"][key].float(), atol=1e-5), key


def test_evaluate_and_export_a_trained_checkpoint(data, tmp_path, capsys):
    out = tmp_path / "run"
    train.main(["--data", str(data), "--out", str(out), "--steps", "4", *TINY])
    report = tmp_path / "eval.json"
    assert evaluate.main([str(out / "last.pt"), "--data", str(data), "--size", "30", "--threads", "1",
                          "--json", str(report)]) == 0
    results = json.loads(report.read_text())["results"]
    (metrics,) = results.values()
    assert 0.0 <= metrics["h36m/prob/hit@1"] <= 1.0
    assert "| H36M rig (4 cams) | complete | - | raw 2D (L2) |" in capsys.readouterr().out
    model_dir = tmp_path / "model"
    assert export.main(["--checkpoint", str(out / "last.pt"), "--out", str(model_dir), "--data", str(data),
                        "--cases", "20", "--metrics", str(report)]) == 0
    card = (model_dir / "README.md").read_text()
    assert "| H36M rig (4 cams) | complete |" in card and "posesearch_training train" in card
    assert (model_dir / "metrics.csv").is_file() and (model_dir / "curves.png").is_file()


def test_warm_start_from_plain_gives_the_plain_function_on_complete_poses(data, tmp_path):
    from posesearch_training.model.checkpoint import model_from_checkpoint
    from posesearch_training.model.network import ModelConfig, PrVipe
    plain = tmp_path / "plain"
    train.main(["--data", str(data), "--out", str(plain), "--steps", "4", "--variant", "plain", *TINY])
    state = load_checkpoint(plain / "last.pt")
    source = model_from_checkpoint(state)
    target = PrVipe(ModelConfig(variant="occlusion", width=32))
    warm_start(target, state)
    target.eval()
    keypoints, visibility = torch.rand(5, 13, 2) * 100, torch.ones(5, 13)
    with torch.no_grad():
        for a, b in zip(source(keypoints, visibility), target(keypoints, visibility)):
            assert torch.allclose(a, b, atol=1e-6)
    with pytest.raises(ValueError, match="input_layer"):
        warm_start(PrVipe(ModelConfig(variant="plain", width=16)), state)
