"""Baseline correction and contact-point detection of force-curve segments.

All functions work on *batches*: 2-D arrays of shape (n_curves, n_points),
one curve per row, so that a 128 × 128 force map is processed with array
operations and a single curve is simply a batch of one.  Every row is
ordered **far → near** (the tip moving towards the sample): the approach as
acquired, the retract reversed.  In that order the non-contact part comes
first and the point of maximum force last.

Steps (:func:`prepare_batch`):

1. *Baseline.*  A constant (``"offset"``) or a straight line in piezo position
   z (``"tilt"``, correcting the slope that laser interference and drift add to
   the free-cantilever part) is fitted to the non-contact part and subtracted.
   The tip position is then computed from the *corrected* deflection,
   s = z − F_corrected/k, so a baseline tilt does not stretch the s axis.
2. *Contact point.*  ``"threshold"``: the force's last rise above
   ``k_sigma`` × the baseline noise before the maximum, walked back to where
   the corrected force last crossed zero (the Hertz contact).  ``"pulloff"``:
   the minimum of the corrected force (on a retract curve with adhesion this is
   where a DMT contact breaks, δ = 0).  The baseline is then refitted on the
   points before the contact (less a 5 % guard; with ``"pulloff"``, before the
   adhesive jump, the first point below half the minimum force) and the contact
   found again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sselab.errors import FitError, InputError

BASELINES = ("none", "offset", "tilt")
CONTACT_METHODS = ("threshold", "pulloff")


@dataclass(frozen=True, eq=False)
class PreparedBatch:
    """Baseline-corrected segments with their contact points (arrays over curves).

    Attributes
    ----------
    tip_m, force_N : ndarray, shape (n, m)
        Tip position s (m) and baseline-corrected force (N), far → near.
    contact_index : ndarray of int, shape (n,)
        Index of the detected contact point in each row.
    max_index : ndarray of int, shape (n,)
        Index of the maximum corrected force.
    baseline_offset_N, baseline_slope_N_per_m : ndarray, shape (n,)
        Subtracted baseline F_b(z) = offset + slope·z (z: piezo position).
    noise_N : ndarray, shape (n,)
        Standard deviation of the baseline residual.
    baseline_points : ndarray of int, shape (n,)
        Number of points the baseline was fitted on.
    baseline_mode, contact_method : str
    """

    tip_m: np.ndarray
    force_N: np.ndarray
    contact_index: np.ndarray
    max_index: np.ndarray
    baseline_offset_N: np.ndarray
    baseline_slope_N_per_m: np.ndarray
    noise_N: np.ndarray
    baseline_points: np.ndarray
    baseline_mode: str
    contact_method: str

    @property
    def contact_tip_m(self) -> np.ndarray:
        """Tip position at the detected contact point, m."""
        return np.take_along_axis(self.tip_m, self.contact_index[:, None], axis=1)[:, 0]

    @property
    def max_force_N(self) -> np.ndarray:
        """Largest corrected force, N."""
        return np.take_along_axis(self.force_N, self.max_index[:, None], axis=1)[:, 0]

    @property
    def min_force_N(self) -> np.ndarray:
        """Smallest corrected force, N (−pull-off force on a retract curve)."""
        return self.force_N.min(axis=1)


def far_to_near(piezo_m: np.ndarray, force_N: np.ndarray, segment: str
                ) -> tuple[np.ndarray, np.ndarray]:
    """Rows ordered far → near: approach unchanged, retract reversed (last axis)."""
    if segment == "approach":
        return piezo_m, force_N
    if segment == "retract":
        return piezo_m[..., ::-1], force_N[..., ::-1]
    raise InputError(f"segment must be 'approach' or 'retract', got {segment!r}")


def fit_baseline(
    piezo_m: np.ndarray, force_N: np.ndarray, region: np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares baseline over the points where ``region`` is True, per row.

    Returns (offset_N, slope_N_per_m, noise_N).  ``mode`` is "none", "offset"
    or "tilt" (straight line in piezo position).  The noise is the rms of the
    residual in the region (degrees of freedom corrected).
    """
    if mode not in BASELINES:
        raise InputError(f"baseline must be one of {', '.join(BASELINES)}, got {mode!r}")
    w = region.astype(float)
    n = w.sum(axis=1)
    if np.any(n < 3):
        raise FitError(
            "too few non-contact points to fit a baseline (fewer than 3); record a longer "
            "approach/retract or choose --baseline none"
        )
    x0 = (w * piezo_m).sum(axis=1) / n  # centre for conditioning
    xc = piezo_m - x0[:, None]
    fm = (w * force_N).sum(axis=1) / n
    if mode == "tilt":
        sxx = (w * xc * xc).sum(axis=1)
        sxy = (w * xc * (force_N - fm[:, None])).sum(axis=1)
        xm = (w * xc).sum(axis=1) / n
        slope = np.where(sxx > 0, sxy / np.where(sxx > 0, sxx, 1.0), 0.0)
        offset = fm - slope * (xm + x0)
    elif mode == "offset":
        slope = np.zeros_like(fm)
        offset = fm
    else:
        slope = np.zeros_like(fm)
        offset = np.zeros_like(fm)
    resid = force_N - (offset[:, None] + slope[:, None] * piezo_m)
    if mode == "none":
        resid = resid - fm[:, None]
    dof = np.maximum(n - (2 if mode == "tilt" else 1), 1)
    noise = np.sqrt((w * resid * resid).sum(axis=1) / dof)
    return offset, slope, noise


def _last_true(mask: np.ndarray) -> np.ndarray:
    """Index of the last True per row (−1 where none)."""
    m = mask.shape[1]
    rev = mask[:, ::-1]
    has = rev.any(axis=1)
    return np.where(has, m - 1 - np.argmax(rev, axis=1), -1)


def contact_threshold(force_N: np.ndarray, noise_N: np.ndarray, max_index: np.ndarray,
                      k_sigma: float = 5.0) -> np.ndarray:
    """Hertz contact index: last zero crossing before the final rise above ``k_sigma``·noise."""
    m = force_N.shape[1]
    idx = np.arange(m)[None, :]
    before_max = idx <= max_index[:, None]
    thr = k_sigma * np.maximum(noise_N, np.finfo(float).tiny)
    j0 = _last_true((force_N <= thr[:, None]) & before_max)  # last point not clearly in contact
    at_or_below_zero = (force_N <= 0.0) & (idx <= np.maximum(j0, 0)[:, None])
    i = _last_true(at_or_below_zero)
    i = np.where(i < 0, np.maximum(j0, 0), i)
    return np.minimum(i, max_index)


def contact_pulloff(force_N: np.ndarray, max_index: np.ndarray) -> np.ndarray:
    """DMT contact index: the minimum of the force before its maximum (the pull-off point)."""
    m = force_N.shape[1]
    idx = np.arange(m)[None, :]
    f = np.where(idx <= max_index[:, None], force_N, np.inf)
    return np.argmin(f, axis=1)


def prepare_batch(
    piezo_m: np.ndarray,
    force_N: np.ndarray,
    spring_constant_N_per_m: float | np.ndarray,
    *,
    baseline: str = "tilt",
    contact: str = "threshold",
    initial_fraction: float = 0.5,
    k_sigma: float = 5.0,
    guard_fraction: float = 0.05,
) -> PreparedBatch:
    """Baseline-correct far → near rows and find their contact points.

    Parameters
    ----------
    piezo_m, force_N : ndarray, shape (n, m) or (m,)
        Piezo position z (m, towards the sample) and raw force (N), far → near.
    spring_constant_N_per_m : float or ndarray (n,)
        k, for the tip position s = z − F_corrected/k.
    baseline : {"tilt", "offset", "none"}
        Baseline model fitted to the non-contact part.
    contact : {"threshold", "pulloff"}
        Contact-point rule (see module docstring).
    initial_fraction : float
        First-pass baseline region for the threshold rule: the first
        ``initial_fraction`` of the points before the force maximum.
    k_sigma : float
        Threshold in units of the baseline noise.
    guard_fraction : float
        Points just before the contact left out of the refined baseline
        (fraction of the contact index, at least 2).
    """
    if contact not in CONTACT_METHODS:
        raise InputError(f"contact must be one of {', '.join(CONTACT_METHODS)}, got {contact!r}")
    z = np.atleast_2d(np.asarray(piezo_m, dtype=float))
    f = np.atleast_2d(np.asarray(force_N, dtype=float))
    if z.shape != f.shape:
        raise InputError(f"piezo ({z.shape}) and force ({f.shape}) arrays differ in shape")
    k = np.broadcast_to(np.asarray(spring_constant_N_per_m, dtype=float), (f.shape[0],))[:, None]
    if not np.all(k > 0):
        raise InputError("the spring constant must be positive")
    n, m = f.shape
    if m < 8:
        raise InputError(f"a segment needs at least 8 points, got {m}")
    idx = np.arange(m)[None, :]

    # first pass
    imax = np.argmax(f, axis=1)
    if contact == "pulloff":
        f_far = np.median(f[:, : max(m // 10, 3)], axis=1)
        first_contact = _snap_off(f - f_far[:, None], imax)
    else:
        first_contact = np.maximum((initial_fraction * imax).astype(int), 3)
    region = idx < _guarded(first_contact, guard_fraction)[:, None]
    offset, slope, noise = fit_baseline(z, f, region, baseline)
    fc = f - (offset[:, None] + slope[:, None] * z)
    imax = np.argmax(fc, axis=1)
    ic = _contact(fc, noise, imax, contact, k_sigma)

    # second pass: baseline on everything before the contact (before the snap-off for adhesion)
    end = _snap_off(fc, imax) if contact == "pulloff" else ic
    region = idx < _guarded(end, guard_fraction)[:, None]
    offset, slope, noise = fit_baseline(z, f, region, baseline)
    fc = f - (offset[:, None] + slope[:, None] * z)
    imax = np.argmax(fc, axis=1)
    ic = _contact(fc, noise, imax, contact, k_sigma)
    return PreparedBatch(
        tip_m=z - fc / k,
        force_N=fc,
        contact_index=ic.astype(np.intp),
        max_index=imax.astype(np.intp),
        baseline_offset_N=offset,
        baseline_slope_N_per_m=slope,
        noise_N=noise,
        baseline_points=region.sum(axis=1),
        baseline_mode=baseline,
        contact_method=contact,
    )


def _snap_off(fc: np.ndarray, imax: np.ndarray) -> np.ndarray:
    """First index (far → near) where the force is below half its minimum: the adhesive jump."""
    m = fc.shape[1]
    idx = np.arange(m)[None, :]
    fmin = np.where(idx <= imax[:, None], fc, np.inf).min(axis=1)
    below = (fc < 0.5 * fmin[:, None]) & (idx <= imax[:, None]) & (fmin[:, None] < 0)
    first = np.argmax(below, axis=1)
    return np.where(below.any(axis=1), first, contact_pulloff(fc, imax))


def _guarded(index: np.ndarray, guard_fraction: float) -> np.ndarray:
    g = np.maximum(np.round(guard_fraction * index).astype(int), 2)
    return np.maximum(index - g, 3)


def _contact(fc: np.ndarray, noise: np.ndarray, imax: np.ndarray, method: str,
             k_sigma: float) -> np.ndarray:
    if method == "pulloff":
        return contact_pulloff(fc, imax)
    return contact_threshold(fc, noise, imax, k_sigma)
