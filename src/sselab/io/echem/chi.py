"""CH Instruments (CHI 6xx/7xx/1xxx) voltammetry text exports (LSV, CV, Tafel).

Layout (as the CHI software writes it, one ``.txt`` per experiment):

* a date line (``Jan. 05, 2025   10:00:00``), the technique line (``Linear Sweep
  Voltammetry``, ``Cyclic Voltammetry``, ``Tafel Plot``), ``File:``, ``Data Source:``,
  ``Instrument Model:  CHI630E``, and the user's ``Header:`` and ``Note:`` lines;
* settings as ``Key (unit) = value`` lines (``Init E (V) = 2.5``, ``Final E (V) = 5``,
  ``Scan Rate (V/s) = 0.0001``, ``Sample Interval (V) = 0.001``, ``Quiet Time (sec) = 2``,
  ``Sensitivity (A/V) = 1e-5``; for CV also ``High E``, ``Low E``, ``Init P/N``,
  ``Segment``);
* for CV an optional ``Results:`` block (``Segment 1:``, ``Ep = …``, ``ip = …``);
* the column-name line ``Potential/V, Current/A`` (sometimes with ``Charge/C``,
  ``Time/s``, or ``i1/A, i2/A`` for multi-channel instruments), a blank line and
  comma-separated data.

Columns are found by name.  Without a ``Time/s`` column, time is rebuilt from the
scan rate as t = quiet time + Σ|ΔE|/v (``metadata["time_source"]`` says so).  The
current keeps the file's sign: the CHI software can display either polarity convention
and its export does not record which, so sselab's onset analysis never relies on it.
The CHI text format has no electrode area; give it to the analysis.
"""

from __future__ import annotations

import re

import numpy as np

from sselab.echem.voltammogram import Voltammogram
from sselab.errors import ParseError
from sselab.io.echem._common import CURRENT_UNITS, POTENTIAL_UNITS, TIME_UNITS, factor
from sselab.io.eis.common import (
    RawFile,
    decode_text,
    guess_delimiter,
    numeric_block,
    split_fields,
    split_lines,
)

FORMAT = "chi"
EXTENSIONS = (".txt", ".csv")
TECHNIQUES = ("Linear Sweep Voltammetry", "Cyclic Voltammetry", "Tafel Plot",
              "Linear Scan Voltammetry")
_SETTING = re.compile(r"^\s*([^=]+?)\s*=\s*(.+?)\s*$")
_COLUMNS = re.compile(r"^\s*Potential\s*/\s*[mµu]?V\s*[,\t;]", re.IGNORECASE)


def sniff(head: bytes) -> int:
    """100 for a CHI voltammetry export (technique line near the top and column names)."""
    text = decode_text(head[:8192])
    lines = [ln.strip() for ln in split_lines(text)[:60]]
    tech = any(t in lines[:6] for t in TECHNIQUES)
    cols = any(_COLUMNS.match(ln) for ln in lines)
    model = any(ln.startswith("Instrument Model") for ln in lines[:12])
    if tech and cols:
        return 100
    if tech and model:
        return 80
    return 0


def _settings(lines: list[str]) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    for ln in lines:
        m = _SETTING.match(ln)
        if not m:
            continue
        key, val = m.group(1).strip(), m.group(2).strip()
        try:
            out[key] = float(val)
        except ValueError:
            out[key] = val
    return out


def parse(raw: RawFile, *, channel: int = 1) -> Voltammogram:
    """Read a CHI LSV/CV text export.

    Parameters
    ----------
    raw : RawFile
        File content.
    channel : int
        For multi-channel exports (``i1/A, i2/A, …``), which current column (1-based).
    """
    where = raw.path
    lines = split_lines(decode_text(raw.data))
    hdr = next((k for k, ln in enumerate(lines[:400]) if _COLUMNS.match(ln)), None)
    if hdr is None:
        raise ParseError(f"{where}: no 'Potential/V, Current/A' column line; not a CHI "
                         "voltammetry export")
    delim = guess_delimiter(lines[hdr])
    names = [n for n in split_fields(lines[hdr], delim)]
    while names and not names[-1]:
        names.pop()
    low = [n.lower().replace(" ", "") for n in names]
    i_e = 0
    currents = [k for k, n in enumerate(low) if n.startswith(("current/", "i/"))]
    chans = [k for k, n in enumerate(low) if re.match(r"i\d+/", n)]
    if currents:
        i_i = currents[0]
    elif chans:
        if not 1 <= channel <= len(chans):
            raise ParseError(f"{where}: channel {channel} requested but the file has "
                             f"{len(chans)} current channels ({', '.join(names[k] for k in chans)})")
        i_i = chans[channel - 1]
    else:
        raise ParseError(f"{where}: no current column ('Current/A' or 'i1/A') in the column "
                         f"line {lines[hdr].strip()!r}")
    i_t = next((k for k, n in enumerate(low) if n.startswith("time/")), None)
    cols = [i_e, i_i] + ([i_t] if i_t is not None else [])
    data, end = numeric_block(lines, hdr + 1, delim, cols, where, stop_at_text=True)
    if not data[0]:
        raise ParseError(f"{where}: no data rows after the column line")
    trailing = sum(1 for ln in lines[end:] if ln.strip())
    e = np.asarray(data[0]) * factor(names[i_e], POTENTIAL_UNITS, "v", where)
    i = np.asarray(data[1]) * factor(names[i_i], CURRENT_UNITS, "a", where)
    header = lines[:hdr]
    settings = _settings(header)
    technique = next((ln.strip() for ln in header[:6] if ln.strip() in TECHNIQUES), "")
    meta: dict = {"format": FORMAT, "source_path": raw.path, "sha256": raw.sha256,
                  "columns": names, "technique": technique, "settings": settings,
                  "current_sign": "as written in the file (CHI polarity setting not recorded)",
                  "n_points": int(e.size)}
    if header:
        meta["start_time"] = header[0].strip()
    for ln in header[:12]:
        key, sep, val = ln.partition(":")
        k = key.strip()
        if sep and k in ("Instrument Model", "Header", "Note", "File", "Data Source"):
            meta[k.lower().replace(" ", "_")] = val.strip()
    if trailing:
        meta["n_trailing_lines_ignored"] = trailing
    v = settings.get("Scan Rate (V/s)")
    scan = float(v) if isinstance(v, float) and v > 0 else None
    if i_t is not None:
        t = np.asarray(data[2]) * factor(names[i_t], TIME_UNITS, "s", where)
        meta["time_source"] = "file"
    elif scan is not None:
        q = settings.get("Quiet Time (sec)")
        quiet = float(q) if isinstance(q, float) and q >= 0 else 0.0
        t = quiet + np.concatenate(([0.0], np.cumsum(np.abs(np.diff(e))))) / scan
        meta["time_source"] = "rebuilt from the scan rate (quiet time + Σ|ΔE|/v)"
    else:
        t = None
        meta["time_source"] = "none (no Time/s column and no scan rate)"
    return Voltammogram(e, i, t, None, None, scan, meta)
