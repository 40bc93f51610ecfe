"""Automatic initial guesses and batch fitting with warm starts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sselab.eis import Spectrum, blocking_electrode_guess, fit_many, initial_guess, parse_circuit
from sselab.eis.initial import blocking_electrode_roles
from sselab.errors import InputError

F = np.logspace(0, np.log10(7e6), 60)
BLOCKING = "R0-p(R1,CPE1)-CPE2"


def _blocking(p, noise=0.0, seed=0):
    z = parse_circuit(BLOCKING).impedance(p, F)
    if noise:
        rng = np.random.default_rng(seed)
        z = z + noise * np.abs(z) * (rng.standard_normal(F.size) + 1j * rng.standard_normal(F.size))
    return Spectrum(F, z)


def test_blocking_guess_reads_intercept_arc_and_spike():
    p = [20.0, 5000.0, 2e-10, 0.9, 1e-6, 0.85]  # arc apex ≈ 0.7 MHz, inside the window
    g = blocking_electrode_guess(_blocking(p, 0.01, 1))
    assert g["R0"] + g["R1"] == pytest.approx(5020, rel=0.1)
    assert g["CPE2_1"] == pytest.approx(0.85, abs=0.03)
    assert g["CPE2_0"] == pytest.approx(1e-6, rel=0.2)
    tau1 = (g["R1"] * g["CPE1_0"]) ** (1 / g["CPE1_1"])
    assert 0.2 < tau1 / (5000 * 2e-10) ** (1 / 0.9) < 5


def test_blocking_guess_for_an_arc_above_the_window():
    p = [40.0, 10.0, 1e-10, 0.9, 1e-6, 0.85]
    g = blocking_electrode_guess(_blocking(p, 0.01, 2))
    assert g["R0"] + g["R1"] == pytest.approx(50, rel=0.05)
    assert g["R1"] < g["R0"]
    tau1 = (g["R1"] * g["CPE1_0"]) ** (1 / g["CPE1_1"])
    assert tau1 < 1 / (2 * np.pi * 7e6)  # apex placed above the highest frequency


def test_roles_are_found_whatever_the_names_and_order():
    roles = blocking_electrode_roles(parse_circuit("CPE9-p(CPE3,R7)-R_s"))
    assert roles == {"R0": "R_s", "R1": "R7", "CPE1": "CPE3", "CPE2": "CPE9"}
    assert blocking_electrode_roles(parse_circuit("R0-p(R1,C1)-CPE2")) is None


@pytest.mark.parametrize("circuit", [
    "R0-p(R1,C1)-p(R2-Wo1,C2)", "R0-p(R1-Wo1,C1)", "R0-p(R1,CPE1)-p(R2,CPE2)",
    "L0-R0-p(R1,C1)-W1", "R0-p(R1,CPE1)-Ws1", "p(R1,C1)-G1-K1-La1"])
def test_generic_guesses_are_complete_positive_and_finite(circuit, data_dir: Path):
    d = np.loadtxt(data_dir / "eis" / "impedance_py" / "exampleData.csv", delimiter=",")
    s = Spectrum(d[:, 0], d[:, 1] + 1j * d[:, 2])
    g = initial_guess(s, circuit)
    assert tuple(g) == parse_circuit(circuit).parameter_names
    assert all(np.isfinite(v) and v > 0 for v in g.values())


def test_guess_needs_points():
    with pytest.raises(InputError):
        initial_guess(Spectrum([1.0, 2.0], [1 - 1j, 1 - 2j]), BLOCKING)


def _series(n=12, seed=7):
    """A temperature series: R grows smoothly, electrode CPE fixed."""
    rng = np.random.default_rng(seed)
    out, truth = [], []
    for k in range(n):
        p = [20.0 * 1.15**k, 5000.0 * 1.25**k, 2e-10, 0.9, 1e-6, 0.85]
        z = parse_circuit(BLOCKING).impedance(p, F)
        z = z + 0.005 * np.abs(z) * (rng.standard_normal(F.size) + 1j * rng.standard_normal(F.size))
        out.append(Spectrum(F, z))
        truth.append(p)
    return out, np.array(truth)


def test_fit_many_warm_start_follows_the_series():
    spectra, truth = _series()
    warm = fit_many(spectra, BLOCKING)
    cold = fit_many(spectra, BLOCKING, warm_start=False)
    assert warm.success.all() and len(warm) == len(spectra)
    np.testing.assert_allclose(warm.parameter("R1"), truth[:, 1], rtol=0.03)
    np.testing.assert_allclose(warm.parameter("CPE2_1"), truth[:, 5], atol=0.01)
    n_warm = sum(f.n_evaluations for f in warm.fits)
    n_cold = sum(f.n_evaluations for f in cold.fits)
    assert n_warm < n_cold
    assert np.all(warm.stderr("R1") > 0)


def test_fit_many_in_two_processes_gives_the_same_answers():
    spectra, _ = _series(8)
    one = fit_many(spectra, BLOCKING)
    two = fit_many(spectra, BLOCKING, workers=2)
    np.testing.assert_allclose(two.parameter("R1"), one.parameter("R1"), rtol=1e-3)


def test_fit_many_errors():
    with pytest.raises(InputError):
        fit_many([], BLOCKING)
    spectra, _ = _series(2)
    with pytest.raises(InputError, match="unknown parameter"):
        fit_many(spectra, BLOCKING).parameter("R9")
