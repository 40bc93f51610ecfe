"""XRD readers on real public files, sselab-written files and fuzzed input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sselab.errors import InputError, ParseError, SselabError
from sselab.io.xrd import detect_format, read_pattern, read_patterns


@pytest.fixture
def xrd_dir(data_dir: Path) -> Path:
    return data_dir / "xrd"


def test_panalytical_powder_xrdml(xrd_dir):
    f = xrd_dir / "XRD-918-16_10.xrdml"
    assert detect_format(f) == "xrdml"
    p = read_pattern(f)
    assert p.n_points == 5027  # upstream reference JSON: 2Theta (5027,)
    assert p.wavelength_angstrom == pytest.approx(1.540598)
    assert p.two_theta_deg[0] == pytest.approx(4.0, abs=0.01)
    assert p.two_theta_deg[-1] == pytest.approx(70.0, abs=0.01)
    assert p.intensity[:3].tolist() == [1305.0, 1310.0, 1345.0]
    assert p.metadata["counting_time_s"] == "39.270"


def test_panalytical_counts_element(xrd_dir):
    p = read_pattern(xrd_dir / "m54313_om2th_10.xrdml")
    assert p.n_points == 1800
    assert p.two_theta_deg[0] == pytest.approx(26.025) and p.two_theta_deg[-1] == pytest.approx(79.995)


def test_rigaku_rasx_and_sselab_written_ras_agree(xrd_dir):
    rasx = read_pattern(xrd_dir / "TwoTheta_scan_powder.rasx")
    assert detect_format(xrd_dir / "TwoTheta_scan_powder.rasx") == "rigaku-ras"
    assert rasx.n_points == 2726  # DataCount in MesurementConditions0.xml
    assert rasx.wavelength_angstrom == pytest.approx(1.540593)
    assert rasx.step_deg == pytest.approx(0.04)
    ras = read_pattern(xrd_dir / "written_ras_example.ras")
    assert ras.n_points == 300
    assert np.allclose(ras.intensity, rasx.intensity[:300])
    assert np.allclose(ras.two_theta_deg, rasx.two_theta_deg[:300])
    assert ras.metadata["FILE_COMMENT"].startswith("試料")  # Shift-JIS decoded


def test_bruker_brml(xrd_dir):
    f = xrd_dir / "23-012-AG_2thomegascan_long.brml"
    assert detect_format(f) == "brml"
    p = read_pattern(f)
    assert p.n_points == 2001
    assert p.two_theta_deg[0] == pytest.approx(44.0) and p.two_theta_deg[-1] == pytest.approx(48.0)
    assert p.wavelength_angstrom == pytest.approx(1.5406)
    assert p.intensity.max() == pytest.approx(495559.8)  # file's own Statistics Maximum


def test_ras_attenuator_column_and_multiple_scans(tmp_path):
    block = ('*RAS_DATA_START\n*RAS_HEADER_START\n*HW_XG_WAVE_LENGTH_ALPHA1 "1.540593"\n'
             '*MEAS_SCAN_UNIT_Y "cps"\n*RAS_HEADER_END\n*RAS_INT_START\n'
             "10.00 5 1.0\n10.02 6 10.0\n10.04 7 1.0\n*RAS_INT_END\n*RAS_DATA_END\n")
    f = tmp_path / "two.ras"
    f.write_text(block + block.replace("10.0", "20.0"), encoding="ascii")
    pats = read_patterns(f)
    assert len(pats) == 2
    assert pats[0].intensity.tolist() == [5.0, 60.0, 7.0]  # counts × attenuator
    assert pats[0].intensity_unit == "cps"
    assert read_pattern(f, scan=1).two_theta_deg[0] == pytest.approx(20.0)
    with pytest.raises(InputError, match="scan index 5"):
        read_pattern(f, scan=5)


@pytest.mark.parametrize("text,n,lam", [
    ("# wavelength = 0.7093\n10 1\n11 2\n12 3\n", 3, 0.7093),
    ("2theta,intensity\n10,1\n11,2\n12,3\n13,4\n", 4, 1.5406),
    ("10;1\n12;3\n11;2\n", 3, 1.5406),  # unsorted → sorted
    ("! comment\n10\t1\t0.5\n11\t2\t0.6\n12\t3\t0.7\n", 3, 1.5406),
])
def test_two_column_variants(tmp_path, text, n, lam):
    f = tmp_path / "p.xy"
    f.write_text(text)
    p = read_pattern(f)
    assert p.n_points == n and p.wavelength_angstrom == pytest.approx(lam)
    assert np.all(np.diff(p.two_theta_deg) > 0)


@pytest.mark.parametrize("content,err,msg", [
    (b"", ParseError, "empty"),
    (b"hello world\nthis is text\n", ParseError, "not a recognised"),
    (b"10 1\n11 2\n12 3\n13 x\n", ParseError, "line 4"),
    (b"200 1\n201 2\n202 3\n", ParseError, "not angles"),
    (b"*RAS_DATA_START\n*RAS_HEADER_START\n*RAS_HEADER_END\n*RAS_INT_START\n10 1 1\n", ParseError,
     "RAS_INT_END"),
    (b'<?xml version="1.0"?><xrdMeasurements xmlns="http://www.xrdml.com/X"><broken', ParseError,
     "XML"),
])
def test_bad_files_give_one_line_errors(tmp_path, content, err, msg):
    f = tmp_path / "bad.dat"
    f.write_bytes(content)
    with pytest.raises(err, match=msg):
        read_patterns(f)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_pattern(tmp_path / "nope.xy")
    with pytest.raises(InputError, match="directory"):
        read_pattern(tmp_path)
    with pytest.raises(InputError, match="unknown XRD format"):
        read_pattern(tmp_path / "x.xy", format="gif")


def test_damaged_zip_formats(tmp_path, xrd_dir):
    data = (xrd_dir / "TwoTheta_scan_powder.rasx").read_bytes()
    f = tmp_path / "cut.rasx"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(SselabError):
        read_patterns(f, format="rasx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Experiment0/RawData0.xml", "<RawData><DataRoute/></RawData>")
    g = tmp_path / "empty.brml"
    g.write_bytes(buf.getvalue())
    with pytest.raises(ParseError, match="no measured data"):
        read_patterns(g)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=0, max_size=600))
def test_fuzz_random_bytes_never_crash(tmp_path, blob):
    f = tmp_path / "fuzz.xy"
    f.write_bytes(blob)
    try:
        read_patterns(f)
    except SselabError:
        pass


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=24000), st.sampled_from(
    ["XRD-918-16_10.xrdml", "written_ras_example.ras", "m54313_om2th_10.xrdml"]))
def test_fuzz_truncated_real_files(tmp_path, data_dir, cut, name):
    data = (data_dir / "xrd" / name).read_bytes()
    f = tmp_path / ("cut" + Path(name).suffix)
    f.write_bytes(data[:cut])
    try:
        p = read_pattern(f)
        assert p.n_points >= 3
    except SselabError:
        pass
