"""`sselab eis batch TABLE.csv --out DIR` on synthetic pellet spectra written as CSV files."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from sselab.cli import main
from sselab.transport.synthetic import lzaco_model

COMPOSITIONS = [(1.4, 0.25, 2.55, 0.276), (1.2, 0.25, 1.5, 0.30)]
TEMPS_C = (25, 45, 65)


@pytest.fixture
def table(tmp_path):
    rng = np.random.default_rng(42)
    data = tmp_path / "spectra"
    data.mkdir()
    lines = ["file,x,y,T_degC,treatment,thickness_um,diameter_mm,thickness_stderr_um"]
    for x, y, s25, ea in COMPOSITIONS:
        m = lzaco_model(sigma25_mS_per_cm=s25).with_(activation_energy_eV=ea)
        for tc in TEMPS_C:
            s = m.spectrum(tc + 273.15, rng)
            name = f"x{x}_y{y}_{tc}C.csv"
            (data / name).write_text("".join(
                f"{f:.12g},{z.real:.12g},{z.imag:.12g}\n"
                for f, z in zip(s.frequency_Hz, s.impedance_ohm, strict=True)))
            lines.append(f"spectra/{name},{x},{y},{tc},as-milled,800,10.0,10")
    path = tmp_path / "table.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_batch_writes_results_and_figures(table, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["eis", "batch", str(table), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "6/6 spectra analysed" in text
    with open(out / "results.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6 and rows[0]["file"] == "spectra/x1.4_y0.25_25C.csv"
    assert float(rows[0]["conductivity_mS_per_cm"]) == pytest.approx(2.55, rel=0.02)
    res = json.loads((out / "results.json").read_text())
    comps = {(c["x"], c["y"]): c for c in res["compositions"]}
    for x, y, s25, ea in COMPOSITIONS:
        assert comps[(x, y)]["sigma25_mS_per_cm"] == pytest.approx(s25, rel=0.02)
        assert comps[(x, y)]["activation_energy_eV"] == pytest.approx(ea, rel=0.03)
    # thickness uncertainty 10 µm of 800 µm enters u(σ)
    f0 = res["files"][0]
    assert f0["conductivity_stderr_S_per_m"] / f0["conductivity_S_per_m"] >= 0.0125
    assert (out / "arrhenius.png").stat().st_size > 1000
    assert (out / "composition_map.png").stat().st_size > 1000


def test_batch_reports_a_missing_file_and_carries_on(table, tmp_path, capsys):
    text = table.read_text() + "spectra/missing.csv,1.0,0.5,25,as-milled,800,10.0,10\n"
    table.write_text(text)
    out = tmp_path / "out2"
    assert main(["eis", "batch", str(table), "--out", str(out), "--json"]) == 3
    cap = capsys.readouterr()
    res = json.loads(cap.out)
    assert len(res["failed"]) == 1 and "missing.csv" in res["failed"][0]
    assert sum("error" in f for f in res["files"]) == 1
    assert (out / "results.csv").exists()
    assert "missing.csv" in cap.err


def test_batch_table_without_geometry_is_input_error(tmp_path, capsys):
    t = tmp_path / "t.csv"
    t.write_text("file,x,y,T_degC\na.csv,1,0.2,25\n")
    assert main(["eis", "batch", str(t), "--out", str(tmp_path / "o")]) == 2
    assert "thickness" in capsys.readouterr().err
