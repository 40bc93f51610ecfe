"""Bio-Logic binary .mpr: 11.50 and older layouts, unknown column IDs, damage, DC records."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import numpy as np
import pytest

from sselab.errors import ParseError
from sselab.io.eis import ReaderWarning, read_chronoamperometry, read_spectra, read_spectrum
from sselab.io.eis.biologic_mpr import read_modules
from sselab.io.eis.common import load_raw

EIS = Path(__file__).parent / "data" / "eis"
PEIS = EIS / "galvani" / "v1150_PEIS.mpr"
CA = EIS / "galvani" / "v1150_CA.mpr"


def _data_module(buf: bytes) -> int:
    """Offset of the 'VMP data' module header."""
    j = buf.find(b"MODULEVMP data")
    assert j > 0
    return j


def _write(tmp_path: Path, name: str, buf: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(bytes(buf))
    return p


def test_modules_of_v1150_file():
    mods, layout = read_modules(load_raw(PEIS))
    assert layout == "11.50+"
    assert [m.short_name for m in mods] == ["VMP Set", "VMP data", "VMP LOG", "VMP loop"]
    assert all(m.header_size == 65 for m in mods)
    assert mods[1].version == 11 and mods[1].date == "01/10/24"


def test_peis_sweeps_and_metadata():
    s = read_spectrum(PEIS)
    m = s.metadata
    assert m["format"] == "biologic-mpr" and m["technique"] == "PEIS"
    assert m["mpr_layout"] == "11.50+" and m["mpr_data_version"] == 11
    assert m["column_ids"][:3] == [32, 37, 38]
    assert m["columns"][:3] == ["freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm"]
    assert m["loop_start_indices"] == [0, 21, 42, 63]
    sweeps = read_spectra(PEIS)
    assert len(sweeps) == 4
    for k, sw in enumerate(sweeps):
        assert sw.metadata["sweep_start"] == 21 * k
        assert sw.frequency_Hz[0] == pytest.approx(199998.140625)
        assert np.all(np.diff(sw.frequency_Hz) < 0)
    # capacitive: Bio-Logic's -Im(Z) was flipped
    assert np.all(s.z_imag_ohm < 0)


def test_older_layout_real_file_matches_its_text_export():
    """zir.mpr: EC-Lab 11.x pre-11.50, 57-byte module headers, data module version 2."""
    b = read_spectrum(EIS / "cheminfo" / "zir.mpr")
    t = read_spectrum(EIS / "cheminfo" / "zir.mpt")
    assert b.metadata["mpr_layout"] == "pre-11.50" and b.metadata["mpr_data_version"] == 2
    assert b.metadata["technique"] == "ZIR" and b.metadata["start_date"] == "2018-03-26"
    np.testing.assert_allclose(b.frequency_Hz, t.frequency_Hz, rtol=1e-7)
    np.testing.assert_allclose(b.impedance_ohm, t.impedance_ohm, rtol=1e-7)
    assert b.impedance_ohm[0].imag == pytest.approx(-9.3853563e4, rel=1e-7)


def _to_old_layout(buf: bytes) -> bytes:
    """Rewrite an 11.50 file with 57-byte module headers and a version-3 data module."""
    out = bytearray(buf[:52])
    pos = 52
    while pos < len(buf):
        names = buf[pos:pos + 41]
        length, version = struct.unpack_from("<I", buf, pos + 45)[0], \
            struct.unpack_from("<I", buf, pos + 53)[0]
        date = buf[pos + 57:pos + 65]
        payload = buf[pos + 65:pos + 65 + length]
        if names.startswith(b"MODULEVMP data"):
            n, nc = struct.unpack_from("<IH", payload, 0)
            ids = payload[6:6 + 2 * nc]
            head = struct.pack("<IB", n, nc) + ids
            payload = head + b"\0" * (405 - len(head)) + b"\x01" + payload[1007:]
            version = 3
        out += names + struct.pack("<II", len(payload), version) + date + payload
        pos += 65 + length
    return bytes(out)


def test_synthetic_older_layout_gives_same_values(tmp_path):
    old = _write(tmp_path, "old.mpr", _to_old_layout(PEIS.read_bytes()))
    a, b = read_spectrum(PEIS), read_spectrum(old)
    assert b.metadata["mpr_layout"] == "pre-11.50" and b.metadata["mpr_data_version"] == 3
    assert np.array_equal(a.frequency_Hz, b.frequency_Hz)
    assert np.array_equal(a.impedance_ohm, b.impedance_ohm)
    assert b.metadata["n_sweeps"] == 4


def _patch_ids(buf: bytes, replace: dict[int, int]) -> bytes:
    """Copy of an 11.50 file with column IDs replaced in the data module's ID table."""
    out = bytearray(buf)
    ids_at = _data_module(buf) + 65 + 6
    nc = struct.unpack_from("<H", buf, ids_at - 2)[0]
    for k in range(nc):
        cid = struct.unpack_from("<H", buf, ids_at + 2 * k)[0]
        if cid in replace:
            struct.pack_into("<H", out, ids_at + 2 * k, replace[cid])
    return bytes(out)


def test_unknown_column_id_is_warned_and_known_columns_kept(tmp_path):
    """Phase(Z) (ID 35, 4 bytes, before time/s) becomes the unknown ID 999."""
    p = _write(tmp_path, "unknown.mpr", _patch_ids(PEIS.read_bytes(), {35: 999}))
    with pytest.warns(ReaderWarning, match=r"unknown column ID 999 .*4-byte field"):
        s = read_spectrum(p)
    ref = read_spectrum(PEIS)
    assert np.array_equal(s.frequency_Hz, ref.frequency_Hz)
    assert np.array_equal(s.impedance_ohm, ref.impedance_ohm)
    assert "Phase(Z)/deg" not in s.metadata["columns"]
    # the columns after the unknown one are still at the right offsets
    from sselab.io.eis.biologic_mpr import read_mpr

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReaderWarning)
        good, bad = read_mpr(load_raw(PEIS)), read_mpr(load_raw(p))
    for name in ("time/s", "cycle number", "<Ewe>/V", "|I h7|/A"):
        assert np.array_equal(good.columns[name], bad.columns[name])


def test_two_unknown_columns_stop_with_parse_error(tmp_path):
    p = _write(tmp_path, "two.mpr", _patch_ids(PEIS.read_bytes(), {35: 999, 169: 998}))
    with pytest.raises(ParseError, match=r"unknown column IDs 999, 998.*cannot be separated"):
        read_spectrum(p)


def test_wrong_width_is_detected_not_shifted(tmp_path):
    """Replacing a 4-byte column ID by a known 8-byte one breaks the row sum → ParseError."""
    p = _write(tmp_path, "width.mpr", _patch_ids(PEIS.read_bytes(), {35: 4}))
    with pytest.raises(ParseError, match="no guessed offsets"):
        read_spectrum(p)


def test_impossible_unknown_width_is_refused(tmp_path):
    """With an unknown ID the row width must divide the data bytes; here it cannot."""
    buf = bytearray(_patch_ids(PEIS.read_bytes(), {35: 999}))
    j = _data_module(bytes(buf))
    struct.pack_into("<I", buf, j + 65, 83)  # 84 rows of 148 bytes do not split into 83
    p = _write(tmp_path, "bad.mpr", bytes(buf))
    with pytest.raises(ParseError, match="not a whole number"):
        read_spectrum(p)


def test_truncated_data_module_is_parse_error(tmp_path):
    buf = PEIS.read_bytes()
    cut = _data_module(buf) + 65 + 1007 + 148 * 30 + 17
    with pytest.raises(ParseError, match="truncated|incomplete"):
        read_spectrum(_write(tmp_path, "cut.mpr", buf[:cut]))


def test_truncated_trailing_module_is_warned(tmp_path):
    buf = PEIS.read_bytes()
    cut = buf.find(b"MODULEVMP loop") + 30
    with pytest.warns(ReaderWarning, match="truncated"):
        s = read_spectrum(_write(tmp_path, "cutlog.mpr", buf[:cut]))
    assert len(s) == 84


def test_chronoamperometry_older_layout():
    tr = read_chronoamperometry(EIS / "cheminfo" / "ca.mpr")
    assert len(tr) == 721
    assert tr.metadata["mpr_data_version"] == 3 and tr.metadata["technique"] == "CA"
    # EC-Lab's own text export of the same run, first row
    assert tr.time_s[0] == pytest.approx(1.088742284907824e5, rel=1e-12)
    assert tr.current_A[0] == pytest.approx(1.8604061e-5, rel=1e-7)
    assert tr.voltage_V[0] == pytest.approx(0.1464316, rel=1e-6)
    assert tr.metadata["current_column"] == "I/mA"


def test_chronoamperometry_record_is_frozen():
    tr = read_chronoamperometry(CA)
    assert tr.metadata["loop_start_indices"] == [0, 20, 40, 60]
    assert tr.metadata["current_column"] == "<I>/mA"
    with pytest.raises(ValueError):
        tr.current_A[0] = 1.0
    with pytest.raises(AttributeError):
        tr.time_s = np.zeros(3)  # type: ignore[misc]


def test_chronoamperometry_refuses_impedance_text():
    with pytest.raises(ParseError, match="not a Bio-Logic"):
        read_chronoamperometry(EIS / "impedance_py" / "exampleData.csv")
