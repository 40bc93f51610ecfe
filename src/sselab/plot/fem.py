"""Figures of the phase-field model: φ fields (Fig. 2b analogue), detachment vs SoC,
load–displacement, compliance map.  Matplotlib is imported inside the functions only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sselab.plot.svg import new_figure


def _grid(nrows: int, ncols: int, w: float, h: float) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, np.atleast_2d(fig.subplots(nrows, ncols, squeeze=False))


def plot_phi_fields(results: Mapping[str, Any], socs: Sequence[float] = (0.2, 0.4, 0.6, 0.8, 1.0),
                    deformed: bool = False) -> Any:
    """Rows: electrolytes; columns: SoC; colour: φ (0 intact, 1 detached).

    ``results`` maps a label to a :class:`~sselab.fem.results.PhaseFieldResult` with snapshots.
    """
    import matplotlib.tri as mtri

    names = list(results)
    fig, axes = _grid(len(names), len(socs), 2.1 * len(socs) + 0.8, 1.35 * len(names) + 0.6)
    im = None
    for i, name in enumerate(names):
        r = results[name]
        mesh = r.mesh
        for j, soc in enumerate(socs):
            ax = axes[i, j]
            snap = r.snapshot(soc)
            x, y = mesh.p[0] * 1e6, mesh.p[1] * 1e6
            if deformed:
                x = x + snap.u_m[0::2] * 1e6
                y = y + snap.u_m[1::2] * 1e6
            tri = mtri.Triangulation(x, y, mesh.t.T)
            im = ax.tripcolor(tri, snap.phi, shading="gouraud", vmin=0, vmax=1, cmap="inferno",
                              rasterized=True)
            ax.set_aspect("equal")
            ax.set_xticks([])
            ax.set_yticks([])
            if i == 0:
                ax.set_title(f"SoC {snap.load:.1f}", fontsize=9)
            if j == 0:
                ax.set_ylabel(name, fontsize=9)
    if im is not None:
        fig.colorbar(im, ax=axes, shrink=0.8, label="φ")
    return fig


def plot_detachment(results: Mapping[str, Any], paper: Sequence[tuple[str, float, float]] = ()) -> Any:
    """Detached interface fraction vs SoC for each result; ``paper`` adds (label, soc, fraction) marks."""
    fig, ax = new_figure(5.6, 3.6)
    for name, r in results.items():
        ax.plot(np.r_[0.0, r.loads], np.r_[0.0, r.series("detached_fraction")], "-o", ms=2.5, label=name)
    for label, s, f in paper:
        ax.plot([s], [f], "k*", ms=9)
        ax.annotate(label, (s, f), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.axhline(0.95, color="0.6", lw=0.8, ls=":")
    ax.axhline(0.05, color="0.6", lw=0.8, ls=":")
    ax.set_xlabel("state of charge of scNCM92")
    ax.set_ylabel("detached interface fraction (φ > 0.95)")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def plot_load_displacement(results: Mapping[str, Any], force_key: str = "reaction_force_N") -> Any:
    """Reaction force (kN) vs prescribed displacement (mm) for SENT results."""
    fig, ax = new_figure(5.6, 3.6)
    for name, r in results.items():
        if isinstance(r, tuple):
            u_m, f_N = r
        else:
            u_m, f_N = r.loads, r.series(force_key)
        ax.plot(np.asarray(u_m) * 1e3, np.asarray(f_N) / 1e3, "-", lw=1.4, label=name)
    ax.set_xlabel("top displacement (mm)")
    ax.set_ylabel("reaction force (kN per mm thickness)")
    ax.legend(fontsize=8)
    return fig


def plot_compliance_map(cmap_result: Any, electrolytes: Sequence[tuple[str, float, float]] = ()) -> Any:
    """Detachment onset SoC over (E, H); ``electrolytes`` are (name, E_GPa, H_GPa) markers."""
    fig, ax = new_figure(5.8, 4.2)
    E = np.asarray(cmap_result.modulus_GPa)
    H = np.asarray(cmap_result.hardness_GPa)
    S = np.asarray(cmap_result.onset_soc, float)
    Z = np.where(np.isfinite(S), S, 1.05)
    im = ax.pcolormesh(E, H, Z.T, shading="nearest", cmap="viridis_r", vmin=0, vmax=1.05)
    fig.colorbar(im, ax=ax, label="detachment SoC (> 1: keeps contact)")
    for name, e, h in electrolytes:
        ax.plot([e], [h], "o", mfc="white", mec="k", ms=5)
        ax.annotate(name, (e, h), textcoords="offset points", xytext=(4, 3), fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Young's modulus E (GPa)")
    ax.set_ylabel("hardness H (GPa)")
    return fig
