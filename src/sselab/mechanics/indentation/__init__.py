"""Nanoindentation analysis with the Oliver–Pharr method.

Modules (one concept each):

* :mod:`~.curve` — :class:`IndentCurve`, the raw record every reader returns (SI units);
* :mod:`~.power_law` — unloading fit P = B(h − h_f)^m and S = dP/dh at h_max;
* :mod:`~.area_function` — tip area functions (ideal Berkovich, O–P polynomial, cone);
* :mod:`~.oliver_pharr` — h_c, A, H, E_r, E for one unload; options; indenter;
* :mod:`~.segments`, :mod:`~.drift` — unload/surface detection, thermal drift;
* :mod:`~.csm` — continuous-stiffness (harmonic) H(h), E(h);
* :mod:`~.analysis` — the whole pipeline for one indent (:func:`analyse_indent`);
* :mod:`~.statistics` — outlier flags (modified z-score) and mean ± sd;
* :mod:`~.calibration` — frame compliance and area function on fused silica;
* :mod:`~.synthetic` — forward model for synthetic curves.

Readers live in :mod:`sselab.io.mechanics` (``read_indentation(path)``).
"""

from __future__ import annotations

from sselab.mechanics.indentation.analysis import IndentResult, analyse_indent, analyse_indents
from sselab.mechanics.indentation.area_function import (
    AreaFunction,
    ideal_berkovich,
    parse_area_function,
)
from sselab.mechanics.indentation.curve import IndentCurve
from sselab.mechanics.indentation.oliver_pharr import (
    OliverPharrOptions,
    UnloadResult,
    epsilon_for,
)
from sselab.mechanics.indentation.statistics import flag_outliers, summarize

__all__ = [
    "AreaFunction",
    "IndentCurve",
    "IndentResult",
    "OliverPharrOptions",
    "UnloadResult",
    "analyse_indent",
    "analyse_indents",
    "epsilon_for",
    "flag_outliers",
    "ideal_berkovich",
    "parse_area_function",
    "summarize",
]
