"""LAND (Wuhan LANHE, LANDdt) exports: CSV and XLSX.

Two header families are recognised:

* LANDdt "ISO" CSV (as in the SINTEF/BDF data set): a few ``key:`` metadata lines, then
  ``channel_index, cycle_index, step_index, date_time_iso_string, test_time_s,
  step_time_s, current_A, voltage_V, discharge_capacity_Ah, charge_capacity_Ah, …,
  Pressure_Psi, temperature_1_C, …, step_name`` (trailing comma tolerated);
* classic LANDdt tables: ``Record/Index, Cycle, Step, TestTime, StepTime, Current/mA,
  Voltage/V, Capacity/mAh, Energy/mWh, SysTime, State``.

LAND resets its capacity counters at every step.  Its exports are **quantised** (the SINTEF
file has 0.1 mA current and 0.1 mAh capacity resolution): sselab keeps the vendor
capacity (coulomb counting the rounded current would give 7.14 instead of 6.3 mAh) and
adds a note with both numbers whenever they disagree by more than 2 %.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sselab.cycling.steps import capacity_from_current, codes_from_names, step_index_from_keys
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

FORMATS = ("landt_csv", "landt_xlsx")
VOLTAGE = ("voltage_V", "Voltage/V", "Voltage(V)", "Voltage/mV")
CURRENT = ("current_A", "Current/mA", "Current/A", "Current(mA)", "Current/uA")
TIME = ("test_time_s", "TestTime", "TestTime/s", "Test Time", "TestTime/h")
DATE = ("date_time_iso_string", "SysTime", "Realtime", "Date")
CYCLE = ("cycle_index", "Cycle")
STEP = ("step_index", "Step")
STEP_NAME = ("step_name", "State", "Mode", "Step Name")
CHG = ("charge_capacity_Ah", "ChargeCap/mAh", "Charge Capacity/mAh")
DCHG = ("discharge_capacity_Ah", "DischargeCap/mAh", "Discharge Capacity/mAh")
CAP = ("Capacity/mAh", "Capacity/Ah", "Capacity/uAh")
STEP_TIME = ("step_time_s", "StepTime", "StepTime/s")
NAMES = {"rest": "rest", "r": "rest", "discharge cc": "CC", "charge cc": "CC",
         "discharge cv": "CV", "charge cv": "CV", "discharge cccv": "CCCV",
         "charge cccv": "CCCV", "c_cc": "CC", "d_cc": "CC", "c_cv": "CV", "d_cv": "CV",
         "c_cccv": "CCCV", "ccc": "CC", "ccd": "CC", "cvc": "CV", "cvd": "CV", "ocv": "OCV",
         "discharge cp": "CP", "charge cp": "CP", "pulse": "pulse"}
_DATE_FMTS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S",
              "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S")


def sniff_text(head: str) -> int:
    low = head.lower()
    if "step_name" in low and "test_time_s" in low and "charge_capacity_ah" in low:
        return 90
    if low.startswith("cell model:"):
        return 70
    if "testtime" in low and "steptime" in low and ("current/ma" in low or "current/a" in low):
        return 70
    return 0


def _direction(labels: list[str]) -> np.ndarray:
    arr = np.asarray(labels, dtype=object).astype(str)
    uniq, inv = np.unique(arr, return_inverse=True)
    lut = np.zeros(uniq.size, dtype=np.int8)
    for k, u in enumerate(uniq):
        lo = u.strip().lower()
        if lo.startswith(("discharge", "d_", "dis")) or lo in ("ccd", "cvd"):
            lut[k] = -1
        elif lo.startswith(("charge", "c_")) or lo in ("ccc", "cvc"):
            lut[k] = 1
    return lut[inv.reshape(-1)]


def quantisation_note(time_s: np.ndarray, current_A: np.ndarray, capacity_Ah: np.ndarray,
                      step_index: np.ndarray) -> str | None:
    """A note when ∫I dt and the vendor's per-step capacity disagree by > 2 % overall."""
    if current_A.size < 3:
        return None
    integ = capacity_from_current(time_s, current_A, step_index)
    starts = np.flatnonzero(np.diff(step_index)) + 1
    ends = np.append(starts, step_index.size) - 1
    q_v = float(np.sum(np.abs(capacity_Ah[ends])))
    q_i = float(np.sum(np.abs(integ[ends])))
    if q_v <= 0 or abs(q_i - q_v) <= 0.02 * q_v:
        return None
    nz = np.unique(np.abs(current_A[current_A != 0]))
    levels = ", ".join(f"{x * 1e3:.4g}" for x in nz[:5]) + (" …" if nz.size > 5 else "")
    return (f"quantised export: coulomb counting the exported current gives {q_i * 1e3:.4g} mAh "
            f"over all steps, the vendor capacity {q_v * 1e3:.4g} mAh "
            f"({(q_i / q_v - 1) * 100:+.1f} %; the current takes {nz.size} non-zero "
            f"magnitude(s): {levels} mA); capacity_Ah uses the vendor counters")


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
    sv = scale_for(unit_of(h[kv]) or _suffix_unit(h[kv]), "voltage", 1.0, where, h[kv])
    si = scale_for(unit_of(h[ki]) or _suffix_unit(h[ki]), "current", 1.0, where, h[ki])
    cols["voltage_V"] = to_float(tab.cells[kv], h[kv], where) * sv
    current = to_float(tab.cells[ki], h[ki], where) * si
    cmap[h[kv]], cmap[h[ki]] = f"voltage_V (×{sv:g})", f"current_A (×{si:g})"
    kt, kd = find(h, TIME), find(h, DATE)
    if kt is not None:
        vals = as_strings(tab.cells[kt])
        if vals and ":" in vals[0]:
            cols["time_s"] = hms_to_seconds(vals, h[kt], where)
        else:
            st = scale_for(unit_of(h[kt]) or _suffix_unit(h[kt]), "time", 1.0, where, h[kt])
            cols["time_s"] = to_float(vals, h[kt], where) * st
        cmap[h[kt]] = "time_s"
    elif kd is not None:
        cols["time_s"] = datetimes_to_seconds(as_strings(tab.cells[kd]), where, h[kd], _DATE_FMTS)
        cmap[h[kd]] = "time_s (seconds since the first date)"
    else:
        raise ParseError(f"{where}: no time column (looked for {', '.join(TIME[:3])}); found "
                         f"columns: {', '.join(h)}")
    keys = []
    kc = find(h, CYCLE)
    if kc is not None:
        cols["vendor_cycle"] = to_int(tab.cells[kc], h[kc], where)
        cmap[h[kc]] = "vendor_cycle"
        keys.append(cols["vendor_cycle"])
    ks = find(h, STEP)
    if ks is not None:
        cols["vendor_step"] = to_int(tab.cells[ks], h[ks], where)
        cmap[h[ks]] = "vendor_step"
        keys.append(cols["vendor_step"])
    kn = find(h, STEP_NAME)
    direction = None
    if kn is not None:
        labels = as_strings(tab.cells[kn])
        cols["step_type"] = codes_from_names(np.asarray(labels, dtype=object), NAMES)
        cmap[h[kn]] = "step_type"
        keys.append(np.asarray(labels, dtype=object))
        direction = _direction(labels)
    kst = find(h, STEP_TIME)
    if kst is not None:
        vals = as_strings(tab.cells[kst])
        stt = hms_to_seconds(vals, h[kst], where) if vals and ":" in vals[0] else \
            to_float(vals, h[kst], where)
        keys.append(np.concatenate(([0], np.cumsum(np.diff(stt) < 0))) if stt.size else stt)
    if keys:
        cols["step_index"] = step_index_from_keys(*keys)
    if direction is not None and current.size and current.min() >= 0 and np.any(direction < 0):
        current = np.abs(current) * np.where(direction < 0, -1.0, 1.0)
        notes.append("currents are unsigned in this export; the sign was taken from the step name")
    cols["current_A"] = current
    kch, kdis, kcap = find(h, CHG), find(h, DCHG), find(h, CAP)
    if kch is not None and kdis is not None:
        sc = scale_for(unit_of(h[kch]) or _suffix_unit(h[kch]), "charge", 1.0, where, h[kch])
        sd = scale_for(unit_of(h[kdis]) or _suffix_unit(h[kdis]), "charge", 1.0, where, h[kdis])
        cols["capacity_Ah"] = (np.abs(to_float(tab.cells[kch], h[kch], where, blank=0.0)) * sc
                               - np.abs(to_float(tab.cells[kdis], h[kdis], where, blank=0.0)) * sd)
        cmap[h[kch]] = f"capacity_Ah (+, ×{sc:g}, per step)"
        cmap[h[kdis]] = f"capacity_Ah (−, ×{sd:g}, per step)"
    elif kcap is not None:
        sq = scale_for(unit_of(h[kcap]), "charge", 1.0, where, h[kcap])
        q = np.abs(to_float(tab.cells[kcap], h[kcap], where, blank=0.0)) * sq
        sign = direction if direction is not None and np.any(direction) else np.sign(current)
        cols["capacity_Ah"] = q * np.where(sign < 0, -1.0, 1.0)
        cmap[h[kcap]] = f"capacity_Ah (×{sq:g}, signed by step direction)"
    chans = []
    for k, name in enumerate(h):
        lo = name.lower()
        if lo.startswith("temperature") or lo.startswith("temp/"):
            chans.append((name, "temperature_K", to_float(tab.cells[k], name, where), 1.0,
                          kelvin_offset(_suffix_unit(name) or unit_of(name))))
        elif lo.startswith("pressure"):
            unit = _suffix_unit(name) or unit_of(name)
            chans.append((name, "pressure_Pa", to_float(tab.cells[k], name, where),
                          scale_for(unit, "pressure", 1.0, where, name), 0.0))
    add_channels(cols, cmap, notes, chans)
    require_finite_rows(cols, where, notes)
    require_monotone_time(cols["time_s"], where)
    if "capacity_Ah" in cols and "step_index" in cols:
        note = quantisation_note(cols["time_s"], cols["current_A"], cols["capacity_Ah"],
                                 cols["step_index"])
        if note:
            notes.append(note)
    vendor: dict[str, Any] = {}
    nominal = None
    for line in tab.preamble:
        key, _, rest = line.partition(":")
        rest = rest.replace("\t", ",").strip(" ,")
        if key.strip() and rest:
            vendor[key.strip()] = rest
            if key.lower().startswith("nominal capacity"):
                unit, _, val = rest.partition(",")
                try:
                    nominal = float(val or unit) * (1e-3 if unit.strip().lower() == "mah" else 1)
                except ValueError:
                    nominal = None
    local = None
    if kd is not None and tab.n_rows:
        local = parse_local_datetime(str(tab.cells[kd][0]), _DATE_FMTS)
    meta = naive_start_fields(local, options.get("timezone"), float(cols["time_s"][0]))
    if nominal and nominal > 0:
        meta["nominal_capacity_Ah"] = nominal
    return finish(raw, cols, fmt=fmt, reader=__name__, instrument="LAND", options=options,
                  cmap=cmap, notes=notes, vendor=vendor, meta=meta)


def _suffix_unit(name: str) -> str | None:
    """Unit from snake-case names: ``current_A`` → ``A``, ``temperature_1_C`` → ``degC``."""
    tail = name.rsplit("_", 1)[-1] if "_" in name else None
    if tail is None:
        return None
    return {"C": "degC", "Psi": "psi", "psi": "psi"}.get(tail, tail)


def parse_csv(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a LAND CSV export."""
    check_options(options)
    text = decode_text(raw.data)
    k = header_line(text.splitlines(), [VOLTAGE, CURRENT], raw.path, limit=60)
    return _build(raw, split_table(text, k, raw.path), "landt_csv", options)


def parse_xlsx(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a LAND XLSX export (first sheet with voltage and current headers)."""
    from sselab.io.cycling._xlsx import Workbook

    check_options(options)
    wb = Workbook(raw.data, raw.path)
    for sheet in wb.sheets:
        rows = wb.rows(sheet)
        for k, r in enumerate(rows[:60]):
            texts = [str(v) for v in r if isinstance(v, str)]
            if find(texts, VOLTAGE) is not None and find(texts, CURRENT) is not None:
                return _build(raw, grid_from_rows(rows, k, raw.path), "landt_xlsx", options)
    raise ParseError(f"{raw.path}: no sheet with voltage and current columns "
                     f"(sheets: {', '.join(wb.sheets)})")
