"""Read a results database back: tables as CSV/Parquet, and SQL queries as pandas DataFrames.

pandas (and pyarrow for Parquet) are optional: ``pip install 'sselab[batch]'``.  CSV export
needs neither (stdlib :mod:`csv`).
"""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path
from typing import Any

from sselab.batch.store import TABLES, open_existing
from sselab.errors import DataError, InputError

#: What ``export`` writes: every table plus the flat results view.
EXPORTED = (*TABLES, "results_flat")
BATCH_HINT = "install the extra with: pip install 'sselab[batch]'"


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise InputError(f"pandas is not installed; {BATCH_HINT}") from None
    return pd


def _sql(sql_or_table: str) -> str:
    s = sql_or_table.strip()
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", s):
        if s not in EXPORTED:
            raise InputError(f"no table {s!r}; tables: {', '.join(EXPORTED)}")
        return f"SELECT * FROM {s}"
    return s


def rows(db: str | Path, sql_or_table: str, params: tuple[Any, ...] = ()
         ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of a table name or a read-only SQL query (no pandas needed)."""
    con = open_existing(db)
    try:
        cur = con.execute(_sql(sql_or_table), params)
        cols = [d[0] for d in cur.description or ()]
        return cols, cur.fetchall()
    except sqlite3.Error as exc:
        raise InputError(f"query failed on {db}: {exc}") from None
    finally:
        con.close()


def query(db: str | Path, sql_or_table: str, params: tuple[Any, ...] = ()) -> Any:
    """A table name (``"results_flat"``, ``"samples"`` …) or a SQL query as a pandas DataFrame.

    Examples
    --------
    >>> df = query("results.sqlite", "results_flat")                       # doctest: +SKIP
    >>> query("results.sqlite", "SELECT x, AVG(value) FROM results_flat "
    ...       "WHERE name='conductivity_S_per_m' GROUP BY x")             # doctest: +SKIP
    """
    pd = _pandas()
    cols, data = rows(db, sql_or_table, params)
    return pd.DataFrame.from_records(data, columns=cols)


def export(db: str | Path, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write every table and ``results_flat`` to ``out_dir`` as CSV or Parquet; return the paths."""
    if fmt not in ("csv", "parquet"):
        raise InputError(f"unknown export format {fmt!r}; use csv or parquet")
    if fmt == "parquet":
        _pandas()
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError(f"Parquet export needs pyarrow, which is not installed; "
                             f"{BATCH_HINT}") from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for t in EXPORTED:
        cols, data = rows(db, t)
        path = out / f"{t}.{fmt}"
        if fmt == "csv":
            with open(path, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(cols)
                w.writerows(data)
        else:
            import pandas as pd

            pd.DataFrame.from_records(data, columns=cols).to_parquet(path, index=False)
        written.append(path)
    if not written:  # pragma: no cover
        raise DataError(f"nothing exported from {db}")
    return written
