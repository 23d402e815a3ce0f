"""The training loop of `train`: seeded; AdamW with linear warm-up and cosine decay; EMA of the
weights; a checkpoint (`last.pt`, and `best.pt` by H36M-rig Hit@1) at every validation; resuming
continues a run exactly where its last checkpoint left it; metrics.csv and curves.png in the run folder.
"""
from __future__ import annotations

import csv
import json
import math
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from ..augment.keypoint_dropout import DropoutConfig, KeypointDropout
from ..augment.pipeline import AugmentationConfig, KeypointAugmentation2D, PoseAugmentation3D
from ..data.dataset import DEFAULT_DATASET, load_dataset
from ..data.pair_sampler import PairSampler
from ..data.random_camera import CameraRanges
from ..data.windows import window_rows
from ..evaluation.retrieval import build_validation_set, validate
from ..evaluation.window_retrieval import build_window_validation_set
from ..export.onnx_weights import read_exported_weights
from ..geometry.pose3d import normalize_3d
from ..model.checkpoint import load_checkpoint, save_checkpoint
from ..model.ema import ModelEma
from ..model.network import ModelConfig, PrVipe, parameter_count
from ..model.warm_start import warm_start
from .plots import plot_curves
from .training_step import TrainingStep


@dataclass
class TrainConfig:
    data: str = str(DEFAULT_DATASET)
    out: str = "runs/occlusion"
    variant: str = "occlusion"
    width: int = 1024
    blocks: int = 2
    embedding_dim: int = 16
    num_samples: int = 20
    model_dropout: float = 0.3
    window: int = 1  # > 1: the temporal model, windows of this many frames (docs/model-contract.md)
    window_stride: int = 1  # source frames between a window's frames
    batch: int = 256
    steps: int = 12000
    lr: float = 1e-3
    weight_decay: float = 1e-4
    warmup_steps: int = 300
    final_lr_fraction: float = 0.02
    grad_clip: float = 5.0
    ema_decay: float = 0.999
    kappa: float = 0.1
    seed: int = 0
    depth_min: float = 2.5
    depth_max: float = 10.0
    val_every: int = 1000
    val_size: int = 2000
    log_every: int = 100
    threads: int = 2
    device: str = "cpu"
    init_from: str = ""
    data_weights: str = ""  # one share per --data file, e.g. "0.7,0.3"; default: by size
    keypoint_dropout: dict = field(default_factory=lambda: asdict(DropoutConfig()))
    augmentation: dict = field(default_factory=lambda: asdict(AugmentationConfig()))

    def model_config(self) -> ModelConfig:
        return ModelConfig(variant=self.variant, width=self.width, blocks=self.blocks,
                           embedding_dim=self.embedding_dim, num_samples=self.num_samples, dropout=self.model_dropout,
                           window=self.window, window_stride=self.window_stride)


def machine_description(device: str, threads: int) -> str:
    if device.startswith("cuda") and torch.cuda.is_available():
        return f"{torch.cuda.get_device_name(0)}, torch {torch.__version__}"
    return f"CPU {platform.machine()} ({os.cpu_count()} cores, {threads} torch threads), torch {torch.__version__}"


def lr_factor(step: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to final_lr_fraction at config.steps."""
    if step < config.warmup_steps:
        return (step + 1) / config.warmup_steps
    progress = min(1.0, (step - config.warmup_steps) / max(1, config.steps - config.warmup_steps))
    return config.final_lr_fraction + (1 - config.final_lr_fraction) * 0.5 * (1 + math.cos(math.pi * progress))


def training_license(datasets: list) -> str:
    """The licence of a model trained on these sets: the most restrictive terms win, and every
    source keeps its attribution."""
    sources = " ".join(d.source.lower() for d in datasets)
    if "bandai" in sources:
        head = "CC BY-NC 4.0 (non-commercial): trained on Bandai Namco Research Motion Dataset"
        others = [d.license for d in datasets if "bandai" not in d.source.lower()]
        return head + ("; also trained on: " + " | ".join(others) if others else "")
    return " | ".join(dict.fromkeys(d.license for d in datasets))


def write_metrics_csv(rows: list[dict], path: Path) -> None:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)


class Trainer:
    def __init__(self, config: TrainConfig, command: str) -> None:
        self.config = config
        self.command = command
        torch.set_num_threads(config.threads)
        self.device = torch.device(config.device)
        torch.manual_seed(config.seed)
        self.generator = torch.Generator().manual_seed(config.seed)
        self.datasets = [load_dataset(path) for path in config.data.split(",")]
        self.dataset = self.datasets[0]  # validation (best.pt) uses the first dataset's val split
        train_parts = [torch.from_numpy(d.poses3d[d.subset("train")]) for d in self.datasets]
        val_rows = self.dataset.subset("val")
        normalized = normalize_3d(torch.cat(train_parts))
        windows, source_sizes = None, [len(p) for p in train_parts]
        if config.window > 1:  # the temporal model: windows inside clips, rows of the concatenated train parts
            windows, offset = [], 0
            for d, part in zip(self.datasets, train_parts):
                train_rows = d.subset("train")
                rows = window_rows(d.clip_id, d.frame_index, train_rows, config.window, config.window_stride)
                windows.append(torch.from_numpy(np.searchsorted(train_rows, rows) + offset))
                offset += len(part)
            source_sizes = [len(w) for w in windows]
            windows = torch.cat(windows)
        weights = [float(w) for w in config.data_weights.split(",")] if config.data_weights else None
        if weights is not None and len(weights) != len(self.datasets):
            raise ValueError(f"--data-weights needs one weight per --data file ({len(self.datasets)}), got {len(weights)}")
        self.ranges = CameraRanges(depth_min=config.depth_min, depth_max=config.depth_max)
        dropout = KeypointDropout(DropoutConfig(**config.keypoint_dropout))
        any_dropout = any(v > 0 for v in config.keypoint_dropout.values())
        augmentation = AugmentationConfig(**config.augmentation)
        augmentation.validate()
        self.sampler = PairSampler(normalized, self.ranges, dropout if any_dropout else None, self.device,
                                   PoseAugmentation3D(augmentation), KeypointAugmentation2D(augmentation),
                                   source_sizes, weights, windows)
        self.model = PrVipe(config.model_config())
        if config.init_from:
            onnx_model = config.init_from.endswith(".onnx") or Path(config.init_from).is_dir()
            warm_start(self.model, read_exported_weights(config.init_from) if onnx_model
                       else load_checkpoint(config.init_from))
        self.model.to(self.device)
        self.ema = ModelEma(self.model, config.ema_decay)
        decay, no_decay = [], []
        for name, p in self.model.named_parameters():
            (no_decay if p.dim() < 2 else decay).append(p)
        self.optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": config.weight_decay},
                                            {"params": no_decay, "weight_decay": 0.0}], lr=config.lr)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lambda s: lr_factor(s, config))
        self.step_fn = TrainingStep(self.model, kappa=config.kappa)
        self.step = 0
        self.wall_time_s = 0.0
        self.rows: list[dict] = []
        self.best_hit1 = -1.0
        self.out = Path(config.out)
        self._val_poses = self.dataset.poses3d[val_rows]
        self._val_rows = val_rows
        self.val = None

    # -- state -------------------------------------------------------------------------------
    def state(self) -> dict:
        return {
            "model_config": self.model.config.to_dict(), "train_config": asdict(self.config),
            "model": self.model.state_dict(), "ema": self.ema.module.state_dict(), "ema_state": self.ema.state_dict(),
            "optimizer": self.optimizer.state_dict(), "scheduler": self.scheduler.state_dict(),
            "step": self.step, "wall_time_s": self.wall_time_s, "rows": self.rows, "best_hit1": self.best_hit1,
            "generator": self.generator.get_state(), "torch_rng": torch.get_rng_state(),
            "machine": machine_description(self.config.device, self.config.threads), "command": self.command,
            "training_data": " + ".join(d.describe() for d in self.datasets) + ", split train"
            + (f", weights {self.config.data_weights}" if self.config.data_weights else ""),
            "license": training_license(self.datasets),
            "final_metrics": self.rows[-1].get("_metrics") if self.rows else None,
        }

    def resume(self) -> None:
        state = load_checkpoint(self.out / "last.pt")
        if ModelConfig(**state["model_config"]).to_dict() != self.model.config.to_dict():
            raise ValueError("checkpoint model configuration differs from the requested one")
        self.model.load_state_dict(state["model"])
        self.ema.load_state_dict(state["ema_state"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.step, self.wall_time_s = state["step"], state["wall_time_s"]
        self.rows, self.best_hit1 = state["rows"], state["best_hit1"]
        self.generator.set_state(state["generator"])
        torch.set_rng_state(state["torch_rng"])

    # -- loop --------------------------------------------------------------------------------
    def validation_set(self):
        if self.val is None and self.config.window > 1:
            d = self.dataset
            self.val = build_window_validation_set(d.poses3d, d.clip_id, d.frame_index, self._val_rows, self.config.window,
                                                   self.config.window_stride, size=self.config.val_size, seed=1234,
                                                   kappa=self.config.kappa, random_ranges=self.ranges)
        if self.val is None:
            self.val = build_validation_set(self._val_poses, size=self.config.val_size, seed=1234,
                                            kappa=self.config.kappa, random_ranges=self.ranges)
        return self.val

    def run_validation(self) -> dict:
        metrics = validate(self.ema.module.cpu(), self.validation_set())
        self.ema.module.to(self.device)
        return metrics

    def train_one(self) -> dict:
        self.model.train()
        pairs = self.sampler.sample(self.config.batch, self.generator)
        out = self.step_fn(pairs.keypoints, pairs.visibility, pairs.poses, self.generator)
        t = time.perf_counter()
        self.optimizer.zero_grad(set_to_none=True)
        out.loss.backward()
        if self.config.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.grad_clip)
        self.optimizer.step()
        self.scheduler.step()
        t = self.step_fn._tick("backward + optimizer", t)
        self.ema.update(self.model)
        self.step_fn._tick("EMA update", t)
        self.step += 1
        return {"loss": float(out.loss.detach()), "triplet": out.triplet, "positive": out.positive,
                "prior": out.prior, "active_fraction": out.active / self.config.batch,
                "mined_fraction": out.mined / self.config.batch, "positive_distance": out.positive_distance}

    def profile(self, steps: int) -> None:
        for _ in range(10):
            self.train_one()
        self.step_fn.profile = True
        sampling = 0.0
        for _ in range(steps):
            t = time.perf_counter()
            self.sampler.sample(self.config.batch, self.generator)
            sampling += (time.perf_counter() - t) * 1000
            self.train_one()
        timings = {"sampling (cameras + dropout)": sampling, **self.step_fn.timings}
        total = sum(timings.values())
        print(f"batch {self.config.batch}, width {self.config.width}, {self.config.threads} threads, "
              f"{machine_description(self.config.device, self.config.threads)}")
        for name, ms in timings.items():
            print(f"  {name:<32} {ms / steps:8.1f} ms/step")
        print(f"  {'total':<32} {total / steps:8.1f} ms/step = {1000 * steps / total:.2f} steps/s")

    def run(self, stop_after: int | None = None) -> None:
        config = self.config
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "train-config.json").write_text(json.dumps(asdict(config), indent=2) + "\n")
        print(f"{self.dataset.describe()}: {len(self.sampler.poses)} training poses; model "
              f"{parameter_count(self.model.embedder):,} parameters; {config.steps} steps of batch {config.batch}",
              flush=True)
        val = self.validation_set()
        unit = f"windows of {self.config.window} frames" if self.config.window > 1 else "poses"
        print(f"validation set: {val.size} {unit} after near-duplicate removal", flush=True)
        accumulated: dict[str, float] = {}
        count = 0
        interactive = sys.stderr.isatty()
        bar = tqdm(total=config.steps, initial=self.step, mininterval=1.0 if interactive else 60.0,
                   dynamic_ncols=True, disable=None if interactive else False)
        started = time.perf_counter()
        end = config.steps if stop_after is None else min(config.steps, stop_after)
        while self.step < end:
            stats = self.train_one()
            for k, v in stats.items():
                accumulated[k] = accumulated.get(k, 0.0) + v
            count += 1
            bar.update(1)
            if self.step % config.log_every == 0 or self.step == end:
                self.wall_time_s += time.perf_counter() - started
                started = time.perf_counter()
                row = {"step": self.step, "wall_time_s": round(self.wall_time_s, 1),
                       "lr": self.scheduler.get_last_lr()[0], **{k: v / count for k, v in accumulated.items()}}
                bar.set_postfix(loss=f"{row['loss']:.3f}", active=f"{row['active_fraction']:.2f}")
                accumulated, count = {}, 0
                if self.step % config.val_every == 0 or self.step == end:
                    row.update(self.run_validation())
                    self._report(row)
                    self.wall_time_s += time.perf_counter() - started
                    started = time.perf_counter()
                self.rows.append(row)
                if "h36m/prob/hit@1" in row:
                    self._checkpoint(row)
        bar.close()

    def _report(self, row: dict) -> None:
        def pct(key: str) -> str:
            return f"{100 * row[key]:.1f}"

        print(f"step {self.step} ({row['wall_time_s'] / 60:.1f} min): loss {row['loss']:.4f}; H36M Hit@1/10/20 "
              f"prob {pct('h36m/prob/hit@1')}/{pct('h36m/prob/hit@10')}/{pct('h36m/prob/hit@20')}, "
              f"mean {pct('h36m/mean/hit@1')}, raw2d {pct('h36m/raw2d/hit@1')}; random prob {pct('random/prob/hit@1')}; "
              f"3 hidden prob {pct('h36m/hide3/prob/hit@1')}", flush=True)

    def _checkpoint(self, row: dict) -> None:
        rows_for_csv = self.rows
        write_metrics_csv(rows_for_csv, self.out / "metrics.csv")
        plot_curves(rows_for_csv, self.out / "curves.png", f"{self.config.variant} variant, batch {self.config.batch}")
        state = self.state()
        state["final_metrics"] = {k: v for k, v in row.items() if "/" in k}
        state["final_metrics"]["step"] = self.step
        save_checkpoint(self.out / "last.pt", state)
        if row["h36m/prob/hit@1"] > self.best_hit1:
            self.best_hit1 = row["h36m/prob/hit@1"]
            state["best_hit1"] = self.best_hit1
            save_checkpoint(self.out / "best.pt", state)
