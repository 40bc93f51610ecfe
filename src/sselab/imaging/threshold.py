"""Global thresholds on a 256-bin grey-level histogram: ImageJ "Default", Otsu, manual.

Histogram.  8-bit images use one bin per grey value 0…255.  Other images
(16-bit, float) use 256 equal bins between their minimum and maximum, as
ImageJ does for its threshold tools; the threshold is reported both as a bin
``level`` and as a grey ``value`` (the upper edge of that bin).

Classification.  A pixel belongs to the *lower* class when its bin is ≤
``level`` (for 8-bit: grey value ≤ level).  Pores in secondary-electron SEM
images are dark, so pores = lower class by default (ImageJ's Adjust ▸
Threshold with "Dark background" unticked selects the same range 0…level).

``isodata`` — ImageJ "Default" (= "IJ_IsoData"), the iterative intermeans
variant of Ridler & Calvard (1978) used by ImageJ's Adjust ▸ Threshold, written
here from its published description:

1. the counts of the first and last bins (0 and 255) are set aside
   (saturated/erased pixels do not vote);
2. ``min``/``max`` are the first/last non-empty bins of what remains;
3. for g = min, min+1, …: m_lo = mean bin of [min, g], m_hi = mean bin of
   (g, max], t = (m_lo + m_hi)/2; stop at the first g with g + 2 > t (or
   g ≥ max − 2, i.e. when the moving index can no longer be moved);
4. level = round(t) (halves rounded up, as Java's Math.round).

Optionally (``clip_mode=True``) the count of the most frequent bin is first
limited to 1.5 × the second-highest count when it exceeds twice that, the
"legacy" behaviour ImageJ applies to images dominated by one grey level.

``otsu`` — Otsu (1979): the level maximising the between-class variance
ω₀ω₁(μ₀ − μ₁)²; the first maximum on ties.

Example
-------
>>> import numpy as np
>>> h = np.zeros(256, int); h[50] = 100; h[200] = 100
>>> ij_isodata_level(h), otsu_level(h)
(125, 50)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sselab.errors import InputError

METHODS = ("isodata", "otsu", "manual")


@dataclass(frozen=True)
class Histogram:
    """256-bin histogram of an image with the grey value of each bin's lower edge."""

    counts: np.ndarray
    lower_value: float
    bin_width: float
    eight_bit: bool

    def value_of(self, level: int) -> float:
        """Grey value at the upper edge of bin ``level`` (8-bit: the level itself)."""
        if self.eight_bit:
            return float(level)
        return self.lower_value + (level + 1) * self.bin_width

    def level_of(self, value: float) -> int:
        """Bin holding grey ``value`` (clipped to 0…255)."""
        if self.eight_bit:
            return int(np.clip(math.floor(value), 0, 255))
        return int(np.clip(math.floor((value - self.lower_value) / self.bin_width), 0, 255))

    def bins(self, data: np.ndarray) -> np.ndarray:
        """Bin index of every pixel."""
        if self.eight_bit:
            return np.asarray(data).astype(np.int64)
        idx = np.floor((np.asarray(data, float) - self.lower_value) / self.bin_width)
        return np.clip(idx, 0, 255).astype(np.int64)


def histogram256(data: np.ndarray) -> Histogram:
    """The 256-bin histogram of ``data`` (see module docstring)."""
    arr = np.asarray(data)
    if arr.size == 0:
        raise InputError("cannot threshold an empty image")
    if arr.dtype == np.uint8:
        return Histogram(np.bincount(arr.ravel(), minlength=256), 0.0, 1.0, True)
    lo, hi = float(arr.min()), float(arr.max())
    width = (hi - lo) / 256.0 if hi > lo else 1.0
    h = Histogram(np.zeros(256, np.int64), lo, width, False)
    counts = np.bincount(h.bins(arr).ravel(), minlength=256)
    return Histogram(counts, lo, width, False)


def _java_round(x: float) -> int:
    return int(math.floor(x + 0.5))


def ij_isodata_level(counts: np.ndarray, *, clip_mode: bool = False) -> int:
    """ImageJ "Default" (IJ_IsoData) level of a 256-bin histogram (see module docstring)."""
    h = np.asarray(counts, dtype=float).copy()
    if h.ndim != 1 or h.size < 3:
        raise InputError("histogram must be 1-D with at least 3 bins")
    if np.any(h < 0):
        raise InputError("histogram counts must be ≥ 0")
    n = h.size
    if clip_mode:
        mode = int(np.argmax(h))
        second = float(np.max(np.delete(h, mode)))
        if second > 0 and h[mode] > 2 * second:
            h[mode] = math.floor(1.5 * second)
    h[0] = 0.0
    h[n - 1] = 0.0
    nz = np.flatnonzero(h)
    if nz.size < 2:
        return n // 2
    lo, hi = int(nz[0]), int(nz[-1])
    idx = np.arange(n, dtype=float)
    c_w = np.cumsum(idx * h)
    c_n = np.cumsum(h)
    g = lo
    while True:
        s1, s2 = c_w[g] - (c_w[lo - 1] if lo > 0 else 0.0), c_n[g] - (c_n[lo - 1] if lo > 0 else 0.0)
        s3, s4 = c_w[hi] - c_w[g], c_n[hi] - c_n[g]
        m_lo = s1 / s2 if s2 > 0 else float("nan")
        m_hi = s3 / s4 if s4 > 0 else float("nan")
        t = 0.5 * (m_lo + m_hi)
        g += 1
        if not ((g + 1) <= t and g < hi - 1):
            break
    if not math.isfinite(t):
        return n // 2
    return _java_round(t)


def otsu_level(counts: np.ndarray) -> int:
    """Otsu (1979) level: maximises ω₀ω₁(μ₀ − μ₁)², lower class = bins ≤ level."""
    h = np.asarray(counts, dtype=float)
    if h.ndim != 1 or h.size < 2 or np.any(h < 0):
        raise InputError("histogram must be 1-D, ≥ 2 bins, counts ≥ 0")
    total = h.sum()
    if total <= 0:
        raise InputError("histogram is empty")
    idx = np.arange(h.size, dtype=float)
    w0 = np.cumsum(h)
    w1 = total - w0
    m0 = np.cumsum(idx * h)
    mt = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 - total * m0) ** 2 / (w0 * w1)
    between[(w0 == 0) | (w1 == 0)] = -1.0
    if np.all(between < 0):
        return int(np.flatnonzero(h)[0])
    return int(np.argmax(between))


@dataclass(frozen=True)
class Threshold:
    """A global threshold: method, bin level and grey value."""

    method: str
    level: int
    value: float
    histogram: Histogram

    def lower_mask(self, data: np.ndarray) -> np.ndarray:
        """True where a pixel is in the lower class (bin ≤ level)."""
        return self.histogram.bins(data) <= self.level


def compute_threshold(data: np.ndarray, method: str = "isodata", *,
                      manual_value: float | None = None, clip_mode: bool = False,
                      histogram: Histogram | None = None) -> Threshold:
    """Threshold of ``data`` by ``method`` ("isodata" = ImageJ Default, "otsu", "manual")."""
    m = str(method).lower()
    if m in ("default", "ij_isodata", "imagej"):
        m = "isodata"
    if m not in METHODS:
        raise InputError(f"unknown threshold method {method!r}; use isodata, otsu or manual")
    hist = histogram if histogram is not None else histogram256(data)
    if m == "manual":
        if manual_value is None or not math.isfinite(float(manual_value)):
            raise InputError("manual thresholding needs a threshold grey value (--threshold)")
        level = hist.level_of(float(manual_value))
        return Threshold("manual", level, float(manual_value), hist)
    level = (ij_isodata_level(hist.counts, clip_mode=clip_mode) if m == "isodata"
             else otsu_level(hist.counts))
    return Threshold(m, level, hist.value_of(level), hist)
