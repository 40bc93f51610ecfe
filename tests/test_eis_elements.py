"""Circuit elements: closed forms, limits, and analytic Jacobians vs finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.eis.elements import ELEMENT_TYPES, element_type
from sselab.errors import DataError, InputError

W = 2 * np.pi * np.logspace(-3, 6, 19)

PARAMS = {
    "R": [12.5],
    "C": [3.3e-9],
    "L": [2.0e-6],
    "CPE": [1.5e-6, 0.83],
    "W": [45.0],
    "Wo": [80.0, 2.5],
    "Ws": [80.0, 2.5],
    "G": [30.0, 1e-3],
    "La": [1e-6, 0.9],
    "K": [25.0, 1e-4],
}


def _direct(symbol, p, w):
    """Textbook formulas written independently (np.tanh, complex powers)."""
    jw = 1j * w
    if symbol == "R":
        return np.full(w.shape, p[0], dtype=complex)
    if symbol == "C":
        return 1 / (jw * p[0])
    if symbol == "L":
        return jw * p[0]
    if symbol == "CPE":
        return 1 / (p[0] * jw ** p[1])
    if symbol == "W":
        return p[0] * (1 - 1j) / np.sqrt(w)
    s = np.sqrt(jw * p[1]) if symbol in ("Wo", "Ws") else None
    if symbol == "Wo":
        return p[0] / (s * np.tanh(s))
    if symbol == "Ws":
        return p[0] * np.tanh(s) / s
    if symbol == "G":
        return p[0] / np.sqrt(1 + jw * p[1])
    if symbol == "La":
        return p[0] * jw ** p[1]
    if symbol == "K":
        return p[0] / (1 + jw * p[1])
    raise AssertionError(symbol)


def test_every_element_has_test_parameters():
    assert set(PARAMS) == set(ELEMENT_TYPES)


@pytest.mark.parametrize("symbol", sorted(PARAMS))
def test_impedance_matches_textbook_formula(symbol):
    p = PARAMS[symbol]
    w = W[W * (p[1] if symbol in ("Wo", "Ws") else 1) < 1e4] if symbol in ("Wo", "Ws") else W
    z = element_type(symbol).impedance(p, w)
    np.testing.assert_allclose(z, _direct(symbol, p, w), rtol=1e-12)


@pytest.mark.parametrize("symbol", sorted(PARAMS))
def test_analytic_jacobian_matches_finite_differences(symbol):
    kind = element_type(symbol)
    p = np.array(PARAMS[symbol], dtype=float)
    z, jac = kind.impedance_and_jacobian(p, W)
    np.testing.assert_allclose(z, kind.impedance(p, W), rtol=1e-14)
    assert jac.shape == (W.size, kind.n_params)
    for k in range(kind.n_params):
        h = 1e-6 * abs(p[k])
        up, dn = p.copy(), p.copy()
        up[k] += h
        dn[k] -= h
        fd = (kind.impedance(up, W) - kind.impedance(dn, W)) / (2 * h)
        # error in units of the natural scale |Z|/p (central differences: ~1e-10 here)
        err = np.abs(jac[:, k] - fd) * abs(p[k]) / np.abs(z)
        assert np.max(err) < 1e-7, (symbol, k, np.max(err))


def test_finite_warburgs_limits_and_extreme_arguments():
    wo, ws = element_type("Wo"), element_type("Ws")
    # large ωτ: both tend to the semi-infinite Warburg Z0/√(jωτ); no overflow at 1e12
    w = np.array([1e8, 1e12])
    z0, tau = 10.0, 100.0
    semi = z0 / np.sqrt(1j * w * tau)
    np.testing.assert_allclose(wo.impedance([z0, tau], w), semi, rtol=1e-12)
    np.testing.assert_allclose(ws.impedance([z0, tau], w), semi, rtol=1e-12)
    # small ωτ: short → Z0 (1 − jωτ/3), open → Z0/3 + capacitor 1/(jω τ/Z0)
    w = np.array([1e-10])
    np.testing.assert_allclose(ws.impedance([z0, tau], w), z0 * (1 - 1j * w * tau / 3),
                               rtol=1e-12)
    zo = wo.impedance([z0, tau], w)
    np.testing.assert_allclose(zo.real, [z0 / 3], rtol=1e-6)
    np.testing.assert_allclose(zo.imag, [-z0 / (w[0] * tau)], rtol=1e-9)
    for kind in (wo, ws):
        _, j = kind.impedance_and_jacobian([z0, tau], np.array([1e-12, 1e-6, 1e6, 1e12]))
        assert np.all(np.isfinite(j))


def test_cpe_with_alpha_one_is_a_capacitor():
    np.testing.assert_allclose(element_type("CPE").impedance([2e-6, 1.0], W),
                               element_type("C").impedance([2e-6], W), rtol=1e-12)


def test_bad_symbol_and_parameter_count():
    with pytest.raises(DataError, match="unknown circuit element 'Q'"):
        element_type("Q")
    with pytest.raises(InputError, match="CPE takes 2 parameter"):
        element_type("CPE").impedance([1e-6], W)


def test_element_table_is_read_only():
    with pytest.raises(TypeError):
        ELEMENT_TYPES["X"] = ELEMENT_TYPES["R"]  # type: ignore[index]
