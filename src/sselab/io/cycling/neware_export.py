"""Neware BTSDA exports: CSV and XLSX (``record`` sheet) with unit-suffixed headers.

Typical header (BTSDA 7/8 CSV): ``DataPoint, Cycle Index, Step Index, Step Type, Time,
Cumulative Time, Current(A), Voltage(V), Capacity(Ah), …, Chg. Cap.(Ah), DChg. Cap.(Ah),
…, Date``.  Units are read from the headers (``Current(mA)`` etc.).

Capacity
    Neware resets its capacity counters at every step; ``Chg. Cap.`` − ``DChg. Cap.``
    (or ``Capacity`` signed by the step direction) is the per-step signed capacity.
Current sign
    BTSDA writes discharge currents negative.  If every current is ≥ 0 while the step
    types name discharges, the sign is taken from the step type (and a note says so).
Steps
    A new step starts where the cycle index, step index or step type changes, or where
    the step time falls back.
Time
    ``Cumulative Time``/``Total Time`` (``hh:mm:ss``, hours may exceed 24, or seconds);
    without one, the ``Date`` column.  Dates are naive local times: pass ``timezone`` to
    get ``start_time_utc``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sselab.cycling.steps import codes_from_names, step_index_from_keys
from sselab.cycling.table import CyclingTable
from sselab.errors import ParseError
from sselab.io.cycling._common import (
    RawFile,
    TextTable,
    add_channels,
    as_strings,
    check_options,
    datetimes_to_seconds,
    decode_text,
    find,
    finish,
    grid_from_rows,
    header_line,
    hms_to_seconds,
    kelvin_offset,
    naive_start_fields,
    parse_local_datetime,
    require,
    require_finite_rows,
    require_monotone_time,
    scale_for,
    split_table,
    to_float,
    to_int,
    unit_of,
)

FORMATS = ("neware_csv", "neware_xlsx")

VOLTAGE = ("Voltage(V)", "Voltage(mV)", "Vol(V)", "Voltage")
CURRENT = ("Current(A)", "Current(mA)", "Current(uA)", "Cur(mA)", "Current")
TOTAL_TIME = ("Cumulative Time", "Total Time", "Total Time(h:min:s.ms)", "Test Time",
              "Cumulative Time(h:min:s.ms)", "Total time")
STEP_TIME = ("Time", "Step Time", "Relative Time(h:min:s.ms)", "Time(h:min:s.ms)")
DATE = ("Date", "Realtime", "Absolute Time", "System Time", "Date Time")
CYCLE = ("Cycle Index", "Cycle ID", "Cycle")
STEP = ("Step Index", "Step ID", "Step Number", "Step")
STEP_TYPE = ("Step Type", "Status", "Step Name", "State")
CHG_CAP = ("Chg. Cap.(Ah)", "Chg. Cap.(mAh)", "Chg. Cap(mAh)", "Chg. Capacity(mAh)",
           "Charge Capacity(mAh)", "Charge Capacity(Ah)")
DCHG_CAP = ("DChg. Cap.(Ah)", "DChg. Cap.(mAh)", "DChg. Cap(mAh)", "DChg. Capacity(mAh)",
            "Discharge Capacity(mAh)", "Discharge Capacity(Ah)")
CAPACITY = ("Capacity(Ah)", "Capacity(mAh)", "Capacity(mAs)", "Cap(mAh)", "Capacity")
ENERGY = ("Energy(Wh)", "Energy(mWh)", "Energy")

#: BTSDA step-type labels (lower case, ``_`` or space) → canonical.
STEP_NAMES: dict[str, str] = {}
for _k, _v in {"rest": "rest", "cc chg": "CC", "cc dchg": "CC", "cv chg": "CV",
               "cv dchg": "CV", "cccv chg": "CCCV", "cccv dchg": "CCCV", "cp chg": "CP",
               "cp dchg": "CP", "cr chg": "CR", "cr dchg": "CR", "pulse": "pulse",
               "ocv": "OCV", "pause": "rest", "sim": "other", "ir": "pulse",
               "pcccv chg": "CCCV", "cpcv chg": "other", "cpcv dchg": "other"}.items():
    STEP_NAMES[_k] = _v
    STEP_NAMES[_k.replace(" ", "_")] = _v


def sniff_text(head: str) -> int:
    low = head.lower()
    if "step type" in low and "cycle index" in low and ("current(" in low or "cur(" in low):
        return 80
    return 0


def _direction_from_labels(labels: list[str]) -> np.ndarray:
    """+1 for ``…Chg`` labels, −1 for ``…DChg``, 0 otherwise (per row)."""
    arr = np.asarray(labels, dtype=object).astype(str)
    uniq, inv = np.unique(arr, return_inverse=True)
    lut = np.zeros(uniq.size, dtype=np.int8)
    for k, u in enumerate(uniq):
        lo = u.strip().lower().replace("_", " ")
        if lo.endswith("dchg") or "discharge" in lo:
            lut[k] = -1
        elif lo.endswith("chg") or "charge" in lo:
            lut[k] = 1
    return lut[inv.reshape(-1)]


def _build(raw: RawFile, tab: TextTable, fmt: str, options: dict[str, Any]) -> CyclingTable:
    where = raw.path
    h = tab.header
    notes: list[str] = []
    cmap: dict[str, str] = {}
    cols: dict[str, np.ndarray] = {}
    if tab.dropped_tail:
        notes.append(f"dropped {tab.dropped_tail} incomplete line(s) at the end of the file")
    kv = require(h, VOLTAGE, "voltage", where)
    ki = require(h, CURRENT, "current", where)
    sv = scale_for(unit_of(h[kv]), "voltage", 1.0, where, h[kv])
    si = scale_for(unit_of(h[ki]), "current", 1.0, where, h[ki])
    cols["voltage_V"] = to_float(tab.cells[kv], h[kv], where) * sv
    cmap[h[kv]] = f"voltage_V (×{sv:g})"
    current = to_float(tab.cells[ki], h[ki], where) * si
    cmap[h[ki]] = f"current_A (×{si:g})"

    k_tt = find(h, TOTAL_TIME)
    k_date = find(h, DATE)
    k_st = find(h, STEP_TIME)
    if k_tt is not None:
        cols["time_s"] = _times(tab.cells[k_tt], h[k_tt], where, tab.delimiter == "xlsx")
        cmap[h[k_tt]] = "time_s"
    elif k_date is not None:
        cols["time_s"] = datetimes_to_seconds(as_strings(tab.cells[k_date]), where, h[k_date])
        cmap[h[k_date]] = "time_s (seconds since the first date)"
    else:
        raise ParseError(f"{where}: no time column (looked for {', '.join(TOTAL_TIME[:3])} "
                         f"or {DATE[0]!r}); found columns: {', '.join(h)}")
    keys: list[np.ndarray] = []
    k_cyc = find(h, CYCLE)
    if k_cyc is not None:
        cols["vendor_cycle"] = to_int(tab.cells[k_cyc], h[k_cyc], where)
        cmap[h[k_cyc]] = "vendor_cycle"
        keys.append(cols["vendor_cycle"])
    k_step = find(h, STEP)
    if k_step is not None:
        cols["vendor_step"] = to_int(tab.cells[k_step], h[k_step], where)
        cmap[h[k_step]] = "vendor_step"
        keys.append(cols["vendor_step"])
    k_type = find(h, STEP_TYPE)
    labels = as_strings(tab.cells[k_type]) if k_type is not None else None
    if labels is not None:
        cols["step_type"] = codes_from_names(np.asarray(labels, dtype=object), STEP_NAMES)
        cmap[h[k_type]] = "step_type"
        keys.append(np.asarray(labels, dtype=object))
    if k_st is not None and k_st != k_tt:
        st = _times(tab.cells[k_st], h[k_st], where, tab.delimiter == "xlsx")
        keys.append(np.concatenate(([0], np.cumsum(np.diff(st) < 0))) if st.size else st)
    if keys:
        cols["step_index"] = step_index_from_keys(*keys)

    direction = _direction_from_labels(labels) if labels is not None else None
    if direction is not None and current.size and current.min() >= 0 and np.any(direction < 0):
        current = np.abs(current) * np.where(direction < 0, -1.0, 1.0)
        notes.append("currents are unsigned in this export; the sign was taken from the step "
                     "type (DChg → negative)")
    cols["current_A"] = current

    kc, kd = find(h, CHG_CAP), find(h, DCHG_CAP)
    kq = find(h, CAPACITY)
    if kc is not None and kd is not None:
        sc = scale_for(unit_of(h[kc]), "charge", 1.0, where, h[kc])
        sd = scale_for(unit_of(h[kd]), "charge", 1.0, where, h[kd])
        cols["capacity_Ah"] = (np.abs(to_float(tab.cells[kc], h[kc], where, blank=0.0)) * sc
                               - np.abs(to_float(tab.cells[kd], h[kd], where, blank=0.0)) * sd)
        cmap[h[kc]] = f"capacity_Ah (+, ×{sc:g}, per step)"
        cmap[h[kd]] = f"capacity_Ah (−, ×{sd:g}, per step)"
    elif kq is not None:
        sq = scale_for(unit_of(h[kq]), "charge", 1.0, where, h[kq])
        q = np.abs(to_float(tab.cells[kq], h[kq], where, blank=0.0)) * sq
        sign = direction if direction is not None and np.any(direction) else np.sign(current)
        cols["capacity_Ah"] = q * np.where(sign < 0, -1.0, 1.0)
        cmap[h[kq]] = f"capacity_Ah (×{sq:g}, signed by step direction)"
    else:
        notes.append("no capacity column: capacity_Ah is integrated from the current")
    ke = find(h, ENERGY)
    if ke is not None and "capacity_Ah" in cols:
        se = scale_for(unit_of(h[ke]), "energy", 1.0, where, h[ke])
        e = np.abs(to_float(tab.cells[ke], h[ke], where, blank=0.0)) * se
        cols["energy_Wh"] = e * np.sign(cols["capacity_Ah"])
        cmap[h[ke]] = f"energy_Wh (×{se:g}, signed like capacity)"
    temps = [(name, "temperature_K", to_float(tab.cells[k], name, where), 1.0,
              kelvin_offset(unit_of(name))) for k, name in enumerate(h)
             if name.lower().startswith(("t1", "t2", "t3", "temperature", "aux. t", "auxiliary t"))
             and "(" in name]
    add_channels(cols, cmap, notes, temps)
    require_finite_rows(cols, where, notes)
    require_monotone_time(cols["time_s"], where)
    local = None
    if k_date is not None and tab.n_rows:
        first = tab.cells[k_date][0]
        local = parse_local_datetime(str(first)) if first is not None else None
    meta = naive_start_fields(local, options.get("timezone"), float(cols["time_s"][0]))
    vendor = {"export": "BTSDA " + ("CSV" if fmt == "neware_csv" else "XLSX")}
    return finish(raw, cols, fmt=fmt, reader=__name__, instrument="Neware", options=options,
                  cmap=cmap, notes=notes, vendor=vendor, meta=meta)


def _times(values: list, name: str, where: str, spreadsheet: bool) -> np.ndarray:
    if spreadsheet and values and isinstance(values[0], float):
        unit = unit_of(name)
        if unit is None:  # an Excel time cell: fraction of a day
            return to_float(values, name, where) * 86400.0
        return to_float(values, name, where) * scale_for(unit, "time", 1.0, where, name)
    strs = as_strings(values)
    if strs and ":" in strs[0]:
        return hms_to_seconds(strs, name, where)
    unit = unit_of(name)
    return to_float(strs, name, where) * scale_for(unit, "time", 1.0, where, name)


def parse_csv(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a BTSDA CSV export."""
    check_options(options)
    text = decode_text(raw.data)
    lines = text.splitlines()
    k = header_line(lines, [("Voltage",), ("Current", "Cur(")], raw.path, limit=50)
    tab = split_table(text, k, raw.path)
    return _build(raw, tab, "neware_csv", options)


def parse_xlsx(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a BTSDA XLSX export (the ``record`` sheet, else the first sheet with V and I)."""
    from sselab.io.cycling._xlsx import Workbook

    check_options(options)
    wb = Workbook(raw.data, raw.path)
    order = sorted(wb.sheets, key=lambda s: s.strip().lower() != "record")
    for sheet in order:
        rows = wb.rows(sheet)
        for k, r in enumerate(rows[:50]):
            texts = [str(v) for v in r if isinstance(v, str)]
            if find(texts, VOLTAGE) is not None and find(texts, CURRENT) is not None:
                return _build(raw, grid_from_rows(rows, k, raw.path), "neware_xlsx", options)
    raise ParseError(f"{raw.path}: no sheet with voltage and current columns "
                     f"(sheets: {', '.join(wb.sheets)})")
