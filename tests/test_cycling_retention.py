"""Retention from a reference cycle; cycles to 95/90/80 % (first and sustained)."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.cycling.retention import retention, threshold_crossings
from sselab.cycling.summary import summarise
from sselab.cycling.synthetic import synthetic_cycling
from sselab.errors import InputError


def _summary(q_dis, current, **kw):
    q = np.asarray(q_dis, dtype=float)
    return summarise(synthetic_cycling(q / 0.99, q, current, current, points_per_half_cycle=8,
                                       **kw))


def test_threshold_crossings_first_sustained_and_not_reached():
    cyc = np.arange(1, 11)
    r = np.array([1.0, 0.97, 0.94, 0.96, 0.93, 0.92, 0.91, 0.89, 0.88, 0.87])
    c95, c90, c80 = threshold_crossings(cyc, r, (0.95, 0.90, 0.80), 1)
    assert (c95.first_cycle, c95.sustained_cycle) == (3, 5)
    assert (c95.first_after_reference, c95.sustained_after_reference) == (2, 4)
    assert (c90.first_cycle, c90.sustained_cycle) == (8, 8)
    assert not c80.reached and c80.first_cycle is None and c80.sustained_cycle is None
    assert c80.describe() == "80 %: not reached"
    assert "cycle 3 first" in c95.describe() and "cycle 5 sustained" in c95.describe()


def test_threshold_crossed_then_recovered_is_not_sustained():
    c = threshold_crossings(np.arange(1, 5), np.array([1.0, 0.94, 0.96, 0.97]), (0.95,), 1)[0]
    assert c.first_cycle == 2 and c.sustained_cycle is None
    assert "not sustained" in c.describe()


def test_formation_and_slow_checkups_are_excluded():
    """Formation at 1 mA (2 cycles), test at 2 mA, a 0.2 mA check-up at cycle 6."""
    q = [1.2, 1.1, 1.0, 0.97, 0.93, 1.15, 0.89, 0.85, 0.79]
    cur = np.array([1, 1, 2, 2, 2, 0.2, 2, 2, 2]) * 1e-3
    s = _summary(np.array(q) * 1e-3, cur)
    r = retention(s, formation_cycles=2)
    assert r.reference_cycle == 3 and r.test_current_A == pytest.approx(2e-3)
    assert r.cycle.tolist() == [3, 4, 5, 7, 8, 9]
    ex = dict(r.excluded)
    assert ex[1] == ex[2] == "formation cycle" and ex[6].startswith("different rate")
    assert r.at(9) == pytest.approx(0.79)
    assert r.crossing(0.95).first_cycle == 5
    assert r.crossing(0.9).first_cycle == 7
    assert r.crossing(0.8).first_cycle == 9
    with pytest.raises(InputError, match="not in the retention series"):
        r.at(6)
    # without rate filtering the check-up would read as 115 %
    mixed = retention(s, formation_cycles=2, same_rate=False)
    assert mixed.at(6) == pytest.approx(1.15)


def test_default_reference_is_the_test_rate_after_formation():
    q = np.array([1.2, 1.0, 0.99, 0.98, 0.97]) * 1e-3
    s = _summary(q, np.array([0.1, 1, 1, 1, 1]) * 1e-3)
    assert retention(s).reference_cycle == 2  # the single slow first cycle is not the rate


def test_named_reference_must_be_eligible():
    q = np.array([1.0, 0.99, 0.98]) * 1e-3
    s = _summary(q, 1e-3)
    assert retention(s, reference_cycle=2).at(3) == pytest.approx(0.98 / 0.99)
    with pytest.raises(InputError, match="formation"):
        retention(s, reference_cycle=1, formation_cycles=1)
    with pytest.raises(InputError, match="no complete cycle"):
        retention(s, formation_cycles=5)
    with pytest.raises(InputError, match="formation_cycles"):
        retention(s, formation_cycles=-1)


def test_paper_style_long_test_cycles_to_thresholds():
    """A Fig. 4h-like fade: 95/90/80 % after 1018/2776/4208 cycles (synthetic, exact)."""
    n = 4300
    x = np.arange(n, dtype=float)
    # piecewise-linear retention through the paper's three points
    r = np.interp(x, [0, 1018, 2776, 4208, 4299], [1.0, 0.95, 0.90, 0.80, 0.79])
    r[[1018, 2776, 4208]] -= 1e-9  # the crossing cycle falls just below
    s = _summary(r * 1e-3, 5e-3)
    ret = retention(s)
    assert [c.first_after_reference for c in ret.crossings] == [1018, 2776, 4208]
