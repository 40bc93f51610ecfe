"""DRT: peaks of synthetic two-arc spectra at the right time constants (±10 %)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sselab.eis import Spectrum, drt, parse_circuit
from sselab.errors import InputError

F = np.logspace(-2, 6, 81)


def _two_arcs(kind: str, noise: float = 0.0, seed: int = 0) -> Spectrum:
    if kind == "rc":  # τ1 = R1 C1 = 1e-5 s, τ2 = R2 C2 = 0.1 s
        z = parse_circuit("R0-p(R1,C1)-p(R2,C2)").impedance([10, 100, 1e-7, 200, 5e-4], F)
    else:  # ZARCs with τ0 = (R Q)^(1/α): 1e-5 s and 0.1 s
        a = 0.85
        z = parse_circuit("R0-p(R1,CPE1)-p(R2,CPE2)").impedance(
            [10, 100, 1e-5**a / 100, a, 200, 0.1**a / 200, a], F)
    if noise:
        rng = np.random.default_rng(seed)
        z = z + noise * np.abs(z) * (rng.standard_normal(F.size) + 1j * rng.standard_normal(F.size))
    return Spectrum(F, z)


def _main_peaks(result, n=2):
    big = sorted(result.peaks, key=lambda p: -p.resistance_ohm)[:n]
    return sorted(big, key=lambda p: p.tau_s)


@pytest.mark.parametrize("kind", ["rc", "zarc"])
@pytest.mark.parametrize("noise, seed", [(0.0, 0), (0.005, 1), (0.01, 2)])
def test_two_arc_peaks_within_ten_percent(kind, noise, seed):
    r = drt(_two_arcs(kind, noise, seed))
    p1, p2 = _main_peaks(r)
    assert p1.tau_s == pytest.approx(1e-5, rel=0.10)
    assert p2.tau_s == pytest.approx(0.1, rel=0.10)
    # areas: R1 = 100 Ω, R2 = 200 Ω; R_inf = 10 Ω
    assert p1.resistance_ohm == pytest.approx(100, rel=0.15)
    assert p2.resistance_ohm == pytest.approx(200, rel=0.15)
    assert r.R_inf_ohm == pytest.approx(10, abs=2.0)
    assert r.polarization_resistance_ohm == pytest.approx(300, rel=0.05)
    assert r.method == "gcv" and r.lambda_ > 0
    assert np.sqrt(np.mean(np.abs(r.residuals) ** 2)) < max(2 * noise, 2e-3)


def test_lcurve_and_fixed_lambda_and_orders():
    s = _two_arcs("zarc", 0.005, 3)
    for order in (0, 1, 2):
        r = drt(s, regularization="lcurve", order=order)
        p1, p2 = _main_peaks(r)
        assert p1.tau_s == pytest.approx(1e-5, rel=0.15)
        assert p2.tau_s == pytest.approx(0.1, rel=0.15)
    r = drt(s, regularization=1e-3)
    assert r.method == "fixed" and r.lambda_ == 1e-3
    assert np.all(r.gamma_ohm >= 0)


def test_inductance_is_fitted_when_asked():
    z = _two_arcs("rc").impedance_ohm + 1j * 2 * np.pi * F * 1e-7
    r = drt(Spectrum(F, z), inductance=True)
    assert r.inductance_H == pytest.approx(1e-7, rel=0.05)
    assert _main_peaks(r)[1].tau_s == pytest.approx(0.1, rel=0.1)


def test_real_battery_spectrum_runs(data_dir: Path):
    d = np.loadtxt(data_dir / "eis" / "pydrttools" / "LIB_data.txt")
    s = Spectrum(d[:, 0], d[:, 1] + 1j * d[:, 2]).without_inductive_tail()
    r = drt(s)
    assert r.peaks and r.R_inf_ohm > 0
    assert np.sqrt(np.mean(np.abs(r.residuals) ** 2)) < 0.02
    d = r.to_dict()
    assert len(d["tau_s"]) == len(d["gamma_ohm"])


@pytest.mark.parametrize("kwargs, match", [
    ({"order": 3}, "order"), ({"regularization": "aic"}, "regularization"),
    ({"tau_range_s": (1.0, 0.1)}, "tau_range_s"), ({"regularization": -1.0}, ">= 0")])
def test_bad_options(kwargs, match):
    with pytest.raises(InputError, match=match):
        drt(_two_arcs("rc"), **kwargs)
