"""J2 return mapping: uniaxial strain closed form, consistent tangent by finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.fem.constitutive import stress_update
from sselab.fem.plasticity import radial_return, von_mises_Pa
from sselab.fem.split import M_VEC, isotropic_stiffness, split_energy

E, NU, SY = 10e9, 0.3, 50e6
LAM = E * NU / ((1 + NU) * (1 - 2 * NU))
MU = E / (2 * (1 + NU))
K = LAM + 2 * MU / 3


def _one(x):
    return np.array([x], float)


def test_uniaxial_strain_elastic_perfectly_plastic():
    """σ_xx(ε) under uniaxial strain: (λ+2μ)ε up to ε_y = σ_y/(2μ), then Kε + (2/3)σ_y."""
    eps_y = SY / (2 * MU)
    eps_p = np.zeros((1, 4))
    for e in np.linspace(0, 6 * eps_y, 61)[1:]:
        eps = np.array([[e, 0, 0, 0]])
        rm = radial_return(eps, eps_p, _one(0.0), _one(LAM), _one(MU), _one(SY))
        sig = np.einsum("eij,ej->ei", isotropic_stiffness(_one(LAM), _one(MU)), rm.eps_e)
        expected = (LAM + 2 * MU) * e if e <= eps_y else K * e + 2 * SY / 3
        assert sig[0, 0] == pytest.approx(expected, rel=1e-10)
        assert von_mises_Pa(sig)[0] <= SY * (1 + 1e-10)
        eps_p = rm.eps_p  # path-following, monotone


def test_unloading_is_elastic():
    eps_p = np.zeros((1, 4))
    rm = radial_return(np.array([[0.02, 0, 0, 0]]), eps_p, _one(0), _one(LAM), _one(MU), _one(SY))
    rm2 = radial_return(np.array([[0.019, 0, 0, 0]]), rm.eps_p, _one(0), _one(LAM), _one(MU), _one(SY))
    assert not rm2.plastic[0]
    np.testing.assert_allclose(rm2.eps_p, rm.eps_p)


@pytest.mark.parametrize("split", ["none", "voldev", "spectral"])
@pytest.mark.parametrize("g", [1.0, 0.3])
def test_consistent_tangent_by_finite_differences(split, g):
    rng = np.random.default_rng(1)
    n = 20
    eps = rng.normal(0, 0.01, (n, 4))
    eps[:, 2] = 0.0  # plane strain
    eps_p_old = rng.normal(0, 0.002, (n, 4))
    eps_p_old -= np.outer(eps_p_old @ M_VEC / 3, M_VEC)  # deviatoric
    eps_star = rng.normal(0, 0.005, n)
    lam, mu, sy = np.full(n, LAM), np.full(n, MU), np.full(n, SY)
    gg = np.full(n, g)
    su = stress_update(eps, eps_p_old, eps_star, gg, lam, mu, sy, split)
    assert su.plastic.any()
    h = 1e-8
    for j in (0, 1, 3):
        d = np.zeros_like(eps)
        d[:, j] = h
        sp = stress_update(eps + d, eps_p_old, eps_star, gg, lam, mu, sy, split).sigma
        sm = stress_update(eps - d, eps_p_old, eps_star, gg, lam, mu, sy, split).sigma
        fd = (sp - sm) / (2 * h)
        for i in (0, 1, 3):
            np.testing.assert_allclose(su.D[:, i, j], fd[:, i], rtol=2e-4, atol=2e-4 * E)


@pytest.mark.parametrize("split", ["none", "voldev", "spectral"])
def test_split_parts_sum_to_full_energy(split):
    rng = np.random.default_rng(2)
    e = rng.normal(0, 0.01, (50, 4))
    lam, mu = np.full(50, LAM), np.full(50, MU)
    s = split_energy(e, lam, mu, split)
    full = split_energy(e, lam, mu, "none")
    np.testing.assert_allclose(s.psi_pos + s.psi_neg, full.psi_pos, rtol=1e-10)
    np.testing.assert_allclose(s.sigma_pos + s.sigma_neg, full.sigma_pos, rtol=1e-8, atol=1e-6)
    assert np.all(s.psi_pos >= 0) and np.all(s.psi_neg >= 0)
