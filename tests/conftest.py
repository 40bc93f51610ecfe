"""Shared fixtures: a non-interactive matplotlib backend, paths to test data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

DATA = Path(__file__).parent / "data"


def _unpack_gzipped_fixtures() -> None:
    """Write ``X`` next to each ``X.gz`` fixture listed in UNPACK (kept gzipped in git: > 2 MB raw)."""
    import gzip

    for gz in UNPACK:
        target = gz.with_suffix("")
        if not target.exists():
            tmp = target.with_suffix(target.suffix + ".part")
            tmp.write_bytes(gzip.decompress(gz.read_bytes()))
            tmp.replace(target)


#: Large binary fixtures stored gzipped; tests read the unpacked file (byte-exact, git-ignored).
UNPACK = [DATA / "mechanics" / "nanoindentation" / "FQ.xls.gz"]
_unpack_gzipped_fixtures()


@pytest.fixture
def data_dir() -> Path:
    """Folder of small real instrument files copied into the repository (see its README)."""
    return DATA
