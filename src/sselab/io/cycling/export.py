"""Write a :class:`~sselab.cycling.CyclingTable` as CSV or Parquet (plus its metadata).

CSV
    Canonical headers, ``step_type`` as names; it reads back with
    ``read_cycling(path)`` (detected as ``generic_csv``).  The metadata, provenance,
    column map and notes go to a JSON file beside it (``<name>.meta.json``).
Parquet
    Written with polars (installed with fastnda); the same JSON is stored in the file's
    key-value metadata under ``"sselab"`` and beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sselab.cycling.steps import STEP_TYPES
from sselab.cycling.table import CyclingTable
from sselab.errors import InputError

_FLOAT_FMT = {"time_s": "%.15g"}


def _plain(obj: object) -> object:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    return str(obj)


def _meta_json(table: CyclingTable) -> str:
    return json.dumps(table.describe(), default=_plain, indent=2, ensure_ascii=False)


def sidecar_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.name + ".meta.json") if p.suffix == "" else \
        p.with_name(p.stem + ".meta.json")


def write_csv(table: CyclingTable, path: str | Path) -> Path:
    """Write ``table`` as CSV at ``path`` and its metadata beside it; returns the CSV path."""
    p = Path(path)
    names = list(table.columns)
    cols = []
    fmts = []
    for n in names:
        a = table[n]
        if n == "step_type":
            cols.append(np.asarray(STEP_TYPES, dtype=object)[a])
            fmts.append("%s")
        elif a.dtype.kind in "iu":
            cols.append(a.astype(object))
            fmts.append("%d")
        else:
            cols.append(a.astype(object))
            fmts.append(_FLOAT_FMT.get(n, "%.10g"))
    try:
        with open(p, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(names) + "\n")
            if len(table):
                np.savetxt(fh, np.column_stack(cols), fmt=fmts, delimiter=",")
        sidecar_path(p).write_text(_meta_json(table) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {p}: {exc.strerror or exc}") from None
    return p


def write_parquet(table: CyclingTable, path: str | Path) -> Path:
    """Write ``table`` as Parquet (zstd) with its metadata; returns the path."""
    try:
        import polars as pl
    except ImportError:  # pragma: no cover - polars comes with fastnda
        raise InputError("writing Parquet needs polars (pip install polars)") from None
    p = Path(path)
    data = {}
    for n in table.columns:
        a = table[n]
        data[n] = (pl.Series(n, np.asarray(STEP_TYPES, dtype=object)[a].astype(str),
                             dtype=pl.Categorical) if n == "step_type" else pl.Series(n, a))
    meta = _meta_json(table)
    try:
        pl.DataFrame(data).write_parquet(p, metadata={"sselab": meta})
        sidecar_path(p).write_text(meta + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {p}: {exc.strerror or exc}") from None
    return p
