"""`sselab reproduce` end to end: results.json schema, self-contained report, exit code."""

from __future__ import annotations

import json
import re

import pytest

from sselab.cli import main
from sselab.reproduce.registry import Context, sections
from sselab.reproduce.runner import run


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep")
    code = main(["reproduce", "--out", str(out), "--quiet"])
    return code, out


def test_exit_code_and_all_claims_pass(report):
    code, out = report
    res = json.loads((out / "results.json").read_text())
    failing = [c["id"] for c in res["claims"] if c["status"] != "pass"]
    assert failing == []
    assert res["summary"]["sections_with_errors"] == []
    assert code == 0


def test_claim_schema_and_provenance(report):
    _, out = report
    res = json.loads((out / "results.json").read_text())
    required = {"id", "quantity", "unit", "paper", "computed", "rel_error", "tolerance", "status"}
    ids = [c["id"] for c in res["claims"]]
    assert len(ids) == len(set(ids)), "claim ids must be unique"
    for c in res["claims"]:
        assert required <= set(c)
        prov = c["provenance"]
        assert prov["sselab_version"] == res["sselab_version"]
        assert {"inputs", "parameter_files", "citations"} <= set(prov)
        for inp in prov["inputs"]:
            assert re.fullmatch(r"[0-9a-f]{64}", inp["sha256"])


def test_report_is_self_contained(report):
    _, out = report
    html = (out / "report.html").read_text()
    assert "<table id=\"claims-table\">" in html
    # nothing is loaded from the network: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"https?:", html)
    assert "@import" not in html and "url(http" not in html
    res = json.loads((out / "results.json").read_text())
    for s in res["sections"]:
        assert f'id="sec-{s["id"]}"' in html
        for f in s["figures"]:
            assert f'id="fig-{f["id"]}"' in html
            assert f["alt"]


def test_every_section_registered_once():
    ids = [s.id for s in sections()]
    assert len(ids) == len(set(ids))


def test_failing_section_is_reported_not_fatal(monkeypatch):
    from sselab.reproduce import registry

    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        registry._SECTIONS, "zz_broken", registry.SectionSpec("zz_broken", "Broken", 999, broken)
    )
    rep = run(Context(), only=["zz_broken"])
    assert rep.sections[0].error == "RuntimeError: boom"
    assert not rep.ok


def test_unknown_section_is_one_line_error(capsys, tmp_path):
    assert main(["reproduce", "--only", "nosuch", "--out", str(tmp_path), "--quiet"]) == 2
    assert "unknown section" in capsys.readouterr().err


def test_not_reproduced_statements_are_listed(report):
    _, out = report
    res = json.loads((out / "results.json").read_text())
    html = (out / "report.html").read_text()
    for g in res["not_reproduced"]:
        assert {"section", "id", "statement", "paper", "computed", "reason"} <= set(g)
        assert g["id"] in html
        assert g["id"] not in {c["id"] for c in res["claims"]}
