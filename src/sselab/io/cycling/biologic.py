"""Bio-Logic EC-Lab cycling records: ``.mpt`` text exports and ``.mpr`` binary files.

``.mpr`` files are decoded by sselab's clean-room reader
:func:`sselab.io.eis.biologic_mpr.read_mpr` (shared with the impedance readers); ``.mpt``
files are tab-separated text with ``Nb header lines : N``.  Both give columns under
EC-Lab's own names, which this module maps:

==========================  =========================================================
EC-Lab column               canonical
==========================  =========================================================
``time/s``                  ``time_s``
``Ewe/V`` (``<Ewe>/V``)     ``voltage_V`` (working electrode vs reference/counter)
``Ece/V``                   ``counter_voltage_V`` (3-electrode cells)
``I/mA`` (``<I>/mA``)       ``current_A`` ×10⁻³ (EC-Lab: oxidation > 0 = charge)
``dQ/mA.h`` ÷ Δt            ``current_A`` when the file has no current column (GCPL
                            ``.mpr`` files often store none): the interval-average
                            current dQ·3.6/Δt
``(Q-Qo)/mA.h``             ``capacity_Ah`` (rise since the end of the previous step)
``Ns``, ``mode``, ``ox/red``  ``step_index`` (a change of any starts a step) and
                            ``vendor_step`` (Ns)
``mode``                    ``step_type``: 1 → CC, 2 → CV, 3 → rest
``cycle number``            ``vendor_cycle``
``freq/Hz`` > 0             impedance rows: split off into ``table.impedance``
==========================  =========================================================

Start time
    ``.mpt``: ``Acquisition started on : MM/DD/YYYY hh:mm:ss``.  ``.mpr``: the OLE date
    (float64, days since 1899-12-30) at byte 585 of the ``VMP LOG`` module payload, found
    by our own analysis of three files from EC-Lab 10.x–11.50 and accepted only within a
    day of the data module's date.  EC-Lab writes local times (zone unknown).
"""

from __future__ import annotations

import re
import struct
import warnings
from datetime import datetime
from typing import Any

import numpy as np

from sselab.cycling.steps import STEP_CODE, step_index_from_keys
from sselab.cycling.table import CyclingTable
from sselab.errors import ParseError
from sselab.io.cycling._common import (
    RawFile,
    check_options,
    decode_text,
    excel_serial_to_datetime,
    finish,
    naive_start_fields,
    parse_local_datetime,
    require_finite_rows,
    require_monotone_time,
    split_table,
    to_float,
)

FORMATS = ("biologic_mpt", "biologic_mpr")
_LOG_TIMESTAMP_OFFSET = 585
_MODE_TYPES = {1: STEP_CODE["CC"], 2: STEP_CODE["CV"], 3: STEP_CODE["rest"]}


def sniff_text(head: str) -> int:
    return 100 if head.lstrip().startswith("EC-Lab ASCII FILE") else 0


def _first(cols: dict[str, np.ndarray], *names: str) -> tuple[str, np.ndarray] | None:
    for n in names:
        if n in cols:
            return n, np.asarray(cols[n])
    return None


def _from_eclab(raw: RawFile, src: dict[str, np.ndarray], fmt: str, options: dict[str, Any],
                vendor: dict[str, Any], local: datetime | None, notes: list[str],
                meta: dict[str, Any] | None = None) -> CyclingTable:
    where = raw.path
    cmap: dict[str, str] = {}
    names = list(src)
    tcol = _first(src, "time/s")
    if tcol is None:
        raise ParseError(f"{where}: no time column ('time/s'); found columns: {', '.join(names)}")
    vcol = _first(src, "Ewe/V", "<Ewe>/V", "Ecell/V", "Ewe-Ece/V")
    if vcol is None:
        raise ParseError(f"{where}: no voltage column ('Ewe/V' or '<Ewe>/V'); found columns: "
                         f"{', '.join(names)}")
    n = tcol[1].size
    # ---- split off impedance rows
    fcol = _first(src, "freq/Hz")
    imp: dict[str, np.ndarray] = {}
    keep = np.ones(n, dtype=bool)
    if fcol is not None:
        f = np.nan_to_num(fcol[1].astype(np.float64))
        eis = f > 0
        if eis.any():
            re_ = _first(src, "Re(Z)/Ohm")
            im_ = _first(src, "-Im(Z)/Ohm")
            imp = {"time_s": tcol[1][eis].astype(np.float64), "frequency_Hz": f[eis]}
            if re_ is not None and im_ is not None:
                imp["z_real_ohm"] = re_[1][eis].astype(np.float64)
                imp["z_imag_ohm"] = -im_[1][eis].astype(np.float64)
            if "Ns" in src:
                imp["Ns"] = np.nan_to_num(np.asarray(src["Ns"])[eis].astype(np.float64), nan=-1)
            keep = ~eis
            notes.append(f"{int(eis.sum())} impedance record(s) (freq/Hz > 0) split off into "
                         "table.impedance; they are not cycling data")
            cmap["freq/Hz"] = "impedance rows split off"
    if not keep.any():
        raise ParseError(f"{where}: every record is an impedance point; this is an EIS file, "
                         "read it with sselab.io.eis")

    def get(name: str) -> np.ndarray:
        return np.asarray(src[name])[keep]

    def get_int(name: str) -> np.ndarray:
        a = get(name)
        if a.dtype.kind == "f":
            if not np.all(np.isfinite(a)):
                raise ParseError(f"{where}: column {name!r} has blank or non-numeric entries")
            if a.size and np.max(np.abs(a)) > 2**31 - 1:
                raise ParseError(f"{where}: column {name!r} holds values too large for a counter")
        return a.astype(np.int64)

    cols: dict[str, np.ndarray] = {}
    cols["time_s"] = get(tcol[0]).astype(np.float64)
    cols["voltage_V"] = get(vcol[0]).astype(np.float64)
    cmap[tcol[0]], cmap[vcol[0]] = "time_s", "voltage_V"
    if vcol[0] != "Ewe-Ece/V" and "Ece/V" in src:
        cols["counter_voltage_V"] = get("Ece/V").astype(np.float64)
        cmap["Ece/V"] = "counter_voltage_V"
    icol = _first(src, "I/mA", "<I>/mA")
    qcol = _first(src, "dQ/mA.h", "dq/mA.h")
    if icol is not None:
        cols["current_A"] = get(icol[0]).astype(np.float64) * 1e-3
        cmap[icol[0]] = "current_A (×0.001)"
    elif qcol is not None:
        t = cols["time_s"]
        dq = get(qcol[0]).astype(np.float64)
        dt = np.diff(t, prepend=t[0] if t.size else 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            i_mA = np.where(dt > 0, dq * 3600.0 / dt, 0.0)
        cols["current_A"] = i_mA * 1e-3
        cmap[qcol[0]] = "current_A (dQ × 3.6 / Δt: interval-average current)"
        notes.append(f"the file has no current column; current_A is {qcol[0]} × 3.6 / Δtime "
                     "(the average current over each recording interval)")
    else:
        raise ParseError(f"{where}: no current column ('I/mA', '<I>/mA', or 'dQ/mA.h' to derive "
                         f"it); found columns: {', '.join(names)}")
    keys: list[np.ndarray] = []
    if "Ns" in src:
        cols["vendor_step"] = get_int("Ns")
        cmap["Ns"] = "vendor_step, step_index"
        keys.append(cols["vendor_step"])
    if "Ns changes" in src:
        keys.append(np.cumsum(get_int("Ns changes")))
    mode = get_int("mode") if "mode" in src else None
    if mode is not None:
        keys.append(mode)
        cmap["mode"] = "step_type (1 CC, 2 CV, 3 rest), step_index"
    if "ox/red" in src:
        ox = get_int("ox/red")
        keys.append(np.where(mode == 3, -1, ox) if mode is not None else ox)
    if keys:
        cols["step_index"] = step_index_from_keys(*keys)
    if mode is not None:
        lut = np.full(8, STEP_CODE["unknown"], dtype=np.int8)
        for k, v in _MODE_TYPES.items():
            lut[k] = v
        cols["step_type"] = lut[np.clip(mode, 0, 7)]
        cols["current_A"] = np.where(mode == 3, 0.0, cols["current_A"])
    if "cycle number" in src:
        cols["vendor_cycle"] = get_int("cycle number")
        cmap["cycle number"] = "vendor_cycle"
    qq = _first(src, "(Q-Qo)/mA.h", "(Q-Qo)/C")
    if qq is not None and "step_index" in cols:
        from sselab.cycling.steps import capacity_from_cumulative

        scale = 1e-3 if qq[0].endswith("mA.h") else 1.0 / 3600.0
        cols["capacity_Ah"] = capacity_from_cumulative(get(qq[0]).astype(np.float64) * scale,
                                                       cols["step_index"])
        cmap[qq[0]] = "capacity_Ah (rise since the end of the previous step)"
    elif qcol is not None and "step_index" in cols:
        from sselab.cycling.steps import step_lengths, step_starts

        c = np.cumsum(get(qcol[0]).astype(np.float64) * 1e-3)
        s = step_starts(cols["step_index"])
        base = np.where(s > 0, c[np.maximum(s - 1, 0)], 0.0)
        cols["capacity_Ah"] = c - np.repeat(base, step_lengths(s, c.size))
        cmap[qcol[0]] = cmap.get(qcol[0], "") + "; capacity_Ah (summed within each step)"
    tc = _first(src, "Temperature/°C", "Temperature/K")
    if tc is not None:
        off = 0.0 if tc[0].endswith("/K") else 273.15
        cols["temperature_K"] = get(tc[0]).astype(np.float64) + off
        cmap[tc[0]] = "temperature_K"
    require_finite_rows(cols, where, notes)
    require_monotone_time(cols["time_s"], where)
    meta = dict(meta or {})
    meta.update(naive_start_fields(local, options.get("timezone")))
    return finish(raw, cols, fmt=fmt, reader=__name__, instrument="Bio-Logic", options=options,
                  cmap=cmap, notes=notes, vendor=vendor, meta=meta, impedance=imp)


# --------------------------------------------------------------------------- .mpt

_MASS = re.compile(r"^Mass of active material\s*:\s*([-+0-9.,eE]+)\s*(mg|g|kg)\s*$", re.I)
_AREA = re.compile(r"^Electrode surface area\s*:\s*([-+0-9.,eE]+)\s*(cm²|cm2|mm²|mm2|m²|m2)\s*$",
                   re.I)
_AREA_SCALE = {"cm²": 1e-4, "cm2": 1e-4, "mm²": 1e-6, "mm2": 1e-6, "m²": 1.0, "m2": 1.0}
_MASS_SCALE = {"mg": 1e-6, "g": 1e-3, "kg": 1.0}


def parse_mpt(raw: RawFile, **options: Any) -> CyclingTable:
    """Read an EC-Lab ``.mpt`` text export (GCPL, MB, mixed techniques)."""
    check_options(options)
    where = raw.path
    text = decode_text(raw.data)
    lines = text.splitlines()
    if not lines or not lines[0].strip().startswith("EC-Lab ASCII FILE"):
        raise ParseError(f"{where}: does not start with 'EC-Lab ASCII FILE'; not an .mpt export")
    nb = None
    for ln in lines[1:4]:
        m = re.match(r"\s*Nb header lines\s*:\s*(\d+)", ln)
        if m:
            nb = int(m.group(1))
    if nb is None or nb < 2 or nb > len(lines):
        raise ParseError(f"{where}: no valid 'Nb header lines' line; the file is damaged")
    header_lines = lines[: nb - 1]
    tab = split_table(text, nb - 1, where, delimiter="\t")
    notes: list[str] = []
    if tab.dropped_tail:
        notes.append(f"dropped {tab.dropped_tail} incomplete line(s) at the end of the file")
    first = [c[0] for c in tab.cells if c] if tab.n_rows else []
    comma = any(re.fullmatch(r"-?\d+,\d+(E[-+]?\d+)?", v.strip(), flags=re.I) for v in first)
    src = {name: to_float(tab.cells[k], name, where, decimal_comma=comma)
           for k, name in enumerate(tab.header) if name}
    vendor: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    local = None
    techniques = []
    for ln in header_lines[2:]:
        s = ln.strip()
        if s.startswith("Acquisition started on"):
            local = parse_local_datetime(s.split(":", 1)[1].strip())
            vendor["Acquisition started on"] = s.split(":", 1)[1].strip()
        elif (m := _MASS.match(s)) and float(m.group(1).replace(",", ".")) > 0:
            meta["active_mass_kg"] = float(m.group(1).replace(",", ".")) * _MASS_SCALE[
                m.group(2).lower()]
        elif (m := _AREA.match(s)) and float(m.group(1).replace(",", ".")) > 0:
            meta["area_m2"] = float(m.group(1).replace(",", ".")) * _AREA_SCALE[m.group(2).lower()]
        elif s.startswith(("Technique", "Run on channel", "Electrode material", "Electrolyte",
                           "Reference electrode", "Comments", "User", "Cell", "Saved on")):
            key, _, val = s.partition(":")
            vendor[key.strip()] = val.strip()
        elif s and ":" not in s and len(s) < 80 and s[0].isalpha() and not techniques and \
                any(w in s for w in ("Cycling", "Impedance", "Voltammetry", "Potentio",
                                     "Galvano", "Chrono", "Open Circuit", "Modulo")):
            techniques.append(s)
    if techniques:
        vendor["technique"] = techniques[0]
    return _from_eclab(raw, src, "biologic_mpt", options, vendor, local, notes, meta)


# --------------------------------------------------------------------------- .mpr

def _log_start(modules: list, start_date: str | None) -> datetime | None:
    """Acquisition start from the VMP LOG module (see the module docstring), or None."""
    if not start_date:
        return None
    try:
        day = datetime.strptime(start_date, "%Y-%m-%d")
    except ValueError:
        return None
    serial = (day - datetime(1899, 12, 30)).days
    for m in modules:
        if m.short_name == "VMP LOG" and len(m.payload) >= _LOG_TIMESTAMP_OFFSET + 8:
            v = struct.unpack_from("<d", m.payload, _LOG_TIMESTAMP_OFFSET)[0]
            if np.isfinite(v) and serial - 1 <= v < serial + 2:
                return excel_serial_to_datetime(v)
    return None


def parse_mpr(raw: RawFile, **options: Any) -> CyclingTable:
    """Read an EC-Lab ``.mpr`` binary file (GCPL, MB, files mixing EIS and cycling)."""
    from sselab.io.eis.biologic_mpr import read_mpr
    from sselab.io.eis.common import RawFile as EisRaw

    check_options(options)
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = read_mpr(EisRaw(raw.path, raw.data, raw.sha256))
    for w in caught:
        notes.append(str(w.message).replace(raw.path + ": ", ""))
    vendor: dict[str, Any] = {"technique": f.technique or f"code {f.technique_code}",
                              "mpr_layout": f.layout, "data_module_version": f.data_version,
                              "start_date": f.start_date}
    local = _log_start(f.modules, f.start_date)
    if local is None:
        notes.append("no acquisition start time found in the VMP LOG module")
    return _from_eclab(raw, dict(f.columns), "biologic_mpr", options, vendor, local, notes)
