"""Fuzz: damaged voltammetry files give a Voltammogram or a ParseError, nothing else.

A seeded loop truncates files, overwrites random bytes and deletes chunks (for the .mpr
also inside the module headers and the column table); every read must return a
Voltammogram with equal-length arrays or raise ParseError, within a second.  Random byte
strings (hypothesis) are refused with ParseError.
"""

from __future__ import annotations

import gzip
import random
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sselab.echem.voltammogram import Voltammogram
from sselab.errors import ParseError
from sselab.io.echem import read_voltammogram
from sselab.io.echem.examples import example_path

DATA = Path(__file__).parent / "data" / "echem"
CSV = b"# exported\nPotential (V),Current (A),Time (s)\n" + b"".join(
    f"{0.01 * k:.2f},{1e-7 * k:.3e},{k}\n".encode() for k in range(200))


def _fixtures() -> dict[str, bytes]:
    lsv = example_path("lzaco_lsv_reduction_chi.txt").read_bytes()
    return {
        "chi.txt": lsv[:6000],
        "lsv.mpr": (DATA / "lsv.mpr").read_bytes(),
        "lsv.mpt": gzip.decompress((DATA / "lsv.mpt.gz").read_bytes())[:20000],
        "table.csv": CSV,
    }


def _mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    op = rng.random()
    if op < 0.3 or not b:
        return bytes(b[: rng.randrange(len(b) + 1)])
    hot = b.find(b"MODULEVMP data")
    for _ in range(rng.randint(1, 12)):
        if hot >= 0 and rng.random() < 0.5:
            i = rng.randrange(max(0, hot - 120), min(len(b), hot + 1100))
        else:
            i = rng.randrange(len(b))
        b[i] = rng.choice((0, 0xFF, 0x2C, 0x09, 0x0A, 0x2D, 0x45, 0x3D, rng.randrange(256)))
    if op > 0.85:
        i = rng.randrange(len(b))
        del b[i: i + rng.randrange(1, 200)]
    return bytes(b)


@pytest.mark.parametrize("name", sorted(_fixtures()))
def test_damaged_files_give_voltammogram_or_parse_error(name, tmp_path):
    data = _fixtures()[name]
    rng = random.Random(f"sselab-echem-{name}")
    target = tmp_path / name
    t_end = time.perf_counter() + 1.5
    n = 0
    while time.perf_counter() < t_end and n < 150:
        n += 1
        target.write_bytes(_mutate(rng, data))
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                v = read_voltammogram(target)
            except ParseError:
                continue
            finally:
                assert time.perf_counter() - t0 < 1.0
        assert isinstance(v, Voltammogram) and len(v) > 0
        assert v.potential_V.size == v.current_A.size
        if v.time_s is not None:
            assert v.time_s.size == v.potential_V.size
    assert n > 10


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=400))
def test_random_bytes_are_refused(tmp_path, blob):
    p = tmp_path / "r.bin"
    p.write_bytes(blob)
    try:
        v = read_voltammogram(p)
    except ParseError:
        return
    assert len(v) > 0  # only a byte string that happens to be a valid table may pass
