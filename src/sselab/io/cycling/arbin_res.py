"""Arbin ``.res`` files (a Microsoft Access/Jet database) through ``access-parser``.

``access-parser`` (Claroty, Apache-2.0) is a pure-Python Jet/ACE page reader, so no
``mdbtools`` binary (and no apt package) is needed.  Tables used:

``Channel_Normal_Table``
    one row per record: ``Test_ID, Data_Point, Test_Time, Step_Time, DateTime, Step_Index,
    Cycle_Index, Current, Voltage, Charge_Capacity, Discharge_Capacity, Charge_Energy,
    Discharge_Energy …`` in A, V, Ah, Wh, s; rows are sorted by (Test_ID, Data_Point).
``Global_Table``
    ``MASS`` (g), ``Specific_Capacity`` (Ah/g), ``Capacity`` (Ah), ``Start_DateTime``
    (Excel serial, local time), ``Schedule_File_Name``, ``Channel_Index``, ``Creator`` ….

The mapping onto canonical columns is :func:`sselab.io.cycling.arbin_export.build`.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import Any

import numpy as np

from sselab.cycling.table import CyclingTable
from sselab.errors import ParseError
from sselab.io.cycling._common import (
    RawFile,
    check_options,
    excel_serial_to_datetime,
    naive_start_fields,
    on_disk,
)
from sselab.io.cycling.arbin_export import build

FORMAT = "arbin_res"
JET_MAGIC = b"Standard Jet DB"
ACE_MAGIC = b"Standard ACE DB"


def sniff(head: bytes) -> int:
    return 100 if head[4:19] in (JET_MAGIC, ACE_MAGIC) else 0


def check_page_chains(data: bytes, where: str) -> None:
    """Refuse files whose table-definition page chains loop (a damaged file would hang).

    Jet pages are 2048 (Jet 3) or 4096 bytes (Jet 4/ACE; version byte at 0x14 ≠ 0).  A
    table-definition page starts with ``02 01`` and holds the number of its continuation
    page at byte 4 (0 = last).  Every chain must end without revisiting a page.
    """
    if len(data) < 0x15:
        raise ParseError(f"{where}: too short for an Access database")
    size = 2048 if data[0x14] == 0 else 4096
    n_pages = len(data) // size
    nxt = {}
    for p in range(n_pages):
        off = p * size
        if data[off:off + 2] == b"\x02\x01":
            nxt[p] = int.from_bytes(data[off + 4:off + 8], "little")
    for start in nxt:
        seen = set()
        p = start
        while p in nxt and nxt[p]:
            if p in seen:
                raise ParseError(f"{where}: table-definition page {start} links back to "
                                 f"page {p}; the database is damaged")
            seen.add(p)
            p = nxt[p]


def _open(raw: RawFile) -> Any:
    try:
        from access_parser import AccessParser
    except ImportError:  # pragma: no cover - declared dependency
        raise ParseError("reading Arbin .res needs the 'access-parser' package "
                         "(pip install access-parser)") from None
    check_page_chains(raw.data, raw.path)
    logging.getLogger("access_parser").setLevel(logging.CRITICAL)
    with contextlib.redirect_stdout(io.StringIO()), on_disk(raw) as path:
        try:
            return AccessParser(path)
        except Exception as exc:  # noqa: BLE001 - third-party parser on untrusted bytes
            raise ParseError(f"{raw.path}: not a readable Access database "
                             f"({type(exc).__name__}: {exc})") from None


def _table(db: Any, name: str, where: str) -> dict[str, list]:
    if name not in db.catalog:
        raise ParseError(f"{where}: the database has no {name!r} table; not an Arbin .res file "
                         f"(tables: {', '.join(sorted(db.catalog)[:15])})")
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            t = db.parse_table(name)
        except Exception as exc:  # noqa: BLE001 - third-party parser on untrusted bytes
            raise ParseError(f"{where}: table {name!r} cannot be decoded "
                             f"({type(exc).__name__}: {exc}); the database is damaged") from None
    return {str(k): list(v) for k, v in t.items()}


def parse(raw: RawFile, **options: Any) -> CyclingTable:
    """Read an Arbin ``.res`` file."""
    check_options(options)
    where = raw.path
    if sniff(raw.data[:32]) == 0:
        raise ParseError(f"{where}: not a Jet/Access database (no 'Standard Jet DB' header)")
    db = _open(raw)
    data = _table(db, "Channel_Normal_Table", where)
    header = list(data)
    n = max((len(v) for v in data.values()), default=0)
    if any(len(v) != n for v in data.values()):
        raise ParseError(f"{where}: Channel_Normal_Table columns have unequal lengths; "
                         "the database is damaged")
    notes: list[str] = []
    if n and "Data_Point" in data:
        tid = np.asarray(data.get("Test_ID", [0] * n), dtype=np.float64)
        dp = np.asarray(data["Data_Point"], dtype=np.float64)
        order = np.lexsort((dp, tid))
        if np.any(order != np.arange(n)):
            data = {k: [v[i] for i in order] for k, v in data.items()}
            notes.append("records re-ordered by (Test_ID, Data_Point)")
        if np.unique(tid).size > 1:
            notes.append(f"the file holds {np.unique(tid).size} tests (Test_ID); they are read "
                         "as one record")
    vendor: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    try:
        glob = _table(db, "Global_Table", where)
    except ParseError:
        glob = {}
        notes.append("no Global_Table: mass, schedule and start time unknown")
    for k, v in glob.items():
        if v and v[0] not in (None, ""):
            vendor[k] = v[0]
    mass_g = vendor.get("MASS")
    if isinstance(mass_g, (int, float)) and mass_g > 0:
        meta["active_mass_kg"] = float(mass_g) * 1e-3
    cap = vendor.get("Capacity")
    spec = vendor.get("Specific_Capacity")
    if isinstance(cap, (int, float)) and cap > 0:
        meta["nominal_capacity_Ah"] = float(cap)
    elif isinstance(spec, (int, float)) and spec > 0 and meta.get("active_mass_kg"):
        meta["nominal_capacity_Ah"] = float(spec) * float(mass_g)
        notes.append(f"nominal capacity = MASS × Specific_Capacity = {mass_g:.6g} g × "
                     f"{spec:.6g} Ah/g = {meta['nominal_capacity_Ah'] * 1e3:.4g} mAh")
    start = vendor.get("Start_DateTime")
    if isinstance(start, (int, float)):
        local = excel_serial_to_datetime(float(start))
        vendor["Start_DateTime"] = local.isoformat()
        meta.update(naive_start_fields(local, options.get("timezone")))
    with contextlib.suppress(Exception):  # auxiliary channels are optional
        aux = _table(db, "Auxiliary_Table", where)
        if aux and any(len(v) for v in aux.values()):
            notes.append("Auxiliary_Table (temperature etc.) is not read yet")
    try:
        import importlib.metadata as md

        backend = f"access-parser {md.version('access-parser')}"
    except Exception:  # noqa: BLE001
        backend = "access-parser"
    return build(raw, header, lambda k: data[header[k]], n, FORMAT, options, vendor=vendor,
                 meta=meta, notes=notes, backend=backend)
