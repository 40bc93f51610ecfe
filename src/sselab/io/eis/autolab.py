"""Metrohm Autolab impedance exports.

``"Z60W Data File: Version 1.1"``
    Written by Autolab's FRA software for ZView: the same layout as ZPlot's
    ``"ZPlotW Data File"`` (quoted header lines, a numeric configuration line, a point
    count, a quoted space-aligned column-name line, comma-separated data), often with a
    UTF-8 byte-order mark.  ``Z'(a)`` = Re(Z), ``Z''(b)`` = Im(Z) (capacitive < 0).
NOVA ASCII export
    One header line naming the columns, e.g. ``Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);…``,
    separated by ``;``, tab or ``,``.  ``-Z''`` is flipped to Im(Z).
"""

from __future__ import annotations

from sselab.errors import ParseError
from sselab.io.eis.common import (
    EisTable,
    RawFile,
    base_metadata,
    decode_text,
    guess_delimiter,
    make_table,
    named_columns,
    numeric_block,
    split_fields,
    split_lines,
)
from sselab.io.eis.zplot import parse_zview_like

FORMAT = "autolab"
EXTENSIONS = (".txt",)
NOVA_FREQ = ("Frequency (Hz)", "Frequency/Hz", "Freq (Hz)")
NOVA_REAL = ("Z' (Ω)", "Z' (Ohm)", "Z'(Ω)", "Z' (ohm)", "Zre (Ω)")
NOVA_MINUS_IMAG = ("-Z'' (Ω)", "-Z'' (Ohm)", "-Z''(Ω)", "-Z'' (ohm)", "-Zim (Ω)")
NOVA_IMAG = ("Z'' (Ω)", "Z'' (Ohm)", "Z''(Ω)", "Z'' (ohm)")


def _first_line(head: bytes) -> str:
    text = decode_text(head[:2048])
    return next((ln for ln in split_lines(text) if ln.strip()), "")


def sniff(head: bytes) -> int:
    """100 for a ``"Z60W Data File`` header, 90 for a NOVA column header."""
    first = _first_line(head)
    if first.strip().startswith('"Z60W Data File'):
        return 100
    if "Frequency (Hz)" in first and "Z'" in first and ("-Z''" in first or "Z''" in first):
        return 90
    return 0


def parse(raw: RawFile) -> EisTable:
    """Read an Autolab Z60W or NOVA export."""
    lines = split_lines(decode_text(raw.data))
    first_i = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first_i is None:
        raise ParseError(f"{raw.path}: the file is empty")
    first = lines[first_i]
    if first.strip().startswith('"Z60W Data File'):
        return parse_zview_like(raw, FORMAT, lines, instrument="Autolab (FRA, Z60W export)")
    delim = guess_delimiter(first)
    names = split_fields(first, delim)
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=NOVA_FREQ, real=NOVA_REAL,
                                         imag=NOVA_IMAG, minus_imag=NOVA_MINUS_IMAG)
    (f, zr, zi), _ = numeric_block(lines, first_i + 1, delim, [i_f, i_re, i_im], raw.path,
                                   stop_at_text=False)
    meta = base_metadata(raw, FORMAT, names, instrument="Autolab (NOVA export)")
    meta["imag_column"] = names[i_im]
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta)
