"""Is the chosen contact model valid for this contact?  Tabor parameter and adhesion ratio.

Tabor (1977) parameter::

    μ = (R w² / (E*² z0³))^(1/3)

with w the work of adhesion (J/m², estimated from the pull-off force, see
:func:`sselab.mechanics.afm.models.work_of_adhesion`), E* the effective
modulus and z0 the equilibrium separation of the surfaces (default 0.3 nm,
from ``sselab/data/mechanics/afm_validity.toml``).  Johnson & Greenwood
(1997) map: DMT for μ ≲ 0.1, JKR for μ ≳ 5, the Maugis–Dugdale transition
in between.  Adhesion can be ignored altogether (Hertz) only when
|F_adh/F_max| ≲ 0.05.  The paraboloid approximation of a spherical tip also
needs δ_max/R small (≤ 0.3 here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from sselab.parameters import ParameterSet, load_parameter_set


@dataclass(frozen=True)
class ValidityLimits:
    """Limits used by :func:`assess` (values from ``afm_validity.toml``)."""

    z0_m: float
    dmt_mu_max: float
    jkr_mu_min: float
    hertz_adhesion_ratio_max: float
    depth_to_radius_max: float


@cache
def validity_parameters() -> ParameterSet:
    """The packaged parameter set ``mechanics/afm_validity``."""
    return load_parameter_set("mechanics/afm_validity")


def default_limits() -> ValidityLimits:
    """Limits from the packaged parameter set."""
    p = validity_parameters()
    return ValidityLimits(
        z0_m=float(p.value("tabor.z0")),
        dmt_mu_max=float(p.value("dmt.mu_max")),
        jkr_mu_min=float(p.value("jkr.mu_min")),
        hertz_adhesion_ratio_max=float(p.value("hertz.adhesion_ratio_max")),
        depth_to_radius_max=float(p.value("paraboloid.depth_to_radius_max")),
    )


def tabor_parameter(radius_m, work_of_adhesion_J_per_m2, reduced_modulus_Pa, z0_m=0.3e-9):
    """μ = (R w²/(E*² z0³))^(1/3) (dimensionless; works on scalars and arrays)."""
    r = np.asarray(radius_m, dtype=float)
    w = np.asarray(work_of_adhesion_J_per_m2, dtype=float)
    e = np.asarray(reduced_modulus_Pa, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = np.cbrt(r * w * w / (e * e * float(z0_m) ** 3))
    return float(mu) if np.ndim(mu) == 0 else mu


def assess(
    model: str,
    *,
    adhesion_ratio: float,
    tabor: float,
    depth_to_radius: float = math.nan,
    limits: ValidityLimits | None = None,
) -> tuple[bool, tuple[str, ...]]:
    """(valid, warnings) for ``model`` given |F_adh/F_max|, μ and δ_max/R.

    A NaN input is not judged (e.g. μ without a radius for a cone).
    """
    lim = limits or default_limits()
    warn: list[str] = []
    if model == "hertz" and adhesion_ratio > lim.hertz_adhesion_ratio_max:
        warn.append(
            f"|F_adh/F_max| = {adhesion_ratio:.3g} > {lim.hertz_adhesion_ratio_max:g}: adhesion "
            "is not negligible, Hertz is outside its validity; use DMT or JKR"
        )
    if model == "dmt" and tabor > lim.dmt_mu_max:
        warn.append(
            f"Tabor parameter μ = {tabor:.3g} > {lim.dmt_mu_max:g} (z0 = {lim.z0_m * 1e9:g} nm): "
            "DMT is outside its validity (compliant or strongly adhering contact); compare with JKR"
        )
    if model == "jkr" and tabor < lim.jkr_mu_min:
        warn.append(
            f"Tabor parameter μ = {tabor:.3g} < {lim.jkr_mu_min:g} (z0 = {lim.z0_m * 1e9:g} nm): "
            "JKR is outside its validity (stiff or weakly adhering contact); compare with DMT"
        )
    if depth_to_radius > lim.depth_to_radius_max:
        warn.append(
            f"δ_max/R = {depth_to_radius:.3g} > {lim.depth_to_radius_max:g}: the paraboloid "
            "approximation of a spherical tip overestimates the force; indent less deeply"
        )
    return (not warn), tuple(warn)
