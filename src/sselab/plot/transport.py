"""Figures of ion transport: Arrhenius plots, composition maps, Nyquist with fit.

Each function returns a matplotlib Figure (Agg canvas, see :mod:`sselab.plot.svg`);
turn it into SVG with :func:`sselab.plot.svg.to_svg` or a PNG with
:func:`sselab.plot.svg.save_png`.  matplotlib is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sselab.constants import T0_K

_T25_K = T0_K + 25.0


def arrhenius_figure(series: Sequence[tuple[str, Any, Any, Any]], title: str = "",
                     width_in: float = 5.6, height_in: float = 4.2) -> Any:
    """log10 σ (S cm⁻¹) versus 1000/T with fitted lines and the σ(25 °C) point.

    Parameters
    ----------
    series : sequence of (label, temperature_K, conductivity_S_per_m, fit)
        ``fit`` is an :class:`~sselab.transport.arrhenius.ArrheniusFit` or None.
    title : str
        Axes title.
    """
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(width_in, height_in)
    colours = [f"C{i}" for i in range(10)]
    for k, (label, t_K, sig, fit) in enumerate(series):
        col = colours[k % len(colours)]
        t = np.asarray(t_K, dtype=float)
        s = np.asarray(sig, dtype=float)
        ax.plot(1000.0 / t, np.log10(s * 0.01), "o", color=col, mfc="none",
                label=f"{label} (data)" if fit is not None else label)
        if fit is not None:
            lo, hi = min(t.min(), _T25_K), max(t.max(), _T25_K)
            tt = np.linspace(lo, hi, 50)
            ax.plot(1000.0 / tt, np.log10(np.asarray(fit.conductivity_S_per_m(tt)) * 0.01), "-",
                    color=col, lw=1.2,
                    label=f"fit: Ea = {fit.activation_energy_eV:.3f} ± "
                          f"{fit.activation_energy_stderr_eV:.1g} eV")
            ax.plot([1000.0 / _T25_K], [np.log10(fit.sigma25_S_per_m * 0.01)], "*", color=col,
                    ms=11, label=f"σ(25 °C) = {fit.sigma25_mS_per_cm:.3g} mS cm⁻¹")
    ax.set_xlabel("1000 / T  (K⁻¹)")
    ax.set_ylabel("log₁₀ σ  (σ in S cm⁻¹)")
    if title:
        ax.set_title(title)
    sec = ax.secondary_xaxis("top", functions=(lambda x: 1000.0 / np.maximum(x, 1e-9) - T0_K,
                                               lambda c: 1000.0 / (np.asarray(c) + T0_K)))
    sec.set_xlabel("T  (°C)")
    ax.legend(fontsize=7, loc="best")
    ax.grid(alpha=0.3)
    return fig


def composition_map_figure(x: Sequence[float], y: Sequence[float],
                           sigma25_S_per_m: Sequence[float], activation_energy_eV: Sequence[float],
                           title: str = "", xlabel: str = "x (Li₂O)",
                           ylabel: str = "y (AlCl₃)") -> Any:
    """Two panels over the (x, y) design space: σ(25 °C) and Ea, as coloured, labelled markers.

    In the style of the paper's Fig. 1a–c (σ25 and Ea of xLi2O·(1−y)ZrCl4·yAlCl3).
    NaN values are drawn grey.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import LogNorm, Normalize
    from matplotlib.figure import Figure

    xs, ys = np.asarray(x, float), np.asarray(y, float)
    s = np.asarray(sigma25_S_per_m, float) * 10.0  # mS/cm
    ea = np.asarray(activation_energy_eV, float)
    fig = Figure(figsize=(9.0, 3.8), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, 2)
    panels = (
        (axes[0], s, "σ(25 °C)  (mS cm⁻¹)", "{:.2f}", True),
        (axes[1], ea, "Ea  (eV)", "{:.3f}", False),
    )
    for ax, vals, lab, fmt, log in panels:
        ok = np.isfinite(vals) & ((vals > 0) if log else True)
        if np.any(~ok):
            ax.scatter(xs[~ok], ys[~ok], s=220, c="0.8", marker="s", edgecolors="0.5")
        if np.any(ok):
            v = vals[ok]
            if log and v.min() > 0 and v.max() > v.min():
                norm = LogNorm(v.min(), v.max())
            else:
                norm = Normalize(np.nanmin(v), np.nanmax(v) if np.nanmax(v) > np.nanmin(v)
                                 else np.nanmin(v) + 1e-12)
            sc = ax.scatter(xs[ok], ys[ok], s=320, c=v, marker="s", cmap="viridis", norm=norm,
                            edgecolors="k", linewidths=0.5)
            cb = fig.colorbar(sc, ax=ax, label=lab)
            if log:
                from matplotlib.ticker import FormatStrFormatter

                cb.ax.yaxis.set_major_formatter(FormatStrFormatter("%.3g"))
                cb.ax.yaxis.set_minor_formatter(FormatStrFormatter("%.3g"))
            for xi, yi, vi in zip(xs[ok], ys[ok], v, strict=True):
                ax.annotate(fmt.format(vi), (xi, yi), textcoords="offset points", xytext=(0, 12),
                            ha="center", fontsize=7)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(lab.split("  ")[0])
        pad_x = 0.1 * (np.ptp(xs) or 1.0)
        pad_y = 0.15 * (np.ptp(ys) or 1.0)
        ax.set_xlim(xs.min() - pad_x, xs.max() + pad_x)
        ax.set_ylim(ys.min() - pad_y, ys.max() + pad_y)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    return fig


def nyquist_fit_figure(spectrum: Any, fit: Any = None, title: str = "") -> Any:
    """Nyquist plot of a spectrum with its fitted circuit.

    Uses :func:`sselab.plot.eis.nyquist` (sselab's EIS plotting) when available;
    otherwise draws a plain Nyquist plot here.
    """
    try:
        from sselab.plot.eis import nyquist
    except ImportError:
        nyquist = None
    if nyquist is not None:
        return nyquist(spectrum, fit=fit, title=title or None)
    from sselab.plot.svg import new_figure

    fig, ax = new_figure(5.2, 4.2)
    z = spectrum.impedance_ohm
    ax.plot(z.real, -z.imag, "o", mfc="none", ms=4, label="data")
    if fit is not None:
        f = np.geomspace(spectrum.frequency_Hz.min(), spectrum.frequency_Hz.max(), 400)
        zf = _fit_impedance(fit, f)
        if zf is not None:
            ax.plot(zf.real, -zf.imag, "-", lw=1.2, label="fit")
    ax.set_xlabel("Z′  (Ω)")
    ax.set_ylabel("−Z″  (Ω)")
    ax.set_aspect("equal", adjustable="datalim")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def _fit_impedance(fit: Any, frequency_Hz: np.ndarray) -> np.ndarray | None:
    """Model impedance of a CircuitFit at ``frequency_Hz`` (None if it cannot be evaluated)."""
    for meth in ("predict", "impedance"):
        fn = getattr(fit, meth, None)
        if callable(fn):
            try:
                return np.asarray(fn(frequency_Hz), dtype=complex)
            except TypeError:
                continue
    circ = getattr(fit, "circuit", None)
    if circ is not None:
        from sselab.eis.circuits import parse_circuit

        c = parse_circuit(circ) if isinstance(circ, str) else circ
        return c.impedance(dict(fit.parameters), frequency_Hz)
    return None
