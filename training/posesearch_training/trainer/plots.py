"""The PNG of loss and validation curves of a training run (matplotlib, Agg backend)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

CURVES = (
    ("h36m/prob/hit@1", "H36M rig, match prob"),
    ("h36m/mean/hit@1", "H36M rig, mean L2"),
    ("h36m/raw2d/hit@1", "H36M rig, raw 2D"),
    ("random/prob/hit@1", "random cams, match prob"),
    ("h36m/hide3/prob/hit@1", "H36M rig, 3 joints hidden"),
    ("h36m/hide3/raw2d/hit@1", "H36M rig, 3 hidden, raw 2D"),
)


def plot_curves(rows: list[dict], path: Path | str, title: str) -> None:
    train = [r for r in rows if r.get("loss") not in (None, "")]
    val = [r for r in rows if r.get("h36m/prob/hit@1") not in (None, "")]
    fig, (ax_loss, ax_val) = plt.subplots(1, 2, figsize=(12, 4.5))
    if train:
        steps = [int(r["step"]) for r in train]
        ax_loss.plot(steps, [float(r["loss"]) for r in train], label="total")
        ax_loss.plot(steps, [float(r["triplet"]) for r in train], label="triplet ratio")
        ax_loss.set_yscale("log")
        ax_loss.set_xlabel("step")
        ax_loss.set_title("training loss (mean per log interval)")
        ax_loss.legend()
        ax_loss.grid(alpha=0.3)
    for key, label in CURVES:
        points = [(int(r["step"]), 100.0 * float(r[key])) for r in val if r.get(key) not in (None, "")]
        if points:
            style = "--" if "raw2d" in key else "-"
            ax_val.plot(*zip(*points), style, marker="o", markersize=3, label=label)
    ax_val.set_xlabel("step")
    ax_val.set_ylabel("Hit@1 (%) at kappa 0.1")
    ax_val.set_title("cross-view validation (EMA weights)")
    ax_val.grid(alpha=0.3)
    ax_val.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
