"""XRD file readers → :class:`sselab.xrd.pattern.XRDPattern` (format found from the content).

Supported: two-column text (``.xy``/``.xye``/``.csv``/``.txt``/``.dat``), Rigaku
``.ras`` and ``.rasx``, PANalytical ``.xrdml`` and Bruker ``.brml``.  All are
plain standard-library code (text, ``xml.etree``, ``zipfile``); nothing is
executed from the files.

Example
-------
>>> from sselab.io.xrd import read_pattern       # doctest: +SKIP
>>> p = read_pattern("sample.xrdml")              # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sselab.errors import InputError, ParseError
from sselab.io.xrd._common import read_bytes

#: format name → (module, description)
READERS: dict[str, tuple[str, str]] = {
    "rigaku-ras": ("rigaku_ras", "Rigaku .ras text / .rasx zip"),
    "xrdml": ("xrdml", "PANalytical .xrdml (XML)"),
    "brml": ("brml", "Bruker .brml (zip of XML)"),
    "xy": ("xy", "two-column text: .xy .xye .csv .txt .dat"),
}
ALIASES = {"ras": "rigaku-ras", "rasx": "rigaku-ras", "rigaku": "rigaku-ras",
           "panalytical": "xrdml", "bruker": "brml", "csv": "xy", "txt": "xy", "dat": "xy",
           "xye": "xy", "text": "xy"}
_EXT = {".ras": "rigaku-ras", ".rasx": "rigaku-ras", ".xrdml": "xrdml", ".brml": "brml",
        ".xy": "xy", ".xye": "xy", ".csv": "xy", ".txt": "xy", ".dat": "xy"}


def supported_formats() -> str:
    """``name (description); …``."""
    return "; ".join(f"{k} ({v[1]})" for k, v in READERS.items())


def _module(fmt: str):
    return importlib.import_module(f"sselab.io.xrd.{READERS[fmt][0]}")


def detect_format(path: str | Path) -> str:
    """Format of ``path`` from its first bytes (extension breaks ties)."""
    head = read_bytes(path)[:8192]
    if not head.strip():
        raise ParseError(f"{path}: file is empty")
    scores = {fmt: _module(fmt).sniff(head) for fmt in READERS}
    best = max(scores.values())
    if best <= 0:
        raise ParseError(f"{path}: not a recognised diffraction file; supported: "
                         f"{supported_formats()}")
    tied = [f for f, s in scores.items() if s == best]
    ext = _EXT.get(Path(path).suffix.lower())
    return ext if ext in tied else tied[0]


def read_patterns(path: str | Path, format: str | None = None) -> list:
    """Every scan in ``path`` as a list of :class:`~sselab.xrd.pattern.XRDPattern`."""
    if format:
        key = ALIASES.get(format.lower().lstrip("."), format.lower())
        if key not in READERS:
            raise InputError(f"unknown XRD format {format!r}; supported: {supported_formats()}")
    else:
        key = detect_format(path)
    return _module(key).read(path)


def read_pattern(path: str | Path, format: str | None = None, scan: int = 0):
    """One pattern (scan ``scan``, default the first) from ``path``."""
    pats = read_patterns(path, format)
    if not -len(pats) <= scan < len(pats):
        raise InputError(f"{path}: has {len(pats)} scan(s); scan index {scan} does not exist")
    return pats[scan]


__all__ = ["read_pattern", "read_patterns", "detect_format", "supported_formats", "READERS"]
