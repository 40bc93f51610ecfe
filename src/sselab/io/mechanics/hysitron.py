"""Hysitron / Bruker TriboScan text export (``.txt``) of one quasi-static indent.

Layout::

    Mon Apr 29 10:41:06 2019
    <blank>
    Number of Points = 5304
    Depth (nm)<TAB>Load (µN)<TAB>Time (s)<TAB>Depth (V)<TAB>Load (V)
    0.814723<TAB>1.836146<TAB>0.000000<TAB>-0.001850<TAB>0.481918
    ...

The µ of the load unit is Latin-1 (0xB5).  Depth is referenced to the contact
found by the instrument (``surface_referenced``); no frame or drift
correction is assumed.  A declared point count that disagrees with the
number of rows (a truncated file), a row with the wrong number of fields or
a non-numeric field raise :class:`ParseError` naming the line.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from sselab.errors import ParseError
from sselab.mechanics.indentation.curve import IndentCurve

_UNIT = re.compile(r"^\s*(.*?)\s*\(([^)]*)\)\s*$")
_DEPTH = {"nm": 1e-9, "um": 1e-6, "µm": 1e-6, "μm": 1e-6, "m": 1.0}
_LOAD = {"un": 1e-6, "µn": 1e-6, "μn": 1e-6, "mn": 1e-3, "n": 1.0}


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def looks_like_hysitron(head: bytes) -> bool:
    """True when the first bytes look like a TriboScan text export."""
    t = _decode(head[:4096])
    return "Number of Points" in t or bool(re.search(r"Depth \(nm\)\s+Load \(", t))


def parse_hysitron_text(text: str, name: str = "indent", source: str = "") -> IndentCurve:
    """Parse the text of a TriboScan export (see module docstring)."""
    lines = text.splitlines()
    declared = None
    header_at = None
    for i, line in enumerate(lines[:50]):
        m = re.match(r"\s*Number of Points\s*=\s*(\d+)\s*$", line)
        if m:
            declared = int(m.group(1))
        if "Depth (" in line and "Load (" in line:
            header_at = i
            break
    if header_at is None:
        raise ParseError(f"{source or name}: no 'Depth (..)  Load (..)' header line in the "
                         f"first 50 lines; not a Hysitron text export")
    header = [c for c in lines[header_at].split("\t") if c.strip()]
    if len(header) < 2:
        header = re.split(r"\s{2,}", lines[header_at].strip())
    names, units = [], []
    for col in header:
        m = _UNIT.match(col)
        names.append((m.group(1) if m else col).strip().lower())
        units.append((m.group(2) if m else "").strip().lower().replace("μ", "µ"))
    try:
        idep = next(i for i, n in enumerate(names) if n == "depth" and units[i] in _DEPTH)
        iload = next(i for i, n in enumerate(names) if n == "load" and units[i] in _LOAD)
    except StopIteration:
        raise ParseError(f"{source or name}: header {header} has no depth (nm) and load (µN) "
                         f"columns") from None
    itime = next((i for i, n in enumerate(names) if n == "time"), None)
    ncol = len(names)
    rows = []
    for k, line in enumerate(lines[header_at + 1:], start=header_at + 2):
        if not line.strip():
            continue
        fields = line.split()
        if len(fields) != ncol:
            raise ParseError(f"{source or name}: line {k} has {len(fields)} fields, expected "
                             f"{ncol}; the file is truncated or damaged")
        try:
            rows.append([float(f) for f in fields])
        except ValueError:
            raise ParseError(f"{source or name}: line {k} holds a non-numeric field: "
                             f"{line.strip()[:60]!r}") from None
    if declared is not None and declared != len(rows):
        raise ParseError(f"{source or name}: header declares {declared} points but the file "
                         f"has {len(rows)}; the file is truncated or damaged")
    if len(rows) < 5:
        raise ParseError(f"{source or name}: fewer than 5 data rows")
    a = np.array(rows, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ParseError(f"{source or name}: non-finite values (nan/inf) in the data")
    t = a[:, itime] if itime is not None else None
    return IndentCurve(
        name=name, depth_m=a[:, idep] * _DEPTH[units[idep]],
        load_N=a[:, iload] * _LOAD[units[iload]], time_s=t,
        surface_referenced=True, source=source,
        meta={"format": "Hysitron TriboScan txt", "header": lines[:header_at]},
    )


def read_hysitron_txt(path: str | Path) -> list[IndentCurve]:
    """Read a TriboScan ``.txt`` export: a one-element list of :class:`IndentCurve`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read file ({exc.strerror})") from None
    return [parse_hysitron_text(_decode(raw), name=path.stem, source=str(path))]
