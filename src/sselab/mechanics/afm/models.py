"""Contact-mechanics models of an AFM tip indenting an elastic half-space.

Every model gives the force F (N, positive repulsive) as a function of the
indentation δ (m, positive into the sample) and the effective modulus
E* = E/(1 − ν²) (Pa; rigid tip, see :func:`sselab.mechanics.afm.tip.reduced_modulus`).

Models
------
Hertz, paraboloid (Hertz 1882; Sneddon 1965, Int. J. Eng. Sci. 3, 47)::

    F = (4/3) E* √R δ^(3/2)

valid for δ ≪ R, small strains, no adhesion (|F_adh/F_max| ≲ 0.05).

Hertz/Sneddon, cone of half-angle α (Sneddon 1965; Love 1939)::

    F = (2/π) E* tan α δ²

Three-sided pyramid, face half-angle α (Bilodeau 1992, J. Appl. Mech. 59, 519;
the approximation used by JPK Data Processing and nanite)::

    F = 0.8887 E* tan α δ²

Four-sided pyramid, face half-angle α (Bilodeau 1992)::

    F = 0.7453 E* tan α δ²

DMT (Derjaguin, Muller & Toporov 1975, J. Colloid Interface Sci. 53, 314),
paraboloid, adhesion acting outside the contact::

    F = (4/3) E* √R δ^(3/2) − F_adh,      F_adh = 2π R w

valid for stiff, weakly adhering, small-radius contacts: Tabor parameter
μ ≲ 0.1 (Johnson & Greenwood 1997, J. Colloid Interface Sci. 192, 326).
The tip leaves the surface at δ = 0 with F = −F_adh; this is the model of
Bruker's PeakForce-QNM "DMT modulus".

JKR (Johnson, Kendall & Roberts 1971, Proc. R. Soc. A 324, 301), paraboloid,
adhesion inside the contact, contact radius a as parameter::

    F = 4E* a³/(3R) − √(8π w E* a³),      δ = a²/R − √(2π w a / E*)

In reduced form with F_c = (3/2)π w R (pull-off force under load control),
a0³ = 9π w R²/(2E*), δ0 = a0²/R and α = a/a0::

    F/F_c = 4α³ − 4α^(3/2),        δ/δ0 = α² − (2/3)√α

Under displacement control (an AFM cantilever is stiff compared with the
instability here) the tip jumps off at α = 6^(−2/3), δ = −3·6^(−4/3) δ0 and
F = −(5/9) F_c.  Valid for compliant, strongly adhering contacts: μ ≳ 5.
Between 0.1 and 5 neither limit is exact (Maugis–Dugdale transition).
"""

from __future__ import annotations

import math

import numpy as np

from sselab.errors import InputError
from sselab.mechanics.afm.tip import TipGeometry

#: Contact models that :func:`sselab.mechanics.afm.fit.fit_curve` can fit.
MODELS = ("hertz", "dmt", "jkr")

#: Bilodeau (1992) prefactors of the pyramid models (times E* tan α δ²).
PYRAMID3_FACTOR = 0.8887
PYRAMID4_FACTOR = 0.7453

#: Reduced contact radius α = a/a0 at which a displacement-controlled JKR contact breaks.
JKR_ALPHA_MIN = 6.0 ** (-2.0 / 3.0)


def power_law(tip: TipGeometry) -> tuple[float, float]:
    """(prefactor, exponent) with F = prefactor · E* · δ^exponent for a Hertz contact of ``tip``.

    The prefactor carries the geometry: (4/3)√R for a paraboloid (m^½),
    (2/π) tan α for a cone and 0.8887 / 0.7453 tan α for pyramids (dimensionless).
    """
    if tip.shape == "paraboloid":
        return (4.0 / 3.0) * math.sqrt(tip.radius_m), 1.5
    t = math.tan(tip.half_angle_rad)
    if tip.shape == "cone":
        return (2.0 / math.pi) * t, 2.0
    if tip.shape == "pyramid":
        return PYRAMID3_FACTOR * t, 2.0
    return PYRAMID4_FACTOR * t, 2.0


def hertz_force(indentation_m: np.ndarray, reduced_modulus_Pa: float, tip: TipGeometry) -> np.ndarray:
    """Hertz/Sneddon force for ``tip`` (0 where δ ≤ 0), N."""
    pref, expo = power_law(tip)
    d = np.clip(np.asarray(indentation_m, dtype=float), 0.0, None)
    return pref * reduced_modulus_Pa * d**expo


def dmt_force(
    indentation_m: np.ndarray, reduced_modulus_Pa: float, radius_m: float, adhesion_force_N: float
) -> np.ndarray:
    """DMT force (4/3)E*√R δ^{3/2} − F_adh for δ ≥ 0 and −F_adh at δ < 0 (still in contact), N.

    Out-of-contact points (after pull-off) are not modelled: the caller
    restricts the data to the contact part.
    """
    d = np.clip(np.asarray(indentation_m, dtype=float), 0.0, None)
    return (4.0 / 3.0) * reduced_modulus_Pa * math.sqrt(radius_m) * d**1.5 - adhesion_force_N


def jkr_scales(reduced_modulus_Pa: float, radius_m: float, pulloff_force_N: float) -> tuple[float, float]:
    """(F_c, δ0): force and indentation scales of a JKR contact.

    ``pulloff_force_N`` is F_c = (3/2)π w R (load-controlled pull-off,
    positive); δ0 = a0²/R with a0³ = 9π w R²/(2E*) = 3 F_c R/E*.
    """
    if not (reduced_modulus_Pa > 0 and radius_m > 0 and pulloff_force_N > 0):
        raise InputError("JKR scales need E* > 0, R > 0 and a positive pull-off force")
    a0 = (3.0 * pulloff_force_N * radius_m / reduced_modulus_Pa) ** (1.0 / 3.0)
    return pulloff_force_N, a0 * a0 / radius_m


def jkr_alpha(reduced_indentation: np.ndarray) -> np.ndarray:
    """Reduced contact radius α on the stable JKR branch for δ/δ0 (clamped at the jump-off point).

    With s = √α the equation is s⁴ − (2/3)s − u = 0, convex and increasing for
    s ≥ s_min = 6^(−1/3) (where its slope vanishes: the jump-off fold).  The
    start value is an upper bound of the root (the quadratic expansion at the
    fold, then one fixed-point step), so Newton's method converges
    monotonically; the result is exact to round-off, also next to the fold.
    """
    u = np.asarray(reduced_indentation, dtype=float)
    s_min = math.sqrt(JKR_ALPHA_MIN)
    u_min = s_min**4 - (2.0 / 3.0) * s_min
    u = np.maximum(u, u_min)
    a_up = s_min + np.sqrt(2.0 * (u - u_min) / (12.0 * s_min**2))  # ≥ root (f''' > 0)
    s = np.sqrt(np.sqrt(u + (2.0 / 3.0) * a_up))  # fixed-point step: still ≥ root, closer
    for _ in range(100):
        f = s**4 - (2.0 / 3.0) * s - u
        df = 4.0 * s**3 - 2.0 / 3.0
        step = np.where(df > 0, f / np.where(df > 0, df, 1.0), 0.0)
        s = np.maximum(s - step, s_min)
        if np.all(np.abs(step) <= 4e-16 * s):
            break
    return s * s


def jkr_force(
    indentation_m: np.ndarray, reduced_modulus_Pa: float, radius_m: float, pulloff_force_N: float
) -> np.ndarray:
    """JKR force on the stable (displacement-controlled) branch, N.

    Parameters
    ----------
    indentation_m : array
        δ, m, measured from the point where the undeformed surfaces touch.
        Values below the jump-off indentation −3·6^(−4/3) δ0 are clamped there.
    reduced_modulus_Pa, radius_m : float
        E* and R.
    pulloff_force_N : float
        F_c = (3/2)π w R, N (positive).
    """
    fc, d0 = jkr_scales(reduced_modulus_Pa, radius_m, pulloff_force_N)
    a = jkr_alpha(np.asarray(indentation_m, dtype=float) / d0)
    return fc * (4.0 * a**3 - 4.0 * a**1.5)


def jkr_indentation(alpha: np.ndarray, reduced_modulus_Pa: float, radius_m: float,
                    pulloff_force_N: float) -> np.ndarray:
    """δ(α) of a JKR contact, m (the forward map, for generating curves)."""
    _, d0 = jkr_scales(reduced_modulus_Pa, radius_m, pulloff_force_N)
    a = np.asarray(alpha, dtype=float)
    return d0 * (a**2 - (2.0 / 3.0) * np.sqrt(a))


def work_of_adhesion(model: str, adhesion_force_N: float, radius_m: float) -> float:
    """Work of adhesion w, J/m², from the pull-off force of ``model``.

    DMT (and Hertz, as the conservative lower estimate): w = F_adh/(2πR);
    JKR: w = F_c/(1.5πR) with F_c the load-controlled pull-off force.
    """
    if not (radius_m > 0) or not math.isfinite(adhesion_force_N):
        return math.nan
    f = max(float(adhesion_force_N), 0.0)
    if model == "jkr":
        return f / (1.5 * math.pi * radius_m)
    return f / (2.0 * math.pi * radius_m)
