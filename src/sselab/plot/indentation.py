"""Figures of nanoindentation analyses: load–displacement curves with the fitted unloads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sselab.plot.svg import new_figure


def plot_load_displacement(results: Sequence[Any], *, title: str = "",
                           max_indents: int | None = 8, fit_extend: float = 0.3,
                           width_in: float = 6.4, height_in: float = 4.2) -> Any:
    """Load (mN) against depth (nm) of each indent, with every fitted unloading power law.

    Parameters
    ----------
    results : sequence of IndentResult
        From :func:`sselab.mechanics.indentation.analysis.analyse_indents`
        (the corrected curves they carry are drawn).
    title : str
        Axes title.
    max_indents : int or None
        Draw at most this many indents (None: all).
    fit_extend : float
        The fitted curve is drawn from this fraction of P_max up to P_max.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width_in, height_in)
    shown = [r for r in results if r.depth_m is not None][: max_indents or None]
    colors = [f"C{i % 10}" for i in range(len(shown))]
    fit_label_done = False
    for r, col in zip(shown, colors, strict=True):
        h = np.asarray(r.depth_m) * 1e9
        p = np.asarray(r.load_N) * 1e3
        ax.plot(h, p, color=col, lw=0.8, alpha=0.75, label=r.name)
        for u in r.unloads:
            if not u.ok or u.fit is None:
                continue
            f = u.fit
            pp = np.linspace(fit_extend * f.max_load_N, f.max_load_N, 60)
            hh = f.final_depth_m + (pp / f.B) ** (1.0 / f.m)
            ax.plot(hh * 1e9, pp * 1e3, color="k", lw=1.6, ls="--",
                    label=None if fit_label_done else "fit P = B(h − h_f)^m")
            fit_label_done = True
            ax.plot([u.max_depth_m * 1e9], [u.max_load_N * 1e3], "o", ms=3, color="k")
    ax.set_xlabel("displacement into surface h (nm)")
    ax.set_ylabel("load P (mN)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title, fontsize=10)
    if shown:
        ax.legend(fontsize=7, ncols=2, frameon=False)
    return fig
