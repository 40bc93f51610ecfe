"""Shared helpers of the XRD readers: file reading, building patterns, one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import InputError, ParseError

#: Largest file read (bytes); instrument files are far smaller.
MAX_BYTES = 256 * 1024 * 1024


def read_bytes(path: str | Path) -> bytes:
    """File content, or a one-line :class:`InputError` when it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a diffraction file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"{p}: {size} bytes is too large for a powder pattern")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror})") from None


def decode_text(data: bytes) -> str:
    """Text of a file: UTF-8 (BOM allowed), else Shift-JIS (Rigaku), else Latin-1."""
    for enc in ("utf-8-sig", "cp932", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1", errors="replace")  # pragma: no cover


def make_pattern(two_theta: Any, intensity: Any, *, origin: str, fmt: str,
                 wavelength_angstrom: float | None, unit: str, name: str,
                 metadata: dict[str, Any]):
    """Validated :class:`~sselab.xrd.pattern.XRDPattern`: sorted, duplicates and NaN rows dropped."""
    from sselab.xrd.pattern import CU_KALPHA1_ANGSTROM, XRDPattern

    tt = np.asarray(two_theta, dtype=float)
    y = np.asarray(intensity, dtype=float)
    if tt.shape != y.shape:
        raise ParseError(f"{origin}: {tt.size} angles but {y.size} intensities")
    ok = np.isfinite(tt) & np.isfinite(y)
    tt, y = tt[ok], y[ok]
    if tt.size < 3:
        raise ParseError(f"{origin}: fewer than 3 data points could be read")
    order = np.argsort(tt, kind="stable")
    tt, y = tt[order], y[order]
    keep = np.concatenate([[True], np.diff(tt) > 0])
    if not keep.all():
        metadata = dict(metadata, duplicates_dropped=int((~keep).sum()))
        tt, y = tt[keep], y[keep]
    if tt[0] <= 0 or tt[-1] >= 180:
        raise ParseError(f"{origin}: 2θ values {tt[0]:g}…{tt[-1]:g} are not angles in (0, 180)°; "
                         "is the first column 2θ in degrees?")
    lam = CU_KALPHA1_ANGSTROM if wavelength_angstrom is None else float(wavelength_angstrom)
    if wavelength_angstrom is None:
        metadata = dict(metadata, wavelength_assumed="Cu Ka1 1.5406 Å (file gives none)")
    try:
        return XRDPattern(tt, y, lam, unit, name, fmt, metadata)
    except InputError as exc:
        raise ParseError(f"{origin}: {exc}") from None


def to_float(text: str | None, what: str, origin: str) -> float:
    """float(text) with a one-line :class:`ParseError`."""
    try:
        return float(str(text).strip().strip('"'))
    except (TypeError, ValueError):
        raise ParseError(f"{origin}: {what} is not a number ({text!r})") from None
