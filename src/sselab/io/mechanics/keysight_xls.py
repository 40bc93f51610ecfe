"""Agilent / Keysight / KLA NanoSuite (MTS XP, G200, iNano) ``.xls`` exports.

Layout (one workbook per sample):

* ``Test NNN`` sheets: row 0 channel names, row 1 units, then data.  Channels
  used: ``Displacement Into Surface`` (nm), ``Load On Sample`` (mN),
  ``Time On Sample`` (s), and ``Harmonic Contact Stiffness`` (N/m, CSM).
  The ``Segment`` column holds markers (``Cycle Begin Marker n``,
  ``Cycle Unload Marker n``, ``Load Segment Type``, ``Hold Segment Type``,
  ``Unload From Peak Segment Type``, ``Thermal Drift Hold Segment``, ``END``)
  on the first row of each segment.
* ``Results``: vendor values per test (rows ``k``) or per cycle (rows ``k-j``):
  E, H, Displacement, Load, Stiffness, CSM averages, area coefficients.
* ``Required Inputs`` / ``Inputs Editable Post Test``: Poisson ratio, frame
  stiffness, drift correction switch, CSM calculation depths.

``Displacement Into Surface`` is the vendor's computed channel: referenced
to the surface and corrected for the load-frame stiffness listed in the
inputs, so curves are marked ``frame_corrected``.  Values of 1.8e308 (the
vendor's "no value") and empty cells become NaN.

A Test sheet without the depth or load channel, or without numbers, becomes
an :class:`IndentCurve` with ``problem`` set (the other tests are still
read); a file that is not a readable workbook raises :class:`ParseError`.
Reading uses ``xlrd`` (BSD) through :mod:`sselab.io.mechanics._xls`.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import ParseError
from sselab.mechanics.indentation.curve import (
    IndentCurve,
    Segment,
    VendorUnload,
    broken_curve,
)

_DEPTH_UNITS = {"nm": 1e-9, "um": 1e-6, "µm": 1e-6, "μm": 1e-6, "mm": 1e-3, "m": 1.0}
_LOAD_UNITS = {"mn": 1e-3, "un": 1e-6, "µn": 1e-6, "μn": 1e-6, "n": 1.0, "gf": 9.80665e-3}
_TEST_RE = re.compile(r"^\s*test\s*0*(\d+)\s*$", re.IGNORECASE)
_NOVALUE = 1e300


def _num(v: Any) -> float:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        x = float(v)
        return x if math.isfinite(x) and abs(x) < _NOVALUE else float("nan")
    if isinstance(v, str):
        try:
            x = float(v.strip())
        except ValueError:
            return float("nan")
        return x if math.isfinite(x) and abs(x) < _NOVALUE else float("nan")
    return float("nan")


def _clean(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    a[~np.isfinite(a) | (np.abs(a) >= _NOVALUE)] = np.nan
    return a


def _segment_kind(label: str) -> str | None:
    s = label.strip().lower()
    if not s:
        return None
    if s == "end":
        return "end"
    if "drift" in s:
        return "drift_hold"
    if "unload" in s:
        return "unload"
    if "hold" in s:
        return "hold"
    if "load" in s or "begin" in s:
        return "load"
    if "approach" in s:
        return "approach"
    return "other"


def _segments(labels: dict[int, str], n: int) -> tuple[Segment, ...]:
    """Segments from ``data row → marker text`` (rows counted after the two header rows)."""
    marks = [(i, _segment_kind(v)) for i, v in sorted(labels.items())
             if 0 <= i < n and isinstance(v, str) and v.strip()]
    out = []
    for k, (i, kind) in enumerate(marks):
        if kind == "end":
            break
        stop = marks[k + 1][0] if k + 1 < len(marks) else n
        out.append(Segment(str(kind), i, stop))
    return tuple(out)


def _header_index(header: list[Any], *names: str) -> int | None:
    low = [str(h).strip().lower() for h in header]
    for name in names:
        if name in low:
            return low.index(name)
    return None


def _table(sheet: Any) -> tuple[list[str], list[str], list[list[Any]]]:
    """Header names, units and the data columns (as value lists) of a small sheet."""
    header = [str(sheet.value(0, c)).strip() for c in range(sheet.ncols)]
    units = [str(sheet.value(1, c)).strip() for c in range(sheet.ncols)]
    data = [sheet.column_values(c)[2:] for c in range(sheet.ncols)]
    return header, units, data


def _inputs(book: Any) -> dict[int, dict[str, float]]:
    out: dict[int, dict[str, float]] = {}
    for name in ("Required Inputs", "Inputs Editable Post Test"):
        if name not in book.names:
            continue
        header, units, data = _table(book.sheet(name))
        it = _header_index(header, "test")
        if it is None:
            continue
        for r, tv in enumerate(data[it]):
            t = _num(tv)
            if not math.isfinite(t):
                continue
            row = out.setdefault(int(t), {})
            for j, hname in enumerate(header):
                if j != it and r < len(data[j]):
                    v = _num(data[j][r])
                    if math.isfinite(v):
                        row[hname.lower()] = v
    return out


def _results(book: Any) -> tuple[dict[int, dict[int, VendorUnload]], dict[int, dict[str, Any]]]:
    per_cycle: dict[int, dict[int, VendorUnload]] = {}
    per_test: dict[int, dict[str, Any]] = {}
    if "Results" not in book.names:
        return per_cycle, per_test
    header, units, data = _table(book.sheet("Results"))
    low = [h.lower() for h in header]
    it = _header_index(header, "test")
    if it is None:
        return per_cycle, per_test

    def col(*names: str) -> int | None:
        return _header_index(header, *names)

    ie, ih = col("e"), col("h")
    idisp, iload, istiff = col("displacement"), col("load"), col("stiffness")
    iecsm = col("e average over defined range")
    ihcsm = col("h average over defined range")
    iarea = [j for j, h in enumerate(low) if h.startswith("area coefficient")]

    def val(j: int | None, r: int, scale: float = 1.0) -> float:
        if j is None or r >= len(data[j]):
            return float("nan")
        return _num(data[j][r]) * scale

    for r, tv in enumerate(data[it]):
        label = str(tv).strip()
        m = re.fullmatch(r"(\d+)(?:\.0)?-(\d+)", label)
        if m:
            k, j = int(m.group(1)), int(m.group(2))
            per_cycle.setdefault(k, {})[j] = VendorUnload(
                modulus_Pa=val(ie, r, 1e9), hardness_Pa=val(ih, r, 1e9),
                depth_m=val(idisp, r, 1e-9), load_N=val(iload, r, 1e-3),
                stiffness_N_per_m=val(istiff, r))
            continue
        t = _num(tv)
        if math.isfinite(t) and t == int(t):
            d: dict[str, Any] = {}
            if iecsm is not None:
                d["modulus_Pa"] = val(iecsm, r, 1e9)
                d["hardness_Pa"] = val(ihcsm, r, 1e9)
            area = [val(j, r) for j in iarea]
            if area and all(math.isfinite(a) for a in area):
                d["area_coefficients_nm"] = tuple(area)
            per_test[int(t)] = d
    return per_cycle, per_test


def _test_curve(book: Any, sheet: str, number: int, inputs: dict[str, float],
                vendor: dict[int, VendorUnload], summary: dict[str, Any],
                source: str) -> IndentCurve:
    try:
        sh = book.sheet(sheet)
    except ParseError as exc:
        return broken_curve(sheet, f"sheet {sheet!r} unreadable: {exc}", source)
    if sh.ncols < 2 or sh.nrows < 3:
        return broken_curve(sheet, f"sheet {sheet!r} has no data", source)
    header = [str(sh.value(0, c)).strip() for c in range(sh.ncols)]
    units = [str(sh.value(1, c)).strip() for c in range(sh.ncols)]
    idep = _header_index(header, "displacement into surface", "displacement")
    iload = _header_index(header, "load on sample", "load")
    if idep is None or iload is None:
        return broken_curve(sheet, f"sheet {sheet!r} lacks the 'Displacement Into Surface' "
                                   f"or 'Load On Sample' column", source)
    du = _DEPTH_UNITS.get(units[idep].strip().replace("μ", "µ"), None)
    lu = _LOAD_UNITS.get(units[iload].strip().lower(), None)
    if du is None or lu is None:
        return broken_curve(sheet, f"sheet {sheet!r}: unknown units {units[idep]!r} / "
                                   f"{units[iload]!r} for depth / load", source)
    h = _clean(sh.number_column(idep)[2:]) * du
    p = _clean(sh.number_column(iload)[2:]) * lu
    # trailing rows without numbers (after END) are dropped
    good = np.nonzero(np.isfinite(h) & np.isfinite(p))[0]
    if good.size < 5:
        return broken_curve(sheet, f"sheet {sheet!r} has fewer than 5 numeric rows", source)
    n = int(good[-1]) + 1
    h, p = h[:n], p[:n]
    itime = _header_index(header, "time on sample", "time")
    t = _clean(sh.number_column(itime)[2:])[:n] if itime is not None else None
    istiff = _header_index(header, "harmonic contact stiffness")
    s = _clean(sh.number_column(istiff)[2:])[:n] if istiff is not None else None
    iseg = _header_index(header, "segment")
    segs = ()
    if iseg is not None:
        segs = _segments({r - 2: v for r, v in sh.text_cells(iseg).items() if r >= 2}, n)
    cycles = [vendor[j] for j in sorted(vendor)] if vendor else []
    vcsm: dict[str, Any] = {}
    if "modulus_Pa" in summary:
        vcsm.update(modulus_Pa=summary["modulus_Pa"], hardness_Pa=summary["hardness_Pa"])
    lo, hi = inputs.get("minimum calculation depth"), inputs.get("maximum calculation depth")
    if lo is not None and hi is not None and hi > lo:
        vcsm["depth_range_m"] = (lo * 1e-9, hi * 1e-9)
    return IndentCurve(
        name=sheet, depth_m=h, load_N=p, time_s=t, segments=segs,
        harmonic_stiffness_N_per_m=s, frame_corrected=True,
        drift_corrected=bool(inputs.get("perform drift correction", 0.0)),
        surface_referenced=True,
        frame_stiffness_N_per_m=inputs.get("frame stiffness correction", float("nan")),
        poisson_ratio=inputs.get("poissons ratio", float("nan")),
        area_coefficients_nm=tuple(summary.get("area_coefficients_nm", ())),
        vendor=tuple(cycles), vendor_csm=vcsm, source=source,
        meta={"test": number, "format": "Keysight NanoSuite xls"},
    )


def read_keysight_xls(path: str | Path) -> list[IndentCurve]:
    """All tests of a NanoSuite ``.xls`` export, in test-number order.

    Raises
    ------
    ParseError
        The file is not a readable ``.xls`` workbook or has no ``Test`` sheet.
    """
    from sselab.io.mechanics._xls import open_workbook

    path = Path(path)
    book = open_workbook(path)
    tests = sorted((int(m.group(1)), name) for name in book.names
                   if (m := _TEST_RE.match(name)))
    if not tests:
        raise ParseError(f"{path}: no 'Test NNN' sheet; is this a NanoSuite export? "
                         f"sheets: {', '.join(book.names)}")
    try:
        inputs = _inputs(book)
    except ParseError:
        inputs = {}
    try:
        per_cycle, per_test = _results(book)
    except ParseError:
        per_cycle, per_test = {}, {}
    out = []
    for number, name in tests:
        out.append(_test_curve(book, name, number, inputs.get(number, {}),
                               per_cycle.get(number, {}), per_test.get(number, {}), str(path)))
    return out
