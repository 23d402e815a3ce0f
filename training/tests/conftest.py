"""Shared test fixtures: where ../shared/data is (the package itself is on the path through
pyproject.toml's pytest `pythonpath`, or an editable install)."""
from __future__ import annotations

from pathlib import Path

import pytest

from posesearch_training.paths import shared_data_dir


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir().resolve()
    assert path.is_dir(), f"shared data not found at {path} (set POSESEARCH_SHARED_DATA)"
    return path
