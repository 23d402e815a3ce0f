"""`python3 -m posesearch_training <command> ...` (run from training/).

Each command lives in its own module of `commands/` with a `main(argv)` function; this file only routes.
"""
from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "import-mocap": ("posesearch_training.commands.import_mocap", "BVH or ASF/AMC motion capture -> 3D pose dataset (npz)"),
    "train": ("posesearch_training.commands.train", "train a Pr-VIPE model on a dataset"),
    "evaluate": ("posesearch_training.commands.evaluate", "cross-view Hit@k of a checkpoint on a dataset"),
    "evaluate-windows": ("posesearch_training.commands.evaluate_windows",
                         "cross-view Hit@k of windows: a temporal model beside single-frame models"),
    "calibrate": ("posesearch_training.commands.calibrate", "reliability / ECE of the match probability; refit a, b"),
    "export": ("posesearch_training.commands.export", "checkpoint -> ONNX model folder with card and test vectors"),
    "quantize": ("posesearch_training.commands.quantize", "model folder -> its int8 copy (less CPU per search)"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print("usage: python3 -m posesearch_training <command> [options]\n\ncommands:")
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<16} {help_text}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
