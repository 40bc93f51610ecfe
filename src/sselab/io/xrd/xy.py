"""Two-column text patterns: ``.xy``, ``.xye``, ``.csv``, ``.txt``, ``.dat`` (2θ, intensity).

Accepted: whitespace-, comma-, semicolon- or tab-separated columns; comment
lines starting with ``#``, ``!``, ``;``, ``//`` or ``'``; one optional header
row of column names; a third column (e.s.d.) is kept in the metadata only.
A comment such as ``# wavelength = 1.5406`` (Å) or ``# lambda: 1.5406`` sets
the wavelength.  Rows are sorted by 2θ; exact duplicate angles are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from sselab.errors import ParseError
from sselab.io.xrd._common import decode_text, make_pattern, read_bytes

_COMMENT = ("#", "!", ";", "//", "'")
_SPLIT = re.compile(r"[,;\t ]+")
_WAVE = re.compile(r"(?:wavelength|lambda|λ)\s*[:=]?\s*([0-9]*\.?[0-9]+)", re.I)
_UNIT = re.compile(r"\b(cps|counts)\b", re.I)


def sniff(head: bytes) -> int:
    """Score that ``head`` is a numeric two-column table (lowest priority format)."""
    if b"\0" in head[:4096]:
        return 0
    text = head.decode("latin-1", errors="replace")
    rows = 0
    for line in text.splitlines()[:200]:
        s = line.strip()
        if not s or s.startswith(_COMMENT):
            continue
        parts = [p for p in _SPLIT.split(s) if p]
        try:
            [float(p) for p in parts[:2]]
        except ValueError:
            continue
        if len(parts) >= 2:
            rows += 1
    return 10 if rows >= 3 else 0


def read(path: str | Path) -> list:
    """Read a two-column pattern file → ``[XRDPattern]``."""
    origin = str(path)
    text = decode_text(read_bytes(path))
    tt, y, esd = [], [], []
    wavelength = None
    unit = "counts"
    header_seen = False
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith(_COMMENT):
            m = _WAVE.search(s)
            if m:
                wavelength = float(m.group(1))
            u = _UNIT.search(s)
            if u:
                unit = u.group(1).lower()
            continue
        parts = [p for p in _SPLIT.split(s) if p]
        try:
            vals = [float(p) for p in parts]
        except ValueError:
            if not tt and not header_seen:  # one header row of names
                header_seen = True
                u = _UNIT.search(s)
                if u:
                    unit = u.group(1).lower()
                continue
            raise ParseError(f"{origin}: line {n} is not numeric: {s[:60]!r}") from None
        if len(vals) < 2:
            raise ParseError(f"{origin}: line {n} has one column; need 2θ and intensity")
        tt.append(vals[0])
        y.append(vals[1])
        if len(vals) >= 3:
            esd.append(vals[2])
    if not tt:
        raise ParseError(f"{origin}: no numeric (2θ, intensity) rows found")
    meta = {"columns": "2theta_deg, intensity" + (", esd" if esd else "")}
    return [make_pattern(tt, y, origin=origin, fmt="xy", wavelength_angstrom=wavelength,
                         unit=unit, name=Path(path).stem, metadata=meta)]
