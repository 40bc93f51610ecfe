"""Conductivity retention: closed forms."""

from __future__ import annotations

import math

import pytest

from sselab.echem.stability import conductivity_retention, retention_from_resistance
from sselab.errors import InputError


def test_paper_annealing_case():
    r = conductivity_retention(0.255, 0.223, half_unit_S_per_m=0.0005)  # 2.55 → 2.23 mS/cm
    assert r.percent == pytest.approx(100 * 2.23 / 2.55)  # 87.45 %
    assert r.change_percent == pytest.approx(r.percent - 100)
    lo, hi = r.interval
    assert lo == pytest.approx(2.225 / 2.555) and hi == pytest.approx(2.235 / 2.545)
    assert lo < 0.875 < hi  # the ledger's 87.5 % is consistent with the printed digits
    assert math.isnan(r.stderr)


def test_uncertainty_propagation():
    r = conductivity_retention(2.0, 1.0, before_stderr_S_per_m=0.02, after_stderr_S_per_m=0.01)
    assert r.stderr == pytest.approx(0.5 * math.hypot(0.01, 0.01))
    r1 = conductivity_retention(2.0, 1.0, after_stderr_S_per_m=0.01)
    assert r1.stderr == pytest.approx(0.005)


def test_from_resistance():
    assert retention_from_resistance(100.0, 125.0) == pytest.approx(0.8)
    # the pellet thinned from 1.00 to 0.98 mm: σ ∝ L/R
    assert retention_from_resistance(100.0, 125.0, thickness_before_m=1e-3,
                                     thickness_after_m=0.98e-3) == pytest.approx(0.8 * 0.98)


@pytest.mark.parametrize("args", [(0.0, 1.0), (1.0, -1.0), (float("nan"), 1.0), ("x", 1.0)])
def test_bad_values(args):
    with pytest.raises(InputError):
        conductivity_retention(*args)


def test_bad_options():
    with pytest.raises(InputError):
        conductivity_retention(1.0, 1.0, before_stderr_S_per_m=-1)
    with pytest.raises(InputError):
        conductivity_retention(1.0, 1.0, half_unit_S_per_m=2.0)
    with pytest.raises(InputError, match="both thicknesses"):
        retention_from_resistance(1.0, 1.0, thickness_before_m=1e-3)
