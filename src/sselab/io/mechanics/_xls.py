"""Column access to legacy BIFF8 ``.xls`` workbooks, built on ``xlrd`` (BSD licence).

:func:`open_workbook` returns a :class:`Workbook` with ``names`` (sheet names
in file order) and ``sheet(name)`` → :class:`SheetData`.  Sheets are parsed
only when asked for.

xlrd parses the container, the sheet list and the shared-string table.  Cell
records of a worksheet are then decoded here: runs of NUMBER records (the
bulk of an instrument export) are located run by run with strided byte slices
and decoded all at once with numpy,
RK, MULRK and LABELSST records one by one.  A sheet holding any other cell
record (formulas, inline labels, booleans), or anything unexpected, is read
with xlrd's own sheet parser instead, so results never depend on the fast
path (the test-suite checks both agree).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np

from sselab.errors import ParseError

# record headers (type, length; little-endian) of NUMBER (18-byte records) and ROW (20 bytes)
_NUMBER_HEAD = b"\x03\x02\x0e\x00"
_ROW_HEAD = b"\x08\x02\x10\x00"
_FALLBACK_TYPES = {0x0006, 0x0204, 0x0205, 0x00D6, 0x0406, 0x0004, 0x0003, 0x0002}


class SheetData:
    """Cells of one sheet: numbers as float arrays per column, texts as dicts.

    Attributes
    ----------
    nrows, ncols : int
    """

    def __init__(self, nrows: int, ncols: int, numbers: dict[int, np.ndarray],
                 texts: dict[int, dict[int, str]]) -> None:
        self.nrows = nrows
        self.ncols = ncols
        self._numbers = numbers
        self._texts = texts

    def number_column(self, col: int) -> np.ndarray:
        """Column ``col`` as floats (NaN where the cell is empty or text), length ``nrows``."""
        a = self._numbers.get(col)
        return a.copy() if a is not None else np.full(self.nrows, np.nan)

    def text_cells(self, col: int) -> dict[int, str]:
        """``row → text`` of the text cells of column ``col``."""
        return dict(self._texts.get(col, {}))

    def value(self, row: int, col: int) -> float | str:
        """Cell value: float, str, or ``""`` when empty."""
        t = self._texts.get(col, {}).get(row)
        if t is not None:
            return t
        a = self._numbers.get(col)
        if a is not None and row < a.size and a[row] == a[row]:
            return float(a[row])
        return ""

    def column_values(self, col: int) -> list[float | str]:
        """All cells of column ``col`` (float, str or ``""``)."""
        return [self.value(r, col) for r in range(self.nrows)]


def _rk(raw: int) -> float:
    if raw & 2:
        signed = raw - (1 << 32) if raw & 0x80000000 else raw
        v = float(signed >> 2)
    else:
        v = struct.unpack("<d", struct.pack("<Q", (raw & 0xFFFFFFFC) << 32))[0]
    return v / 100.0 if raw & 1 else v


def _run_length(mem: Any, i: int, stride: int, head: bytes, end: int, k: int) -> int:
    """Number of consecutive records of header ``head`` (4 bytes) at ``i``, ``stride`` apart.

    ``k`` is the first guess of the run length (runs are checked k, 4k, 16k… at a time).
    """
    total = 0
    while True:
        k = min(k, (end - i) // stride)
        if k <= 0:
            return total
        span = i + stride * k
        run = k
        for o in range(4):
            col = mem[i + o:span:stride]
            run = min(run, len(col) - len(col.lstrip(head[o:o + 1])))
        total += run
        if run < k:
            return total
        i += stride * k
        k *= 4


def _fast_sheet(mem: Any, pos: int, sst: list[str]) -> SheetData | None:
    """Decode the worksheet substream at ``pos``; None when a record needs xlrd."""
    end = len(mem)
    unpack = struct.unpack_from
    starts: list[int] = []
    counts: list[int] = []
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    texts: dict[int, dict[int, str]] = {}
    depth = 0
    i = pos
    while i + 4 <= end:
        rtype, rlen = unpack("<HH", mem, i)
        if rtype == 0x0203 and rlen == 14 and depth == 1:
            run = _run_length(mem, i, 18, _NUMBER_HEAD, end, 160)
            starts.append(i)
            counts.append(run)
            i += 18 * run
            continue
        if rtype == 0x0208 and rlen == 16:  # runs of ROW records carry no cell values
            i += 20 * _run_length(mem, i, 20, _ROW_HEAD, end, 40)
            continue
        body = i + 4
        if rtype == 0x0809:
            depth += 1
        elif rtype == 0x000A:
            depth -= 1
            if depth == 0:
                break
        elif depth == 1:
            if rtype == 0x027E:
                r, c, _xf, raw = unpack("<HHHI", mem, body)
                rows.append(r)
                cols.append(c)
                vals.append(_rk(raw))
            elif rtype == 0x00BD:
                r, c0 = unpack("<HH", mem, body)
                n = (rlen - 6) // 6
                for j in range(n):
                    (raw,) = unpack("<I", mem, body + 4 + 6 * j + 2)
                    rows.append(r)
                    cols.append(c0 + j)
                    vals.append(_rk(raw))
            elif rtype == 0x00FD:
                r, c, _xf, isst = unpack("<HHHI", mem, body)
                if isst >= len(sst):
                    return None
                texts.setdefault(c, {})[r] = sst[isst]
            elif rtype in _FALLBACK_TYPES:
                return None
        i = body + rlen
    else:
        return None  # no EOF record: truncated stream
    # all NUMBER records at once: byte offsets of every record of every run
    cnt = np.asarray(counts, dtype=np.int64)
    first = np.repeat(np.asarray(starts, dtype=np.int64), cnt)
    within = np.arange(int(cnt.sum()), dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    offs = first + 18 * within
    buf = np.frombuffer(mem, dtype=np.uint8)
    r_num = buf[offs + 4].astype(np.int64) | (buf[offs + 5].astype(np.int64) << 8)
    c_num = buf[offs + 6].astype(np.int64) | (buf[offs + 7].astype(np.int64) << 8)
    v_num = buf[offs[:, None] + np.arange(10, 18)].copy().view("<f8").reshape(-1)
    r_all = np.concatenate((r_num, np.asarray(rows, dtype=np.int64)))
    c_all = np.concatenate((c_num, np.asarray(cols, dtype=np.int64)))
    v_all = np.concatenate((v_num, np.asarray(vals, dtype=float)))
    nrows = int(r_all.max()) + 1 if r_all.size else 0
    ncols = int(c_all.max()) + 1 if c_all.size else 0
    for c, d in texts.items():
        if d:
            nrows = max(nrows, max(d) + 1)
            ncols = max(ncols, c + 1)
    numbers: dict[int, np.ndarray] = {}
    for c in np.flatnonzero(np.bincount(c_all)) if c_all.size else ():
        sel = c_all == c
        a = np.full(nrows, np.nan)
        a[r_all[sel]] = v_all[sel]
        numbers[int(c)] = a
    return SheetData(nrows, ncols, numbers, texts)


def _xlrd_sheet(sh: Any) -> SheetData:
    import xlrd

    numbers: dict[int, np.ndarray] = {}
    texts: dict[int, dict[int, str]] = {}
    for c in range(sh.ncols):
        ctypes = sh.col_types(c)
        cvals = sh.col_values(c)
        a = np.full(sh.nrows, np.nan)
        for r, (t, v) in enumerate(zip(ctypes, cvals, strict=False)):
            if t in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE, xlrd.XL_CELL_BOOLEAN):
                a[r] = float(v)
            elif t == xlrd.XL_CELL_TEXT:
                texts.setdefault(c, {})[r] = str(v)
        numbers[c] = a
    return SheetData(sh.nrows, sh.ncols, numbers, texts)


class Workbook:
    """Lazy sheet access over an ``xlrd`` book (fast path for cell records)."""

    def __init__(self, book: Any, path: Path, fast: bool = True) -> None:
        self._book = book
        self._path = path
        self._fast = fast
        self.names: list[str] = list(book.sheet_names())
        self._cache: dict[str, SheetData] = {}

    def sheet(self, name: str) -> SheetData:
        """The cells of sheet ``name`` (ParseError when it cannot be parsed)."""
        if name in self._cache:
            return self._cache[name]
        if name not in self.names:
            raise ParseError(f"{self._path}: no sheet {name!r}")
        idx = self.names.index(name)
        data = None
        if self._fast:
            try:
                pos = self._book._sh_abs_posn[idx]
                data = _fast_sheet(self._book.mem, pos, self._book._sharedstrings)
            except (AttributeError, IndexError, struct.error, ValueError, TypeError):
                data = None
        if data is None:
            try:
                data = _xlrd_sheet(self._book.sheet_by_index(idx))
            except Exception as exc:  # xlrd raises many kinds on corrupt records
                raise ParseError(f"{self._path}: sheet {name!r} cannot be parsed ({exc})") from None
        self._cache[name] = data
        return data


def open_workbook(path: str | Path, *, fast: bool = True) -> Workbook:
    """Open an ``.xls`` workbook for lazy reading; ParseError when it is not one.

    ``fast=False`` forces xlrd's own sheet parser (used to cross-check).
    """
    path = Path(path)
    try:
        import xlrd
    except ImportError:  # pragma: no cover - declared dependency
        raise ParseError("reading .xls needs the 'xlrd' package: pip install xlrd") from None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read file ({exc.strerror})") from None
    if data[:2] == b"\x1f\x8b":  # a gzipped workbook (FQ.xls.gz): read as if unpacked
        import gzip

        try:
            data = gzip.decompress(data)
        except Exception as exc:  # zlib.error, EOFError, or isal's error once fastnda is loaded
            raise ParseError(f"{path}: damaged gzip data ({exc}); unpack it and check the "
                             "file") from None
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_Null())
    except Exception as exc:
        raise ParseError(f"{path}: not a readable .xls workbook ({exc}); export the data "
                         f"as legacy Excel 97-2003 .xls or as CSV") from None
    return Workbook(book, path, fast)


class _Null:
    def write(self, *_: Any) -> None:
        pass
