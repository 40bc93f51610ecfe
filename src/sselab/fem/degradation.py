"""Degradation function and crack-surface densities (AT1, AT2).

Degradation ``g(phi) = (1 - phi)^2 + k`` with a small residual stiffness
``k``.  Crack-surface density γ(φ, ∇φ) = (w(φ)/ℓ + ℓ|∇φ|²)/c_w with

* AT2: w(φ) = φ², c_w = 2 (Ambrosio–Tortorelli; Miehe, Hofacker & Welschinger 2010);
* AT1: w(φ) = φ,  c_w = 8/3 (Pham, Amor, Marigo & Maurini 2011; an elastic stage
  before damage, needs the bound constraint φ ≥ φ_old).

Homogeneous 1D solution of AT2 under monotone loading (k = 0):
σ_c = (3√3/16)·√(E·Gc/ℓ) (Pham et al. 2011; Tanné et al. 2018).
"""

from __future__ import annotations

import math

import numpy as np

MODELS = ("AT2", "AT1")


def degradation(phi: np.ndarray, k: float = 0.0) -> np.ndarray:
    """g(φ) = (1 − φ)² + k."""
    return (1.0 - phi) ** 2 + k


def element_mean_degradation(phi_nodes: np.ndarray, t: np.ndarray, k: float = 0.0) -> np.ndarray:
    """Exact mean of g over each P1 triangle.

    For a linear φ with vertex values a, b, c the mean of (1−φ)² is
    (A² + B² + C² + AB + BC + CA)/6 with A = 1 − a etc.
    """
    a = 1.0 - phi_nodes[t]
    return (
        (a[0] ** 2 + a[1] ** 2 + a[2] ** 2 + a[0] * a[1] + a[1] * a[2] + a[2] * a[0]) / 6.0 + k
    )


def c_w(model: str) -> float:
    """Normalisation c_w of the crack-surface density (2 for AT2, 8/3 for AT1)."""
    if model == "AT2":
        return 2.0
    if model == "AT1":
        return 8.0 / 3.0
    raise ValueError(f"unknown phase-field model {model!r}; use AT2 or AT1")


def at2_critical_stress_Pa(E_Pa: float, Gc_J_per_m2: float, length_scale_m: float) -> float:
    """Peak homogeneous stress of the AT2 model, (3√3/16)·√(E·Gc/ℓ)."""
    return 3.0 * math.sqrt(3.0) / 16.0 * math.sqrt(E_Pa * Gc_J_per_m2 / length_scale_m)


def at1_critical_stress_Pa(E_Pa: float, Gc_J_per_m2: float, length_scale_m: float) -> float:
    """Elastic limit of the AT1 model, √(3·E·Gc/(8ℓ))."""
    return math.sqrt(3.0 * E_Pa * Gc_J_per_m2 / (8.0 * length_scale_m))
