"""Load schedules: state of charge → eigenstrain, prescribed displacement ramps.

A schedule is an increasing sequence of load parameters t (SoC, or
displacement in m).  The problem maps t to the prescribed displacement scale
and to the eigenstrain scale; the solver may insert extra steps between
schedule points (adaptive stepping) but always lands on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError


@dataclass(frozen=True)
class LoadMap:
    """How the load parameter t drives the problem.

    ``displacement_scale(t)`` multiplies the reference Dirichlet values;
    ``eigenstrain_scale(t)`` multiplies each region's eigenstrain at full load.
    """

    kind: str  # "soc" or "displacement"
    unit: str

    def displacement_scale(self, t: float) -> float:
        """Multiplier of the prescribed displacements."""
        return t if self.kind == "displacement" else 0.0

    def eigenstrain_scale(self, t: float) -> float:
        """Multiplier of the eigenstrains (the SoC for lithiation loading)."""
        return t if self.kind == "soc" else 0.0


SOC = LoadMap("soc", "")
DISPLACEMENT = LoadMap("displacement", "m")


def soc_ramp(soc_max: float = 1.0, n_steps: int = 50, soc_min: float = 0.0) -> np.ndarray:
    """Uniform SoC schedule from ``soc_min`` to ``soc_max`` (excluding the start)."""
    if not 0 <= soc_min < soc_max <= 1.0 or n_steps < 1:
        raise InputError("SoC ramp needs 0 <= soc_min < soc_max <= 1 and n_steps >= 1")
    return np.linspace(soc_min, soc_max, n_steps + 1)[1:]


def eigenstrain_from_soc(soc: float, strain_at_soc1: float) -> float:
    """Linear eigenstrain of scNCM92 at ``soc``: 0 at SoC 0, ``strain_at_soc1`` at SoC 1 (paper: −0.10)."""
    return strain_at_soc1 * soc


def piecewise_ramp(breaks: list[float], increments: list[float]) -> np.ndarray:
    """Schedule with constant increment ``increments[i]`` on [breaks[i], breaks[i+1]]."""
    out: list[float] = []
    for a, b, d in zip(breaks[:-1], breaks[1:], increments, strict=True):
        n = max(1, int(round((b - a) / d)))
        out.extend(np.linspace(a, b, n + 1)[1:])
    return np.asarray(out)
