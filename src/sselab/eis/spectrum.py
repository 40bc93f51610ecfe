"""The impedance spectrum: the object every EIS reader returns and every EIS analysis takes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sselab.errors import InputError


@dataclass(frozen=True, eq=False)
class Spectrum:
    """An impedance spectrum in SI units.

    Parameters
    ----------
    frequency_Hz : ndarray of float, shape (n,)
        Frequencies, Hz (> 0), in file order.
    impedance_ohm : ndarray of complex, shape (n,)
        Z = Z' + j·Z'', Ω, with the physics sign convention (capacitive points
        have Im(Z) < 0; Bio-Logic's ``-Im(Z)`` is flipped by the reader).
    metadata : mapping
        Free-form facts from the file (instrument, technique, temperature,
        source path, format, sweep index, …).

    Notes
    -----
    Arrays are copied and made read-only, so a Spectrum never changes.
    """

    frequency_Hz: np.ndarray
    impedance_ohm: np.ndarray
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        f = np.array(self.frequency_Hz, dtype=float).reshape(-1)
        z = np.array(self.impedance_ohm, dtype=complex).reshape(-1)
        if f.shape != z.shape:
            raise InputError(
                f"frequency ({f.size} points) and impedance ({z.size} points) differ in length"
            )
        if f.size and not np.all(np.isfinite(f)):
            raise InputError("frequencies must be finite")
        f.setflags(write=False)
        z.setflags(write=False)
        object.__setattr__(self, "frequency_Hz", f)
        object.__setattr__(self, "impedance_ohm", z)
        object.__setattr__(self, "metadata", dict(self.metadata))

    def __len__(self) -> int:
        return int(self.frequency_Hz.size)

    @property
    def z_real_ohm(self) -> np.ndarray:
        """Re(Z), Ω."""
        return self.impedance_ohm.real

    @property
    def z_imag_ohm(self) -> np.ndarray:
        """Im(Z), Ω (negative for capacitive behaviour)."""
        return self.impedance_ohm.imag

    @property
    def omega_rad_per_s(self) -> np.ndarray:
        """Angular frequency ω = 2πf, rad s⁻¹."""
        return 2.0 * np.pi * self.frequency_Hz

    def sorted(self, descending: bool = True) -> Spectrum:
        """A copy ordered by frequency (high → low by default)."""
        idx = np.argsort(self.frequency_Hz, kind="stable")
        if descending:
            idx = idx[::-1]
        return Spectrum(self.frequency_Hz[idx], self.impedance_ohm[idx], self.metadata)

    def cropped(self, f_min_Hz: float = 0.0, f_max_Hz: float = np.inf) -> Spectrum:
        """Points with f_min ≤ f ≤ f_max."""
        m = (self.frequency_Hz >= f_min_Hz) & (self.frequency_Hz <= f_max_Hz)
        return Spectrum(self.frequency_Hz[m], self.impedance_ohm[m], self.metadata)

    def without_inductive_tail(self) -> Spectrum:
        """Points with Im(Z) ≤ 0 (drops high-frequency inductive points)."""
        m = self.impedance_ohm.imag <= 0
        return Spectrum(self.frequency_Hz[m], self.impedance_ohm[m], self.metadata)
