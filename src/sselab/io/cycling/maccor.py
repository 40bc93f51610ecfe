"""Maccor text exports (``.txt``, ``.0xx``; tab-separated, one header line before the columns).

Layout: line 1 ``Today's Date … Date of Test: … Filename: … Procedure: … Comment/Barcode:``,
line 2 the column names ``Rec#, Cyc#, Step, Test (Sec), Step (Sec), Amp-hr, Watt-hr, Amps,
Volts, State, ES, DPt Time, …``.  Newer exports name them ``Cycle C``, ``Test Time``,
``Capacity (AHr)``, ``Current (A)``, ``Voltage (V)``, ``MD``, ``DPT Time``; both work.

Current sign
    Maccor's state column says charge (``C``) or discharge (``D``); many exports give the
    current as a magnitude.  sselab always sets current_A = |Amps| × (+1 for C, −1 for D),
    and notes whether the file's own sign was missing or disagreed.
Capacity
    ``Amp-hr`` is a magnitude that restarts at every step; it is signed by the state.
Cycle
    ``Cyc#`` is kept as ``vendor_cycle``; some exports leave it at 0 throughout, so the
    derived ``cycle`` never relies on it alone.
Time
    ``Test (Sec)`` is the test time (a fragment of a long test starts far from 0);
    ``DPt Time`` dates are naive local times.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sselab.cycling.steps import STEP_CODE, classify_steps, step_index_from_keys
from sselab.cycling.table import CyclingTable
from sselab.io.cycling._common import (
    RawFile,
    add_channels,
    as_strings,
    check_options,
    decode_text,
    find,
    finish,
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

FORMAT = "maccor_txt"
VOLTAGE = ("Volts", "Voltage (V)", "Voltage", "Voltage [V]", "Volt")
CURRENT = ("Amps", "Current (A)", "Current", "Current [A]", "Amp")
STATE = ("State", "MD", "Md", "Mode")
CYCLE = ("Cyc#", "Cycle C", "Cycle P", "Cycle", "Cycle ID", "Cyc")
STEP = ("Step", "Step #", "Step Number")
TEST_TIME = ("Test (Sec)", "Test Time (sec)", "TestTime", "Test Time", "Test (Min)", "Test (Hr)")
STEP_TIME = ("Step (Sec)", "Step Time (sec)", "StepTime", "Step Time", "Step (Min)", "Step (Hr)")
CAPACITY = ("Amp-hr", "Capacity (AHr)", "Capacity", "AHr", "Cap. [Ah]", "Amp-Hr")
ENERGY = ("Watt-hr", "Energy (WHr)", "Energy", "WHr", "Watt-Hr")
DATE = ("DPt Time", "DPT Time", "Date and Time", "DPtTime")
_DATE_FMTS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S.%f", "%m/%d/%Y %I:%M:%S %p",
              "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def sniff_text(head: str) -> int:
    low = head.lower()
    if low.startswith("today's date") or ("rec#" in low and "cyc#" in low):
        return 90
    if "dpt time" in low and ("amp-hr" in low or "capacity (ahr)" in low):
        return 80
    return 0


def _time_scale(name: str) -> float:
    low = name.lower()
    if "(hr)" in low:
        return 3600.0
    if "(min)" in low:
        return 60.0
    return 1.0


def _times(values: list, name: str, where: str) -> np.ndarray:
    strs = as_strings(values)
    if strs and ":" in strs[0]:
        # Maccor writes long times as d.hh:mm:ss or hh:mm:ss
        fixed = [s.replace(".", " d ", 1) if s.count(":") == 2 and "." in s.split(":")[0] else s
                 for s in strs]
        return hms_to_seconds(fixed, name, where)
    return to_float(strs, name, where) * _time_scale(name)


def parse(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a Maccor tab-separated text export."""
    check_options(options)
    where = raw.path
    text = decode_text(raw.data)
    lines = text.splitlines()
    k = header_line(lines, [VOLTAGE, CURRENT], where, limit=30)
    tab = split_table(text, k, where)
    h = tab.header
    notes: list[str] = []
    cmap: dict[str, str] = {}
    cols: dict[str, np.ndarray] = {}
    if tab.dropped_tail:
        notes.append(f"dropped {tab.dropped_tail} incomplete line(s) at the end of the file")
    kv = require(h, VOLTAGE, "voltage", where)
    ki = require(h, CURRENT, "current", where)
    ks = require(h, STATE, "state (C/D/R)", where)
    kt = require(h, TEST_TIME, "test time", where)
    cols["voltage_V"] = to_float(tab.cells[kv], h[kv], where) * scale_for(
        unit_of(h[kv]), "voltage", 1.0, where, h[kv])
    amps = to_float(tab.cells[ki], h[ki], where) * scale_for(unit_of(h[ki]), "current", 1.0,
                                                              where, h[ki])
    state = np.char.upper(np.char.strip(np.asarray(as_strings(tab.cells[ks]), dtype=str)))
    sign = np.where(state == "D", -1.0, np.where(state == "C", 1.0, 0.0))
    current = np.abs(amps) * sign
    other = (sign == 0) & (amps != 0)
    current[other] = amps[other]
    charging = sign != 0
    if np.any(sign < 0) and not np.any(amps[charging] < 0):
        notes.append("the exported current is unsigned; the sign was taken from the state "
                     "column (D → negative)")
    else:
        disagree = int(np.sum((np.sign(amps) != sign) & charging & (amps != 0)))
        if disagree:
            notes.append(f"{disagree} record(s) had a current sign that disagreed with the "
                         "state column; the state column was followed")
    cols["current_A"] = current
    cmap[h[kv]] = "voltage_V"
    cmap[h[ki]] = "current_A (|I|, signed by state: C +, D −)"
    cmap[h[ks]] = "current_A sign and step_type (R → rest)"
    cols["time_s"] = _times(tab.cells[kt], h[kt], where)
    cmap[h[kt]] = "time_s"
    keys: list[np.ndarray] = []
    kc = find(h, CYCLE)
    if kc is not None:
        cols["vendor_cycle"] = to_int(tab.cells[kc], h[kc], where)
        cmap[h[kc]] = "vendor_cycle"
        keys.append(cols["vendor_cycle"])
        if cols["vendor_cycle"].size and np.all(cols["vendor_cycle"] == cols["vendor_cycle"][0]):
            notes.append(f"the vendor cycle counter {h[kc]!r} is constant "
                         f"({cols['vendor_cycle'][0]}); cycles are derived from the current")
    kst = find(h, STEP)
    if kst is not None:
        cols["vendor_step"] = to_int(tab.cells[kst], h[kst], where)
        cmap[h[kst]] = "vendor_step"
        keys.append(cols["vendor_step"])
    keys.append(state)
    kstt = find(h, STEP_TIME)
    if kstt is not None:
        stt = _times(tab.cells[kstt], h[kstt], where)
        keys.append(np.concatenate(([0], np.cumsum(np.diff(stt) < 0))))
    cols["step_index"] = step_index_from_keys(*keys)
    kq = find(h, CAPACITY)
    if kq is not None:
        q = to_float(tab.cells[kq], h[kq], where, blank=0.0)
        cols["capacity_Ah"] = np.abs(q) * np.where(sign < 0, -1.0, 1.0) * (sign != 0)
        cmap[h[kq]] = "capacity_Ah (per step, signed by state)"
    ke = find(h, ENERGY)
    if ke is not None:
        e = to_float(tab.cells[ke], h[ke], where, blank=0.0)
        cols["energy_Wh"] = np.abs(e) * np.where(sign < 0, -1.0, 1.0) * (sign != 0)
        cmap[h[ke]] = "energy_Wh (per step, signed by state)"
    add_channels(cols, cmap, notes, [
        (name, "temperature_K", to_float(tab.cells[j], name, where), 1.0,
         kelvin_offset(unit_of(name))) for j, name in enumerate(h)
        if name.lower().startswith(("temp", "temperature"))])
    require_finite_rows(cols, where, notes)
    require_monotone_time(cols["time_s"], where)
    n = cols["time_s"].size
    st = classify_steps(cols["time_s"], cols["voltage_V"], cols["current_A"], cols["step_index"])
    state = state[:n]
    st[state == "R"] = STEP_CODE["rest"]
    st[(state == "O") & (cols["current_A"] == 0)] = STEP_CODE["OCV"]
    cols["step_type"] = st
    vendor: dict[str, Any] = {}
    for part in lines[:k]:
        pending = None
        for piece in part.split("\t"):
            if pending is not None:
                value, sep, proc = piece.partition(" Procedure:")
                vendor[pending] = value.strip()
                if sep:
                    vendor["Procedure"] = proc.strip()
                pending = None
                continue
            key, sep, val = piece.partition(":")
            key = "Date of Test" if "date of test" in key.lower() else key.strip()
            if sep and key:
                if val.strip():
                    vendor[key] = val.strip()
                else:
                    pending = key
    local = None
    kd = find(h, DATE)
    if kd is not None and tab.n_rows:
        local = parse_local_datetime(str(tab.cells[kd][0]), _DATE_FMTS)
    t0 = float(cols["time_s"][0])
    meta = naive_start_fields(local, options.get("timezone"), t0)
    if t0 > 3600:
        notes.append(f"the file starts at test time {t0:.6g} s: it is a fragment of a longer "
                     "test; the start time is extrapolated back from the first record's date")
    return finish(raw, cols, fmt=FORMAT, reader=__name__, instrument="Maccor", options=options,
                  cmap=cmap, notes=notes, vendor=vendor, meta=meta)
