"""`python3 -m posesearch_training calibrate`: is the match probability a probability?

For each dataset (held-out, cross-dataset sets: CMU-1, HDM05), the seeded validation set is seen
by the four Human3.6M cameras; every query of camera i searches camera j's poses (all 12 ordered
pairs), and each of its top-k hits by match probability (shortlist by mean L2, as the service)
is one (predicted probability, true match) pair, true when NP-MPJPE(hit -> query) < kappa.
Reports the reliability diagram (PNG), the expected calibration error, and the smallest
minProbability whose returned hits are >= 90 % true matches. With --fit, a and b of the sigmoid
are refit by maximum likelihood on the even-numbered queries and judged on the odd ones; with
--fit-data, they are refit on other sets (e.g. held-out takes of a training source, so the
shipped a, b derive from nothing but its own training sources) and judged on all of --data.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

from ..data.dataset import load_dataset
from ..evaluation.calibration import expected_calibration_error, fit_sigmoid, min_probability_for_precision, reliability_bins
from ..evaluation.model_source import load_model
from ..evaluation.retrieved_hits import collect_hits
from ..model.match_probability import MatchProbability, raw_a_for
from ..reproduction import reproduction_command

PRECISION = 0.9


def summarize(probability: np.ndarray, match: np.ndarray) -> dict:
    bins = reliability_bins(probability, match)
    return {"pairs": int(len(probability)), "true_match_rate": float(match.mean()),
            "mean_probability": float(probability.mean()),
            "ece": expected_calibration_error(probability, match),
            "min_probability_for_90pct": min_probability_for_precision(probability, match, PRECISION),
            "bins": [{"from": float(bins.edges[b]), "to": float(bins.edges[b + 1]), "count": int(bins.count[b]),
                      "mean_probability": None if np.isnan(bins.mean_predicted[b]) else float(bins.mean_predicted[b]),
                      "observed_rate": None if np.isnan(bins.observed_rate[b]) else float(bins.observed_rate[b])}
                     for b in range(len(bins.count))]}


def probability_with(a: float, b: float, smoothing: float, distances: np.ndarray) -> np.ndarray:
    """The pairs' probabilities [P] from their K x K sample distances [P, K*K] under other a, b."""
    match = MatchProbability(raw_a_for(a), b, smoothing).double()
    with torch.no_grad():
        return match.of_distance(torch.from_numpy(distances).double()).mean(dim=1).numpy()


def plot_reliability(results: dict, path: Path, title: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], color="grey", lw=1, ls="--", label="perfect calibration")
    for label, summary in results.items():
        points = [(b["mean_probability"], b["observed_rate"]) for b in summary["bins"] if b["count"] >= 20]
        if points:
            x, y = zip(*points)
            ax.plot(x, y, marker="o", label=f"{label} (ECE {summary['ece']:.3f})")
    ax.set_xlabel("predicted match probability (returned top-k hits)")
    ax.set_ylabel("observed rate of NP-MPJPE < kappa")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m posesearch_training calibrate", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", type=Path, help="checkpoint .pt or exported model folder")
    p.add_argument("--data", type=Path, nargs="+", required=True, help="npz files (all rows are used)")
    p.add_argument("--size", type=int, default=1500, help="poses per dataset after near-duplicate removal")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--kappa", type=float, default=0.1)
    p.add_argument("--top-k", type=int, default=10)
    p.add_argument("--fit", action="store_true", help="refit a, b on even queries, judge on odd queries")
    p.add_argument("--fit-data", type=Path, nargs="+", default=None,
                   help="refit a, b on the val split of these npz files instead (all of --data is then judged)")
    p.add_argument("--fit-pairs", type=int, default=40000, help="pairs used for the fit (random subsample)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", type=Path, required=True, help="folder for calibration.json and reliability.png")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        model = load_model(args.model)
        datasets = [load_dataset(path) for path in args.data]
    except (OSError, ValueError, KeyError) as e:
        print(f"calibrate: error: {e}", file=sys.stderr)
        return 1
    a, b, smoothing = float(model.match.a), float(model.match.b), model.match.smoothing
    collected = {}
    for path, dataset in zip(args.data, datasets):
        print(f"{dataset.describe()}: collecting top-{args.top_k} hits", flush=True)
        collected[path.stem] = collect_hits(model, dataset.poses3d, args.size, args.seed, args.kappa, args.top_k)
    report = {"command": reproduction_command("calibrate", argv),
              "model": str(args.model), "kappa": args.kappa, "top_k": args.top_k, "sigmoid_a": a, "sigmoid_b": b,
              "as_trained": {name: summarize(c["probability"], c["match"]) for name, c in collected.items()}}
    plots = {f"{name}, as trained": s for name, s in report["as_trained"].items()}
    if args.fit or args.fit_data:
        rng = np.random.default_rng(args.seed)
        if args.fit_data:
            fit_sets = []
            for path in args.fit_data:
                dataset = load_dataset(path)
                print(f"{dataset.describe()}, split val: collecting pairs for the fit", flush=True)
                fit_sets.append(collect_hits(model, dataset.poses3d[dataset.subset("val")], args.size, args.seed,
                                             args.kappa, args.top_k))
            distances = np.concatenate([c["distances"] for c in fit_sets])
            outcome = np.concatenate([c["match"] for c in fit_sets])
            even = {name: np.zeros(len(c["query"]), dtype=bool) for name, c in collected.items()}  # judge on all
        else:
            even = {name: c["query"] % 2 == 0 for name, c in collected.items()}
            distances = np.concatenate([c["distances"][even[n]] for n, c in collected.items()])
            outcome = np.concatenate([c["match"][even[n]] for n, c in collected.items()])
        pick = rng.choice(len(outcome), size=min(args.fit_pairs, len(outcome)), replace=False)
        fit_a, fit_b = fit_sigmoid(torch.from_numpy(distances[pick]), torch.from_numpy(outcome[pick].astype(np.float64)),
                                   a, b, smoothing)
        report["fitted"] = {"sigmoid_a": fit_a, "sigmoid_b": fit_b,
                            "fit_on": ("val split of " + ", ".join(p.name for p in args.fit_data)) if args.fit_data
                            else "even-numbered queries of every set",
                            "judged_on": "all queries" if args.fit_data else "odd-numbered queries"}
        for name, c in collected.items():
            odd = ~even[name]
            report["fitted"][name] = {
                "before": summarize(c["probability"][odd], c["match"][odd]),
                "after": summarize(probability_with(fit_a, fit_b, smoothing, c["distances"][odd]), c["match"][odd])}
            plots[f"{name}, refit a/b ({report['fitted']['judged_on']})"] = report["fitted"][name]["after"]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "calibration.json").write_text(json.dumps(report, indent=2) + "\n")
    plot_reliability(plots, args.out / "reliability.png", f"{args.model.name}: top-{args.top_k} hits, H36M rig")
    for name, s in report["as_trained"].items():
        line = f"{name}: ECE {s['ece']:.3f}, true-match rate {s['true_match_rate']:.3f}, minProbability(90%) " \
               f"{s['min_probability_for_90pct']}"
        if "fitted" in report:
            after = report["fitted"][name]["after"]
            line += f"; refit a={report['fitted']['sigmoid_a']:.3f} b={report['fitted']['sigmoid_b']:.3f}: " \
                    f"ECE {after['ece']:.3f}, minProbability(90%) {after['min_probability_for_90pct']}"
        print(line)
    print(f"wrote {args.out / 'calibration.json'} and reliability.png")
    return 0
