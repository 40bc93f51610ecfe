"""The canonical cycling table every cycling reader returns and every cycling analysis takes.

Columns are plain 1-D numpy arrays in a read-only mapping, one value per record, with the
unit in the name.  Column-wise numpy keeps ``import sselab.cycling`` light (no pandas,
no polars) and lets the analysis of a 10-million-row record be vectorised.

Required columns (always present, in this order)
------------------------------------------------
========================  ======  ==========================================================
``time_s``                f8      test time as the instrument counts it, s (non-decreasing;
                                  0 at the test start, so a fragment of a longer test
                                  starts later)
``voltage_V``             f8      cell voltage as measured (working vs counter/reference), V
``current_A``             f8      current, A, **signed: charge > 0** (raises the voltage of
                                  the working electrode vs the counter), discharge < 0
``capacity_Ah``           f8      charge passed since the start of the row's step, Ah,
                                  signed like the current (resets at every step; a
                                  half-cycle's capacity is the sum over its steps)
``step_index``            i4      sselab's step counter: 1, 1, …, 2, … (never decreases;
                                  advances at every vendor step/technique change)
``step_type``             i1      code into :data:`STEP_TYPES` (rest, OCV, CC, CV, CCCV, CP,
                                  CR, pulse, EIS, other, unknown)
``half_cycle``            i4      derived half-cycle (0 = before the first current step)
``cycle``                 i4      derived cycle (0 = before the first cycle starts); see
                                  :mod:`sselab.cycling.halfcycles` for the policy
========================  ======  ==========================================================

Optional columns (present when the file has them)
-------------------------------------------------
``vendor_cycle`` (i4) and ``vendor_step`` (i4) keep the instrument's own counters;
``temperature_K``, ``temperature_2_K`` …, ``pressure_Pa``, ``energy_Wh`` (per step,
signed), ``counter_voltage_V`` (3-electrode) and any other name ending in a unit suffix
(``_s _V _A _Ah _Wh _K _Pa _ohm``) hold float64 values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from sselab.cycling.halfcycles import POLICIES, assign_cycles
from sselab.cycling.steps import STEP_CODE, STEP_TYPES, step_starts
from sselab.errors import InputError, ParseError

#: Required columns → numpy dtype, in canonical order.
REQUIRED_COLUMNS: Mapping[str, str] = MappingProxyType({
    "time_s": "f8", "voltage_V": "f8", "current_A": "f8", "capacity_Ah": "f8",
    "step_index": "i4", "step_type": "i1", "half_cycle": "i4", "cycle": "i4",
})
#: Optional integer columns.
INTEGER_COLUMNS: Mapping[str, str] = MappingProxyType({"vendor_cycle": "i4", "vendor_step": "i4"})
_UNIT_SUFFIX = re.compile(r"^[a-z][a-z0-9_]*_(s|V|A|Ah|Wh|K|Pa|ohm)$")

__all__ = ["STEP_CODE", "STEP_TYPES", "CyclingMetadata", "CyclingTable", "Provenance"]


@dataclass(frozen=True)
class CyclingMetadata:
    """Facts about the cell and the test that the analysis needs (SI units in the names).

    Attributes
    ----------
    active_mass_kg : float or None
        Mass of the active material of the working (positive) electrode, kg.
    area_m2 : float or None
        Geometric electrode area, m².
    reference_offset_V : float or None
        Potential of the counter/reference electrode vs Li/Li⁺, V, so that
        E vs Li/Li⁺ = ``voltage_V`` + offset (0 for Li metal, ≈0.62 for Li–In).
    nominal_capacity_Ah : float or None
        Capacity that defines 1C, Ah.
    start_time_utc : datetime or None
        Absolute time of ``time_s`` = 0 (the test start), timezone-aware UTC.
    utc_offset_s : float or None
        Offset of the instrument's local clock from UTC at the start, s (+7200 = UTC+2).
    timezone : str or None
        Original zone: an IANA name given by the user, or ``"UTC+02:00"`` style.
    timezone_source : str
        ``"file"`` (the file stores UTC and its zone), ``"inferred"`` (UTC in the file, local
        zone inferred from a local start time), ``"user"`` (zone given by the caller) or
        ``"unknown"`` (naive local times: ``start_time_utc`` is None unless a zone is given).
    start_time_local : str or None
        Start time as the instrument wrote it (ISO 8601 without zone).
    instrument : str
        Vendor/instrument family (``"Neware"``, ``"Bio-Logic"`` …).
    capacity_source : str
        ``"vendor"`` (the file's capacity counters) or ``"integrated"`` (∫I dt by sselab).
    cycle_policy, first_direction, cycle_reason : str
        How ``cycle`` was derived (see :mod:`sselab.cycling.halfcycles`).
    vendor : mapping
        Other facts from the file header (schedule, channel, remarks, software version …).
    """

    active_mass_kg: float | None = None
    area_m2: float | None = None
    reference_offset_V: float | None = None
    nominal_capacity_Ah: float | None = None
    start_time_utc: datetime | None = None
    utc_offset_s: float | None = None
    timezone: str | None = None
    timezone_source: str = "unknown"
    start_time_local: str | None = None
    instrument: str = ""
    capacity_source: str = "vendor"
    cycle_policy: str = "auto"
    first_direction: str = ""
    cycle_reason: str = ""
    vendor: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("active_mass_kg", "area_m2", "nominal_capacity_Ah"):
            v = getattr(self, name)
            if v is not None:
                fv = float(v)
                if not (fv > 0 and np.isfinite(fv)):
                    raise InputError(f"{name} must be a positive, finite number; got {v!r}")
                object.__setattr__(self, name, fv)
        if self.reference_offset_V is not None:
            fv = float(self.reference_offset_V)
            if not np.isfinite(fv):
                raise InputError(f"reference_offset_V must be finite; got {fv!r}")
            object.__setattr__(self, "reference_offset_V", fv)
        if self.start_time_utc is not None and self.start_time_utc.utcoffset() is None:
            raise InputError("start_time_utc must be timezone-aware (UTC)")
        object.__setattr__(self, "vendor", MappingProxyType(dict(self.vendor)))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly dict (datetimes as ISO 8601 strings)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, datetime):
                v = v.isoformat()
            elif isinstance(v, Mapping):
                v = {str(k): (x.isoformat() if isinstance(x, datetime) else x)
                     for k, x in v.items()}
            out[f.name] = v
        return out


@dataclass(frozen=True)
class Provenance:
    """Where a table came from: reader, its version, the file and its SHA-256.

    ``file_sha256`` is the hash of the file as stored; for a gzipped file
    ``content_sha256`` is the hash of the decompressed content (else "") and
    ``file_size_bytes`` its decompressed size.  ``backend`` names a third-party decoder
    and its version (fastnda, access-parser) when one was used.
    """

    reader: str
    reader_version: str
    format: str
    source: str
    file_sha256: str
    file_size_bytes: int
    backend: str = ""
    content_sha256: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _check_columns(columns: Mapping[str, Any]) -> dict[str, np.ndarray]:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ParseError(f"cycling table: missing column(s) {', '.join(missing)}")
    out: dict[str, np.ndarray] = {}
    n = None
    names = list(REQUIRED_COLUMNS) + [c for c in columns if c not in REQUIRED_COLUMNS]
    for name in names:
        if name in REQUIRED_COLUMNS:
            dt = REQUIRED_COLUMNS[name]
        elif name in INTEGER_COLUMNS:
            dt = INTEGER_COLUMNS[name]
        elif _UNIT_SUFFIX.match(name):
            dt = "f8"
        else:
            raise ParseError(f"cycling table: column {name!r} has no unit suffix "
                             "(_s, _V, _A, _Ah, _Wh, _K, _Pa, _ohm) and is not a known column")
        a = np.asarray(columns[name])
        if a.ndim != 1:
            raise ParseError(f"cycling table: column {name!r} must be 1-D, got shape {a.shape}")
        fresh = False
        if a.dtype != np.dtype(dt):
            if a.dtype.kind == "f" and dt != "f8" and a.size and not np.all(np.isfinite(a)):
                raise ParseError(f"cycling table: integer column {name!r} has non-finite values")
            try:
                a = a.astype(dt)
            except (TypeError, ValueError) as exc:
                raise ParseError(f"cycling table: column {name!r} is not numeric ({exc})") from None
            fresh = True
        if n is None:
            n = a.size
        elif a.size != n:
            raise ParseError(f"cycling table: column {name!r} has {a.size} rows, expected {n}")
        if a.flags.writeable:
            if not fresh:  # never freeze (or let others mutate) the caller's array
                a = a.copy()
            a.setflags(write=False)
        out[name] = a
    return out


def _validate(cols: Mapping[str, np.ndarray]) -> None:
    t = cols["time_s"]
    for name in ("time_s", "voltage_V", "current_A", "capacity_Ah"):
        a = cols[name]
        if a.size and not np.all(np.isfinite(a)):
            bad = int(np.flatnonzero(~np.isfinite(a))[0])
            raise ParseError(f"cycling table: {name} is not finite at row {bad}")
    if t.size > 1 and np.any(np.diff(t) < 0):
        bad = int(np.flatnonzero(np.diff(t) < 0)[0]) + 1
        raise ParseError(f"cycling table: time_s decreases at row {bad} "
                         f"({t[bad - 1]:.6g} s → {t[bad]:.6g} s)")
    s = cols["step_index"]
    if s.size and (s[0] < 1 or np.any(np.diff(s) < 0)):
        raise ParseError("cycling table: step_index must start at ≥ 1 and never decrease")
    st = cols["step_type"]
    if st.size and (st.min() < 0 or st.max() >= len(STEP_TYPES)):
        raise ParseError("cycling table: step_type holds codes outside STEP_TYPES")


@dataclass(frozen=True, eq=False)
class CyclingTable:
    """One cycling record in canonical columns (see the module docstring).

    Build it with :meth:`from_columns` (fills derived columns); the constructor validates
    and freezes what it is given.

    Attributes
    ----------
    columns : mapping of str → ndarray
        Read-only 1-D arrays of equal length.
    metadata : CyclingMetadata
    provenance : Provenance
    column_map : mapping of str → str
        Vendor column (or expression) → canonical column it fed.
    notes : tuple of str
        What the reader decided or found doubtful (quantised exports, dropped channels,
        split-off impedance rows, inferred time zone …).
    impedance : mapping of str → ndarray, optional
        Rows split off because they are impedance data (``time_s``, ``frequency_Hz``,
        ``z_real_ohm``, ``z_imag_ohm``), or an empty mapping.
    """

    columns: Mapping[str, np.ndarray]
    metadata: CyclingMetadata = field(default_factory=CyclingMetadata)
    provenance: Provenance | None = None
    column_map: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    impedance: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cols = _check_columns(self.columns)
        _validate(cols)
        object.__setattr__(self, "columns", MappingProxyType(cols))
        object.__setattr__(self, "column_map", MappingProxyType(dict(self.column_map)))
        object.__setattr__(self, "notes", tuple(self.notes))
        imp = {k: np.asarray(v) for k, v in dict(self.impedance).items()}
        object.__setattr__(self, "impedance", MappingProxyType(imp))

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_columns(cls, columns: Mapping[str, Any], metadata: CyclingMetadata | None = None,
                     provenance: Provenance | None = None,
                     column_map: Mapping[str, str] | None = None, notes: tuple[str, ...] = (),
                     impedance: Mapping[str, Any] | None = None,
                     cycle_policy: str = "auto") -> CyclingTable:
        """Fill ``step_index``/``step_type``/``capacity_Ah``/``half_cycle``/``cycle`` if absent.

        ``columns`` needs at least ``time_s``, ``voltage_V`` and ``current_A``.  A missing
        ``step_index`` is derived from ``vendor_step``/``vendor_cycle`` changes (else one
        step per run of constant current sign); a missing ``step_type`` from the data
        (:func:`~sselab.cycling.steps.classify_steps`); a missing ``capacity_Ah`` by
        coulomb counting (and ``metadata.capacity_source`` says ``"integrated"``).
        """
        from sselab.cycling.steps import (
            capacity_from_current,
            classify_steps,
            step_index_from_keys,
        )

        cols = dict(columns)
        for need in ("time_s", "voltage_V", "current_A"):
            if need not in cols:
                raise ParseError(f"cycling table: no {need} column")
        for name in ("time_s", "voltage_V", "current_A", "capacity_Ah", "step_index",
                     "vendor_cycle", "vendor_step"):
            if name in cols:
                a = np.asarray(cols[name])
                if a.dtype.kind not in "iufb":
                    raise ParseError(f"cycling table: column {name!r} is not numeric")
                if a.dtype.kind == "f" and not np.all(np.isfinite(a)):
                    bad = int(np.flatnonzero(~np.isfinite(a))[0])
                    raise ParseError(f"cycling table: {name} is not finite at row {bad}")
        meta = metadata or CyclingMetadata()
        t = np.asarray(cols["time_s"], dtype=np.float64)
        i = np.asarray(cols["current_A"], dtype=np.float64)
        if "step_index" not in cols:
            keys = [np.asarray(cols[k]) for k in ("vendor_cycle", "vendor_step") if k in cols]
            if not keys:
                keys = [np.sign(i)]
            cols["step_index"] = step_index_from_keys(*keys)
        if "step_type" not in cols:
            cols["step_type"] = classify_steps(t, np.asarray(cols["voltage_V"], dtype=float), i,
                                               cols["step_index"])
        if "capacity_Ah" not in cols:
            cols["capacity_Ah"] = capacity_from_current(t, i, cols["step_index"])
            meta = dataclasses.replace(meta, capacity_source="integrated")
        if cycle_policy not in POLICIES:
            raise InputError(f"cycle policy must be one of {', '.join(POLICIES)}; "
                             f"got {cycle_policy!r}")
        ca = assign_cycles(cols["step_index"], i, cols["capacity_Ah"], cols["step_type"],
                           cols.get("vendor_cycle"), policy=cycle_policy)
        cols["half_cycle"] = ca.half_cycle
        cols["cycle"] = ca.cycle
        meta = dataclasses.replace(meta, cycle_policy=cycle_policy,
                                   first_direction=ca.first_direction, cycle_reason=ca.reason)
        ordered = {k: cols[k] for k in REQUIRED_COLUMNS}
        ordered.update({k: v for k, v in cols.items() if k not in REQUIRED_COLUMNS})
        return cls(ordered, meta, provenance, column_map or {}, tuple(notes), impedance or {})

    # ------------------------------------------------------------------ access
    def __len__(self) -> int:
        return int(self.columns["time_s"].size)

    @property
    def n_rows(self) -> int:
        return len(self)

    def __getitem__(self, name: str) -> np.ndarray:
        try:
            return self.columns[name]
        except KeyError:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.columns)}") from None

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    @cached_property
    def step_starts(self) -> np.ndarray:
        """First row of every step (int64)."""
        return step_starts(self.columns["step_index"])

    @property
    def step_type_names(self) -> np.ndarray:
        """``step_type`` as strings (object array; for display, not for big loops)."""
        return np.asarray(STEP_TYPES, dtype=object)[self.columns["step_type"]]

    @property
    def voltage_vs_reference_V(self) -> np.ndarray:
        """E vs Li/Li⁺ = ``voltage_V`` + ``metadata.reference_offset_V``, V."""
        off = self.metadata.reference_offset_V
        if off is None:
            raise InputError("the reference-electrode offset is not set: give "
                             "reference_offset_V (0 for Li metal, 0.62 V for Li-In)")
        return self.columns["voltage_V"] + off

    @property
    def n_impedance_rows(self) -> int:
        f = self.impedance.get("frequency_Hz")
        return 0 if f is None else int(np.asarray(f).size)

    # ------------------------------------------------------------------ derived copies
    def select(self, rows: np.ndarray | slice) -> CyclingTable:
        """A table with a subset of rows (boolean mask, index array or slice), same metadata."""
        cols = {k: v[rows] for k, v in self.columns.items()}
        return CyclingTable(cols, self.metadata, self.provenance, self.column_map, self.notes,
                            self.impedance)

    def with_metadata(self, **changes: Any) -> CyclingTable:
        """A copy with metadata fields replaced (e.g. ``active_mass_kg=2.08e-6``)."""
        try:
            meta = dataclasses.replace(self.metadata, **changes)
        except TypeError as exc:
            raise InputError(f"unknown metadata field: {exc}") from None
        return CyclingTable(self.columns, meta, self.provenance, self.column_map, self.notes,
                            self.impedance)

    def with_cycle_policy(self, policy: str) -> CyclingTable:
        """A copy whose ``half_cycle``/``cycle`` are re-derived under ``policy``."""
        c = self.columns
        ca = assign_cycles(c["step_index"], c["current_A"], c["capacity_Ah"], c["step_type"],
                           c.get("vendor_cycle"), policy=policy)
        cols = dict(c)
        cols["half_cycle"] = ca.half_cycle
        cols["cycle"] = ca.cycle
        meta = dataclasses.replace(self.metadata, cycle_policy=policy,
                                   first_direction=ca.first_direction, cycle_reason=ca.reason)
        return CyclingTable(cols, meta, self.provenance, self.column_map, self.notes,
                            self.impedance)

    def describe(self) -> dict[str, Any]:
        """Counts, columns with units, metadata, provenance, column map and notes (JSON-ready)."""
        c = self.columns
        n = len(self)
        return {
            "rows": n,
            "n_columns": len(c),
            "columns": list(c),
            "n_steps": int(self.step_starts.size),
            "n_half_cycles": int(c["half_cycle"].max()) if n else 0,
            "n_cycles": int(c["cycle"].max()) if n else 0,
            "n_vendor_cycles": (int(np.unique(c["vendor_cycle"]).size)
                                if "vendor_cycle" in c and n else None),
            "duration_s": float(c["time_s"][-1] - c["time_s"][0]) if n else 0.0,
            "impedance_rows": self.n_impedance_rows,
            "metadata": self.metadata.as_dict(),
            "provenance": self.provenance.as_dict() if self.provenance else None,
            "column_map": dict(self.column_map),
            "notes": list(self.notes),
        }
