"""Strain-energy splits in Mandel notation (plane strain, constant strain per element).

Strains and stresses are 4-vectors in Mandel notation,
``(xx, yy, zz, √2·xy)``, so that σ:ε is the dot product and tangents are
symmetric 4×4 matrices.  Every split returns the tensile (degraded) and
compressive parts of the stress and their tangents, and ψ⁺ for the history
field:

``none``     ψ⁺ = ψ, ψ⁻ = 0 (isotropic degradation)
``voldev``   Amor, Marigo & Maurini (2009): ψ⁺ = K/2⟨tr ε⟩₊² + μ ε_dev:ε_dev,
             ψ⁻ = K/2⟨tr ε⟩₋²
``spectral`` Miehe, Hofacker & Welschinger (2010): ψ⁺ = λ/2⟨tr ε⟩₊² + μ Σ⟨ε_i⟩₊²,
             principal strains ε_i (in-plane eigenvalues and ε_zz)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

SPLITS = ("none", "voldev", "spectral")
SQ2 = float(np.sqrt(2.0))
M_VEC = np.array([1.0, 1.0, 1.0, 0.0])
I4 = np.eye(4)
P_DEV = I4 - np.outer(M_VEC, M_VEC) / 3.0


class SplitResult(NamedTuple):
    """Parts of the stress (Pa) and tangents for each element."""

    sigma_pos: np.ndarray  # (M, 4)
    sigma_neg: np.ndarray  # (M, 4)
    D_pos: np.ndarray  # (M, 4, 4)
    D_neg: np.ndarray  # (M, 4, 4)
    psi_pos: np.ndarray  # (M,) J/m³
    psi_neg: np.ndarray  # (M,)


def isotropic_stiffness(lam: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """C = λ m⊗m + 2μ I in Mandel form, (M, 4, 4)."""
    lam = np.asarray(lam, float)
    mu = np.asarray(mu, float)
    return lam[:, None, None] * np.outer(M_VEC, M_VEC)[None] + 2.0 * mu[:, None, None] * I4[None]


def split_energy(eps_e: np.ndarray, lam: np.ndarray, mu: np.ndarray, kind: str,
                 tangent: bool = True) -> SplitResult:
    """Split the elastic energy of the elastic strains ``eps_e`` (M, 4).

    Parameters
    ----------
    eps_e : ndarray (M, 4)
        Elastic strain in Mandel notation.
    lam, mu : ndarray (M,)
        Lamé constants, Pa.
    kind : {"none", "voldev", "spectral"}
    tangent : bool
        Compute D⁺, D⁻ (else zeros).
    """
    if kind == "none":
        return _none(eps_e, lam, mu)
    if kind == "voldev":
        return _voldev(eps_e, lam, mu)
    if kind == "spectral":
        return _spectral(eps_e, lam, mu, tangent)
    raise ValueError(f"unknown split {kind!r}; use one of {', '.join(SPLITS)}")


def _none(e: np.ndarray, lam: np.ndarray, mu: np.ndarray) -> SplitResult:
    C = isotropic_stiffness(lam, mu)
    s = np.einsum("eij,ej->ei", C, e)
    psi = 0.5 * np.einsum("ei,ei->e", s, e)
    z = np.zeros_like(s)
    return SplitResult(s, z, C, np.zeros_like(C), psi, np.zeros_like(psi))


def _voldev(e: np.ndarray, lam: np.ndarray, mu: np.ndarray) -> SplitResult:
    K = lam + 2.0 * mu / 3.0
    tr = e @ M_VEC
    dev = e @ P_DEV.T
    trp, trn = np.maximum(tr, 0.0), np.minimum(tr, 0.0)
    s_pos = (K * trp)[:, None] * M_VEC[None] + 2.0 * mu[:, None] * dev
    s_neg = (K * trn)[:, None] * M_VEC[None]
    psi_pos = 0.5 * K * trp**2 + mu * np.einsum("ei,ei->e", dev, dev)
    psi_neg = 0.5 * K * trn**2
    mm = np.outer(M_VEC, M_VEC)[None]
    hp = (tr > 0).astype(float)
    D_pos = (K * hp)[:, None, None] * mm + 2.0 * mu[:, None, None] * P_DEV[None]
    D_neg = (K * (1.0 - hp))[:, None, None] * mm
    return SplitResult(s_pos, s_neg, D_pos, D_neg, psi_pos, psi_neg)


def _spectral_stress(e: np.ndarray, lam: np.ndarray, mu: np.ndarray):  # type: ignore[no-untyped-def]
    exx, eyy, ezz, exy = e[:, 0], e[:, 1], e[:, 2], e[:, 3] / SQ2
    mean = 0.5 * (exx + eyy)
    rad = np.sqrt((0.5 * (exx - eyy)) ** 2 + exy**2)
    e1, e2 = mean + rad, mean - rad
    # unit eigenvector of e1 (angle θ with tan 2θ = 2exy/(exx-eyy))
    theta = 0.5 * np.arctan2(2.0 * exy, exx - eyy)
    c, s = np.cos(theta), np.sin(theta)
    n1 = np.stack([c * c, s * s, np.zeros_like(c), SQ2 * c * s], axis=1)
    n2 = np.stack([s * s, c * c, np.zeros_like(c), -SQ2 * c * s], axis=1)
    n3 = np.zeros_like(n1)
    n3[:, 2] = 1.0
    tr = exx + eyy + ezz
    out = []
    for sign in (1.0, -1.0):
        f = (lambda x: np.maximum(x, 0.0)) if sign > 0 else (lambda x: np.minimum(x, 0.0))
        sig = (lam * f(tr))[:, None] * M_VEC[None] + 2.0 * mu[:, None] * (
            f(e1)[:, None] * n1 + f(e2)[:, None] * n2 + f(ezz)[:, None] * n3
        )
        psi = 0.5 * lam * f(tr) ** 2 + mu * (f(e1) ** 2 + f(e2) ** 2 + f(ezz) ** 2)
        out.append((sig, psi))
    return out


def _spectral(e: np.ndarray, lam: np.ndarray, mu: np.ndarray, tangent: bool) -> SplitResult:
    (sp, pp), (sn, pn) = _spectral_stress(e, lam, mu)
    Dp = np.zeros(e.shape + (4,))
    Dn = np.zeros(e.shape + (4,))
    if tangent:
        # central differences, step relative to the strain magnitude
        h = 1e-7 * np.maximum(np.abs(e).max(axis=1), 1e-8)
        for j in range(4):
            d = np.zeros_like(e)
            d[:, j] = h
            (a, _), (b, _) = _spectral_stress(e + d, lam, mu)
            (c2, _), (d2, _) = _spectral_stress(e - d, lam, mu)
            Dp[:, :, j] = (a - c2) / (2 * h[:, None])
            Dn[:, :, j] = (b - d2) / (2 * h[:, None])
        Dp = 0.5 * (Dp + Dp.transpose(0, 2, 1))
        Dn = 0.5 * (Dn + Dn.transpose(0, 2, 1))
    return SplitResult(sp, sn, Dp, Dn, pp, pn)
