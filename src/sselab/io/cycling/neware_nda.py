"""Neware binary records (``.nda``, ``.ndax``) through fastnda (BSD-3-Clause).

The binary layout changes with every BTS release, so sselab does not parse it: fastnda
(Empa, a fork of NewareNDA validated against BTSDA exports) decodes the records and this
module maps them onto the canonical table.  fastnda is asked for the *raw* Neware cycle
counter (``cycle_mode="raw"``, kept as ``vendor_cycle``); sselab derives its own cycles.

Mapping (fastnda column → canonical)
    ``total_time_s`` → ``time_s``; ``voltage_V`` → ``voltage_V``; ``current_mA`` ×10⁻³ →
    ``current_A`` (Neware: charge > 0); ``capacity_mAh`` ×10⁻³ → ``capacity_Ah`` (signed,
    reset at every step by the instrument); ``step_count`` → ``step_index`` (Neware's own
    monotone step counter); ``step_index`` → ``vendor_step``; ``cycle_count`` →
    ``vendor_cycle``; ``step_type`` codes → canonical step types; ``energy_mWh`` ×10⁻³ →
    ``energy_Wh``; ``aux…temperature_degC`` + 273.15 → ``temperature_K`` ….
Time
    fastnda returns UTC epoch seconds; the first record is ``start_time_utc``.  The
    instrument's local zone is inferred from the local ``StartTime`` in the ``.ndax``
    test info (rounded to 15 min), or taken from the caller's ``timezone``.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from typing import Any

import numpy as np

from sselab.cycling.steps import STEP_CODE
from sselab.cycling.table import CyclingTable
from sselab.errors import ParseError
from sselab.io.cycling._common import (
    RawFile,
    add_channels,
    check_options,
    finish,
    on_disk,
    parse_local_datetime,
    utc_start_fields,
)

FORMAT = "neware_nda"
EXTENSIONS = (".nda", ".ndax")

#: Neware step-type code (fastnda ``raw_categories=True``) → canonical step type.
NEWARE_STEP_TYPES: dict[int, str] = {
    0: "unknown", 1: "CC", 2: "CC", 3: "CV", 4: "rest", 5: "other", 6: "other", 7: "CCCV",
    8: "CP", 9: "CP", 10: "CR", 11: "CR", 12: "pulse", 13: "rest", 16: "pulse", 17: "other",
    18: "CCCV", 19: "CV", 20: "CCCV", 21: "other", 22: "OCV", 23: "other", 24: "other",
    25: "other", 26: "other", 27: "other", 28: "other", 29: "other", 30: "other",
}
_LUT = np.full(256, STEP_CODE["unknown"], dtype=np.int8)
for _code, _name in NEWARE_STEP_TYPES.items():
    _LUT[_code] = STEP_CODE[_name]


def sniff(head: bytes, suffix: str) -> int:
    """ndax files are zip archives; nda files start with ``NEWARE``."""
    if suffix == ".ndax" and head.startswith(b"PK\x03\x04"):
        return 100
    if suffix == ".nda" and head.startswith(b"NEWARE"):
        return 100
    return 0


def _ndax_xml(path: str) -> dict[str, dict[str, str]]:
    """Attributes of the small XML members of an ``.ndax`` archive (not the binary data).

    ``TestInfo.xml`` (StartTime, StepName, Barcode, Remark, channel), ``NdaxConfig.xml``
    (BatteryMass …) and ``VersionInfo.xml``; Neware declares GB2312, so the bytes are
    decoded as GB18030 before parsing.  Missing or odd members give empty dicts.
    """
    import zipfile
    from xml.etree import ElementTree as ET

    out: dict[str, dict[str, str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for member, tag in (("TestInfo.xml", "TestInfo"), ("NdaxConfig.xml", "config"),
                                ("VersionInfo.xml", "ZwjVersion")):
                if member not in names or zf.getinfo(member).file_size > 1 << 20:
                    continue
                text = zf.read(member).decode("gb18030", errors="replace")
                if text.startswith("<?xml"):
                    text = text[text.find("?>") + 2:]
                root = ET.fromstring(text)
                el = next((e for e in root.iter() if e.tag == tag), None)
                if el is not None:
                    out[member] = dict(el.attrib)
    except (zipfile.BadZipFile, OSError, ET.ParseError, ValueError, KeyError):
        return out
    return out


def _metadata(path: str, suffix: str, notes: list[str]) -> tuple[dict[str, Any], datetime | None]:
    """Vendor facts and the local start time (for the zone)."""
    vendor: dict[str, Any] = {}
    local: datetime | None = None
    if suffix == ".nda":
        import fastnda

        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                meta = fastnda.read_metadata(path)
            for w in caught:
                notes.append(f"fastnda: {w.message}")
        except Exception as exc:  # noqa: BLE001 - metadata is optional
            notes.append(f"Neware metadata not read ({type(exc).__name__}: {exc})")
            return vendor, None
        for k in ("nda_version", "bts_version", "remarks", "creator", "barcode", "test_id",
                  "start_time", "active_mass_mg"):
            if k in meta and meta[k] not in ("", None):
                vendor[k] = meta[k]
        return vendor, None
    xml = _ndax_xml(path)
    info = xml.get("TestInfo.xml", {})
    for k in ("StartTime", "EndTime", "StepName", "Barcode", "Remark", "DevID", "UnitID",
              "ChlID", "TestID", "ModifyCount"):
        if info.get(k) not in (None, ""):
            vendor[k] = info[k]
    cfg = xml.get("NdaxConfig.xml", {})
    if cfg.get("BatteryMass") not in (None, ""):
        vendor["BatteryMass (as stored; unit not documented)"] = cfg["BatteryMass"]
    ver = xml.get("VersionInfo.xml", {})
    if ver.get("SvrVer"):
        vendor["server_version"] = ver["SvrVer"]
    if info.get("StartTime"):
        local = parse_local_datetime(str(info["StartTime"]))
    return vendor, local


def parse(raw: RawFile, **options: Any) -> CyclingTable:
    """Read a Neware ``.nda``/``.ndax`` file into a :class:`CyclingTable`."""
    check_options(options)
    try:
        import fastnda
    except ImportError:  # pragma: no cover - fastnda is a declared dependency
        raise ParseError("reading Neware .nda/.ndax needs the 'fastnda' package "
                         "(pip install fastnda)") from None
    suffix = raw.suffix
    if suffix not in EXTENSIONS:
        raise ParseError(f"{raw.path}: Neware binary files end in .nda or .ndax (fastnda picks "
                         "the decoder by the suffix); rename the file")
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught, on_disk(raw) as path:
        warnings.simplefilter("always")
        try:
            df = fastnda.read(path, cycle_mode="raw", raw_categories=True)
        except Exception as exc:  # noqa: BLE001 - fastnda raises many kinds on bad files
            raise ParseError(f"{raw.path}: fastnda cannot read this Neware file "
                             f"({type(exc).__name__}: {exc}); if BTSDA opens it, report it "
                             "to sselab with the file") from None
        vendor, local = _metadata(path, suffix, notes)
    for w in caught:
        notes.append(f"fastnda: {w.message}")
    names = set(df.columns)
    for need, what in (("voltage_V", "voltage"), ("current_mA", "current")):
        if need not in names:
            raise ParseError(f"{raw.path}: fastnda returned no {what} column ({need})")
    if df.height == 0:
        raise ParseError(f"{raw.path}: the Neware file holds no records")

    def col(name: str) -> np.ndarray:
        return df.get_column(name).to_numpy()

    cols: dict[str, np.ndarray] = {}
    cmap: dict[str, str] = {}
    t = col("total_time_s") if "total_time_s" in names else col("step_time_s")
    t = cols["time_s"] = t.astype(np.float64, copy=False)
    cmap["total_time_s"] = "time_s"
    cols["voltage_V"] = col("voltage_V").astype(np.float64)
    cmap["voltage_V"] = "voltage_V"
    cols["current_A"] = col("current_mA").astype(np.float64) * 1e-3
    cmap["current_mA"] = "current_A (×0.001)"
    if "capacity_mAh" in names:
        cols["capacity_Ah"] = col("capacity_mAh").astype(np.float64) * 1e-3
        cmap["capacity_mAh"] = "capacity_Ah (×0.001; per step, signed)"
    if "step_count" in names:
        cols["step_index"] = col("step_count").astype(np.int32)
        cmap["step_count"] = "step_index"
    if "step_index" in names:
        cols["vendor_step"] = col("step_index").astype(np.int32)
        cmap["step_index"] = "vendor_step"
    if "cycle_count" in names:
        cols["vendor_cycle"] = col("cycle_count").astype(np.int32)
        cmap["cycle_count"] = "vendor_cycle"
    if "step_type" in names:
        cols["step_type"] = _LUT[col("step_type").astype(np.uint8)]
        cmap["step_type"] = "step_type (Neware code → CC/CV/CCCV/rest/…)"
    if "energy_mWh" in names:
        cols["energy_Wh"] = col("energy_mWh").astype(np.float64) * 1e-3
        cmap["energy_mWh"] = "energy_Wh (×0.001; per step, signed)"
    if "step_index" in cols and cols["step_index"][0] < 1:
        cols["step_index"] = cols["step_index"] - cols["step_index"][0] + 1
    add_channels(cols, cmap, notes, [
        (c, "temperature_K", col(c), 1.0, 273.15) for c in df.columns
        if c.startswith("aux") and c.endswith("temperature_degC")])
    other_aux = [c for c in df.columns if c.startswith("aux") and not c.endswith("_degC")]
    if other_aux:
        notes.append(f"auxiliary channels not mapped: {', '.join(other_aux)}")

    meta: dict[str, Any] = {}
    if "unix_time_s" in names:
        u0 = float(col("unix_time_s")[0]) - float(t[0])
        if np.isfinite(u0) and u0 > 0:
            meta.update(utc_start_fields(datetime.fromtimestamp(u0, UTC), local,
                                         options.get("timezone")))
    mass_mg = vendor.get("active_mass_mg")
    if isinstance(mass_mg, (int, float)) and mass_mg > 0:
        meta["active_mass_kg"] = float(mass_mg) * 1e-6
    try:
        backend = f"fastnda {fastnda.__version__}"
    except AttributeError:  # pragma: no cover
        backend = "fastnda"
    return finish(raw, cols, fmt=FORMAT, reader=__name__, instrument="Neware", options=options,
                  cmap=cmap, notes=notes, vendor=vendor, meta=meta, backend=backend)
