"""Bio-Logic EC-Lab text export (``.mpt``, "EC-Lab ASCII FILE").

Layout: line 1 ``EC-Lab ASCII FILE``; line 2 ``Nb header lines : N``; lines 3…N-1 a
free-text header (technique name on line 4, ``Device : …``, settings table); line N the
tab-separated column names; data from line N+1.  Files are Latin-1 (``µ`` as one byte),
with CRLF (as EC-Lab writes) or LF line ends, and a decimal point or comma.

Columns are found by *name*, never by position: ``freq/Hz``, ``Re(Z)/Ohm``,
``-Im(Z)/Ohm`` (flipped to Im(Z)) or ``Im(Z)/Ohm``, and ``cycle number`` for splitting
sweeps.  The header often has a trailing tab (one empty name more than data fields);
that and other count mismatches are tolerated as long as the needed columns exist in
every row.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from sselab.errors import ParseError
from sselab.io.eis.common import (
    EisTable,
    RawFile,
    ReaderWarning,
    add_temperature,
    base_metadata,
    decode_text,
    find_column,
    make_table,
    parse_float,
    split_lines,
)

FORMAT = "biologic-mpt"
EXTENSIONS = (".mpt",)
_MAGIC = ("EC-Lab ASCII FILE", "BT-Lab ASCII FILE")
_NB_HEADER = re.compile(r"Nb\s+header\s+lines\s*:\s*(\d+)", re.IGNORECASE)

FREQ_NAMES = ("freq/Hz",)
RE_NAMES = ("Re(Z)/Ohm",)
MINUS_IM_NAMES = ("-Im(Z)/Ohm",)
IM_NAMES = ("Im(Z)/Ohm",)
SWEEP_NAMES = ("cycle number", "z cycle")


def sniff(head: bytes) -> int:
    """Score 100 for an EC-Lab ASCII export, else 0."""
    start = head.lstrip(b"\xef\xbb\xbf")[:40]
    return 100 if any(start.startswith(m.encode()) for m in _MAGIC) else 0


@dataclass(frozen=True)
class MptTable:
    """The text table of an ``.mpt`` file: header lines, column names and raw data rows."""

    header: list[str]
    names: list[str]
    rows: list[list[str]]
    first_data_line: int

    def column(self, idx: int, where: str) -> list[float]:
        """Column ``idx`` of every row as floats (ParseError names a short or bad row)."""
        out = []
        for k, r in enumerate(self.rows):
            if idx >= len(r):
                raise ParseError(
                    f"{where}, line {self.first_data_line + k + 1}: {len(r)} fields, "
                    f"column {idx + 1} ({self.names[idx]!r}) is missing; the file is truncated"
                )
            tok = r[idx]
            try:
                out.append(float(tok))
            except ValueError:
                out.append(parse_float(tok, f"{where}, line {self.first_data_line + k + 1}"))
        return out


def read_table(raw: RawFile) -> MptTable:
    """Split an ``.mpt`` file into header, names and data rows (no numbers parsed yet)."""
    lines = split_lines(decode_text(raw.data))
    if not lines or lines[0].strip() not in _MAGIC:
        raise ParseError(f"{raw.path}: first line is not 'EC-Lab ASCII FILE'; not an EC-Lab export")
    m = _NB_HEADER.search(lines[1]) if len(lines) > 1 else None
    if m is None:
        raise ParseError(f"{raw.path}: line 2 lacks 'Nb header lines : N'; the header is damaged")
    nh = int(m.group(1))
    if nh < 3 or nh > len(lines):
        raise ParseError(
            f"{raw.path}: 'Nb header lines : {nh}' does not fit a file of {len(lines)} lines; "
            "the file is truncated or the header was edited"
        )
    names = lines[nh - 1].split("\t")
    while names and not names[-1].strip():
        names.pop()
    rows = [ln.split("\t") for ln in lines[nh:] if ln.strip()]
    for r in rows:
        while len(r) > 1 and not r[-1].strip():
            r.pop()
    if rows:
        widths = {len(r) for r in rows}
        if len(widths) == 1 and len(names) != next(iter(widths)):
            warnings.warn(
                f"{raw.path}: header names {len(names)} columns but data rows have "
                f"{next(iter(widths))} fields; columns are matched by name from the left",
                ReaderWarning,
                stacklevel=3,
            )
    return MptTable(lines[: nh - 1], names, rows, nh)


def header_facts(header: Sequence[str]) -> dict[str, str]:
    """Technique, device, software and start time from an EC-Lab header."""
    facts: dict[str, str] = {}
    if len(header) > 3 and header[3].strip():
        facts["technique"] = header[3].strip()
    for ln in header:
        key, sep, val = ln.partition(" : ")
        if not sep:
            continue
        k = key.strip().lower()
        v = val.strip()
        if k == "device" and v:
            facts["instrument"] = v
        elif k.startswith("acquisition started on") and v:
            facts["start_time"] = v
    for ln in header:
        if "(software)" in ln:
            facts["software"] = ln.replace("(software)", "").strip()
            break
    return facts


def parse(raw: RawFile) -> EisTable:
    """Read an EC-Lab ``.mpt`` impedance export."""
    t = read_table(raw)
    i_f = find_column(t.names, FREQ_NAMES)
    if i_f is None:
        raise ParseError(
            f"no frequency column ('freq/Hz') in {raw.path}; found columns: "
            f"{', '.join(repr(n) for n in t.names)}. Export the file from EC-Lab with 'freq/Hz' "
            "selected, or use read_chronoamperometry for DC records"
        )
    i_re = find_column(t.names, RE_NAMES)
    if i_re is None:
        raise ParseError(f"no real-part column ('Re(Z)/Ohm') in {raw.path}; found columns: "
                         f"{', '.join(repr(n) for n in t.names)}")
    i_mim = find_column(t.names, MINUS_IM_NAMES)
    i_im = find_column(t.names, IM_NAMES)
    if i_mim is None and i_im is None:
        raise ParseError(f"no imaginary-part column ('-Im(Z)/Ohm') in {raw.path}; found columns: "
                         f"{', '.join(repr(n) for n in t.names)}")
    where = raw.path
    f = t.column(i_f, where)
    zr = t.column(i_re, where)
    if i_mim is not None:
        zi = [-v for v in t.column(i_mim, where)]
    else:
        zi = t.column(i_im, where)  # type: ignore[arg-type]
    i_c = find_column(t.names, SWEEP_NAMES)
    sweep = t.column(i_c, where) if i_c is not None else None
    meta = base_metadata(raw, FORMAT, t.names, **header_facts(t.header))
    meta["imag_column"] = t.names[i_mim] if i_mim is not None else t.names[i_im]  # type: ignore[index]
    add_temperature(meta, t.header)
    return make_table(raw, f, zr, zi, meta, sweep_ids=sweep, skip_zero_frequency=True)
