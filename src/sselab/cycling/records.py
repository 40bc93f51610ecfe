"""Per-cycle summary rows in display units (mAh, mAh g⁻¹, mAh cm⁻², %, V, mV, Ω, h).

The summary keeps SI units; this is the one place that converts them for JSON, tables
and the report.  Keys carry their unit; keys that need a missing cell fact (mass, area,
nominal capacity, anode offset) are left out rather than filled with a guess.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from sselab.cycling.summary import CycleSummary


def _f(x: Any, digits: int = 6) -> float | None:
    x = float(x)
    if not math.isfinite(x):
        return None
    return float(f"{x:.{digits}g}")


def cycle_flag(summary: CycleSummary, cycle: int) -> str:
    """``""``, ``"leading partial"`` or ``"incomplete"`` for ``cycle``."""
    e = summary.edges
    if cycle in e.leading_partial_cycles:
        return "leading partial"
    if e.trailing_incomplete_cycle == cycle:
        return "incomplete"
    return ""


def summary_records(s: CycleSummary) -> list[dict[str, Any]]:
    """One dict per cycle in display units (see the module docstring)."""
    out: list[dict[str, Any]] = []
    mass, area, off = s.active_mass_kg, s.area_m2, s.reference_offset_V
    mean = {d: getattr(s, f"{d}_mean_voltage_V") for d in ("charge", "discharge")}
    hyst = s.voltage_hysteresis_V
    cv = {d: getattr(s, f"{d}_cv_share") for d in ("charge", "discharge")}
    ee = s.energy_efficiency
    rates = {d: (s.nominal_c_rate(getattr(s, f"{d}_current_A")),
                 s.effective_c_rate(getattr(s, f"{d}_current_A"))) for d in ("charge", "discharge")}
    for k, cyc in enumerate(s.cycle):
        r: dict[str, Any] = {"cycle": int(cyc), "complete": bool(s.complete[k]),
                             "flag": cycle_flag(s, int(cyc))}
        for d in ("charge", "discharge"):
            q = float(getattr(s, f"{d}_capacity_Ah")[k])
            r[f"{d}_mAh"] = _f(q * 1e3)
            if mass is not None:
                r[f"{d}_mAh_per_g"] = _f(q / mass)
            if area is not None:
                r[f"{d}_mAh_per_cm2"] = _f(q / area * 0.1)
        r["coulombic_efficiency_percent"] = _f(100 * s.coulombic_efficiency[k])
        for d in ("charge", "discharge"):
            r[f"{d}_energy_mWh"] = _f(getattr(s, f"{d}_energy_Wh")[k] * 1e3)
            r[f"{d}_mean_V"] = _f(mean[d][k])
            if off is not None:
                r[f"{d}_mean_V_vs_Li"] = _f(mean[d][k] + off)
        r["hysteresis_V"] = _f(hyst[k])
        r["energy_efficiency_percent"] = _f(100 * ee[k])
        for d in ("charge", "discharge"):
            i = float(getattr(s, f"{d}_current_A")[k])
            r[f"{d}_current_mA"] = _f(i * 1e3)
            if mass is not None:
                r[f"{d}_specific_current_mA_per_g"] = _f(i / mass)
            nom, eff = rates[d]
            if nom is not None:
                r[f"{d}_c_rate_nominal"] = _f(nom[k], 4)
            if eff is not None:
                r[f"{d}_c_rate_effective"] = _f(eff[k], 4)
            r[f"{d}_cv_share_percent"] = _f(100 * cv[d][k])
            r[f"{d}_duration_h"] = _f(getattr(s, f"{d}_duration_s")[k] / 3600)
            r[f"{d}_end_V"] = _f(getattr(s, f"{d}_end_voltage_V")[k])
            r[f"{d}_ir_drop_mV"] = _f(getattr(s, f"{d}_ir_drop_V")[k] * 1e3)
            r[f"{d}_resistance_ohm"] = _f(getattr(s, f"{d}_resistance_ohm")[k])
            r[f"{d}_coulomb_mAh"] = _f(getattr(s, f"{d}_coulomb_Ah")[k] * 1e3)
        out.append(r)
    return out


def summary_header(s: CycleSummary) -> dict[str, Any]:
    """Facts of the summary as a JSON-ready dict (no per-cycle arrays)."""
    rev = s.reversible_capacity_Ah
    return {
        "cycles": s.n_cycles,
        "complete_cycles": int(np.sum(s.complete)),
        "first_direction": s.first_direction,
        "ce_convention": s.ce_convention,
        "policy": s.policy,
        "leading_partial_cycles": list(s.edges.leading_partial_cycles),
        "trailing_incomplete_cycle": s.edges.trailing_incomplete_cycle,
        "edge_notes": list(s.edges.messages),
        "active_mass_mg": None if s.active_mass_kg is None else _f(s.active_mass_kg * 1e6),
        "area_cm2": None if s.area_m2 is None else _f(s.area_m2 * 1e4),
        "anode_offset_V": s.reference_offset_V,
        "nominal_capacity_mAh": None if s.nominal_capacity_Ah is None
        else _f(s.nominal_capacity_Ah * 1e3),
        "effective_reference_mAh": None if s.effective_reference_Ah is None
        else _f(s.effective_reference_Ah * 1e3),
        "max_reversible_mAh": _f(np.nanmax(rev) * 1e3) if rev.size else None,
        "capacity_source": s.capacity_source,
        "energy_source": s.energy_source,
        "warnings": list(s.warnings),
    }
