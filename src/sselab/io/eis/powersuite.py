"""Princeton Applied Research PowerSuite impedance text exports.

One header line ``Frequency<TAB> Zre<TAB> Zimg`` then tab-separated data, frequency
often ascending.  Line ends are mixed (``CR CR LF`` and lone ``CR``), so lines are split
on any of CR, LF, CRLF and blank lines are ignored.  ``Zimg`` is Im(Z) itself.
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

FORMAT = "powersuite"
EXTENSIONS = (".txt",)


def _names(line: str) -> list[str]:
    return [t.strip() for t in line.split("\t")]


def sniff(head: bytes) -> int:
    """90 when the first line is PowerSuite's ``Frequency, Zre, Zimg`` header."""
    text = decode_text(head[:1024])
    first = next((ln for ln in split_lines(text) if ln.strip()), "")
    names = [n.lower() for n in _names(first)]
    return 90 if names[:1] == ["frequency"] and "zre" in names and "zimg" in names else 0


def parse(raw: RawFile) -> EisTable:
    """Read a PowerSuite export."""
    lines = split_lines(decode_text(raw.data))
    first_i = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first_i is None:
        raise ParseError(f"{raw.path}: the file is empty")
    names = _names(lines[first_i])
    i_f, i_re, i_im, neg = named_columns(raw, names, freq=("Frequency",), real=("Zre",),
                                         imag=("Zimg",))
    (f, zr, zi), _ = numeric_block(lines, first_i + 1, "\t", [i_f, i_re, i_im], raw.path,
                                   stop_at_text=False)
    meta = base_metadata(raw, FORMAT, names, instrument="PowerSuite export")
    return make_table(raw, f, zr, [(-v if neg else v) for v in zi], meta)
