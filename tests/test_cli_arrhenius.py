"""`sselab arrhenius TABLE.csv` through the CLI entry point."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sselab.cli import main
from sselab.transport.arrhenius import arrhenius_conductivity

T_C = np.array([25.0, 35.0, 45.0, 55.0, 65.0, 75.0])


def _write(path, header, t, s):
    body = "".join(f"{a:.10g},{b:.12g}\n" for a, b in zip(t, s, strict=True))
    path.write_text(header + "\n" + body)
    return path


def test_celsius_and_mS_per_cm_text_output(tmp_path, capsys):
    s = arrhenius_conductivity(T_C + 273.15, 0.255, 0.276) * 10  # mS/cm
    f = _write(tmp_path / "a.csv", "T_degC,sigma_mS_per_cm", T_C, s)
    assert main(["arrhenius", str(f)]) == 0
    out = capsys.readouterr().out
    assert "Ea      = 0.2760" in out and "kJ/mol" in out
    assert "σ(25 °C) = 2.55" in out and "R²" in out


def test_kelvin_S_per_cm_json_and_plot(tmp_path, capsys):
    t = T_C + 273.15
    s = arrhenius_conductivity(t, 0.255, 0.276, "sigma") / 100  # S/cm
    f = _write(tmp_path / "b.csv", "T_K,sigma_S_per_cm", t, s)
    png = tmp_path / "arr.png"
    assert main(["arrhenius", str(f), "--json", "--model", "sigma", "--plot", str(png)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["activation_energy_eV"] == pytest.approx(0.276, rel=1e-9)
    assert d["sigma25_mS_per_cm"] == pytest.approx(2.55, rel=1e-9)
    assert d["activation_energy_kJ_per_mol"] == pytest.approx(26.63, rel=1e-3)
    assert d["columns"]["temperature"] == ["T_K", "K"]
    assert png.stat().st_size > 1000


def test_descriptive_headers(tmp_path, capsys):
    t = T_C + 273.15
    s = arrhenius_conductivity(t, 0.255, 0.276)  # S/m
    f = _write(tmp_path / "c.csv", "temperature (°C),conductivity (S/m)", T_C, s)
    assert main(["arrhenius", str(f), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["activation_energy_eV"] == pytest.approx(0.276)


@pytest.mark.parametrize("header", ["T,sigma_mS_per_cm", "T_degC,sigma"])
def test_header_without_units_is_one_line_error(tmp_path, capsys, header):
    f = _write(tmp_path / "d.csv", header, T_C, T_C)
    assert main(["arrhenius", str(f)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sselab: error:")


def test_missing_file_and_bad_number(tmp_path, capsys):
    assert main(["arrhenius", str(tmp_path / "nope.csv")]) == 2
    f = tmp_path / "e.csv"
    f.write_text("T_degC,sigma_mS_per_cm\n25,abc\n35,3\n")
    assert main(["arrhenius", str(f)]) == 2
    assert "abc" in capsys.readouterr().err
