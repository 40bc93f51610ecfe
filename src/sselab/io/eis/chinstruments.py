"""CH Instruments (CHI6xx/7xx) "A.C. Impedance" text exports.

Layout: a date line, the technique line ``A.C. Impedance``, ``Key: value`` and
``Key = value`` settings (``Instrument Model:  CHI660E``, ``High Frequency (Hz) = 1e+6`` …),
then the column-name line ``Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg``, a blank line and
comma-separated data.  ``Z"`` is Im(Z) itself (capacitive < 0).
"""

from __future__ import annotations

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
    split_fields,
    split_lines,
)

FORMAT = "chinstruments"
EXTENSIONS = (".txt",)


def sniff(head: bytes) -> int:
    """100 when the first lines name the ``A.C. Impedance`` technique of a CHI export."""
    lines = [ln.strip() for ln in split_lines(decode_text(head[:4096]))[:12]]
    if "A.C. Impedance" in lines[:4] and (
        any(ln.startswith("Instrument Model") for ln in lines) or any("Freq/Hz" in ln for ln in lines)
    ):
        return 100
    if "A.C. Impedance" in lines[:4]:
        return 80
    return 0


def parse(raw: RawFile) -> EisTable:
    """Read a CHI impedance export."""
    lines = split_lines(decode_text(raw.data))
    hdr = next((i for i, ln in enumerate(lines[:200]) if ln.strip().startswith("Freq/Hz")), None)
    if hdr is None:
        raise ParseError(f"no frequency column ('Freq/Hz') in {raw.path}; the CHI column-name "
                         "line was not found")
    delim = guess_delimiter(lines[hdr])
    names = split_fields(lines[hdr], delim)
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=("Freq/Hz",), real=("Z'/ohm",),
                                         imag=('Z"/ohm', "Z''/ohm"))
    (f, zr, zi), _ = numeric_block(lines, hdr + 1, delim, [i_f, i_re, i_im], raw.path,
                                   stop_at_text=False)
    header = lines[:hdr]
    facts: dict[str, str] = {}
    if len(header) > 1:
        facts["technique"] = header[1].strip()
        facts["start_time"] = header[0].strip()
    for ln in header:
        key, sep, val = ln.partition(":")
        if sep and key.strip() == "Instrument Model":
            facts["instrument"] = val.strip()
    settings = {}
    for ln in header:
        key, sep, val = ln.partition(" = ")
        if sep:
            settings[key.strip()] = val.strip()
    meta = base_metadata(raw, FORMAT, names, **facts)
    if settings:
        meta["settings"] = settings
    add_temperature(meta, header)
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta)
