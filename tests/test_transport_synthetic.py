"""The synthetic pellet-spectrum generator: grid, circuit values, noise, labelling."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants

from sselab.transport.capacitance import effective_capacitance_F
from sselab.transport.synthetic import lzaco_model, lzaco_temperatures_K

T25 = 298.15


def test_frequency_grid_matches_the_paper():
    m = lzaco_model()
    f = m.frequencies_Hz()
    assert f[0] == pytest.approx(35e6) and f[-1] == pytest.approx(1.0)
    assert 35 <= f.size <= 45
    ratios = f[:-1] / f[1:]
    assert np.allclose(ratios, ratios[0])
    per_decade = (f.size - 1) / math.log10(35e6)
    assert 5.0 <= per_decade <= 6.0
    assert m.amplitude_V == pytest.approx(0.010)


def test_temperatures_and_geometry():
    temps = lzaco_temperatures_K()
    assert len(temps) >= 6 and temps[0] == pytest.approx(T25)
    m = lzaco_model()
    assert m.pellet.diameter_m == pytest.approx(0.010)
    assert m.pellet.thickness_m == pytest.approx(0.8e-3)


def test_true_values_follow_the_paper():
    m = lzaco_model()
    p = m.true_parameters(T25)
    assert p["conductivity_S_per_m"] == pytest.approx(0.255)
    assert p["R_ionic_total_ohm"] == pytest.approx(0.8e-3 / (0.255 * math.pi * 25e-6))
    c_geo = constants.epsilon_0 * 25 * m.pellet.electrode_area_m2 / m.pellet.thickness_m
    assert effective_capacitance_F(p["R_bulk_ohm"], p["Q_bulk"], p["n_bulk"]) == pytest.approx(
        c_geo, rel=1e-12)
    # bulk apex σ/(2π ε0 εr) lies above the 35 MHz top of the window
    assert p["f_bulk_apex_Hz"] == pytest.approx(0.255 / (2 * math.pi * constants.epsilon_0 * 25))
    assert p["f_bulk_apex_Hz"] > 35e6
    assert lzaco_model(sigma25_mS_per_cm=2.23).true_parameters(T25)["conductivity_S_per_m"] == \
        pytest.approx(0.223)


def test_noise_free_spectrum_shape():
    m = lzaco_model()
    s = m.spectrum(T25)
    z = s.impedance_ohm
    r = m.true_parameters(T25)["R_ionic_total_ohm"]
    assert np.all(z.imag < 0)                       # capacitive everywhere (blocking)
    assert 0.9 * r < z[0].real < r                  # bulk-arc tail at 35 MHz
    assert -z[-1].imag > 100 * r                    # electrode spike at 1 Hz
    assert s.metadata["noise_relative"] == 0.0


def test_noise_level_and_seeding():
    m = lzaco_model().with_(n_points=4000)
    clean = m.impedance_ohm(T25)
    a = m.spectrum(T25, np.random.default_rng(1)).impedance_ohm
    b = m.spectrum(T25, np.random.default_rng(1)).impedance_ohm
    assert np.array_equal(a, b)
    rel = (a - clean) / np.abs(clean)
    assert np.std(rel.real) == pytest.approx(0.005, rel=0.05)
    assert np.std(rel.imag) == pytest.approx(0.005, rel=0.05)
    assert abs(np.mean(rel.real)) < 5e-4


def test_metadata_labels_synthetic():
    s = lzaco_model().spectrum(T25, np.random.default_rng(0))
    md = s.metadata
    assert md["synthetic"] is True
    assert md["temperature_K"] == pytest.approx(T25)
    assert md["true"]["R_ionic_total_ohm"] > 0
    assert md["pellet_pressure_MPa"] == 300


def test_grain_boundary_arc_option():
    m = lzaco_model().with_(gb_resistance_fraction=0.25, gb_specific_capacitance_F_per_m=1e-7)
    p = m.true_parameters(T25)
    assert p["R_gb_ohm"] == pytest.approx(0.25 * p["R_ionic_total_ohm"])
    assert p["R_bulk_ohm"] + p["R_gb_ohm"] == pytest.approx(p["R_ionic_total_ohm"])
    c = effective_capacitance_F(p["R_gb_ohm"], p["Q_gb"], p["n_gb"])
    assert c * m.pellet.cell_constant_per_m == pytest.approx(1e-7)
