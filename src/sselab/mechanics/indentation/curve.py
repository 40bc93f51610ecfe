"""The load–displacement record of one indent, as every reader returns it.

All arrays are SI: depth in m, load in N, time in s, stiffness in N/m.
Readers convert from the vendor's units (nm, µm, mN, µN) at the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

SegmentKind = Literal["load", "hold", "unload", "drift_hold", "approach", "other"]


@dataclass(frozen=True)
class Segment:
    """A labelled index range ``[start, stop)`` of a curve (from vendor markers).

    ``kind`` is one of load, hold, unload, drift_hold, approach, other.
    """

    kind: str
    start: int
    stop: int


@dataclass(frozen=True)
class VendorUnload:
    """The values the instrument software stored for one unload (SI units).

    Missing values are NaN.
    """

    modulus_Pa: float = float("nan")
    hardness_Pa: float = float("nan")
    depth_m: float = float("nan")
    load_N: float = float("nan")
    stiffness_N_per_m: float = float("nan")


@dataclass(frozen=True, eq=False)
class IndentCurve:
    """One indent: raw arrays, what the file says about them, vendor results.

    Attributes
    ----------
    name : str
        Test name as in the file (``"Test 001"``, ``"test_9"``...).
    depth_m, load_N : ndarray
        Displacement into the surface (m) and load on the sample (N).
    time_s : ndarray or None
        Time (s), needed for thermal-drift correction.
    segments : tuple of Segment
        Vendor segment markers, when the file has them.  An ``unload`` segment
        starts at the point of maximum load of that unload (P_max, h_max).
    harmonic_stiffness_N_per_m : ndarray or None
        CSM contact stiffness per point (NaN where the instrument stored none).
    frame_corrected : bool
        True when the file's depth already has the load frame's compliance removed.
    drift_corrected : bool
        True when the file's depth is already corrected for thermal drift.
    surface_referenced : bool
        True when depth 0 is the contact point (vendor found the surface).
    frame_stiffness_N_per_m : float
        Frame stiffness the vendor used (NaN when unknown).
    poisson_ratio : float
        Sample Poisson ratio stored in the file (NaN when absent).
    area_coefficients_nm : tuple of float
        Tip area-function coefficients stored in the file (A in nm², h in nm;
        empty when absent).
    vendor : tuple of VendorUnload
        Vendor results, one per unload (empty when the file has none).
    vendor_csm : dict
        Vendor CSM summary values (e.g. ``{"modulus_Pa": ..., "hardness_Pa": ...,
        "depth_range_m": (lo, hi)}``) when present.
    problem : str
        Non-empty when the reader could not read this indent (then the arrays
        are empty and the analysis skips the indent with this reason).
    source : str
        File the curve came from.
    meta : dict
        Other metadata (free-form, JSON-able).
    """

    name: str
    depth_m: np.ndarray
    load_N: np.ndarray
    time_s: np.ndarray | None = None
    segments: tuple[Segment, ...] = ()
    harmonic_stiffness_N_per_m: np.ndarray | None = None
    frame_corrected: bool = False
    drift_corrected: bool = False
    surface_referenced: bool = True
    frame_stiffness_N_per_m: float = float("nan")
    poisson_ratio: float = float("nan")
    area_coefficients_nm: tuple[float, ...] = ()
    vendor: tuple[VendorUnload, ...] = ()
    vendor_csm: dict[str, Any] = field(default_factory=dict)
    problem: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.problem:
            return
        h = np.asarray(self.depth_m, dtype=float)
        p = np.asarray(self.load_N, dtype=float)
        if h.ndim != 1 or h.shape != p.shape:
            raise ValueError(
                f"{self.name}: depth and load must be 1-D arrays of equal length, "
                f"got shapes {h.shape} and {p.shape}"
            )
        object.__setattr__(self, "depth_m", h)
        object.__setattr__(self, "load_N", p)
        if self.time_s is not None:
            t = np.asarray(self.time_s, dtype=float)
            if t.shape != h.shape:
                raise ValueError(f"{self.name}: time has shape {t.shape}, depth {h.shape}")
            object.__setattr__(self, "time_s", t)
        if self.harmonic_stiffness_N_per_m is not None:
            s = np.asarray(self.harmonic_stiffness_N_per_m, dtype=float)
            if s.shape != h.shape:
                raise ValueError(f"{self.name}: stiffness has shape {s.shape}, depth {h.shape}")
            object.__setattr__(self, "harmonic_stiffness_N_per_m", s)

    @property
    def n_points(self) -> int:
        """Number of samples."""
        return int(np.asarray(self.depth_m).size)

    def unload_segments(self) -> tuple[Segment, ...]:
        """The vendor-marked unload segments (may be empty)."""
        return tuple(s for s in self.segments if s.kind == "unload")


def broken_curve(name: str, problem: str, source: str = "") -> IndentCurve:
    """An :class:`IndentCurve` standing for an indent the reader could not read."""
    empty = np.zeros(0)
    return IndentCurve(name=name, depth_m=empty, load_N=empty, problem=problem, source=source)
