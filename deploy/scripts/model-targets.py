#!/usr/bin/env python3
"""The Model v2 target table (issue 11) from `posesearch eval` JSON reports.

usage: deploy/scripts/model-targets.py MODEL [MODEL ...]   (run from the repository root)
Reads docs/benchmarks/<model>/{cmu,hdm05,bandai-val}.json where present and prints one
Markdown table: a column per model, '-' where a report is missing. Match probability ranking,
kappa 0.1, H36M rig; robustness shares are each corrupted row's Hit@1 over the clean row of
the same query sample.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def report(model: str, name: str) -> dict | None:
    path = ROOT / "docs" / "benchmarks" / model / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def hits(rep: dict, ranking: str = "match-prob") -> dict:
    return next(r["hits"] for r in rep["rankings"] if r["id"] == ranking)


def share(rep: dict, perturbation: str) -> float:
    rows = {r["perturbation"]: r["hits"]["match-prob"]["hit_at1"] for r in rep["robustness"]["rows"]}
    return rows[perturbation] / rows["clean"]


ROWS = [
    ("CMU subject 1, Hit@1 / Hit@10", "cmu", lambda r: f"{100 * hits(r)['hit_at1']:.1f} / {100 * hits(r)['hit_at10']:.1f}", ">= 82 / >= 97"),
    ("HDM05 (all clips), Hit@1 (x raw 2D)", "hdm05",
     lambda r: f"{100 * hits(r)['hit_at1']:.1f} ({hits(r)['hit_at1'] / hits(r, 'raw-2d')['hit_at1']:.2f}x)", ">= 2.5x raw 2D"),
    ("HDM05 actor tr (held out by the open model), Hit@1", "hdm05-tr", lambda r: f"{100 * hits(r)['hit_at1']:.1f}", "-"),
    ("Bandai held-out, Hit@1", "bandai-val", lambda r: f"{100 * hits(r)['hit_at1']:.1f}", ">= 95"),
    ("CMU-1 noise 5 px, share of clean Hit@1", "cmu", lambda r: f"{share(r, 'noise-5px'):.2f}x", ">= 0.92x"),
    ("CMU-1 noise 10 px, share of clean", "cmu", lambda r: f"{share(r, 'noise-10px'):.2f}x", ">= 0.75x"),
    ("CMU-1 joint dropout 0.1, share of clean", "cmu", lambda r: f"{share(r, 'dropout-0.1'):.2f}x", ">= 0.80x"),
    ("CMU-1 one arm missing, share of clean", "cmu", lambda r: f"{share(r, 'missing-arm'):.2f}x", ">= 0.70x"),
    ("CMU-1 lower body missing, share of clean", "cmu", lambda r: f"{share(r, 'missing-lower-body'):.2f}x", ">= 0.40x"),
]


def main(models: list[str]) -> int:
    if not models:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    print("| set | " + " | ".join(models) + " | target |")
    print("|---|" + "---|" * (len(models) + 1))
    for label, name, cell, target in ROWS:
        cells = []
        for model in models:
            rep = report(model, name)
            cells.append(cell(rep) if rep else "-")
        print(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
