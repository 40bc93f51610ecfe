"""Formula parser: notations, brackets, decimals, errors naming the token, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sselab.chem import Composition, FormulaError, parse_composition, parse_formula
from sselab.chem.elements import known_elements
from sselab.errors import ParseError

LZACO_AMOUNTS = {"Li": 2.8, "Zr": 0.75, "Al": 0.25, "O": 1.4, "Cl": 3.75}


@pytest.mark.parametrize(
    "text",
    [
        "1.4Li2O-0.75ZrCl4-0.25AlCl3",
        "1.4Li2O·0.75ZrCl4·0.25AlCl3",
        "1.4Li2O*0.75ZrCl4*0.25AlCl3",
        "1.4Li2O+0.75ZrCl4+0.25AlCl3",
        "1.4 Li2O + 0.75 ZrCl4 + 0.25 AlCl3",
        "1.4Li2O 0.75ZrCl4 0.25AlCl3",
        "1.4Li2O – 0.75ZrCl4 – 0.25AlCl3",
        "  1.4Li2O•0.75ZrCl4⋅0.25AlCl3  ",
        "Li2.8Zr0.75Al0.25O1.4Cl3.75",
        "Li2.8Zr.75Al.25O1.4Cl3.75",
    ],
)
def test_lzaco_notations(text: str) -> None:
    c = parse_composition(text)
    assert dict(c.amounts) == pytest.approx(LZACO_AMOUNTS)
    assert c.formula == "Li2.8Zr0.75Al0.25O1.4Cl3.75"


def test_components_kept_for_oxide_sum() -> None:
    comps = parse_formula("1.4Li2O·0.75ZrCl4·0.25AlCl3")
    assert [(c.coefficient, c.text) for c in comps] == [
        (1.4, "Li2O"), (0.75, "ZrCl4"), (0.25, "AlCl3")]
    assert comps[0].amounts == (("Li", 2.0), ("O", 1.0))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Li1.75ZrCl4.75O0.5", {"Li": 1.75, "Zr": 1, "Cl": 4.75, "O": 0.5}),
        ("Li2.22Zr1.11Cl5.33O0.67", {"Li": 2.22, "Zr": 1.11, "Cl": 5.33, "O": 0.67}),
        ("Li3Zr0.75OCl4", {"Li": 3, "Zr": 0.75, "O": 1, "Cl": 4}),
        ("Ca3(PO4)2", {"Ca": 3, "P": 2, "O": 8}),
        ("K4[Fe(CN)6]", {"K": 4, "Fe": 1, "C": 6, "N": 6}),
        ("Mg3((PO4)2)", {"Mg": 3, "P": 2, "O": 8}),
        ("(Li(Al(Cl2)2)0.5)2", {"Li": 2, "Al": 1, "Cl": 4}),
        ("Li1.3Al0.3Ti1.7(PO4)3", {"Li": 1.3, "Al": 0.3, "Ti": 1.7, "P": 3, "O": 12}),
        ("CuSO4·5H2O", {"Cu": 1, "S": 1, "O": 9, "H": 10}),
        ("( Li2 O )", {"Li": 2, "O": 1}),
        ("Co", {"Co": 1}),
        ("CO", {"C": 1, "O": 1}),
        ("LiO0Cl", {"Li": 1, "Cl": 1}),  # zero amounts are dropped
    ],
)
def test_plain_formulas(text: str, expected: dict[str, float]) -> None:
    assert dict(parse_composition(text).amounts) == pytest.approx(expected)


def test_family_notation_with_zero_coefficient() -> None:
    assert parse_composition("1.4Li2O-1ZrCl4-0AlCl3") == parse_composition("Li2.8ZrO1.4Cl4")


@pytest.mark.parametrize(
    ("text", "token", "position", "fragment"),
    [
        ("Li2ZrQ6", "Q", 6, "unknown element 'Q' at position 6 in 'Li2ZrQ6'"),
        ("Li2ZrXx6", "Xx", 6, "unknown element 'Xx'"),
        ("LiCL", "L", 4, "unknown element 'L'"),
        ("li2O", "li", 1, "unexpected 'li' at position 1"),
        ("Li2O)", ")", 5, "unmatched ')' at position 5"),
        ("(Li2O", "", 6, "missing ')' at the end"),
        ("Li2(O]", "]", 6, "unmatched ']'"),
        ("Li2O-", "-", 5, "separator '-' is not followed by a component"),
        ("Li2O--ZrCl4", "-", 6, "unexpected '-' at position 6"),
        ("Li2.O", "2.", 3, "no digits after the decimal point"),
        ("Li2O()", ")", 6, "empty brackets at position 6"),
        ("1.4", "", 4, "coefficient '1.4' is not followed by a formula"),
        ("Li2O$", "$", 5, "unexpected '$' at position 5"),
        ("", "", 1, "empty formula"),
        ("Tc2O7", "Tc", 1, "unknown element 'Tc'"),  # no standard atomic weight
    ],
)
def test_errors_name_token_and_position(text: str, token: str, position: int, fragment: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_composition(text)
    err = info.value
    assert isinstance(err, ParseError)
    assert fragment in str(err)
    assert err.token == token
    assert err.position == position
    assert "\n" not in str(err)


def test_non_string_is_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_formula(42)  # type: ignore[arg-type]


def test_never_evaluates_code() -> None:
    with pytest.raises(FormulaError):
        parse_composition("__import__('os').system('true')")


# -- property tests -------------------------------------------------------------------------
_ELEMENTS = sorted(known_elements())
_amount = st.one_of(
    st.integers(1, 50).map(float),
    st.decimals(min_value="0.001", max_value="99.999", places=3).map(float),
    st.floats(min_value=1e-4, max_value=1e3, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(_ELEMENTS), _amount, min_size=1, max_size=7))
def test_round_trip_formula_string(amounts: dict[str, float]) -> None:
    c = Composition.from_amounts(amounts)
    again = parse_composition(c.formula)
    assert again == c
    assert again.formula == c.formula
    assert hash(again) == hash(c)
    for el, n in amounts.items():
        assert c.element_amount(el) == pytest.approx(n, abs=1e-10)


@st.composite
def _formula_tree(draw, depth: int = 0):  # type: ignore[no-untyped-def]
    """(text, amounts) of a random bracketed formula."""
    n_groups = draw(st.integers(1, 3))
    text, amounts = "", {}
    for _ in range(n_groups):
        mult = draw(st.sampled_from([1, 2, 3, 0.5, 1.25]))
        mtxt = "" if mult == 1 else f"{mult:g}"
        if depth < 2 and draw(st.booleans()):
            inner_text, inner = draw(_formula_tree(depth + 1))
            text += f"({inner_text}){mtxt}"
        else:
            el = draw(st.sampled_from(_ELEMENTS))
            inner = {el: 1.0}
            text += f"{el}{mtxt}"
        for el, n in inner.items():
            amounts[el] = amounts.get(el, 0.0) + n * mult
    return text, amounts


@settings(max_examples=200, deadline=None)
@given(_formula_tree())
def test_brackets_multiply_out(tree) -> None:  # type: ignore[no-untyped-def]
    text, amounts = tree
    c = parse_composition(text)
    assert dict(c.amounts) == pytest.approx(amounts)
    assert parse_composition(c.formula) == c


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="LiZrClOAl()[]0123456789.-·+* xq", max_size=20))
def test_fuzz_only_parse_errors(text: str) -> None:
    try:
        parse_composition(text)
    except ParseError:
        pass
    except Exception as exc:  # pragma: no cover - a failure path
        # zero-only compositions are an InputError, which is fine
        from sselab.errors import InputError

        assert isinstance(exc, InputError), repr(exc)
