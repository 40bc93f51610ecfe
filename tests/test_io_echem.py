"""Voltammetry readers: CH Instruments (constructed files), Bio-Logic (real files), CSV."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import numpy as np
import pytest

from sselab.errors import InputError, ParseError
from sselab.io.echem import read_voltammogram
from sselab.io.echem.examples import LSV_FILES, example_path
from sselab.io.echem.writers import chi_voltammetry_text

DATA = Path(__file__).parent / "data" / "echem"

CHI_CV = """Mar. 14, 2019   10:25:37
Cyclic Voltammetry
File:  C:\\CHI\\cv_test.bin
Data Source:  Experiment
Instrument Model:  CHI660E
Header:
Note:

Init E (V) = 0.0
High E (V) = 0.5
Low E (V) = 0.0
Init P/N = P
Scan Rate (V/s) = 0.1
Segment = 2
Sample Interval (V) = 0.1
Quiet Time (sec) = 2
Sensitivity (A/V) = 1e-5

Results:

Segment 1:
Ep = 0.273V
ip = 4.046e-6A
Ah = 5.570e-5C

Segment 2:
Ep = 0.200V
ip = -3.5e-6A
Ah = -5.0e-5C

Potential/V, Current/A

0.000, 1.000e-7
0.100, 2.000e-7
0.200, 3.000e-7
0.300, 4.000e-7
0.400, 5.000e-7
0.500, 6.000e-7
0.400, -1.000e-7
0.300, -2.000e-7
0.200, -3.000e-7
0.100, -4.000e-7
0.000, -5.000e-7
"""


def _write(tmp_path, name, text, crlf=True):
    p = tmp_path / name
    data = text.replace("\n", "\r\n") if crlf else text
    p.write_bytes(data.encode("latin-1"))
    return p


def test_chi_cv_with_results_block(tmp_path):
    v = read_voltammogram(_write(tmp_path, "cv.txt", CHI_CV))
    assert v.metadata["format"] == "chi" and v.metadata["technique"] == "Cyclic Voltammetry"
    assert v.metadata["instrument_model"] == "CHI660E"
    assert v.metadata["settings"]["Segment"] == 2.0 and v.metadata["settings"]["Init P/N"] == "P"
    assert len(v) == 11
    assert v.potential_V[5] == 0.5 and v.current_A[6] == pytest.approx(-1e-7)
    assert v.scan_rate_V_per_s == 0.1
    # time rebuilt from the scan rate: 2 s quiet + Σ|ΔE|/v
    assert v.time_s[-1] == pytest.approx(2.0 + 1.0 / 0.1)
    assert "scan rate" in v.metadata["time_source"]
    assert v.area_m2 is None


def test_chi_time_column_units_and_channels(tmp_path):
    text = ("Linear Sweep Voltammetry\nInstrument Model:  CHI1040C\n\n"
            "Potential/V, i1/A, i2/A, Time/s\n\n"
            + "\n".join(f"{0.1 * k:.1f}, {k}e-6, {2 * k}e-6, {10 * k}" for k in range(6)))
    p = _write(tmp_path, "multi.txt", "Jan. 01, 2020   00:00:00\n" + text, crlf=False)
    v1 = read_voltammogram(p)
    v2 = read_voltammogram(p, channel=2)
    assert v1.current_A[3] == pytest.approx(3e-6) and v2.current_A[3] == pytest.approx(6e-6)
    assert v1.time_s[-1] == 50.0 and v1.metadata["time_source"] == "file"
    with pytest.raises(ParseError, match="channel 3"):
        read_voltammogram(p, channel=3)
    with pytest.raises(InputError, match="unknown option"):
        read_voltammogram(p, format="csv", channel=2)
    p2 = _write(tmp_path, "ua.txt", "x\nLinear Sweep Voltammetry\n\nPotential/V, Current/uA\n\n"
                "0.1, 2.5\n0.2, 3.5\n")
    assert read_voltammogram(p2).current_A[1] == pytest.approx(3.5e-6)


def test_chi_writer_round_trip(tmp_path):
    e = np.round(np.linspace(2.5, 3.0, 51), 3)
    i = 1e-9 * np.arange(51) - 2e-8
    data = chi_voltammetry_text(e, i, settings={"Init E (V)": 2.5, "Scan Rate (V/s)": 1e-4})
    p = tmp_path / "rt.txt"
    p.write_bytes(data)
    v = read_voltammogram(p)
    assert np.allclose(v.potential_V, e) and np.allclose(v.current_A, i, rtol=1e-3, atol=1e-15)
    assert v.scan_rate_V_per_s == 1e-4


def test_chi_damaged(tmp_path):
    bad = CHI_CV.replace("0.300, 4.000e-7", "0.300")
    with pytest.raises(ParseError, match="line"):
        read_voltammogram(_write(tmp_path, "bad.txt", bad))
    nohead = "\n".join(ln for ln in CHI_CV.splitlines() if not ln.startswith("Potential/V"))
    with pytest.raises(ParseError):
        read_voltammogram(_write(tmp_path, "nohead.txt", nohead), format="chi")


def test_embedded_chi_examples():
    for side, name in LSV_FILES.items():
        v = read_voltammogram(example_path(name))
        assert v.metadata["format"] == "chi"
        assert v.metadata["instrument_model"] == "CHI630E"
        assert "SYNTHETIC" in v.metadata["header"]
        assert len(v) == (2501 if side == "oxidation" else 2001)
        assert v.scan_rate_V_per_s == 1e-4


# --------------------------------------------------------------------------- Bio-Logic (real)

def test_biologic_lsv_mpr_equals_ec_labs_own_text_export():
    a = read_voltammogram(DATA / "lsv.mpr")
    b = read_voltammogram(DATA / "lsv.mpt.gz")
    assert len(a) == len(b) == 1186
    assert np.max(np.abs(a.potential_V - b.potential_V)) < 1e-7  # float32 vs 8 digits
    assert np.allclose(a.current_A, b.current_A, rtol=1e-12, atol=0)
    assert np.allclose(a.time_s, b.time_s, rtol=0, atol=1e-9)
    # [VENDOR] first and last rows of EC-Lab's export
    assert b.potential_V[0] == pytest.approx(-0.24618463)
    assert b.current_A[0] == pytest.approx(-6.556889057159424e-3)
    assert b.potential_V[-1] == pytest.approx(-4.0008063)
    assert b.current_A[-1] == pytest.approx(-119.5750351e-3)
    assert b.time_s[-1] == pytest.approx(197.2072, abs=1e-4)
    assert a.metadata["technique"] == "LSV"
    assert b.metadata["technique"] == "Linear Sweep Voltammetry"
    assert b.scan_rate_V_per_s == pytest.approx(0.020)
    assert a.scan_rate_V_per_s == pytest.approx(0.020, rel=1e-3)  # estimated from control/V
    assert b.metadata["reference_electrode"].startswith("SCE")
    # EC-Lab's default 0.001 cm² is not taken as an area
    assert b.area_m2 is None and b.metadata["file_area_m2"] == pytest.approx(1e-7)
    assert "default" in b.metadata["area_note"]
    assert b.metadata["compression"] == "gzip"
    assert b.metadata["content_sha256"].startswith("1c4294366d49")


def test_biologic_cv():
    v = read_voltammogram(DATA / "cv.mpr.gz")
    assert len(v) == 5103 and v.metadata["technique"] == "CV" and v.metadata["n_cycles"] == 2
    assert v.potential_V[0] == pytest.approx(2.4807117)
    assert v.sweep_potential_V is not None
    assert v.scan_rate_V_per_s == pytest.approx(1e-4, rel=1e-3)


def test_biologic_non_voltammetry_file_is_flagged(data_dir, tmp_path):
    v = read_voltammogram(data_dir / "eis" / "impedance_py" / "exampleDataBioLogic.mpt")
    assert "not a voltammetry" in v.metadata["note"]
    text = (DATA.parent / "eis" / "cheminfo" / "peis.mpt").read_bytes().decode("latin-1")
    lines = text.split("\n")
    nb = int(lines[1].split(":")[1])
    lines[nb - 1] = lines[nb - 1].replace("Ewe/V", "Foo/V").replace("<Ewe>/V", "Bar/V")
    p = tmp_path / "x.mpt"
    p.write_bytes("\n".join(lines).encode("latin-1"))
    with pytest.raises(ParseError, match="potential column"):
        read_voltammogram(p)


# --------------------------------------------------------------------------- CSV

@pytest.mark.parametrize(("header", "row", "e", "i"), [
    ("potential_V,current_A", "0.5,1e-6", 0.5, 1e-6),
    ("E/V\tI/mA", "0.5\t2", 0.5, 2e-3),
    ("Potential (V);Current (µA)", "0,5;2,5", 0.5, 2.5e-6),
    ("WE(1).Potential (V),WE(1).Current (A),Time (s)", "0.5,3e-9,12", 0.5, 3e-9),
    ("Ewe/mV,<I>/mA", "500,1", 0.5, 1e-3),
])
def test_csv_columns_and_units(tmp_path, header, row, e, i):
    p = _write(tmp_path, "t.csv", f"# exported\n{header}\n{row}\n{row}\n", crlf=False)
    v = read_voltammogram(p)
    assert v.metadata["format"] == "csv"
    assert v.potential_V[0] == pytest.approx(e) and v.current_A[0] == pytest.approx(i)


def test_csv_refusals(tmp_path):
    with pytest.raises(ParseError, match="not a voltammetry file"):
        read_voltammogram(_write(tmp_path, "n.csv", "0.1,1e-6\n0.2,2e-6\n", crlf=False))
    with pytest.raises(ParseError, match="unit"):
        read_voltammogram(_write(tmp_path, "u.csv", "E (furlong),I (A)\n1,2\n", crlf=False))
    with pytest.raises(ParseError, match="no numeric rows"):
        read_voltammogram(_write(tmp_path, "e.csv", "E/V,I/A\n", crlf=False))


# --------------------------------------------------------------------------- front end

def test_detection_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_voltammogram(tmp_path / "missing.txt")
    with pytest.raises(ParseError, match="empty"):
        read_voltammogram(_write(tmp_path, "empty.txt", ""))
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ParseError):
        read_voltammogram(tmp_path / "bin.dat")
    (tmp_path / "bad.gz").write_bytes(gzip.compress(b"abc")[:-6] + b"xxxxxx")
    with pytest.raises(ParseError, match="gzip"):
        read_voltammogram(tmp_path / "bad.gz")
    with pytest.raises(InputError, match="unknown voltammetry format"):
        read_voltammogram(DATA / "lsv.mpr", format="gamry")


def test_voltammogram_validation():
    from sselab.echem.voltammogram import Voltammogram

    with pytest.raises(InputError):
        Voltammogram([1, 2], [1])
    with pytest.raises(InputError):
        Voltammogram([1, 2], [1, 2], area_m2=-1)
    v = Voltammogram([1, 2], [1, 2])
    assert v.with_area(1e-4).area_m2 == 1e-4 and v.with_area(None) is v
    assert math.isnan(float("nan"))
