"""A voltammetry record (LSV or CV): potential, current and time in SI units.

Readers (:mod:`sselab.io.echem`) return a :class:`Voltammogram`; the analyses
(:mod:`sselab.echem.lsv`) take its arrays.  The current keeps the sign the file wrote
(Bio-Logic: oxidation > 0; CH Instruments exports can follow either polarity
convention), so nothing downstream relies on it: the onset analysis finds the faradaic
direction of each sweep from the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import InputError


def _frozen(a: Any, name: str) -> np.ndarray:
    try:
        arr = np.array(a, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be numeric") from None
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Voltammogram:
    """Potential and current of a linear-sweep or cyclic voltammetry record.

    Parameters
    ----------
    potential_V : array of float
        Measured working-electrode potential against the cell's reference/counter
        electrode, V (not yet referred to Li/Li⁺).
    current_A : array of float
        Current, A, with the file's sign.
    time_s : array of float, optional
        Time, s (NaN where unknown).
    sweep_potential_V : array of float, optional
        Programmed (control) potential, V, used to split sweeps when present; it is
        free of measurement noise (Bio-Logic ``control/V``).
    area_m2 : float, optional
        Electrode area, m², when the file states one.
    scan_rate_V_per_s : float, optional
        Nominal scan rate, V s⁻¹, when the file states one.
    metadata : mapping
        Format, source path, sha256, technique, instrument, original columns, settings.
    """

    potential_V: np.ndarray
    current_A: np.ndarray
    time_s: np.ndarray | None = None
    sweep_potential_V: np.ndarray | None = None
    area_m2: float | None = None
    scan_rate_V_per_s: float | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        e = _frozen(self.potential_V, "potential_V")
        i = _frozen(self.current_A, "current_A")
        if e.size != i.size:
            raise InputError(f"potential and current differ in length: {e.size} vs {i.size}")
        object.__setattr__(self, "potential_V", e)
        object.__setattr__(self, "current_A", i)
        for name in ("time_s", "sweep_potential_V"):
            v = getattr(self, name)
            if v is None:
                continue
            a = _frozen(v, name)
            if a.size != e.size:
                raise InputError(f"{name} has {a.size} values for {e.size} points")
            object.__setattr__(self, name, a)
        for name in ("area_m2", "scan_rate_V_per_s"):
            v = getattr(self, name)
            if v is not None:
                fv = float(v)
                if not (np.isfinite(fv) and fv > 0):
                    raise InputError(f"{name} must be a positive, finite number; got {v!r}")
                object.__setattr__(self, name, fv)
        object.__setattr__(self, "metadata", dict(self.metadata))

    def __len__(self) -> int:
        return int(self.potential_V.size)

    def with_area(self, area_m2: float | None) -> Voltammogram:
        """A copy with ``area_m2`` replaced (None keeps the file's)."""
        if area_m2 is None:
            return self
        return Voltammogram(self.potential_V, self.current_A, self.time_s,
                            self.sweep_potential_V, area_m2, self.scan_rate_V_per_s,
                            {**self.metadata, "area_source": "given"})
