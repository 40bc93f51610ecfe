"""Pieces shared by the cycling readers: file bytes, text tables, numbers, units, times.

Nothing here knows a vendor; each vendor module maps its headers onto canonical columns
with these helpers and hands the arrays to :func:`finish`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sselab._version import __version__
from sselab.cycling.table import CyclingMetadata, CyclingTable, Provenance
from sselab.errors import InputError, ParseError
from sselab.io.cycling._time import (  # noqa: F401 - re-exported for the vendor modules
    datetimes_to_seconds,
    excel_serial_to_datetime,
    hms_to_seconds,
    naive_start_fields,
    parse_local_datetime,
    resolve_zone,
    utc_start_fields,
)

#: Keyword arguments every reader accepts (user-supplied metadata and policy).
USER_OPTIONS: tuple[str, ...] = (
    "active_mass_kg", "area_m2", "reference_offset_V", "nominal_capacity_Ah", "timezone",
    "cycle_policy",
)


@dataclass(frozen=True)
class RawFile:
    """Bytes of one file (decompressed if it was gzipped) plus its name and SHA-256.

    Attributes
    ----------
    path : str
        Path as given.
    data : bytes
        File content; for ``*.gz`` files the decompressed content.
    sha256 : str
        SHA-256 of the file as stored on disk.
    content_sha256 : str
        SHA-256 of ``data`` when it differs from the stored bytes (gzip), else "".
    """

    path: str
    data: bytes
    sha256: str
    content_sha256: str = ""

    @property
    def name(self) -> str:
        """File name without a ``.gz`` suffix."""
        n = Path(self.path).name
        return n[:-3] if self.content_sha256 and n.lower().endswith(".gz") else n

    @property
    def suffix(self) -> str:
        """Lower-case suffix of :attr:`name` (``.ndax``, ``.csv`` …)."""
        return Path(self.name).suffix.lower()


_MAX_GUNZIP = 1 << 32


def load(path: str | Path) -> RawFile:
    """Read a whole file (gunzipping ``*.gz``); a missing file is an :class:`InputError`."""
    from sselab.io._files import read_bytes

    p, data, sha = read_bytes(path, "a cycling data file")
    if data[:2] == b"\x1f\x8b" and p.suffix.lower() == ".gz":
        import zlib

        try:
            d = zlib.decompressobj(wbits=31)
            content = d.decompress(data, _MAX_GUNZIP)
            if d.unconsumed_tail:
                raise ParseError(f"{p}: decompresses to more than 4 GiB; refused")
            if not d.eof:
                raise ParseError(f"{p}: the gzip stream is truncated")
        except ParseError:
            raise
        except Exception as exc:  # noqa: BLE001 - zlib.error, or isal's error once fastnda
            # has replaced zlib.decompressobj process-wide
            raise ParseError(f"{p}: not a valid gzip file ({exc})") from None
        return RawFile(str(p), content, sha, hashlib.sha256(content).hexdigest())
    return RawFile(str(p), data, sha)


@contextlib.contextmanager
def on_disk(raw: RawFile) -> Iterator[str]:
    """A path holding ``raw.data`` (the original path, or a temporary file for ``.gz``)."""
    if not raw.content_sha256:
        yield raw.path
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sselab-") as tmp:
        p = Path(tmp) / raw.name
        p.write_bytes(raw.data)
        yield str(p)


def check_options(options: Mapping[str, Any], extra: Iterable[str] = ()) -> None:
    """Refuse unknown keyword options with the list of accepted ones."""
    allowed = set(USER_OPTIONS) | set(extra)
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise InputError(f"unknown option(s) {', '.join(unknown)}; accepted: "
                         f"{', '.join(sorted(allowed))}")


# --------------------------------------------------------------------------- text

def decode_text(data: bytes) -> str:
    """Bytes → str: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252/Latin-1 (never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_delimiter(line: str) -> str:
    """The most frequent of tab, comma, semicolon in a header line (tab wins ties)."""
    counts = {d: line.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: (counts[d], d == "\t"))
    if counts[best] == 0:
        raise ParseError("no column separator (tab, comma or semicolon) in the header line")
    return best


@dataclass(frozen=True)
class TextTable:
    """A delimited text table: header names, string cells by column, preamble lines."""

    header: list[str]
    cells: list[list[str]]
    preamble: list[str]
    delimiter: str
    n_rows: int
    dropped_tail: int

    def column(self, k: int) -> list[str]:
        return self.cells[k]


def split_table(text: str, header_index: int, where: str, delimiter: str | None = None,
                min_fields: int = 2) -> TextTable:
    """Cut ``text`` into preamble, header (line ``header_index``) and data cells.

    A last row shorter than the header (a truncated last line) is dropped; a short row
    elsewhere is a :class:`ParseError`.  Trailing empty fields
    beyond the header (a trailing comma) are ignored.
    """
    lines = text.splitlines()
    if header_index >= len(lines):
        raise ParseError(f"{where}: the file ends before its column header")
    head = lines[header_index]
    delim = delimiter or sniff_delimiter(head)
    header = [h.strip() for h in next(csv.reader([head], delimiter=delim))]
    while header and header[-1] == "":
        header.pop()
    if len(header) < min_fields:
        raise ParseError(f"{where}: header line {header_index + 1} has {len(header)} column(s)")
    body = [ln for ln in lines[header_index + 1:] if ln.strip()]
    rows = list(csv.reader(body, delimiter=delim))
    width = len(header)
    dropped = 0
    if rows and len(rows[-1]) < width:  # a truncated last line
        rows.pop()
        dropped = 1
    for k, r in enumerate(rows):
        if len(r) < width:
            raise ParseError(f"{where}: data line {header_index + 2 + k} has {len(r)} fields, "
                             f"the header has {width}; the file is damaged")
    cells = [list(c) for c in zip(*[r[:width] for r in rows], strict=True)] if rows else \
        [[] for _ in header]
    return TextTable(header, cells, lines[:header_index], delim, len(rows), dropped)


_NUM_CLEAN = str.maketrans({"\u2212": "-", " ": "", "\xa0": ""})


def to_float(values: Sequence[str], name: str, where: str, decimal_comma: bool = False,
             blank: float = np.nan) -> np.ndarray:
    """Strings → float64; blanks become ``blank``; anything else non-numeric is a ParseError."""
    if decimal_comma:
        values = [v.replace(",", ".") for v in values]
    try:
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        pass
    out = np.empty(len(values))
    for k, v in enumerate(values):
        s = v.translate(_NUM_CLEAN) if isinstance(v, str) else v
        if s == "" or s is None:
            out[k] = blank
            continue
        try:
            out[k] = float(s)
        except (TypeError, ValueError):
            raise ParseError(f"{where}: column {name!r} row {k + 1} holds {v!r}, not a number; "
                             "the file is damaged or the column is mislabelled") from None
    return out


def to_int(values: Sequence[str], name: str, where: str) -> np.ndarray:
    """Strings → int64 via float (``'3'``, ``'3.0'``); blanks and junk are ParseError."""
    f = to_float(values, name, where)
    if f.size and not np.all(np.isfinite(f)):
        raise ParseError(f"{where}: column {name!r} has blank or non-finite entries")
    if f.size and np.max(np.abs(f)) > 2**31 - 1:
        raise ParseError(f"{where}: column {name!r} holds values too large for a counter")
    return f.astype(np.int64)


# --------------------------------------------------------------------------- headers & units

def norm(name: str) -> str:
    """Header key for matching: lower case, no spaces, no underscores, µ → u."""
    return re.sub(r"[\s_]+", "", name.strip().lower().replace("µ", "u").replace("μ", "u"))


def find(header: Sequence[str], aliases: Iterable[str]) -> int | None:
    """Index of the first header matching one of ``aliases`` (compared with :func:`norm`)."""
    keys = [norm(h) for h in header]
    for a in aliases:
        na = norm(a)
        if na in keys:
            return keys.index(na)
    return None


def require(header: Sequence[str], aliases: Sequence[str], what: str, where: str) -> int:
    """Like :func:`find`, but a missing column is a ParseError naming what was looked for."""
    k = find(header, aliases)
    if k is None:
        raise ParseError(
            f"{where}: no {what} column (looked for {', '.join(repr(a) for a in aliases[:6])}); "
            f"found columns: {', '.join(repr(h) for h in header[:30])}")
    return k


#: unit text → (quantity, factor to the SI/canonical unit)
UNITS: Mapping[str, tuple[str, float]] = {
    "s": ("time", 1.0), "sec": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0),
    "hr": ("time", 3600.0),
    "v": ("voltage", 1.0), "mv": ("voltage", 1e-3), "uv": ("voltage", 1e-6),
    "a": ("current", 1.0), "ma": ("current", 1e-3), "ua": ("current", 1e-6),
    "na": ("current", 1e-9),
    "ah": ("charge", 1.0), "mah": ("charge", 1e-3), "uah": ("charge", 1e-6),
    "as": ("charge", 1 / 3600), "mas": ("charge", 1e-3 / 3600), "c": ("charge", 1 / 3600),
    "wh": ("energy", 1.0), "mwh": ("energy", 1e-3), "uwh": ("energy", 1e-6),
    "ws": ("energy", 1 / 3600), "mws": ("energy", 1e-3 / 3600), "j": ("energy", 1 / 3600),
    "k": ("temperature", 1.0), "degc": ("temperature", 1.0), "°c": ("temperature", 1.0),
    "℃": ("temperature", 1.0),
    "pa": ("pressure", 1.0), "kpa": ("pressure", 1e3), "mpa": ("pressure", 1e6),
    "bar": ("pressure", 1e5), "psi": ("pressure", 6894.757293168361),
    "ohm": ("resistance", 1.0), "mohm": ("resistance", 1e-3),
}
_UNIT_IN_NAME = re.compile(r"(?:\(([^()]*)\)|\[([^\[\]]*)\]|/\s*([A-Za-zµμ°℃.]+))\s*$")


def unit_of(header_name: str) -> str | None:
    """Unit written in a header: ``Current(mA)``, ``I [mA]``, ``I/mA`` → ``'mA'``."""
    m = _UNIT_IN_NAME.search(header_name.strip())
    if not m:
        return None
    return next(g for g in m.groups() if g is not None).strip()


def scale_for(unit: str | None, quantity: str, default: float, where: str, column: str) -> float:
    """Factor from ``unit`` to the canonical unit of ``quantity`` (``default`` if no unit)."""
    if unit is None:
        return default
    key = unit.strip().lower().replace("µ", "u").replace("μ", "u").replace("·", "")
    key = key.replace(".", "") if key not in ("°c",) else key
    hit = UNITS.get(key)
    if hit is None or hit[0] != quantity:
        raise ParseError(f"{where}: column {column!r} has unit {unit!r}, which is not a "
                         f"{quantity} unit sselab knows")
    return hit[1]


def kelvin_offset(unit: str | None) -> float:
    """Offset that turns a temperature in ``unit`` into K (°C unless the unit says K)."""
    if unit is not None and unit.strip().upper() == "K":
        return 0.0
    return 273.15


# --------------------------------------------------------------------------- channels & checks

def add_channels(cols: dict[str, np.ndarray], cmap: dict[str, str], notes: list[str],
                 channels: Sequence[tuple[str, str, np.ndarray, float, float]]) -> None:
    """Add temperature/pressure channels; all-zero channels (not connected) are dropped.

    ``channels``: (vendor name, canonical base ``temperature_K``/``pressure_Pa``, raw
    values, scale, offset), canonical = raw × scale + offset.  The second, third …
    channel of a kind become ``temperature_2_K`` etc.
    """
    count: dict[str, int] = {}
    for vendor, base, values, scale, offset in channels:
        raw = np.asarray(values, dtype=np.float64)
        if raw.size and (np.all(np.nan_to_num(raw) == 0.0)):
            notes.append(f"dropped channel {vendor!r}: all values are zero or blank "
                         "(sensor not connected)")
            continue
        k = count.get(base, 0) + 1
        count[base] = k
        name = base if k == 1 else base.replace("_K", f"_{k}_K").replace("_Pa", f"_{k}_Pa")
        cols[name] = raw * scale + offset
        cmap[vendor] = name if (scale, offset) == (1.0, 0.0) else \
            f"{name} (×{scale:g}{f' + {offset:g}' if offset else ''})"


def require_finite_rows(cols: dict[str, np.ndarray], where: str, notes: list[str],
                        names: Sequence[str] = ("time_s", "voltage_V", "current_A")) -> None:
    """Drop a trailing partial record (NaN in a required column); elsewhere raise ParseError."""
    n = len(cols["time_s"])
    if n == 0:
        raise ParseError(f"{where}: the file holds a header but no data records")
    names = [*names, *(["capacity_Ah"] if "capacity_Ah" in cols else [])]
    ok = np.ones(n, dtype=bool)
    for name in names:
        ok &= np.isfinite(cols[name])
    if ok.all():
        return
    bad = np.flatnonzero(~ok)
    if bad[0] >= n - 1:
        for k in list(cols):
            cols[k] = cols[k][:-1]
        notes.append("dropped the incomplete last record")
        if n == 1:
            raise ParseError(f"{where}: the file's only data record is incomplete")
        return
    first = int(bad[0])
    which = [nm for nm in names if not np.isfinite(cols[nm][first])]
    raise ParseError(f"{where}: record {first + 1} has no value for {', '.join(which)}; "
                     "the file is damaged")


def require_monotone_time(t: np.ndarray, where: str) -> None:
    if t.size > 1 and np.any(np.diff(t) < 0):
        k = int(np.flatnonzero(np.diff(t) < 0)[0]) + 1
        raise ParseError(f"{where}: test time goes backwards at record {k + 1} "
                         f"({t[k - 1]:.6g} s → {t[k]:.6g} s); the file is damaged or "
                         "concatenated from several tests")


def finish(raw: RawFile, cols: dict[str, np.ndarray], *, fmt: str, reader: str,
           instrument: str, options: Mapping[str, Any], cmap: Mapping[str, str],
           notes: Sequence[str] = (), vendor: Mapping[str, Any] | None = None,
           meta: Mapping[str, Any] | None = None, backend: str = "",
           impedance: Mapping[str, Any] | None = None) -> CyclingTable:
    """Merge vendor facts with the caller's options and build the validated table."""
    fields: dict[str, Any] = {"instrument": instrument, "vendor": dict(vendor or {})}
    fields.update(meta or {})
    for k in ("active_mass_kg", "area_m2", "reference_offset_V", "nominal_capacity_Ah"):
        if options.get(k) is not None:
            if fields.get(k) is not None and fields[k] != options[k]:
                notes = [*notes, f"{k} from the caller ({options[k]!r}) overrides the file's "
                         f"value ({fields[k]!r})"]
            fields[k] = options[k]
    for v in cols.values():  # arrays made by the reader: freeze instead of copying
        if isinstance(v, np.ndarray) and v.flags.writeable and v.flags.owndata:
            v.setflags(write=False)
    try:
        metadata = CyclingMetadata(**fields)
    except TypeError as exc:  # pragma: no cover - programming error
        raise InputError(str(exc)) from None
    prov = Provenance(reader=reader, reader_version=__version__, format=fmt, source=raw.path,
                      file_sha256=raw.sha256, file_size_bytes=len(raw.data), backend=backend,
                      content_sha256=raw.content_sha256)
    return CyclingTable.from_columns(cols, metadata, prov, cmap, tuple(notes), impedance,
                                     cycle_policy=options.get("cycle_policy") or "auto")


def guard(where: str, fn: Callable[[], CyclingTable]) -> CyclingTable:
    """Run a parser; any exception that is not already a SselabError becomes a ParseError."""
    from sselab.errors import SselabError

    try:
        return fn()
    except SselabError:
        raise
    except (MemoryError, RecursionError, Exception) as exc:  # noqa: BLE001 - parser boundary
        raise ParseError(f"{where}: cannot be read ({type(exc).__name__}: {exc}); the file is "
                         "damaged or in an unsupported variant").with_traceback(None) from None


def grid_from_rows(rows: Sequence[Sequence[object]], header_index: int, where: str) -> TextTable:
    """A :class:`TextTable` from spreadsheet rows (cells may be float, str, bool or None)."""
    if header_index >= len(rows):
        raise ParseError(f"{where}: the sheet ends before its column header")
    header = ["" if h is None else str(h).strip() for h in rows[header_index]]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    body = [r for r in rows[header_index + 1:] if any(v not in (None, "") for v in r)]
    cells: list[list[object]] = [[None] * len(body) for _ in range(width)]
    for i, r in enumerate(body):
        for k in range(min(width, len(r))):
            cells[k][i] = r[k]
    pre = ["\t".join("" if v is None else str(v) for v in r) for r in rows[:header_index]]
    return TextTable(header, cells, pre, "xlsx", len(body), 0)  # type: ignore[arg-type]


def header_line(lines: Sequence[str], needles: Sequence[Sequence[str]], where: str,
                limit: int = 200) -> int:
    """Index of the first of the first ``limit`` lines containing one alias of every group."""
    for k, line in enumerate(lines[:limit]):
        low = norm(line)
        if all(any(norm(a) in low for a in group) for group in needles):
            return k
    raise ParseError(f"{where}: no column header found in the first {limit} lines (looked for "
                     f"{' and '.join('/'.join(g[:3]) for g in needles)})")


def as_strings(values: Sequence[object]) -> list[str]:
    """Cells → strings (None → '')."""
    return ["" if v is None else (v if isinstance(v, str) else repr(v) if isinstance(v, float)
                                  else str(v)) for v in values]
