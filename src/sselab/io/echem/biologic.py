"""Bio-Logic EC-Lab voltammetry records (LSV, CV, CVA) from ``.mpr`` or ``.mpt`` files.

Built on sselab's clean-room EC-Lab readers (:func:`sselab.io.eis.biologic_mpr.read_mpr`,
:func:`sselab.io.eis.biologic_mpt.read_table`).  Columns by EC-Lab name: potential
``Ewe/V`` (else ``<Ewe>/V``), current ``<I>/mA`` (else ``I/mA``) in mA → A (EC-Lab
sign: oxidation > 0), time ``time/s``, programmed potential ``control/V`` (used to split
sweeps), ``cycle number``.

From the ``.mpt`` header: technique, device, reference electrode, the electrode area
(``Electrode surface area : 0.785 cm²``) and the scan rate (``dE/dt`` with
``dE/dt unit``).  EC-Lab's default area, 0.001 cm², is a placeholder most users never
change: it is kept in ``metadata["file_area_m2"]`` but not used as the area.  The
``.mpr`` settings module is not decoded, so an ``.mpr`` gives no area and its scan rate
is estimated from ``control/V`` against time (``metadata["scan_rate_source"]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from sselab.echem.voltammogram import Voltammogram
from sselab.errors import ParseError
from sselab.io.eis import biologic_mpr, biologic_mpt
from sselab.io.eis.common import RawFile

FORMATS = ("biologic-mpr", "biologic-mpt")
POTENTIAL = ("Ewe/V", "<Ewe>/V")
CURRENT_mA = ("<I>/mA", "I/mA")
_AREA = re.compile(r"^Electrode surface area\s*:\s*([-+0-9.,eE]+)\s*(cm²|cm2|mm²|mm2|m²|m2)",
                   re.IGNORECASE)
_AREA_SCALE = {"cm²": 1e-4, "cm2": 1e-4, "mm²": 1e-6, "mm2": 1e-6, "m²": 1.0, "m2": 1.0}
_SCAN_UNITS = {"mv/s": 1e-3, "v/s": 1.0, "µv/s": 1e-6, "mv/min": 1e-3 / 60, "v/min": 1 / 60}
#: EC-Lab's default "Electrode surface area", m² (0.001 cm²).
ECLAB_DEFAULT_AREA_M2 = 1e-7
VOLTAMMETRY = ("LSV", "CV", "CVA", "Linear Sweep Voltammetry", "Cyclic Voltammetry",
               "Cyclic Voltammetry Advanced")


def sniff(head: bytes) -> int:
    """100 for EC-Lab binary or text files."""
    return max(biologic_mpr.sniff(head), biologic_mpt.sniff(head))


def _pick(cols: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in cols), None)


def _header_values(header: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, ln in enumerate(header):
        s = ln.strip()
        m = _AREA.match(s)
        if m:
            try:
                out["file_area_m2"] = float(m.group(1).replace(",", ".")) * \
                    _AREA_SCALE[m.group(2).lower()]
            except ValueError:
                pass
        key, sep, val = s.partition(":")
        if sep and key.strip() == "Reference electrode" and val.strip():
            out["reference_electrode"] = val.strip()
        if s.startswith("dE/dt") and not s.startswith("dE/dt unit"):
            parts = s.split()
            unit_line = header[k + 1].split() if k + 1 < len(header) else []
            if len(parts) >= 2 and unit_line[:2] == ["dE/dt", "unit"] and len(unit_line) >= 3:
                try:
                    v = float(parts[1].replace(",", "."))
                    out["scan_rate_V_per_s"] = v * _SCAN_UNITS[unit_line[2].lower()]
                except (ValueError, KeyError):
                    pass
    return out


def parse(raw: RawFile) -> Voltammogram:
    """Read an EC-Lab ``.mpr`` or ``.mpt`` voltammetry file."""
    where = raw.path
    if biologic_mpr.sniff(raw.data[:64]):
        f = biologic_mpr.read_mpr(raw)
        cols: Mapping[str, Any] = f.columns
        meta = biologic_mpr.mpr_metadata(raw, f, fmt="biologic-mpr")

        def get(name: str) -> np.ndarray:
            return np.asarray(cols[name], dtype=float)
        extra: dict[str, Any] = {}
    elif biologic_mpt.sniff(raw.data[:64]):
        t = biologic_mpt.read_table(raw)
        idx = {n: k for k, n in enumerate(t.names) if n}
        cols = idx
        meta = {"format": "biologic-mpt", "source_path": raw.path, "sha256": raw.sha256,
                "columns": [n for n in t.names if n], **biologic_mpt.header_facts(t.header)}

        def get(name: str) -> np.ndarray:
            return np.asarray(t.column(idx[name], where), dtype=float)
        extra = _header_values(t.header)
    else:
        raise ParseError(f"{where}: not a Bio-Logic .mpr/.mpt file")
    found = ", ".join(repr(n) for n in cols)
    en = _pick(cols, POTENTIAL)
    if en is None:
        raise ParseError(f"{where}: no potential column ('Ewe/V' or '<Ewe>/V'); found: {found}")
    cn = _pick(cols, CURRENT_mA)
    if cn is None:
        raise ParseError(f"{where}: no current column ('<I>/mA' or 'I/mA'); found: {found}")
    e = get(en)
    i = get(cn) * 1e-3
    time = get("time/s") if "time/s" in cols else None
    ctrl = get("control/V") if "control/V" in cols else None
    tech = str(meta.get("technique") or "")
    if tech and tech not in VOLTAMMETRY:
        meta["note"] = (f"technique {tech!r} is not a voltammetry; potential and current "
                        "columns were read anyway")
    meta.update(potential_column=en, current_column=cn, n_points=int(e.size),
                current_sign="EC-Lab: oxidation (anodic) current > 0")
    if "cycle number" in cols:
        meta["n_cycles"] = int(np.unique(get("cycle number")).size)
    area = extra.pop("file_area_m2", None)
    if area is not None:
        meta["file_area_m2"] = area
        if abs(area - ECLAB_DEFAULT_AREA_M2) < 1e-12:
            meta["area_note"] = ("the file's electrode area is EC-Lab's default 0.001 cm², "
                                 "taken as unset; give the real area")
            area = None
    scan = extra.pop("scan_rate_V_per_s", None)
    if scan is not None and scan > 0:
        meta["scan_rate_source"] = "file header (dE/dt)"
    else:
        scan = None
        if ctrl is not None and time is not None and e.size > 3:
            de = np.abs(np.diff(ctrl))
            dt = np.diff(time)
            ok = (dt > 0) & (de > 0)
            if ok.any():
                scan = float(np.median(de[ok] / dt[ok]))
                meta["scan_rate_source"] = "estimated from control/V against time/s"
    meta.update(extra)
    return Voltammogram(e, i, time, ctrl, area, scan, meta)
