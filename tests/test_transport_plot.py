"""Transport figures build and serialise to SVG."""

from __future__ import annotations

import numpy as np

from sselab.plot.svg import to_svg
from sselab.plot.transport import arrhenius_figure, composition_map_figure, nyquist_fit_figure
from sselab.transport.arrhenius import arrhenius_conductivity, fit_arrhenius
from sselab.transport.pipeline import analyse_pellet_spectrum
from sselab.transport.synthetic import lzaco_model


def test_arrhenius_figure():
    t = np.array([298.15, 318.15, 338.15])
    s = arrhenius_conductivity(t, 0.255, 0.276)
    fig = arrhenius_figure([("LZACO", t, s, fit_arrhenius(t, s)), ("no fit", t, s / 2, None)],
                           title="t")
    svg = to_svg(fig)
    assert svg.startswith("<svg")
    assert len(fig.axes[0].lines) >= 4


def test_composition_map_handles_nan():
    fig = composition_map_figure([1.0, 1.4, 1.8], [0.25, 0.25, 0.5], [0.1, 0.255, np.nan],
                                 [0.3, 0.276, np.nan])
    assert to_svg(fig).startswith("<svg")


def test_nyquist_with_fit():
    m = lzaco_model()
    s = m.spectrum(298.15, np.random.default_rng(0))
    a = analyse_pellet_spectrum(s, m.pellet)
    fig = nyquist_fit_figure(s.cropped(f_min_Hz=1e3), a.fit, title="25 °C")
    assert to_svg(fig).startswith("<svg")
