"""Impedance spectroscopy: spectra, circuit models, fitting, Kramers–Kronig, DRT."""

from __future__ import annotations

from sselab.eis.spectrum import Spectrum

__all__ = ["Spectrum"]
