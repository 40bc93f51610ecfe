"""Indentation readers: Keysight .xls, Hysitron .txt, HDF5, CSV — content, damage, fuzz."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sselab.errors import InputError, ParseError
from sselab.io.mechanics import read_indentation
from sselab.io.mechanics._xls import open_workbook
from sselab.io.mechanics.csv import parse_indentation_csv
from sselab.io.mechanics.hysitron import parse_hysitron_text
from sselab.mechanics.indentation.analysis import analyse_indents

ND = Path(__file__).parent / "data" / "mechanics" / "nanoindentation"


# ---------------------------------------------------------------- Keysight .xls

def test_keysight_fq_structure():
    curves = read_indentation(ND / "FQ.xls.gz")
    assert [c.name for c in curves] == [f"Test {k:03d}" for k in range(1, 11)]
    c = curves[0]
    assert c.frame_corrected and c.drift_corrected and c.surface_referenced
    assert c.poisson_ratio == 0.18 and c.frame_stiffness_N_per_m == 3.6e6
    assert [s.kind for s in c.segments] == ["load", "unload"] * 5
    assert len(c.vendor) == 5 and c.vendor[0].modulus_Pa == 73.5e9
    assert c.vendor[4].load_N == pytest.approx(496.989e-3)
    # first unload starts at the vendor's (h_max, P_max)
    u0 = c.unload_segments()[0]
    assert c.depth_m[u0.start] == pytest.approx(524.2e-9, abs=0.06e-9)
    assert np.all(np.isfinite(c.depth_m)) and c.time_s is not None


def test_keysight_csm_structure():
    curves = read_indentation(ND / "Example_FS_CSM.xls")
    assert [c.name for c in curves] == ["Test 001", "Test 002"]
    c = curves[0]
    assert c.area_coefficients_nm == pytest.approx((27.3136, 152.6988585, -494.1823171))
    assert [s.kind for s in c.segments] == ["load", "hold", "unload", "drift_hold"]
    s = c.harmonic_stiffness_N_per_m
    assert s is not None and np.nanmax(s) < 1e7  # the 1.8e308 "no value" became NaN
    assert c.vendor_csm["depth_range_m"] == pytest.approx((100e-9, 200e-9))


@pytest.mark.parametrize("name", ["FQ.xls.gz", "Example_FS_CSM.xls"])
def test_fast_cell_decoder_equals_xlrd(name):
    fast, slow = open_workbook(ND / name), open_workbook(ND / name, fast=False)
    assert fast.names == slow.names
    for sheet in fast.names:
        a, b = fast.sheet(sheet), slow.sheet(sheet)
        assert (a.nrows, a.ncols) == (b.nrows, b.ncols)
        for c in range(a.ncols):
            assert np.array_equal(a.number_column(c), b.number_column(c), equal_nan=True)
            assert a.text_cells(c) == b.text_cells(c)


def _sheet_records(data: bytes, start: int):
    """(offset, type, length) of the records of the worksheet substream at ``start``."""
    pos, depth = start, 0
    while True:
        t, n = struct.unpack_from("<HH", data, pos)
        yield pos, t, n
        if t == 0x0809:
            depth += 1
        elif t == 0x000A:
            depth -= 1
            if depth == 0:
                return
        pos += 4 + n


def _sheet_offset(data: bytes, name: str) -> int:
    """File offset of sheet ``name`` (FQ.xls keeps its Workbook stream contiguous)."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    assert len(book.mem) == len(data)  # stream offsets are file offsets
    return book._sh_abs_posn[book.sheet_names().index(name)]


def test_sheet_without_load_column_is_flagged_others_analysed(tmp_path):
    data = bytearray(gzip.decompress((ND / "FQ.xls.gz").read_bytes()))
    start = _sheet_offset(bytes(data), "Test 005")
    for pos, t, _n in _sheet_records(bytes(data), start):
        if t == 0x00FD:
            row, col = struct.unpack_from("<HH", data, pos + 4)
            if row == 0 and col == 2:  # header 'Load On Sample' → point at SST string 0
                struct.pack_into("<I", data, pos + 10, 0)
    path = tmp_path / "broken.xls"
    path.write_bytes(bytes(data))
    curves = read_indentation(path)
    bad = curves[4]
    assert bad.name == "Test 005" and "lacks" in bad.problem
    assert all(not c.problem for k, c in enumerate(curves) if k != 4)
    res = analyse_indents(curves)
    assert sum(u.ok for r in res for u in r.unloads) == 45
    assert not res[4].unloads[0].ok and "lacks" in res[4].unloads[0].reason
    assert np.isnan(res[4].unloads[0].modulus_Pa)


def test_sheet_without_numbers_is_flagged(tmp_path):
    data = bytearray(gzip.decompress((ND / "FQ.xls.gz").read_bytes()))
    start = _sheet_offset(bytes(data), "Test 007")
    for pos, t, _n in _sheet_records(bytes(data), start):
        if t in (0x0203, 0x027E):
            struct.pack_into("<H", data, pos, 0x0201)  # NUMBER, RK → BLANK
    path = tmp_path / "empty.xls"
    path.write_bytes(bytes(data))
    for fast in (True, False):  # only the first row (a MULRK record, 0, 0, 0) is left
        col = open_workbook(path, fast=fast).sheet("Test 007").number_column(1)
        assert np.count_nonzero(np.isfinite(col)) == 1
    curves = read_indentation(path)
    assert "fewer than 5 numeric rows" in curves[6].problem and not curves[0].problem


def test_missing_results_sheet_means_no_vendor_values(tmp_path):
    data = gzip.decompress((ND / "FQ.xls.gz").read_bytes()).replace(b"Results", b"Xesults", 1)
    path = tmp_path / "noresults.xls"
    path.write_bytes(data)
    curves = read_indentation(path)
    assert len(curves) == 10 and all(c.vendor == () for c in curves)
    assert analyse_indents(curves[:1])[0].unloads[0].ok


def test_no_test_sheet_and_not_a_workbook_are_parse_errors(tmp_path):
    data = (ND / "Example_FS_CSM.xls").read_bytes().replace(b"Test 00", b"Xest 00")
    (tmp_path / "notests.xls").write_bytes(data)
    with pytest.raises(ParseError, match="no 'Test NNN' sheet"):
        read_indentation(tmp_path / "notests.xls")
    (tmp_path / "junk.xls").write_bytes(b"not an excel file at all" * 20)
    with pytest.raises(ParseError, match="not a readable .xls"):
        read_indentation(tmp_path / "junk.xls")
    (tmp_path / "cut.xls").write_bytes(data[: len(data) // 3])
    with pytest.raises(ParseError):
        read_indentation(tmp_path / "cut.xls")


# ---------------------------------------------------------------- Hysitron .txt

def test_hysitron_reader():
    (c,) = read_indentation(ND / "RobinSteel0000LC.txt")
    assert c.n_points == 5304 and c.name == "RobinSteel0000LC"
    assert np.max(c.load_N) == pytest.approx(3.000027e-3, rel=1e-6)  # µN → N
    assert np.max(c.depth_m) == pytest.approx(159.745188e-9, rel=1e-6)  # nm → m
    assert c.time_s[-1] == pytest.approx(27.059622)


HYS = (ND / "RobinSteel0000LC.txt").read_bytes().decode("latin-1")


def test_hysitron_truncation_and_damage_are_parse_errors():
    with pytest.raises(ParseError, match="declares 5304 points"):
        parse_hysitron_text(HYS[: len(HYS) // 2].rsplit("\n", 1)[0])
    with pytest.raises(ParseError, match="line 10"):
        parse_hysitron_text(HYS.replace("\n0.344697\t", "\n0.34x697\t", 1))
    with pytest.raises(ParseError, match="header"):
        parse_hysitron_text("just some text\n1 2 3\n")


_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SMALL_HYS = "\n".join(HYS.splitlines()[:4] + HYS.splitlines()[2400:2460]).replace(
    "Number of Points = 5304", "Number of Points = 60")


def _mutate(text: str, cut: int, pos: int, char: str) -> list[str]:
    cut = cut % (len(text) + 1)
    pos = pos % max(len(text), 1)
    return [text[:cut], text[:pos] + char + text[pos + 1:], text[:pos] + text[pos + 1:]]


@_FUZZ
@given(cut=st.integers(0, 10**6), pos=st.integers(0, 10**6),
       char=st.sampled_from(list("0123456789.-+eE \t\nxµ,;#")))
def test_hysitron_fuzz_parse_error_or_valid(cut, pos, char):
    for text in _mutate(_SMALL_HYS, cut, pos, char):
        try:
            c = parse_hysitron_text(text)
        except ParseError:
            continue
        assert c.n_points == 60
        assert np.all(np.isfinite(c.depth_m)) and np.all(np.isfinite(c.load_N))


# ---------------------------------------------------------------- CSV

CSV = """# poisson_ratio: 0.25
# frame_corrected: true
indent,segment,time_s,depth_nm,load_mN
a,load,0,0,0
a,load,1,100,1
a,load,2,200,4
a,unload,3,200,4
a,unload,4,150,2
b,load,0,0,0
b,load,1,90,1
b,load,2,180,4
b,unload,3,180,4
b,unload,4,140,2
"""


def test_csv_reader_units_groups_segments_meta():
    a, b = parse_indentation_csv(CSV)
    assert (a.name, b.name) == ("a", "b")
    assert a.depth_m[2] == pytest.approx(200e-9) and a.load_N[2] == pytest.approx(4e-3)
    assert a.poisson_ratio == 0.25 and a.frame_corrected and a.surface_referenced
    assert [(s.kind, s.start, s.stop) for s in a.segments] == [("load", 0, 3), ("unload", 3, 5)]
    uN = parse_indentation_csv("depth_um;load_uN\n" + "\n".join(f"{i};{i * 2}" for i in range(6)))
    assert uN[0].depth_m[5] == pytest.approx(5e-6) and uN[0].load_N[5] == pytest.approx(10e-6)
    assert uN[0].name == "indent 1"


@pytest.mark.parametrize("text,match", [
    ("depth_nm,force\n1,2\n", "load column"),
    ("depth_nm,load_mN\n1,2\n3\n", "line 3 has 1 fields"),
    ("depth_nm,load_mN\n1,2\n3,abc\n", "not a number"),
    ("depth_nm,load_mN\n1,2\n3,nan\n", "not finite"),
    ("depth_nm,load_mN,segment\n1,2,load\n3,4,wobble\n", "segment 'wobble'"),
    ("# frame_corrected: perhaps\ndepth_nm,load_mN\n1,2\n", "true or false"),
    ("depth_nm,load_mN,depth_um\n1,2,3\n", "more than one depth"),
    ("# only comments\n", "no header"),
    ("depth_nm,load_mN\n", "no data rows"),
    ("depth_nm,load_mN\n1,2\n3,4\n", "only 2 rows"),
])
def test_csv_errors(text, match):
    with pytest.raises(ParseError, match=match):
        parse_indentation_csv(text)


@_FUZZ
@given(cut=st.integers(0, 10**6), pos=st.integers(0, 10**6),
       char=st.sampled_from(list("0123456789.-+eE ,;\t\nx#:")))
def test_csv_fuzz_parse_error_or_valid(cut, pos, char):
    for text in _mutate(CSV, cut, pos, char):
        try:
            curves = parse_indentation_csv(text)
        except ParseError:
            continue
        for c in curves:
            assert c.n_points >= 5
            assert np.all(np.isfinite(c.depth_m)) and np.all(np.isfinite(c.load_N))


def test_packaged_fq_excerpt_matches_the_xls():
    from sselab.parameters import data_text

    (csv,) = parse_indentation_csv(data_text("mechanics/fq_test001.csv"))
    xls = read_indentation(ND / "FQ.xls.gz")[0]
    assert csv.name == "Test 001" and csv.n_points == xls.n_points
    assert np.allclose(csv.depth_m, xls.depth_m, atol=1e-13)
    assert np.allclose(csv.load_N, xls.load_N, atol=1e-9)
    assert [(s.kind, s.start) for s in csv.segments] == [(s.kind, s.start) for s in xls.segments]


# ---------------------------------------------------------------- HDF5 and dispatch

def test_hdf5_reader_units_and_order():
    curves = read_indentation(ND / "N1_1_excerpt.hdf5")
    assert [c.name for c in curves] == ["test_1", "test_9", "test_13"]
    c = curves[1]
    assert np.max(c.load_N) == pytest.approx(14.9294e-3, rel=1e-4)  # mN → N
    assert np.max(c.depth_m) == pytest.approx(4.5056e-6, rel=1e-4)  # µm → m


def test_hdf5_broken_test_is_flagged(tmp_path):
    import h5py

    path = tmp_path / "x.hdf5"
    with h5py.File(path, "w") as f:
        g = f.create_group("test_1/data")
        g.create_dataset("displacement", data=np.linspace(0, 1, 10)).attrs["unit"] = "um"
        g.create_dataset("force", data=np.linspace(0, 1, 10)).attrs["unit"] = "mN"
        g2 = f.create_group("test_2/data")
        g2.create_dataset("displacement", data=np.linspace(0, 1, 10)).attrs["unit"] = "furlong"
        g2.create_dataset("force", data=np.linspace(0, 1, 10))
        f.create_group("test_3")
    c1, c2, c3 = read_indentation(path)
    assert not c1.problem and c1.depth_m[-1] == pytest.approx(1e-6)
    assert "unknown unit" in c2.problem and "no 'data' group" in c3.problem
    (tmp_path / "plain.h5").write_bytes(b"\x89HDF but not really")
    with pytest.raises(ParseError):
        read_indentation(tmp_path / "plain.h5")


def test_dispatch_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_indentation(tmp_path / "missing.xls")
    (tmp_path / "thing.bin").write_bytes(b"\x00\x01\x02")
    with pytest.raises(ParseError, match="unknown indentation file type"):
        read_indentation(tmp_path / "thing.bin")
    (tmp_path / "data.txt").write_text("depth_nm\tload_mN\n" + "\n".join(f"{i}\t{i}" for i in range(6)))
    assert read_indentation(tmp_path / "data.txt")[0].n_points == 6


def test_gzipped_workbook_damaged_is_parse_error(tmp_path: Path) -> None:
    raw = (ND / "FQ.xls.gz").read_bytes()
    bad = tmp_path / "FQ.xls.gz"
    bad.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ParseError):
        read_indentation(bad)
