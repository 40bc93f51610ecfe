"""Rigaku SmartLab/Ultima ``.ras`` (text) and ``.rasx`` (zip) patterns.

``.ras`` layout (Rigaku "RAS" text, one block per scan)::

    *RAS_DATA_START
    *RAS_HEADER_START
    *KEY "value"                  (e.g. *HW_XG_WAVE_LENGTH_ALPHA1 "1.540593")
    *RAS_HEADER_END
    *RAS_INT_START
    angle counts attenuator       (intensity = counts × attenuator factor)
    *RAS_INT_END
    *RAS_DATA_END

The text is Shift-JIS on Japanese systems.  ``.rasx`` (SmartLab Studio II) is
a zip holding ``Data0/Profile0.txt`` (angle, counts, attenuator) and
``Data0/MesurementConditions0.xml`` (sic) with the wavelength and units.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from sselab.errors import ParseError
from sselab.io.xrd._common import decode_text, make_pattern, read_bytes, to_float

_KV = re.compile(r'^\*(\S+)\s+"?(.*?)"?\s*$')


def sniff(head: bytes) -> int:
    """Score for ``.ras`` text or ``.rasx`` zip content."""
    if head.startswith(b"PK") and b"Profile" in head[:4096] and b"Data" in head[:4096]:
        return 90
    text = head[:4096].decode("latin-1", errors="replace")
    if "*RAS_DATA_START" in text or "*RAS_HEADER_START" in text:
        return 95
    return 0


def _rows(lines: list[str], origin: str, first_line: int):
    tt, y = [], []
    for k, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        parts = s.replace(",", " ").split()
        try:
            vals = [float(v) for v in parts]
        except ValueError:
            raise ParseError(f"{origin}: line {first_line + k}: not a data row: {s[:60]!r}") from None
        if len(vals) < 2:
            raise ParseError(f"{origin}: line {first_line + k}: needs angle and counts")
        att = vals[2] if len(vals) >= 3 else 1.0
        tt.append(vals[0])
        y.append(vals[1] * att)
    return tt, y


def _read_ras_text(text: str, origin: str, name: str) -> list:
    lines = text.splitlines()
    pats = []
    header: dict[str, str] = {}
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s == "*RAS_HEADER_START":
            header = {}
            i += 1
            while i < len(lines) and lines[i].strip() != "*RAS_HEADER_END":
                m = _KV.match(lines[i].strip())
                if m:
                    header[m.group(1)] = m.group(2)
                i += 1
            if i >= len(lines):
                raise ParseError(f"{origin}: *RAS_HEADER_START without *RAS_HEADER_END")
        elif s == "*RAS_INT_START":
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "*RAS_INT_END":
                j += 1
            if j >= len(lines):
                raise ParseError(f"{origin}: *RAS_INT_START without *RAS_INT_END (truncated file?)")
            tt, y = _rows(lines[start:j], origin, start + 1)
            lam = header.get("HW_XG_WAVE_LENGTH_ALPHA1")
            unit = header.get("MEAS_SCAN_UNIT_Y", "counts").lower()
            meta = {k: v for k, v in header.items() if k.startswith(("MEAS_", "HW_XG", "FILE_"))}
            meta["scan_index"] = len(pats)
            pats.append(make_pattern(
                tt, y, origin=origin, fmt="rigaku-ras",
                wavelength_angstrom=None if not lam else to_float(lam, "wavelength", origin),
                unit="cps" if unit == "cps" else "counts",
                name=header.get("FILE_SAMPLE", "").strip() or name, metadata=meta))
            i = j
        i += 1
    if not pats:
        raise ParseError(f"{origin}: no *RAS_INT_START … *RAS_INT_END data block found")
    return pats


def _xml_value(xml: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>\s*([^<]*?)\s*</{tag}>", xml)
    return m.group(1) if m else None


def _read_rasx(data: bytes, origin: str, name: str) -> list:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ParseError(f"{origin}: not a valid .rasx (zip) file") from None
    profiles = sorted(n for n in z.namelist() if re.search(r"Profile\d+\.txt$", n))
    if not profiles:
        raise ParseError(f"{origin}: .rasx holds no DataN/ProfileN.txt")
    pats = []
    for prof in profiles:
        try:
            text = decode_text(z.read(prof))
            cond_name = prof.replace("Profile", "MesurementConditions").replace(".txt", ".xml")
            cond = decode_text(z.read(cond_name)) if cond_name in z.namelist() else ""
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as exc:
            raise ParseError(f"{origin}: damaged .rasx member {prof} ({exc})") from None
        tt, y = _rows(text.splitlines(), f"{origin}:{prof}", 1)
        lam = _xml_value(cond, "WavelengthKalpha1")
        unit = (_xml_value(cond, "IntensityUnit") or "counts").lower()
        meta = {"member": prof, "axis": _xml_value(cond, "AxisName") or "",
                "step_deg": _xml_value(cond, "Step") or "",
                "speed": _xml_value(cond, "Speed") or "",
                "system": _xml_value(cond, "SystemName") or ""}
        pats.append(make_pattern(
            tt, y, origin=origin, fmt="rigaku-rasx",
            wavelength_angstrom=None if not lam else to_float(lam, "wavelength", origin),
            unit="cps" if unit == "cps" else "counts", name=name, metadata=meta))
    return pats


def read(path: str | Path) -> list:
    """Read a Rigaku ``.ras`` or ``.rasx`` file → list of patterns (one per scan)."""
    origin = str(path)
    data = read_bytes(path)
    name = Path(path).stem
    if data.startswith(b"PK"):
        return _read_rasx(data, origin, name)
    return _read_ras_text(decode_text(data), origin, name)
