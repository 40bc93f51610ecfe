"""Fuzz: damaged copies of every fixture give a valid Spectrum or a ParseError, nothing else.

A seeded loop (deterministic, ~8 s in all) truncates files at random points, overwrites
random bytes, deletes chunks and, for the binary .mpr files, hits the module headers and
the column table.  Each read must return a Spectrum with finite, positive frequencies and
equal-length arrays, or raise ParseError; any other exception, or one read taking more
than a second (a hang), fails the test.  ReaderWarnings are allowed.
"""

from __future__ import annotations

import random
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from sselab.eis.spectrum import Spectrum
from sselab.errors import ParseError
from sselab.io.eis import ReaderWarning, read_spectrum

EIS = Path(__file__).parent / "data" / "eis"
FIXTURES = sorted(
    p for p in EIS.rglob("*")
    if p.is_file() and p.suffix.lower() in {".mpr", ".mpt", ".dta", ".z", ".txt", ".csv", ".par"}
    and not p.name.startswith(("LICENSE", "REUSE"))
)
BUDGET_S = 8.0 / len(FIXTURES)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    op = rng.random()
    if op < 0.3 or not b:
        return bytes(b[: rng.randrange(len(b) + 1)])
    hot = b.find(b"MODULEVMP data")
    for _ in range(rng.randint(1, 12)):
        if hot >= 0 and rng.random() < 0.5:  # headers and column table of the .mpr
            i = rng.randrange(max(0, hot - 120), min(len(b), hot + 1100))
        else:
            i = rng.randrange(len(b))
        b[i] = rng.choice((0, 0xFF, 0x2C, 0x09, 0x0A, 0x2D, 0x45, rng.randrange(256)))
    if op > 0.85:
        i = rng.randrange(len(b))
        del b[i : i + rng.randrange(1, 200)]
    return bytes(b)


def test_fixture_list_is_complete():
    assert len(FIXTURES) == 21


@pytest.mark.slow
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_damaged_files_give_spectrum_or_parse_error(path, tmp_path):
    rng = random.Random(f"sselab-{path.name}")
    data = path.read_bytes()
    target = tmp_path / ("fuzz" + path.suffix)
    n = n_ok = 0
    t_end = time.perf_counter() + BUDGET_S
    worst = 0.0
    while time.perf_counter() < t_end or n < 50:
        target.write_bytes(_mutate(rng, data))
        t0 = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ReaderWarning)
                s = read_spectrum(target)
        except ParseError:
            pass
        else:
            assert isinstance(s, Spectrum)
            f = s.frequency_Hz
            assert f.size == s.impedance_ohm.size > 0
            assert np.all(np.isfinite(f)) and np.all(f > 0)
            n_ok += 1
        worst = max(worst, time.perf_counter() - t0)
        n += 1
    assert worst < 1.0, f"one read took {worst:.2f} s"
    assert n >= 50
