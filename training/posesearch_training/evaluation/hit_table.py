"""The markdown table of Hit@k that `evaluate` prints and the model card shows."""
from __future__ import annotations

# (views, hidden-joint prefix) of the metric keys, in table order.
ROWS = (("h36m", ""), ("h36m", "hide3/"), ("random", ""), ("random", "hide3/"))


def format_table(results: dict[str, dict[str, float]], rankings: tuple[str, ...] = ("raw2d", "mean", "prob")) -> str:
    """Markdown table: one row per (views, queries, model, ranking)."""
    lines = ["| views | queries | model | ranking | Hit@1 | Hit@10 | Hit@20 |", "|---|---|---|---|---|---|---|"]
    for view, hidden in ROWS:
        query = "3 joints hidden" if hidden else "complete"
        view_name = "H36M rig (4 cams)" if view == "h36m" else "random cams (4)"
        baseline_done = False
        for name, metrics in results.items():
            for method in rankings:
                key = f"{view}/{hidden}{method}"
                if f"{key}/hit@1" not in metrics or (method == "raw2d" and baseline_done):
                    continue
                model = "-" if method == "raw2d" else name
                ranking = {"raw2d": "raw 2D (L2)", "mean": "mean (L2)", "prob": "match probability"}[method]
                cells = " | ".join(f"{100 * metrics[f'{key}/hit@{k}']:.1f}" for k in (1, 10, 20))
                lines.append(f"| {view_name} | {query} | {model} | {ranking} | {cells} |")
                baseline_done = baseline_done or method == "raw2d"
    return "\n".join(lines)
