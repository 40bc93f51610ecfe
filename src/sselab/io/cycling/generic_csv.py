"""Any delimited text table of cycling data, described by a column map.

Without a column map the header must already use canonical names (``time_s``,
``voltage_V``, ``current_A``, optional ``capacity_Ah``, ``step_index``, ``step_type``,
``vendor_cycle``, ``vendor_step``, ``temperature_K`` …) — this is what
``sselab cycling read FILE --to csv`` writes, so exports read back unchanged.

Column map
----------
``column_map`` maps canonical names to the file's headers, e.g.::

    read_cycling("run.txt", format="generic_csv",
                 column_map={"time_s": "Time (h)", "voltage_V": "E/V", "current_A": "I/mA",
                             "capacity_Ah": "Q/mAh", "vendor_step": "Step"})

Keys understood:

``time_s``, ``voltage_V``, ``current_A`` (required)
    numbers; the unit comes from ``units[key]`` or from the header (``(mA)``, ``[mA]``,
    ``/mA``); time may also be ``hh:mm:ss`` text or dates (``units={"time_s": "datetime"}``).
``capacity_Ah``
    per-step capacity (resetting at every step, signed or not: it is signed by the
    current); with ``capacity_kind="cumulative"`` a counter running across steps.
``charge_capacity_Ah``, ``discharge_capacity_Ah``
    two non-negative counters, per step (``capacity_kind="step"``) or cumulative with
    restarts (``"cumulative"``, Arbin-like).
``step_index``/``vendor_step``, ``vendor_cycle``, ``step_type``
    counters (integers) and step-type labels (``rest``, ``CC``, ``CV``, ``CCCV``, ``OCV`` …).
``temperature_K``, ``pressure_Pa``
    channels; units as for the others (``degC``, ``psi`` …).

Other options: ``delimiter`` (default: sniffed), ``header_row`` (0-based line of the
header; default: the first line naming the time, voltage and current columns),
``decimal_comma``, ``current_sign`` (``+1``: charge is positive in the file, ``−1``:
discharge is positive).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sselab.cycling.steps import (
    STEP_TYPES,
    capacity_from_cumulative,
    codes_from_names,
    step_index_from_keys,
)
from sselab.cycling.table import CyclingTable
from sselab.errors import InputError, ParseError
from sselab.io.cycling._common import (
    RawFile,
    as_strings,
    check_options,
    datetimes_to_seconds,
    decode_text,
    finish,
    header_line,
    hms_to_seconds,
    kelvin_offset,
    require_finite_rows,
    require_monotone_time,
    scale_for,
    split_table,
    to_float,
    to_int,
    unit_of,
)

FORMAT = "generic_csv"
OPTIONS = ("column_map", "units", "delimiter", "header_row", "decimal_comma", "current_sign",
           "capacity_kind")
_QUANTITY = {"time_s": "time", "voltage_V": "voltage", "current_A": "current",
             "capacity_Ah": "charge", "charge_capacity_Ah": "charge",
             "discharge_capacity_Ah": "charge", "energy_Wh": "energy",
             "pressure_Pa": "pressure", "counter_voltage_V": "voltage"}
_CANONICAL_HEADER = ("time_s", "voltage_V", "current_A")
_NAMES = {name.lower(): name for name in STEP_TYPES}


def sniff_text(head: str) -> int:
    first = head.splitlines()[0] if head else ""
    return 60 if all(c in first for c in _CANONICAL_HEADER) else 0


def parse(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a delimited text table with a column map (see the module docstring)."""
    check_options(options, OPTIONS)
    where = raw.path
    cmap_in: Mapping[str, str] = options.get("column_map") or {c: c for c in _CANONICAL_HEADER}
    units: Mapping[str, str] = options.get("units") or {}
    for key in cmap_in:
        if key not in _QUANTITY and key not in ("step_index", "vendor_step", "vendor_cycle",
                                                "step_type", "temperature_K") \
                and not key.startswith(("temperature_", "pressure_")):
            raise InputError(f"column_map key {key!r} is not a canonical column; use time_s, "
                             "voltage_V, current_A, capacity_Ah, charge_capacity_Ah, "
                             "discharge_capacity_Ah, step_index, vendor_step, vendor_cycle, "
                             "step_type, temperature_K, pressure_Pa")
    for need in _CANONICAL_HEADER:
        if need not in cmap_in:
            raise InputError(f"column_map needs {need!r} (which column holds it?)")
    text = decode_text(raw.data)
    lines = text.splitlines()
    if options.get("header_row") is not None:
        k = int(options["header_row"])
    else:
        k = header_line(lines, [(cmap_in[c],) for c in _CANONICAL_HEADER], where, limit=100)
    tab = split_table(text, k, where, delimiter=options.get("delimiter"))
    h = tab.header
    comma = bool(options.get("decimal_comma"))
    notes: list[str] = []
    if tab.dropped_tail:
        notes.append(f"dropped {tab.dropped_tail} incomplete line(s) at the end of the file")
    # also accept the canonical columns when the file has them and no map was given
    if not options.get("column_map"):
        extra = [c for c in h if c not in cmap_in and c not in ("half_cycle", "cycle")]
        cmap_in = {**cmap_in, **{c: c for c in extra}}
    idx: dict[str, int] = {}
    for key, col in cmap_in.items():
        if col not in h:
            if key in _CANONICAL_HEADER:
                what = {"time_s": "time", "voltage_V": "voltage", "current_A": "current"}[key]
                raise ParseError(f"{where}: no {what} column {col!r}; found columns: "
                                 f"{', '.join(repr(x) for x in h)}")
            raise ParseError(f"{where}: column {col!r} (for {key}) is not in the header")
        idx[key] = h.index(col)
    cols: dict[str, np.ndarray] = {}
    cmap: dict[str, str] = {}

    def number(key: str) -> np.ndarray:
        col = h[idx[key]]
        q = _QUANTITY.get(key, "temperature" if key.startswith("temperature") else "pressure")
        unit = units.get(key) or unit_of(col)
        if q == "temperature":
            cmap[col] = key
            return to_float(tab.cells[idx[key]], col, where, comma) + kelvin_offset(unit)
        s = scale_for(unit, q, 1.0, where, col)
        cmap[col] = key if s == 1.0 else f"{key} (×{s:g})"
        return to_float(tab.cells[idx[key]], col, where, comma) * s

    tcol = h[idx["time_s"]]
    tunit = units.get("time_s")
    if tunit == "datetime":
        cols["time_s"] = datetimes_to_seconds(as_strings(tab.cells[idx["time_s"]]), where, tcol)
        cmap[tcol] = "time_s (seconds since the first date)"
    elif tab.n_rows and ":" in str(tab.cells[idx["time_s"]][0]) and tunit is None:
        cols["time_s"] = hms_to_seconds(as_strings(tab.cells[idx["time_s"]]), tcol, where)
        cmap[tcol] = "time_s (hh:mm:ss)"
    else:
        cols["time_s"] = number("time_s")
    cols["voltage_V"] = number("voltage_V")
    sign = float(options.get("current_sign", 1))
    if sign not in (1.0, -1.0):
        raise InputError("current_sign must be +1 (charge positive in the file) or -1")
    cols["current_A"] = number("current_A") * sign
    for key in ("step_index", "vendor_step", "vendor_cycle"):
        if key in idx:
            cols[key] = to_int(tab.cells[idx[key]], h[idx[key]], where)
            cmap[h[idx[key]]] = key
    if "step_index" in cols:
        cols["step_index"] = step_index_from_keys(cols["step_index"])
    if "step_type" in idx:
        labels = as_strings(tab.cells[idx["step_type"]])
        cols["step_type"] = codes_from_names(np.asarray(labels, dtype=object), _NAMES)
        cmap[h[idx["step_type"]]] = "step_type"
        if "step_index" not in cols:
            keys = [cols[k] for k in ("vendor_cycle", "vendor_step") if k in cols]
            cols["step_index"] = step_index_from_keys(*keys, np.asarray(labels, dtype=object))
    for key in list(idx):
        if key.startswith(("temperature_", "pressure_")) or key in ("energy_Wh",
                                                                    "counter_voltage_V"):
            cols[key] = number(key)
    if "step_index" not in cols:
        keys = [cols[k] for k in ("vendor_cycle", "vendor_step") if k in cols]
        cols["step_index"] = step_index_from_keys(*(keys or [np.sign(cols["current_A"])]))
    kind = options.get("capacity_kind", "step")
    if kind not in ("step", "cumulative"):
        raise InputError("capacity_kind must be 'step' or 'cumulative'")
    if "capacity_Ah" in idx:
        q = number("capacity_Ah")
        if kind == "cumulative":
            q = capacity_from_cumulative(q, cols["step_index"])
        if not np.any(q < 0):  # magnitudes: sign by the current
            q = np.abs(q) * np.where(_step_sign(cols["current_A"], cols["step_index"]) < 0, -1, 1)
        cols["capacity_Ah"] = q
    elif "charge_capacity_Ah" in idx and "discharge_capacity_Ah" in idx:
        qc, qd = number("charge_capacity_Ah"), number("discharge_capacity_Ah")
        if kind == "cumulative":
            qc = capacity_from_cumulative(qc, cols["step_index"], resets=True)
            qd = capacity_from_cumulative(qd, cols["step_index"], resets=True)
        cols["capacity_Ah"] = np.abs(qc) - np.abs(qd)
    else:
        notes.append("no capacity column mapped: capacity_Ah is integrated from the current")
    require_finite_rows(cols, where, notes)
    require_monotone_time(cols["time_s"], where)
    meta, vendor = _sidecar(raw.path, notes)
    return finish(raw, cols, fmt=FORMAT, reader=__name__, instrument=meta.pop("instrument", ""),
                  options=options, cmap=cmap, notes=notes, vendor=vendor, meta=meta)


_RESTORED = ("active_mass_kg", "area_m2", "reference_offset_V", "nominal_capacity_Ah",
             "utc_offset_s", "timezone", "timezone_source", "start_time_local", "instrument",
             "capacity_source")


def _sidecar(path: str, notes: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Metadata from ``<name>.meta.json`` written by ``sselab cycling read --to csv``."""
    import json
    from datetime import datetime
    from pathlib import Path

    from sselab.io.cycling.export import sidecar_path

    side = sidecar_path(path)
    if not side.is_file() or side.resolve() == Path(path).resolve():
        return {}, {}
    try:
        d = json.loads(side.read_text(encoding="utf-8"))
        m = d["metadata"]
        meta = {k: m[k] for k in _RESTORED if m.get(k) is not None}
        if m.get("start_time_utc"):
            meta["start_time_utc"] = datetime.fromisoformat(m["start_time_utc"])
        vendor = dict(m.get("vendor") or {})
        src = d.get("provenance") or {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        notes.append(f"{side.name} is not a readable sselab metadata file; ignored")
        return {}, {}
    vendor["converted_from"] = f"{src.get('source', '?')} (sha256 {src.get('file_sha256', '?')})"
    notes.append(f"cell and time metadata restored from {side.name}")
    return meta, vendor


def _step_sign(current: np.ndarray, step_index: np.ndarray) -> np.ndarray:
    """Per-row sign of the summed current of the row's step."""
    from sselab.cycling.steps import step_lengths, step_starts

    s = step_starts(step_index)
    tot = np.add.reduceat(current, s) if current.size else current
    return np.repeat(np.sign(tot), step_lengths(s, current.size))
