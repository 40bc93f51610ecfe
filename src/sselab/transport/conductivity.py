"""Pellet geometry and the conductivity σ = L / (R·A) with propagated uncertainty.

For a pellet of thickness L between two blocking electrodes of area A, an ionic
resistance R gives

    σ = L / (R·A)                      (S m⁻¹)

and, for independent uncertainties u(R), u(L), u(A) (first-order propagation),

    (u(σ)/σ)² = (u(R)/R)² + (u(L)/L)² + (u(A)/A)²,   with u(A)/A = 2·u(d)/d for a disc.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sselab.errors import InputError, require_positive


@dataclass(frozen=True)
class Pellet:
    """A cylindrical (or any flat) pellet between two electrodes.

    Give the diameter (disc, A = π d²/4) or the electrode area directly.

    Parameters
    ----------
    thickness_m : float
        Pellet thickness L, m.
    diameter_m : float, optional
        Disc diameter d, m.
    area_m2 : float, optional
        Electrode area A, m² (instead of ``diameter_m``).
    thickness_stderr_m, diameter_stderr_m, area_stderr_m2 : float
        Standard uncertainties of the geometry (0 = exact).
    """

    thickness_m: float
    diameter_m: float | None = None
    area_m2: float | None = None
    thickness_stderr_m: float = 0.0
    diameter_stderr_m: float = 0.0
    area_stderr_m2: float = 0.0

    def __post_init__(self) -> None:
        require_positive("pellet thickness", self.thickness_m, "m")
        if (self.diameter_m is None) == (self.area_m2 is None):
            raise InputError("give the pellet diameter or its electrode area, exactly one of them")
        if self.diameter_m is not None:
            require_positive("pellet diameter", self.diameter_m, "m")
        else:
            require_positive("electrode area", self.area_m2, "m²")
        for name in ("thickness_stderr_m", "diameter_stderr_m", "area_stderr_m2"):
            v = float(getattr(self, name))
            if not (v >= 0.0) or not math.isfinite(v):
                raise InputError(f"{name} must be a finite number ≥ 0, got {v!r}")
        if self.thickness_m > 0.1 or (self.diameter_m or 0.0) > 1.0:
            raise InputError(
                f"pellet of thickness {self.thickness_m} m and diameter {self.diameter_m} m is "
                "implausibly large; give lengths in metres (e.g. 0.8 mm = 8e-4)"
            )

    @classmethod
    def from_mm(cls, thickness_mm: float, diameter_mm: float, thickness_stderr_mm: float = 0.0,
                diameter_stderr_mm: float = 0.0) -> Pellet:
        """A disc pellet from millimetres (the usual lab units)."""
        return cls(thickness_m=thickness_mm * 1e-3, diameter_m=diameter_mm * 1e-3,
                   thickness_stderr_m=thickness_stderr_mm * 1e-3,
                   diameter_stderr_m=diameter_stderr_mm * 1e-3)

    @property
    def electrode_area_m2(self) -> float:
        """A, m² (π d²/4 for a disc)."""
        if self.area_m2 is not None:
            return float(self.area_m2)
        return math.pi * float(self.diameter_m) ** 2 / 4.0  # type: ignore[arg-type]

    @property
    def electrode_area_stderr_m2(self) -> float:
        """u(A), m² (2·A·u(d)/d for a disc)."""
        if self.area_m2 is not None:
            return float(self.area_stderr_m2)
        return 2.0 * self.electrode_area_m2 * self.diameter_stderr_m / float(self.diameter_m)  # type: ignore[arg-type]

    @property
    def cell_constant_per_m(self) -> float:
        """Cell constant L/A, m⁻¹."""
        return self.thickness_m / self.electrode_area_m2


@dataclass(frozen=True)
class ConductivityResult:
    """σ = L/(R·A) and its uncertainty budget.

    Attributes
    ----------
    conductivity_S_per_m, conductivity_stderr_S_per_m : float
        σ and u(σ), S m⁻¹.
    resistance_ohm, resistance_stderr_ohm : float
        The resistance used, Ω.
    cell_constant_per_m : float
        L/A, m⁻¹.
    relative_contributions : tuple of (str, float)
        (source, u_i/σ) for "resistance", "thickness", "area".
    """

    conductivity_S_per_m: float
    conductivity_stderr_S_per_m: float
    resistance_ohm: float
    resistance_stderr_ohm: float
    cell_constant_per_m: float
    relative_contributions: tuple[tuple[str, float], ...]

    @property
    def conductivity_mS_per_cm(self) -> float:
        """σ in mS cm⁻¹ (for display)."""
        return self.conductivity_S_per_m * 10.0

    @property
    def conductivity_stderr_mS_per_cm(self) -> float:
        """u(σ) in mS cm⁻¹."""
        return self.conductivity_stderr_S_per_m * 10.0

    @property
    def relative_stderr(self) -> float:
        """u(σ)/σ."""
        return self.conductivity_stderr_S_per_m / self.conductivity_S_per_m


def conductivity_from_resistance(resistance_ohm: float, pellet: Pellet,
                                 resistance_stderr_ohm: float = 0.0) -> ConductivityResult:
    """σ = L/(R·A) with first-order propagation of u(R), u(L), u(A).

    Parameters
    ----------
    resistance_ohm : float
        Ionic resistance R of the pellet, Ω (> 0).
    pellet : Pellet
        Geometry (with its uncertainties).
    resistance_stderr_ohm : float
        Standard uncertainty of R, Ω (e.g. from a fit covariance); nan is propagated as nan.

    Returns
    -------
    ConductivityResult
    """
    r = require_positive("resistance", resistance_ohm, "Ω")
    ur = float(resistance_stderr_ohm)
    if ur < 0:
        raise InputError(f"resistance uncertainty must be ≥ 0, got {ur}")
    a = pellet.electrode_area_m2
    sigma = pellet.thickness_m / (r * a)
    parts = (
        ("resistance", ur / r),
        ("thickness", pellet.thickness_stderr_m / pellet.thickness_m),
        ("area", pellet.electrode_area_stderr_m2 / a),
    )
    rel = math.sqrt(sum(p * p for _, p in parts))
    return ConductivityResult(
        conductivity_S_per_m=sigma,
        conductivity_stderr_S_per_m=sigma * rel,
        resistance_ohm=r,
        resistance_stderr_ohm=ur,
        cell_constant_per_m=pellet.cell_constant_per_m,
        relative_contributions=parts,
    )


def resistance_from_conductivity(conductivity_S_per_m: float, pellet: Pellet) -> float:
    """R = L/(σ·A), Ω: the resistance a pellet of conductivity σ shows."""
    s = require_positive("conductivity", conductivity_S_per_m, "S/m")
    return pellet.thickness_m / (s * pellet.electrode_area_m2)
