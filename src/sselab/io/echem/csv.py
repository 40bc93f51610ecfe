"""Generic delimited tables of voltammetry data (CSV, TSV, semicolon, whitespace).

The header line names the columns; the units come from the names (``potential_V``,
``E/V``, ``Potential (V)``, ``Ewe/V``, ``WE(1).Potential (V)``; ``current_A``,
``I/mA``, ``<I>/mA``, ``Current (µA)``; optional ``time_s``, ``Time (s)``, ``t/min``).
The header is the first line, within the first 200, that names both a potential and a
current column; lines before it are kept as ``metadata["preamble"]``.  A decimal comma
is accepted with a semicolon or tab delimiter.  Header-less tables are refused (a
guessed column order could silently swap potential and current).
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
    parse_float,
    split_fields,
    split_lines,
)

FORMAT = "csv"
EXTENSIONS = (".csv", ".tsv", ".txt", ".dat")
_POT = re.compile(r"^(potential|e|ewe|<ewe>|voltage|we\(1\)\.potential|u)(?=$|[\s_/(\[])",
                  re.IGNORECASE)
_CUR = re.compile(r"^(current|i|<i>|we\(1\)\.current)(?=$|[\s_/(\[])", re.IGNORECASE)
_TIME = re.compile(r"^(time|t|elapsed time)(?=$|[\s_/(\[])", re.IGNORECASE)


def _find(names: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((k for k, n in enumerate(names) if pattern.match(n.strip().strip('"'))), None)


def _header(lines: list[str]) -> tuple[int, str | None, list[str]] | None:
    for k, ln in enumerate(lines[:200]):
        if not ln.strip():
            continue
        d = guess_delimiter(ln)
        names = [n.strip().strip('"') for n in split_fields(ln, d)]
        if _find(names, _POT) is not None and _find(names, _CUR) is not None:
            return k, d, names
    return None


def _rows(lines: list[str], start: int, delim: str | None, cols: list[int],
          where: str) -> tuple[list[list[float]], int]:
    """Numeric rows from ``start`` until the first non-numeric line (decimal comma allowed)."""
    out: list[list[float]] = [[] for _ in cols]
    need = max(cols) + 1
    k = start
    for k in range(start, len(lines)):
        ln = lines[k]
        if not ln.strip():
            continue
        parts = [p.strip().strip('"') for p in split_fields(ln, delim)]
        try:
            parse_float(parts[0], where)
        except ParseError:
            return out, k
        if len(parts) < need:
            raise ParseError(f"{where}, line {k + 1}: {len(parts)} fields but column {need} is "
                             "needed; the table is truncated or malformed")
        for j, c in enumerate(cols):
            out[j].append(parse_float(parts[c], f"{where}, line {k + 1}"))
    return out, len(lines)


def sniff(head: bytes) -> int:
    """30 when a header line names a potential and a current column (a weak guess)."""
    return 30 if _header(split_lines(decode_text(head[:8192]))) is not None else 0


def parse(raw: RawFile) -> Voltammogram:
    """Read a delimited voltammetry table (see the module docstring)."""
    where = raw.path
    lines = split_lines(decode_text(raw.data))
    h = _header(lines)
    if h is None:
        raise ParseError(f"{where}: no header line naming a potential column (potential_V, "
                         "E/V, Potential (V) …) and a current column (current_A, I/mA, "
                         "Current (A) …) in the first 200 lines")
    k, delim, names = h
    i_e, i_i, i_t = _find(names, _POT), _find(names, _CUR), _find(names, _TIME)
    assert i_e is not None and i_i is not None
    cols = [i_e, i_i] + ([i_t] if i_t is not None else [])
    data, end = _rows(lines, k + 1, delim, cols, where)
    if not data[0]:
        raise ParseError(f"{where}: no numeric rows after the header line {k + 1}")
    e = np.asarray(data[0]) * factor(names[i_e], POTENTIAL_UNITS, "v", where)
    i = np.asarray(data[1]) * factor(names[i_i], CURRENT_UNITS, "a", where)
    t = np.asarray(data[2]) * factor(names[i_t], TIME_UNITS, "s", where) \
        if i_t is not None else None
    meta = {"format": FORMAT, "source_path": raw.path, "sha256": raw.sha256,
            "columns": names, "potential_column": names[i_e], "current_column": names[i_i],
            "time_column": names[i_t] if i_t is not None else None, "n_points": int(e.size),
            "current_sign": "as written in the file"}
    pre = [ln for ln in lines[:k] if ln.strip()]
    if pre:
        meta["preamble"] = pre[:20]
    trailing = sum(1 for ln in lines[end:] if ln.strip())
    if trailing:
        meta["n_trailing_lines_ignored"] = trailing
    return Voltammogram(e, i, t, None, None, None, meta)
