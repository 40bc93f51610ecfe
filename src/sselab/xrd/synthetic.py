"""Synthetic amorphous-plus-crystalline powder patterns with a known crystalline fraction.

The pattern is background + amorphous halos + Bragg peaks, then Poisson noise:

* Bragg peaks: the reference reflections of the chosen phases
  (:func:`sselab.xrd.reflections.reflections`), pseudo-Voigt, FWHM from the
  Scherrer equation β = K λ / (L cos θ) (K = 0.9) for crystallite size L;
* amorphous halos: broad pseudo-Voigts (centre, FWHM, relative area);
* background: b₀ + b₁ exp(−(2θ − 2θ_min)/τ), air/film scatter falling with angle;
  a separate *blank* (the same background counted alone, as an empty Kapton-covered
  holder would give) is returned too.

The *crystalline fraction* is defined as the Bragg area over Bragg + halo area,
both integrated over the simulated 2θ range on the noiseless components — the
same definition :mod:`sselab.xrd.crystallinity` estimates.

Everything generated here is synthetic and labelled so (``pattern.metadata``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from sselab.errors import InputError
from sselab.xrd.pattern import CU_KALPHA1_ANGSTROM, XRDPattern
from sselab.xrd.profiles import pseudo_voigt

#: Scherrer constant for spherical crystallites (FWHM definition).
SCHERRER_K = 0.9


@dataclass(frozen=True)
class Halo:
    """An amorphous halo: centre and FWHM in degrees 2θ, relative area, Lorentz fraction."""

    center_deg: float
    fwhm_deg: float
    relative_area: float = 1.0
    eta: float = 0.3


#: Default halos of an amorphous chloride (broad humps near the strongest Cl–Cl correlations).
DEFAULT_HALOS = (Halo(31.0, 9.0, 1.0, 0.3), Halo(51.0, 12.0, 0.45, 0.3))


@dataclass(frozen=True)
class SyntheticXRD:
    """A synthetic pattern and its noiseless components (all on the pattern's 2θ grid)."""

    pattern: XRDPattern
    background: np.ndarray
    amorphous: np.ndarray
    crystalline: np.ndarray
    crystalline_fraction: float
    blank: np.ndarray
    crystalline_area: float
    amorphous_area: float
    phases: tuple[tuple[str, float], ...]
    crystallite_size_nm: float
    halos: tuple[Halo, ...]
    parameters: dict = field(default_factory=dict)


def scherrer_fwhm_deg(two_theta_deg: np.ndarray | float, crystallite_size_nm: float,
                      wavelength_angstrom: float = CU_KALPHA1_ANGSTROM,
                      k: float = SCHERRER_K) -> np.ndarray:
    """Scherrer FWHM in degrees 2θ: β = K λ / (L cos θ)."""
    if not crystallite_size_nm > 0:
        raise InputError("crystallite size must be > 0 nm")
    th = np.radians(np.asarray(two_theta_deg, float)) / 2
    return np.degrees(k * wavelength_angstrom / (crystallite_size_nm * 10.0 * np.cos(th)))


@cache
def _phase_lines(phase: str, wavelength_angstrom: float, lo: float, hi: float
                 ) -> tuple[tuple[float, float], ...]:
    from sselab.xrd.reflections import load_structure, reflections

    return tuple((r.two_theta_deg, r.relative_intensity)
                 for r in reflections(load_structure(phase), wavelength_angstrom=wavelength_angstrom,
                                      two_theta_min_deg=lo, two_theta_max_deg=hi))


def crystalline_profile(two_theta_deg: np.ndarray, phase: str, *, crystallite_size_nm: float,
                        eta: float = 0.5, instrument_fwhm_deg: float = 0.08,
                        wavelength_angstrom: float = CU_KALPHA1_ANGSTROM) -> np.ndarray:
    """Bragg profile of one reference phase (unit area over ``two_theta_deg``)."""
    x = np.asarray(two_theta_deg, float)
    lines = _phase_lines(phase, float(wavelength_angstrom), float(max(1.0, x[0] - 5)),
                         float(min(x[-1] + 5, 170)))
    y = np.zeros_like(x)
    for tt, inten in lines:
        w = math.hypot(float(scherrer_fwhm_deg(tt, crystallite_size_nm, wavelength_angstrom)),
                       instrument_fwhm_deg)
        y += pseudo_voigt(x, tt, w, inten, eta)
    area = np.trapezoid(y, x)
    if area <= 0:
        raise InputError(f"phase {phase!r} has no reflections in {x[0]:g}…{x[-1]:g}°")
    return y / area


def synthetic_pattern(two_theta_deg: np.ndarray | None = None, *,
                      crystalline_fraction: float = 0.10,
                      phases: Sequence[tuple[str, float]] = (("hcp", 0.5), ("ccp", 0.5)),
                      crystallite_size_nm: float = 15.0,
                      halos: Sequence[Halo] = DEFAULT_HALOS,
                      halo_peak_counts: float = 2000.0,
                      background_counts: tuple[float, float, float] = (120.0, 250.0, 6.0),
                      bragg_eta: float = 0.5,
                      wavelength_angstrom: float = CU_KALPHA1_ANGSTROM,
                      noise: bool = True, rng: np.random.Generator | None = None,
                      name: str = "synthetic amorphous + crystalline pattern") -> SyntheticXRD:
    """A pattern with a prescribed crystalline area fraction (see module docstring).

    Parameters
    ----------
    two_theta_deg : array, optional
        Grid; default 10–80° in 0.02° steps (the paper's step, Methods).
    crystalline_fraction : float
        Bragg area / (Bragg + halo area), 0 … 1, over the grid.
    phases : sequence of (phase, weight)
        Reference phases ("hcp", "ccp" or structure keys) and their share of the Bragg area.
    crystallite_size_nm : float
        Scherrer size (paper: crystallites ≈ 15 nm, Supp. Fig. 5).
    halo_peak_counts : float
        Height of the strongest halo above background (counts).
    background_counts : (b0, b1, tau_deg)
        b₀ + b₁ exp(−(2θ − 2θ_min)/τ).
    noise : bool
        Add Poisson counting noise (``rng`` seeds it).
    """
    f = float(crystalline_fraction)
    if not 0.0 <= f < 1.0:
        raise InputError(f"crystalline fraction must be in [0, 1), got {crystalline_fraction}")
    x = (np.round(np.arange(10.0, 80.0 + 1e-9, 0.02), 6) if two_theta_deg is None
         else np.asarray(two_theta_deg, float))
    if not halos:
        raise InputError("at least one amorphous halo is needed")
    amorph_shape = sum(pseudo_voigt(x, h.center_deg, h.fwhm_deg, h.relative_area, h.eta)
                       for h in halos)
    scale = halo_peak_counts / float(np.max(amorph_shape))
    amorphous = scale * amorph_shape
    a_area = float(np.trapezoid(amorphous, x))
    weights = np.array([w for _, w in phases], float)
    if weights.size == 0 or np.any(weights < 0) or weights.sum() <= 0:
        raise InputError("phase weights must be non-negative and not all zero")
    weights = weights / weights.sum()
    c_area = f / (1.0 - f) * a_area
    crystalline = np.zeros_like(x)
    for (ph, _), w in zip(phases, weights, strict=True):
        if w > 0:
            crystalline += w * c_area * crystalline_profile(
                x, ph, crystallite_size_nm=crystallite_size_nm, eta=bragg_eta,
                wavelength_angstrom=wavelength_angstrom)
    b0, b1, tau = background_counts
    background = b0 + b1 * np.exp(-(x - x[0]) / tau)
    mean = background + amorphous + crystalline
    rng = rng if rng is not None else np.random.default_rng(0)
    counts = rng.poisson(mean).astype(float) if noise else mean.copy()
    blank = rng.poisson(background).astype(float) if noise else background.copy()
    ca = float(np.trapezoid(crystalline, x))
    aa = float(np.trapezoid(amorphous, x))
    meta = {"synthetic": True, "crystalline_fraction": ca / (ca + aa),
            "phases": ", ".join(f"{p}:{w:.3g}" for (p, _), w in zip(phases, weights, strict=True)),
            "crystallite_size_nm": crystallite_size_nm}
    pattern = XRDPattern(x, counts, wavelength_angstrom, "counts", name, "synthetic", meta)
    return SyntheticXRD(pattern, background, amorphous, crystalline, ca / (ca + aa), blank, ca, aa,
                        tuple((p, float(w)) for (p, _), w in zip(phases, weights, strict=True)),
                        crystallite_size_nm, tuple(halos),
                        {"halo_peak_counts": halo_peak_counts,
                         "background_counts": list(background_counts), "bragg_eta": bragg_eta,
                         "noise": noise})
