"""Gamry Framework data files (``.DTA``) holding an impedance table (``ZCURVE``).

Layout: line 1 ``EXPLAIN``, line 2 ``TAG<TAB>EISPOT`` (or ``EISGALV`` …), then
``KEY<TAB>TYPE<TAB>VALUE<TAB>label`` header entries; tables start with
``NAME<TAB>TABLE[<TAB>count]`` followed by a column-name row and a unit row, each
beginning with a tab, and data rows that also begin with a tab.  A table ends at the
first line that does not begin with a tab (e.g. ``EXPERIMENTABORTED`` in an aborted run,
whose ``ZCURVE`` carries no row count).  Encoding: Latin-1 or UTF-8.

The impedance columns are found by name in the ``ZCURVE`` table: ``Freq`` (Hz),
``Zreal`` and ``Zimag`` (Ω, Im(Z) itself, capacitive < 0).
"""

from __future__ import annotations

from sselab.errors import ParseError
from sselab.io.eis.common import (
    EisTable,
    RawFile,
    add_temperature,
    base_metadata,
    decode_text,
    make_table,
    named_columns,
    parse_float,
    split_lines,
)

FORMAT = "gamry"
EXTENSIONS = (".dta",)


def sniff(head: bytes) -> int:
    """Score 100 for a Gamry ``EXPLAIN``/``TAG`` header (90 without the ZCURVE in view)."""
    text = head.lstrip(b"\xef\xbb\xbf")
    if text.startswith(b"EXPLAIN") and b"\nTAG\t" in text[:200].replace(b"\r\n", b"\n"):
        return 100
    return 0


def parse(raw: RawFile) -> EisTable:
    """Read the ``ZCURVE`` table of a Gamry ``.DTA`` file."""
    lines = split_lines(decode_text(raw.data))
    if not lines or lines[0].strip() != "EXPLAIN":
        raise ParseError(f"{raw.path}: first line is not 'EXPLAIN'; not a Gamry .DTA file")
    start = None
    for i, ln in enumerate(lines):
        if ln.startswith("ZCURVE\t") or ln.strip() == "ZCURVE":
            start = i
            break
    if start is None:
        raise ParseError(f"{raw.path}: no 'ZCURVE' table; the Gamry file holds no impedance "
                         "data (is it a DC experiment?)")
    if start + 2 >= len(lines):
        raise ParseError(f"{raw.path}: the ZCURVE table is cut off after its header")
    names = lines[start + 1].split("\t")
    units = lines[start + 2].split("\t")
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=("Freq",), real=("Zreal",),
                                         imag=("Zimag",))
    need = max(i_f, i_re, i_im) + 1
    f: list[float] = []
    zr: list[float] = []
    zi: list[float] = []
    i = start + 3
    while i < len(lines) and lines[i].startswith("\t"):
        parts = lines[i].split("\t")
        if len(parts) < need:
            raise ParseError(f"{raw.path}, line {i + 1}: ZCURVE row has {len(parts)} fields, "
                             f"{need} needed; the file is truncated")
        where = f"{raw.path}, line {i + 1}"
        f.append(parse_float(parts[i_f], where))
        zr.append(parse_float(parts[i_re], where))
        zi.append(parse_float(parts[i_im], where))
        i += 1
    header = [ln for ln in lines[:start] if ln and not ln.startswith("\t")]
    facts: dict[str, str] = {}
    for ln in header:
        parts = ln.split("\t")
        key = parts[0].strip().upper()
        if key == "TAG" and len(parts) > 1:
            facts["technique_tag"] = parts[1].strip()
        elif key == "TITLE" and len(parts) > 2:
            facts["technique"] = parts[2].strip()
        elif key == "PSTAT" and len(parts) > 2:
            facts["instrument"] = parts[2].strip()
        elif key == "DATE" and len(parts) > 2:
            facts["start_date"] = parts[2].strip()
        elif key == "TIME" and len(parts) > 2:
            facts["start_time"] = parts[2].strip()
        elif key == "FRAMEWORKVERSION" and len(parts) > 2:
            facts["software"] = "Gamry Framework " + parts[2].strip()
    notes: list[str] = []
    for k, ln in enumerate(lines[:start]):
        parts = ln.split("\t")
        if parts[0].strip().upper() == "NOTES" and len(parts) > 2 and parts[2].strip().isdigit():
            notes = [x.strip() for x in lines[k + 1:k + 1 + int(parts[2])] if x.strip()]
            break
    aborted = any(ln.startswith("EXPERIMENTABORTED") for ln in lines[i:i + 3])
    meta = base_metadata(raw, FORMAT, [n for n in names], **facts)
    meta["column_units"] = [u.strip() for u in units if u.strip()]
    meta["imag_column"] = names[i_im].strip()
    if notes:
        meta["notes"] = notes
    if aborted:
        meta["aborted"] = True
    add_temperature(meta, notes + [ln for ln in header if not ln.upper().startswith("NOTES")])
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta)
