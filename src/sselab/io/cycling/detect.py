"""Which cycling reader fits a file: magic bytes first, then the text header.

Binary files are recognised by their first bytes (Bio-Logic ``BIO-LOGIC MODULAR FILE``,
Access/Jet ``Standard Jet DB`` for Arbin ``.res``, ``NEWARE`` for ``.nda``, a zip archive
for ``.ndax`` and ``.xlsx``).  Workbooks are told apart by their sheet names and headers;
text files by the score each text reader gives their first 64 kB.
"""

from __future__ import annotations

import re

from sselab.errors import ParseError
from sselab.io.cycling._common import RawFile, decode_text, find

#: Every format name :func:`sselab.io.cycling.read_cycling` accepts.
FORMATS: tuple[str, ...] = (
    "neware_nda", "neware_csv", "neware_xlsx", "landt_csv", "landt_xlsx", "biologic_mpt",
    "biologic_mpr", "arbin_res", "arbin_csv", "arbin_xlsx", "maccor_txt", "generic_csv",
)


def _xlsx_format(raw: RawFile) -> str:
    from sselab.io.cycling import arbin_export, landt, neware_export
    from sselab.io.cycling._xlsx import Workbook

    wb = Workbook(raw.data, raw.path)
    names = [s.lower() for s in wb.sheets]
    if any(n.startswith("global_info") for n in names) or any(n.startswith("channel_")
                                                               for n in names):
        return "arbin_xlsx"
    for sheet in wb.sheets:
        for row in wb.rows(sheet, max_rows=40):
            texts = [str(v) for v in row if isinstance(v, str)]
            line = ",".join(texts)
            if arbin_export.sniff_text(line):
                return "arbin_xlsx"
            if neware_export.sniff_text(line) or (find(texts, ("Step Type",)) is not None
                                                  and find(texts, neware_export.VOLTAGE)
                                                  is not None):
                return "neware_xlsx"
            if landt.sniff_text(line) or (find(texts, landt.VOLTAGE) is not None
                                          and find(texts, landt.CURRENT) is not None):
                return "landt_xlsx"
    raise ParseError(f"{raw.path}: a workbook, but not one sselab recognises as an Arbin, "
                     f"Neware or LAND export (sheets: {', '.join(wb.sheets)}); give format=")


def detect_format(raw: RawFile) -> str:
    """Name of the reader for ``raw`` (one of :data:`FORMATS`), or ParseError."""
    from sselab.io.cycling import (
        arbin_export,
        arbin_res,
        biologic,
        generic_csv,
        landt,
        maccor,
        neware_export,
    )

    head = raw.data[:65536]
    suffix = raw.suffix
    if head.startswith(b"BIO-LOGIC MODULAR FILE"):
        return "biologic_mpr"
    if arbin_res.sniff(head):
        return "arbin_res"
    if head.startswith(b"NEWARE"):
        return "neware_nda"
    if head.startswith(b"PK\x03\x04"):
        if suffix == ".ndax":
            return "neware_nda"
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_format(raw)
        try:
            return _xlsx_format(raw)
        except ParseError:
            raise ParseError(f"{raw.path}: a zip archive that is neither a Neware .ndax (by "
                             "name) nor a recognised workbook; give format=") from None
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(f"{raw.path}: a binary file of unknown kind; sselab reads Neware "
                         ".nda/.ndax, Bio-Logic .mpr, Arbin .res and text/xlsx exports")
    text = decode_text(head)
    if not text.strip():
        raise ParseError(f"{raw.path}: the file is empty")
    scores = {
        "biologic_mpt": biologic.sniff_text(text),
        "maccor_txt": maccor.sniff_text(text),
        "landt_csv": landt.sniff_text(text),
        "arbin_csv": arbin_export.sniff_text(text),
        "neware_csv": neware_export.sniff_text(text),
        "generic_csv": generic_csv.sniff_text(text),
    }
    if re.fullmatch(r"\.0\d\d", suffix) and scores["maccor_txt"] == 0 and "\t" in text[:2000]:
        scores["maccor_txt"] = 10
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0:
        raise ParseError(f"{raw.path}: not a cycling export sselab recognises (Neware, LAND, "
                         "Bio-Logic, Arbin, Maccor, or a CSV with time_s/voltage_V/current_A "
                         "headers); for other tables use format='generic_csv' with a column_map")
    return best
