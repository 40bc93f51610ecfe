"""Anomaly flags: CE > 100 % and drifts, soft-short signatures, abnormal charge time."""

from __future__ import annotations

import numpy as np

from sselab.cycling.anomalies import detect_anomalies
from sselab.cycling.summary import summarise
from sselab.cycling.synthetic import synthetic_cycling

N = 12


def _clean():
    q = np.full(N, 1.0e-3)
    return q / 0.995, q


def test_clean_record_has_no_flags():
    ch, dis = _clean()
    t = synthetic_cycling(ch, dis, 1e-3, 1e-3, points_per_half_cycle=60, noise_V=0.0005,
                          rng=np.random.default_rng(3))
    assert detect_anomalies(summarise(t), t).flags == ()


def test_soft_short_voltage_drops_and_long_charge():
    """Cycle 8: the charge leaks (1.6× longer, CE 62 %) and the voltage drops 15 times."""
    ch, dis = _clean()
    ch[7] *= 1.6
    t = synthetic_cycling(ch, dis, 1e-3, 1e-3, points_per_half_cycle=200, short_cycles=(8,))
    rep = detect_anomalies(summarise(t), t)
    assert rep.cycles("soft_short") == (8,)
    assert rep.cycles("long_charge") == (8,)
    assert "ce_above_100" not in rep.kinds
    # without the row data only the duration/CE rule is available, and it still fires
    assert detect_anomalies(summarise(t)).cycles("soft_short") == (8,)


def test_ce_above_100_and_drift():
    ch, dis = _clean()
    dis[3] = ch[3] * 1.01  # one isolated
    dis[6:10] = ch[6:10] * 1.004  # a run of four
    t = synthetic_cycling(ch, dis, 1e-3, 1e-3, points_per_half_cycle=20)
    rep = detect_anomalies(summarise(t), t)
    assert rep.cycles("ce_above_100") == (4, 7, 8, 9, 10)
    assert rep.cycles("ce_drift") == (7, 8, 9, 10)


def test_short_charge_and_first_cycle_formation_is_not_a_short():
    ch, dis = _clean()
    ch[0] *= 1.25  # formation: long first charge, low CE — normal
    ch[5] *= 0.5
    dis[5] = ch[5] * 0.99
    t = synthetic_cycling(ch, dis, 1e-3, 1e-3, points_per_half_cycle=20)
    rep = detect_anomalies(summarise(t), t)
    assert rep.cycles("short_charge") == (6,)
    assert "soft_short" not in rep.kinds
