"""Plain-dict records of indentation results in lab units (for JSON, tables, the report).

Keys carry their unit: ``P_max_mN``, ``h_max_nm``, ``S_N_per_m``, ``h_c_nm``,
``A_um2``, ``H_GPa``, ``E_r_GPa``, ``E_GPa``.  Values that do not exist (an
unload that could not be analysed) are ``None``.
"""

from __future__ import annotations

import math
from typing import Any

from sselab.mechanics.indentation.analysis import IndentResult
from sselab.mechanics.indentation.curve import VendorUnload
from sselab.mechanics.indentation.oliver_pharr import UnloadResult
from sselab.mechanics.indentation.statistics import IndentationSummary, Stat


def _v(x: float, scale: float = 1.0, nd: int = 6) -> float | None:
    x = float(x)
    if not math.isfinite(x):
        return None
    return float(f"{x * scale:.{nd}g}")


def vendor_record(v: VendorUnload | None) -> dict[str, float | None] | None:
    """Vendor values in lab units, or None."""
    if v is None:
        return None
    return {"E_GPa": _v(v.modulus_Pa, 1e-9), "H_GPa": _v(v.hardness_Pa, 1e-9),
            "h_max_nm": _v(v.depth_m, 1e9), "P_max_mN": _v(v.load_N, 1e3),
            "S_N_per_m": _v(v.stiffness_N_per_m)}


def unload_record(u: UnloadResult) -> dict[str, Any]:
    """One unload as a flat dict in lab units."""
    rec: dict[str, Any] = {
        "indent": u.indent, "unload": u.unload, "ok": u.ok, "reason": u.reason,
        "outlier": u.outlier, "method": u.method,
        "P_max_mN": _v(u.max_load_N, 1e3), "h_max_nm": _v(u.max_depth_m, 1e9),
        "S_N_per_m": _v(u.stiffness_N_per_m), "m": _v(u.m), "h_f_nm": _v(u.final_depth_m, 1e9),
        "h_c_nm": _v(u.contact_depth_m, 1e9), "A_um2": _v(u.area_m2, 1e12),
        "H_GPa": _v(u.hardness_Pa, 1e-9), "E_r_GPa": _v(u.reduced_modulus_Pa, 1e-9),
        "E_GPa": _v(u.modulus_Pa, 1e-9), "nu": _v(u.poisson_ratio),
        "fit_rms_rel": _v(u.fit_rms_rel, 1.0, 3), "n_fit_points": u.n_fit_points,
        "vendor": vendor_record(u.vendor),
    }
    return rec


def indent_record(r: IndentResult) -> dict[str, Any]:
    """Per-indent metadata: corrections, ν and its source, CSM averages."""
    c = r.corrections
    csm = None
    if r.csm is not None:
        csm = {"ok": r.csm.ok, "reason": r.csm.reason,
               "depth_range_nm": [_v(r.csm.depth_range_m[0], 1e9), _v(r.csm.depth_range_m[1], 1e9)],
               "n_points": r.csm.n_points, "E_GPa": _v(r.csm.modulus_Pa, 1e-9),
               "E_sd_GPa": _v(r.csm.modulus_sd_Pa, 1e-9), "H_GPa": _v(r.csm.hardness_Pa, 1e-9),
               "H_sd_GPa": _v(r.csm.hardness_sd_Pa, 1e-9),
               "vendor_E_GPa": _v(r.vendor_csm.get("modulus_Pa", math.nan), 1e-9),
               "vendor_H_GPa": _v(r.vendor_csm.get("hardness_Pa", math.nan), 1e-9)}
    ok = r.ok_unloads
    return {
        "name": r.name, "problem": r.problem, "n_unloads": len(r.unloads), "n_ok": len(ok),
        "E_GPa_mean": _v(sum(u.modulus_Pa for u in ok) / len(ok), 1e-9) if ok else None,
        "H_GPa_mean": _v(sum(u.hardness_Pa for u in ok) / len(ok), 1e-9) if ok else None,
        "nu": r.poisson_ratio,
        "nu_source": r.poisson_source, "area_function": r.area_name,
        "corrections": {
            "drift_rate_nm_per_s": _v(c.drift_rate_m_per_s, 1e9), "drift_source": c.drift_source,
            "frame_compliance_nm_per_mN": _v(c.frame_compliance_m_per_N, 1e6),
            "frame_source": c.frame_source, "surface_offset_nm": _v(c.surface_offset_m, 1e9),
            "surface_source": c.surface_source, "notes": list(c.notes)},
        "csm": csm,
    }


def _stat(s: Stat, scale: float) -> dict[str, Any]:
    return {"mean": _v(s.mean, scale), "sd": _v(s.sd, scale), "n": s.n}


def summary_record(s: IndentationSummary) -> dict[str, Any]:
    """Summary (mean ± sd over analysed, non-outlier unloads) with the flag lists."""
    return {
        "n_total": s.n_total, "n_ok": s.n_ok, "n_flagged": s.n_flagged,
        "n_outliers": s.n_outliers, "E_GPa": _stat(s.modulus_Pa, 1e-9),
        "H_GPa": _stat(s.hardness_Pa, 1e-9),
        "flagged": [{"indent": i, "unload": k, "reason": r} for i, k, r in s.flagged],
        "outliers": [{"indent": i, "unload": k, "reason": r} for i, k, r in s.outliers],
    }


def vendor_comparison(unloads: list[UnloadResult] | tuple[UnloadResult, ...]) -> dict[str, Any] | None:
    """Relative differences to the vendor's E and H (median/max of |Δ|, %), or None."""
    pairs = [(u.modulus_Pa / u.vendor.modulus_Pa - 1.0, u.hardness_Pa / u.vendor.hardness_Pa - 1.0)
             for u in unloads if u.ok and u.vendor is not None
             and math.isfinite(u.vendor.modulus_Pa) and math.isfinite(u.vendor.hardness_Pa)]
    if not pairs:
        return None
    de = sorted(abs(a) * 100 for a, _ in pairs)
    dh = sorted(abs(b) * 100 for _, b in pairs)

    def med(x: list[float]) -> float:
        n = len(x)
        return x[n // 2] if n % 2 else 0.5 * (x[n // 2 - 1] + x[n // 2])

    return {"n": len(pairs),
            "E_abs_rel_diff_pct": {"median": _v(med(de), 1, 4), "mean": _v(sum(de) / len(de), 1, 4),
                                   "max": _v(de[-1], 1, 4)},
            "H_abs_rel_diff_pct": {"median": _v(med(dh), 1, 4), "mean": _v(sum(dh) / len(dh), 1, 4),
                                   "max": _v(dh[-1], 1, 4)}}
