"""Circuit strings: parsing, round trips, parameter names, Z and chain-rule Jacobians."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sselab.eis.circuits import Circuit, Parallel, Series, parse_circuit
from sselab.errors import ParseError

F = np.logspace(-2, 6, 25)


def test_parameter_names_follow_impedance_py():
    c = parse_circuit("R0-p(R1,CPE1)-CPE2")
    assert c.parameter_names == ("R0", "R1", "CPE1_0", "CPE1_1", "CPE2_0", "CPE2_1")
    c = parse_circuit("R0-p(R1,C1)-p(R2-Wo1,C2)")
    assert c.parameter_names == ("R0", "R1", "C1", "R2", "Wo1_0", "Wo1_1", "C2")
    assert isinstance(c.root, Series) and isinstance(c.root.children[2], Parallel)


@pytest.mark.parametrize("text", [
    "R0", "R0-C1", "p(R1,C1)", "R0-p(R1,CPE1)-CPE2", "R0-p(R1,C1)-p(R2-Wo1,C2)",
    "L0-R0-p(R1,p(R2,C2)-C3,CPE1)-Ws1", "R_s-p(R_ct-W1,CPE_dl)", "p(R1,C1,L1)-G1-La1-K1",
])
def test_str_round_trips(text):
    c = parse_circuit(text)
    assert str(c) == text
    assert parse_circuit(str(c)) == c


def test_whitespace_is_ignored():
    assert str(parse_circuit(" R0 - p( R1 , CPE1 ) -CPE2 ")) == "R0-p(R1,CPE1)-CPE2"


@pytest.mark.parametrize("text, token", [
    ("R0-X1", "'X1'"),
    ("R0+C1", "'+'"),
    ("R0-", "end of string"),
    ("R0-p(R1,C1", "end of string"),
    ("R0-p(R1)", "one branch"),
    ("R0-R0", "'R0' is used twice"),
    ("R0-C", "'C'"),
    ("R0-p(R1,,C1)", "','"),
    ("R0)-C1", "')'"),
    ("", "empty"),
])
def test_bad_strings_raise_parse_error_naming_the_token(text, token):
    with pytest.raises(ParseError, match=re.escape(token)):
        parse_circuit(text)


def test_no_eval_of_python_expressions():
    with pytest.raises(ParseError):
        parse_circuit("__import__('os').system('true')")


def test_randles_impedance_by_hand():
    c = parse_circuit("R0-p(R1-W1,C1)")
    r0, r1, aw, c1 = 10.0, 50.0, 20.0, 1e-5
    w = 2 * np.pi * F
    zw = aw * (1 - 1j) / np.sqrt(w)
    expected = r0 + 1 / (1 / (r1 + zw) + 1j * w * c1)
    np.testing.assert_allclose(c.impedance([r0, r1, aw, c1], F), expected, rtol=1e-13)
    # parameters by name work too
    np.testing.assert_allclose(
        c.impedance({"R0": r0, "R1": r1, "W1": aw, "C1": c1}, F), expected, rtol=1e-13)


NESTED = [
    ("R0-p(R1,CPE1)-CPE2", [40.0, 15.0, 2e-10, 0.9, 1e-6, 0.85]),
    ("R0-p(R1,C1)-p(R2-Wo1,C2)", [0.0165, 0.0087, 3.3, 0.0054, 0.063, 238.0, 0.22]),
    ("L0-R0-p(R1,p(R2,CPE2)-C3,CPE1)-Ws1",
     [1e-7, 5.0, 30.0, 80.0, 1e-6, 0.8, 1e-4, 1e-7, 0.95, 20.0, 0.5]),
    ("p(R1-G1,K1,La1)", [10.0, 20.0, 1e-3, 30.0, 1e-5, 1e-4, 0.7]),
]


@pytest.mark.parametrize("text, p", NESTED)
def test_nested_jacobian_matches_finite_differences(text, p):
    c = parse_circuit(text)
    p = np.array(p)
    z, jac = c.impedance_and_jacobian(p, F)
    np.testing.assert_allclose(z, c.impedance(p, F), rtol=1e-14)
    assert jac.shape == (F.size, c.n_params)
    for k in range(c.n_params):
        h = 1e-6 * abs(p[k])
        up, dn = p.copy(), p.copy()
        up[k] += h
        dn[k] -= h
        fd = (c.impedance(up, F) - c.impedance(dn, F)) / (2 * h)
        # error in units of the natural scale |Z|/p (central differences: ~1e-10 here)
        err = np.abs(jac[:, k] - fd) * abs(p[k]) / np.abs(z)
        assert np.max(err) < 1e-7, (text, c.parameter_names[k], np.max(err))


def test_circuit_is_immutable_and_hashable():
    c = parse_circuit("R0-p(R1,C1)")
    assert isinstance(c, Circuit)
    with pytest.raises(AttributeError):
        c.root = None  # type: ignore[misc]
    assert hash(c) == hash(parse_circuit("R0-p(R1,C1)"))
