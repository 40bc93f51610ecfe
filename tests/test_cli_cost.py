"""`sselab cost` through the CLI entry point."""

from __future__ import annotations

import json

import pytest

from sselab.cli import main
from sselab.parameters import data_text


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_json_li2co3_4h(capsys):
    d = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--milling-h", "4", "--json"])
    assert d["total_USD_per_L"] == pytest.approx(43.70, rel=0.005)
    assert d["raw_USD_per_L"] == pytest.approx(28.39, rel=0.005)
    assert d["processing_USD_per_L"] == pytest.approx(15.31, rel=0.005)
    assert set(d["raw_by_precursor_USD_per_L"]) == {"Li2CO3", "ZrCl4", "AlCl3"}
    assert set(d["processing_components_USD_per_L"]) == {
        "depreciation", "electricity", "personnel", "plant area"}
    items = d["processing_per_batch"]["items_USD_per_batch"]
    assert sum(items.values()) == pytest.approx(d["processing_per_batch"]["total_USD_per_batch"])
    assert d["threshold"]["USD_per_L"] == pytest.approx(93.50)
    assert d["threshold"]["case_below_threshold"] is True
    assert [r["id"] for r in d["reference_cases"]] == ["LZACO_Li2O", "LZACO_Li2CO3",
                                                       "Li2ZrCl6_LiCl"]
    for r in d["reference_cases"]:
        assert abs(r["total_rel_error"]) < 0.005
    assert len(d["parameter_file"]["sha256"]) == 64


def test_human_output_shows_reference_cases_and_threshold(capsys):
    assert main(["cost", "lzaco", "--route", "li2o", "--milling-h", "30"]) == 0
    out = capsys.readouterr().out
    assert "156.76" in out and "93.50" in out and "reference cases" in out
    assert "LZACO_Li2CO3" in out and "Li2ZrCl6_LiCl" in out


def test_li2zrcl6_route_optional_and_validated(capsys):
    d = _json(capsys, ["cost", "Li2ZrCl6", "--json"])
    assert d["route"] == "LiCl" and d["milling_time_h"] == 45
    assert d["total_USD_per_L"] == pytest.approx(140.01, rel=0.005)
    d = _json(capsys, ["cost", "lzc", "--route", "LiCl", "--milling-h", "45", "--json"])
    assert d["total_USD_per_L"] == pytest.approx(140.01, rel=0.005)
    assert main(["cost", "Li2ZrCl6", "--route", "Li2O"]) == 2
    assert "LiCl" in capsys.readouterr().err


def test_family_composition(capsys):
    d = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--x", "1.2", "--y", "0.3",
                       "--density-g-cm3", "2.2", "--milling-h", "6", "--json"])
    assert d["formula"] == "Li2.4Zr0.7Al0.3O1.2Cl3.7"
    assert d["raw"]["mass_loss_fraction"] > 0.15
    assert main(["cost", "LZACO", "--route", "Li2CO3", "--x", "1.2", "--y", "0.3",
                 "--milling-h", "6"]) == 2
    assert "--density-g-cm3" in capsys.readouterr().err


def test_price_override(capsys):
    base = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--json"])
    dear = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--price", "ZrCl4=20",
                          "--json"])
    assert dear["raw_USD_per_L"] > base["raw_USD_per_L"]
    assert dear["raw"]["precursors"][1]["price_USD_per_kg"] == 20.0


def test_sensitivity_and_monte_carlo(capsys):
    d = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--sensitivity",
                       "--monte-carlo", "2000", "--seed", "3", "--json"])
    rows = d["sensitivity"]["rows"]
    assert rows[0]["swing"] >= rows[-1]["swing"]
    mc = d["monte_carlo"]["total_USD_per_L"]
    assert mc["P5"] < mc["P50"] < mc["P95"]
    again = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--monte-carlo", "2000",
                           "--seed", "3", "--json"])
    assert again["monte_carlo"] == d["monte_carlo"]
    assert main(["cost", "LZACO", "--route", "Li2CO3", "--sensitivity", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "one-at-a-time" in out and "materials.LZACO.density" in out


def test_plot_writes_pngs(capsys, tmp_path):
    assert main(["cost", "LZACO", "--route", "Li2O", "--plot", str(tmp_path)]) == 0
    for name in ("processing_vs_time.png", "cost_bars.png", "tornado.png"):
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_own_parameter_file(capsys, tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(data_text("cost/lzaco_2026.toml").replace(
        "value = 11.28", "value = 22.56"), encoding="utf-8")
    d = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--params", str(f), "--json"])
    base = _json(capsys, ["cost", "LZACO", "--route", "Li2CO3", "--json"])
    assert d["raw_USD_per_L"] > base["raw_USD_per_L"]
    assert d["parameter_file"]["origin"] == str(f)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["cost", "LLZO"], "known materials: LZACO, Li2ZrCl6"),
        (["cost", "LZACO", "--route", "Li2CO3", "--milling-h", "0"], "milling time"),
        (["cost", "LZACO", "--route", "Li2CO3", "--milling-h", "-3"], "milling time"),
        (["cost", "LZACO", "--route", "Li2CO3", "--density-g-cm3", "0"], "density"),
        (["cost", "LZACO", "--route", "Li2CO3", "--price", "ZrCl4=-1"], "price"),
        (["cost", "LZACO", "--route", "Li2CO3", "--price", "ZrCl4"], "PRECURSOR=USD_PER_KG"),
        (["cost", "LZACO"], "--route"),
        (["cost", "LZACO", "--route", "Li2S"], "Li2O, Li2CO3"),
        (["cost", "LZACO", "--route", "Li2CO3", "--monte-carlo", "2"], "10 samples"),
        (["cost", "LZACO", "--params", "/nonexistent/file.toml"], "does not exist"),
    ],
)
def test_errors_exit_2_with_one_line(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sselab: error:")
    assert needle in err[0]


def test_malformed_parameter_file_exit_2(capsys, tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(data_text("cost/lzaco_2026.toml").replace('kind = "inferred"\n', "", 1),
                 encoding="utf-8")
    assert main(["cost", "LZACO", "--route", "Li2O", "--params", str(f)]) == 2
    assert "lacks kind" in capsys.readouterr().err
