"""`python3 -m posesearch_training train`: train a Pr-VIPE model on a 3D pose dataset.

Seeded; AdamW with linear warm-up and cosine decay; EMA of the weights; a checkpoint
(`last.pt`, and `best.pt` by H36M-rig Hit@1) at every validation; `--resume` continues a run
exactly where its last checkpoint left it; metrics.csv and curves.png in the run folder.
"""
# The loop itself is trainer/trainer.py; this module turns the options into a TrainConfig.
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, fields

from ..augment.keypoint_dropout import DropoutConfig
from ..augment.pipeline import AugmentationConfig
from ..model.network import VARIANTS
from ..reproduction import reproduction_command
from ..trainer.trainer import TrainConfig, Trainer


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m posesearch_training train", description=__doc__)
    defaults = TrainConfig()
    for f in fields(TrainConfig):
        if f.name in ("keypoint_dropout", "augmentation"):
            continue
        flag = "--" + f.name.replace("_", "-")
        kind = type(getattr(defaults, f.name))
        extra = {"choices": VARIANTS} if f.name == "variant" else {}
        p.add_argument(flag, type=kind, default=None, help=f"default {getattr(defaults, f.name)}", **extra)
    p.add_argument("--no-keypoint-dropout", action="store_true", help="no keypoint dropout (default for plain)")
    p.add_argument("--keypoint-dropout", type=str, default=None,
                   help='JSON overrides of the dropout probabilities, e.g. \'{"forearm": 0.1}\'')
    p.add_argument("--no-augmentation", action="store_true",
                   help="no 3D/2D augmentation beyond the random cameras (v1's recipe)")
    p.add_argument("--augmentation", type=str, default=None,
                   help='JSON overrides, e.g. \'{"noise": {"max_sigma": 0.1}, "mirror": {"probability": 0}}\' '
                        '(augmentations: recombination, proportions, mirror, tilt, hip_offset, noise)')
    p.add_argument("--resume", action="store_true", help="continue from <out>/last.pt")
    p.add_argument("--stop-after", type=int, default=None, metavar="STEP",
                   help="validate, checkpoint and stop at this step (the schedule still spans --steps); "
                        "continue later with --resume")
    p.add_argument("--profile", type=int, default=0, metavar="N",
                   help="time N steps per part (ms/step) after 10 warm-up steps, print and exit")
    return p


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    config = TrainConfig()
    for f in fields(TrainConfig):
        value = getattr(args, f.name, None)
        if value is not None and f.name not in ("keypoint_dropout", "augmentation"):
            setattr(config, f.name, value)
    if args.no_keypoint_dropout or config.variant == "plain":
        config.keypoint_dropout = asdict(DropoutConfig.none())
    if args.keypoint_dropout:
        config.keypoint_dropout.update(json.loads(args.keypoint_dropout))
    DropoutConfig(**config.keypoint_dropout)  # validates
    augmentation = AugmentationConfig.none() if args.no_augmentation else AugmentationConfig()
    if args.augmentation:
        augmentation.update(json.loads(args.augmentation))
    config.augmentation = asdict(augmentation)
    return config


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    config = config_from_args(args)
    command = reproduction_command("train", argv)
    trainer = Trainer(config, command)
    if args.profile:
        trainer.profile(args.profile)
        return 0
    if args.resume:
        trainer.resume()
        print(f"resumed at step {trainer.step}", flush=True)
    trainer.run(args.stop_after)
    return 0
