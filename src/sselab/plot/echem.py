"""Figures of the electrochemical window and of symmetric cells.

Each function returns a matplotlib Figure (Agg canvas, see :mod:`sselab.plot.svg`);
matplotlib is imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

HOUR_S = 3600.0


def _current_scale(area_m2: float | None) -> tuple[float, str]:
    """Factor from A to the plotted unit, and its label."""
    if area_m2:
        return 1e6 / (area_m2 * 1e4), "current density (µA cm⁻²)"
    return 1e6, "current (µA)"


def lsv_figure(curves: Sequence[tuple[str, Any, Any]], window: Any,
               area_m2: float | None = None, title: str = "",
               width_in: float = 6.4, height_in: float = 4.2) -> Any:
    """LSV curves vs Li/Li⁺ with both onset constructions drawn.

    Parameters
    ----------
    curves : sequence of (label, potential_vs_Li_V, current_A)
        The records to draw (potentials already referred to Li/Li⁺).
    window : StabilityWindow
        From :func:`sselab.echem.lsv.stability_window` / ``merge_windows``.
    area_m2 : float, optional
        Electrode area; with it the y axis is a current density.
    """
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    k, ylabel = _current_scale(area_m2)
    for n, (label, e, i) in enumerate(curves):
        ax.plot(np.asarray(e), np.asarray(i) * k, "-", lw=1.0, color=f"C{n}", label=label)
    for name, side in window.sides():
        o = side.onsets
        t = o.tangent
        col = "C3" if name == "oxidation" else "C2"
        if t.baseline is not None:
            lo, hi = t.baseline.potential_range_V
            x_end = t.potential_V if t.detected else hi
            xs = np.array([min(lo, x_end), max(hi, x_end)])
            ax.plot(xs, t.baseline(xs) * k, "--", color="0.35", lw=0.9)
        if t.detected and t.tangent is not None:
            lo, hi = t.tangent.potential_range_V
            xs = np.array([min(lo, t.potential_V), max(hi, t.potential_V)])
            ax.plot(xs, t.tangent(xs) * k, "--", color=col, lw=1.1)
            ax.plot([t.potential_V], [float(t.baseline(t.potential_V)) * k], "o", color=col,
                    ms=6, label=f"{name} onset (tangent) {t.potential_V:.3f} V")
        th = o.threshold
        if th is not None and th.detected and t.baseline is not None:
            y_th = float(t.baseline(th.potential_V)) + o.faradaic_sign * th.threshold_A
            ax.plot([th.potential_V], [y_th * k], "s", color=col, mfc="none", ms=6,
                    label=f"{name} onset (threshold) {th.potential_V:.3f} V")
    ax.axhline(0.0, color="0.7", lw=0.6)
    ax.set_xlabel("E vs Li/Li⁺ (V)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    return fig


def symmetric_figure(time_s: Any, voltage_V: Any, result: Any, title: str = "",
                     width_in: float = 6.4, height_in: float = 3.8) -> Any:
    """Voltage of a symmetric cell vs cycling time, with the limit and its crossing."""
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    t = (np.asarray(time_s, dtype=float) - result.cycling_start_s) / HOUR_S
    ax.plot(t, np.asarray(voltage_V), "-", lw=0.6, color="C0", label="cell voltage")
    c = result.cycles
    if c:
        tc = (np.array([x.time_of_max_s for x in c]) - result.cycling_start_s) / HOUR_S
        ax.plot(tc, [x.overpotential_V for x in c], "-", color="C1", lw=1.0,
                label="overpotential envelope (max |V| per cycle)")
    lim = result.limit
    ax.axhline(lim.limit_V, color="0.4", ls=":", lw=0.9)
    ax.axhline(-lim.limit_V, color="0.4", ls=":", lw=0.9)
    if lim.reached and math.isfinite(lim.envelope_cycling_time_s):
        te = lim.envelope_cycling_time_s / HOUR_S
        ax.axvline(te, color="C3", ls="--", lw=0.9,
                   label=f"envelope reaches {lim.limit_V:g} V at {te:.2f} h")
    if result.short.detected:
        ts = (result.short.time_s - result.cycling_start_s) / HOUR_S
        ax.axvline(ts, color="k", ls="-.", lw=0.9, label=f"{result.short.kind} short at {ts:.2f} h")
    ax.set_xlabel("cycling time (h)")
    ax.set_ylabel("voltage (V)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    return fig


def overpotential_figure(result: Any, title: str = "", width_in: float = 5.6,
                         height_in: float = 3.6) -> Any:
    """Cycle overpotential vs time with the fitted linear growth."""
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    c = result.cycles
    t = (np.array([x.time_of_max_s for x in c]) - result.cycling_start_s) / HOUR_S
    ax.plot(t, [x.overpotential_V for x in c], "o", ms=3, mfc="none", label="max |V| per cycle")
    ax.plot(t, [x.mean_abs_V for x in c], ".", ms=3, color="0.5", label="mean |V| per cycle")
    g = result.growth
    if g is not None:
        tt = np.array([t.min(), t.max()])
        ax.plot(tt, g.intercept_V + g.slope_V_per_h * (tt + result.cycling_start_s / HOUR_S),
                "-", color="C3", lw=1.0,
                label=f"growth {1e3 * g.slope_V_per_h:.2f} ± "
                      f"{1e3 * g.slope_stderr_V_per_h:.2g} mV h⁻¹")
    ax.set_xlabel("cycling time (h)")
    ax.set_ylabel("overpotential (V)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    return fig
