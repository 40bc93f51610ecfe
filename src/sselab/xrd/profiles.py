"""Area-normalised peak shapes on a 2θ axis (Gaussian, Lorentzian, pseudo-Voigt).

All shapes take the position ``center_deg``, the full width at half maximum
``fwhm_deg`` and the integrated ``area`` (intensity × degrees), so that
``∫ shape d(2θ) = area`` over the whole real line.

    G(x) = (2/w) √(ln 2 / π) · exp(−4 ln 2 (x − x0)² / w²)
    L(x) = (2/(π w)) / (1 + 4 (x − x0)² / w²)
    pV(x) = A [η L(x) + (1 − η) G(x)]            (0 ≤ η ≤ 1, common FWHM w)

The pseudo-Voigt with a common FWHM is the simple form of Wertheim et al.
(1974); its derivatives are given here for least-squares Jacobians.

Example
-------
>>> import numpy as np
>>> x = np.linspace(0, 60, 60001)
>>> round(float(np.trapezoid(pseudo_voigt(x, 30.0, 0.3, 2.0, 0.5), x)), 3)  # Lorentz tails leak
1.997
"""

from __future__ import annotations

import numpy as np

_G0 = 2.0 * np.sqrt(np.log(2.0) / np.pi)
_K = 4.0 * np.log(2.0)
_L0 = 2.0 / np.pi


def gaussian(x: np.ndarray, center_deg: float, fwhm_deg: float, area: float = 1.0) -> np.ndarray:
    """Area-normalised Gaussian of FWHM ``fwhm_deg`` times ``area``."""
    u = (np.asarray(x, float) - center_deg) / fwhm_deg
    return area * _G0 / fwhm_deg * np.exp(-_K * u * u)


def lorentzian(x: np.ndarray, center_deg: float, fwhm_deg: float, area: float = 1.0) -> np.ndarray:
    """Area-normalised Lorentzian (Cauchy) of FWHM ``fwhm_deg`` times ``area``."""
    u = (np.asarray(x, float) - center_deg) / fwhm_deg
    return area * _L0 / fwhm_deg / (1.0 + 4.0 * u * u)


def pseudo_voigt(x: np.ndarray, center_deg: float, fwhm_deg: float, area: float = 1.0,
                 eta: float = 0.5) -> np.ndarray:
    """η·Lorentzian + (1 − η)·Gaussian with common FWHM, integrated area ``area``."""
    return eta * lorentzian(x, center_deg, fwhm_deg, area) + (1.0 - eta) * gaussian(
        x, center_deg, fwhm_deg, area)


def pseudo_voigt_with_derivatives(
    x: np.ndarray, center_deg: float, fwhm_deg: float, area: float, eta: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """pV and its partial derivatives with respect to (center, fwhm, area, eta).

    Returns
    -------
    value, d_center, d_fwhm, d_area, d_eta : ndarray
    """
    w = fwhm_deg
    u = (np.asarray(x, float) - center_deg) / w
    g = _G0 / w * np.exp(-_K * u * u)
    den = 1.0 + 4.0 * u * u
    lo = _L0 / w / den
    shape = eta * lo + (1.0 - eta) * g
    dg_dc = g * 2.0 * _K * u / w
    dl_dc = lo * 8.0 * u / (w * den)
    dg_dw = g * (-1.0 + 2.0 * _K * u * u) / w
    dl_dw = lo * (-1.0 + 8.0 * u * u / den) / w
    return (area * shape,
            area * (eta * dl_dc + (1.0 - eta) * dg_dc),
            area * (eta * dl_dw + (1.0 - eta) * dg_dw),
            shape,
            area * (lo - g))


def pseudo_voigt_height(fwhm_deg: float, area: float, eta: float) -> float:
    """Peak height of a pV of given FWHM, area and η: A [η·2/(πw) + (1−η)·G0/w]."""
    return area * (eta * _L0 + (1.0 - eta) * _G0) / fwhm_deg
