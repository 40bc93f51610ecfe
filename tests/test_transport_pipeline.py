"""Spectrum → fit → resistance → σ on synthetic pellets with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.errors import InputError
from sselab.transport.arrhenius import fit_arrhenius
from sselab.transport.pipeline import analyse_pellet_spectrum, circuit_topology
from sselab.transport.synthetic import lzaco_model, lzaco_temperatures_K


def test_topology_of_the_default_circuit():
    assert circuit_topology("R0-p(R1,CPE1)-CPE2") == (["R0"], [("R1", "CPE1", "CPE")])
    assert circuit_topology("R0-p(R1,C1)-p(R2,CPE2)-CPE3")[1] == [("R1", "C1", "C"),
                                                                   ("R2", "CPE2", "CPE")]


def test_lzaco_series_recovers_sigma_and_ea_within_2_percent():
    m = lzaco_model()
    temps = lzaco_temperatures_K()
    rng = np.random.default_rng(12345)
    sig = []
    for t in temps:
        a = analyse_pellet_spectrum(m.spectrum(t, rng), m.pellet)
        true = m.true_parameters(t)
        assert a.ionic_resistance_ohm == pytest.approx(true["R_ionic_total_ohm"], rel=0.02)
        assert 0 < a.ionic_resistance_stderr_ohm < 0.01 * a.ionic_resistance_ohm
        assert a.conductivity.conductivity_S_per_m == pytest.approx(true["conductivity_S_per_m"],
                                                                    rel=0.02)
        assert a.temperature_K == pytest.approx(t)
        assert all(arc.assignment.is_ionic for arc in a.arcs)
        sig.append(a.conductivity.conductivity_S_per_m)
    fit = fit_arrhenius(temps, sig)
    assert fit.sigma25_mS_per_cm == pytest.approx(2.55, rel=0.02)
    assert fit.activation_energy_eV == pytest.approx(0.276, rel=0.02)


def test_fast_conductor_intercept_and_identifiability_report():
    m = lzaco_model()
    a = analyse_pellet_spectrum(m.spectrum(298.15, np.random.default_rng(3)), m.pellet)
    names = [p.name for p in a.identifiability]
    assert names == ["R0", "R1", "CPE1_0", "CPE1_1", "CPE2_0", "CPE2_1"]
    ident = {p.name: p.identifiable for p in a.identifiability}
    # the electrode spike is pinned down; the in-window tail of the bulk arc is not
    assert ident["CPE2_0"] and ident["CPE2_1"]
    assert not ident["CPE1_0"]
    assert "high-frequency intercept" in a.interpretation
    d = a.as_dict()
    assert d["conductivity_S_per_m"] == pytest.approx(0.255, rel=0.02)


def test_two_arcs_of_a_slow_conductor_are_assigned_bulk_and_grain_boundary():
    # σ25 = 0.01 mS/cm: bulk apex ≈ 0.7 MHz, inside the window, plus a nF-range GB arc
    m = lzaco_model(sigma25_mS_per_cm=0.01).with_(gb_resistance_fraction=0.4,
                                                   gb_specific_capacitance_F_per_m=1e-7)
    true = m.true_parameters(298.15)
    a = analyse_pellet_spectrum(m.spectrum(298.15, np.random.default_rng(2)), m.pellet,
                                "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3")
    # the two arcs are interchangeable in series; each must be recognised by its capacitance
    assert sorted(arc.process for arc in a.arcs) == ["bulk", "grain_boundary"]
    assert all(arc.process_confident for arc in a.arcs)
    assert a.bulk_resistance_ohm == pytest.approx(true["R_bulk_ohm"], rel=0.02)
    assert a.grain_boundary_resistance_ohm == pytest.approx(true["R_gb_ohm"], rel=0.02)
    assert a.ionic_resistance_ohm == pytest.approx(true["R_ionic_total_ohm"], rel=0.02)
    assert a.bulk_conductivity.conductivity_S_per_m > a.conductivity.conductivity_S_per_m


def test_lead_resistance_is_subtracted():
    m = lzaco_model().with_(lead_resistance_ohm=0.5, noise_relative=0.0)
    s = m.spectrum(298.15)
    plain = analyse_pellet_spectrum(s, m.pellet)
    corr = analyse_pellet_spectrum(s, m.pellet, lead_resistance_ohm=0.5)
    assert plain.ionic_resistance_ohm - corr.ionic_resistance_ohm == pytest.approx(0.5, rel=1e-9)
    assert corr.ionic_resistance_ohm == pytest.approx(
        m.true_parameters(298.15)["R_ionic_total_ohm"], rel=0.01)


def test_circuit_without_resistance_is_refused():
    m = lzaco_model()
    with pytest.raises(InputError):
        analyse_pellet_spectrum(m.spectrum(298.15), m.pellet, "CPE1")


def test_electrode_arc_is_not_counted_as_ionic():
    # a fit whose only arc has a µF capacitance: its R must not enter σ
    m = lzaco_model().with_(noise_relative=0.0)
    s = m.spectrum(298.15)
    a = analyse_pellet_spectrum(s, m.pellet)

    class FakeFit:
        parameters = {**a.fit.parameters, "R0": 40.0, "R1": 1000.0, "CPE1_0": 1e-4,
                      "CPE1_1": 0.9}
        stderr = {k: 0.0 for k in parameters}
        covariance = np.zeros((6, 6))
        free_parameters = tuple(parameters)
        identifiable = {k: True for k in parameters}

    b = analyse_pellet_spectrum(s, m.pellet, fit=FakeFit())
    assert b.arcs[0].process in ("electrode", "electrochemical_reaction")
    assert b.ionic_resistance_ohm == pytest.approx(40.0)
    assert any("not counted" in w for w in b.warnings)
    assert not math.isnan(b.conductivity.conductivity_S_per_m)
