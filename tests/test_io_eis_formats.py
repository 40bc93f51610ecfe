"""Text formats, content-based detection, forcing a format, metadata and sweep splitting."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sselab.errors import InputError, ParseError
from sselab.io.eis import FORMATS, ReaderWarning, detect_format, read_spectra, read_spectrum
from sselab.io.eis.common import find_temperature_K, load_raw, sweep_starts_from_frequency

EIS = Path(__file__).parent / "data" / "eis"
IMP = EIS / "impedance_py"

DETECTED = {
    "impedance_py/exampleData.csv": "table",
    "impedance_py/exampleDataAutolab.txt": "autolab",
    "impedance_py/exampleDataBioLogic.mpt": "biologic-mpt",
    "impedance_py/exampleDataCHInstruments.txt": "chinstruments",
    "impedance_py/exampleDataGamry.DTA": "gamry",
    "impedance_py/exampleDataGamryABORT.DTA": "gamry",
    "impedance_py/exampleDataParstat.txt": "parstat",
    "impedance_py/exampleDataPowersuite.txt": "powersuite",
    "impedance_py/exampleDataVersaStudio.par": "versastudio",
    "impedance_py/exampleDataZPlot.z": "zplot",
    "impedance_py/exampleDataZPlot_noComments.z": "zplot",
    "impedance_py/Circuit1_EIS_1.z": "zplot",
    "galvani/v1150_PEIS.mpr": "biologic-mpr",
    "pydrttools/LIB_data.txt": "table",
    "cheminfo/peis.mpt": "biologic-mpt",
}


@pytest.mark.parametrize("name,fmt", sorted(DETECTED.items()))
def test_detection_is_by_content_not_extension(name, fmt, tmp_path):
    assert detect_format(load_raw(EIS / name)) == fmt
    renamed = tmp_path / "renamed.dat"  # a misleading/neutral extension
    renamed.write_bytes((EIS / name).read_bytes())
    assert detect_format(load_raw(renamed)) == fmt
    assert read_spectrum(renamed).metadata["format"] == fmt


def test_extension_breaks_ties_only(tmp_path):
    # header-less numbers: only the plain-table reader claims them, whatever the extension
    p = tmp_path / "x.z"
    p.write_bytes((IMP / "exampleData.csv").read_bytes())
    assert detect_format(load_raw(p)) == "table"


def test_unknown_content_lists_supported_formats(tmp_path):
    p = tmp_path / "notes.mpr"
    p.write_text("hello\nworld\n")
    with pytest.raises(ParseError) as exc:
        read_spectrum(p)
    for fmt in FORMATS:
        assert fmt in str(exc.value)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        read_spectrum(empty)


def test_forcing_a_format(tmp_path):
    s = read_spectrum(IMP / "exampleDataPowersuite.txt", format="table")  # header Frequency/Zre/Zimg
    ref = read_spectrum(IMP / "exampleDataPowersuite.txt")
    assert s.metadata["format"] == "table" and np.array_equal(s.impedance_ohm, ref.impedance_ohm)
    assert read_spectrum(IMP / "exampleDataGamry.DTA", format="DTA").metadata["format"] == "gamry"
    with pytest.raises(ParseError):
        read_spectrum(IMP / "exampleData.csv", format="gamry")
    with pytest.raises(ParseError):
        read_spectrum(IMP / "exampleDataGamry.DTA", format="mpr")
    with pytest.raises(InputError, match="unknown format 'nonsense'.*biologic-mpr"):
        read_spectrum(IMP / "exampleData.csv", format="nonsense")
    with pytest.raises(InputError, match="no such file"):
        read_spectrum(tmp_path / "missing.mpt")


def test_metadata_provenance_and_header_facts():
    p = IMP / "exampleDataBioLogic.mpt"
    m = read_spectrum(p).metadata
    assert m["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
    assert m["source_path"] == str(p) and m["format"] == "biologic-mpt"
    assert m["instrument"].startswith("SP-150")
    assert m["technique"] == "Potentio Electrochemical Impedance Spectroscopy"
    assert m["columns"][:3] == ["freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm"]
    assert "Cs/µF" in m["columns"]  # Latin-1 decoded
    assert m["sweep_index"] == 0 and m["n_sweeps"] == 1
    g = read_spectrum(IMP / "exampleDataGamry.DTA").metadata
    assert g["instrument"] == "REF3000-34128" and g["technique"] == "Potentiostatic EIS"
    assert g["technique_tag"] == "EISPOT" and g["columns"][2] == "Freq"
    z = read_spectrum(IMP / "exampleDataZPlot_noComments.z").metadata
    assert z["temperature_K"] == pytest.approx(1073.15)
    assert "800 C" in z["temperature_text"]
    c = read_spectrum(IMP / "exampleDataCHInstruments.txt").metadata
    assert c["instrument"] == "CHI660E" and c["technique"] == "A.C. Impedance"
    v = read_spectrum(IMP / "exampleDataVersaStudio.par").metadata
    assert v["instrument"].startswith("VersaSTAT4") and v["software"] == "VersaStudio 2.52.3.0"
    assert read_spectrum(IMP / "exampleDataParstat.txt").metadata["n_skipped_dc_rows"] == 781


@pytest.mark.parametrize("text,expected", [
    ("Temperature (°C) : 25", 298.15),
    ("Temp = 300 K", 300.0),
    ("1.7 sccm CO, 1.50 sccm CO2, 800 C", 1073.15),
    ("T\t-327.67 deg C", None),  # Gamry 'no sensor' marker
    ("Electrode surface area : 0.001 cm²", None),
    ("Va (mV)  20.0", None),
])
def test_temperature_from_header(text, expected):
    t = find_temperature_K([text])
    assert (t is None) if expected is None else t[0] == pytest.approx(expected)


def test_mpt_line_endings_encoding_and_decimal_comma(tmp_path):
    raw = (IMP / "exampleDataBioLogic.mpt").read_bytes()
    ref = read_spectrum(IMP / "exampleDataBioLogic.mpt")
    crlf = tmp_path / "crlf.mpt"
    crlf.write_bytes(raw.replace(b"\n", b"\r\n"))
    assert np.array_equal(read_spectrum(crlf).impedance_ohm, ref.impedance_ohm)
    lines = raw.split(b"\n")
    nh = 61
    comma = b"\n".join(lines[:nh] + [ln.replace(b".", b",") for ln in lines[nh:]])
    p = tmp_path / "comma.mpt"
    p.write_bytes(comma)
    np.testing.assert_allclose(read_spectrum(p).impedance_ohm, ref.impedance_ohm, rtol=1e-12)


def test_mpt_columns_by_name_not_position(tmp_path):
    """Swap the Re and -Im columns (header and data): values must follow the names."""
    lines = (IMP / "exampleDataBioLogic.mpt").read_bytes().split(b"\n")
    out = []
    for k, ln in enumerate(lines):
        if k >= 60 and ln:
            parts = ln.split(b"\t")
            parts[1], parts[2] = parts[2], parts[1]
            ln = b"\t".join(parts)
        out.append(ln)
    p = tmp_path / "swapped.mpt"
    p.write_bytes(b"\n".join(out))
    ref = read_spectrum(IMP / "exampleDataBioLogic.mpt")
    assert np.array_equal(read_spectrum(p).impedance_ohm, ref.impedance_ohm)


def test_nova_and_headed_tables(tmp_path):
    nova = tmp_path / "nova.txt"
    nova.write_text("Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);-Phase (°)\n"
                    "1;1000;10;2;10.2;11.3\n2;100;12;5;13;22.6\n", encoding="utf-8")
    s = read_spectrum(nova)
    assert s.metadata["format"] == "autolab"
    assert np.array_equal(s.impedance_ohm, [10 - 2j, 12 - 5j])
    tab = tmp_path / "t.csv"
    tab.write_text("# comment\nfreq (kHz),Z' (kOhm),-Z'' (kOhm)\n1,0.5,0.25\n0.1,0.75,0.5\n")
    s = read_spectrum(tab)
    assert s.metadata["format"] == "table"
    np.testing.assert_allclose(s.frequency_Hz, [1000, 100])
    np.testing.assert_allclose(s.impedance_ohm, [500 - 250j, 750 - 500j])
    bad = tmp_path / "nofreq.csv"
    bad.write_text("Re,Im\n1,2\n")
    with pytest.raises(ParseError):
        read_spectrum(bad, format="table")


def test_headerless_positive_imag_warns(tmp_path):
    p = tmp_path / "minus_im.txt"
    p.write_text("1000 10 2\n100 12 5\n10 15 7\n")
    with pytest.warns(ReaderWarning, match="positive"):
        s = read_spectrum(p)
    assert np.all(s.z_imag_ohm > 0)


def test_bad_rows_are_parse_errors_with_line_numbers(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("1000,10,-2\n100,abc,-5\n")
    with pytest.raises(ParseError, match="line 2"):
        read_spectrum(p)
    q = tmp_path / "neg.csv"
    q.write_text("1000,10,-2\n-100,12,-5\n")
    with pytest.raises(ParseError, match="not a positive finite"):
        read_spectrum(q)


def test_sweeps_split_on_frequency_restart(tmp_path):
    f = np.logspace(5, 0, 11)
    rows = [f"{x:.6g},{1 + k},{-k}" for k, x in enumerate(np.concatenate([f, f, f]))]
    p = tmp_path / "three.csv"
    p.write_text("\n".join(rows))
    sweeps = read_spectra(p)
    assert [len(s) for s in sweeps] == [11, 11, 11]
    assert [s.metadata["sweep_start"] for s in sweeps] == [0, 11, 22]
    assert read_spectrum(p).metadata["sweep_index"] is None
    # a down-then-up scan and a duplicated point stay one sweep
    v = np.concatenate([f, f[::-1][1:]])
    assert sweep_starts_from_frequency(v) == (0,)
    assert sweep_starts_from_frequency(np.array([1e3, 1e2, 1e2, 10.0, 1.0])) == (0,)
    # ascending sweeps repeated
    assert sweep_starts_from_frequency(np.concatenate([f[::-1], f[::-1]])) == (0, 11)


def test_readers_stay_light():
    code = ("import sys; import sselab.io.eis as m; m.read_spectrum(sys.argv[1]); "
            "print(','.join(x for x in ('matplotlib', 'pandas') if x in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(IMP / "exampleDataGamry.DTA")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
