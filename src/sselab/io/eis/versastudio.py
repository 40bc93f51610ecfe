"""Princeton Applied Research VersaStudio project files (``.par``).

An INI-like text made of ``<Section>`` … ``</Section>`` blocks of ``key=value`` lines:
``<Application>`` (software and version), ``<Instrument>`` (``Type=VersaSTAT4``),
``<ActionN>`` (technique settings, ``Name=Potentiostatic EIS``) and ``<SegmentN>`` blocks
with the data: a ``Definition=`` line naming the comma-separated columns (``Segment #,
Point #, E(V), I(A), Elapsed Time(s), …, Frequency(Hz), …, Z Real, Z Imag, …``) followed
by data rows up to ``</SegmentN>``.  ``Z Imag`` is Im(Z) itself (capacitive < 0).
Each segment holding a ``Frequency(Hz)`` column is one sweep; DC segments are skipped.
"""

from __future__ import annotations

import re

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

FORMAT = "versastudio"
EXTENSIONS = (".par",)
_SEG_OPEN = re.compile(r"^<Segment(\d+)>\s*$")


def sniff(head: bytes) -> int:
    """100 for an ``<Application>`` block naming VersaStudio, 70 for any ``<Segment`` file."""
    text = decode_text(head[:4096])
    if text.lstrip().startswith("<Application>") and "VersaStudio" in text[:600]:
        return 100
    if "<Segment1>" in text and "Definition=" in text:
        return 70
    return 0


def _section(lines: list[str], name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    inside = False
    for ln in lines:
        s = ln.strip()
        if s == f"<{name}>":
            inside = True
            continue
        if s == f"</{name}>":
            break
        if inside:
            k, sep, v = s.partition("=")
            if sep:
                out[k.strip()] = v.strip()
    return out


def parse(raw: RawFile) -> EisTable:
    """Read every EIS segment of a VersaStudio ``.par`` file (one sweep per segment)."""
    lines = split_lines(decode_text(raw.data))
    f: list[float] = []
    zr: list[float] = []
    zi: list[float] = []
    sweep: list[float] = []
    names: list[str] = []
    n_seg = 0
    i = 0
    while i < len(lines):
        m = _SEG_OPEN.match(lines[i].strip())
        if not m:
            i += 1
            continue
        seg = int(m.group(1))
        j = i + 1
        while j < len(lines) and not lines[j].startswith("Definition=") and \
                not lines[j].strip().startswith("</Segment"):
            j += 1
        if j >= len(lines) or not lines[j].startswith("Definition="):
            i = j + 1
            continue
        seg_names = [t.strip() for t in lines[j][len("Definition="):].split(",")]
        if not any(n == "Frequency(Hz)" for n in seg_names):
            i = j + 1
            continue
        i_f, i_re, i_im, neg = named_columns(raw, seg_names, freq=("Frequency(Hz)",),
                                             real=("Z Real",), imag=("Z Imag",))
        (sf, sr, si), end = numeric_block(lines, j + 1, ",", [i_f, i_re, i_im], raw.path)
        if end < len(lines) and not lines[end].strip().startswith("</Segment"):
            raise ParseError(f"{raw.path}, line {end + 1}: unexpected text inside segment {seg}; "
                             "the file is damaged")
        f += sf
        zr += sr
        zi += [(-v if neg else v) for v in si]
        sweep += [float(seg)] * len(sf)
        names = names or seg_names
        n_seg += 1
        i = end + 1
    if not n_seg:
        raise ParseError(f"no frequency column ('Frequency(Hz)') in {raw.path}: no <Segment> with "
                         "impedance data was found")
    app = _section(lines, "Application")
    inst = _section(lines, "Instrument")
    action = _section(lines, "Action1")
    exp = _section(lines, "Experiment")
    meta = base_metadata(
        raw, FORMAT, names,
        software=(f"{app.get('Name', '')} {app.get('Version', '')}".strip() or None),
        instrument=(f"{inst.get('Type', '')} {inst.get('Model', '')}".strip() or None),
        technique=action.get("Name"),
        start_date=exp.get("DateAcquired"),
        start_time=exp.get("TimeAcquired"),
    )
    return make_table(raw, f, zr, zi, meta, sweep_ids=sweep)
