"""Materials of the phase-field model: elasticity, J2 yield from hardness, fracture, mixing.

All values SI (Pa, J/m², m).  Sources of numbers live in the parameter sets
(``sselab/data/fem/*.toml``), not here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sselab.errors import InputError, require_positive


@dataclass(frozen=True)
class RegionMaterial:
    """Material of one mesh region.

    Attributes
    ----------
    E_Pa, nu : Young's modulus and Poisson ratio.
    yield_stress_Pa : J2 yield stress (``math.inf`` = purely elastic).
    fracture_energy_J_per_m2 : critical energy release rate Gc.
    eigenstrain_at_full : isotropic linear eigenstrain at load parameter 1 (e.g. SoC 1).
    """

    name: str
    E_Pa: float
    nu: float
    fracture_energy_J_per_m2: float
    yield_stress_Pa: float = math.inf
    eigenstrain_at_full: float = 0.0

    def __post_init__(self) -> None:
        require_positive(f"{self.name}: Young's modulus", self.E_Pa, "Pa")
        require_positive(f"{self.name}: fracture energy", self.fracture_energy_J_per_m2, "J/m2")
        if not (-1.0 < self.nu < 0.5):
            raise InputError(f"{self.name}: Poisson ratio must be in (-1, 0.5), got {self.nu}")
        if not self.yield_stress_Pa > 0:
            raise InputError(f"{self.name}: yield stress must be > 0 (inf for elastic)")

    @property
    def lame_Pa(self) -> tuple[float, float]:
        """(λ, μ), Pa."""
        return lame_Pa(self.E_Pa, self.nu)

    @property
    def bulk_Pa(self) -> float:
        """Bulk modulus K = E/(3(1 − 2ν)), Pa."""
        return self.E_Pa / (3.0 * (1.0 - 2.0 * self.nu))


def lame_Pa(E_Pa: float, nu: float) -> tuple[float, float]:
    """Lamé constants λ = Eν/((1+ν)(1−2ν)), μ = E/(2(1+ν)) (3D values, used in plane strain)."""
    return E_Pa * nu / ((1 + nu) * (1 - 2 * nu)), E_Pa / (2 * (1 + nu))


def tabor_yield_stress_Pa(hardness_Pa: float, tabor_factor: float = 3.0) -> float:
    """Yield stress from indentation hardness, σ_y = H/C (Tabor 1951; C ≈ 3 when fully plastic)."""
    require_positive("hardness", hardness_Pa, "Pa")
    require_positive("Tabor factor", tabor_factor)
    return hardness_Pa / tabor_factor


def volume_fraction(mass_fraction: float, density_particle: float, density_matrix: float) -> float:
    """Volume fraction of particles with mass fraction w: (w/ρ_p)/(w/ρ_p + (1 − w)/ρ_m)."""
    if not 0.0 < mass_fraction < 1.0:
        raise InputError(f"mass fraction must be in (0, 1), got {mass_fraction}")
    a = mass_fraction / density_particle
    return a / (a + (1.0 - mass_fraction) / density_matrix)


def mori_tanaka(E_m: float, nu_m: float, E_p: float, nu_p: float, f: float) -> tuple[float, float]:
    """Mori–Tanaka (= Hashin–Shtrikman bound with the matrix as reference) for spherical particles.

    K = K_m + f (K_p − K_m) / (1 + (1 − f)(K_p − K_m)/(K_m + 4μ_m/3)),
    μ = μ_m + f (μ_p − μ_m) / (1 + (1 − f)(μ_p − μ_m)/(μ_m + ζ)),
    ζ = μ_m (9K_m + 8μ_m)/(6(K_m + 2μ_m)).  Returns (E, ν).
    """
    if not 0.0 <= f < 1.0:
        raise InputError(f"particle volume fraction must be in [0, 1), got {f}")
    Km, mum = E_m / (3 * (1 - 2 * nu_m)), E_m / (2 * (1 + nu_m))
    Kp, mup = E_p / (3 * (1 - 2 * nu_p)), E_p / (2 * (1 + nu_p))
    K = Km + f * (Kp - Km) / (1 + (1 - f) * (Kp - Km) / (Km + 4 * mum / 3))
    zeta = mum * (9 * Km + 8 * mum) / (6 * (Km + 2 * mum))
    mu = mum + f * (mup - mum) / (1 + (1 - f) * (mup - mum) / (mum + zeta))
    E = 9 * K * mu / (3 * K + mu)
    nu = (3 * K - 2 * mu) / (2 * (3 * K + mu))
    return E, nu


def levin_eigenstrain(K_m: float, K_p: float, K_eff: float, eps_m: float, eps_p: float) -> float:
    """Effective isotropic eigenstrain of a two-phase composite (Levin 1967).

    ε_eff = ε_m + (ε_p − ε_m)·(1/K_eff − 1/K_m)/(1/K_p − 1/K_m); exact for two
    isotropic phases with isotropic eigenstrains, given the effective bulk modulus.
    """
    if K_p == K_m:
        return eps_m + (eps_p - eps_m) * 0.5
    return eps_m + (eps_p - eps_m) * (1 / K_eff - 1 / K_m) / (1 / K_p - 1 / K_m)


def rigid_particle_flow_factor(f: float) -> float:
    """Flow-stress ratio σ_y,composite/σ_y,matrix = √(1 + 3f/2) for rigid spheres in a J2 matrix.

    Ponte Castañeda's (1991) variational estimate for a rigid–perfectly plastic
    (incompressible) matrix with rigid spherical particles at volume fraction f:
    the Hashin–Shtrikman linear comparison μ̃/μ = (1 + 3f/2)/(1 − f) with the
    matrix energy weighted by (1 − f) gives σ̄₀ = σ₀ √((1 − f) μ̃/μ) = σ₀ √(1 + 3f/2).
    """
    if not 0.0 <= f < 1.0:
        raise InputError(f"particle volume fraction must be in [0, 1), got {f}")
    return math.sqrt(1.0 + 1.5 * f)
