"""Repository-relative paths in what an export writes, so a committed model folder names no machine.

Training records its arguments as given, and defaults such as the dataset path are absolute
(`dataset.DEFAULT_DATASET`); config.json is committed with the model, so every absolute path
inside the repository is rewritten relative to the repository root, wherever it appears in a
string (a bare path or a whole command line).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..paths import REPOSITORY_ROOT


def portable_paths(value: Any, root: Path = REPOSITORY_ROOT) -> Any:
    """A copy of value (dicts, lists, tuples and strings, recursively) with root's absolute paths made relative."""
    prefix = str(Path(root).resolve()).rstrip("/") + "/"
    if isinstance(value, str):
        return value.replace(prefix, "")
    if isinstance(value, dict):
        return {key: portable_paths(item, root) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(portable_paths(item, root) for item in value)
    return value
