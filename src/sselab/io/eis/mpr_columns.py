"""Column-ID table of the Bio-Logic ``.mpr`` "VMP data" module.

Each data column of an ``.mpr`` file is announced by a 16-bit ID in the data module's
column table; the file itself stores neither the column names nor their byte widths.
This table gives both, for the IDs whose width was established by *our own analysis of
real files*: for every file we examined, the row width implied by the module length
(``(module length − data offset) / number of rows``) equals the sum of the widths below,
and the decoded values equal the matching EC-Lab text export (``.mpt``) or the values
other tools report.  Files examined: ``v1150_PEIS.mpr``/``v1150_CA.mpr`` (EC-Lab 11.50,
galvani test data, CC-BY-4.0) and the EC-Lab 10.x/11.x files of cheminfo/biologic-converter
(MIT; CA, CP, CV, LSV, OCV, WAIT, ZIR, GCPL).  IDs marked ``# width by row sum`` were
checked only through that row-width sum; names follow EC-Lab's own text-export headers.

The reader never trusts this table blindly: if the widths of the listed columns do not
add up to the row width the module implies, it stops with :class:`~sselab.errors.ParseError`
instead of decoding shifted bytes.

Flag columns (IDs 1, 2, 3, 21, 31, 65) are bit fields packed together into a single byte
per row, at the position of the first flag column in the ID list.
"""

from __future__ import annotations

#: ID → (name as in EC-Lab text exports, little-endian numpy dtype).
COLUMNS: dict[int, tuple[str, str]] = {
    4: ("time/s", "<f8"),
    5: ("control/V/mA", "<f4"),
    6: ("Ewe/V", "<f4"),
    7: ("dQ/mA.h", "<f8"),
    8: ("I/mA", "<f4"),
    9: ("Ece/V", "<f4"),  # seen in a 0-row file only: width not cross-checked
    11: ("<I>/mA", "<f8"),
    13: ("(Q-Qo)/mA.h", "<f8"),
    19: ("control/V", "<f4"),
    20: ("control/mA", "<f4"),
    24: ("cycle number", "<f8"),
    32: ("freq/Hz", "<f4"),
    33: ("|Ewe|/V", "<f4"),
    34: ("|I|/A", "<f4"),
    35: ("Phase(Z)/deg", "<f4"),
    36: ("|Z|/Ohm", "<f4"),
    37: ("Re(Z)/Ohm", "<f4"),
    38: ("-Im(Z)/Ohm", "<f4"),
    39: ("I Range", "<u2"),
    70: ("P/W", "<f4"),
    76: ("<I>/mA", "<f4"),
    77: ("<Ewe>/V", "<f4"),
    123: ("Energy charge/W.h", "<f8"),
    124: ("Energy discharge/W.h", "<f8"),
    125: ("Capacitance charge/µF", "<f8"),
    126: ("Capacitance discharge/µF", "<f8"),
    131: ("Ns", "<u2"),
    168: ("Rcmp/Ohm", "<f4"),
    169: ("Cs/µF", "<f4"),
    172: ("Cp/µF", "<f4"),
    174: ("<Ewe>/V", "<f4"),
    434: ("(Q-Qo)/C", "<f4"),
    435: ("dQ/C", "<f4"),
    441: ("<Ece>/V", "<f4"),
    467: ("Q charge/discharge/mA.h", "<f8"),
    468: ("half cycle", "<u4"),
    # non-linearity indicators and harmonics of PEIS in EC-Lab ≥ 11.50
    473: ("THD Ewe/%", "<f4"),  # width by row sum
    474: ("THD I/%", "<f4"),  # width by row sum
    476: ("NSD Ewe/%", "<f4"),  # width by row sum
    477: ("NSD I/%", "<f4"),  # width by row sum
    479: ("NSR Ewe/%", "<f4"),  # width by row sum
    480: ("NSR I/%", "<f4"),  # width by row sum
    **{486 + k: (f"|Ewe h{k + 2}|/V", "<f4") for k in range(6)},  # width by row sum
    **{492 + k: (f"|I h{k + 2}|/A", "<f4") for k in range(6)},  # width by row sum
}

#: Flag IDs → (name, bit mask within the shared flags byte).
FLAGS: dict[int, tuple[str, int]] = {
    1: ("mode", 0x03),
    2: ("ox/red", 0x04),
    3: ("error", 0x08),
    21: ("control changes", 0x10),
    31: ("Ns changes", 0x20),  # the one bit not seen set in the files examined
    65: ("counter inc.", 0x80),
}

#: Technique code (first byte of the "VMP settings" module) → EC-Lab technique,
#: for the codes seen next to a text export naming the technique.
TECHNIQUES: dict[int, str] = {
    0x04: "GCPL",
    0x06: "CV",
    0x0B: "OCV",
    0x18: "CA",
    0x19: "CP",
    0x1C: "WAIT",
    0x1D: "PEIS",
    0x32: "ZIR",
    0x6C: "LSV",
}


def column_label(col_id: int) -> str:
    """Human label of a column ID for messages: ``'freq/Hz' (ID 32)`` or ``ID 999``."""
    if col_id in COLUMNS:
        return f"{COLUMNS[col_id][0]!r} (ID {col_id})"
    if col_id in FLAGS:
        return f"{FLAGS[col_id][0]!r} (ID {col_id})"
    return f"unknown column ID {col_id}"
