"""Figures of SEM density analyses: pore overlay, grey-level histogram with threshold, regions."""

from __future__ import annotations

from typing import Any

import numpy as np

from sselab.plot.svg import new_figure


def plot_density(result: Any, *, title: str = "", width_in: float = 9.0,
                 height_in: float = 3.4) -> Any:
    """Three panels: overlay of counted pores, histogram with the threshold, per-region density."""
    from sselab.imaging.overlay import pore_overlay

    fig, ax0 = new_figure(width_in, height_in)
    fig.clear()
    axs = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.0, 1.1, 1.1]})
    rgb = pore_overlay(result.cropped, result.pore_mask, grid=result.grid)
    axs[0].imshow(rgb, interpolation="nearest")
    axs[0].set_axis_off()
    axs[0].set_title("counted as pore (red)", fontsize=9)
    data = np.asarray(result.cropped)
    h, edges = np.histogram(data, bins=256, range=(float(data.min()), float(data.max()) + 1e-9))
    axs[1].bar(edges[:-1], h, width=np.diff(edges), color="0.4")
    axs[1].axvline(result.threshold_value, color="C3", lw=1.2,
                   label=f"{result.method} threshold {result.threshold_value:g}")
    axs[1].set_yscale("log")
    axs[1].set_xlabel("grey value")
    axs[1].set_ylabel("pixels")
    axs[1].legend(fontsize=7, frameon=False)
    dens = [r.relative_density_percent for r in result.regions]
    axs[2].hist(dens, bins=min(15, max(5, len(dens) // 3)), color="C0", alpha=0.8)
    axs[2].axvline(result.mean_density_percent, color="k", lw=1.2,
                   label=f"mean {result.mean_density_percent:.2f} ± "
                         f"{result.sd_density_percent:.2f} % (n = {result.n_regions})")
    axs[2].set_xlabel("relative density of region (%)")
    axs[2].set_ylabel("regions")
    axs[2].legend(fontsize=7, frameon=False)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig
