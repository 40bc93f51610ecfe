"""Figures of powder patterns: stacked patterns with reference ticks, crystallinity decomposition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sselab.plot.svg import new_figure

_PHASE_COLORS = {"hcp": "#1f77b4", "ccp": "#d62728"}


def _ticks(ax: Any, phases: Sequence[str], lo: float, hi: float, wavelength: float,
           y0: float, height: float, min_rel: float = 5.0) -> None:
    from sselab.xrd.reflections import load_structure, reflections

    for k, ph in enumerate(phases):
        st = load_structure(ph)
        refl = [r for r in reflections(st, wavelength_angstrom=wavelength,
                                       two_theta_min_deg=max(lo, 1.0),
                                       two_theta_max_deg=min(hi, 170.0))
                if r.relative_intensity >= min_rel]
        col = _PHASE_COLORS.get(st.phase, f"C{k + 2}")
        base = y0 - (k + 1) * height * 1.4
        for r in refl:
            ax.vlines(r.two_theta_deg, base, base + height * r.relative_intensity / 100.0,
                      color=col, lw=1.0)
        ax.plot([], [], color=col, lw=1.5, label=f"{st.label} ({st.kind} model)")


def plot_patterns(patterns: Sequence[Any], *, labels: Sequence[str] | None = None,
                  phases: Sequence[str] = ("hcp", "ccp"), normalize: bool = True,
                  offset: float = 1.1, title: str = "", width_in: float = 6.4,
                  height_in: float = 4.8) -> Any:
    """Stacked patterns (first at the bottom) with reference reflection ticks below them."""
    fig, ax = new_figure(width_in, height_in)
    labels = list(labels) if labels is not None else [p.name for p in patterns]
    lo = min(float(p.two_theta_deg[0]) for p in patterns)
    hi = max(float(p.two_theta_deg[-1]) for p in patterns)
    for i, (p, lab) in enumerate(zip(patterns, labels, strict=True)):
        y = np.asarray(p.intensity, float)
        if normalize:
            y = (y - y.min()) / max(float(np.ptp(y)), 1e-300)
        ax.plot(p.two_theta_deg, y + i * offset, lw=0.8, color=f"C{i % 10}")
        ax.text(hi, i * offset + 0.55, lab, ha="right", va="bottom", fontsize=8)
    if phases:
        _ticks(ax, phases, lo, hi, patterns[0].wavelength_angstrom, 0.0, 0.35)
        ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("2θ (°, Cu Kα1)" if abs(patterns[0].wavelength_angstrom - 1.5406) < 1e-3
                  else "2θ (°)")
    ax.set_ylabel("normalised intensity (offset)" if normalize else "intensity")
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_decomposition(pattern: Any, result: Any, *, phases: Sequence[str] = ("hcp", "ccp"),
                       title: str = "", width_in: float = 6.4, height_in: float = 4.4) -> Any:
    """Data, background, amorphous halo(s) and Bragg part of a crystallinity analysis."""
    fig, ax = new_figure(width_in, height_in)
    x = result.two_theta_deg
    pat = pattern.crop(float(x[0]), float(x[-1]))
    ax.plot(pat.two_theta_deg, pat.intensity, color="0.55", lw=0.6, label="data")
    ax.plot(x, result.background, color="k", lw=1.0, ls="--", label="background")
    ax.plot(x, result.background + result.amorphous, color="C1", lw=1.2,
            label=f"+ amorphous ({100 - result.crystallinity_percent:.1f} %)")
    if result.model is not None:
        ax.plot(x, result.model, color="C0", lw=0.9, label="fitted total")
    ax.fill_between(x, result.background + result.amorphous,
                    result.background + result.amorphous + np.clip(result.crystalline, 0, None),
                    color="C2", alpha=0.5,
                    label=f"Bragg ({result.crystallinity_percent:.1f} %)")
    if phases:
        ymax = float(np.max(pat.intensity))
        _ticks(ax, phases, float(x[0]), float(x[-1]), pattern.wavelength_angstrom, 0.0,
               0.06 * ymax)
    ax.set_xlim(float(x[0]), float(x[-1]))
    ax.set_xlabel("2θ (°)")
    ax.set_ylabel(f"intensity ({pattern.intensity_unit})")
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    if title:
        ax.set_title(title, fontsize=10)
    return fig
