"""Arbin exports (MITS Pro / MITS 8 CSV and XLSX) and the mapping shared with ``.res`` files.

Columns (underscores and spaces are interchangeable): ``Date_Time``, ``Test_Time(s)``,
``Step_Time(s)``, ``Step_Index``, ``Cycle_Index``, ``Current(A)``, ``Voltage(V)``,
``Charge_Capacity(Ah)``, ``Discharge_Capacity(Ah)``, ``Charge_Energy(Wh)``,
``Discharge_Energy(Wh)``, ``Aux_Temperature_1(C)`` …  The ``.res`` database uses the same
names without units (A, V, Ah, Wh, s).

Capacity
    Arbin's charge and discharge capacities are *cumulative within an Arbin cycle* (they
    restart at each new ``Cycle_Index``).  Per-step capacity = the rise of
    ``Charge_Capacity`` minus the rise of ``Discharge_Capacity`` since the end of the
    previous step (from 0 after a restart).
Cycle
    ``Cycle_Index`` is kept as ``vendor_cycle``; it can be 1 for a whole file (an XLSX
    export in the shared data), so cycles are derived from the current sign.
Current sign
    Arbin writes discharge (reduction of the cell) as negative current: kept as is.
Steps
    A new step starts where ``Cycle_Index`` or ``Step_Index`` changes or ``Step_Time``
    falls back.  Arbin stores no step type; it is classified from the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from sselab.cycling.steps import capacity_from_cumulative, step_index_from_keys
from sselab.cycling.table import CyclingTable
from sselab.errors import ParseError
from sselab.io.cycling._common import (
    RawFile,
    add_channels,
    as_strings,
    check_options,
    decode_text,
    excel_serial_to_datetime,
    find,
    finish,
    grid_from_rows,
    header_line,
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

FORMATS = ("arbin_csv", "arbin_xlsx")
VOLTAGE = ("Voltage(V)", "Voltage", "Voltage (V)")
CURRENT = ("Current(A)", "Current", "Current (A)", "Current(mA)")
TEST_TIME = ("Test_Time(s)", "Test_Time", "Test Time (s)", "TestTime")
STEP_TIME = ("Step_Time(s)", "Step_Time", "Step Time (s)")
CYCLE = ("Cycle_Index", "Cycle Index")
STEP = ("Step_Index", "Step Index")
DATE = ("Date_Time", "DateTime", "Date Time")
CHG = ("Charge_Capacity(Ah)", "Charge_Capacity", "Charge Capacity (Ah)", "Charge_Capacity(mAh)")
DCHG = ("Discharge_Capacity(Ah)", "Discharge_Capacity", "Discharge Capacity (Ah)",
        "Discharge_Capacity(mAh)")
CHG_E = ("Charge_Energy(Wh)", "Charge_Energy", "Charge Energy (Wh)")
DCHG_E = ("Discharge_Energy(Wh)", "Discharge_Energy", "Discharge Energy (Wh)")


def sniff_text(head: str) -> int:
    low = head.lower().replace(" ", "_")
    if "test_time" in low and "step_index" in low and "cycle_index" in low:
        return 85
    return 0


def build(raw: RawFile, header: Sequence[str], get: Callable[[int], list], n_rows: int,
          fmt: str, options: dict[str, Any], *, vendor: dict[str, Any] | None = None,
          meta: dict[str, Any] | None = None, notes: list[str] | None = None,
          backend: str = "") -> CyclingTable:
    """Map Arbin columns (fetched by header position with ``get``) onto the canonical table."""
    where = raw.path
    h = list(header)
    notes = list(notes or [])
    cmap: dict[str, str] = {}
    cols: dict[str, np.ndarray] = {}
    kv = require(h, VOLTAGE, "voltage", where)
    ki = require(h, CURRENT, "current", where)
    kt = require(h, TEST_TIME, "test time", where)
    sv = scale_for(unit_of(h[kv]), "voltage", 1.0, where, h[kv])
    si = scale_for(unit_of(h[ki]), "current", 1.0, where, h[ki])
    cols["voltage_V"] = to_float(get(kv), h[kv], where) * sv
    cols["current_A"] = to_float(get(ki), h[ki], where) * si
    cols["time_s"] = to_float(get(kt), h[kt], where) * scale_for(unit_of(h[kt]), "time", 1.0,
                                                                  where, h[kt])
    cmap[h[kv]], cmap[h[ki]], cmap[h[kt]] = "voltage_V", f"current_A (×{si:g})", "time_s"
    keys: list[np.ndarray] = []
    kc, ks, kst = find(h, CYCLE), find(h, STEP), find(h, STEP_TIME)
    if kc is not None:
        cols["vendor_cycle"] = to_int(get(kc), h[kc], where)
        cmap[h[kc]] = "vendor_cycle"
        keys.append(cols["vendor_cycle"])
        vc = cols["vendor_cycle"]
        if vc.size and np.all(vc == vc[0]):
            notes.append(f"the vendor cycle counter {h[kc]!r} is {vc[0]} in every record; "
                         "cycles are derived from the current sign")
    if ks is not None:
        cols["vendor_step"] = to_int(get(ks), h[ks], where)
        cmap[h[ks]] = "vendor_step"
        keys.append(cols["vendor_step"])
    if kst is not None:
        stt = to_float(get(kst), h[kst], where)
        keys.append(np.concatenate(([0], np.cumsum(np.diff(stt) < 0))) if stt.size else stt)
    if not keys:
        raise ParseError(f"{where}: no Step_Index or Cycle_Index column; not an Arbin export")
    cols["step_index"] = step_index_from_keys(*keys)
    kch, kdis = find(h, CHG), find(h, DCHG)
    if kch is not None and kdis is not None:
        sc = scale_for(unit_of(h[kch]), "charge", 1.0, where, h[kch])
        sd = scale_for(unit_of(h[kdis]), "charge", 1.0, where, h[kdis])
        qc = to_float(get(kch), h[kch], where, blank=0.0) * sc
        qd = to_float(get(kdis), h[kdis], where, blank=0.0) * sd
        cols["capacity_Ah"] = (capacity_from_cumulative(qc, cols["step_index"], resets=True)
                               - capacity_from_cumulative(qd, cols["step_index"], resets=True))
        cmap[h[kch]] = "capacity_Ah (+, rise within the step; cumulative per Arbin cycle)"
        cmap[h[kdis]] = "capacity_Ah (−, rise within the step; cumulative per Arbin cycle)"
        kce, kde = find(h, CHG_E), find(h, DCHG_E)
        if kce is not None and kde is not None:
            ec = to_float(get(kce), h[kce], where, blank=0.0)
            ed = to_float(get(kde), h[kde], where, blank=0.0)
            cols["energy_Wh"] = (capacity_from_cumulative(ec, cols["step_index"], resets=True)
                                 - capacity_from_cumulative(ed, cols["step_index"], resets=True))
            cmap[h[kce]] = "energy_Wh (+, rise within the step)"
            cmap[h[kde]] = "energy_Wh (−, rise within the step)"
    else:
        notes.append("no charge/discharge capacity columns: capacity_Ah is integrated "
                     "from the current")
    add_channels(cols, cmap, notes, [
        (name, "temperature_K", to_float(get(j), name, where), 1.0, kelvin_offset(unit_of(name)))
        for j, name in enumerate(h) if "temperature" in name.lower()])
    require_finite_rows(cols, where, notes)
    require_monotone_time(cols["time_s"], where)
    meta = dict(meta or {})
    kd = find(h, DATE)
    if "start_time_local" not in meta and kd is not None and n_rows:
        first = get(kd)[0]
        local: datetime | None = None
        if isinstance(first, (int, float)) and not isinstance(first, bool):
            local = excel_serial_to_datetime(float(first))
        elif first is not None:
            local = parse_local_datetime(str(first))
        meta.update(naive_start_fields(local, options.get("timezone"), float(cols["time_s"][0])))
    return finish(raw, cols, fmt=fmt, reader=__name__ if fmt != "arbin_res" else
                  "sselab.io.cycling.arbin_res", instrument="Arbin", options=options, cmap=cmap,
                  notes=notes, vendor=vendor, meta=meta, backend=backend)


def parse_csv(raw: RawFile, **options: Any) -> CyclingTable:
    """Read an Arbin CSV export."""
    check_options(options)
    text = decode_text(raw.data)
    k = header_line(text.splitlines(), [VOLTAGE, CURRENT, ("Step_Index", "Step Index")],
                    raw.path, limit=30)
    tab = split_table(text, k, raw.path)
    notes = ([f"dropped {tab.dropped_tail} incomplete line(s) at the end of the file"]
             if tab.dropped_tail else [])
    return build(raw, tab.header, tab.column, tab.n_rows, "arbin_csv", options, notes=notes)


def parse_xlsx(raw: RawFile, **options: Any) -> CyclingTable:
    """Read an Arbin XLSX export: ``Channel_*`` data sheets (in order) and ``Global_Info``."""
    from sselab.io.cycling._xlsx import Workbook

    check_options(options)
    wb = Workbook(raw.data, raw.path)
    data_sheets = [s for s in wb.sheets if s.lower().startswith(("channel", "detail"))
                   and "statistic" not in s.lower()] or list(wb.sheets)
    header: list[str] | None = None
    columns: list[list] = []
    used: list[str] = []
    for sheet in data_sheets:
        rows = wb.rows(sheet)
        k = next((j for j, r in enumerate(rows[:30])
                  if find([str(v) for v in r if isinstance(v, str)], VOLTAGE) is not None
                  and find([str(v) for v in r if isinstance(v, str)], CURRENT) is not None), None)
        if k is None:
            continue
        g = grid_from_rows(rows, k, raw.path)
        if header is None:
            header, columns = g.header, [list(c) for c in g.cells]
        elif g.header == header:
            for c, more in zip(columns, g.cells, strict=True):
                c.extend(more)
        else:
            continue
        used.append(sheet)
    if header is None:
        raise ParseError(f"{raw.path}: no sheet with voltage and current columns "
                         f"(sheets: {', '.join(wb.sheets)})")
    vendor: dict[str, Any] = {"sheets": ", ".join(used)}
    for sheet in wb.sheets:
        if sheet.lower().startswith("global"):
            rows = wb.rows(sheet, max_rows=20)
            for j, r in enumerate(rows[:-1]):
                keys = as_strings(r)
                if "Start DateTime" in keys or "Schedule File Name" in keys:
                    vals = rows[j + 1]
                    for key, val in zip(keys, vals, strict=False):
                        if key and val not in (None, ""):
                            vendor[key] = val
    if isinstance(vendor.get("Start DateTime"), float):
        vendor["Start DateTime"] = excel_serial_to_datetime(vendor["Start DateTime"]).isoformat()
    return build(raw, header, lambda k: columns[k], len(columns[0]) if columns else 0,
                 "arbin_xlsx", options, vendor=vendor)
