"""Plain numeric tables: CSV, TSV, semicolon or whitespace separated, with or without header.

Headerless files (``exampleData.csv``, ``LIB_data.txt``) are read as three columns
*frequency [Hz], Re(Z) [Ω], Im(Z) [Ω]* with Im(Z) **not** negated (capacitive < 0), the
convention of impedance.py and pyDRTtools.  If most imaginary parts are positive the
reader warns, since the third column may then be −Im(Z).

With a header line, columns are matched by name (case-insensitive): frequency
(``freq``, ``frequency``, ``f``), real part (``Z'``, ``Zre``, ``Re(Z)``, ``Zreal``,
``real``), imaginary part (``Z''``, ``Zim``, ``Im(Z)``, ``Zimag``, ``imag``) or its
negative (a leading ``-``: ``-Z''``, ``-Im(Z)``; flipped).  A unit in the name (``kHz``,
``mHz``, ``kOhm``, ``MOhm``, ``mOhm``) is converted to Hz/Ω.  Lines starting with ``#``
or ``%`` are comments.
"""

from __future__ import annotations

import re
import warnings

from sselab.errors import ParseError
from sselab.io.eis.common import (
    EisTable,
    RawFile,
    ReaderWarning,
    base_metadata,
    decode_text,
    guess_delimiter,
    looks_numeric,
    make_table,
    numeric_block,
    split_fields,
    split_lines,
)

FORMAT = "table"
EXTENSIONS = (".csv", ".txt", ".dat", ".tsv")
_COMMENT = ("#", "%", "//")


def _first_content(lines: list[str]) -> int | None:
    for i, ln in enumerate(lines):
        s = ln.strip()
        if s and not s.startswith(_COMMENT):
            return i
    return None


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", name.strip().strip('"').lower())


def _role(name: str) -> str | None:
    n = _norm(name)
    base = re.split(r"[(\[/]", n, maxsplit=1)[0] if not n.startswith(("re(", "im(", "-im(")) else n
    if base.startswith("freq") or base in ("f", "nu"):
        return "freq"
    neg = n.startswith("-")
    core = n.lstrip("-")
    if core.startswith(("|z|", "mod", "phase", "abs", "theta")):
        return None
    if core.startswith(("z''", 'z"', "im(z)", "zim", "zimag", "imag", "zi", "z_imag", "z_im")):
        return "minus_imag" if neg else "imag"
    if core.startswith(("z'", "re(z)", "zre", "zreal", "real", "zr", "z_real", "z_re")) and not neg:
        return "real"
    return None


def _unit_factor(name: str) -> float:
    m = re.search(r"[(\[/]\s*([kKmMµu]?)\s*(Hz|ohm|Ohm|OHM|Ω)", name)
    if not m:
        return 1.0
    return {"": 1.0, "k": 1e3, "K": 1e3, "M": 1e6, "m": 1e-3, "µ": 1e-6, "u": 1e-6}[m.group(1)]


def sniff(head: bytes) -> int:
    """50 for numeric rows of ≥ 3 fields, 40 for a header naming frequency, Re and Im."""
    lines = split_lines(decode_text(head[:4096]))
    i = _first_content(lines)
    if i is None:
        return 0
    delim = guess_delimiter(lines[i])
    parts = split_fields(lines[i], delim)
    if len(parts) >= 3 and all(looks_numeric(p.strip('"')) for p in parts if p):
        return 50
    roles = {_role(p) for p in parts}
    if "freq" in roles and "real" in roles and roles & {"imag", "minus_imag"}:
        return 40
    return 0


def parse(raw: RawFile) -> EisTable:
    """Read a numeric table (see the module docstring for the column rules)."""
    lines = split_lines(decode_text(raw.data))
    i = _first_content(lines)
    if i is None:
        raise ParseError(f"{raw.path}: the file holds no data lines")
    delim = guess_delimiter(lines[i])
    parts = split_fields(lines[i], delim)
    headerless = all(looks_numeric(p.strip('"')) for p in parts if p)
    if headerless:
        if len(parts) < 3:
            raise ParseError(f"{raw.path}: a header-less table needs 3 columns (f/Hz, Re/Ω, "
                             f"Im/Ω); line {i + 1} has {len(parts)}")
        names = ["f/Hz", "Re(Z)/Ohm", "Im(Z)/Ohm"]
        idx = [0, 1, 2]
        neg = False
        factors = (1.0, 1.0, 1.0)
        start = i
    else:
        names = [p.strip().strip('"') for p in parts]
        roles = [_role(p) for p in names]
        found = ", ".join(repr(n) for n in names)
        if "freq" not in roles:
            raise ParseError(f"no frequency column ('freq') in {raw.path}; found columns: {found}")
        if "real" not in roles:
            raise ParseError(f"no real-part column (\"Z'\") in {raw.path}; found columns: {found}")
        if "imag" not in roles and "minus_imag" not in roles:
            raise ParseError(f"no imaginary-part column (\"Z''\") in {raw.path}; found columns: "
                             f"{found}")
        i_im = roles.index("imag") if "imag" in roles else roles.index("minus_imag")
        neg = roles[i_im] == "minus_imag"
        idx = [roles.index("freq"), roles.index("real"), i_im]
        factors = tuple(_unit_factor(names[k]) for k in idx)
        start = i + 1
    # comment lines inside the data are skipped by treating them as blank
    body = ["" if ln.lstrip().startswith(_COMMENT) else ln for ln in lines]
    (f, zr, zi), _ = numeric_block(body, start, delim, idx, raw.path, stop_at_text=False)
    f = [v * factors[0] for v in f]
    zr = [v * factors[1] for v in zr]
    zi = [(-v if neg else v) * factors[2] for v in zi]
    meta = base_metadata(raw, FORMAT, names, header=not headerless)
    meta["imag_column"] = names[idx[2]]
    if headerless:
        meta["column_convention"] = "f/Hz, Re(Z)/Ohm, Im(Z)/Ohm (Im not negated; assumed)"
        if zi and sum(v > 0 for v in zi) > 0.8 * len(zi):
            warnings.warn(
                f"{raw.path}: {sum(v > 0 for v in zi)} of {len(zi)} imaginary parts are positive; "
                "a header-less third column is read as Im(Z) — if it holds −Im(Z), negate it",
                ReaderWarning, stacklevel=3,
            )
    return make_table(raw, f, zr, zi, meta)
