"""Symmetric-cell analysis: constructed square waves with closed-form answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.echem.symmetric import analyse_symmetric, half_cycles
from sselab.echem.synthetic import HOUR_S, SymmetricModel, symmetric_history
from sselab.errors import InputError

AREA = math.pi * 0.005 ** 2


def _linear_model(**kw) -> SymmetricModel:
    base = dict(initial_overpotential_V=0.05, voltage_limit_V=1.0, time_to_limit_s=10.25 * HOUR_S,
                duration_s=12 * HOUR_S, relaxation_fraction=0.0, record_interval_s=60.0,
                noise_V=0.0)
    base.update(kw)
    return SymmetricModel(**base)


def test_overpotential_growth_and_limit_closed_form():
    m = _linear_model()
    h = symmetric_history(m)
    r = analyse_symmetric(h.time_s, h.voltage_V, h.current_A, area_m2=AREA, voltage_limit_V=1.0)
    g = (1.0 - 0.05) / 10.25  # V/h: η(t) = η0 + g t reaches 1 V at 10.25 h
    assert m.growth_V == pytest.approx(g, rel=1e-12)
    assert len(r.half_cycles) == 24 and len(r.cycles) == 12
    # with a = 0 the largest |V| of a cycle is η at its last recorded point
    for c in r.cycles:
        assert c.overpotential_V == pytest.approx(0.05 + g * c.time_of_max_s / HOUR_S, abs=1e-12)
    assert r.growth.slope_V_per_h == pytest.approx(g, rel=1e-9)
    assert r.growth.intercept_V == pytest.approx(0.05, abs=1e-9)
    # V is linear in t inside a half-cycle, so interpolation between records is exact
    assert r.limit.reached
    assert r.limit.cycling_time_s == pytest.approx(10.25 * HOUR_S - 1.0, abs=1e-6)
    assert r.current_density_A_per_m2 == pytest.approx(1.0)
    assert r.half_cycle_s == pytest.approx(1799.0)
    assert r.overpotential_at(6 * HOUR_S) == pytest.approx(0.05 + g * 6, abs=2e-3)
    assert not r.short.detected


def test_paper_construction_reaches_2V_at_80h():
    m = SymmetricModel(noise_V=0.0)  # defaults: 0.1 mA/cm², 1 h per cycle, 2 V at 80 h
    assert m.first_crossing_s == pytest.approx(80 * HOUR_S)
    assert float(m.abs_voltage_V([80 * HOUR_S])[0]) == pytest.approx(2.0, abs=1e-12)
    h = symmetric_history(m)
    r = analyse_symmetric(h.time_s, h.voltage_V, h.current_A, area_m2=m.area_m2)
    assert r.limit.envelope_cycling_time_s / HOUR_S == pytest.approx(80.0, abs=0.01)
    assert r.growth.slope_V_per_h == pytest.approx(m.growth_rate_V_per_h, rel=1e-3)


def test_limit_inside_a_half_cycle_with_relaxation():
    m = SymmetricModel(noise_V=0.0, time_to_limit_s=40.2 * HOUR_S, duration_s=45 * HOUR_S)
    t = np.linspace(0, m.first_crossing_s, 20001)
    v = m.abs_voltage_V(t)
    assert v[-1] == pytest.approx(2.0, abs=1e-9)
    assert v[:-1].max() < 2.0 + 1e-12


def test_rests_between_half_cycles_are_skipped():
    h = symmetric_history(_linear_model())
    t = np.concatenate([h.time_s, h.time_s[-1] + np.arange(1, 4) * 60.0])
    v = np.concatenate([h.voltage_V, np.zeros(3)])
    i = np.concatenate([h.current_A, np.zeros(3)])
    # insert a rest (I = 0, V ≈ 0) in the middle of the record
    mid = int(np.flatnonzero(h.half_cycle == 7)[15])
    i[mid:mid + 5] = 0.0
    hs = half_cycles(t, v, i)
    assert all(abs(x.current_A) > 0 for x in hs)
    assert len(hs) == 25  # one half-cycle cut in two by the rest


def test_hard_short_detected_and_excluded_from_growth():
    m = _linear_model(short_at_s=8.2 * HOUR_S, voltage_limit_V=1.0)
    h = symmetric_history(m)
    r = analyse_symmetric(h.time_s, h.voltage_V, h.current_A, voltage_limit_V=1.0)
    assert r.short.detected and r.short.kind == "hard"
    assert r.short.time_s == pytest.approx(8.2 * HOUR_S, abs=60.0)
    assert r.growth.slope_V_per_h == pytest.approx(m.growth_V, rel=1e-9)
    assert not r.limit.reached and "stays below" in r.limit.reason


def test_transient_short():
    h = symmetric_history(_linear_model())
    v = h.voltage_V.copy()
    k = h.half_cycle == 10
    v[k] *= 0.01  # one half-cycle collapses, then the voltage recovers
    r = analyse_symmetric(h.time_s, v, h.current_A)
    assert r.short.detected and r.short.kind == "transient" and r.short.half_cycle == 10


def test_noise_and_real_paper_file_shape():
    m = SymmetricModel()
    h = symmetric_history(m, np.random.default_rng(0))
    r = analyse_symmetric(h.time_s, h.voltage_V, h.current_A, area_m2=m.area_m2)
    assert abs(r.limit.envelope_cycling_time_s / HOUR_S - 80.0) < 0.1
    assert r.limit.cycling_time_s / HOUR_S == pytest.approx(80.0, abs=0.6)


def test_errors():
    t = np.arange(10.0)
    with pytest.raises(InputError, match="differ in length"):
        analyse_symmetric(t, t, t[:-1])
    with pytest.raises(InputError, match="time decreases"):
        analyse_symmetric(t[::-1], t, np.ones(10))
    with pytest.raises(InputError, match="zero throughout"):
        analyse_symmetric(t, t, np.zeros(10))
    with pytest.raises(InputError, match="half-cycle"):
        analyse_symmetric(t, t, np.ones(10))
    with pytest.raises(InputError, match="not finite"):
        analyse_symmetric(t, np.full(10, np.nan), np.ones(10))
    h = symmetric_history(_linear_model())
    with pytest.raises(InputError, match="voltage_limit_V"):
        analyse_symmetric(h.time_s, h.voltage_V, h.current_A, voltage_limit_V=-1)
    with pytest.raises(InputError):
        SymmetricModel(relaxation_fraction=1.5)
