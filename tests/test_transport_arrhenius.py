"""Arrhenius fits: exact recovery on noise-free data, standard errors equal scipy's linregress."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import linregress

from sselab.constants import k_B_eV_per_K
from sselab.errors import InputError
from sselab.transport.arrhenius import T25_K, arrhenius_conductivity, fit_arrhenius

T = np.array([25.0, 35.0, 45.0, 55.0, 65.0, 75.0]) + 273.15


@pytest.mark.parametrize("model", ["sigma_T", "sigma"])
def test_exact_recovery_noise_free(model):
    sig = arrhenius_conductivity(T, 0.255, 0.276, model)
    fit = fit_arrhenius(T, sig, model)
    assert fit.activation_energy_eV == pytest.approx(0.276, rel=1e-10)
    assert fit.sigma25_S_per_m == pytest.approx(0.255, rel=1e-10)
    assert fit.sigma25_mS_per_cm == pytest.approx(2.55, rel=1e-10)
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert fit.activation_energy_stderr_eV < 1e-10
    assert fit.conductivity_S_per_m(T) == pytest.approx(sig, rel=1e-10)


def test_forward_model_closed_form():
    # σT form: σ(T) = σ25·(T25/T)·exp(−Ea/kB·(1/T − 1/T25))
    t = 350.0
    expect = 0.255 * (T25_K / t) * math.exp(-0.276 / k_B_eV_per_K * (1 / t - 1 / T25_K))
    assert arrhenius_conductivity(t, 0.255, 0.276) == pytest.approx(expect, rel=1e-14)
    assert arrhenius_conductivity(T25_K, 0.255, 0.276, "sigma") == pytest.approx(0.255)


@pytest.mark.parametrize("model", ["sigma_T", "sigma"])
def test_standard_errors_equal_linregress(model):
    rng = np.random.default_rng(7)
    sig = arrhenius_conductivity(T, 0.255, 0.276, model) * np.exp(0.03 * rng.standard_normal(6))
    fit = fit_arrhenius(T, sig, model)
    y = np.log(sig * T) if model == "sigma_T" else np.log(sig)
    lr = linregress(1.0 / T, y)
    assert fit.slope_K == pytest.approx(lr.slope, rel=1e-12)
    assert fit.intercept == pytest.approx(lr.intercept, rel=1e-12)
    assert fit.activation_energy_eV == pytest.approx(-lr.slope * k_B_eV_per_K, rel=1e-12)
    assert fit.activation_energy_stderr_eV == pytest.approx(lr.stderr * k_B_eV_per_K, rel=1e-10)
    assert fit.ln_prefactor_stderr == pytest.approx(lr.intercept_stderr, rel=1e-10)
    assert fit.r_squared == pytest.approx(lr.rvalue**2, rel=1e-12)
    # prediction at 25 °C: var = u_a² + 2·x0·cov_ab + x0²·u_b², cov_ab = −x̄·u_b²
    x0, xm = 1.0 / T25_K, np.mean(1.0 / T)
    var = lr.intercept_stderr**2 - 2 * x0 * xm * lr.stderr**2 + x0**2 * lr.stderr**2
    assert fit.sigma25_stderr_S_per_m / fit.sigma25_S_per_m == pytest.approx(math.sqrt(var),
                                                                             rel=1e-8)


def test_kj_per_mol_conversion():
    fit = fit_arrhenius(T, arrhenius_conductivity(T, 0.255, 0.276))
    # 1 eV = 96.485 kJ/mol (F/1000)
    assert fit.activation_energy_kJ_per_mol == pytest.approx(0.276 * 96.48533212, rel=1e-8)


def test_two_points_exact_with_undefined_stderr():
    fit = fit_arrhenius(T[:2], arrhenius_conductivity(T[:2], 0.255, 0.276))
    assert fit.activation_energy_eV == pytest.approx(0.276, rel=1e-10)
    assert math.isnan(fit.activation_energy_stderr_eV)
    assert any("two points" in w for w in fit.warnings)


def test_warnings_for_celsius_and_extrapolation():
    fit = fit_arrhenius([30.0, 50.0, 70.0], [1e-3, 2e-3, 3e-3])
    assert any("°C" in w for w in fit.warnings)
    fit = fit_arrhenius(T[2:], arrhenius_conductivity(T[2:], 0.255, 0.276))
    assert any("extrapolated" in w for w in fit.warnings)


@pytest.mark.parametrize(("t", "s", "model"), [
    ([300.0], [1.0], "sigma_T"),
    ([300.0, 300.0], [1.0, 2.0], "sigma_T"),
    ([300.0, -310.0], [1.0, 2.0], "sigma_T"),
    ([300.0, 310.0], [1.0, 0.0], "sigma_T"),
    ([300.0, 310.0], [1.0], "sigma_T"),
    ([300.0, 310.0], [1.0, 2.0], "VTF"),
])
def test_bad_input(t, s, model):
    with pytest.raises(InputError):
        fit_arrhenius(t, s, model)
