"""Cost figures: processing cost versus milling time (Fig. 3d analogue), raw/processing
bars against the threshold (Fig. 3f analogue) and a tornado plot.

matplotlib is imported only inside these functions (through :mod:`sselab.plot.svg`).
Each function returns a :class:`matplotlib.figure.Figure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sselab.plot.svg import new_figure

_COMPONENT_COLOURS = {
    "depreciation": "#4C72B0",
    "electricity": "#DD8452",
    "personnel": "#55A868",
    "plant area": "#8172B3",
}


def processing_vs_time_figure(
    result: Any,
    marks: Sequence[tuple[str, float, float]] = (),
    title: str = "",
) -> Any:
    """Stacked area of the processing cost (USD/L) against effective milling time.

    Parameters
    ----------
    result : sselab.cost.CostResult
        Evaluated with an array of milling times (``milling_time_h`` is an array).
    marks : sequence of (label, time_h, USD_per_L)
        Points to mark, e.g. the paper's published processing costs.
    title : str
        Axes title (default: the case label).
    """
    t = np.asarray(result.milling_time_h, dtype=float)
    comps = {k: np.broadcast_to(np.asarray(v, dtype=float), t.shape)
             for k, v in result.processing_components_USD_per_L().items()}
    fig, ax = new_figure(6.4, 4.0)
    ax.stackplot(t, *comps.values(), labels=list(comps),
                 colors=[_COMPONENT_COLOURS.get(k, None) for k in comps], alpha=0.85)
    for label, th, val in marks:
        ax.plot([th], [val], marker="o", color="black", zorder=5)
        ax.annotate(f"{label}\n{val:.2f} $/L", (th, val), textcoords="offset points",
                    xytext=(6, 6), fontsize=8)
    ax.set_xlabel("effective milling time (h)")
    ax.set_ylabel("processing cost (USD/L)")
    ax.set_xlim(float(t.min()), float(t.max()))
    ax.set_ylim(bottom=0)
    ax.set_title(title or f"Processing cost of {result.label} by component")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def cost_bars_figure(
    labels: Sequence[str],
    raw_USD_per_L: Sequence[float],
    processing_USD_per_L: Sequence[float],
    threshold_USD_per_L: float | None = None,
    paper_total_USD_per_L: Sequence[float] | None = None,
    title: str = "Solid-electrolyte cost per litre",
) -> Any:
    """Stacked raw/processing bars per material with a threshold line.

    Parameters
    ----------
    labels : sequence of str
        Bar labels.
    raw_USD_per_L, processing_USD_per_L : sequences of float
        Bar segments, USD/L.
    threshold_USD_per_L : float, optional
        Horizontal line (e.g. 93.50 $/L).
    paper_total_USD_per_L : sequence of float, optional
        Published totals, drawn as markers.
    """
    raw = np.asarray(raw_USD_per_L, dtype=float)
    proc = np.asarray(processing_USD_per_L, dtype=float)
    x = np.arange(len(labels))
    fig, ax = new_figure(6.4, 4.2)
    ax.bar(x, raw, 0.6, label="raw materials", color="#4C72B0")
    ax.bar(x, proc, 0.6, bottom=raw, label="processing", color="#DD8452")
    for xi, r, p in zip(x, raw, proc, strict=True):
        ax.text(xi, r + p, f"{r + p:.2f}", ha="center", va="bottom", fontsize=8)
    if paper_total_USD_per_L is not None:
        ax.plot(x, paper_total_USD_per_L, linestyle="none", marker="_", markersize=24,
                color="black", label="paper total")
    if threshold_USD_per_L is not None:
        ax.axhline(threshold_USD_per_L, color="crimson", linestyle="--",
                   label=f"threshold {threshold_USD_per_L:.2f} $/L")
    ax.set_xticks(x, list(labels), fontsize=8)
    ax.set_ylabel("cost (USD/L)")
    ax.set_ylim(0, float(max((raw + proc).max(), threshold_USD_per_L or 0)) * 1.15)
    ax.set_title(title)
    ax.legend(loc="upper center", fontsize=8)
    return fig


def tornado_figure(tornado: Any, top: int = 12, title: str = "") -> Any:
    """Horizontal tornado bars of a :class:`sselab.cost.Tornado` (largest swing on top)."""
    rows = list(tornado.top(top))[::-1]
    base = tornado.base_output
    fig, ax = new_figure(7.0, 0.35 * max(len(rows), 3) + 1.4)
    y = np.arange(len(rows))
    step = f"{tornado.rel_step * 100:g} %"
    lo_bars = hi_bars = None
    for yi, r in zip(y, rows, strict=True):
        lo_bars = ax.barh(yi, r.output_at_low - base, left=base, color="#4C72B0", height=0.6)
        hi_bars = ax.barh(yi, r.output_at_high - base, left=base, color="#DD8452", height=0.6)
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_yticks(y, [r.name for r in rows], fontsize=7)
    ax.set_xlabel(f"{tornado.output.replace('_USD_per_', ' (USD/')}) at parameter ±{step}; "
                  f"base {base:.2f}")
    if rows:
        ax.legend([lo_bars, hi_bars], [f"parameter −{step}", f"parameter +{step}"],
                  loc="lower right", fontsize=8)
    ax.set_title(title or f"One-at-a-time sensitivity, {tornado.label}")
    return fig
