"""AFM tip geometry and the effective (reduced) modulus of a tip–sample contact."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sselab.errors import InputError, require_positive

#: Tip shapes understood by the contact models.
GEOMETRIES = ("paraboloid", "cone", "pyramid", "pyramid4")


@dataclass(frozen=True)
class TipGeometry:
    """Shape of the indenting tip.

    Parameters
    ----------
    shape : {"paraboloid", "cone", "pyramid", "pyramid4"}
        ``paraboloid``: a sphere of radius R approximated by a paraboloid
        (valid for indentation δ ≪ R).  ``cone``: a cone of half-opening
        angle α.  ``pyramid``: a three-sided pyramid, α the face half-angle
        (the JPK / nanite convention).  ``pyramid4``: a four-sided pyramid,
        α the face half-angle (Bilodeau 1992).
    radius_m : float
        Tip radius R, m (paraboloid only; required there).
    half_angle_deg : float
        Half-opening / face angle α, degrees (cone and pyramids; 0 < α < 90).
    """

    shape: str = "paraboloid"
    radius_m: float = math.nan
    half_angle_deg: float = math.nan

    def __post_init__(self) -> None:
        if self.shape not in GEOMETRIES:
            raise InputError(
                f"unknown tip shape {self.shape!r}; use one of {', '.join(GEOMETRIES)}"
            )
        if self.shape == "paraboloid":
            require_positive("tip radius", self.radius_m, "m")
        else:
            a = float(self.half_angle_deg)
            if not (0.0 < a < 90.0):
                raise InputError(
                    f"a {self.shape} tip needs a half-angle between 0 and 90 degrees, "
                    f"got {self.half_angle_deg!r}"
                )

    @property
    def half_angle_rad(self) -> float:
        """α in radians (NaN for a paraboloid)."""
        return math.radians(self.half_angle_deg)

    def describe(self) -> str:
        """Short human description, e.g. ``"paraboloid R = 8 nm"``."""
        if self.shape == "paraboloid":
            return f"paraboloid R = {self.radius_m * 1e9:g} nm"
        return f"{self.shape} α = {self.half_angle_deg:g}°"


def reduced_modulus(
    youngs_modulus_Pa: float,
    poisson_ratio: float,
    tip_modulus_Pa: float = math.inf,
    tip_poisson_ratio: float = 0.0,
) -> float:
    """Effective modulus E* of the contact, Pa.

    1/E* = (1 − ν²)/E + (1 − ν_t²)/E_t ; with a rigid tip (E_t = ∞) E* = E/(1 − ν²).
    """
    _check_nu(poisson_ratio)
    inv = (1.0 - poisson_ratio**2) / youngs_modulus_Pa
    if math.isfinite(tip_modulus_Pa):
        inv += (1.0 - tip_poisson_ratio**2) / tip_modulus_Pa
    return 1.0 / inv


def youngs_from_reduced(
    reduced_modulus_Pa: float,
    poisson_ratio: float,
    tip_modulus_Pa: float = math.inf,
    tip_poisson_ratio: float = 0.0,
) -> float:
    """Sample Young's modulus E from the effective modulus E*, Pa (inverse of :func:`reduced_modulus`).

    Returns NaN when E* is not positive or not smaller than the tip's own
    contribution allows (the tip would have to be softer than the contact).
    """
    _check_nu(poisson_ratio)
    inv = 1.0 / reduced_modulus_Pa if reduced_modulus_Pa > 0 else math.inf
    if math.isfinite(tip_modulus_Pa):
        inv -= (1.0 - tip_poisson_ratio**2) / tip_modulus_Pa
    if not (inv > 0.0) or not math.isfinite(inv):
        return math.nan
    return (1.0 - poisson_ratio**2) / inv


def _check_nu(nu: float) -> None:
    if not (-1.0 < float(nu) < 0.5 + 1e-12):
        raise InputError(f"Poisson's ratio must lie in (−1, 0.5], got {nu!r}")
