"""``sselab composition`` and ``sselab recipe`` through the CLI entry point."""

from __future__ import annotations

import json

import pytest

from sselab.cli import main


def test_composition_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "1.4Li2O-0.75ZrCl4-0.25AlCl3"]) == 0
    out = capsys.readouterr().out
    assert "Li2.8Zr0.75Al0.25O1.4Cl3.75" in out
    assert "249.932 g/mol" in out
    assert "O/Cl molar ratio  0.3733" in out
    assert "balanced" in out and "NOT" not in out
    assert "Ta5+ has no CN IV" in out
    assert "0.6738" in out and "0.6400" in out


def test_composition_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "Li2.22Zr1.11Cl5.33O0.67", "--json", "--cn", "VI"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["formula"] == "Li2.22Zr1.11O0.67Cl5.33"
    assert d["o_cl_ratio"] == pytest.approx(0.67 / 5.33)
    assert d["molar_mass_g_per_mol"] == pytest.approx(2.22 * 6.94 + 1.11 * 91.224 + 5.33 * 35.45 + 0.67 * 15.999)
    cb = d["charge_balance"]
    assert cb["ok"] is True
    assert cb["cation_charge_e_per_fu"] == pytest.approx(6.66)
    assert cb["anion_charge_e_per_fu"] == pytest.approx(6.67)
    (row,) = d["effective_radius"]["rows"]
    assert row["cn"] == "VI" and row["effective_radius_angstrom"] == pytest.approx(0.72)
    assert row["reference_radius_angstrom"] == 0.64
    assert d["family_x"] is None


def test_composition_family_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "--family", "1.4", "0.25", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["formula"] == "Li2.8Zr0.75Al0.25O1.4Cl3.75"
    assert (d["family_x"], d["family_y"]) == (1.4, 0.25)
    assert [c["formula"] for c in d["components"]] == ["Li2O", "ZrCl4", "AlCl3"]
    vi = [r for r in d["effective_radius"]["rows"] if r["cn"] == "VI"][0]
    assert vi["effective_radius_angstrom"] == pytest.approx(0.67375)


def test_composition_partial_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "CuCl2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["charge_balance"] is None and "Cu" in d["problems"]["charge_balance"]
    assert d["o_cl_ratio"] == 0.0
    assert main(["composition", "CuCl2", "--ox", "Cu=2"]) == 0
    assert "balanced" in capsys.readouterr().out
    assert main(["composition", "LiCl"]) == 0
    assert "n/a" in capsys.readouterr().out


def test_composition_grid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "--grid", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["rows"]) == 63
    assert "molar_mass_g_per_mol" in d["columns"]
    assert main(["composition", "--grid", "--x-step", "0.4", "--y-step", "0.15"]) == 0
    out = capsys.readouterr().out
    assert "9 compositions" in out and "Li2.8Zr0.65Al0.35O1.4Cl3.65" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["composition", "Li2ZrQ6"],
        ["composition"],
        ["composition", "LiCl", "--grid"],
        ["composition", "--grid", "--x-step", "0.3"],
        ["composition", "LiCl", "--ref", "Ta"],
        ["composition", "LiCl", "--ox", "Fe"],
        ["composition", "LiCl", "--cn", "XX"],
        ["recipe", "Li2O", "--batch-g", "0"],
        ["recipe", "Li2O", "--batch-g", "-2"],
        ["recipe", "--batch-g", "2"],
        ["recipe", "Li2ZrQ6", "--batch-g", "2"],
    ],
)
def test_bad_input_exit_2_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("sselab: error: ")
    assert "Traceback" not in err


def test_unknown_element_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "Li2ZrQ6"]) == 2
    cap = capsys.readouterr()
    assert cap.out == ""
    assert "unknown element 'Q' at position 6 in 'Li2ZrQ6'" in cap.err


def test_recipe_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recipe", "--family", "1.4", "0.25", "--batch-g", "2", "--li-source", "Li2CO3"]) == 0
    out = capsys.readouterr().out
    for s in ("0.6641", "1.1219", "0.2140", "0.3955 g", "19.78 %", "1.6045 g", "20.0:1",
              "warning:", "CO2"):
        assert s in out


def test_recipe_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recipe", "1.4Li2O-0.75ZrCl4-0.25AlCl3", "--batch-g", "2", "--li-source",
                 "Li2CO3", "--basis", "product", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    m = {p["formula"]: p["mass_g"] for p in d["precursors"]}
    assert m["Li2CO3"] == pytest.approx(0.8278, abs=1e-4)
    assert m["ZrCl4"] == pytest.approx(1.3985, abs=1e-4)
    assert m["AlCl3"] == pytest.approx(0.2667, abs=1e-4)
    assert d["gas_released_g"] == pytest.approx(0.4930, abs=1e-4)
    assert d["product_g"] == pytest.approx(2.0)
    assert d["basis"] == "product"
    assert d["gases"][0]["volume_stp_mL"] > 0
    assert d["warnings"]


def test_recipe_li2o_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recipe", "1.4Li2O-0.75ZrCl4-0.25AlCl3", "--batch-g", "2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    m = {p["formula"]: p["mass_g"] for p in d["precursors"]}
    assert m == pytest.approx({"Li2O": 0.3347, "ZrCl4": 1.3985, "AlCl3": 0.2667}, abs=1e-4)
    assert d["ball_to_powder_ratio"] == pytest.approx(20.0)
    assert main(["recipe", "Li6PS5Cl", "--batch-g", "1", "--precursors", "Li2S,P2S5,LiCl",
                 "--bpr", "20"]) == 0
    out = capsys.readouterr().out
    assert "2.5 Li2S + 0.5 P2S5 + LiCl" in out and "20.0:1" in out


def test_help_mentions_notations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["composition", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--family" in out and "--grid" in out and "oxide sums" in out
    assert main(["recipe", "--help"]) == 0
    assert "--li-source" in capsys.readouterr().out
