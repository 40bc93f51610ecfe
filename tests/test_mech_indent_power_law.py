"""Unloading power-law fit P = B(h − h_f)^m: exact recovery, noise, refusals."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import FitError, InputError
from sselab.mechanics.indentation.power_law import fit_unloading


def _branch(B=3e7, hf=300e-9, m=1.4, hmax=700e-9, n=200):
    h = np.linspace(hmax, hf + 0.05 * (hmax - hf), n)
    return h, B * (h - hf) ** m


@pytest.mark.parametrize("m", [1.05, 1.3, 1.5, 2.0, 2.4])
def test_exact_power_law_is_recovered(m):
    B, hf, hmax = 2.0e3, 250e-9, 640e-9
    h, p = _branch(B=B, hf=hf, m=m, hmax=hmax)
    fit = fit_unloading(h, p)
    assert fit.m == pytest.approx(m, rel=1e-7)
    assert fit.final_depth_m == pytest.approx(hf, rel=1e-7)
    s_exact = m * B * (hmax - hf) ** (m - 1)  # closed form dP/dh at h_max
    assert fit.stiffness_N_per_m == pytest.approx(s_exact, rel=1e-7)
    assert fit.max_load_N == p[0] and fit.max_depth_m == h[0]
    assert fit.rms_rel < 1e-9
    assert np.allclose(fit.load_N(h), p, rtol=1e-6, atol=1e-12)


def test_window_selects_points():
    h, p = _branch()
    fit = fit_unloading(h, p, window=(0.2, 0.99))
    sel = (p >= 0.2 * p[0]) & (p <= 0.99 * p[0])
    assert fit.n_points == int(sel.sum())
    assert fit.window_N == pytest.approx((0.2 * p[0], 0.99 * p[0]))


def test_noise_gives_stiffness_within_one_percent():
    rng = np.random.default_rng(3)
    B, hf, m, hmax = 2.0e3, 250e-9, 1.4, 640e-9
    h, p = _branch(B=B, hf=hf, m=m, hmax=hmax, n=400)
    p_noisy = p + rng.normal(0, 1e-3 * p[0], p.size)
    fit = fit_unloading(h, p_noisy, max_load_N=p[0])
    s_exact = m * B * (hmax - hf) ** (m - 1)
    assert fit.stiffness_N_per_m == pytest.approx(s_exact, rel=0.01)


def test_too_few_points_is_a_fit_error():
    h, p = _branch(n=6)
    with pytest.raises(FitError, match="unloading points"):
        fit_unloading(h, p)


def test_load_rising_while_depth_falls_is_refused():
    h, _ = _branch()
    p_wrong_way = np.linspace(0.1, 1.0, h.size)  # negative dP/dh: no unloading curve
    with pytest.raises(FitError):
        fit_unloading(h, p_wrong_way, max_load_N=1.0)


@pytest.mark.parametrize("window", [(0.9, 0.5), (-0.1, 0.9), (0.5, 1.2)])
def test_bad_window_is_input_error(window):
    h, p = _branch()
    with pytest.raises(InputError):
        fit_unloading(h, p, window=window)
