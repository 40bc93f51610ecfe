"""Bruker DIFFRAC.SUITE ``.brml`` patterns (a zip of XML files), read with the standard library.

Each ``Experiment*/RawData*.xml`` holds ``DataRoute`` elements whose
``Datum`` rows are comma-separated numbers.  The column layout is declared in
``DataViews``: a ``VaryingRawDataView`` whose ``FieldDefinitions`` name the
scan axes (the one with ``FieldName="TwoTheta"`` gives 2θ at column
``Start`` + its index) and a ``RecordedRawDataView`` (``Start``) giving the
counts.  Files without ``DataViews`` (older versions) are read with the
common fallback: 2θ from the ``TwoTheta`` ``ScanAxisInfo`` start/increment and
counts from the last column.  The wavelength is ``WaveLengthAlpha1``.

Only one-dimensional scans with a 2θ axis are supported; maps (several data
routes per experiment) give one pattern per route.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np

from sselab.errors import ParseError
from sselab.io.xrd._common import make_pattern, read_bytes, to_float

#: Largest uncompressed RawData member read (guards against zip bombs).
MAX_MEMBER_BYTES = 512 * 1024 * 1024


def sniff(head: bytes) -> int:
    """Score for a ``.brml`` zip (member names near the start of the archive)."""
    if head.startswith(b"PK") and (b"Experiment" in head[:4096] or b"RawData" in head[:4096]):
        return 90
    return 0


def _strip_ns(root: ET.Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
        for k in list(el.attrib):
            if "}" in k:
                el.attrib[k.split("}", 1)[1]] = el.attrib.pop(k)


def _columns(route: ET.Element) -> tuple[int | None, int | None]:
    two_theta = counts = None
    for view in route.iter("RawDataView"):
        vtype = next((v for k, v in view.attrib.items() if k.endswith("type")), "")
        start = int(view.get("Start", "0"))
        if "Varying" in vtype:
            for k, fd in enumerate(view.iter("FieldDefinitions")):
                if fd.get("FieldName") == "TwoTheta" or fd.get("AxisId") == "TwoTheta":
                    two_theta = start + k
        elif "Recorded" in vtype and counts is None:
            counts = start
    return two_theta, counts


def _route_pattern(route: ET.Element, origin: str, lam, name: str, index: int):
    rows = []
    for d in route.iter("Datum"):
        try:
            rows.append([float(v) for v in (d.text or "").split(",")])
        except ValueError:
            raise ParseError(f"{origin}: a Datum row is not numeric: {(d.text or '')[:60]!r}") from None
    if not rows:
        return None
    width = min(len(r) for r in rows)
    arr = np.array([r[:width] for r in rows])
    c_tt, c_counts = _columns(route)
    if c_counts is None or c_counts >= width:
        c_counts = width - 1
    if c_tt is not None and c_tt < width:
        tt = arr[:, c_tt]
    else:
        ax = next((a for a in route.iter("ScanAxisInfo") if a.get("AxisId") == "TwoTheta"), None)
        if ax is None:
            raise ParseError(f"{origin}: scan has no TwoTheta axis; only 2θ scans are supported")
        start = to_float(ax.findtext("Start"), "TwoTheta start", origin)
        inc = to_float(ax.findtext("Increment"), "TwoTheta increment", origin)
        tt = start + inc * np.arange(arr.shape[0])
    scan = route.find("ScanInformation")
    meta = {"scan_name": scan.get("ScanName", "") if scan is not None else "",
            "time_per_step_s": (scan.findtext("TimePerStep") or "") if scan is not None else "",
            "route": index}
    return make_pattern(tt, arr[:, c_counts], origin=origin, fmt="brml", wavelength_angstrom=lam,
                        unit="counts", name=name, metadata=meta)


def read(path: str | Path) -> list:
    """Read a ``.brml`` file → list of patterns (one per measured data route)."""
    origin = str(path)
    data = read_bytes(path)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ParseError(f"{origin}: not a valid .brml (zip) file") from None
    members = sorted(n for n in z.namelist() if re.search(r"RawData\d*\.xml$", n))
    if not members:
        raise ParseError(f"{origin}: .brml holds no Experiment*/RawData*.xml")
    pats = []
    for mem in members:
        info = z.getinfo(mem)
        if info.file_size > MAX_MEMBER_BYTES:
            raise ParseError(f"{origin}: member {mem} is implausibly large ({info.file_size} bytes)")
        try:
            root = ET.fromstring(z.read(mem))
        except (ET.ParseError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise ParseError(f"{origin}: member {mem} is damaged ({exc})") from None
        _strip_ns(root)
        wl = next(root.iter("WaveLengthAlpha1"), None)
        lam = to_float(wl.get("Value"), "WaveLengthAlpha1", origin) if wl is not None else None
        for k, route in enumerate(root.iter("DataRoute")):
            p = _route_pattern(route, origin, lam, Path(path).stem, k)
            if p is not None:
                pats.append(p)
    if not pats:
        raise ParseError(f"{origin}: no measured data rows (Datum) found")
    return pats
