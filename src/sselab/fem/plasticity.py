"""J2 (von Mises) elastic–perfectly-plastic return mapping, plane strain, Mandel notation.

Radial return (Simo & Hughes 1998, box 3.1 with zero hardening): with the
trial deviatoric stress s* = 2μ·dev(ε − ε_p,old − ε*) and q* = √(3/2)|s*|,

* if q* ≤ σ_y the step is elastic;
* else Δγ = (q* − σ_y)/(3μ), n = s*/|s*|, s = s*·σ_y/q*,
  ε_p = ε_p,old + √(3/2)·Δγ·n.

The consistent (algorithmic) tangent of the effective stress is
C_ep = K m⊗m + 2μβ (P_dev − n⊗n) with β = σ_y/q*.  Yield stress from hardness
by Tabor's relation σ_y = H/C (C ≈ 3; Tabor 1951) — see
:func:`sselab.fem.materials.tabor_yield_stress_Pa`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sselab.fem.split import M_VEC, P_DEV


class ReturnMap(NamedTuple):
    """Result of the return mapping for each element."""

    eps_e: np.ndarray  # (M, 4) elastic strain
    eps_p: np.ndarray  # (M, 4) updated plastic strain
    dEe_dE: np.ndarray  # (M, 4, 4) d eps_e / d eps (= C^-1 C_ep)
    C_ep: np.ndarray  # (M, 4, 4) consistent tangent of the effective stress
    plastic: np.ndarray  # (M,) bool


def radial_return(eps: np.ndarray, eps_p_old: np.ndarray, eps_star: np.ndarray,
                  lam: np.ndarray, mu: np.ndarray, yield_Pa: np.ndarray) -> ReturnMap:
    """Return mapping for total strains ``eps`` (M, 4) with isotropic eigenstrain ``eps_star`` (M,).

    ``yield_Pa`` = inf gives a purely elastic element.
    """
    K = lam + 2.0 * mu / 3.0
    e_tr = eps - eps_p_old - eps_star[:, None] * M_VEC[None]
    dev = e_tr @ P_DEV.T
    s_tr = 2.0 * mu[:, None] * dev
    snorm = np.sqrt(np.einsum("ei,ei->e", s_tr, s_tr))
    q = np.sqrt(1.5) * snorm
    plastic = q > yield_Pa * (1.0 + 1e-12)
    beta = np.ones_like(q)
    beta[plastic] = yield_Pa[plastic] / q[plastic]
    n = np.zeros_like(s_tr)
    n[plastic] = s_tr[plastic] / snorm[plastic, None]
    # plastic strain increment: (1-β) dev(e_tr) (deviatoric, isochoric)
    deps_p = (1.0 - beta)[:, None] * dev
    eps_p = eps_p_old + deps_p
    eps_e = e_tr - deps_p
    mm = np.outer(M_VEC, M_VEC)[None]
    nn = np.einsum("ei,ej->eij", n, n)
    C_ep = K[:, None, None] * mm + 2.0 * (mu * beta)[:, None, None] * (P_DEV[None] - nn)
    # elastic strain sensitivity: eps_e = vol(e_tr) + β·dev(e_tr), dβ = −β/|dev|·n·P de
    #   → d eps_e / d eps = m⊗m/3 + β (P − n⊗n)   (identity where elastic)
    dEe = np.broadcast_to(np.eye(4), C_ep.shape).copy()
    dEe[plastic] = mm / 3.0 + beta[plastic][:, None, None] * (P_DEV[None] - nn[plastic])
    return ReturnMap(eps_e, eps_p, dEe, C_ep, plastic)


def von_mises_Pa(sigma: np.ndarray) -> np.ndarray:
    """Von Mises equivalent stress of Mandel stresses (M, 4)."""
    s = sigma @ P_DEV.T
    return np.sqrt(1.5 * np.einsum("ei,ei->e", s, s))
