"""Outlier flags (modified z-score) and mean ± sd over unloads."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sselab.mechanics.indentation.oliver_pharr import UnloadResult
from sselab.mechanics.indentation.statistics import flag_outliers, modified_z_scores, summarize


def _u(i, E, H, ok=True, reason=""):
    if not ok:
        return UnloadResult(indent=f"t{i}", unload=1, ok=False, reason=reason)
    return UnloadResult(indent=f"t{i}", unload=1, ok=True, modulus_Pa=E, hardness_Pa=H)


def test_modified_z_score_closed_form():
    x = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    # median 3, MAD = median(|-2,-1,0,1,97|) = 1
    assert np.allclose(modified_z_scores(x), 0.6745 * (x - 3.0))
    same = modified_z_scores(np.array([5.0, 5.0, 5.0]))
    assert np.all(same == 0)
    mad0 = modified_z_scores(np.array([5.0, 5.0, 5.0, 5.0, 9.0]))  # MAD 0 → mean abs dev
    assert mad0[-1] == pytest.approx(4.0 / (1.253314 * 0.8))


def test_outlier_flagged_with_reason_and_left_out():
    res = [_u(i, E, 9e9) for i, E in enumerate([72e9, 72.5e9, 71.8e9, 72.2e9, 72.1e9, 55e9])]
    res.append(_u(9, 0, 0, ok=False, reason="no unloading segment"))
    flagged = flag_outliers(res)
    assert flagged[5].outlier.startswith("E modified z-score")
    assert "% from median" in flagged[5].outlier
    assert all(not r.outlier for r in flagged[:5])
    s = summarize(flagged)
    assert (s.n_total, s.n_ok, s.n_flagged, s.n_outliers) == (7, 6, 1, 1)
    vals = [72e9, 72.5e9, 71.8e9, 72.2e9, 72.1e9]
    assert s.modulus_Pa.mean == pytest.approx(np.mean(vals))
    assert s.modulus_Pa.sd == pytest.approx(np.std(vals, ddof=1))
    assert s.modulus_Pa.n == 5 and s.hardness_Pa.mean == pytest.approx(9e9)
    assert s.flagged == (("t9", 1, "no unloading segment"),)
    assert s.outliers[0][0] == "t5"


def test_tight_data_are_not_flagged_for_harmless_scatter():
    # 0.5 % spread with one value 1.5 % off: z may exceed 3.5, but below the 5 % floor
    E = [72.0e9, 72.1e9, 71.9e9, 72.05e9, 71.95e9, 73.1e9]
    flagged = flag_outliers([_u(i, e, 9e9) for i, e in enumerate(E)])
    assert not any(r.outlier for r in flagged)


def test_empty_and_single():
    s = summarize([])
    assert s.n_total == 0 and math.isnan(s.modulus_Pa.mean)
    one = summarize([_u(0, 70e9, 9e9)])
    assert one.modulus_Pa.mean == 70e9 and math.isnan(one.modulus_Pa.sd)
    assert flag_outliers([_u(0, 70e9, 9e9), _u(1, 10e9, 9e9)])[1].outlier == ""  # < 3 values
