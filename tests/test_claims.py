"""The claim record decides pass/fail in one place."""

from __future__ import annotations

import math

import pytest

from sselab.reproduce.claims import Claim


def _c(**kw):
    base = dict(id="x.y", quantity="q", unit="u", paper=100.0, computed=100.4, tolerance=0.005)
    base.update(kw)
    return Claim(**base)


def test_relative_tolerance_pass_and_fail():
    assert _c().status == "pass"
    assert _c(computed=100.6).status == "fail"
    assert _c().rel_error == pytest.approx(0.004)


def test_absolute_tolerance():
    assert _c(tolerance=0.5, tolerance_mode="abs").status == "pass"
    assert _c(tolerance=0.3, tolerance_mode="abs").status == "fail"


@pytest.mark.parametrize(
    ("relation", "computed", "status"),
    [("le", 0.5, "pass"), ("le", 0.7, "fail"), ("lt", 0.6, "fail"), ("ge", 0.96, "pass"),
     ("gt", 0.5, "fail")],
)
def test_inequalities(relation, computed, status):
    assert _c(paper=0.6, computed=computed, relation=relation).status == status


def test_nan_fails_and_serialises_as_null():
    c = _c(computed=math.nan)
    assert c.status == "fail"
    d = c.as_dict()
    assert d["computed"] is None and d["rel_error"] is None
    assert {"id", "quantity", "unit", "paper", "computed", "rel_error", "tolerance", "status"} <= set(d)
