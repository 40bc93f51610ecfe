"""The AFM force–distance curve every reader returns and every AFM analysis takes.

Sign conventions (explicit, because they dominate the error of a fit more
than the model does):

* **force** F is positive when repulsive (tip pushed away from the sample),
  negative when attractive (adhesion, pull-off);
* **piezo** z is the displacement of the cantilever base *towards* the sample
  (it increases during the approach).  JPK and Asylum store the opposite,
  a "height" that decreases on approach, so their readers pass ``z = −height``
  (see :meth:`ForceCurve.from_height`);
* **deflection** d = F/k, positive when the cantilever bends away from the
  sample (repulsive);
* **tip position** (the "separation" axis) s = z − d: how far the tip itself has
  moved towards the sample.  It differs from z by the cantilever bending,
  which does not indent the sample;
* **indentation** δ = s − s_c, positive into the sample, where s_c is the tip
  position at the contact point.  The tip–sample distance is −δ before contact.

For JPK files s = −(height + F/k), the negative of JPK's "vertical tip
position" (which is why JPK's convention carries a plus sign).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import InputError, require_positive

#: Segment codes stored in :attr:`ForceCurve.segment`.
APPROACH, RETRACT = 0, 1
SEGMENTS = {"approach": APPROACH, "retract": RETRACT}


@dataclass(frozen=True, eq=False)
class ForceCurve:
    """One force–distance curve in SI units.

    Parameters
    ----------
    piezo_m : ndarray, shape (n,)
        Cantilever-base displacement towards the sample z, m (increases on approach).
    force_N : ndarray, shape (n,)
        Force F = k·d, N, positive repulsive.  Not baseline-corrected.
    spring_constant_N_per_m : float
        Cantilever spring constant k, N/m.
    segment : ndarray of int, shape (n,), optional
        0 for approach, 1 for retract points.  When omitted, the curve is split
        at the largest z (the turning point): points up to it are the approach.
    metadata : mapping
        Facts from the file (instrument, path, setpoint, …).
    name : str
        Label used in tables and plots.

    Notes
    -----
    Arrays are copied and made read-only, so a ForceCurve never changes.
    """

    piezo_m: np.ndarray
    force_N: np.ndarray
    spring_constant_N_per_m: float
    segment: np.ndarray | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        z = np.array(self.piezo_m, dtype=float).reshape(-1)
        f = np.array(self.force_N, dtype=float).reshape(-1)
        if z.shape != f.shape:
            raise InputError(
                f"piezo ({z.size} points) and force ({f.size} points) differ in length"
            )
        if z.size < 8:
            raise InputError(f"a force curve needs at least 8 points, got {z.size}")
        if not (np.all(np.isfinite(z)) and np.all(np.isfinite(f))):
            raise InputError("force curve contains NaN or infinite values; remove them first")
        k = require_positive("spring constant", self.spring_constant_N_per_m, "N/m")
        if self.segment is None:
            turn = int(np.argmax(z))
            seg = np.where(np.arange(z.size) <= turn, APPROACH, RETRACT).astype(np.int8)
        else:
            seg = np.array(self.segment).reshape(-1).astype(np.int8)
            if seg.shape != z.shape:
                raise InputError("segment array must have one entry per point")
            if not np.isin(seg, (APPROACH, RETRACT)).all():
                raise InputError("segment codes must be 0 (approach) or 1 (retract)")
        for a in (z, f, seg):
            a.setflags(write=False)
        object.__setattr__(self, "piezo_m", z)
        object.__setattr__(self, "force_N", f)
        object.__setattr__(self, "segment", seg)
        object.__setattr__(self, "spring_constant_N_per_m", k)
        object.__setattr__(self, "metadata", dict(self.metadata))

    @classmethod
    def from_height(
        cls,
        height_m: np.ndarray,
        force_N: np.ndarray,
        spring_constant_N_per_m: float,
        segment: np.ndarray | None = None,
        metadata: Mapping[str, Any] | None = None,
        name: str = "",
    ) -> ForceCurve:
        """Build a curve from a piezo *height* that decreases on approach (JPK, Asylum): z = −height."""
        return cls(
            piezo_m=-np.asarray(height_m, dtype=float),
            force_N=force_N,
            spring_constant_N_per_m=spring_constant_N_per_m,
            segment=segment,
            metadata=metadata or {},
            name=name,
        )

    def __len__(self) -> int:
        return int(self.piezo_m.size)

    @property
    def deflection_m(self) -> np.ndarray:
        """Cantilever deflection d = F/k, m (positive away from the sample)."""
        return self.force_N / self.spring_constant_N_per_m

    @property
    def tip_m(self) -> np.ndarray:
        """Tip position s = z − d, m (towards the sample; the "separation" axis up to sign/offset)."""
        return self.piezo_m - self.deflection_m

    def has_segment(self, name: str) -> bool:
        """True when the curve holds points of segment ``name`` ("approach"/"retract")."""
        return bool(np.any(self.segment == _code(name)))

    def segment_arrays(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(tip position s, force F) of one segment, in acquisition order."""
        z, f = self.segment_data(name)
        return z - f / self.spring_constant_N_per_m, f

    def segment_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(piezo z, raw force F) of one segment, in acquisition order."""
        m = self.segment == _code(name)
        if not m.any():
            label = f"the curve {self.name!r}" if self.name else "the curve"
            raise InputError(f"{label} has no {name} segment")
        return self.piezo_m[m], self.force_N[m]


def _code(name: str) -> int:
    try:
        return SEGMENTS[name]
    except KeyError:
        raise InputError(f"segment must be 'approach' or 'retract', got {name!r}") from None
