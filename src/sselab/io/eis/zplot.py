"""Scribner ZPlot/ZView files (``.z``) in both text variants.

``ZPLOT2 ASCII``
    A long ``Key: value`` header (settings, comments) ending with a line ``End Comments``;
    the tab-separated column names (``Freq(Hz) Ampl Bias Time(Sec) Z'(a) Z''(b) GD Err
    Range``) stand on the line before it; data follow, tab-separated.
``"ZPlotW Data File: Version …"`` (no comment block; also ``"Z60W Data File"`` written by
Autolab's FRA software, see :mod:`sselab.io.eis.autolab`)
    A few quoted lines, a configuration line and a point count (both numeric!), then the
    quoted, space-aligned column-name line and comma-separated data.

Columns are found by name: ``Freq(Hz)`` (or ``Freq (Hz)``), ``Z'(a)`` = Re(Z) and
``Z''(b)`` = Im(Z) (stored as is, capacitive < 0).  The declared point count is not
trusted (files cut short are common); data run to the end of the file.
"""

from __future__ import annotations

import re

from sselab.errors import ParseError
from sselab.io.eis.common import (
    EisTable,
    RawFile,
    add_temperature,
    base_metadata,
    decode_text,
    guess_delimiter,
    make_table,
    named_columns,
    numeric_block,
    split_lines,
)

FORMAT = "zplot"
EXTENSIONS = (".z",)
FREQ = ("Freq(Hz)", "Freq (Hz)", "Frequency(Hz)", "Frequency (Hz)")
REAL = ("Z'(a)", "Z'")
IMAG = ("Z''(b)", "Z''")
_NAME_TOKENS = re.compile(r"Freq\s*\(Hz\)|Time\s*\(Sec\)|[^\s,\t\"]+", re.IGNORECASE)


def sniff(head: bytes) -> int:
    """Score 100 for ``ZPLOT2 ASCII`` or ``"ZPlotW Data File`` headers."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"ZPLOT2 ASCII") or text.startswith(b'"ZPlotW Data File'):
        return 100
    return 0


def split_names(line: str) -> list[str]:
    """Column names of a ZPlot name line, keeping ``Freq (Hz)`` and ``Time (Sec)`` whole."""
    if "\t" in line:
        return [t.strip().strip('"').strip() for t in line.split("\t")]
    return _NAME_TOKENS.findall(line.strip().strip('"'))


def parse_zview_like(raw: RawFile, fmt: str, lines: list[str], **extra: str) -> EisTable:
    """Parse the quoted-header variant (``"ZPlotW Data File"``, ``"Z60W Data File"``)."""
    hdr = None
    for i, ln in enumerate(lines[:60]):
        if re.search(r"Freq\s*\(Hz\)", ln, re.IGNORECASE):
            hdr = i
            break
    if hdr is None:
        raise ParseError(f"no frequency column ('Freq(Hz)') in {raw.path}; the column-name line "
                         "was not found in the header")
    names = split_names(lines[hdr])
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=FREQ, real=REAL, imag=IMAG)
    first = next((ln for ln in lines[hdr + 1:] if ln.strip()), "")
    delim = guess_delimiter(first)
    (f, zr, zi), _ = numeric_block(lines, hdr + 1, delim, [i_f, i_re, i_im], raw.path,
                                   stop_at_text=False)
    header = [ln.strip().strip('"') for ln in lines[:hdr]]
    facts: dict[str, str] = {}
    if header:
        facts["file_version"] = header[0]
    for ln in header[1:6]:
        if ln.startswith("Sweep"):
            facts.setdefault("technique", ln)
        m = re.match(r"Date:\s*(\S+)\s+Time:\s*(\S+)", ln)
        if m:
            facts["start_date"], facts["start_time"] = m.group(1), m.group(2)
    facts.update(extra)
    meta = base_metadata(raw, fmt, names, **facts)
    meta["header_text"] = [h for h in header if h]
    add_temperature(meta, header)
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta)


def _parse_zplot2(raw: RawFile, lines: list[str]) -> EisTable:
    end = None
    for i, ln in enumerate(lines):
        if ln.strip() == "End Comments":
            end = i
            break
    if end is None:
        raise ParseError(f"{raw.path}: 'End Comments' not found; the ZPlot header is incomplete")
    names_line = lines[end - 1] if end > 0 else ""
    names = split_names(names_line)
    if not any(n.lower().startswith("freq") for n in names):
        names = ["Freq(Hz)", "Ampl", "Bias", "Time(Sec)", "Z'(a)", "Z''(b)", "GD", "Err", "Range"]
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=FREQ, real=REAL, imag=IMAG)
    first = next((ln for ln in lines[end + 1:] if ln.strip()), "")
    delim = guess_delimiter(first)
    (f, zr, zi), _ = numeric_block(lines, end + 1, delim, [i_f, i_re, i_im], raw.path,
                                   stop_at_text=False)
    facts: dict[str, str] = {}
    comments: list[str] = []
    in_comments = False
    for ln in lines[:end]:
        key, sep, val = ln.partition(":")
        k = key.strip()
        v = val.strip()
        if k == "Begin User Comments":
            in_comments = True
            continue
        if k == "End User Comments":
            in_comments = False
            continue
        if in_comments:
            comments.append(ln.strip())
        if not sep:
            continue
        if k == "Measured Data, ZPlot":
            facts["software"] = f"ZPlot {v}"
        elif k == "Experiment Type":
            facts["technique"] = v
        elif k == "Date":
            facts["start_date"] = v
        elif k == "Time":
            facts["start_time"] = v
    meta = base_metadata(raw, FORMAT, names, **facts)
    if comments:
        meta["comments"] = comments
    add_temperature(meta, comments + [ln for ln in lines[:end] if "temp" in ln.lower()])
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta)


def parse(raw: RawFile) -> EisTable:
    """Read either ZPlot text variant."""
    lines = split_lines(decode_text(raw.data))
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if first.startswith("ZPLOT2 ASCII"):
        return _parse_zplot2(raw, lines)
    if first.startswith('"ZPlotW Data File') or first.startswith('"Z60W Data File'):
        return parse_zview_like(raw, FORMAT, lines)
    raise ParseError(f"{raw.path}: first line is neither 'ZPLOT2 ASCII' nor '\"ZPlotW Data "
                     "File'; not a ZPlot file")
