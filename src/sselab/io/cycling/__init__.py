"""Cycling readers: instrument files → :class:`~sselab.cycling.CyclingTable`.

One module per vendor; :func:`read_cycling` picks the reader from the file's bytes
(:mod:`~sselab.io.cycling.detect`) unless ``format`` is given.

============  =========================================  ===================================
format        files                                      module
============  =========================================  ===================================
neware_nda    Neware ``.nda``/``.ndax`` (via fastnda)    :mod:`.neware_nda`
neware_csv    Neware BTSDA CSV export                    :mod:`.neware_export`
neware_xlsx   Neware BTSDA XLSX export                   :mod:`.neware_export`
landt_csv     LAND CSV export                            :mod:`.landt`
landt_xlsx    LAND XLSX export                           :mod:`.landt`
biologic_mpt  Bio-Logic EC-Lab ``.mpt``                  :mod:`.biologic`
biologic_mpr  Bio-Logic EC-Lab ``.mpr``                  :mod:`.biologic`
arbin_res     Arbin ``.res`` (via access-parser)         :mod:`.arbin_res`
arbin_csv     Arbin CSV export                           :mod:`.arbin_export`
arbin_xlsx    Arbin XLSX export                          :mod:`.arbin_export`
maccor_txt    Maccor text export                         :mod:`.maccor`
generic_csv   any table with a column map                :mod:`.generic_csv`
============  =========================================  ===================================
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from sselab.cycling.table import CyclingTable
from sselab.errors import InputError
from sselab.io.cycling._common import guard, load
from sselab.io.cycling.detect import FORMATS, detect_format

#: format → (module, function)
READERS: dict[str, tuple[str, str]] = {
    "neware_nda": ("neware_nda", "parse"),
    "neware_csv": ("neware_export", "parse_csv"),
    "neware_xlsx": ("neware_export", "parse_xlsx"),
    "landt_csv": ("landt", "parse_csv"),
    "landt_xlsx": ("landt", "parse_xlsx"),
    "biologic_mpt": ("biologic", "parse_mpt"),
    "biologic_mpr": ("biologic", "parse_mpr"),
    "arbin_res": ("arbin_res", "parse"),
    "arbin_csv": ("arbin_export", "parse_csv"),
    "arbin_xlsx": ("arbin_export", "parse_xlsx"),
    "maccor_txt": ("maccor", "parse"),
    "generic_csv": ("generic_csv", "parse"),
}

__all__ = ["FORMATS", "READERS", "detect_format", "read_cycling"]


def read_cycling(path: str | Path, format: str | None = None, **options: Any) -> CyclingTable:
    """Read a cycling record into the canonical table.

    Parameters
    ----------
    path : str or Path
        Instrument file.
    format : str, optional
        One of :data:`FORMATS`; detected from the file when omitted.
    **options
        Cell facts (override the file's): ``active_mass_kg``, ``area_m2``,
        ``reference_offset_V`` (E vs Li/Li⁺ of the counter/reference electrode, V),
        ``nominal_capacity_Ah``; ``timezone`` (IANA name or ``"+02:00"``: the zone of the
        instrument's clock, needed for ``start_time_utc`` of files with naive local
        times); ``cycle_policy`` (``"auto"``, ``"charge"``, ``"discharge"``, ``"vendor"``).
        ``generic_csv`` also takes ``column_map``, ``units`` and the options listed in
        :mod:`sselab.io.cycling.generic_csv`.

    Returns
    -------
    CyclingTable

    Raises
    ------
    InputError
        Missing file, unknown format or option.
    ParseError
        The file is not what the format expects, is damaged, or lacks a voltage/current
        column; never any other exception.
    """
    raw = load(path)
    if format is None:
        fmt = guard(raw.path, lambda: detect_format(raw))  # type: ignore[arg-type,return-value]
    else:
        fmt = str(format).strip().lower()
        if fmt not in READERS:
            raise InputError(f"unknown cycling format {format!r}; known: {', '.join(FORMATS)}")
    mod_name, fn_name = READERS[fmt]
    mod = importlib.import_module(f"sselab.io.cycling.{mod_name}")
    fn = getattr(mod, fn_name)
    return guard(raw.path, lambda: fn(raw, **options))
