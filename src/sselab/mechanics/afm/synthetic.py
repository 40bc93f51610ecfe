"""Synthetic force curves and force maps generated from a contact model (labelled synthetic).

Used by the tests (closed-form recovery) and by ``sselab reproduce`` (the
paper's AFM raw data are not public).  The generator works like an
instrument: the piezo z is ramped linearly, the cantilever (spring constant
k) and the sample settle at the force balance

    z − s_c = δ + F(δ)/k,

solved exactly for every z (Newton from the right on the convex branch of
Hertz/DMT; bisection in the contact radius for JKR), then a baseline
offset + tilt (∝ z) and Gaussian force noise are added to the *measured*
force.  The tip position a reader computes, s = z − F_measured/k, therefore
carries the noise too, as in real data.

Adhesion and hysteresis: on the approach the contact forms at z = s_c
(jump-in); on the retract a DMT contact breaks at δ = 0 (F = −F_adh) and a JKR
contact where the cantilever lets go (d(δ + F/k)/dα = 0, just before the
rigid-grip jump-off at F = −5/9 F_c).
"""

from __future__ import annotations

import math

import numpy as np

from sselab.errors import InputError
from sselab.mechanics.afm import models
from sselab.mechanics.afm.curve import APPROACH, RETRACT, ForceCurve
from sselab.mechanics.afm.tip import TipGeometry, reduced_modulus


def _contact_force(model: str, delta: np.ndarray, e_red: np.ndarray, tip: TipGeometry,
                   f_adh: np.ndarray) -> np.ndarray:
    pref, expo = models.power_law(tip)
    d = np.clip(delta, 0.0, None)
    if model == "jkr":
        return models.jkr_force(delta, float(e_red), tip.radius_m, float(f_adh))
    return pref * e_red * d**expo - (f_adh if model == "dmt" else 0.0)


def _solve_power(zrel: np.ndarray, c: np.ndarray, p: float, f0: np.ndarray, k: float) -> np.ndarray:
    """δ ≥ 0 with δ + (c δ^p − f0)/k = zrel (vectorised Newton from the right).

    The left side is convex and increasing in δ, so Newton's method started at
    the upper bound δ = zrel + f0/k converges monotonically; only elements not
    yet converged are iterated.
    """
    zrel, c, f0 = np.broadcast_arrays(np.asarray(zrel, float), np.asarray(c, float),
                                      np.asarray(f0, float))
    d = np.maximum(zrel + f0 / k, 0.0).reshape(-1)
    zf, cf, ff = zrel.reshape(-1), c.reshape(-1), f0.reshape(-1)
    act = np.nonzero(d > 0)[0]
    for _ in range(100):
        if act.size == 0:
            break
        da, ca = d[act], cf[act]
        dp1 = np.sqrt(da) if p == 1.5 else da ** (p - 1.0)
        h = da + (ca * da * dp1 - ff[act]) / k - zf[act]
        step = h / (1.0 + ca * p * dp1 / k)
        d[act] = np.maximum(da - step, 0.0)
        act = act[np.abs(step) > 1e-14 * np.maximum(d[act], 1e-300)]
    return d.reshape(zrel.shape)


def _jkr_jump_alpha(e_red: float, R: float, fc: float, k: float) -> float:
    """α where a cantilever of stiffness k jumps off a JKR contact: d(δ + F/k)/dα = 0.

    For a rigid cantilever this is 6^(−2/3); a finite k lets go a little earlier.
    """
    _, d0 = models.jkr_scales(e_red, R, fc)

    def slope(a: float) -> float:
        return d0 * (2 * a - (1.0 / 3.0) / math.sqrt(a)) + fc * (12 * a * a - 6 * math.sqrt(a)) / k

    lo, hi = models.JKR_ALPHA_MIN, 0.5 ** (2.0 / 3.0)  # slope < 0 at lo, > 0 at hi (F' = 0 there)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if slope(mid) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _solve_jkr(zrel: np.ndarray, e_red: float, R: float, fc: float, k: float,
               a_min: float) -> np.ndarray:
    """δ on the JKR branch α ≥ a_min with δ + F(δ)/k = zrel (bisection in α; monotone there)."""
    _, d0 = models.jkr_scales(e_red, R, fc)

    def h(a: np.ndarray) -> np.ndarray:
        return d0 * (a**2 - (2.0 / 3.0) * np.sqrt(a)) + fc * (4 * a**3 - 4 * a**1.5) / k - zrel

    lo = np.full(zrel.shape, a_min)
    hi = np.full(zrel.shape, 2.0)
    while np.any(h(hi) < 0):
        hi = np.where(h(hi) < 0, hi * 2.0, hi)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        pos = h(mid) > 0
        hi = np.where(pos, mid, hi)
        lo = np.where(pos, lo, mid)
    a = 0.5 * (lo + hi)
    return d0 * (a**2 - (2.0 / 3.0) * np.sqrt(a))


def synthetic_curve(
    model: str,
    youngs_modulus_Pa: float,
    poisson_ratio: float,
    tip: TipGeometry,
    spring_constant_N_per_m: float,
    max_force_N: float,
    *,
    adhesion_force_N: float = 0.0,
    n_points: int = 256,
    free_travel_m: float | None = None,
    noise_N: float = 0.0,
    baseline_offset_N: float = 0.0,
    baseline_slope_N_per_m: float = 0.0,
    contact_m: float = 0.0,
    rng: np.random.Generator | None = None,
    name: str = "synthetic",
) -> ForceCurve:
    """One approach + retract curve from ``model`` ("hertz", "dmt" or "jkr").

    Parameters
    ----------
    youngs_modulus_Pa, poisson_ratio : float
        Sample E and ν (rigid tip: E* = E/(1 − ν²)).
    tip : TipGeometry
    spring_constant_N_per_m : float
    max_force_N : float
        Force at the turning point (the setpoint), N.
    adhesion_force_N : float
        DMT F_adh or JKR F_c (load-controlled pull-off), N; ignored for Hertz.
    n_points : int
        Points per segment (approach and retract have the same z values).
    free_travel_m : float, optional
        Piezo travel before contact; default 1.5 × the travel in contact.
    noise_N, baseline_offset_N, baseline_slope_N_per_m : float
        Gaussian force noise (rms), baseline offset and tilt (∝ piezo z) added
        to the measured force.
    contact_m : float
        Tip position s_c of the contact point, m.
    """
    if model not in models.MODELS:
        raise InputError(f"unknown model {model!r}")
    if model in ("dmt", "jkr") and tip.shape != "paraboloid":
        raise InputError(f"{model} needs a paraboloidal tip")
    k = float(spring_constant_N_per_m)
    e_red = reduced_modulus(youngs_modulus_Pa, poisson_ratio)
    fa = float(adhesion_force_N) if model != "hertz" else 0.0
    pref, expo = models.power_law(tip)
    # δ at the setpoint
    if model == "jkr":
        zmax_rel = float(_zrel_for_force_jkr(max_force_N, e_red, tip.radius_m, fa, k))
    else:
        dmax = ((max_force_N + fa) / (pref * e_red)) ** (1.0 / expo)
        zmax_rel = dmax + max_force_N / k
    travel = free_travel_m if free_travel_m is not None else 1.5 * zmax_rel
    z_rel = np.linspace(-travel, zmax_rel, int(n_points))
    f_app = _branch_force(model, z_rel, in_contact=z_rel >= 0.0, e_red=e_red, tip=tip, fa=fa, k=k)
    if model == "dmt":
        ret_contact = z_rel >= -fa / k
    elif model == "jkr":
        _, d0 = models.jkr_scales(e_red, tip.radius_m, fa)
        aj = _jkr_jump_alpha(e_red, tip.radius_m, fa, k)
        zj = d0 * (aj**2 - (2.0 / 3.0) * math.sqrt(aj)) + fa * (4 * aj**3 - 4 * aj**1.5) / k
        ret_contact = z_rel >= zj
    else:
        ret_contact = z_rel >= 0.0
    f_ret = _branch_force(model, z_rel, in_contact=ret_contact, e_red=e_red, tip=tip, fa=fa, k=k)
    z = np.concatenate([z_rel, z_rel[::-1]]) + contact_m
    f = np.concatenate([f_app, f_ret[::-1]])
    seg = np.concatenate([np.full(z_rel.size, APPROACH), np.full(z_rel.size, RETRACT)])
    f = f + baseline_offset_N + baseline_slope_N_per_m * z
    if noise_N > 0:
        gen = rng if rng is not None else np.random.default_rng(0)
        f = f + gen.normal(0.0, noise_N, f.size)
    meta = {
        "synthetic": True,
        "model": model,
        "youngs_modulus_Pa": float(youngs_modulus_Pa),
        "poisson_ratio": float(poisson_ratio),
        "tip": tip.describe(),
        "adhesion_force_N": fa,
        "max_force_N": float(max_force_N),
        "noise_N": float(noise_N),
        "contact_m": float(contact_m),
    }
    return ForceCurve(z, f, k, segment=seg, metadata=meta, name=name)


def _zrel_for_force_jkr(force: float, e_red: float, R: float, fc: float, k: float) -> float:
    _, d0 = models.jkr_scales(e_red, R, fc)
    lo, hi = 1.0, 2.0
    while fc * (4 * hi**3 - 4 * hi**1.5) < force:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if fc * (4 * mid**3 - 4 * mid**1.5) < force:
            lo = mid
        else:
            hi = mid
    a = 0.5 * (lo + hi)
    return d0 * (a**2 - (2.0 / 3.0) * math.sqrt(a)) + force / k


def _branch_force(model: str, z_rel: np.ndarray, *, in_contact: np.ndarray, e_red: float,
                  tip: TipGeometry, fa: float, k: float) -> np.ndarray:
    f = np.zeros_like(z_rel)
    zc = z_rel[in_contact]
    if zc.size == 0:
        return f
    if model == "jkr":
        aj = _jkr_jump_alpha(e_red, tip.radius_m, fa, k)
        d = _solve_jkr(zc, e_red, tip.radius_m, fa, k, aj)
    else:
        pref, expo = models.power_law(tip)
        d = _solve_power(zc, pref * e_red, expo, fa, k)
    f[in_contact] = _contact_force(model, d, e_red, tip, fa)
    return f


def synthetic_dmt_map(
    shape: tuple[int, int],
    youngs_modulus_Pa: float | np.ndarray,
    poisson_ratio: float,
    radius_m: float,
    spring_constant_N_per_m: float,
    max_force_N: float,
    *,
    adhesion_force_N: float | np.ndarray = 0.0,
    n_points: int = 256,
    free_travel_m: float | None = None,
    noise_N: float = 0.0,
    baseline_offset_N: float | np.ndarray = 0.0,
    baseline_slope_N_per_m: float | np.ndarray = 0.0,
    rng: np.random.Generator | None = None,
    retract_only: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A DMT force map on a common piezo ramp (vectorised over pixels).

    Returns ``(piezo_m, force_N, segment)`` with piezo (m,), force
    (ny, nx, m) and segment (m,).  Per-pixel E, F_adh, baseline offset and
    tilt may be arrays of ``shape``.  With ``retract_only`` only the retract
    segment is generated (what a DMT map fits); otherwise approach + retract.
    The piezo ramp is the one of the stiffest/most adhesive pixel, so every
    pixel reaches contact; the turning-point force then varies from pixel to
    pixel, as in a real map at constant ramp size.
    """
    ny, nx = shape
    TipGeometry("paraboloid", radius_m=radius_m)  # validates R
    k = float(spring_constant_N_per_m)
    e = np.broadcast_to(np.asarray(youngs_modulus_Pa, dtype=float), shape)
    fa = np.broadcast_to(np.asarray(adhesion_force_N, dtype=float), shape)
    e_red = e / (1.0 - poisson_ratio**2)
    pref = (4.0 / 3.0) * math.sqrt(radius_m)
    e_ref = float(np.median(e_red))
    fa_ref = float(np.median(fa))
    dmax = ((max_force_N + fa_ref) / (pref * e_ref)) ** (2.0 / 3.0)
    zmax_rel = dmax + max_force_N / k
    travel = free_travel_m if free_travel_m is not None else 1.5 * zmax_rel
    z_rel = np.linspace(-travel, zmax_rel, int(n_points))
    zz = np.broadcast_to(z_rel, (ny, nx, z_rel.size))
    c = (pref * e_red)[..., None]
    f0 = fa[..., None]

    def branch(contact_from: np.ndarray) -> np.ndarray:
        inside = zz >= contact_from
        d = _solve_power(np.where(inside, zz, 0.0), c, 1.5, np.where(inside, f0, 0.0), k)
        return np.where(inside, c * d**1.5 - f0, 0.0)

    ret = branch(-f0 / k)[..., ::-1]
    z_ret = z_rel[::-1]
    if retract_only:
        piezo, force = z_ret, ret
        seg = np.full(z_rel.size, RETRACT, dtype=np.int8)
    else:
        app = branch(np.zeros_like(f0))
        piezo = np.concatenate([z_rel, z_ret])
        force = np.concatenate([app, ret], axis=-1)
        seg = np.concatenate([np.full(z_rel.size, APPROACH), np.full(z_rel.size, RETRACT)])
    off = np.broadcast_to(np.asarray(baseline_offset_N, dtype=float), shape)[..., None]
    slope = np.broadcast_to(np.asarray(baseline_slope_N_per_m, dtype=float), shape)[..., None]
    force = force + off + slope * piezo
    if noise_N > 0:
        gen = rng if rng is not None else np.random.default_rng(0)
        force = force + gen.normal(0.0, noise_N, force.shape)
    return piezo, force, seg.astype(np.int8)
