"""PANalytical/Malvern ``.xrdml`` (XML) patterns, read with the standard library.

Structure used (XRDMeasurement schema 1.x)::

    xrdMeasurements/xrdMeasurement/usedWavelength/kAlpha1      (Å)
    xrdMeasurements/xrdMeasurement/scan/dataPoints/
        positions axis="2Theta" (startPosition/endPosition | listPositions)
        commonCountingTime, intensities | counts (space-separated)

One pattern per ``scan`` with a 2θ axis.  ``intensities`` are counts per
step as written (unit attribute kept); ``counts`` likewise.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from sselab.errors import ParseError
from sselab.io.xrd._common import make_pattern, read_bytes, to_float


def sniff(head: bytes) -> int:
    """Score for XRDML content."""
    text = head[:4096].decode("latin-1", errors="replace")
    return 95 if "xrdMeasurement" in text and "<?xml" in text[:200] or "xrdml.com" in text else 0


def _strip_ns(root: ET.Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
        for k in list(el.attrib):
            if "}" in k:
                el.attrib[k.split("}", 1)[1]] = el.attrib.pop(k)


def _numbers(text: str | None, what: str, origin: str) -> np.ndarray:
    try:
        return np.array([float(v) for v in (text or "").split()])
    except ValueError:
        raise ParseError(f"{origin}: {what} holds non-numeric values") from None


def read(path: str | Path) -> list:
    """Read an ``.xrdml`` file → list of patterns (one per 2θ scan)."""
    origin = str(path)
    data = read_bytes(path)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseError(f"{origin}: not well-formed XML ({exc})") from None
    _strip_ns(root)
    pats = []
    for meas in root.iter("xrdMeasurement"):
        k1 = meas.find("usedWavelength/kAlpha1")
        lam = to_float(k1.text, "kAlpha1", origin) if k1 is not None else None
        for scan in meas.iter("scan"):
            dp = scan.find("dataPoints")
            if dp is None:
                continue
            inten = dp.find("intensities")
            if inten is None:
                inten = dp.find("counts")
            if inten is None:
                raise ParseError(f"{origin}: scan without <intensities> or <counts>")
            y = _numbers(inten.text, "intensities", origin)
            pos = next((p for p in dp.findall("positions")
                        if p.get("axis", "").lower() in ("2theta", "2θ")), None)
            if pos is None:
                continue
            lst = pos.find("listPositions")
            if lst is not None:
                tt = _numbers(lst.text, "listPositions", origin)
            else:
                s, e = pos.find("startPosition"), pos.find("endPosition")
                if s is None or e is None:
                    raise ParseError(f"{origin}: 2Theta positions lack start/end")
                tt = np.linspace(to_float(s.text, "startPosition", origin),
                                 to_float(e.text, "endPosition", origin), y.size)
            if tt.size != y.size:
                raise ParseError(f"{origin}: {tt.size} 2θ positions but {y.size} intensities")
            ct = dp.find("commonCountingTime")
            meta = {"scan_axis": scan.get("scanAxis", ""), "scan_mode": scan.get("mode", ""),
                    "counting_time_s": ct.text.strip() if ct is not None and ct.text else "",
                    "measurement_type": meas.get("measurementType", ""),
                    "scan_index": len(pats)}
            unit = inten.get("unit", "counts").lower()
            name_el = root.find("sample/name")
            sample = (name_el.text or "").strip() if name_el is not None else ""
            pats.append(make_pattern(tt, y, origin=origin, fmt="xrdml", wavelength_angstrom=lam,
                                     unit="cps" if "cps" in unit or "/s" in unit else "counts",
                                     name=sample or Path(path).stem, metadata=meta))
    if not pats:
        if not re.search(r"xrdMeasurement", data[:4096].decode("latin-1", "replace")):
            raise ParseError(f"{origin}: not an XRDML file (no xrdMeasurement element)")
        raise ParseError(f"{origin}: no scan with a 2Theta axis found")
    return pats
