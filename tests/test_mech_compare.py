"""Literature comparison: the data set, derived quantities, placement, result parsing, CLI."""

from __future__ import annotations

import json
import math

import pytest

from sselab.cli import main
from sselab.errors import InputError, ParseError
from sselab.mechanics.compare import (
    SampleResult,
    derived_quantities,
    load_literature,
    merge_samples,
    parse_literature,
    parse_results,
    place,
)


def test_literature_set_holds_the_papers_numbers():
    lit = load_literature()
    lz = lit.get("LZACO")
    assert (lz.hardness_GPa, lz.modulus_GPa, lz.role) == (0.22, 1.41, "target")
    lzco = lit.get("LZCO")
    assert lzco.modulus_GPa == 7.92 and lzco.hardness.bound == "lower"
    assert lzco.hardness_GPa == 2.07
    assert lit.get("Li3InCl6").hardness_GPa == 2.07
    # every number has a source and a status; unverified ones are marked
    for e in lit:
        for m in (e.hardness, e.modulus):
            if m:
                assert m.source and m.status in ("verified", "unverified") and m.method
    assert any(e.statuses() == {"unverified"} for e in lit)
    verified = lit.select(statuses=("verified",))
    assert all(e.statuses() == {"verified"} for e in verified)
    assert "LZACO" not in {e.name for e in lit.select()}  # the target is not its own comparator


def test_literature_consistent_with_fig2a_statements():
    """What the claims of the reproduce section check (see mechanics_afm section)."""
    lit = load_literature()
    comps = lit.select()
    h_min = min(e.hardness_GPa for e in comps if e.hardness)
    assert h_min >= 1.19  # paper: comparators ≥ 1.19 GPa
    paper_e = [e.modulus_GPa for e in lit.select(("paper_comparator",)) if e.modulus]
    assert min(paper_e) == 7.92  # lower end of the paper's 7.92–45.75 GPa


def test_literature_parser_rejects_bad_entries():
    good = ('[[material]]\nname="X"\nformula="X"\nfamily="halide"\nrole="literature"\n'
            '[material.modulus]\nvalue=10.0\nunit="GPa"\nmethod="m"\nsource="s"\nstatus="verified"\n')
    assert parse_literature(good).get("X").modulus_GPa == 10.0
    with pytest.raises(ParseError):
        parse_literature(good.replace('unit="GPa"', 'unit="MPa"'))
    with pytest.raises(ParseError):
        parse_literature(good.replace('status="verified"', 'status="maybe"'))
    with pytest.raises(ParseError):
        parse_literature(good.replace('role="literature"', 'role="other"'))
    with pytest.raises(ParseError):
        parse_literature("x = 1")


def test_derived_quantities_closed_form():
    d = derived_quantities(0.22, 1.41)
    assert d.yield_stress_GPa == pytest.approx(0.22 / 3)
    assert d.modulus_to_hardness == pytest.approx(1.41 / 0.22)
    assert d.h3_over_e2_GPa == pytest.approx(0.22**3 / 1.41**2)
    assert d.johnson_index == pytest.approx(1.41 / (0.22 / 3) * math.tan(math.radians(19.7)))
    assert d.regime == "elastic-plastic"
    assert derived_quantities(6.3, 149.8).regime == "elastic-plastic"
    assert derived_quantities(1.0, 200.0).regime == "fully plastic"
    assert derived_quantities(math.nan, 1.0).regime == "unknown"


def test_placement_of_lzaco():
    pl = place(SampleResult("LZACO", 0.22, 1.41))
    assert pl.n_softer_hardness == 0 and pl.n_softer_modulus == 0
    assert pl.min_modulus == ("LZCO", 7.92)
    assert pl.modulus_ratio_to_softest == pytest.approx(1.41 / 7.92)
    assert pl.nearest[0] == "LZCO"
    stiff = place(SampleResult("garnet-like", 6.0, 150.0))
    assert stiff.nearest[0].startswith("LLZO")


def test_parse_results_shapes():
    simple = parse_results([{"name": "A", "hardness_GPa": 0.3, "modulus_GPa": 2.0},
                            {"name": "B", "E_GPa": 5.0}])
    assert simple[0].hardness_GPa == 0.3 and math.isnan(simple[1].hardness_GPa)
    indent_like = {"file": "/data/LZACO_indent.xls",
                   "summary": {"E_GPa": {"mean": 1.5, "sd": 0.1, "n": 5},
                               "H_GPa": {"mean": 0.21, "sd": 0.02, "n": 5}}}
    (s,) = parse_results(indent_like)
    assert (s.name, s.hardness_GPa, s.modulus_GPa) == ("LZACO_indent", 0.21, 1.5)
    afm_like = {"file": "map.npz", "summary": {"E_GPa": {"median": 1.4, "mean": 1.41, "n": 9}}}
    assert parse_results(afm_like)[0].modulus_GPa == 1.4
    assert parse_results({"name": "Z", "youngs_modulus_Pa": 2e9})[0].modulus_GPa == 2.0
    with pytest.raises(InputError):
        parse_results([{"name": "nothing"}])
    with pytest.raises(InputError):
        parse_results("text")
    merged = merge_samples([SampleResult("h", hardness_GPa=0.21, origin="indent.json"),
                            SampleResult("e", modulus_GPa=1.4, origin="afm.json")], "LZACO")
    assert (merged.name, merged.hardness_GPa, merged.modulus_GPa) == ("LZACO", 0.21, 1.4)
    with pytest.raises(InputError):  # two different moduli for one sample
        merge_samples(parse_results(indent_like) + parse_results(afm_like), "LZACO")


def test_cli_compare_and_literature(tmp_path, capsys):
    h = tmp_path / "indent.json"
    h.write_text(json.dumps({"file": "lzaco.xls", "summary": {"H_GPa": {"mean": 0.22, "n": 4}}}))
    e = tmp_path / "afm.json"
    e.write_text(json.dumps({"file": "lzaco.npz", "summary": {"E_GPa": {"median": 1.41, "n": 9}}}))
    png = tmp_path / "he.png"
    assert main(["mechanics", "compare", str(h), str(e), "--name", "LZACO", "--plot",
                 str(png)]) == 0
    text = capsys.readouterr().out
    assert "LZACO: H = 0.22 GPa, E = 1.41 GPa" in text and "Johnson index" in text
    assert png.read_bytes()[:4] == b"\x89PNG"
    simple = tmp_path / "s.json"
    simple.write_text(json.dumps([{"name": "mine", "hardness_GPa": 1.0, "modulus_GPa": 20.0}]))
    assert main(["mechanics", "compare", str(simple), "--json", "--verified-only"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["literature"]["statuses"] == ["verified"]
    assert out["samples"][0]["E_over_H"] == pytest.approx(20.0)
    assert main(["mechanics", "literature"]) == 0
    assert "LZCO" in capsys.readouterr().out
    assert main(["mechanics", "literature", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["materials"]) >= 10
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["mechanics", "compare", str(bad)]) == 2
