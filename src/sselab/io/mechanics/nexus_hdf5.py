"""NeXus-style indentation HDF5 (the common layout of micromechanics, e.g. FischerScope).

Layout: groups ``test_1`` … ``test_n`` each holding ``data/displacement``,
``data/force`` and ``data/time`` (datasets with a ``unit`` attribute: ``um``
or ``nm``; ``mN`` or ``uN``; ``s``).  Files converted from FischerScope
``.hap`` files (micromechanics ``hap2hdf.py``) carry an ``instrument`` group
and keep the approach segment (negative displacement) in the data; depth 0
is the instrument's zero point (``surface_referenced``).  Time restarts at
segment boundaries in such files, so drift correction is not applied to them.

Tests are returned in numerical order (test_1, test_2, …, test_16).  A test
group lacking a dataset, or with mismatched lengths, becomes a curve with
``problem`` set.  Reading uses ``h5py`` (BSD), imported only here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import ParseError
from sselab.mechanics.indentation.curve import IndentCurve, broken_curve

_DEPTH = {"um": 1e-6, "µm": 1e-6, "nm": 1e-9, "m": 1.0, "mm": 1e-3}
_FORCE = {"mn": 1e-3, "un": 1e-6, "µn": 1e-6, "n": 1.0}
_TEST = re.compile(r"^test_(\d+)$")


def _attr_str(v: Any) -> str:
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, np.ndarray) and v.size == 1:
        return _attr_str(v.reshape(-1)[0])
    return str(v)


def _dataset(group: Any, key: str, units: dict[str, float], default_unit: str
             ) -> tuple[np.ndarray | None, str]:
    if key not in group:
        return None, f"dataset data/{key} missing"
    ds = group[key]
    unit = _attr_str(ds.attrs.get("unit", default_unit)).strip().lower().replace("μ", "µ")
    if unit not in units:
        return None, f"data/{key} has unknown unit {unit!r}"
    try:
        a = np.asarray(ds[()], dtype=float).reshape(-1)
    except (TypeError, ValueError, OSError) as exc:
        return None, f"data/{key} unreadable ({exc})"
    return a * units[unit], ""


def read_nexus_hdf5(path: str | Path) -> list[IndentCurve]:
    """All ``test_n`` groups of an indentation HDF5 file, in numerical order.

    Raises
    ------
    ParseError
        Not an HDF5 file, or no ``test_n`` group.
    """
    path = Path(path)
    try:
        import h5py
    except ImportError:  # pragma: no cover - declared dependency
        raise ParseError("reading .hdf5 needs the 'h5py' package: pip install h5py") from None
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise ParseError(f"{path}: not a readable HDF5 file ({exc})") from None
    out = []
    with f:
        tests = sorted((int(m.group(1)), k) for k in f.keys() if (m := _TEST.match(k)))
        if not tests:
            raise ParseError(f"{path}: no 'test_n' groups; groups: {', '.join(f.keys())}")
        instrument = {}
        if "instrument" in f:
            instrument = {k: _attr_str(v) for k, v in f["instrument"].attrs.items()
                          if k != "name_folder"}
        for _, key in tests:
            grp = f[key]
            if "data" not in grp:
                out.append(broken_curve(key, f"{key}: no 'data' group", str(path)))
                continue
            d = grp["data"]
            h, e1 = _dataset(d, "displacement", _DEPTH, "um")
            p, e2 = _dataset(d, "force", _FORCE, "mN")
            t, _e3 = _dataset(d, "time", {"s": 1.0}, "s")
            if h is None or p is None:
                out.append(broken_curve(key, f"{key}: {e1 or e2}", str(path)))
                continue
            if h.size != p.size or h.size < 5:
                out.append(broken_curve(key, f"{key}: displacement ({h.size}) and force "
                                             f"({p.size}) lengths differ or < 5 points",
                                        str(path)))
                continue
            if t is not None and t.size != h.size:
                t = None
            out.append(IndentCurve(
                name=key, depth_m=h, load_N=p, time_s=t, surface_referenced=True,
                source=str(path),
                meta={"format": "NeXus-style indentation HDF5", "instrument": instrument},
            ))
    return out
