"""Cost figures return matplotlib Figures with the expected content."""

from __future__ import annotations

import numpy as np

from sselab.cost import CostCase, default_parameters, evaluate, tornado
from sselab.plot.cost import cost_bars_figure, processing_vs_time_figure, tornado_figure


def test_processing_vs_time_figure():
    ps = default_parameters()
    r = evaluate(ps, CostCase("LZACO", "Li2CO3", milling_time_h=1.0),
                 {"case.milling_time_h": np.linspace(0.5, 40, 50)})
    fig = processing_vs_time_figure(r, [("4 h", 4.0, 15.31)])
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "depreciation", "electricity", "personnel", "plant area"]


def test_cost_bars_and_tornado_figures():
    fig = cost_bars_figure(["a", "b"], [1.0, 2.0], [3.0, 4.0], 93.5, [4.0, 6.0])
    ax = fig.axes[0]
    assert any(abs(line.get_ydata()[0] - 93.5) < 1e-9 for line in ax.get_lines())
    t = tornado(default_parameters(), CostCase("Li2ZrCl6"))
    fig = tornado_figure(t, top=5)
    assert len(fig.axes[0].get_yticklabels()) == 5
