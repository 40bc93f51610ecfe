"""Voltammetry readers (LSV, CV): instrument files → :class:`~sselab.echem.Voltammogram`.

==============  ==========================================  =========================
format          files                                       module
==============  ==========================================  =========================
chi             CH Instruments text export (``.txt``)       :mod:`.chi`
biologic        Bio-Logic EC-Lab ``.mpr`` or ``.mpt``       :mod:`.biologic`
csv             delimited table with named columns          :mod:`.csv`
==============  ==========================================  =========================

The format is detected from the content (``format=`` forces one); gzip-compressed files
are read directly.  Potentials are in V as measured (refer them to Li/Li⁺ in the
analysis), currents in A with the file's sign, time in s.

Examples
--------
>>> from sselab.io.echem import read_voltammogram           # doctest: +SKIP
>>> v = read_voltammogram("lsv.mpr")
>>> v.potential_V, v.current_A, v.metadata["technique"]
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from sselab.echem.voltammogram import Voltammogram
from sselab.errors import InputError, ParseError
from sselab.io.echem import biologic, chi
from sselab.io.echem import csv as csv_reader
from sselab.io.echem._common import load
from sselab.io.eis.common import RawFile

__all__ = ["FORMATS", "detect_format", "read_voltammogram"]

#: format → description.
FORMATS: dict[str, str] = {
    "chi": "CH Instruments LSV/CV text export",
    "biologic": "Bio-Logic EC-Lab .mpr or .mpt",
    "csv": "delimited table with potential and current columns named with units",
}
_MODULES = {"chi": chi, "biologic": biologic, "csv": csv_reader}
_ALIASES = {"ch": "chi", "chinstruments": "chi", "mpr": "biologic", "mpt": "biologic",
            "biologic-mpr": "biologic", "biologic-mpt": "biologic", "eclab": "biologic",
            "table": "csv", "tsv": "csv", "txt": "csv"}


def _canonical(name: str) -> str:
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise InputError(f"unknown voltammetry format {name!r}; known: {', '.join(FORMATS)}")
    return key


def detect_format(raw: RawFile) -> str:
    """``"biologic"``, ``"chi"`` or ``"csv"`` from the content, else :class:`ParseError`."""
    head = raw.data[:8192]
    if not head.strip():
        raise ParseError(f"{raw.path}: the file is empty")
    scores = {name: mod.sniff(head) for name, mod in _MODULES.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        raise ParseError(f"{raw.path}: not a voltammetry file sselab recognises (CH Instruments "
                         "text, Bio-Logic .mpr/.mpt, or a table with a potential and a current "
                         "column named with units)")
    return best


def read_voltammogram(path: str | Path, format: str | None = None,
                      **options: Any) -> Voltammogram:
    """Read an LSV/CV record.

    Parameters
    ----------
    path : str or Path
        Instrument file (optionally gzip-compressed).
    format : str, optional
        ``"chi"``, ``"biologic"`` or ``"csv"``; detected from the content by default.
    **options
        ``channel`` (CHI multi-channel exports, 1-based).

    Returns
    -------
    Voltammogram

    Raises
    ------
    InputError
        Missing file, unknown format or option.
    ParseError
        Unrecognised or damaged content, or a missing potential/current column.
    """
    raw, stored_sha = load(path)
    fmt = _canonical(format) if format else detect_format(raw)
    unknown = set(options) - ({"channel"} if fmt == "chi" else set())
    if unknown:
        raise InputError(f"unknown option(s) for format {fmt!r}: {', '.join(sorted(unknown))}")
    try:
        v = _MODULES[fmt].parse(raw, **options)
    except ParseError:
        raise
    except InputError as exc:
        raise ParseError(f"{raw.path}: not a readable {fmt} voltammetry file ({exc})") from exc
    except (ValueError, IndexError, KeyError, struct.error, UnicodeError, OverflowError,
            MemoryError) as exc:
        raise ParseError(f"{raw.path}: not a readable {fmt} voltammetry file "
                         f"({type(exc).__name__}: {exc})") from exc
    if len(v) == 0:
        raise ParseError(f"{raw.path}: no data points")
    if stored_sha != raw.sha256:
        meta = dict(v.metadata)
        meta.update(file_sha256=stored_sha, content_sha256=raw.sha256, compression="gzip")
        v = Voltammogram(v.potential_V, v.current_A, v.time_s, v.sweep_potential_V, v.area_m2,
                         v.scan_rate_V_per_s, meta)
    return v
