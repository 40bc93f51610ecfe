"""Figures of galvanostatic cycling: voltage profiles, capacity/CE vs cycle, rate bars, dQ/dV.

Each function returns a matplotlib Figure (Agg canvas, see :mod:`sselab.plot.svg`).  The
styles follow the paper: profiles with specific capacity on x and E vs Li/Li⁺ on y when
the anode offset is known (Figs. 4a/4d, 6a/6b); capacity and Coulombic efficiency vs
cycle number on twin axes with the retention thresholds marked (Figs. 4g/4h, 6c/6d).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def _capacity_axis(summary: Any, values_Ah: np.ndarray, prefer: str = "specific"
                   ) -> tuple[np.ndarray, str]:
    """Capacities in mAh g⁻¹ (mass known), mAh cm⁻² (area known) or mAh."""
    if prefer == "areal" and summary.area_m2 is not None:
        return np.asarray(values_Ah) / summary.area_m2 * 0.1, "mAh cm⁻²"
    if prefer in ("specific", "areal") and summary.active_mass_kg is not None:
        return np.asarray(values_Ah) / summary.active_mass_kg, "mAh g⁻¹"
    if summary.area_m2 is not None and prefer == "specific":
        return np.asarray(values_Ah) / summary.area_m2 * 0.1, "mAh cm⁻²"
    return np.asarray(values_Ah) * 1e3, "mAh"


def voltage_profiles_figure(table: Any, summary: Any, cycles: Sequence[int], *,
                            title: str = "", width_in: float = 5.6, height_in: float = 4.2) -> Any:
    """Charge and discharge curves of ``cycles`` (capacity on x, voltage on y).

    Uses E vs Li/Li⁺ = V + offset when ``summary.reference_offset_V`` is known (the
    paper's convention), else the cell voltage.
    """
    from sselab.cycling.dqdv import half_cycle_curve
    from sselab.cycling.step_stats import step_stats
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    st = step_stats(table)
    off = summary.reference_offset_V
    unit = "mAh"
    for k, c in enumerate(cycles):
        col = f"C{k % 10}"
        for d, ls in ((1, "-"), (-1, "--")):
            try:
                _, v, q = half_cycle_curve(table, int(c), d, st)
            except Exception:  # a cycle without that half: skip it
                continue
            x, unit = _capacity_axis(summary, q - q[0])
            y = v + (off or 0.0)
            ax.plot(x, y, ls, color=col, lw=1.3,
                    label=f"cycle {c}" if d == 1 else None)
    ax.set_xlabel(f"capacity ({unit})")
    ax.set_ylabel("E vs Li/Li⁺ (V)" if off is not None else "cell voltage (V)")
    if off is not None and off != 0:
        sec = ax.secondary_yaxis("right", functions=(lambda y: y - off, lambda y: y + off))
        sec.set_ylabel("cell voltage (V)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8, loc="best", title="— charge, -- discharge", title_fontsize=7)
    ax.grid(alpha=0.3)
    return fig


def capacity_ce_figure(summary: Any, retention: Any | None = None, *, prefer: str = "specific",
                       title: str = "", width_in: float = 6.0, height_in: float = 4.0) -> Any:
    """Charge/discharge capacity (left) and CE (right) vs cycle, retention marks.

    ``retention`` (a :class:`~sselab.cycling.retention.Retention`) adds dotted lines at
    the threshold capacities and marks the first crossing cycles.
    """
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    cyc = summary.cycle
    ok = summary.is_cycle
    ch, unit = _capacity_axis(summary, summary.charge_capacity_Ah, prefer)
    dis, _ = _capacity_axis(summary, summary.discharge_capacity_Ah, prefer)
    ax.plot(cyc[ok], ch[ok], "o", ms=3, mfc="none", color="C3", label="charge")
    ax.plot(cyc[ok], dis[ok], "o", ms=3, color="C0", label="discharge")
    bad = ok & ~summary.complete
    if np.any(bad):
        ax.plot(cyc[bad], dis[bad], "x", color="k", ms=6, label="partial / incomplete")
    ax.set_xlabel("cycle number")
    ax.set_ylabel(f"capacity ({unit})")
    if retention is not None:
        qref, _ = _capacity_axis(summary, np.array([retention.reference_capacity_Ah]), prefer)
        for k, cr in enumerate(retention.crossings):
            y = qref[0] * cr.threshold
            ax.axhline(y, ls=":", lw=0.8, color=f"C{k + 4}")
            lab = f"{100 * cr.threshold:g} %: "
            lab += f"cycle {cr.first_cycle}" if cr.reached else "not reached"
            ax.text(cyc[ok].min() if np.any(ok) else 1, y, lab, fontsize=7, ha="left",
                    va="bottom", color=f"C{k + 4}")
            if cr.reached:
                ax.axvline(cr.first_cycle, ls=":", lw=0.8, color=f"C{k + 4}")
    ax2 = ax.twinx()
    ce = 100 * summary.coulombic_efficiency
    ax2.plot(cyc[ok], ce[ok], "s", ms=2.5, color="C2", label="CE")
    ax2.set_ylabel(f"Coulombic efficiency (%, {summary.ce_convention})")
    finite = ce[ok][np.isfinite(ce[ok])]
    if finite.size:
        lo = max(0.0, min(80.0, float(np.min(finite)) - 2))
        ax2.set_ylim(lo, max(102.0, float(np.max(finite)) + 1))
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="lower left")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig


def rate_capability_figure(rate: Any, *, title: str = "", width_in: float = 5.6,
                           height_in: float = 3.8) -> Any:
    """Bars of mean ± sd reversible capacity per current level (specific when known)."""
    from sselab.cycling.crate import format_c_rate
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    lv = rate.levels
    specific = all(x.mean_specific_capacity_Ah_per_kg is not None for x in lv)
    if specific:
        mean = [x.mean_specific_capacity_Ah_per_kg for x in lv]
        sd = [x.sd_specific_capacity_Ah_per_kg for x in lv]
        unit = "mAh g⁻¹"
    else:
        mean = [x.mean_capacity_Ah * 1e3 for x in lv]
        sd = [x.sd_capacity_Ah * 1e3 for x in lv]
        unit = "mAh"
    labels = []
    for x in lv:
        if x.nominal_c_rate is not None:
            labels.append(format_c_rate(x.nominal_c_rate))
        elif x.specific_current_A_per_kg is not None:
            labels.append(f"{x.specific_current_A_per_kg:.4g} mA g⁻¹")
        else:
            labels.append(f"{x.current_A * 1e3:.3g} mA")
    pos = np.arange(len(lv))
    ax.bar(pos, mean, yerr=sd, capsize=3, color="C0", alpha=0.8)
    for p, m in zip(pos, mean, strict=True):
        ax.text(p, m, f"{m:.4g}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(pos, labels)
    ax.set_ylabel(f"discharge capacity ({unit})")
    sub = ""
    if rate.recovery_ratio is not None:
        sub = f"recovery (cycle {rate.recovery_cycle}): {100 * rate.recovery_ratio:.1f} %"
    ax.set_title(f"{title}\n{sub}" if title and sub else title or sub, fontsize=9)
    ax.grid(alpha=0.3, axis="y")
    return fig


def dqdv_figure(curves: Sequence[tuple[str, Any]], *, title: str = "", width_in: float = 5.6,
                height_in: float = 3.8) -> Any:
    """dQ/dV (discharge negative) vs E vs Li/Li⁺ (or cell voltage), peaks marked.

    ``curves``: (label, :class:`~sselab.cycling.dqdv.DifferentialCapacity`) pairs.
    """
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    vs_li = all(c.reference_offset_V is not None for _, c in curves)
    for k, (label, c) in enumerate(curves):
        off = c.reference_offset_V if vs_li else 0.0
        ax.plot(c.voltage_V + off, c.signed_dqdv * 1e3, "-", color=f"C{k % 10}", lw=1.2,
                label=label)
        for p in c.peaks[:4]:
            ax.plot([p.voltage_V + off], [c.direction * p.height_Ah_per_V * 1e3], "v"
                    if c.direction > 0 else "^", color=f"C{k % 10}", ms=5)
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xlabel("E vs Li/Li⁺ (V)" if vs_li else "cell voltage (V)")
    ax.set_ylabel("dQ/dV (mAh V⁻¹)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    return fig
