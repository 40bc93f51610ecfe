"""``sselab afm`` end to end: JPK validation through the CLI, JSON, plots, force maps, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sselab.cli import main

pytest.importorskip("afmformats")

JPK = "mechanics/afm/fmt-jpk-fd_spot3-0192.jpk-force"
IBW = "mechanics/afm/fmt-igor-fd_SiN_FD_plot.ibw"


def test_afm_jpk_hertz_json(data_dir, capsys):
    code = main(["afm", str(data_dir / JPK), "--model", "hertz", "--tip-radius-nm", "40",
                 "--nu", "0.5", "--baseline", "offset", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    r = out["results"][0]
    assert r["youngs_modulus_Pa"] == pytest.approx(233.1e3, rel=0.005)
    assert r["window"]["rule"].startswith("last 3")
    assert r["segment"] == "approach" and r["warnings"]
    assert out["summary"]["E_GPa"]["n"] == 1
    assert out["summary"]["E_GPa"]["median"] == pytest.approx(233.1e-6, rel=0.005)


def test_afm_text_output_and_plot(data_dir, tmp_path, capsys):
    svg = tmp_path / "fit.svg"
    code = main(["afm", str(data_dir / IBW), "--model", "dmt", "--tip-radius-nm", "20",
                 "--plot", str(svg)])
    assert code == 0
    text = capsys.readouterr().out
    assert "DMT fit of the retract segment" in text and "Tabor mu" in text
    assert "warning:" in text
    assert svg.read_text().startswith("<svg")


def test_afm_jkr_and_cone(data_dir, capsys):
    assert main(["afm", str(data_dir / IBW), "--model", "jkr", "--tip-radius-nm", "20",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["model"] == "jkr"
    assert main(["afm", str(data_dir / JPK), "--model", "hertz", "--geometry", "cone",
                 "--half-angle-deg", "30", "--nu", "0.5", "--baseline", "offset", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)["results"][0]
    assert r["youngs_modulus_Pa"] == pytest.approx(348.6e3, rel=0.08)


def test_afm_force_map(tmp_path, capsys):
    from sselab.io.mechanics.afm import write_force_map_npz
    from sselab.mechanics.afm.maps import ForceMap
    from sselab.mechanics.afm.synthetic import synthetic_dmt_map

    rng = np.random.default_rng(2)
    z, f, seg = synthetic_dmt_map((6, 6), 1.41e9, 0.3, 8e-9, 40.0, 15e-9, adhesion_force_N=3e-9,
                                  n_points=128, noise_N=0.1e-9, rng=rng)
    path = tmp_path / "map.npz"
    write_force_map_npz(ForceMap(z, f, seg, 40.0, pixel_size_m=1e-7), path)
    png = tmp_path / "maps.png"
    assert main(["afm", str(path), "--model", "dmt", "--tip-radius-nm", "8", "--map",
                 str(png)]) == 0
    text = capsys.readouterr().out
    assert "6 x 6 force map" in text and "fitted 36/36" in text
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert main(["afm", str(path), "--model", "dmt", "--tip-radius-nm", "8", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["map"]["modulus_GPa"] == pytest.approx(1.41, rel=0.02)
    assert out["summary"]["E_GPa"]["n"] == 36


def test_afm_input_errors(data_dir, tmp_path, capsys):
    assert main(["afm", str(data_dir / JPK), "--model", "hertz"]) == 2  # no tip radius
    assert "tip-radius-nm" in capsys.readouterr().err
    assert main(["afm", str(data_dir / JPK), "--model", "dmt", "--geometry", "cone",
                 "--half-angle-deg", "20"]) == 2
    assert main(["afm", str(tmp_path / "none.jpk-force"), "--tip-radius-nm", "8"]) == 2
    assert main(["afm", str(data_dir / JPK), "--tip-radius-nm", "8", "--map", "x.png"]) == 2
    err = capsys.readouterr().err
    assert "grid" in err
    # a window that holds no contact points: the fit fails with exit status 3
    assert main(["afm", str(data_dir / JPK), "--model", "hertz", "--tip-radius-nm", "40",
                 "--window-depth-nm", "5000", "6000"]) == 3
