"""The table and the PNG of `evaluate-windows`: per held-out set, Hit@k of windows for the temporal
model, the single-frame models on the windows' centre frames and the raw-2D baselines."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# (metric prefix, column title) of the table, in order.
COLUMNS = (("h36m/prob", "H36M rig Hit@1 / @10"), ("random/prob", "random cams Hit@1 / @10"),
           ("h36m/hide3/prob", "H36M, 3 joints hidden, Hit@1 / @10"))


def _cell(metrics: dict, prefix: str) -> str:
    if f"{prefix}/hit@1" not in metrics:  # the raw-2D baselines have no probability ranking
        prefix = prefix.replace("prob", "raw2d")
    return f"{100 * metrics[f'{prefix}/hit@1']:.1f} / {100 * metrics[f'{prefix}/hit@10']:.1f}"


def window_table(evaluation: dict) -> str:
    """Markdown: one row per (set, model); models ranked by match probability, baselines by raw-2D L2."""
    lines = ["| set | windows | model (input) | " + " | ".join(title for _, title in COLUMNS) + " |",
             "|---|---|---|" + "---|" * len(COLUMNS)]
    for set_name, entry in evaluation["sets"].items():
        for model, metrics in entry["results"].items():
            cells = " | ".join(_cell(metrics, prefix) for prefix, _ in COLUMNS)
            lines.append(f"| {set_name} | {entry['windows']} | {model} | {cells} |")
    return "\n".join(lines)


def plot_window_hits(evaluation: dict, path: Path) -> None:
    """Grouped bars: Hit@1 (H36M rig, match probability or raw 2D), complete and 3 joints hidden, per set."""
    sets = list(evaluation["sets"])
    models = list(next(iter(evaluation["sets"].values()))["results"])
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    width = 0.8 / max(1, len(models))
    for ax, (prefix, title) in zip(axes, (("h36m/prob", "complete queries"), ("h36m/hide3/prob", "3 joints hidden"))):
        for m, model in enumerate(models):
            values = []
            for s in sets:
                metrics = evaluation["sets"][s]["results"].get(model, {})
                key = f"{prefix}/hit@1" if f"{prefix}/hit@1" in metrics else f"{prefix.replace('prob', 'raw2d')}/hit@1"
                values.append(100 * metrics.get(key, float("nan")))
            xs = [i + (m - (len(models) - 1) / 2) * width for i in range(len(sets))]
            bars = ax.bar(xs, values, width, label=model)
            ax.bar_label(bars, fmt="%.1f", fontsize=7)
        ax.set_xticks(range(len(sets)))
        ax.set_xticklabels(sets)
        ax.set_title(f"Hit@1 of windows, H36M rig, {title}")
        ax.set_ylim(0, 100)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel(f"Hit@1 (%), kappa {evaluation['kappa']} on mean NP-MPJPE of the window")
    axes[0].legend(fontsize=7, loc="lower left")
    fig.suptitle(f"Windows of {evaluation['window']} frames (stride {evaluation['window_stride']}): "
                 "temporal model vs single-frame model on the centre frame")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
