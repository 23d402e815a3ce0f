"""Shared test fixtures: where ../shared/data is, and the package on sys.path."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

TRAINING_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = TRAINING_DIR.parent
sys.path.insert(0, str(TRAINING_DIR))


def shared_data_dir() -> Path:
    return Path(os.environ.get("POSESEARCH_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")).resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    assert path.is_dir(), f"shared data not found at {path} (set POSESEARCH_SHARED_DATA)"
    return path
