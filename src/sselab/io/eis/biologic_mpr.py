"""Bio-Logic EC-Lab binary files (``.mpr``, "BIO-LOGIC MODULAR FILE").

Clean-room reader written from our own analysis of the bytes of real files (see
:mod:`sselab.io.eis.mpr_columns` for which) and the publicly known outline of the format.
All numbers are little-endian.

File
    ``BIO-LOGIC MODULAR FILE\\x1a`` padded with spaces and four zero bytes (52 bytes), then
    a sequence of modules, each starting with the ASCII word ``MODULE``.
Module header
    ``MODULE``, a 10-byte short name (``VMP Set``, ``VMP data``, ``VMP LOG``, ``VMP loop``)
    and a 25-byte long name, then either

    * older EC-Lab (≤ 11.4x), 57 bytes in all: ``u32 length, u32 version, 8-byte date``;
    * EC-Lab 11.50 and later, 65 bytes: ``u32 0xFFFFFFFF, u32 length, u32 0, u32 version,
      8-byte date`` (the layout that broke older readers).

    The date reads ``mm/dd/yy`` (or ``mm.dd.yy``).  ``length`` counts the payload that
    follows the header; the next module starts right after it.  The reader picks the
    layout from the ``0xFFFFFFFF`` marker and confirms it by finding the next ``MODULE``
    word (or the end of the file) exactly where the length says.
"VMP data" payload
    ``u32 n_rows``, the number of columns and the column-ID table (``u16`` each), then the
    rows, fixed-width records without separators, from a version-dependent offset:

    =========  ============  ========  ===========
    version    n_columns     IDs at    rows from
    =========  ============  ========  ===========
    2          u8 at 4       5         405
    3          u8 at 4       5         406
    ≥ 10       u16 at 4      6         1007
    =========  ============  ========  ===========

How column widths are known
    The file names no column and gives no width; widths come from the table in
    :mod:`~sselab.io.eis.mpr_columns`.  The row width is, however, fixed by the file:
    ``(payload length − row offset) / n_rows``.  The reader requires the widths of the
    listed columns to add up to exactly that, so a wrong table entry can never shift
    columns silently.  One unknown ID is tolerated: its width is the row width minus the
    known widths (it must come out as 0, 1, 2, 4 or 8 bytes); the column is skipped with a
    :class:`~sselab.io.eis.common.ReaderWarning` naming the ID, and the known columns are
    returned at their correct offsets.  With two or more unknown IDs (or one in a file
    with no rows, where the row width cannot be measured), the split of the unknown bytes
    between them cannot be known and the reader stops with
    :class:`~sselab.errors.ParseError` rather than guess offsets.
Other modules
    ``VMP Set``: the first payload byte is the technique code (PEIS, CA, …).  ``VMP loop``:
    ``u32 n`` then ``n`` row indices where loops (e.g. repeated PEIS sweeps) begin.
    ``VMP LOG`` is not needed and is skipped.
"""

from __future__ import annotations

import struct
import warnings
from dataclasses import dataclass, field

import numpy as np

from sselab.errors import ParseError
from sselab.io.eis.common import EisTable, RawFile, ReaderWarning, base_metadata, make_table
from sselab.io.eis.mpr_columns import COLUMNS, FLAGS, TECHNIQUES, column_label

FORMAT = "biologic-mpr"
EXTENSIONS = (".mpr",)
MAGIC = b"BIO-LOGIC MODULAR FILE"
_MODULE = b"MODULE"
_NEW_MARKER = b"\xff\xff\xff\xff"


def sniff(head: bytes) -> int:
    """Score 100 when the file starts with the Bio-Logic modular-file magic."""
    return 100 if head.startswith(MAGIC) else 0


@dataclass(frozen=True)
class MprModule:
    """One module of an ``.mpr`` file."""

    short_name: str
    long_name: str
    version: int
    date: str
    offset: int
    header_size: int
    payload: bytes = field(repr=False)


@dataclass(frozen=True)
class MprFile:
    """Decoded content of an ``.mpr`` file.

    Attributes
    ----------
    columns : dict[str, ndarray]
        Data columns by EC-Lab name, in file order (flags decoded to small integers).
    column_ids : list[int]
        The raw column-ID table.
    modules : list[MprModule]
        All modules found.
    technique : str or None
        Technique from the settings module (``"PEIS"``, ``"CA"`` …) when known.
    loop_starts : list[int]
        Row indices where experiment loops begin (from the ``VMP loop`` module).
    layout : str
        ``"11.50+"`` (65-byte module headers) or ``"pre-11.50"`` (57-byte).
    """

    columns: dict[str, np.ndarray]
    column_ids: list[int]
    modules: list[MprModule]
    technique: str | None
    technique_code: int | None
    loop_starts: list[int]
    layout: str
    data_version: int
    start_date: str | None
    n_rows: int


# --------------------------------------------------------------------------- modules

def _u32(data: bytes, off: int) -> int:
    return struct.unpack_from("<I", data, off)[0]


def _header_candidates(data: bytes, pos: int) -> list[tuple[int, int, int, bytes, str]]:
    """Possible (header size, length, version, date, layout) of the module at ``pos``."""
    p = pos + 41
    out = []
    new_first = data[p:p + 4] == _NEW_MARKER
    for new in (new_first, not new_first):
        if new and p + 24 <= len(data):
            out.append((65, _u32(data, p + 4), _u32(data, p + 12), data[p + 16:p + 24], "11.50+"))
        elif not new and p + 16 <= len(data):
            out.append((57, _u32(data, p), _u32(data, p + 4), data[p + 8:p + 16], "pre-11.50"))
    return out


def read_modules(raw: RawFile) -> tuple[list[MprModule], str]:
    """Walk the modules of an ``.mpr`` file; returns them and the header layout."""
    data = raw.data
    if not data.startswith(MAGIC):
        raise ParseError(f"{raw.path}: does not start with 'BIO-LOGIC MODULAR FILE'; not an .mpr file")
    pos = data.find(_MODULE, len(MAGIC))
    if pos < 0:
        raise ParseError(f"{raw.path}: no 'MODULE' found after the magic; the file is truncated")
    modules: list[MprModule] = []
    layout = ""
    while pos < len(data):
        if data[pos:pos + 6] != _MODULE:
            raise ParseError(f"{raw.path}: expected 'MODULE' at byte {pos}; the file is corrupt")
        chosen = None
        cands = _header_candidates(data, pos)
        for hsize, length, version, date, lay in cands:
            end = pos + hsize + length
            if end == len(data) or (end < len(data) and data[end:end + 6] == _MODULE):
                chosen = (hsize, length, version, date, lay)
                break
        if chosen is None:
            name = data[pos + 6:pos + 16].decode("latin-1").strip()
            msg = (f"{raw.path}: module {name!r} at byte {pos} is truncated or its length is "
                   "inconsistent")
            if any(m.short_name == "VMP data" for m in modules):
                warnings.warn(msg + "; it and any later modules are ignored", ReaderWarning,
                              stacklevel=3)
                break
            raise ParseError(msg + "; the file is incomplete (still being written or cut off)")
        hsize, length, version, date, lay = chosen
        layout = layout or lay
        modules.append(MprModule(
            short_name=data[pos + 6:pos + 16].decode("latin-1").strip(),
            long_name=data[pos + 16:pos + 41].decode("latin-1").strip(),
            version=version,
            date=date.decode("latin-1").strip("\x00 "),
            offset=pos,
            header_size=hsize,
            payload=data[pos + hsize:pos + hsize + length],
        ))
        pos += hsize + length
    return modules, layout


# --------------------------------------------------------------------------- data module

#: (n_columns struct format, offset of n_columns, offset of IDs, offset of the first row)
_LAYOUT_V2 = ("<B", 4, 5, 405)
_LAYOUT_V3 = ("<B", 4, 5, 406)
_LAYOUT_V11 = ("<H", 4, 6, 1007)
_LAYOUTS = {2: [_LAYOUT_V2], 3: [_LAYOUT_V3]}
_ALL_LAYOUTS = [_LAYOUT_V11, _LAYOUT_V3, _LAYOUT_V2]


def _decode_rows(payload: bytes, layout: tuple[str, int, int, int], where: str,
                 ) -> tuple[dict[str, np.ndarray], list[int], int]:
    ncol_fmt, ncol_off, ids_off, data_off = layout
    if len(payload) < data_off:
        raise ParseError(f"{where}: data module of {len(payload)} bytes is shorter than its "
                         f"{data_off}-byte column table; the file is truncated")
    n_rows = _u32(payload, 0)
    ncols = struct.unpack_from(ncol_fmt, payload, ncol_off)[0]
    if ncols == 0 or ids_off + 2 * ncols > data_off:
        raise ParseError(f"{where}: implausible column count {ncols} in the data module")
    ids = list(struct.unpack_from(f"<{ncols}H", payload, ids_off))
    names: list[str] = []
    formats: list[str] = []
    offsets: list[int] = []
    flag_ids: list[int] = []
    unknown: list[tuple[int, int]] = []  # (position in ID list, ID)
    layout_items: list[tuple[str, int]] = []  # ("flags"|"known"|"unknown", id)
    for k, cid in enumerate(ids):
        if cid in FLAGS:
            if not flag_ids:
                layout_items.append(("flags", cid))
            flag_ids.append(cid)
        elif cid in COLUMNS:
            layout_items.append(("known", cid))
        else:
            unknown.append((k, cid))
            layout_items.append(("unknown", cid))
    known_width = sum(
        1 if kind == "flags" else np.dtype(COLUMNS[cid][1]).itemsize
        for kind, cid in layout_items if kind != "unknown"
    )
    avail = len(payload) - data_off
    if not unknown:
        row = known_width
        if n_rows * row != avail:
            raise ParseError(
                f"{where}: the columns {', '.join(column_label(c) for c in ids)} make "
                f"{row}-byte rows, but the data module holds {avail} bytes for {n_rows} rows; "
                "a column width differs in this EC-Lab version, so the file is not decoded "
                "(no guessed offsets)"
            )
        unknown_width = 0
    elif len(unknown) == 1 and n_rows > 0:
        if avail % n_rows:
            raise ParseError(f"{where}: {avail} data bytes are not a whole number of "
                             f"{n_rows} rows; the file is corrupt")
        row = avail // n_rows
        unknown_width = row - known_width
        if unknown_width not in (0, 1, 2, 4, 8) or (unknown_width == 0 and not flag_ids):
            raise ParseError(
                f"{where}: {column_label(unknown[0][1])} would be {unknown_width} bytes wide, "
                "which no single column can be; the row layout cannot be trusted"
            )
        warnings.warn(
            f"{where}: {column_label(unknown[0][1])} (position {unknown[0][0] + 1} of "
            f"{len(ids)}) is not in sselab's column table; its {unknown_width}-byte field "
            "(width from the row size) is skipped and the other columns are returned",
            ReaderWarning, stacklevel=4,
        )
    else:
        labels = ", ".join(str(c) for _, c in unknown)
        why = ("the file has no rows to measure the row width" if n_rows == 0 and len(unknown) == 1
               else "their byte widths cannot be separated")
        raise ParseError(
            f"{where}: unknown column IDs {labels} in the VMP data module; {why}, so the "
            "positions of the other columns are not known and nothing is decoded. Known "
            f"columns: {', '.join(column_label(c) for c in ids if c in COLUMNS)}"
        )
    off = 0
    used: set[str] = set()
    for kind, cid in layout_items:
        if kind == "flags":
            names.append("flags")
            formats.append("<u1")
            offsets.append(off)
            off += 1
        elif kind == "known":
            name, fmt = COLUMNS[cid]
            if name in used:
                name = f"{name} (ID {cid})"
            used.add(name)
            names.append(name)
            formats.append(fmt)
            offsets.append(off)
            off += np.dtype(fmt).itemsize
        else:
            off += unknown_width
    if off != row:  # pragma: no cover - guarded by the width checks above
        raise ParseError(f"{where}: internal row-width mismatch ({off} != {row})")
    dt = np.dtype({"names": names, "formats": formats, "offsets": offsets, "itemsize": row})
    recs = np.frombuffer(payload, dtype=dt, count=n_rows, offset=data_off) if n_rows else \
        np.zeros(0, dtype=dt)
    cols: dict[str, np.ndarray] = {}
    for nm in names:
        if nm == "flags":
            fl = recs["flags"]
            for fid in flag_ids:
                fname, mask = FLAGS[fid]
                shift = (mask & -mask).bit_length() - 1
                cols[fname] = ((fl & mask) >> shift).astype(np.uint8)
        else:
            cols[nm] = np.array(recs[nm])
    return cols, ids, n_rows


def decode_data_module(mod: MprModule, where: str) -> tuple[dict[str, np.ndarray], list[int], int]:
    """Columns of a ``VMP data`` module (see the module docstring for the layouts)."""
    if len(mod.payload) < 6:
        raise ParseError(f"{where}: the data module is only {len(mod.payload)} bytes long")
    tried = _LAYOUTS.get(mod.version) or _ALL_LAYOUTS
    first_err: ParseError | None = None
    for layout in tried:
        try:
            return _decode_rows(mod.payload, layout, where)
        except ParseError as exc:
            first_err = first_err or exc
    assert first_err is not None
    if mod.version not in _LAYOUTS and mod.version < 10:
        raise ParseError(f"{where}: VMP data module version {mod.version} is not supported "
                         f"({first_err})")
    raise first_err


def _iso_date(d: str) -> str | None:
    for sep in ("/", "."):
        parts = d.split(sep)
        if len(parts) == 3 and all(p and p.isascii() and p.isdigit() for p in parts):
            mm, dd, yy = (int(p) for p in parts)
            if 1 <= mm <= 12 and 1 <= dd <= 31:
                year = yy + 2000 if yy < 100 else yy
                return f"{year:04d}-{mm:02d}-{dd:02d}"
    return None


def read_mpr(raw: RawFile) -> MprFile:
    """Decode every column of an ``.mpr`` file (EIS, CA, CV, … alike)."""
    modules, layout = read_modules(raw)
    data_mods = [m for m in modules if m.short_name == "VMP data"]
    if not data_mods:
        raise ParseError(f"{raw.path}: no 'VMP data' module; the file holds settings only "
                         "(the experiment may not have started)")
    dm = data_mods[0]
    cols, ids, n_rows = decode_data_module(dm, raw.path)
    tech = code = None
    for m in modules:
        if m.short_name == "VMP Set" and m.payload:
            code = m.payload[0]
            tech = TECHNIQUES.get(code)
            break
    loops: list[int] = []
    for m in modules:
        if m.short_name == "VMP loop" and len(m.payload) >= 4:
            n = _u32(m.payload, 0)
            if 0 < n <= (len(m.payload) - 4) // 4:
                idx = list(struct.unpack_from(f"<{n}I", m.payload, 4))
                if idx == sorted(idx) and idx[-1] <= n_rows:
                    loops = [i for i in idx if i < n_rows]
            break
    return MprFile(cols, ids, modules, tech, code, loops, layout, dm.version,
                   _iso_date(dm.date), n_rows)


def mpr_metadata(raw: RawFile, f: MprFile, fmt: str = FORMAT) -> dict:
    """Metadata common to the ``.mpr`` readers."""
    return base_metadata(
        raw, fmt, list(f.columns),
        technique=f.technique,
        technique_code=f.technique_code,
        start_date=f.start_date,
        mpr_layout=f.layout,
        mpr_data_version=f.data_version,
        column_ids=list(f.column_ids),
        loop_start_indices=f.loop_starts or None,
    )


def parse(raw: RawFile) -> EisTable:
    """Impedance points of an ``.mpr`` file (PEIS/GEIS/ZIR …), all sweeps in file order."""
    f = read_mpr(raw)
    names = list(f.columns)
    if "freq/Hz" not in f.columns:
        raise ParseError(
            f"no frequency column ('freq/Hz') in {raw.path}; found columns: "
            f"{', '.join(repr(n) for n in names)}. For DC records use read_chronoamperometry"
        )
    if "Re(Z)/Ohm" not in f.columns or "-Im(Z)/Ohm" not in f.columns:
        raise ParseError(f"no impedance columns ('Re(Z)/Ohm', '-Im(Z)/Ohm') in {raw.path}; "
                         f"found columns: {', '.join(repr(n) for n in names)}")
    meta = mpr_metadata(raw, f)
    meta["imag_column"] = "-Im(Z)/Ohm"
    sweep = f.columns.get("cycle number")
    if sweep is None and len(f.loop_starts) > 1:
        sweep = np.zeros(f.n_rows)
        for k, s in enumerate(f.loop_starts):
            sweep[s:] = k
    return make_table(
        raw,
        f.columns["freq/Hz"].astype(float),
        f.columns["Re(Z)/Ohm"].astype(float),
        -f.columns["-Im(Z)/Ohm"].astype(float),
        meta,
        sweep_ids=sweep,
        skip_zero_frequency=True,
    )
