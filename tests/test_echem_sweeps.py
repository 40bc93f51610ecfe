"""Splitting potential records into monotonic sweeps."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.echem.sweeps import split_sweeps, turning_points
from sselab.errors import InputError


def test_triangle_wave_with_noise():
    rng = np.random.default_rng(1)
    up = np.linspace(2.5, 4.5, 400)
    down = np.linspace(4.5, 1.5, 600)
    up2 = np.linspace(1.5, 3.0, 300)
    e = np.concatenate((up, down[1:], up2[1:])) + rng.normal(0, 2e-3, 1298)
    sw = split_sweeps(e)
    assert [s.direction for s in sw] == [1, -1, 1]
    assert sw[0].stop - 1 == pytest.approx(399, abs=3)
    assert sw[1].stop - 1 == pytest.approx(998, abs=3)
    assert sw[1].start == sw[0].stop - 1  # turning point shared


def test_single_lsv_and_leading_outlier_dropped():
    e = np.concatenate(([-0.25], np.linspace(-0.06, -4.0, 1000)))
    sw = split_sweeps(e)
    assert len(sw) == 1 and sw[0].direction == -1 and sw[0].kind == "cathodic"
    assert sw[0].start in (0, 1)


def test_turning_points_respect_hysteresis():
    e = np.array([0, 1, 2, 1.95, 2.1, 3, 2, 1, 0], dtype=float)
    assert turning_points(e, 0.5) == [5]
    assert turning_points(e, 0.01) == [2, 3, 5]


def test_errors():
    with pytest.raises(InputError):
        split_sweeps([1.0, 2.0])
    with pytest.raises(InputError, match="not finite"):
        split_sweeps([1.0, np.nan, 2.0, 3.0, 4.0, 5.0])
    with pytest.raises(InputError, match="tolerance"):
        split_sweeps(np.linspace(0, 1, 10), tolerance_V=0.0)
