"""The ``chem`` reproduce section: every claim passes, provenance is complete."""

from __future__ import annotations

from sselab.reproduce.registry import Context, sections
from sselab.reproduce.sections.chem import chem_section


def test_chem_section_claims_pass() -> None:
    res = chem_section(Context())
    assert res.id == "chem" and not res.error
    by_id = {c.id: c for c in res.claims}
    expected = {
        "chem.o_cl_lzaco": 0.37, "chem.o_cl_li175": 0.11, "chem.o_cl_li222": 0.13,
        "chem.o_cl_li3zr075": 0.25, "chem.radius_lzaco_cn6": 0.67, "chem.radius_ta5_cn6": 0.64,
        "chem.co2_mass_fraction": 19.78,
    }
    assert set(by_id) == set(expected)
    for cid, paper in expected.items():
        c = by_id[cid]
        assert c.paper == paper
        assert c.tolerance_mode == "abs" and c.tolerance == 0.005
        assert c.status == "pass", (cid, c.computed)
    assert by_id["chem.radius_ta5_cn6"].kind == "input"
    assert by_id["chem.co2_mass_fraction"].kind == "model"


def test_chem_section_tables_figure_provenance() -> None:
    res = chem_section(Context())
    ids = {t.id for t in res.tables}
    assert {"chem-recipe", "chem-grid", "chem-oxychlorides", "chem-radius-cn"} <= ids
    recipe = next(t for t in res.tables if t.id == "chem-recipe")
    assert len(recipe.rows) == 3
    (fig,) = res.figures
    assert fig.svg.startswith("<svg") and fig.alt
    assert {i.name.rsplit("/", 1)[-1] for i in res.inputs} >= {
        "atomic_weights.toml", "shannon_radii.toml"}
    assert all(len(i.sha256) == 64 and not i.synthetic for i in res.inputs)
    assert {"Hu2026", "IUPAC2021", "Shannon1976"} <= set(res.citations)
    assert res.parameter_sets and res.parameter_sets[0].id == "chem_synthesis_hu2026"


def test_chem_section_registered() -> None:
    spec = next(s for s in sections() if s.id == "chem")
    assert spec.order == 10 and spec.title == "Composition and synthesis"
