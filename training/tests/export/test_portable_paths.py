from pathlib import Path

from posesearch_training.export.portable_paths import REPOSITORY_ROOT, portable_paths


def test_paths_inside_the_repository_become_relative_wherever_they_appear():
    root = Path("/srv/checkout")
    config = {
        "data": "/srv/checkout/training/data/bandai-30fps.npz",
        "command": "python3 -m posesearch_training train --out /srv/checkout/training/runs/a --data /srv/checkout/x.npz",
        "nested": [{"checkpoint": "/srv/checkout/training/runs/a/best.pt"}, ("/srv/checkout/y",)],
        "steps": 5000,
        "outside": "/tmp/elsewhere/data.npz",
        "sibling": "/srv/checkout-old/z",
    }
    assert portable_paths(config, root) == {
        "data": "training/data/bandai-30fps.npz",
        "command": "python3 -m posesearch_training train --out training/runs/a --data x.npz",
        "nested": [{"checkpoint": "training/runs/a/best.pt"}, ("y",)],
        "steps": 5000,
        "outside": "/tmp/elsewhere/data.npz",
        "sibling": "/srv/checkout-old/z",
    }


def test_the_default_root_is_the_repository_holding_training():
    assert (REPOSITORY_ROOT / "training" / "posesearch_training").is_dir()
