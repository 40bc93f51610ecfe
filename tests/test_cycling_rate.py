"""Rate capability: current levels, ladder blocks, mean ± sd, recovery."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.cycling.rate import current_levels, rate_capability
from sselab.cycling.summary import summarise
from sselab.cycling.synthetic import synthetic_cycling
from sselab.errors import InputError


def test_current_levels_cluster_within_tolerance():
    lab, lv = current_levels(np.array([1.0, 1.02, 2.0, 0.99, 5.0, 2.05, 10.1]) * 1e-3)
    assert lab.tolist() == [0, 0, 1, 0, 2, 1, 3]
    assert lv * 1e3 == pytest.approx([1.0, 2.025, 5.0, 10.1])
    with pytest.raises(InputError):
        current_levels(np.array([0.0, 1.0]))


def _ladder():
    """Fig. 4e-like ladder: 1, 2, 5, 7, 10 C × 3 cycles, back to 1 C (synthetic)."""
    mass = 4.0e-6  # kg
    means = np.array([156.3, 141.3, 111.3, 96.5, 75.5])
    js = np.array([200.0, 400, 1000, 1400, 2000])  # mA/g
    dev = np.array([-0.5, 0.0, 0.5])
    q = np.concatenate([m + dev for m in means] + [[154.0, 155.0]]) * mass  # Ah
    cur = np.concatenate([np.full(3, j) for j in js] + [np.full(2, 200.0)]) * mass  # A
    t = synthetic_cycling(q / 0.99, q, cur, cur, points_per_half_cycle=10, active_mass_kg=mass)
    return summarise(t, nominal_specific_capacity_Ah_per_kg=200.0), means


def test_ladder_means_sd_c_rates_and_recovery():
    s, means = _ladder()
    rc = rate_capability(s)
    assert [lv.n for lv in rc.levels] == [3] * 5
    assert [lv.mean_specific_capacity_Ah_per_kg for lv in rc.levels] == pytest.approx(means)
    assert rc.levels[0].sd_specific_capacity_Ah_per_kg == pytest.approx(0.5)
    assert [lv.nominal_c_rate for lv in rc.levels] == pytest.approx([1, 2, 5, 7, 10])
    assert [lv.specific_current_A_per_kg for lv in rc.levels] == pytest.approx(
        [200, 400, 1000, 1400, 2000])
    assert rc.recovery_cycle == 16
    assert rc.recovery_ratio == pytest.approx(154.0 / 156.3)
    assert rc.level_near(1.4 * 4e-3 * 1.02).cycles == (10, 11, 12)


def test_scope_all_pools_returning_levels():
    s, _ = _ladder()
    rc = rate_capability(s, scope="all")
    first = rc.levels[0]
    assert first.n == 5 and rc.recovery_ratio is None
    assert first.current_A < rc.levels[-1].current_A
    with pytest.raises(InputError, match="scope"):
        rate_capability(s, scope="some")
