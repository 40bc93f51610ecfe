"""Compliance map: detachment SoC over a grid of electrolyte hardness H and modulus E.

Every grid point is one interface run (:func:`sselab.fem.interface.run_interface`)
with the electrolyte's E and H replaced; everything else (composite, geometry,
calibrated interface Gc) is the parameter set's.  The electrolytes of the
mechanics literature set (``sselab/data/mechanics/literature.toml``) are placed
on the map by bilinear interpolation of the onset SoC in (log E, log H); runs
that never detach count as SoC > 1 ("keeps contact to full charge").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.fem.interface import (
    Electrolyte,
    detachment_onset_soc,
    fraction_at,
    interface_spec,
    run_interface,
)
from sselab.parameters import ParameterSet

NEVER = 1.05  # stands for "no detachment up to SoC 1" in interpolation


@dataclass(frozen=True)
class ComplianceMap:
    """Detachment onset SoC (NaN: keeps contact) on a grid ``onset_soc[i_E, j_H]``."""

    modulus_GPa: np.ndarray
    hardness_GPa: np.ndarray
    onset_soc: np.ndarray
    fraction_at_soc1: np.ndarray

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form (NaN → None)."""
        def clean(a: np.ndarray) -> list:
            return [[None if not math.isfinite(v) else float(v) for v in row] for row in a]

        return {"modulus_GPa": self.modulus_GPa.tolist(), "hardness_GPa": self.hardness_GPa.tolist(),
                "onset_soc": clean(self.onset_soc), "fraction_at_soc1": clean(self.fraction_at_soc1),
                "index_order": "onset_soc[i_modulus][j_hardness]"}

    def predict(self, E_GPa: float, H_GPa: float) -> float | None:
        """Interpolated onset SoC at (E, H) (None: keeps contact or outside the map)."""
        le, lh = np.log(self.modulus_GPa), np.log(self.hardness_GPa)
        x, y = math.log(E_GPa), math.log(H_GPa)
        if not (le[0] <= x <= le[-1] and lh[0] <= y <= lh[-1]):
            return None
        Z = np.where(np.isfinite(self.onset_soc), self.onset_soc, NEVER)
        i = int(np.clip(np.searchsorted(le, x) - 1, 0, le.size - 2))
        j = int(np.clip(np.searchsorted(lh, y) - 1, 0, lh.size - 2))
        tx = (x - le[i]) / (le[i + 1] - le[i])
        ty = (y - lh[j]) / (lh[j + 1] - lh[j])
        z = ((1 - tx) * (1 - ty) * Z[i, j] + tx * (1 - ty) * Z[i + 1, j]
             + (1 - tx) * ty * Z[i, j + 1] + tx * ty * Z[i + 1, j + 1])
        return None if z > 1.0 else float(z)


def compliance_map(e_range: tuple[float, float, int], h_range: tuple[float, float, int],
                   params: ParameterSet | None = None, n_steps: int = 10, nu: float = 0.3,
                   density_kg_per_m3: float = 2700.0,
                   progress: Callable[[int, int], None] | None = None) -> ComplianceMap:
    """Run the interface model on a log grid of E (GPa) and H (GPa): ``(lo, hi, n)`` each."""
    E = np.geomspace(*e_range[:2], int(e_range[2]))
    H = np.geomspace(*h_range[:2], int(h_range[2]))
    onset = np.full((E.size, H.size), np.nan)
    frac = np.full((E.size, H.size), np.nan)
    k = 0
    for i, e in enumerate(E):
        for j, h in enumerate(H):
            k += 1
            if progress:
                progress(k, E.size * H.size)
            se = Electrolyte(f"E{e:.3g}_H{h:.3g}", e * 1e9, h * 1e9, nu, density_kg_per_m3)
            r = run_interface(interface_spec(se, params), n_steps, save_at=())
            onset[i, j] = detachment_onset_soc(r)
            frac[i, j] = fraction_at(r, 1.0)
    return ComplianceMap(E, H, onset, frac)


def literature_points(cmap: ComplianceMap) -> list[dict[str, Any]]:
    """Electrolytes of the mechanics literature set with both E and H, placed on ``cmap``."""
    from sselab.mechanics.compare import load_literature

    out = []
    for e in load_literature().entries:
        if e.hardness is None or e.modulus is None:
            continue
        E, H = e.modulus_GPa, e.hardness_GPa
        inside = (cmap.modulus_GPa[0] <= E <= cmap.modulus_GPa[-1]
                  and cmap.hardness_GPa[0] <= H <= cmap.hardness_GPa[-1])
        out.append({"name": e.name, "modulus_GPa": E, "hardness_GPa": H, "role": e.role,
                    "status": sorted(e.statuses()), "inside_map": inside,
                    "predicted_onset_soc": cmap.predict(E, H) if inside else None,
                    "keeps_contact_to_soc1": (cmap.predict(E, H) is None) if inside else None})
    return out
