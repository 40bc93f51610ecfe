"""Powder X-ray diffraction: patterns, background, peaks, crystallinity, reference reflections.

Domain core: functions take arrays (2θ in degrees, intensities in counts or
counts per second, wavelengths in ångström — the units of the field, carried in
the names) and return frozen dataclasses.  Nothing here reads files, plots or
prints; readers live in :mod:`sselab.io.xrd`, figures in :mod:`sselab.plot.xrd`.

Modules
-------
pattern        :class:`XRDPattern`, the one pattern type
profiles       pseudo-Voigt / Gaussian / Lorentzian peak shapes with areas
background     SNIP, iterative polynomial and asymmetric least-squares baselines
peaks          peak finding with prominence, FWHM and area
crystallinity  crystallinity index = Bragg area / total scattered area
reflections    d-spacings, 2θ and structure-factor intensities from structures
symmetry       symmetry operators (x,y,z strings), group closure, extinctions
compare        side-by-side comparison of several patterns
synthetic      amorphous + crystalline patterns with a known crystalline fraction
"""

from __future__ import annotations

__all__ = ["XRDPattern"]


def __getattr__(name: str):  # lazy: keep `import sselab.xrd` cheap
    if name == "XRDPattern":
        from sselab.xrd.pattern import XRDPattern

        return XRDPattern
    raise AttributeError(name)
