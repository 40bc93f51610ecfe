"""Generic indentation CSV: one header row naming columns with their units.

Example::

    # sample: fused quartz, Test 001 of FQ.xls
    # poisson_ratio: 0.18
    # frame_corrected: true
    indent,segment,time_s,depth_nm,load_mN
    Test 001,load,0.0,0.0,0.0
    ...

Columns (case-insensitive; comma, semicolon or tab separated):

* depth — ``depth_nm``, ``depth_um``, ``depth_m`` (also ``displacement_…``);
* load — ``load_mN``, ``load_uN`` (``load_µN``), ``load_N`` (also ``force_…``);
* optional ``time_s``, ``harmonic_stiffness_N_per_m`` (CSM),
  ``indent`` (text: rows with the same value form one indent, in order of
  first appearance) and ``segment`` (text per row: load, hold, unload,
  drift_hold; consecutive rows with one label form a segment).

``# key: value`` comment lines before the header set curve metadata:
``poisson_ratio``, ``frame_corrected``, ``drift_corrected``,
``surface_referenced`` (default true), ``frame_stiffness_N_per_m``, and
``indent`` (the name of the indent when there is no ``indent`` column).

Every data row must have as many fields as the header and finite numbers in
the numeric columns, else :class:`ParseError` names the line.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from sselab.errors import ParseError
from sselab.mechanics.indentation.curve import IndentCurve, Segment

_DEPTH = {"nm": 1e-9, "um": 1e-6, "µm": 1e-6, "m": 1.0}
_LOAD = {"mn": 1e-3, "un": 1e-6, "µn": 1e-6, "n": 1.0}
_KINDS = {"load", "hold", "unload", "drift_hold", "approach", "other"}
_BOOL = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _column_role(name: str) -> tuple[str, float] | None:
    n = name.strip().lower().replace("μ", "µ")
    for prefix in ("depth_", "displacement_"):
        if n.startswith(prefix) and n[len(prefix):] in _DEPTH:
            return "depth", _DEPTH[n[len(prefix):]]
    for prefix in ("load_", "force_"):
        if n.startswith(prefix) and n[len(prefix):] in _LOAD:
            return "load", _LOAD[n[len(prefix):]]
    if n == "time_s":
        return "time", 1.0
    if n in ("harmonic_stiffness_n_per_m", "stiffness_n_per_m"):
        return "stiffness", 1.0
    if n in ("indent", "test"):
        return "indent", 1.0
    if n == "segment":
        return "segment", 1.0
    return None


def _meta(comments: list[str], origin: str) -> dict[str, object]:
    meta: dict[str, object] = {}
    for line in comments:
        body = line.lstrip("#").strip()
        if ":" not in body:
            continue
        key, val = (s.strip() for s in body.split(":", 1))
        key = key.lower()
        if key in ("frame_corrected", "drift_corrected", "surface_referenced"):
            if val.lower() not in _BOOL:
                raise ParseError(f"{origin}: '{key}: {val}' must be true or false")
            meta[key] = _BOOL[val.lower()]
        elif key in ("poisson_ratio", "frame_stiffness_n_per_m"):
            try:
                meta[key] = float(val)
            except ValueError:
                raise ParseError(f"{origin}: '{key}: {val}' is not a number") from None
        else:
            meta[key] = val
    return meta


def parse_indentation_csv(text: str, origin: str = "<csv>") -> list[IndentCurve]:
    """Parse the text of an indentation CSV (see module docstring)."""
    lines = text.splitlines()
    comments: list[str] = []
    i = 0
    while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
        if lines[i].strip():
            comments.append(lines[i])
        i += 1
    if i >= len(lines):
        raise ParseError(f"{origin}: no header row (e.g. 'depth_nm,load_mN')")
    head = lines[i]
    sep = max((",", ";", "\t"), key=head.count)
    names = [c.strip() for c in head.split(sep)]
    roles = [_column_role(c) for c in names]
    found = [r[0] for r in roles if r]
    if "depth" not in found or "load" not in found:
        raise ParseError(f"{origin}: header {names} needs a depth column (depth_nm, depth_um, "
                         f"depth_m) and a load column (load_mN, load_uN, load_N)")
    for role in ("depth", "load", "time", "stiffness", "indent", "segment"):
        if found.count(role) > 1:
            raise ParseError(f"{origin}: more than one {role} column in header {names}")
    col = {r[0]: (k, r[1]) for k, r in enumerate(roles) if r}
    meta = _meta(comments, origin)
    default_name = str(meta.get("indent", "indent 1"))
    numeric = [(role, k, f) for role, (k, f) in col.items() if role not in ("indent", "segment")]
    data: dict[str, list[float]] = {role: [] for role, _, _ in numeric}
    groups: list[str] = []
    segs: list[str] = []
    for ln, line in enumerate(lines[i + 1:], start=i + 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split(sep)
        if len(fields) != len(names):
            raise ParseError(f"{origin}: line {ln} has {len(fields)} fields, header has "
                             f"{len(names)}; the file is truncated or damaged")
        for role, k, f in numeric:
            try:
                v = float(fields[k])
            except ValueError:
                raise ParseError(f"{origin}: line {ln}: {names[k]} = {fields[k].strip()[:30]!r} "
                                 f"is not a number") from None
            if not math.isfinite(v):
                raise ParseError(f"{origin}: line {ln}: {names[k]} is not finite")
            data[role].append(v * f)
        groups.append(fields[col["indent"][0]].strip() if "indent" in col else default_name)
        if "segment" in col:
            s = fields[col["segment"][0]].strip().lower()
            if s not in _KINDS:
                raise ParseError(f"{origin}: line {ln}: segment {s!r} is not one of "
                                 f"{', '.join(sorted(_KINDS))}")
            segs.append(s)
    if not groups:
        raise ParseError(f"{origin}: no data rows after the header")
    arrays = {role: np.asarray(v, dtype=float) for role, v in data.items()}
    order: dict[str, list[int]] = {}
    for k, g in enumerate(groups):
        order.setdefault(g, []).append(k)
    curves = []
    for g, idx_list in order.items():
        idx = np.asarray(idx_list)
        if idx.size < 5:
            raise ParseError(f"{origin}: indent {g!r} has only {idx.size} rows (need 5)")
        segments: list[Segment] = []
        if segs:
            labels = [segs[k] for k in idx_list]
            start = 0
            for k in range(1, len(labels) + 1):
                if k == len(labels) or labels[k] != labels[start]:
                    segments.append(Segment(labels[start], start, k))
                    start = k
        curves.append(IndentCurve(
            name=g, depth_m=arrays["depth"][idx], load_N=arrays["load"][idx],
            time_s=arrays["time"][idx] if "time" in arrays else None,
            harmonic_stiffness_N_per_m=arrays["stiffness"][idx] if "stiffness" in arrays else None,
            segments=tuple(segments),
            frame_corrected=bool(meta.get("frame_corrected", False)),
            drift_corrected=bool(meta.get("drift_corrected", False)),
            surface_referenced=bool(meta.get("surface_referenced", True)),
            frame_stiffness_N_per_m=float(meta.get("frame_stiffness_n_per_m", float("nan"))),  # type: ignore[arg-type]
            poisson_ratio=float(meta.get("poisson_ratio", float("nan"))),  # type: ignore[arg-type]
            source=origin, meta={"format": "indentation CSV", **meta},
        ))
    return curves


def read_indentation_csv(path: str | Path) -> list[IndentCurve]:
    """Read an indentation CSV file (see module docstring)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return parse_indentation_csv(text, str(path))
