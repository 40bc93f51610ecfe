"""Figures for impedance spectra: Nyquist, Bode, fit residuals, Lin-KK residuals, DRT.

Every function returns a matplotlib ``Figure`` on the Agg canvas (matplotlib is
imported only when a function runs); save it with
:func:`sselab.plot.svg.save_png` or embed it with :func:`sselab.plot.svg.to_svg`.
Arguments are result objects of :mod:`sselab.eis` (duck-typed: only the
attributes named in each docstring are read).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sselab.plot.svg import new_figure

_DATA = {"marker": "o", "ms": 3.5, "ls": "none", "mfc": "none", "color": "C0"}
_MODEL = {"color": "C3", "lw": 1.4}


def _model_curve(fit: Any, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    fd = np.geomspace(f.min(), f.max(), 300)
    return fd, fit.predict(fd)


def nyquist(spectrum: Any, fit: Any = None, title: str | None = None) -> Any:
    """−Im Z against Re Z on equal axes; the fitted model as a line if ``fit`` is given.

    Reads ``spectrum.frequency_Hz``, ``spectrum.impedance_ohm``; ``fit.predict`` and
    ``fit.circuit``.
    """
    fig, ax = new_figure(5.2, 4.4)
    z = spectrum.impedance_ohm
    ax.plot(z.real, -z.imag, label="data", **_DATA)
    if fit is not None:
        _, zm = _model_curve(fit, spectrum.frequency_Hz)
        ax.plot(zm.real, -zm.imag, label=f"fit {fit.circuit}", **_MODEL)
    ax.set_xlabel("Re Z / Ω")
    ax.set_ylabel("−Im Z / Ω")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(frameon=False, fontsize=8)
    if title:
        ax.set_title(title, fontsize=9)
    return fig


def bode(spectrum: Any, fit: Any = None, title: str | None = None) -> Any:
    """|Z| and phase against frequency (log axes); model lines if ``fit`` is given."""
    fig, ax = new_figure(5.6, 5.0)
    fig.delaxes(ax)
    ax_mag, ax_ph = fig.subplots(2, 1, sharex=True)
    f, z = spectrum.frequency_Hz, spectrum.impedance_ohm
    ax_mag.loglog(f, np.abs(z), **_DATA)
    ax_ph.semilogx(f, -np.degrees(np.angle(z)), **_DATA)
    if fit is not None:
        fd, zm = _model_curve(fit, f)
        ax_mag.loglog(fd, np.abs(zm), **_MODEL)
        ax_ph.semilogx(fd, -np.degrees(np.angle(zm)), **_MODEL)
    ax_mag.set_ylabel("|Z| / Ω")
    ax_ph.set_ylabel("−phase / °")
    ax_ph.set_xlabel("f / Hz")
    if title:
        ax_mag.set_title(title, fontsize=9)
    return fig


def _residual_axes(ax: Any, f: np.ndarray, re: np.ndarray, im: np.ndarray, ylabel: str) -> None:
    ax.semilogx(f, 100 * re, "o-", ms=3, lw=0.8, label="real")
    ax.semilogx(f, 100 * im, "s-", ms=3, lw=0.8, label="imag")
    ax.axhline(0.0, color="0.5", lw=0.8)
    ax.set_xlabel("f / Hz")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, fontsize=8)


def fit_residuals(fit: Any) -> Any:
    """Relative residuals (Z − Z_model)/|Z| in % against frequency (``fit.residuals``)."""
    fig, ax = new_figure(5.6, 3.2)
    r = fit.residuals
    _residual_axes(ax, fit.frequency_Hz, r.real, r.imag, "(Z − Z_fit)/|Z| / %")
    ax.set_title(f"{fit.circuit}: reduced χ² = {fit.reduced_chi2:.3g}", fontsize=9)
    return fig


def fit_overview(fit: Any, title: str | None = None) -> Any:
    """Nyquist with the model (left) and relative residuals (right) in one figure."""
    fig, ax = new_figure(10.0, 4.2)
    fig.delaxes(ax)
    ax_n, ax_r = fig.subplots(1, 2, width_ratios=[1.1, 1.0])
    z = fit.impedance_ohm
    ax_n.plot(z.real, -z.imag, label="data", **_DATA)
    _, zm = _model_curve(fit, fit.frequency_Hz)
    ax_n.plot(zm.real, -zm.imag, label=f"fit {fit.circuit}", **_MODEL)
    ax_n.set_xlabel("Re Z / Ω")
    ax_n.set_ylabel("−Im Z / Ω")
    ax_n.set_aspect("equal", adjustable="datalim")
    ax_n.legend(frameon=False, fontsize=8)
    r = fit.residuals
    _residual_axes(ax_r, fit.frequency_Hz, r.real, r.imag, "(Z − Z_fit)/|Z| / %")
    if title:
        fig.suptitle(title, fontsize=9)
    return fig


def linkk_residuals(result: Any) -> Any:
    """Lin-KK relative residuals in % (``residuals_real``/``residuals_imag``, M, μ)."""
    fig, ax = new_figure(5.6, 3.2)
    _residual_axes(ax, result.frequency_Hz, result.residuals_real, result.residuals_imag,
                   "Lin-KK residual / %")
    ax.set_title(f"Lin-KK: M = {result.M}, μ = {result.mu:.3f}", fontsize=9)
    return fig


def drt_plot(result: Any) -> Any:
    """γ(τ) with peak markers (``tau_s``, ``gamma_ohm``, ``peaks``, ``lambda_``)."""
    fig, ax = new_figure(5.6, 3.4)
    ax.semilogx(result.tau_s, result.gamma_ohm, "-", color="C0", lw=1.4)
    ax.fill_between(result.tau_s, result.gamma_ohm, color="C0", alpha=0.15)
    for p in result.peaks:
        ax.plot([p.tau_s], [p.gamma_ohm], "v", color="C3", ms=6)
        ax.annotate(f"{p.tau_s:.2g} s\n{p.resistance_ohm:.3g} Ω", (p.tau_s, p.gamma_ohm),
                    textcoords="offset points", xytext=(0, 8), ha="center", fontsize=7)
    ax.set_xlabel("τ / s")
    ax.set_ylabel("γ / Ω")
    ax.set_title(f"DRT ({result.method}, λ = {result.lambda_:.2g})", fontsize=9)
    return fig
