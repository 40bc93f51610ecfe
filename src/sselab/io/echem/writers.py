"""Write voltammetry and cycling records in vendor text layouts (for embedded examples).

:func:`chi_voltammetry_text` writes the CH Instruments text-export layout read by
:mod:`sselab.io.echem.chi`; :func:`eclab_gcpl_mpt` writes a Bio-Logic EC-Lab ``.mpt``
(galvanostatic cycling) read by :mod:`sselab.io.cycling.biologic`.  Both are used to
store sselab's *synthetic* example inputs in the layouts real instruments produce; the
files say in their user fields that they are synthetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sselab.errors import InputError


def _chi_float(x: float) -> str:
    """CHI-style current: 4 significant digits, exponent without leading zeros (1.234e-8)."""
    m, _, ex = f"{x:.3e}".partition("e")
    return f"{m}e{int(ex)}"


def chi_voltammetry_text(potential_V: Sequence[float] | np.ndarray,
                         current_A: Sequence[float] | np.ndarray, *,
                         technique: str = "Linear Sweep Voltammetry",
                         settings: Mapping[str, float | str] | None = None,
                         date_line: str = "Jan. 05, 2025   10:00:00",
                         file_name: str = "data.bin", instrument: str = "CHI630E",
                         header: str = "", note: str = "", potential_decimals: int = 3) -> bytes:
    """Text of a CHI voltammetry export (CRLF line ends, ASCII).

    ``settings`` are written as ``key = value`` lines in the given order.
    """
    e = np.asarray(potential_V, dtype=float)
    i = np.asarray(current_A, dtype=float)
    if e.size != i.size or e.size == 0:
        raise InputError("potential and current must be non-empty and of equal length")
    lines = [date_line, technique, f"File:  {file_name}", "Data Source:  Experiment",
             f"Instrument Model:  {instrument}", f"Header:  {header}".rstrip(),
             f"Note:  {note}".rstrip(), ""]
    for k, v in (settings or {}).items():
        lines.append(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}")
    lines += ["", "Potential/V, Current/A", ""]
    fmt = f"{{:.{potential_decimals}f}}"
    lines += [f"{fmt.format(a)}, {_chi_float(b)}" for a, b in zip(e, i, strict=True)]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


#: Columns of the GCPL export written by :func:`eclab_gcpl_mpt`.
GCPL_COLUMNS = ("mode", "ox/red", "error", "control changes", "Ns changes", "counter inc.",
                "Ns", "time/s", "control/mA", "Ewe/V", "I/mA", "(Q-Qo)/mA.h", "cycle number")


def eclab_gcpl_mpt(time_s: np.ndarray, voltage_V: np.ndarray, current_A: np.ndarray,
                   half_cycle: np.ndarray, *, area_cm2: float, comments: str = "",
                   electrode_material: str = "", electrolyte: str = "",
                   acquisition_start: str = "01/05/2025 10:00:00",
                   file_name: str = "data.mpr") -> bytes:
    """Text of an EC-Lab GCPL ``.mpt`` export (Latin-1, CRLF), one step per half-cycle."""
    t = np.asarray(time_s, dtype=float)
    v = np.asarray(voltage_V, dtype=float)
    i_mA = np.asarray(current_A, dtype=float) * 1e3
    hc = np.asarray(half_cycle, dtype=int)
    if not (t.size == v.size == i_mA.size == hc.size) or t.size == 0:
        raise InputError("time, voltage, current and half_cycle must be non-empty and equal")
    pre = [
        "", "Galvanostatic Cycling with Potential Limitation", "",
        "Run on channel : 1", "User : ", "Electrode connection : standard",
        "Potential control : Ewe", "Ewe ctrl range : min = -10.00 V, max = 10.00 V",
        "Safety Limits :", "\tEwe max = 5 V", f"Acquisition started on : {acquisition_start}",
        "Saved on :", f"\tFile : {file_name}", "\tDirectory : sselab synthetic examples",
        "Device : none (synthetic data written by sselab)", "EC-Lab for windows v11.50 (software)",
        f"Electrode material : {electrode_material}", "Initial state : ",
        f"Electrolyte : {electrolyte}", f"Comments : {comments}",
        f"Electrode surface area : {area_cm2:.3f} cm²", "Characteristic mass : 0.001 g",
        "Cycle Definition : Charge/Discharge alternance", "Text export",
        "   Mode : Standard", "   Time format : Elapsed",
    ]
    nb = len(pre) + 3  # magic line, "Nb header lines" line, column line
    head = ["EC-Lab ASCII FILE", f"Nb header lines : {nb}"] + pre + ["\t".join(GCPL_COLUMNS)]
    first = np.concatenate(([True], hc[1:] != hc[:-1]))
    cycle = hc // 2
    new_cycle = np.concatenate(([False], cycle[1:] != cycle[:-1]))
    dt = np.diff(t, prepend=t[0])
    q = np.cumsum(np.concatenate(([0.0], 0.5 * (i_mA[1:] + i_mA[:-1]) * dt[1:] / 3600.0)))
    rows = []
    for k in range(t.size):
        ox = 1 if i_mA[k] > 0 else 0
        rows.append("\t".join((
            "1", str(ox), "0", str(int(first[k])), str(int(first[k])), str(int(new_cycle[k])),
            str(int(hc[k] % 2)), f"{t[k]:.4f}", f"{i_mA[k]:.6E}", f"{v[k]:.7E}",
            f"{i_mA[k]:.6E}", f"{q[k]:.6E}", f"{int(cycle[k])}")))
    return ("\r\n".join(head + rows) + "\r\n").encode("latin-1")
