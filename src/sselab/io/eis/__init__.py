"""Impedance-spectrum readers: instrument files → :class:`~sselab.eis.Spectrum` in Ω and Hz.

One module per vendor format (Bio-Logic ``.mpr``/``.mpt``, Gamry ``.DTA``, ZPlot ``.z``,
Autolab, CH Instruments, Parstat, VersaStudio ``.par``, PowerSuite, plain tables).  The
format is detected from the file's content (:mod:`sselab.io.eis.detect`); ``format=``
forces one.  All readers return Z = Z' + j·Z'' with capacitive points having
Im(Z) < 0 (Bio-Logic's ``-Im(Z)`` is flipped) and record in ``Spectrum.metadata``:
``format``, ``source_path``, ``sha256``, ``columns`` (original names), ``n_points``,
``n_sweeps``, ``sweep_start_indices``, ``sweep_index`` (in :func:`read_spectra`), and when
the header says so ``instrument``, ``technique``, ``start_date``, ``temperature_K``.

Examples
--------
>>> from sselab.io.eis import read_spectrum, read_spectra      # doctest: +SKIP
>>> s = read_spectrum("cell.mpr")                                # all points, file order
>>> sweeps = read_spectra("cell.mpr")                            # one Spectrum per sweep
"""

from __future__ import annotations

import struct
from pathlib import Path

from sselab.eis.spectrum import Spectrum
from sselab.errors import InputError, ParseError
from sselab.io.eis.chrono import CurrentTrace, read_chronoamperometry
from sselab.io.eis.common import EisTable, RawFile, ReaderWarning, load_raw
from sselab.io.eis.detect import (
    DESCRIPTIONS,
    canonical_format,
    detect_format,
    reader_module,
    supported_formats,
)

__all__ = [
    "FORMATS",
    "CurrentTrace",
    "ReaderWarning",
    "detect_format",
    "read_chronoamperometry",
    "read_spectra",
    "read_spectrum",
    "read_table",
    "supported_formats",
]

#: Supported format names → description.
FORMATS: dict[str, str] = dict(DESCRIPTIONS)


def read_table(path: str | Path, format: str | None = None) -> EisTable:
    """Parse a file into an :class:`~sselab.io.eis.common.EisTable` (all points, sweep bounds).

    Any failure to understand the bytes is a :class:`ParseError` (never a bare
    ``IndexError``/``struct.error``): vendor parsers validate what they can and this
    function converts the remaining low-level errors, naming the file and format.
    """
    raw = load_raw(path)
    fmt = canonical_format(format) if format else detect_format(raw)
    return _parse(raw, fmt)


def _parse(raw: RawFile, fmt: str) -> EisTable:
    mod = reader_module(fmt)
    try:
        return mod.parse(raw)
    except ParseError:
        raise
    except InputError as exc:  # e.g. Spectrum-level validation of odd values
        raise ParseError(f"{raw.path}: not a readable {fmt} file ({exc})") from exc
    except (ValueError, IndexError, KeyError, struct.error, UnicodeError, OverflowError,
            MemoryError) as exc:
        raise ParseError(
            f"{raw.path}: not a readable {fmt} file ({type(exc).__name__}: {exc}); supported "
            f"formats: {supported_formats()}"
        ) from exc


def read_spectrum(path: str | Path, format: str | None = None) -> Spectrum:
    """Read an impedance file into one :class:`~sselab.eis.Spectrum` (all points, file order).

    Parameters
    ----------
    path : str or Path
        Instrument file.
    format : str, optional
        Force a reader (see :data:`FORMATS`; aliases such as ``"mpr"``, ``"dta"``, ``"csv"``
        work).  By default the format is detected from the content.

    Returns
    -------
    Spectrum
        Frequencies in Hz, Z in Ω (Im < 0 capacitive).  For files holding several sweeps
        all points are returned; ``metadata["n_sweeps"]`` and
        ``metadata["sweep_start_indices"]`` say where sweeps begin (use
        :func:`read_spectra` to get them separately).

    Raises
    ------
    InputError
        Missing file or unknown ``format`` name.
    ParseError
        Unrecognised or damaged content, or a needed column missing.
    """
    t = read_table(path, format)
    meta = dict(t.metadata)
    meta["sweep_index"] = None if len(t.sweep_starts) > 1 else 0
    return Spectrum(t.frequency_Hz, t.impedance_ohm, meta)


def read_spectra(path: str | Path, format: str | None = None) -> list[Spectrum]:
    """Read every sweep of an impedance file as its own :class:`~sselab.eis.Spectrum`.

    Sweeps are split on the file's cycle/sweep/segment column where it has one, else where
    the frequency sweep restarts.  Each spectrum's metadata carries ``sweep_index``
    (0-based) and ``sweep_start`` (index of its first point in the file).
    """
    t = read_table(path, format)
    bounds = [*t.sweep_starts, t.frequency_Hz.size]
    out = []
    for k in range(len(t.sweep_starts)):
        a, b = bounds[k], bounds[k + 1]
        meta = dict(t.metadata)
        meta.update(sweep_index=k, sweep_start=a, n_points=b - a)
        out.append(Spectrum(t.frequency_Hz[a:b], t.impedance_ohm[a:b], meta))
    return out
