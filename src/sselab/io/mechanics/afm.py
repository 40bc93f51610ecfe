"""Readers of AFM force curves and force maps → :class:`~sselab.mechanics.afm.curve.ForceCurve`.

Formats
-------
``.jpk-force``, ``.jpk-force-map``, ``.jpk-qi-data`` (JPK/Bruker NanoWizard) and ``.ibw``
(Asylum Research Igor binary wave)
    read through `afmformats <https://github.com/AFM-analysis/afmformats>`_
    (MIT licence).  Their piezo "height" decreases on approach, so
    z = −height (see :mod:`sselab.mechanics.afm.curve`).  Asylum files carry no
    segment labels; the curve is split at the turning point.
``.csv`` / ``.tsv`` / ``.txt`` (plain text)
    One header line of column names, then numbers.  Columns (SI units):
    ``force_N`` (or ``deflection_m``, multiplied by k), and ``piezo_m``
    (towards the sample) or ``height_m`` (away from it); optional ``segment``
    (0/1 or approach/retract).  Comment lines ``# key = value`` give metadata;
    ``# spring_constant_N_per_m = 40`` is required unless passed as an argument.
``.npz`` (sselab force map)
    Arrays ``piezo_m`` (m,) or (ny, nx, m), ``force_N`` (ny, nx, m), ``segment``
    (m,), scalars ``spring_constant_N_per_m`` and optionally ``pixel_size_m``
    (:func:`write_force_map_npz` writes it).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import InputError, ParseError
from sselab.mechanics.afm.curve import APPROACH, RETRACT, ForceCurve
from sselab.mechanics.afm.maps import ForceMap

AFMFORMATS_SUFFIXES = (".jpk-force", ".jpk-force-map", ".jpk-qi-data", ".ibw")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def _afmformats() -> Any:
    try:
        import afmformats
    except ImportError:  # pragma: no cover - afmformats is a declared dependency
        raise InputError(
            "reading JPK/Asylum files needs the 'afmformats' package (a declared sselab "
            "dependency that is missing here): pip install afmformats"
        ) from None
    return afmformats


def read_force_curves(path: str | Path, *, spring_constant_N_per_m: float | None = None
                      ) -> list[ForceCurve]:
    """All force curves in ``path`` (one for a single-curve file, many for a map).

    Parameters
    ----------
    path : str or Path
    spring_constant_N_per_m : float, optional
        Overrides the file's spring constant (required for text files without one).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {str(p)!r}")
    suffix = _suffix(p)
    if suffix in AFMFORMATS_SUFFIXES:
        return _read_afmformats(p, spring_constant_N_per_m)
    if suffix in TEXT_SUFFIXES:
        return [_read_text(p, spring_constant_N_per_m)]
    if suffix == ".npz":
        fmap = read_force_map(p)
        ny, nx = fmap.shape
        return [fmap.curve(i, j) for i in range(ny) for j in range(nx)]
    raise InputError(
        f"unknown force-curve format {suffix!r} ({p.name}); sselab reads "
        f"{', '.join(AFMFORMATS_SUFFIXES + TEXT_SUFFIXES)} and .npz force maps"
    )


def _suffix(p: Path) -> str:
    name = p.name.lower()
    for s in AFMFORMATS_SUFFIXES:
        if name.endswith(s):
            return s
    return p.suffix.lower()


def _read_afmformats(p: Path, k_override: float | None) -> list[ForceCurve]:
    af = _afmformats()
    # afmformats' format errors derive from BaseException, not Exception
    af_errors = (Exception, getattr(getattr(af, "errors", None), "AFMFileFormatError", Exception))
    try:
        groups = af.load_data(str(p), modality="force-distance")
    except af_errors as exc:  # afmformats raises many types for broken files
        raise ParseError(f"{p.name}: afmformats could not read it ({type(exc).__name__}: {exc})"
                         ) from None
    curves = []
    for i, fd in enumerate(groups):
        cols = set(fd.columns)
        hcol = "height (measured)" if "height (measured)" in cols else "height (piezo)"
        if "force" not in cols or hcol not in cols:
            raise ParseError(f"{p.name}: curve {i} lacks force or height columns ({sorted(cols)})")
        meta = {k: _plain(v) for k, v in dict(fd.metadata).items()}
        k = float(k_override) if k_override else float(meta.get("spring constant", math.nan))
        if not (k > 0):
            raise ParseError(f"{p.name}: no spring constant in the file; pass one explicitly")
        height = np.asarray(fd[hcol], dtype=float)
        force = np.asarray(fd["force"], dtype=float)
        seg = np.asarray(fd["segment"]).astype(int) if "segment" in cols else None
        if seg is not None and np.unique(seg).size < 2:
            seg = None  # Asylum: no labels → split at the turning point
        meta.update({"source": str(p), "format": meta.get("format", p.suffix),
                     "height_column": hcol})
        name = p.name if len(groups) == 1 else f"{p.name}[{i}]"
        curves.append(ForceCurve.from_height(height, force, k, segment=seg, metadata=meta,
                                             name=name))
    if not curves:
        raise ParseError(f"{p.name}: no force-distance curves found")
    return curves


def _plain(v: Any) -> Any:
    if isinstance(v, (np.generic,)):
        return v.item()
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


_META = re.compile(r"^#\s*([A-Za-z_][\w .()/-]*?)\s*[=:]\s*(.+?)\s*$")


def _read_text(p: Path, k_override: float | None) -> ForceCurve:
    meta: dict[str, Any] = {}
    header: list[str] | None = None
    rows: list[list[str]] = []
    for raw in p.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _META.match(line)
            if m:
                meta[m.group(1).strip()] = m.group(2)
            continue
        parts = [t for t in re.split(r"[,\t;]|\s+", line) if t != ""]
        if header is None:
            header = [h.strip().strip('"').lower() for h in parts]
            continue
        rows.append(parts)
    if header is None or not rows:
        raise ParseError(f"{p.name}: expected a header line of column names and numeric rows")
    cols = {h: i for i, h in enumerate(header)}
    try:
        seg_col = cols.get("segment")
        num = [c for c in range(len(header)) if c != seg_col]
        data = {header[c]: np.array([float(r[c]) for r in rows]) for c in num}
        seg_raw = [r[seg_col] for r in rows] if seg_col is not None else None
    except (ValueError, IndexError) as exc:
        raise ParseError(f"{p.name}: non-numeric or missing value ({exc})") from None
    k = k_override or _float(meta.get("spring_constant_N_per_m"))
    if not k or not (k > 0):
        raise ParseError(f"{p.name}: no spring constant; add a line "
                         "'# spring_constant_N_per_m = …' or pass it explicitly")
    if "force_n" in data:
        force = data["force_n"]
    elif "deflection_m" in data:
        force = data["deflection_m"] * k
    else:
        raise ParseError(f"{p.name}: needs a force_N or deflection_m column, has {header}")
    if "piezo_m" in data:
        piezo = data["piezo_m"]
    elif "height_m" in data:
        piezo = -data["height_m"]
    else:
        raise ParseError(f"{p.name}: needs a piezo_m (towards the sample) or height_m column")
    seg = None
    if seg_raw is not None:
        lut = {"0": APPROACH, "1": RETRACT, "approach": APPROACH, "retract": RETRACT,
               "0.0": APPROACH, "1.0": RETRACT}
        try:
            seg = np.array([lut[s.strip().lower()] for s in seg_raw])
        except KeyError as exc:
            raise ParseError(f"{p.name}: segment values must be 0/1 or approach/retract ({exc})"
                             ) from None
    meta.update({"source": str(p), "format": "text"})
    return ForceCurve(piezo, force, float(k), segment=seg, metadata=meta, name=p.name)


def _float(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def read_force_map(path: str | Path) -> ForceMap:
    """A force map from an sselab ``.npz`` file or a JPK force map (grid metadata needed)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {str(p)!r}")
    if p.suffix.lower() == ".npz":
        try:
            with np.load(p, allow_pickle=False) as z:
                pix = float(z["pixel_size_m"]) if "pixel_size_m" in z.files else math.nan
                return ForceMap(z["piezo_m"], z["force_N"], z["segment"],
                                float(z["spring_constant_N_per_m"]), pixel_size_m=pix,
                                metadata={"source": str(p)})
        except KeyError as exc:
            raise ParseError(f"{p.name}: missing array {exc} (need piezo_m, force_N, segment, "
                             "spring_constant_N_per_m)") from None
        except ValueError as exc:
            raise ParseError(f"{p.name}: not a readable .npz force map ({exc})") from None
    return curves_to_map(read_force_curves(p))


def curves_to_map(curves: list[ForceCurve]) -> ForceMap:
    """Stack curves carrying ``grid index x/y`` and ``grid shape x/y`` metadata into a ForceMap.

    All curves must share the same length and segment layout (crop them first otherwise).
    """
    if not curves:
        raise InputError("no curves to build a map from")
    m0 = curves[0].metadata
    try:
        nx, ny = int(m0["grid shape x"]), int(m0["grid shape y"])
    except (KeyError, ValueError, TypeError):
        raise InputError("these curves carry no grid shape; they are not a force map") from None
    n = len(curves[0])
    if any(len(c) != n or not np.array_equal(c.segment, curves[0].segment) for c in curves):
        raise InputError("force-map curves differ in length or segment layout; "
                         "resample them to a common layout first")
    force = np.full((ny, nx, n), np.nan)
    piezo = np.full((ny, nx, n), np.nan)
    for c in curves:
        i, j = int(c.metadata["grid index y"]), int(c.metadata["grid index x"])
        force[i, j], piezo[i, j] = c.force_N, c.piezo_m
    if np.isnan(force).any():
        raise InputError("the force map has pixels without a curve")
    size = _float(m0.get("grid size x"))
    return ForceMap(piezo, force, curves[0].segment, curves[0].spring_constant_N_per_m,
                    pixel_size_m=size / nx if size else math.nan,
                    metadata={"source": m0.get("source", "")})


def write_force_map_npz(fmap: ForceMap, path: str | Path) -> None:
    """Save ``fmap`` in sselab's ``.npz`` force-map layout (see module docstring)."""
    np.savez_compressed(
        Path(path), piezo_m=fmap.piezo_m, force_N=fmap.force_N, segment=fmap.segment,
        spring_constant_N_per_m=fmap.spring_constant_N_per_m, pixel_size_m=fmap.pixel_size_m,
    )
