"""Where the package finds its folders: training/, the repository root and ../shared/data.

The package runs from the repository (`cd training && python3 -m posesearch_training`, or an
editable install), so the folders are found from this file's place in the tree.
"""
from __future__ import annotations

import os
from pathlib import Path

TRAINING_DIR = Path(__file__).resolve().parents[1]
REPOSITORY_ROOT = TRAINING_DIR.parent


def shared_data_dir() -> Path:
    """../shared/data beside the repository, or $POSESEARCH_SHARED_DATA."""
    return Path(os.environ.get("POSESEARCH_SHARED_DATA", REPOSITORY_ROOT.parent / "shared" / "data"))
