"""AFM force–distance analysis: Hertz, DMT and JKR fits of single curves and force maps.

Typical use::

    from sselab.io.mechanics.afm import read_force_curves
    from sselab.mechanics.afm import TipGeometry, fit_curve

    curve = read_force_curves("spot.jpk-force")[0]
    fit = fit_curve(curve, "hertz", tip=TipGeometry("paraboloid", radius_m=40e-9),
                    poisson_ratio=0.5)
    fit.youngs_modulus_Pa, fit.window, fit.warnings

Modules: :mod:`.curve` (ForceCurve and sign conventions), :mod:`.tip`,
:mod:`.models` (formulae and references), :mod:`.preprocess` (baseline,
contact point), :mod:`.window`, :mod:`.fit`, :mod:`.validity` (Tabor
parameter), :mod:`.maps` (vectorised force maps), :mod:`.synthetic`.
"""

from __future__ import annotations

from sselab.mechanics.afm.curve import ForceCurve
from sselab.mechanics.afm.fit import AfmFit, FitWindow, fit_batch, fit_curve
from sselab.mechanics.afm.tip import TipGeometry, reduced_modulus, youngs_from_reduced
from sselab.mechanics.afm.window import WindowSpec

__all__ = [
    "AfmFit",
    "FitWindow",
    "ForceCurve",
    "TipGeometry",
    "WindowSpec",
    "fit_batch",
    "fit_curve",
    "reduced_modulus",
    "youngs_from_reduced",
]
