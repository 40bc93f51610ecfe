"""AFM readers and the real-file validation: JPK spot3 curve vs JPK Data Processing (233.1 kPa)."""

from __future__ import annotations

import numpy as np
import pytest

from sselab.errors import InputError, ParseError
from sselab.io.mechanics.afm import (
    curves_to_map,
    read_force_curves,
    read_force_map,
    write_force_map_npz,
)
from sselab.mechanics.afm import TipGeometry, fit_curve
from sselab.mechanics.afm.maps import ForceMap
from sselab.mechanics.afm.synthetic import synthetic_curve, synthetic_dmt_map

pytest.importorskip("afmformats")

JPK = "mechanics/afm/fmt-jpk-fd_spot3-0192.jpk-force"
IBW = "mechanics/afm/fmt-igor-fd_SiN_FD_plot.ibw"


@pytest.fixture(scope="module")
def jpk_curve():
    from pathlib import Path

    return read_force_curves(Path(__file__).parent / "data" / JPK)[0]


def test_jpk_reads_with_explicit_conventions(jpk_curve):
    c = jpk_curve
    assert len(c) == 4000 and (c.segment == 0).sum() == 2000
    assert c.spring_constant_N_per_m == pytest.approx(0.043494, rel=1e-4)
    z, f = c.segment_data("approach")
    assert z[-1] > z[0]  # piezo moves towards the sample on approach (z = −height)
    assert f[-1] > f[0]  # repulsive force positive


def test_jpk_paraboloid_matches_jpk_data_processing(jpk_curve):
    """JPK DP recipe: approach, offset only, last 3 × indentation part, R = 40 nm, ν = 0.5."""
    tip = TipGeometry("paraboloid", radius_m=40e-9)
    r = fit_curve(jpk_curve, "hertz", tip=tip, poisson_ratio=0.5, segment="approach",
                  baseline="offset")
    assert r.youngs_modulus_Pa == pytest.approx(233.1e3, rel=0.005)
    # JPK/nanite "tip position" = height + F_raw/k; here s = −height − (F_raw − offset)/k
    cp_jpk = -r.contact_point_m + r.baseline_offset_N / jpk_curve.spring_constant_N_per_m
    assert cp_jpk == pytest.approx(18.03e-6, rel=1e-3)
    assert "3 ×" in r.window.rule and r.window.stop_index == 2000
    # the default tilt correction changes E by well under the 0.5 % tolerance
    tilt = fit_curve(jpk_curve, "hertz", tip=tip, poisson_ratio=0.5)
    assert tilt.youngs_modulus_Pa == pytest.approx(233.1e3, rel=0.005)


@pytest.mark.parametrize(("shape", "angle", "expected"), [("cone", 30.0, 348.6e3),
                                                         ("pyramid", 20.0, 396.1e3)])
def test_jpk_sharp_tips_within_published_tolerance(jpk_curve, shape, angle, expected):
    r = fit_curve(jpk_curve, "hertz", tip=TipGeometry(shape, half_angle_deg=angle),
                  poisson_ratio=0.5, baseline="offset")
    assert r.youngs_modulus_Pa == pytest.approx(expected, rel=0.08)  # nanite's tolerance


def test_ibw_reads_and_gives_consistent_adhesion(data_dir):
    c = read_force_curves(data_dir / IBW)[0]
    assert len(c) == 2016 and c.spring_constant_N_per_m == pytest.approx(1.1841)
    assert c.metadata["time"] == "10:47:31"
    # README: raw F_max 6.17 nN, raw F_min −16.7 nN (the −3.9 nN baseline still in)
    assert c.force_N.max() == pytest.approx(6.166e-9, rel=1e-3)
    assert c.force_N.min() == pytest.approx(-16.73e-9, rel=1e-3)
    assert c.has_segment("approach") and c.has_segment("retract")  # split at the turning point
    tip = TipGeometry("paraboloid", radius_m=20e-9)
    r = fit_curve(c, "dmt", tip=tip, poisson_ratio=0.3)
    # after the baseline correction the peak force is the 10 nN set-point stored in the file
    assert r.max_force_N == pytest.approx(c.metadata["setpoint"], rel=0.05)
    assert r.pulloff_force_N == pytest.approx(12.8e-9, rel=0.03)
    assert r.adhesion_ratio > 1.0  # pull-off larger than the load
    assert r.tabor_parameter > 0.1 and not r.valid
    assert 1e6 < r.youngs_modulus_Pa < 1e9  # a soft sample; no reference value exists
    h = fit_curve(c, "hertz", tip=tip, poisson_ratio=0.3)
    assert any("Hertz is outside" in w for w in h.warnings)


def test_text_reader(tmp_path):
    c = synthetic_curve("hertz", 1e9, 0.3, TipGeometry("paraboloid", radius_m=10e-9), 40.0,
                        10e-9, n_points=100)
    p = tmp_path / "curve.csv"
    lines = ["# spring_constant_N_per_m = 40", "# instrument = test", "height_m,force_N,segment"]
    lines += [f"{-z:.17g},{f:.17g},{'approach' if s == 0 else 'retract'}"
              for z, f, s in zip(c.piezo_m, c.force_N, c.segment, strict=True)]
    p.write_text("\n".join(lines))
    back = read_force_curves(p)[0]
    np.testing.assert_allclose(back.piezo_m, c.piezo_m, rtol=1e-15)
    np.testing.assert_array_equal(back.segment, c.segment)
    assert back.metadata["instrument"] == "test"
    p.write_text("piezo_m\tdeflection_m\n0\t0\n" + "".join(f"{i}e-9\t0\n" for i in range(1, 12)))
    assert read_force_curves(p, spring_constant_N_per_m=2.0)[0].spring_constant_N_per_m == 2.0
    with pytest.raises(ParseError):
        read_force_curves(p)  # no spring constant
    p.write_text("a,b\n1,2\n")
    with pytest.raises(ParseError):
        read_force_curves(p, spring_constant_N_per_m=1.0)


def test_npz_map_round_trip_and_errors(tmp_path):
    z, f, seg = synthetic_dmt_map((3, 4), 1.41e9, 0.3, 8e-9, 40.0, 15e-9, adhesion_force_N=3e-9,
                                  n_points=64)
    fmap = ForceMap(z, f, seg, 40.0, pixel_size_m=1e-7)
    path = tmp_path / "map.npz"
    write_force_map_npz(fmap, path)
    back = read_force_map(path)
    assert back.shape == (3, 4) and back.pixel_size_m == 1e-7
    np.testing.assert_array_equal(back.force_N, f)
    curves = read_force_curves(path)
    assert len(curves) == 12
    for i, c in enumerate(curves):
        c.metadata.update({"grid shape x": 4, "grid shape y": 3, "grid index x": i % 4,
                           "grid index y": i // 4})
    np.testing.assert_array_equal(curves_to_map(curves).force_N, f)
    with pytest.raises(InputError):
        read_force_curves(tmp_path / "missing.jpk-force")
    (tmp_path / "x.xyz").write_text("1")
    with pytest.raises(InputError):
        read_force_curves(tmp_path / "x.xyz")
    (tmp_path / "bad.jpk-force").write_bytes(b"not a zip")
    with pytest.raises(ParseError):
        read_force_curves(tmp_path / "bad.jpk-force")
