"""Oliver–Pharr analysis of one unload: S, h_c, A, H, E_r and the sample's E.

Equations (SI units; Oliver & Pharr 1992, 2004)::

    S   = dP/dh at h_max                  (power-law fit, see power_law.py)
    h_c = h_max − ε·P_max/S               (ε = 0.75 Berkovich/paraboloid, 0.72 cone, 1 flat punch)
    A   = A(h_c)                          (tip area function)
    H   = P_max/A
    E_r = √π·S / (2·β·√A)
    1/E_r = (1 − ν²)/E + (1 − ν_i²)/E_i   → E = (1 − ν²) / (1/E_r − (1 − ν_i²)/E_i)

An unload that cannot be analysed is returned with ``ok=False``, a reason,
and NaN for every result (never a physically impossible number).

References
----------
W. C. Oliver, G. M. Pharr, J. Mater. Res. 7, 1564 (1992);
W. C. Oliver, G. M. Pharr, J. Mater. Res. 19, 3 (2004).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from sselab.errors import FitError, InputError
from sselab.mechanics.indentation.area_function import AreaFunction, ideal_berkovich
from sselab.mechanics.indentation.curve import VendorUnload
from sselab.mechanics.indentation.power_law import PowerLawFit, fit_unloadings

NAN = float("nan")

#: ε by tip geometry name (values from the packaged parameter set).
EPSILON_NAMES = ("berkovich", "cone", "flat_punch")


@cache
def _params():  # type: ignore[no-untyped-def]
    from sselab.parameters import load_parameter_set

    return load_parameter_set("mechanics/indentation")


def epsilon_for(geometry: str) -> float:
    """ε for ``"berkovich"`` (0.75), ``"cone"`` (0.72) or ``"flat_punch"`` (1.0)."""
    key = geometry.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in EPSILON_NAMES:
        raise InputError(f"unknown tip geometry {geometry!r}; use one of {', '.join(EPSILON_NAMES)}")
    return float(_params().value(f"geometry.epsilon.{key}"))


@dataclass(frozen=True)
class Indenter:
    """Elastic constants of the indenter (E_i in Pa, ν_i)."""

    modulus_Pa: float
    poisson_ratio: float
    name: str = "diamond"


def diamond() -> Indenter:
    """Diamond tip: E_i = 1141 GPa, ν_i = 0.07 (Oliver & Pharr 1992; packaged data)."""
    p = _params()
    return Indenter(float(p.value("indenter.diamond.modulus")) * 1e9,
                    float(p.value("indenter.diamond.poisson_ratio")), "diamond")


@dataclass(frozen=True)
class OliverPharrOptions:
    """Settings of an Oliver–Pharr analysis.

    Attributes
    ----------
    poisson_ratio : float or None
        Sample ν.  None: the value stored in the file, else 0.3 (assumed).
    epsilon : float
        Geometry factor ε of h_c = h_max − ε·P_max/S.
    beta : float
        Shape factor β of E_r = √π·S/(2β√A) (1 by default, as the vendors).
    window : (float, float)
        Unloading fit window as fractions of P_max.
    area : AreaFunction or None
        Tip area function; None: ideal Berkovich (24.5·h_c²).
    indenter : Indenter or None
        None: diamond.
    frame_compliance_m_per_N : float or None
        C_f subtracted as h ← h − C_f·P.  None: automatic (0 when the file says
        the depth is frame-corrected, else 1/frame stiffness stored in the file,
        else 0).  0 switches the correction off.
    drift : {"auto", "off"}
        "auto": correct thermal drift measured on a hold segment when the file
        has one and its depth is not already drift-corrected.
    surface : {"auto", "file", "fit"}
        Contact point: "file" trusts depth 0 of the file; "fit" extrapolates the
        loading curve (√P linear in h) to zero load; "auto" fits only when the
        file does not say its depth is surface-referenced.
    use_csm : bool
        Analyse CSM harmonic stiffness when the file has it.
    csm_depth_range_m : (float, float) or None
        Depth range averaged for CSM values; None: the file's range, else none.
    m_range : (float, float)
        Accepted range of the unloading exponent m; outside → flagged.
    """

    poisson_ratio: float | None = None
    epsilon: float = 0.75
    beta: float = 1.0
    window: tuple[float, float] = (0.5, 0.95)
    area: AreaFunction | None = None
    indenter: Indenter | None = None
    frame_compliance_m_per_N: float | None = None
    drift: str = "auto"
    surface: str = "auto"
    use_csm: bool = True
    csm_depth_range_m: tuple[float, float] | None = None
    m_range: tuple[float, float] = (1.0, 2.5)

    def __post_init__(self) -> None:
        if self.poisson_ratio is not None and not (-1.0 < self.poisson_ratio < 0.5):
            raise InputError(f"Poisson ratio must be between -1 and 0.5, got {self.poisson_ratio}")
        if not (0.0 < self.epsilon <= 1.0):
            raise InputError(f"epsilon must be in (0, 1] (0.75 Berkovich), got {self.epsilon}")
        if not (0.5 <= self.beta <= 1.5):
            raise InputError(f"beta must be near 1 (0.5–1.5), got {self.beta}")
        lo, hi = self.window
        if not (0.0 <= lo < hi <= 1.0):
            raise InputError(f"window must satisfy 0 <= low < high <= 1, got {self.window}")
        if self.frame_compliance_m_per_N is not None and not (
            math.isfinite(self.frame_compliance_m_per_N) and self.frame_compliance_m_per_N >= 0
        ):
            raise InputError("frame compliance must be a finite number >= 0 (m/N)")
        if self.drift not in ("auto", "off"):
            raise InputError(f"drift must be 'auto' or 'off', got {self.drift!r}")
        if self.surface not in ("auto", "file", "fit"):
            raise InputError(f"surface must be 'auto', 'file' or 'fit', got {self.surface!r}")

    def resolved_area(self) -> AreaFunction:
        """The area function in use (ideal Berkovich when none was given)."""
        return self.area if self.area is not None else ideal_berkovich()

    def resolved_indenter(self) -> Indenter:
        """The indenter in use (diamond when none was given)."""
        return self.indenter if self.indenter is not None else diamond()

    def with_(self, **changes: object) -> OliverPharrOptions:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------- formulas

def contact_depth_m(max_depth_m: float, max_load_N: float, stiffness_N_per_m: float,
                    epsilon: float = 0.75) -> float:
    """h_c = h_max − ε·P_max/S (m)."""
    return float(max_depth_m) - float(epsilon) * float(max_load_N) / float(stiffness_N_per_m)


def reduced_modulus_Pa(stiffness_N_per_m: float, area_m2: float, beta: float = 1.0) -> float:
    """E_r = √π·S/(2β√A) (Pa)."""
    return math.sqrt(math.pi) * float(stiffness_N_per_m) / (2.0 * beta * math.sqrt(area_m2))


def sample_modulus_Pa(reduced_modulus: float, poisson_ratio: float, indenter: Indenter) -> float:
    """Sample E (Pa) from E_r: 1/E_r = (1 − ν²)/E + (1 − ν_i²)/E_i.

    Returns NaN when E_r is not below the indenter's own contribution (no finite E).
    """
    denom = 1.0 / float(reduced_modulus) - (1.0 - indenter.poisson_ratio**2) / indenter.modulus_Pa
    if not denom > 0:
        return NAN
    return (1.0 - float(poisson_ratio) ** 2) / denom


def reduced_from_sample_Pa(modulus_Pa: float, poisson_ratio: float, indenter: Indenter) -> float:
    """E_r (Pa) from the sample's E and ν (forward direction, used by the generator)."""
    return 1.0 / ((1.0 - poisson_ratio**2) / modulus_Pa
                  + (1.0 - indenter.poisson_ratio**2) / indenter.modulus_Pa)


# ---------------------------------------------------------------- one unload

@dataclass(frozen=True)
class UnloadResult:
    """Oliver–Pharr result of one unload (SI units; NaN everywhere when ``ok`` is False).

    ``method`` is "unload" (power-law fit) or "csm" (harmonic stiffness).
    ``index`` is the sample index of the top of the unload in the curve.
    """

    indent: str
    unload: int
    ok: bool
    reason: str = ""
    method: str = "unload"
    index: int = -1
    max_load_N: float = NAN
    max_depth_m: float = NAN
    stiffness_N_per_m: float = NAN
    m: float = NAN
    final_depth_m: float = NAN
    contact_depth_m: float = NAN
    area_m2: float = NAN
    hardness_Pa: float = NAN
    reduced_modulus_Pa: float = NAN
    modulus_Pa: float = NAN
    poisson_ratio: float = NAN
    fit_rms_rel: float = NAN
    n_fit_points: int = 0
    vendor: VendorUnload | None = None
    outlier: str = ""
    fit: PowerLawFit | None = field(default=None, repr=False, compare=False)

    def flagged(self, reason: str) -> UnloadResult:
        """A copy that reports failure with ``reason`` and no numbers."""
        return UnloadResult(indent=self.indent, unload=self.unload, ok=False, reason=reason,
                            method=self.method, index=self.index, vendor=self.vendor)


def properties_from_stiffness(
    *, indent: str, unload: int, max_depth_m: float, max_load_N: float,
    stiffness_N_per_m: float, options: OliverPharrOptions, poisson_ratio: float,
    method: str = "unload", index: int = -1, vendor: VendorUnload | None = None,
    fit: PowerLawFit | None = None,
) -> UnloadResult:
    """h_c, A, H, E_r and E from (h_max, P_max, S); flags impossible inputs."""
    base = UnloadResult(indent=indent, unload=unload, ok=False, method=method, index=index,
                        vendor=vendor)
    S, P, h = float(stiffness_N_per_m), float(max_load_N), float(max_depth_m)
    if not (math.isfinite(P) and P > 0):
        return base.flagged(f"maximum load is not positive ({P:.4g} N)")
    if not (math.isfinite(S) and S > 0):
        return base.flagged(f"contact stiffness is not positive (S = {S:.4g} N/m)")
    hc = contact_depth_m(h, P, S, options.epsilon)
    if not (math.isfinite(hc) and hc > 0):
        return base.flagged(f"contact depth h_c = {hc * 1e9:.4g} nm is not positive "
                            f"(h_max = {h * 1e9:.4g} nm, eps·P/S = {options.epsilon * P / S * 1e9:.4g} nm)")
    area_fn = options.resolved_area()
    if not area_fn.is_valid_at(hc):
        return base.flagged(f"area function {area_fn.name!r} gives no positive, growing area "
                            f"at h_c = {hc * 1e9:.4g} nm")
    area = float(area_fn.area_m2(hc))
    er = reduced_modulus_Pa(S, area, options.beta)
    e = sample_modulus_Pa(er, poisson_ratio, options.resolved_indenter())
    if not (math.isfinite(e) and e > 0):
        return base.flagged(f"reduced modulus {er / 1e9:.4g} GPa is not below the indenter's "
                            f"own ({options.resolved_indenter().modulus_Pa / 1e9:.4g} GPa): no "
                            f"finite sample modulus")
    m = fit.m if fit is not None else NAN
    return UnloadResult(
        indent=indent, unload=unload, ok=True, method=method, index=index, max_load_N=P,
        max_depth_m=h, stiffness_N_per_m=S, m=m,
        final_depth_m=fit.final_depth_m if fit is not None else NAN,
        contact_depth_m=hc, area_m2=area, hardness_Pa=P / area, reduced_modulus_Pa=er,
        modulus_Pa=e, poisson_ratio=float(poisson_ratio),
        fit_rms_rel=fit.rms_rel if fit is not None else NAN,
        n_fit_points=fit.n_points if fit is not None else 0, vendor=vendor, fit=fit,
    )


def result_from_fit(
    fit: PowerLawFit | FitError, *, options: OliverPharrOptions, poisson_ratio: float,
    indent: str = "", unload: int = 1, index: int = -1, vendor: VendorUnload | None = None,
) -> UnloadResult:
    """The :class:`UnloadResult` of a power-law fit (or of its failure)."""
    base = UnloadResult(indent=indent, unload=unload, ok=False, index=index, vendor=vendor)
    if isinstance(fit, FitError):
        return base.flagged(f"unloading fit failed: {fit}")
    lo, hi = options.m_range
    if not (lo <= fit.m <= hi):
        return base.flagged(f"unloading exponent m = {fit.m:.3g} outside {lo:g}–{hi:g}")
    return properties_from_stiffness(
        indent=indent, unload=unload, max_depth_m=fit.max_depth_m, max_load_N=fit.max_load_N,
        stiffness_N_per_m=fit.stiffness_N_per_m, options=options, poisson_ratio=poisson_ratio,
        index=index, vendor=vendor, fit=fit,
    )


def analyse_unload(
    depth_m: np.ndarray, load_N: np.ndarray, *, options: OliverPharrOptions,
    poisson_ratio: float, indent: str = "", unload: int = 1, index: int = -1,
    vendor: VendorUnload | None = None,
) -> UnloadResult:
    """Oliver–Pharr analysis of one unloading branch (first point = P_max, h_max).

    Parameters
    ----------
    depth_m, load_N : array_like
        The unloading branch, already corrected (surface, drift, frame), m and N.
    options : OliverPharrOptions
    poisson_ratio : float
        Sample ν used for E.

    Returns
    -------
    UnloadResult
        ``ok=False`` with a reason when the branch cannot be analysed.
    """
    h = np.asarray(depth_m, dtype=float)
    p = np.asarray(load_N, dtype=float)
    if h.size < 2:
        return UnloadResult(indent=indent, unload=unload, ok=False, index=index, vendor=vendor,
                            reason="no unloading segment")
    (fit,) = fit_unloadings([(h, p)], window=options.window)
    return result_from_fit(fit, options=options, poisson_ratio=poisson_ratio, indent=indent,
                           unload=unload, index=index, vendor=vendor)
