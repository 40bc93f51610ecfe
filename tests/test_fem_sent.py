"""SENT (Miehe 2010): peak force vs an independent DOLFINx implementation on the same mesh."""

from __future__ import annotations

import json

import pytest

from sselab.fem.sent import SentSpec, run_sent, sent_schedule
from sselab.fem.solver import SolverOptions


@pytest.fixture(scope="module")
def coarse():
    spec = SentSpec.from_parameters()
    opts = SolverOptions(tol=1e-4, adaptive=False, max_staggered=5000)
    return run_sent(spec, refinement=0.25, band=0.04, options=opts, schedule=sent_schedule())


def test_peak_force_matches_dolfinx_reference(coarse, data_dir):
    ref = json.loads((data_dir / "fem" / "sent_dolfinx_coarse.json").read_text())
    assert coarse.mesh.n_dofs() == ref["n_dofs"]
    peak = coarse.series("reaction_force_N").max()
    assert peak == pytest.approx(ref["peak_force_N"], rel=0.05)
    assert peak == pytest.approx(ref["peak_force_N"], rel=0.005)  # same model: much closer in fact


def test_crack_runs_through_and_force_drops(coarse):
    f = coarse.series("reaction_force_N")
    assert f[-1] < 0.05 * f.max()
    assert coarse.series("max_phi")[-1] > 0.99


def test_anderson_needs_fewer_iterations_than_plain(coarse):
    spec = SentSpec.from_parameters()
    plain = run_sent(spec, refinement=0.25, band=0.04, schedule=sent_schedule(),
                     options=SolverOptions(tol=1e-4, adaptive=False, max_staggered=5000, acceleration="none"))
    assert coarse.total_staggered_iterations < 0.75 * plain.total_staggered_iterations
    assert coarse.series("reaction_force_N").max() == pytest.approx(
        plain.series("reaction_force_N").max(), rel=0.002)
