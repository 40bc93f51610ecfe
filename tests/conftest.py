"""Shared fixtures: a non-interactive matplotlib backend, paths to test data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """Folder of small real instrument files copied into the repository (see its README)."""
    return DATA
