"""Shared pieces of the impedance readers: raw file, text decoding, number parsing, results.

Every vendor module turns the bytes of one file into an :class:`EisTable` (frequency,
complex impedance in the physics sign convention, sweep boundaries, metadata); the
package front end (:mod:`sselab.io.eis`) turns that into :class:`~sselab.eis.Spectrum`
objects.  Nothing here plots or prints.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import ParseError


class ReaderWarning(UserWarning):
    """Something in an instrument file was skipped or guessed; the data returned are still sound.

    Examples: an unknown column ID in a Bio-Logic ``.mpr`` data module (its bytes are
    skipped, the known columns are returned), a truncated trailing module.
    """


@dataclass(frozen=True)
class RawFile:
    """The bytes of one instrument file with its provenance.

    Attributes
    ----------
    path : str
        Path as given by the caller.
    data : bytes
        Whole file content.
    sha256 : str
        Hex SHA-256 of ``data`` (recorded in every spectrum's metadata).
    """

    path: str
    data: bytes
    sha256: str

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()


def load_raw(path: str | Path) -> RawFile:
    """Read a file completely; a missing/unreadable file is an :class:`InputError`."""
    from sselab.io._files import read_bytes

    p, data, sha = read_bytes(path)
    return RawFile(str(p), data, sha)


@dataclass(frozen=True)
class EisTable:
    """What a vendor parser found: one file's impedance points in file order.

    Attributes
    ----------
    frequency_Hz : ndarray of float
        Frequencies, Hz, finite and > 0.
    impedance_ohm : ndarray of complex
        Z = Z' + j·Z'' in Ω with capacitive points having Im(Z) < 0.
    sweep_starts : tuple of int
        Index of the first point of each sweep (always starts with 0 when non-empty).
    metadata : mapping
        Facts from the header (format, instrument, technique, columns, temperature …).
    """

    frequency_Hz: np.ndarray
    impedance_ohm: np.ndarray
    sweep_starts: tuple[int, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- text

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def decode_text(data: bytes) -> str:
    """Bytes → str: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1.

    Latin-1 never fails, so any byte string decodes; EC-Lab and Gamry write Latin-1
    (``µ``, ``°`` as single bytes) while newer exports are UTF-8.
    """
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
        return data.decode("latin-1")


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or lone CR (mixed endings allowed); other control characters stay."""
    return _LINE_BREAK.split(text)


def parse_float(token: str, where: str) -> float:
    """One number; ``1,5`` (decimal comma) is accepted; failure → :class:`ParseError`."""
    t = token.strip()
    try:
        return float(t)
    except ValueError:
        pass
    if t.count(",") == 1 and "." not in t:
        try:
            return float(t.replace(",", "."))
        except ValueError:
            pass
    raise ParseError(f"{where}: {token.strip()[:40]!r} is not a number")


def looks_numeric(token: str) -> bool:
    """True if ``token`` parses as a float (used by the sniffers)."""
    try:
        float(token)
    except ValueError:
        return False
    return True


def split_fields(line: str, delimiter: str | None) -> list[str]:
    """Split one data line: ``None`` means runs of whitespace."""
    if delimiter is None:
        return line.split()
    return [t.strip() for t in line.split(delimiter)]


def guess_delimiter(line: str) -> str | None:
    """Tab, semicolon or comma if present in ``line`` (in that order), else whitespace."""
    for d in ("\t", ";", ","):
        if d in line:
            return d
    return None


def find_column(names: Sequence[str], candidates: Iterable[str]) -> int | None:
    """Index of the first header name equal (case-insensitive, trimmed) to a candidate."""
    norm = [n.strip().strip('"').strip().lower() for n in names]
    for c in candidates:
        c = c.lower()
        if c in norm:
            return norm.index(c)
    return None


def numeric_block(
    lines: Sequence[str],
    start: int,
    delimiter: str | None,
    columns: Sequence[int],
    where: str,
    *,
    stop_at_text: bool = True,
    skip_blank: bool = True,
) -> tuple[list[list[float]], int]:
    """Read the given columns of consecutive numeric rows starting at line ``start``.

    Returns the columns as lists and the index of the first line not consumed.  Blank
    lines are skipped; with ``stop_at_text`` the block ends at the first line whose first
    field is not a number, otherwise such a line is a :class:`ParseError`.  A row with too
    few fields is a :class:`ParseError` naming the line.
    """
    out: list[list[float]] = [[] for _ in columns]
    need = max(columns) + 1 if columns else 0
    i = start
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            if skip_blank:
                i += 1
                continue
            break
        parts = split_fields(line, delimiter)
        if stop_at_text and (not parts or not looks_numeric(parts[0].strip('"'))):
            break
        if len(parts) < need:
            raise ParseError(
                f"{where}, line {i + 1}: {len(parts)} fields but column {need} is needed; "
                "the file is truncated or its table is malformed"
            )
        for k, c in enumerate(columns):
            out[k].append(parse_float(parts[c].strip('"'), f"{where}, line {i + 1}"))
        i += 1
    return out, i


def named_columns(
    raw: RawFile,
    names: Sequence[str],
    *,
    freq: Sequence[str],
    real: Sequence[str],
    imag: Sequence[str] = (),
    minus_imag: Sequence[str] = (),
) -> tuple[int, int, int, bool]:
    """Indices of the frequency, real and imaginary columns, and whether Im is stored negated.

    A missing column is a :class:`ParseError` that names the expected header and lists the
    columns found.
    """
    found = ", ".join(repr(n.strip()) for n in names if n.strip())
    i_f = find_column(names, freq)
    if i_f is None:
        raise ParseError(f"no frequency column ({freq[0]!r}) in {raw.path}; found columns: {found}")
    i_re = find_column(names, real)
    if i_re is None:
        raise ParseError(f"no real-part column ({real[0]!r}) in {raw.path}; found columns: {found}")
    i_mim = find_column(names, minus_imag) if minus_imag else None
    if i_mim is not None:
        return i_f, i_re, i_mim, True
    i_im = find_column(names, imag) if imag else None
    if i_im is None:
        want = (imag or minus_imag)[0]
        raise ParseError(f"no imaginary-part column ({want!r}) in {raw.path}; found columns: {found}")
    return i_f, i_re, i_im, False


# --------------------------------------------------------------------------- metadata

_TEMP_KEYED = re.compile(
    r"temp[a-z.]*\s*(?:\((?P<kunit>°\s*C|º\s*C|deg\s*C|degC|C|K)\))?\s*[:=\t ]\s*"
    r"(?P<val>[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(?P<unit>°\s*C|º\s*C|deg\s*C|degC|C|K)?\b",
    re.IGNORECASE,
)
_TEMP_FREE = re.compile(
    r"(?<![\w.+-])(?P<val>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>°\s*C|º\s*C|deg\s*C|degC|C|K)(?![\w/²³^])"
)


def find_temperature_K(header_lines: Iterable[str]) -> tuple[float, str] | None:
    """A temperature stated in a file header, in K, and the text it came from.

    Looks first for a keyed entry (``Temperature (°C) : 25``, ``Temp = 300 K``), then for a
    free-text value with an explicit unit (``…, 800 C``).  Values outside 0–5000 K (e.g.
    Gamry's −327.67 °C "no sensor" marker) are ignored.
    """
    lines = [ln for ln in header_lines if ln and len(ln) < 400]
    for pattern in (_TEMP_KEYED, _TEMP_FREE):
        for ln in lines:
            for m in pattern.finditer(ln):
                unit = (m.groupdict().get("unit") or m.groupdict().get("kunit") or "").replace(
                    " ", ""
                )
                if not unit:
                    continue
                try:
                    v = float(m.group("val"))
                except ValueError:
                    continue
                t_K = v if unit.upper() == "K" else v + 273.15
                if 0.0 < t_K < 5000.0 and math.isfinite(t_K):
                    return t_K, ln.strip()
    return None


def base_metadata(raw: RawFile, fmt: str, columns: Sequence[str] | None = None,
                  **extra: Any) -> dict[str, Any]:
    """The metadata every reader records: format, source path, sha256, original columns."""
    meta: dict[str, Any] = {"format": fmt, "source_path": raw.path, "sha256": raw.sha256}
    if columns is not None:
        meta["columns"] = [c.strip() for c in columns if c.strip()]
    for k, v in extra.items():
        if v is not None and v != "":
            meta[k] = v
    return meta


def add_temperature(meta: dict[str, Any], header_lines: Iterable[str]) -> None:
    """Store ``temperature_K`` and ``temperature_text`` if the header states one."""
    t = find_temperature_K(header_lines)
    if t is not None:
        meta["temperature_K"] = round(t[0], 6)
        meta["temperature_text"] = t[1]


# --------------------------------------------------------------------------- results

def make_table(
    raw: RawFile,
    freq: Sequence[float] | np.ndarray,
    z_real: Sequence[float] | np.ndarray,
    z_imag: Sequence[float] | np.ndarray,
    metadata: dict[str, Any],
    *,
    sweep_ids: Sequence[float] | np.ndarray | None = None,
    skip_zero_frequency: bool = False,
) -> EisTable:
    """Validate arrays and build an :class:`EisTable`.

    ``z_imag`` must already be Im(Z) (flip ``-Im(Z)`` columns before calling).  Sweeps
    are split where ``sweep_ids`` changes value, else where the frequency sweep restarts
    (see :func:`sweep_starts_from_frequency`).  With ``skip_zero_frequency`` rows whose
    frequency is exactly 0 (DC records interleaved by looped techniques) are dropped and
    counted in ``metadata["n_skipped_dc_rows"]``.
    """
    f = np.asarray(freq, dtype=float).reshape(-1)
    re_ = np.asarray(z_real, dtype=float).reshape(-1)
    im = np.asarray(z_imag, dtype=float).reshape(-1)
    if not (f.size == re_.size == im.size):
        raise ParseError(f"{raw.path}: columns differ in length ({f.size}, {re_.size}, {im.size})")
    n_skipped = 0
    if skip_zero_frequency and f.size:
        keep = f != 0.0
        n_skipped = int(f.size - keep.sum())
        if n_skipped:
            f, re_, im = f[keep], re_[keep], im[keep]
            if sweep_ids is not None and len(sweep_ids) == keep.size:
                sweep_ids = np.asarray(sweep_ids, dtype=float)[keep]
    if f.size == 0:
        more = f" ({n_skipped} DC rows with frequency 0 skipped)" if n_skipped else ""
        raise ParseError(f"{raw.path}: no impedance data points found{more}")
    bad = ~np.isfinite(f) | (f <= 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise ParseError(
            f"{raw.path}: frequency {f[i]!r} at point {i} is not a positive finite number; "
            "the file is corrupt or the wrong format was forced"
        )
    z = np.empty(f.size, dtype=complex)
    z.real = re_
    z.imag = im
    if sweep_ids is not None:
        s = np.asarray(sweep_ids, dtype=float).reshape(-1)
        if s.size != f.size:
            raise ParseError(f"{raw.path}: sweep column has {s.size} values for {f.size} points")
        change = np.flatnonzero(s[1:] != s[:-1]) + 1
        starts = (0, *(int(c) for c in change))
        if len(starts) == 1:
            starts = sweep_starts_from_frequency(f)
    else:
        starts = sweep_starts_from_frequency(f)
    meta = dict(metadata)
    if skip_zero_frequency:
        meta["n_skipped_dc_rows"] = n_skipped
    meta["n_points"] = int(f.size)
    meta["n_sweeps"] = len(starts)
    meta["sweep_start_indices"] = list(starts)
    return EisTable(f, z, starts, meta)


def sweep_starts_from_frequency(f: np.ndarray) -> tuple[int, ...]:
    """First index of each frequency sweep when one file holds several.

    A new sweep starts where the frequency jumps back against the running direction by
    at least half the log-range the current sweep has covered so far (and the sweep has
    ≥ 2 points), so repeated high→low sweeps are split while a single down-and-up
    (V-shaped) scan or a duplicated point is not.
    """
    n = f.size
    if n < 3:
        return (0,)
    lf = np.log10(f).tolist()
    starts = [0]
    s = 0
    lo = hi = lf[0]
    direction = 0.0
    for i in range(1, n):
        step = lf[i] - lf[i - 1]
        if abs(step) < 1e-9:
            continue
        if direction != 0.0 and step * direction < 0:
            covered = hi - lo
            if i - s >= 2 and covered > 0 and abs(step) >= 0.5 * covered:
                starts.append(i)
                s = i
                lo = hi = lf[i]
                direction = 0.0
                continue
        direction = math.copysign(1.0, step)
        lo = min(lo, lf[i])
        hi = max(hi, lf[i])
    return tuple(starts)
