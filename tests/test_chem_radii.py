"""Shannon (1976) ionic radii and the effective non-Li cation radius."""

from __future__ import annotations

import pytest

from sselab.chem import compare_with_ion, effective_cation_radius, ionic_radius_angstrom
from sselab.chem.radii import roman_cn, shannon_source, tabulated_cns
from sselab.errors import DataError, InputError

LZACO = "1.4Li2O-0.75ZrCl4-0.25AlCl3"


@pytest.mark.parametrize(
    ("el", "q", "cn", "r"),
    [
        # Shannon 1976 Table 1, ionic radii (IR), Å
        ("Zr", 4, "IV", 0.59), ("Zr", 4, "V", 0.66), ("Zr", 4, "VI", 0.72),
        ("Zr", 4, "VIII", 0.84),
        ("Al", 3, "IV", 0.39), ("Al", 3, "V", 0.48), ("Al", 3, "VI", 0.535),
        ("Ta", 5, "VI", 0.64), ("Ta", 5, "VIII", 0.74),
        ("Nb", 5, "IV", 0.48), ("Nb", 5, "VI", 0.64),
        ("Hf", 4, "VI", 0.71), ("In", 3, "VI", 0.80), ("Y", 3, "VI", 0.90),
        ("Sc", 3, "VI", 0.745), ("Li", 1, "VI", 0.76), ("Li", 1, "IV", 0.59),
        ("Na", 1, "VI", 1.02), ("Mg", 2, "VI", 0.72), ("Ti", 4, "VI", 0.605),
        ("La", 3, "VI", 1.032), ("Ga", 3, "VI", 0.62), ("Ge", 4, "VI", 0.53),
        ("Sn", 4, "VI", 0.69),
    ],
)
def test_shannon_ionic_radii(el: str, q: int, cn: str, r: float) -> None:
    assert ionic_radius_angstrom(el, q, cn) == r


def test_ionic_not_crystal_radius() -> None:
    # crystal radius of Zr4+ (VI) is 0.86 Å; sselab must give the ionic 0.72
    assert ionic_radius_angstrom("Zr", 4, 6) == 0.72
    assert shannon_source()["radius_type"] == "ionic"


def test_missing_cn_lists_available() -> None:
    with pytest.raises(DataError, match=r"Ta5\+ for CN IV; tabulated CNs: VI, VII, VIII"):
        ionic_radius_angstrom("Ta", 5, "IV")
    with pytest.raises(DataError, match="tabulated CNs: IV, V, VI"):
        ionic_radius_angstrom("Al", 3, 8)
    with pytest.raises(DataError, match="no Shannon radii for Zr3"):
        tabulated_cns("Zr", 3)
    assert tabulated_cns("Li", 1) == ("IV", "VI", "VIII")


@pytest.mark.parametrize(("cn", "expected"), [(6, "VI"), ("6", "VI"), ("vi", "VI"), ("VIII", "VIII")])
def test_roman_cn(cn: str | int, expected: str) -> None:
    assert roman_cn(cn) == expected


@pytest.mark.parametrize("bad", [0, 15, "6.5", "XX", True, None])
def test_roman_cn_rejects(bad) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        roman_cn(bad)


@pytest.mark.parametrize(
    ("cn", "expected"),
    [("VI", 0.75 * 0.72 + 0.25 * 0.535), ("V", 0.75 * 0.66 + 0.25 * 0.48),
     ("IV", 0.75 * 0.59 + 0.25 * 0.39)],
)
def test_lzaco_effective_radius(cn: str, expected: float) -> None:
    r = effective_cation_radius(LZACO, cn)
    assert r.radius_angstrom == pytest.approx(expected, abs=1e-12)
    assert [s.element for s in r.shares] == ["Zr", "Al"]
    assert sum(s.mole_fraction for s in r.shares) == pytest.approx(1.0)
    assert r.excluded == ("Li",)


def test_lzaco_vs_ta() -> None:
    r = effective_cation_radius(LZACO, "VI").radius_angstrom
    assert round(r, 2) == 0.67  # paper: 0.67 Å
    assert r == pytest.approx(0.67375, abs=1e-12)
    cmp = compare_with_ion(LZACO)
    vi = cmp.row("VI")
    assert vi.reference_radius_angstrom == 0.64
    assert vi.difference_angstrom == pytest.approx(0.03375)
    iv = cmp.row(4)
    assert iv.effective_radius_angstrom == pytest.approx(0.54)
    assert iv.reference_radius_angstrom is None
    assert "Ta5+ has no CN IV" in iv.note
    viii = cmp.row("VIII")
    assert viii.effective_radius_angstrom is None
    assert "Al3+" in viii.note and "IV, V, VI" in viii.note


def test_effective_radius_errors() -> None:
    with pytest.raises(DataError, match="tabulated CNs: IV, V, VI"):
        effective_cation_radius(LZACO, "VIII")
    with pytest.raises(InputError, match="no cations other than Li"):
        effective_cation_radius("LiCl")
    # Li can be included on request
    r = effective_cation_radius("Li2ZrCl6", "VI", exclude=())
    assert r.radius_angstrom == pytest.approx((2 * 0.76 + 0.72) / 3)
