"""`sselab phasefield …` through the CLI; the reproduce section."""

from __future__ import annotations

import json

import pytest

from sselab.cli import main


def test_interface_json_outputs_and_resume(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["phasefield", "interface", "--se", "LZACO", "--steps", "6", "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["electrolyte"] == "LZACO" and data["keeps_contact"] is True
    assert (out / "results.json").is_file() and (out / "checkpoint.npz").is_file()
    assert (out / "phi_fields.png").is_file() and (out / "fields.xdmf").is_file()
    assert (out / "fields.h5").is_file()  # meshio's heavy data lands beside the .xdmf, not in the cwd
    assert len(list(out.glob("fields_*.vtu"))) == 5
    # resume from the finished checkpoint: nothing left to do, same answer
    assert main(["phasefield", "interface", "--se", "LZACO", "--steps", "6", "--out", str(out),
                 "--json", "--resume"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["detached_fraction_at_soc1"] == data["detached_fraction_at_soc1"]
    assert len(again["run"]["steps"]) == len(data["run"]["steps"])


def test_interface_custom_and_bad_input(capsys):
    assert main(["phasefield", "interface", "--modulus-gpa", "2", "--steps", "4", "--quiet"]) == 2
    assert "both" in capsys.readouterr().err
    assert main(["phasefield", "interface", "--se", "NOPE", "--quiet"]) == 2
    assert "unknown electrolyte" in capsys.readouterr().err


def test_sent_coarse(capsys):
    assert main(["phasefield", "sent", "--refinement", "0.25", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert 0.6 < d["peak_force_kN"] < 0.9
    assert d["steps"] == 102


@pytest.mark.slow
def test_map_small(tmp_path, capsys):
    assert main(["phasefield", "map", "--h-range", "0.2:2.1:2", "--e-range", "1.4:8:2", "--steps", "4",
                 "--json", "--out", str(tmp_path)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["onset_soc"]) == 2 and len(d["onset_soc"][0]) == 2
    assert (tmp_path / "map.png").is_file()
    names = {p["name"] for p in d["electrolytes"]}
    assert "LZACO" in names


@pytest.mark.slow
def test_reproduce_section():
    from sselab.reproduce.registry import Context
    from sselab.reproduce.sections.phasefield import run

    res = run(Context())
    st = {c.id: c.status for c in res.claims}
    assert st["phasefield.lzco_onset_soc"] == "pass"
    assert st["phasefield.lzaco_detached_at_soc1"] == "pass"
    assert len(res.figures) == 2 and res.figures[0].svg.startswith("<svg")
