"""Element stress update: eigenstrain, J2 return mapping, energy split, degradation.

For each element (constant strain): elastic trial strain ε − ε_p,old − ε*·m,
radial return on the *effective* (undamaged) stress, split of the elastic
energy into ψ⁺ (degraded) and ψ⁻, then σ = g·σ⁺ + σ⁻ with tangent
(g·D⁺ + D⁻)·∂ε_e/∂ε.  Plastic flow is driven by the undamaged stress and the
phase field by ψ⁺ of the elastic strain only (no plastic-work driving term).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sselab.fem.plasticity import radial_return
from sselab.fem.split import M_VEC, split_energy


class StressUpdate(NamedTuple):
    """Result of the constitutive update of all elements."""

    sigma: np.ndarray  # (M, 4) Pa
    D: np.ndarray  # (M, 4, 4) Pa
    psi_pos: np.ndarray  # (M,) J/m³
    psi_neg: np.ndarray
    eps_p: np.ndarray  # (M, 4)
    plastic: np.ndarray  # (M,) bool


def stress_update(eps: np.ndarray, eps_p_old: np.ndarray, eps_star: np.ndarray, g: np.ndarray,
                  lam: np.ndarray, mu: np.ndarray, yield_Pa: np.ndarray, split: str,
                  hybrid: bool = False, plasticity: bool = True) -> StressUpdate:
    """Stresses and tangents of all elements.

    Parameters
    ----------
    eps : (M, 4) total Mandel strain; eps_p_old : (M, 4) plastic strain at the last converged step;
    eps_star : (M,) isotropic eigenstrain; g : (M,) element-mean degradation;
    lam, mu, yield_Pa : (M,) material arrays; split : energy split;
    hybrid : if True the stress uses isotropic degradation and only ψ⁺ uses the split
        (Ambati, Gerasimov & De Lorenzis 2015); plasticity : apply the return mapping.
    """
    if plasticity and np.any(np.isfinite(yield_Pa)):
        rm = radial_return(eps, eps_p_old, eps_star, lam, mu, yield_Pa)
        eps_e, eps_p, dEe, plastic = rm.eps_e, rm.eps_p, rm.dEe_dE, rm.plastic
    else:
        eps_e = eps - eps_p_old - eps_star[:, None] * M_VEC[None]
        eps_p, dEe, plastic = eps_p_old, None, np.zeros(eps.shape[0], bool)
    if hybrid and split != "none":
        stress_part = split_energy(eps_e, lam, mu, "none")
        psi_part = split_energy(eps_e, lam, mu, split, tangent=False)
        psi_pos, psi_neg = psi_part.psi_pos, psi_part.psi_neg
    else:
        stress_part = split_energy(eps_e, lam, mu, split)
        psi_pos, psi_neg = stress_part.psi_pos, stress_part.psi_neg
    sigma = g[:, None] * stress_part.sigma_pos + stress_part.sigma_neg
    D = g[:, None, None] * stress_part.D_pos + stress_part.D_neg
    if dEe is not None and np.any(plastic):
        D = np.matmul(D, dEe)  # symmetric except for the spectral split with g < 1
    return StressUpdate(sigma, D, psi_pos, psi_neg, eps_p, plastic)
