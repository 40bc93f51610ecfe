"""A coarse phase-field schedule that does not converge is retried with finer SoC steps."""

from __future__ import annotations

import pytest

from sselab.batch.phasefield import STEP_RETRIES, _run_with_finer_steps
from sselab.errors import ConvergenceError


def test_retries_with_more_steps_until_converged():
    calls = []

    def run(spec, n, save_at=()):
        calls.append(n)
        if n < 40:
            raise ConvergenceError("Newton did not converge")
        return "ok"

    r, warns = _run_with_finer_steps(run, None, 10)
    assert r == "ok" and calls == [10, 20, 40]
    assert len(warns) == 2 and "retried with 20" in warns[0]


def test_no_retry_when_first_converges():
    r, warns = _run_with_finer_steps(lambda spec, n, save_at=(): n, None, 10)
    assert r == 10 and warns == []


def test_last_failure_is_raised():
    def run(spec, n, save_at=()):
        raise ConvergenceError(f"fails at {n}")

    with pytest.raises(ConvergenceError, match=f"fails at {10 * STEP_RETRIES[-1]}"):
        _run_with_finer_steps(run, None, 10)
