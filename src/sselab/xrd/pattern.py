"""The one powder-diffraction pattern type: intensity against 2θ.

Angles are in degrees and wavelengths in ångström (the units of the field,
stated in every name); intensities are counts or counts per second as the
instrument wrote them (``intensity_unit``).

Example
-------
>>> import numpy as np
>>> p = XRDPattern(np.array([10.0, 10.02, 10.04]), np.array([5.0, 6.0, 5.5]))
>>> round(p.step_deg, 3), p.n_points
(0.02, 3)
>>> round(float(p.d_spacing_angstrom[0]), 4)  # Cu Kα1 default, λ/(2 sin θ)
8.8382
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from sselab.errors import InputError

#: Cu Kα1 wavelength in Å, the paper's radiation (Methods: "λ = 1.5406 Å").
CU_KALPHA1_ANGSTROM = 1.5406


def _frozen(a: Any, name: str) -> np.ndarray:
    try:
        arr = np.array(a, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be numeric") from None
    if arr.ndim != 1:
        raise InputError(f"{name} must be one-dimensional, got shape {arr.shape}")
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class XRDPattern:
    """A 1-D powder pattern (2θ strictly increasing, finite values).

    Attributes
    ----------
    two_theta_deg : ndarray
        Diffraction angle 2θ in degrees, strictly increasing.
    intensity : ndarray
        Intensity at each angle (``intensity_unit``).
    wavelength_angstrom : float
        Wavelength used to convert 2θ to d and Q (default Cu Kα1, 1.5406 Å).
    intensity_unit : str
        "counts", "cps" or "a.u.".
    name : str
        Sample or file name.
    source_format : str
        Reader that produced it ("xy", "rigaku-ras", "xrdml", "brml", "synthetic", …).
    metadata : mapping
        Header items kept by the reader (strings).
    """

    two_theta_deg: np.ndarray
    intensity: np.ndarray
    wavelength_angstrom: float = CU_KALPHA1_ANGSTROM
    intensity_unit: str = "counts"
    name: str = ""
    source_format: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        tt = _frozen(self.two_theta_deg, "two_theta_deg")
        y = _frozen(self.intensity, "intensity")
        if tt.shape != y.shape:
            raise InputError(f"2θ and intensity differ in length ({tt.size} vs {y.size})")
        if tt.size < 3:
            raise InputError(f"a pattern needs at least 3 points, got {tt.size}")
        if not (np.all(np.isfinite(tt)) and np.all(np.isfinite(y))):
            raise InputError("2θ and intensity must be finite (remove NaN/inf rows first)")
        if np.any(np.diff(tt) <= 0):
            raise InputError("2θ must be strictly increasing (sort the data, drop duplicates)")
        if tt[0] <= 0 or tt[-1] >= 180:
            raise InputError(f"2θ must lie in (0, 180)°, got {tt[0]:g}…{tt[-1]:g}°")
        lam = float(self.wavelength_angstrom)
        if not (np.isfinite(lam) and 0.01 < lam < 10):
            raise InputError(f"wavelength must be 0.01–10 Å, got {self.wavelength_angstrom!r}")
        object.__setattr__(self, "two_theta_deg", tt)
        object.__setattr__(self, "intensity", y)
        object.__setattr__(self, "wavelength_angstrom", lam)
        object.__setattr__(self, "metadata", dict(self.metadata))

    # -- derived axes --------------------------------------------------------------
    @property
    def n_points(self) -> int:
        """Number of points."""
        return int(self.two_theta_deg.size)

    @property
    def step_deg(self) -> float:
        """Median 2θ step in degrees."""
        return float(np.median(np.diff(self.two_theta_deg)))

    @property
    def d_spacing_angstrom(self) -> np.ndarray:
        """Bragg spacing d = λ / (2 sin θ) in Å."""
        return self.wavelength_angstrom / (2.0 * np.sin(np.radians(self.two_theta_deg) / 2.0))

    @property
    def q_per_angstrom(self) -> np.ndarray:
        """Scattering vector Q = 4π sin θ / λ in Å⁻¹."""
        return 4.0 * np.pi * np.sin(np.radians(self.two_theta_deg) / 2.0) / self.wavelength_angstrom

    # -- transformations (return new patterns) --------------------------------------
    def crop(self, lo_deg: float | None = None, hi_deg: float | None = None) -> XRDPattern:
        """The part with ``lo_deg ≤ 2θ ≤ hi_deg`` (either bound optional)."""
        lo = -np.inf if lo_deg is None else float(lo_deg)
        hi = np.inf if hi_deg is None else float(hi_deg)
        if lo >= hi:
            raise InputError(f"2θ range must have lo < hi, got {lo_deg}…{hi_deg}")
        m = (self.two_theta_deg >= lo) & (self.two_theta_deg <= hi)
        if m.sum() < 3:
            raise InputError(
                f"2θ range {lo_deg}…{hi_deg}° keeps {int(m.sum())} points of the pattern "
                f"({self.two_theta_deg[0]:g}…{self.two_theta_deg[-1]:g}°); widen it"
            )
        return replace(self, two_theta_deg=self.two_theta_deg[m], intensity=self.intensity[m])

    def with_intensity(self, intensity: np.ndarray, **changes: Any) -> XRDPattern:
        """Same angles, new intensities (and optional other field changes)."""
        return replace(self, intensity=np.asarray(intensity, dtype=float), **changes)

    def normalized(self) -> XRDPattern:
        """Intensity scaled to a maximum of 1 (unit "a.u.")."""
        peak = float(np.max(np.abs(self.intensity)))
        if peak == 0:
            raise InputError("cannot normalise an all-zero pattern")
        return self.with_intensity(self.intensity / peak, intensity_unit="a.u.")

    def resampled(self, two_theta_deg: np.ndarray) -> XRDPattern:
        """Linear interpolation onto a new 2θ grid (must lie inside the measured range)."""
        new = np.asarray(two_theta_deg, dtype=float)
        if new.min() < self.two_theta_deg[0] - 1e-9 or new.max() > self.two_theta_deg[-1] + 1e-9:
            raise InputError("resampling grid extends beyond the measured 2θ range")
        return replace(self, two_theta_deg=new,
                       intensity=np.interp(new, self.two_theta_deg, self.intensity))

    def summary(self) -> dict[str, Any]:
        """Plain-dict summary (for JSON)."""
        return {
            "name": self.name,
            "format": self.source_format,
            "points": self.n_points,
            "two_theta_min_deg": float(self.two_theta_deg[0]),
            "two_theta_max_deg": float(self.two_theta_deg[-1]),
            "step_deg": self.step_deg,
            "wavelength_angstrom": self.wavelength_angstrom,
            "intensity_unit": self.intensity_unit,
            "intensity_max": float(np.max(self.intensity)),
        }
