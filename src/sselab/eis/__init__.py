"""Impedance spectroscopy: spectra, circuit models, fitting, Kramers–Kronig, DRT.

Typical use::

    from sselab.eis import Spectrum, fit_circuit, lin_kk, drt

    fit = fit_circuit(spectrum, "R0-p(R1,CPE1)-CPE2")   # automatic initial guess
    fit.parameters["R0"], fit.stderr["R0"], fit.identifiable["R1"]
    kk = lin_kk(spectrum)                                # Schönleber's μ criterion
    dist = drt(spectrum)                                 # Tikhonov + NNLS, GCV λ

scipy is imported only when a fit, Lin-KK or DRT runs.
"""

from __future__ import annotations

from sselab.eis.batch import BatchFit, fit_many
from sselab.eis.circuits import Circuit, parse_circuit
from sselab.eis.drt import DRTPeak, DRTResult, drt
from sselab.eis.elements import ELEMENT_TYPES, ElementType, element_type
from sselab.eis.fit import CircuitFit, fit_circuit
from sselab.eis.initial import blocking_electrode_guess, initial_guess
from sselab.eis.kramers_kronig import LinKKResult, lin_kk
from sselab.eis.spectrum import Spectrum

__all__ = [
    "ELEMENT_TYPES",
    "BatchFit",
    "Circuit",
    "CircuitFit",
    "DRTPeak",
    "DRTResult",
    "ElementType",
    "LinKKResult",
    "Spectrum",
    "blocking_electrode_guess",
    "drt",
    "element_type",
    "fit_circuit",
    "fit_many",
    "initial_guess",
    "lin_kk",
    "parse_circuit",
]
