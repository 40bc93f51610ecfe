"""Which reader fits a file: decided by content (magic bytes, header signatures).

Every vendor module has a ``sniff(head) -> score`` looking at the first 8 KiB; the
highest score wins.  The file extension only breaks ties between equal scores (e.g. a
header-less ``.csv`` and ``.txt`` are both plain tables; a ``.z`` with an unusual header
still needs content that some reader recognises).  Content nobody recognises is a
:class:`~sselab.errors.ParseError` listing the supported formats.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from sselab.errors import InputError, ParseError
from sselab.io.eis.common import RawFile

#: Canonical format name → module (in ``sselab.io.eis``).
READERS: dict[str, str] = {
    "biologic-mpr": "biologic_mpr",
    "biologic-mpt": "biologic_mpt",
    "gamry": "gamry",
    "zplot": "zplot",
    "autolab": "autolab",
    "chinstruments": "chinstruments",
    "parstat": "parstat",
    "versastudio": "versastudio",
    "powersuite": "powersuite",
    "table": "table",
}

#: Human descriptions, for messages and ``--help``.
DESCRIPTIONS: dict[str, str] = {
    "biologic-mpr": "Bio-Logic EC-Lab binary .mpr",
    "biologic-mpt": "Bio-Logic EC-Lab text .mpt",
    "gamry": "Gamry .DTA (ZCURVE)",
    "zplot": "Scribner ZPlot .z (ZPLOT2 ASCII / ZPlotW)",
    "autolab": "Metrohm Autolab (Z60W or NOVA export)",
    "chinstruments": "CH Instruments A.C. Impedance text",
    "parstat": "Parstat tab-separated export",
    "versastudio": "VersaStudio .par",
    "powersuite": "PowerSuite text export",
    "table": "plain CSV/TSV/whitespace table (f, Re, Im)",
}

ALIASES: dict[str, str] = {
    "mpr": "biologic-mpr",
    "mpt": "biologic-mpt",
    "biologic": "biologic-mpt",
    "eclab": "biologic-mpt",
    "dta": "gamry",
    "z": "zplot",
    "zview": "zplot",
    "nova": "autolab",
    "chi": "chinstruments",
    "ch": "chinstruments",
    "par": "versastudio",
    "csv": "table",
    "txt": "table",
    "tsv": "table",
    "dat": "table",
}

HEAD_BYTES = 8192


def supported_formats() -> str:
    """``name (description), …`` for error messages."""
    return "; ".join(f"{k} ({v})" for k, v in DESCRIPTIONS.items())


def canonical_format(name: str) -> str:
    """Normalise a user-given format name (aliases, case, ``_``) or raise :class:`InputError`."""
    key = name.strip().lower().replace("_", "-").lstrip(".")
    key = ALIASES.get(key, key)
    if key not in READERS:
        raise InputError(f"unknown format {name!r}; supported formats: {supported_formats()}")
    return key


def reader_module(fmt: str) -> ModuleType:
    """The module implementing format ``fmt`` (canonical name)."""
    return importlib.import_module(f"sselab.io.eis.{READERS[fmt]}")


def detect_format(raw: RawFile) -> str:
    """Canonical format name of ``raw`` decided by content, the extension breaking ties."""
    head = raw.data[:HEAD_BYTES]
    if not head.strip():
        raise ParseError(f"{raw.path}: the file is empty; supported formats: {supported_formats()}")
    scores: dict[str, int] = {}
    for fmt in READERS:
        mod = reader_module(fmt)
        try:
            s = int(mod.sniff(head))
        except (ValueError, IndexError, UnicodeError):  # pragma: no cover - sniffers are total
            s = 0
        if s > 0:
            scores[fmt] = s
    if not scores:
        raise ParseError(
            f"{raw.path}: unrecognised content (no known header signature); supported formats: "
            f"{supported_formats()}. Force one with format=... (CLI: --format)"
        )
    best = max(scores.values())
    tied = [f for f, s in scores.items() if s == best]
    if len(tied) > 1:
        by_ext = [f for f in tied if raw.suffix in getattr(reader_module(f), "EXTENSIONS", ())]
        if by_ext:
            return by_ext[0]
    return tied[0]
