"""σ = L/(R·A), its propagated uncertainty, and capacitance-based arc assignment."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.transport.capacitance import (
    assign_arc,
    effective_capacitance_F,
    effective_capacitance_log_gradient,
    irvine_ranges,
)
from sselab.transport.conductivity import (
    Pellet,
    conductivity_from_resistance,
    resistance_from_conductivity,
)
from sselab.transport.synthetic import rc_cpe_impedance


def test_conductivity_closed_form():
    p = Pellet(thickness_m=1e-3, diameter_m=10e-3)
    c = conductivity_from_resistance(50.0, p)
    assert c.conductivity_S_per_m == pytest.approx(1e-3 / (50.0 * math.pi * 25e-6), rel=1e-14)
    assert c.conductivity_mS_per_cm == pytest.approx(10 * c.conductivity_S_per_m)
    assert c.conductivity_stderr_S_per_m == 0.0
    assert p.cell_constant_per_m == pytest.approx(1e-3 / (math.pi * 25e-6))
    assert resistance_from_conductivity(c.conductivity_S_per_m, p) == pytest.approx(50.0)


def test_uncertainty_propagation_closed_form():
    p = Pellet.from_mm(0.80, 10.0, thickness_stderr_mm=0.01, diameter_stderr_mm=0.02)
    c = conductivity_from_resistance(40.0, p, resistance_stderr_ohm=0.2)
    rel = math.sqrt((0.2 / 40) ** 2 + (0.01 / 0.80) ** 2 + (2 * 0.02 / 10.0) ** 2)
    assert c.relative_stderr == pytest.approx(rel, rel=1e-12)
    assert dict(c.relative_contributions)["area"] == pytest.approx(0.004)
    assert p.electrode_area_stderr_m2 == pytest.approx(2 * p.electrode_area_m2 * 0.002)


def test_area_instead_of_diameter():
    p = Pellet(thickness_m=5e-4, area_m2=1e-4, area_stderr_m2=1e-6)
    c = conductivity_from_resistance(10.0, p, 0.0)
    assert c.conductivity_S_per_m == pytest.approx(5e-4 / (10.0 * 1e-4))
    assert c.relative_stderr == pytest.approx(0.01)


@pytest.mark.parametrize("kw", [
    dict(thickness_m=1e-3),                                   # neither diameter nor area
    dict(thickness_m=1e-3, diameter_m=0.01, area_m2=1e-4),   # both
    dict(thickness_m=-1e-3, diameter_m=0.01),
    dict(thickness_m=0.8, diameter_m=10.0),                   # mm given as m
    dict(thickness_m=1e-3, diameter_m=0.01, thickness_stderr_m=-1.0),
])
def test_pellet_rejects_bad_geometry(kw):
    with pytest.raises(InputError):
        Pellet(**kw)


def test_resistance_must_be_positive():
    with pytest.raises(InputError):
        conductivity_from_resistance(0.0, Pellet.from_mm(1, 10))


def test_effective_capacitance_closed_forms():
    assert effective_capacitance_F(100.0, 2e-9, 1.0) == pytest.approx(2e-9, rel=1e-14)
    r, q, n = 40.0, 1.75e-10, 0.9
    assert effective_capacitance_F(r, q, n) == pytest.approx((r ** 0.1 * q) ** (1 / 0.9))
    with pytest.raises(InputError):
        effective_capacitance_F(r, q, 1.3)


def test_effective_capacitance_gives_the_apex_frequency():
    # −Im Z of R‖CPE peaks at ω = 1/(R·C_eff)
    r, q, n = 1e3, 1e-8, 0.8
    c = effective_capacitance_F(r, q, n)
    f = np.geomspace(1e1, 1e8, 20001)
    z = rc_cpe_impedance(f, r, q, n)
    f_peak = f[np.argmax(-z.imag)]
    assert f_peak == pytest.approx(1 / (2 * math.pi * r * c), rel=2e-3)


def test_log_gradient_matches_finite_differences():
    r, q, n = 40.0, 1.75e-10, 0.9
    g = effective_capacitance_log_gradient(r, q, n)
    h = 1e-6
    num = [
        (math.log(effective_capacitance_F(r * (1 + h), q, n)) -
         math.log(effective_capacitance_F(r * (1 - h), q, n))) / (2 * h * r),
        (math.log(effective_capacitance_F(r, q * (1 + h), n)) -
         math.log(effective_capacitance_F(r, q * (1 - h), n))) / (2 * h * q),
        (math.log(effective_capacitance_F(r, q, n + h)) -
         math.log(effective_capacitance_F(r, q, n - h))) / (2 * h),
    ]
    assert g == pytest.approx(num, rel=1e-6)


@pytest.mark.parametrize(("c_F_per_cm", "process"), [
    (1e-12, "bulk"), (5e-12, "bulk"), (1e-10, "grain_boundary"), (5e-9, "grain_boundary"),
    (5e-8, "surface_layer"), (1e-6, "electrode"), (1e-3, "electrochemical_reaction"),
])
def test_irvine_classification(c_F_per_cm, process):
    assert irvine_ranges().classify(c_F_per_cm * 100.0) == process


def test_assign_arc_normalises_by_cell_constant():
    p = Pellet.from_mm(0.80, 10.0)
    # a geometric capacitance ε0·εr·A/L with εr = 25 is bulk: C' = ε0·εr = 2.2e-12 F/cm
    c_bulk = 8.8541878128e-12 * 25 / p.cell_constant_per_m
    a = assign_arc(40.0, c_bulk, 1.0, p.cell_constant_per_m)
    assert a.specific_capacitance_F_per_cm == pytest.approx(8.8541878128e-14 * 25)
    assert a.process == "bulk" and a.is_ionic
    assert assign_arc(40.0, 4e-6, 1.0, p.cell_constant_per_m).process == "electrode"
    assert assign_arc(10.0, 1e-8, 0.9, p.cell_constant_per_m).process == "grain_boundary"
