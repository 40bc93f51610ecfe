"""``sselab eis fit|kk|drt`` through the CLI, and the EIS figures."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sselab.cli import main
from sselab.eis import Spectrum, drt, fit_circuit, lin_kk, parse_circuit

EXAMPLE = str(Path(__file__).parent / "data" / "eis" / "impedance_py" / "exampleData.csv")


@pytest.fixture
def pellet_csv(tmp_path: Path) -> str:
    """A synthetic blocking-electrode spectrum (f, Re, Im) with R0 + R1 = 5020 Ω."""
    f = np.logspace(0, np.log10(7e6), 60)
    z = parse_circuit("R0-p(R1,CPE1)-CPE2").impedance([20.0, 5000.0, 2e-10, 0.9, 1e-6, 0.85], f)
    path = tmp_path / "pellet.csv"
    np.savetxt(path, np.column_stack((f, z.real, z.imag)), delimiter=",")
    return str(path)


def test_fit_prints_parameters_and_conductivity(pellet_csv, capsys):
    assert main(["eis", "fit", pellet_csv, "--thickness-um", "800", "--diameter-mm", "10"]) == 0
    out = capsys.readouterr().out
    assert "R0-p(R1,CPE1)-CPE2" in out and "CPE2_1" in out
    # sigma = L/(R A) = 0.08 cm / (5020 Ω · 0.7854 cm²) = 2.029e-2 mS/cm
    assert "total  R = R0 + R1 = 5020" in out
    assert "sigma = 0.02029" in out


def test_fit_json_with_initial_fixed_and_plot(pellet_csv, tmp_path, capsys):
    png = tmp_path / "fit.png"
    assert main(["eis", "fit", pellet_csv, "--json", "--initial", "R1=4000", "--fixed",
                 "CPE2_1=0.85", "--thickness-um", "800", "--diameter-mm", "10",
                 "--plot", str(png)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["parameters"]["R1"]["value"] == pytest.approx(5000, rel=1e-6)
    assert d["parameters"]["CPE2_1"]["fixed"] is True
    sigma = d["conductivity"]["total"]["conductivity_mS_per_cm"]
    assert sigma == pytest.approx(0.08 / (5020 * np.pi * 0.25) * 1e3, rel=1e-6)
    assert png.stat().st_size > 10_000


def test_fit_real_file_with_other_circuit(capsys):
    assert main(["eis", "fit", EXAMPLE, "--drop-inductive", "--circuit",
                 "R0-p(R1,C1)-p(R2-Wo1,C2)", "--weighting", "unit", "--initial", "R0=0.01",
                 "R1=0.01", "C1=100", "R2=0.01", "Wo1_0=0.05", "Wo1_1=100", "C2=1"]) == 0
    out = capsys.readouterr().out
    assert "57 points" in out and "converged" in out
    assert "0.0165" in out  # R0 of impedance.py's test_circuit_fit


@pytest.mark.parametrize("argv, message", [
    (["--circuit", "R0-X1"], "unknown element 'X1'"),
    (["--thickness-um", "800"], "both --thickness-um and --diameter-mm"),
    (["--initial", "R0"], "NAME=VALUE"),
    (["--f-min", "1e9"], "no points"),
])
def test_fit_bad_input_is_one_line_exit_2(pellet_csv, argv, message, capsys):
    assert main(["eis", "fit", pellet_csv, *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_kk_text_json_and_plot(tmp_path, capsys):
    assert main(["eis", "kk", EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert "M = 22" in out and "mu = 0.8306" in out
    png = tmp_path / "kk.png"
    assert main(["eis", "kk", EXAMPLE, "--json", "--fit-type", "complex", "--plot", str(png)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["M"] == 14 and len(d["residuals_real"]) == 66
    assert png.exists()


def test_drt_text_json_and_plot(tmp_path, capsys):
    png = tmp_path / "drt.png"
    assert main(["eis", "drt", EXAMPLE, "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "lambda" in out and "peak" in out
    assert main(["eis", "drt", EXAMPLE, "--json", "--regularization", "lcurve"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["lambda_method"] == "lcurve" and d["peaks"]
    assert png.exists()


def test_figures_return_matplotlib_figures():
    from matplotlib.figure import Figure

    from sselab.plot import eis as plots
    from sselab.plot.svg import to_svg

    f = np.logspace(-1, 5, 40)
    z = parse_circuit("R0-p(R1,C1)-p(R2,C2)").impedance([5, 50, 1e-6, 80, 1e-3], f)
    s = Spectrum(f, z)
    fit = fit_circuit(s, "R0-p(R1,C1)-p(R2,C2)")
    figs = [plots.nyquist(s), plots.nyquist(s, fit, title="t"), plots.bode(s, fit),
            plots.fit_residuals(fit), plots.fit_overview(fit), plots.linkk_residuals(lin_kk(s)),
            plots.drt_plot(drt(s))]
    assert all(isinstance(fig, Figure) for fig in figs)
    assert to_svg(figs[-1]).startswith("<svg")
