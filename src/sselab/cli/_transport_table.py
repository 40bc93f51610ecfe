"""CSV tables of the transport commands: read rows, find columns and units from header names.

Header names carry their unit, as sselab's own names do: ``T_K`` or
``T_degC`` (also ``temperature (°C)``, ``T/K``), ``sigma_mS_per_cm`` (also
``sigma_S_per_cm``, ``conductivity (S/m)``, ``σ / mS cm-1``),
``thickness_um``, ``diameter_mm``, ``area_cm2``.  Values are converted to SI here,
at the boundary.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sselab.errors import InputError, ParseError

#: Conductivity unit token → factor to S m⁻¹.
_SIGMA_UNITS = {"s_per_m": 1.0, "s_per_cm": 100.0, "ms_per_cm": 0.1, "us_per_cm": 1e-4,
                "ms_per_m": 1e-3}
_LENGTH_UNITS = {"m": 1.0, "cm": 1e-2, "mm": 1e-3, "um": 1e-6}
_AREA_UNITS = {"m2": 1.0, "cm2": 1e-4, "mm2": 1e-6}


def normalise_header(name: str) -> str:
    """Lower-case, unit-friendly form: 'σ / mS cm-1' → 'sigma_ms_per_cm'."""
    h = name.strip().lower().replace("σ", "sigma").replace("°", "deg").replace("µ", "u")
    h = h.replace("μ", "u").replace("²", "2").replace("^2", "2")
    h = re.sub(r"\bcm\s*\^?-1\b", "per_cm", h)
    h = re.sub(r"(?<![a-z])m\s*\^?-1\b", "per_m", h)
    h = h.replace("/", "_per_")
    h = re.sub(r"[^a-z0-9]+", "_", h).strip("_")
    h = re.sub(r"_per_per_", "_per_", h)
    h = re.sub(r"(ms|us|s)_(per_(?:cm|m))", r"\1_\2", h)
    h = re.sub(r"(^|_)(ms|us|s)_(cm|m)(?=_|$)", r"\1\2_per_\3", h)
    return re.sub(r"_+", "_", h)


def read_rows(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV file (comment lines starting with '#' and blank lines skipped)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"table {str(path)!r} does not exist")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = p.read_text(encoding="latin-1")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise ParseError(f"table {str(path)!r} is empty")
    dialect = csv.excel_tab if lines[0].count("\t") > lines[0].count(",") else csv.excel
    reader = csv.reader(lines, dialect)
    header = [h.strip() for h in next(reader)]
    rows = []
    for i, rec in enumerate(reader, start=2):
        if len(rec) != len(header):
            raise ParseError(f"{path}: data row {i} has {len(rec)} fields, header has "
                             f"{len(header)}")
        rows.append({h: v.strip() for h, v in zip(header, rec, strict=True)})
    if not rows:
        raise ParseError(f"table {str(path)!r} has a header but no rows")
    return header, rows


def find_temperature_column(header: list[str]) -> tuple[str, str]:
    """(column, unit) with unit "K" or "degC", from names like T_K, T_degC, temperature (°C)."""
    for h in header:
        n = normalise_header(h)
        if not (n.startswith("t_") or n.startswith("temp") or n == "t"):
            continue
        toks = n.split("_")
        if toks[-1] in ("k", "kelvin"):
            return h, "K"
        if toks[-1] in ("degc", "c", "celsius") or "degc" in toks:
            return h, "degC"
    raise InputError(
        "no temperature column with a unit in its name; name it T_K or T_degC "
        f"(columns: {', '.join(header)})")


def find_conductivity_column(header: list[str]) -> tuple[str, float]:
    """(column, factor to S/m) from names like sigma_mS_per_cm, conductivity_S_per_m."""
    for h in header:
        n = normalise_header(h)
        if not (n.startswith("sigma") or n.startswith("cond") or n.startswith("kappa")):
            continue
        if "err" in n or "std" in n or "unc" in n:
            continue
        for unit, fac in sorted(_SIGMA_UNITS.items(), key=lambda kv: -len(kv[0])):
            if n.endswith("_" + unit) or n == unit:
                return h, fac
    raise InputError(
        "no conductivity column with a unit in its name; name it sigma_S_per_m, sigma_S_per_cm "
        f"or sigma_mS_per_cm (columns: {', '.join(header)})")


def find_length_column(header: list[str], stem: str, stderr: bool = False
                       ) -> tuple[str, float] | None:
    """(column, factor to m) for e.g. stem='thickness' with thickness_um / thickness_mm.

    With ``stderr=True`` the uncertainty column (``thickness_stderr_um``, ``thickness_err_mm``).
    """
    for h in header:
        n = normalise_header(h)
        if not n.startswith(stem):
            continue
        is_err = any(w in n for w in ("err", "std", "unc"))
        if is_err != stderr:
            continue
        toks = n.split("_")
        if toks[-1] in _LENGTH_UNITS:
            return h, _LENGTH_UNITS[toks[-1]]
    return None


def find_area_column(header: list[str]) -> tuple[str, float] | None:
    """(column, factor to m²) for area_cm2, area_mm2, area_m2."""
    for h in header:
        n = normalise_header(h)
        if not n.startswith("area"):
            continue
        toks = n.split("_")
        if toks[-1] in _AREA_UNITS:
            return h, _AREA_UNITS[toks[-1]]
    return None


def to_float(value: str, column: str, row: int) -> float:
    """A cell as float, or an InputError naming the row and column."""
    try:
        return float(value)
    except ValueError:
        raise InputError(f"row {row}, column {column!r}: {value!r} is not a number") from None
