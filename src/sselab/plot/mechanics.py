"""Figures of the mechanics analyses: AFM force curve with its fit, modulus/adhesion maps, H–E plot.

Matplotlib is imported inside the functions only (``import sselab`` stays light).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sselab.plot.svg import new_figure


def _figure(width_in: float, height_in: float, ncols: int) -> tuple[Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(1, ncols)


def plot_force_curve(fit: Any, title: str | None = None) -> Any:
    """Force vs indentation of the fitted segment, the fit window and the model curve.

    ``fit`` is an :class:`~sselab.mechanics.afm.fit.AfmFit`.
    """
    fig, ax = new_figure(6.0, 4.0)
    d = fit.indentation_m * 1e9
    f = fit.force_N * 1e9
    m = fit.window_mask
    ax.plot(d[~m], f[~m], ".", ms=2.5, color="0.65", label=f"{fit.segment} (not fitted)")
    ax.plot(d[m], f[m], ".", ms=3.0, color="tab:blue", label="fit window")
    lo = min(float(d[m].min()), 0.0)
    grid = np.linspace(lo, float(d.max()), 400)
    ax.plot(grid, fit.predict(grid * 1e-9) * 1e9, "-", color="tab:red", lw=1.5,
            label=f"{fit.model.upper()} fit, E = {_fmt_pa(fit.youngs_modulus_Pa)}")
    ax.axvline(0.0, color="0.4", lw=0.8, ls=":")
    ax.axhline(0.0, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("indentation δ (nm)")
    ax.set_ylabel("force F (nN)")
    span = float(d[m].max() - lo)
    ax.set_xlim(lo - 0.3 * span, float(d.max()) + 0.05 * span)
    text = [f"{fit.tip.describe()}, ν = {fit.poisson_ratio:g}"]
    if math.isfinite(fit.tabor_parameter):
        text.append(f"Tabor μ = {fit.tabor_parameter:.3g}")
    if math.isfinite(fit.adhesion_ratio):
        text.append(f"|F_adh/F_max| = {fit.adhesion_ratio:.3g}")
    if fit.warnings:
        text.append("outside validity (see warnings)")
    ax.text(0.02, 0.97, "\n".join(text), transform=ax.transAxes, va="top", fontsize=8)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title or fit.name or "force curve")
    return fig


def _fmt_pa(v: float) -> str:
    for scale, unit in ((1e9, "GPa"), (1e6, "MPa"), (1e3, "kPa")):
        if abs(v) >= scale:
            return f"{v / scale:.4g} {unit}"
    return f"{v:.4g} Pa"


def plot_modulus_map(mmap: Any, title: str = "") -> Any:
    """Modulus map, pull-off (adhesion) map and modulus histogram with median and IQR.

    ``mmap`` is a :class:`~sselab.mechanics.afm.maps.ModulusMap`.
    """
    from sselab.mechanics.afm.maps import histogram

    fig, axes = _figure(12.0, 3.8, 3)
    e = mmap.youngs_modulus_Pa / 1e9
    st = mmap.modulus_statistics()
    pix = mmap.pixel_size_m
    ny, nx = e.shape
    extent = (0, nx * pix * 1e6, 0, ny * pix * 1e6) if math.isfinite(pix) else None
    unit = "µm" if extent else "pixel"
    im = axes[0].imshow(e, origin="lower", extent=extent, cmap="viridis")
    fig.colorbar(im, ax=axes[0], label=f"{mmap.model.upper()} modulus E (GPa)")
    axes[0].set_title("Young's modulus")
    im2 = axes[1].imshow(mmap.pulloff_force_N * 1e9, origin="lower", extent=extent, cmap="magma")
    fig.colorbar(im2, ax=axes[1], label="pull-off force (nN)")
    axes[1].set_title("adhesion")
    for ax in axes[:2]:
        ax.set_xlabel(f"x ({unit})")
        ax.set_ylabel(f"y ({unit})")
    counts, edges = histogram(e, bins=40)
    axes[2].stairs(counts, edges, fill=True, color="tab:blue", alpha=0.6)
    if math.isfinite(st.median):
        med, q1, q3 = st.median / 1e9, st.q1 / 1e9, st.q3 / 1e9
        axes[2].axvline(med, color="tab:red", label=f"median {med:.4g} GPa")
        axes[2].axvspan(q1, q3, color="tab:red", alpha=0.15, label=f"IQR {q3 - q1:.3g} GPa")
    axes[2].set_xlabel("E (GPa)")
    axes[2].set_ylabel("pixels")
    axes[2].legend(fontsize=8)
    axes[2].set_title(f"{st.n_valid}/{st.n_total} pixels fitted")
    if title:
        fig.suptitle(title)
    return fig


_FAMILY_COLOURS = {
    "oxychloride": "tab:purple", "halide": "tab:green", "sulfide": "tab:orange",
    "oxide": "tab:blue", "oxynitride": "tab:cyan", "metal": "0.4",
}


def _colour(family: str) -> str:
    for key, col in _FAMILY_COLOURS.items():
        if family.startswith(key):
            return col
    return "0.3"


def _one_quantity_marks(ax: Any, literature: Any, statuses: Sequence[str]) -> None:
    """Entries with only H (dotted horizontal line) or only E (dotted vertical line)."""
    h_only: dict[float, list[Any]] = {}
    e_only = []
    for e in literature:
        if bool(e.hardness) == bool(e.modulus) or not (e.statuses() <= set(statuses)):
            continue
        if e.hardness:
            h_only.setdefault(round(e.hardness_GPa, 6), []).append(e)
        else:
            e_only.append(e)
    for h, group in h_only.items():
        col = _colour(group[0].family)
        ax.axhline(h, color=col, ls=":", lw=0.9)
        names = ", ".join(e.name + (" (≥)" if e.hardness.bound == "lower" else "") for e in group)
        ax.annotate(f"{names}: H only", (0.99, h), xycoords=("axes fraction", "data"),
                    ha="right", va="bottom", fontsize=6, color=col)
    for i, e in enumerate(sorted(e_only, key=lambda x: x.modulus_GPa)):
        col = _colour(e.family)
        ax.axvline(e.modulus_GPa, color=col, ls=":", lw=0.9)
        top = i % 2 == 1
        ax.annotate(f"{e.name}: E only", (e.modulus_GPa, 0.98 if top else 0.02),
                    xycoords=("data", "axes fraction"), rotation=90, ha="right",
                    va="top" if top else "bottom", fontsize=6, color=col)


def plot_hardness_modulus(
    literature: Any,
    samples: Sequence[tuple[str, float, float]] = (),
    *,
    statuses: Sequence[str] = ("verified", "unverified"),
    title: str = "Hardness vs Young's modulus",
) -> Any:
    """Log–log H vs E plot of the literature set with the user's samples among it.

    Parameters
    ----------
    literature : LiteratureSet
        From :func:`sselab.mechanics.compare.load_literature`.  Filled markers:
        verified numbers; open markers: unverified.  A lower-bound hardness is
        drawn with an upward arrow; a modulus range as a horizontal bar.
        Entries with only H or only E are drawn as dotted lines.
    samples : sequence of (name, hardness_GPa, modulus_GPa)
        Drawn as red stars.
    """
    fig, ax = new_figure(6.4, 4.8)
    for e in literature:
        if not (e.hardness and e.modulus) or not (e.statuses() <= set(statuses)):
            continue
        h, m = e.hardness_GPa, e.modulus_GPa
        verified = e.statuses() == {"verified"}
        col = "tab:red" if e.role == "target" else _colour(e.family)
        marker = "D" if e.role == "target" else ("s" if e.role == "paper_comparator" else "o")
        ax.plot([m], [h], marker, ms=7, color=col, mfc=col if verified else "none", mew=1.4)
        if e.modulus.range_GPa:
            ax.plot(list(e.modulus.range_GPa), [h, h], "-", color=col, lw=1.0)
        if e.hardness.bound == "lower":
            ax.annotate("", xy=(m, h * 1.6), xytext=(m, h),
                        arrowprops={"arrowstyle": "->", "color": col, "lw": 1.2})
        ax.annotate(e.name, (m, h), textcoords="offset points", xytext=(5, 4), fontsize=7,
                    color=col)
    _one_quantity_marks(ax, literature, statuses)
    for name, h, m in samples:
        if math.isfinite(h) and math.isfinite(m) and h > 0 and m > 0:
            ax.plot([m], [h], "*", ms=14, color="crimson", mec="k", mew=0.6, zorder=5)
            ax.annotate(name, (m, h), textcoords="offset points", xytext=(7, -10), fontsize=8,
                        color="crimson", weight="bold")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.margins(0.12)
    ax.set_xlabel("Young's modulus E (GPa)")
    ax.set_ylabel("hardness H (GPa)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.25)
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="D", ls="", color="tab:red", label="target (paper)"),
        Line2D([], [], marker="s", ls="", color="0.3", label="paper comparator (text value)"),
        Line2D([], [], marker="o", ls="", color="0.3", label="literature, verified"),
        Line2D([], [], marker="o", ls="", color="0.3", mfc="none", label="literature, unverified"),
        Line2D([], [], marker="^", ls="", color="0.3", label="↑ lower bound of H"),
    ]
    if samples:
        handles.append(Line2D([], [], marker="*", ls="", ms=12, color="crimson", label="this work"))
    ax.legend(handles=handles, fontsize=7, loc="lower right")
    return fig
