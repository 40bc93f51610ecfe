"""Princeton Applied Research Parstat (PowerSuite-era) tab-separated exports.

One header line: ``Potential (V)  Current (A)  Elapsed Time (s)  Frequency (Hz)
Zre (ohms)  Zim (ohms)  |Vac| (V)  |Iac| (A)`` (tab-separated, trailing tab), then data.
DC rows recorded in the same file carry ``Frequency (Hz) = 0``; they are not impedance
points and are skipped (their number is kept in ``metadata["n_skipped_dc_rows"]``).
``Zim`` is Im(Z) itself (capacitive < 0).
"""

from __future__ import annotations

from sselab.errors import ParseError
from sselab.io.eis.common import (
    EisTable,
    RawFile,
    base_metadata,
    decode_text,
    make_table,
    named_columns,
    numeric_block,
    split_lines,
)

FORMAT = "parstat"
EXTENSIONS = (".txt",)


def sniff(head: bytes) -> int:
    """90 when the first line has Parstat's ``Frequency (Hz)``/``Zre (ohms)`` columns."""
    first = decode_text(head[:1024]).lstrip().split("\n", 1)[0]
    return 90 if "Frequency (Hz)" in first and "Zre (ohms)" in first else 0


def parse(raw: RawFile) -> EisTable:
    """Read a Parstat export, keeping rows with a frequency > 0."""
    lines = split_lines(decode_text(raw.data))
    first_i = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first_i is None:
        raise ParseError(f"{raw.path}: the file is empty")
    names = [t.strip() for t in lines[first_i].split("\t")]
    while names and not names[-1]:
        names.pop()
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=("Frequency (Hz)",),
                                         real=("Zre (ohms)",), imag=("Zim (ohms)",))
    (f, zr, zi), _ = numeric_block(lines, first_i + 1, "\t", [i_f, i_re, i_im], raw.path,
                                   stop_at_text=False)
    meta = base_metadata(raw, FORMAT, names, instrument="Parstat (PowerSuite export)")
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta,
                      skip_zero_frequency=True)
