"""Turn a matplotlib figure into inline SVG text for the self-contained report."""

from __future__ import annotations

import io
from typing import Any


def new_figure(width_in: float = 6.4, height_in: float = 4.0) -> tuple[Any, Any]:
    """A figure and axes on the non-interactive Agg canvas (no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


def to_svg(fig: Any) -> str:
    """SVG markup of ``fig`` (no XML prolog, fonts as paths: renders anywhere)."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "sselab"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def save_png(fig: Any, path: str) -> None:
    """Write ``fig`` as a PNG at 150 dpi."""
    fig.savefig(path, format="png", dpi=150)
