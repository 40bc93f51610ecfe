"""The ``mechanics_indent`` reproduce section: synthetic H/E recovered, FQ table, figures."""

from __future__ import annotations

from sselab.reproduce.registry import Context, sections
from sselab.reproduce.sections.mechanics_indent import run


def test_section_registered():
    spec = {s.id: s for s in sections()}["mechanics_indent"]
    assert spec.order == 40 and spec.title == "Mechanics: nanoindentation (Oliver–Pharr)"


def test_section_claims_tables_figures():
    res = run(Context())
    claims = {c.id: c for c in res.claims}
    h, e = claims["mechanics_indent.hardness"], claims["mechanics_indent.modulus"]
    for c in (h, e):
        assert c.status == "pass" and c.kind == "pipeline" and c.synthetic_input
        assert abs(c.rel_error) < 0.03
    assert e.quantity == "E from indentation of synthetic curves built with E = 1.41 GPa"
    fq = {t.id: t for t in res.tables}["mechanics_indent.fq_validation"]
    assert len(fq.rows) == 5
    for row in fq.rows:
        assert abs(float(row[7])) < 3.0 and abs(float(row[10])) < 2.0
    assert len(res.figures) == 2 and all(f.svg.startswith("<svg") for f in res.figures)
    assert any(i.synthetic for i in res.inputs) and any(not i.synthetic for i in res.inputs)
    assert any("ν = 0.3" in n for n in res.notes)


def test_other_seed_also_passes():
    res = run(Context(seed=12345))
    assert all(c.status == "pass" for c in res.claims)
