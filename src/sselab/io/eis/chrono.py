"""DC records (chronoamperometry, potential holds) from Bio-Logic files, in SI units.

A DC-polarisation analysis (electronic conductivity, transference number) needs current
against time at a held voltage.  :func:`read_chronoamperometry` reads it from an EC-Lab
binary ``.mpr`` (any technique whose data module has ``time/s`` and a current column) or
its ``.mpt`` text export, and returns a :class:`CurrentTrace` in s, A and V.

Column choice (by EC-Lab name): time ``time/s``; current ``<I>/mA`` (averaged over the
recording interval), else ``I/mA``, converted mA → A; voltage ``Ewe/V``, else ``<Ewe>/V``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import InputError, ParseError
from sselab.io.eis import biologic_mpr, biologic_mpt
from sselab.io.eis.common import load_raw

TIME_NAMES = ("time/s",)
CURRENT_NAMES_mA = ("<I>/mA", "I/mA")
VOLTAGE_NAMES = ("Ewe/V", "<Ewe>/V")


@dataclass(frozen=True, eq=False)
class CurrentTrace:
    """Current and working-electrode voltage against time.

    Parameters
    ----------
    time_s : ndarray of float
        Time since the start of the experiment, s.
    current_A : ndarray of float
        Current, A (EC-Lab sign: positive = anodic/oxidation at the working electrode).
    voltage_V : ndarray of float
        Working-electrode potential Ewe, V (NaN where the file has no voltage column).
    metadata : mapping
        Format, source path, sha256, technique, original column names, loop boundaries.
    """

    time_s: np.ndarray
    current_A: np.ndarray
    voltage_V: np.ndarray
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        arrays = []
        for name in ("time_s", "current_A", "voltage_V"):
            a = np.array(getattr(self, name), dtype=float).reshape(-1)
            a.setflags(write=False)
            arrays.append(a)
            object.__setattr__(self, name, a)
        if len({a.size for a in arrays}) != 1:
            raise InputError("time, current and voltage arrays differ in length: "
                             f"{[a.size for a in arrays]}")
        object.__setattr__(self, "metadata", dict(self.metadata))

    def __len__(self) -> int:
        return int(self.time_s.size)


def _pick(columns: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in columns), None)


def read_chronoamperometry(path: str | Path) -> CurrentTrace:
    """Read a DC record (chronoamperometry) from a Bio-Logic ``.mpr`` or ``.mpt`` file.

    Parameters
    ----------
    path : str or Path
        EC-Lab binary or text file; the format is decided by content.

    Returns
    -------
    CurrentTrace
        ``time_s`` (s), ``current_A`` (A), ``voltage_V`` (V), file order.

    Raises
    ------
    ParseError
        Not a Bio-Logic file, or no ``time/s`` or current column.
    """
    raw = load_raw(path)
    if biologic_mpr.sniff(raw.data[:64]):
        f = biologic_mpr.read_mpr(raw)
        cols: Mapping[str, Any] = f.columns
        meta = biologic_mpr.mpr_metadata(raw, f, fmt="biologic-mpr")
        get = cols.__getitem__
    elif biologic_mpt.sniff(raw.data[:64]):
        t = biologic_mpt.read_table(raw)
        cols = {n: k for k, n in enumerate(t.names)}
        meta = {"format": "biologic-mpt", "source_path": raw.path, "sha256": raw.sha256,
                "columns": list(t.names), **biologic_mpt.header_facts(t.header)}

        def get(name: str) -> np.ndarray:
            return np.asarray(t.column(cols[name], raw.path), dtype=float)
    else:
        raise ParseError(f"{raw.path}: not a Bio-Logic .mpr/.mpt file; DC records are read from "
                         "EC-Lab files only")
    found = ", ".join(repr(n) for n in cols)
    tn = _pick(cols, TIME_NAMES)
    if tn is None:
        raise ParseError(f"no time column ('time/s') in {raw.path}; found columns: {found}")
    cn = _pick(cols, CURRENT_NAMES_mA)
    if cn is None:
        raise ParseError(f"no current column ('<I>/mA' or 'I/mA') in {raw.path}; found columns: "
                         f"{found}")
    vn = _pick(cols, VOLTAGE_NAMES)
    t_s = np.asarray(get(tn), dtype=float)
    i_A = np.asarray(get(cn), dtype=float) * 1e-3
    v_V = np.asarray(get(vn), dtype=float) if vn else np.full(t_s.size, np.nan)
    meta.update(time_column=tn, current_column=cn, voltage_column=vn, n_points=int(t_s.size))
    return CurrentTrace(t_s, i_A, v_V, meta)
