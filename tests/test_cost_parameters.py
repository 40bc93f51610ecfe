"""The packaged cost parameter set: every value documented; malformed files refused."""

from __future__ import annotations

import pytest

from sselab.cost import CostCase, default_parameters, evaluate
from sselab.errors import ParseError
from sselab.parameters import KINDS, data_text, parse_parameter_set


def test_every_parameter_has_unit_source_kind_and_money_has_currency_year():
    ps = default_parameters()
    assert ps.id == "cost_lzaco_2026"
    for p in ps.values():
        assert p.kind in KINDS and p.source.strip() and p.unit.strip(), p.name
        if "USD" in p.unit or "CNY" in p.unit.split("/")[0]:
            assert p.currency in ("USD", "CNY") and p.year in (2024, 2025), p.name


def test_paper_values_are_given_and_reconstructed_ones_are_flagged():
    ps = default_parameters()
    assert ps["prices.Li2CO3"].kind == "given" and ps["prices.Li2CO3"].value == 12.64
    assert ps["prices.Li2O"].kind == "given" and ps["prices.Li2O"].value == 210.67
    assert ps["plant.mill.count"].kind == "given" and ps["plant.mill.count"].value == 28
    assert ps["plant.mill.duty_cycle"].value == 0.5
    assert ps["materials.Li7P3S11.density"].kind == "given"
    for name in ("prices.ZrCl4", "prices.LiCl", "materials.LZACO.density",
                 "materials.Li2ZrCl6.density"):
        assert ps[name].kind == "inferred", name
        assert "cost_and_chemistry.md" in ps[name].source
    assert ps["plant.mill.price"].kind == "calibrated"
    assert ps["plant.operation.handling_time"].kind == "calibrated"


@pytest.mark.parametrize("drop", ["kind", "source", "unit"])
def test_missing_required_key_is_a_parse_error(drop):
    text = data_text("cost/lzaco_2026.toml")
    block = '[prices.ZrCl4]\nvalue = 11.28\nunit = "USD/kg"\n'
    assert block in text
    lines = {"kind": 'kind = "inferred"\n', "unit": 'unit = "USD/kg"\n'}
    if drop == "source":
        start = text.index("[prices.ZrCl4]")
        end = text.index("\n", text.index("source =", start)) + 1
        bad = text[:text.index("source =", start)] + text[end:]
    else:
        start = text.index("[prices.ZrCl4]")
        i = text.index(lines[drop], start)
        bad = text[:i] + text[i + len(lines[drop]):]
    with pytest.raises(ParseError, match=drop):
        parse_parameter_set(bad, "bad.toml")


def test_bad_kind_and_bare_value_are_parse_errors():
    text = data_text("cost/lzaco_2026.toml")
    with pytest.raises(ParseError, match="kind"):
        parse_parameter_set(text.replace('kind = "calibrated"', 'kind = "guessed"', 1))
    with pytest.raises(ParseError, match="bare value"):
        parse_parameter_set(text + "\n[prices2]\nLiI = 30\n")


def test_wrong_unit_of_density_refused():
    text = data_text("cost/lzaco_2026.toml").replace(
        'value = 2.15\nunit = "g/cm3"', 'value = 2.15\nunit = "lb/ft3"')
    with pytest.raises(ParseError, match="lb/ft3"):
        evaluate(parse_parameter_set(text), CostCase("LZACO", "Li2O"))


def test_currency_mismatch_refused():
    text = data_text("cost/lzaco_2026.toml").replace(
        'unit = "CNY/kWh"\ncurrency = "CNY"', 'unit = "CNY/kWh"\ncurrency = "USD"')
    with pytest.raises(ParseError, match="currency"):
        evaluate(parse_parameter_set(text), CostCase("LZACO", "Li2O"))
