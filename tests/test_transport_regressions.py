"""Regressions found by running whole campaigns."""

from __future__ import annotations

import math

from sselab.transport.capacitance import assign_arc


def test_underflowing_effective_capacitance_gives_unassigned_not_zero_division():
    # a fitted CPE exponent near 0 makes C_eff = (R^(1-n) Q)^(1/n) underflow to 0
    a = assign_arc(1.7e-7, 1e-3, 0.01, 1e3)
    assert a.process == "unassigned"
    assert math.isnan(a.relaxation_frequency_Hz)
