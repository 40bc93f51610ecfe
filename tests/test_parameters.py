"""Parameter sets: schema validation and lookups."""

from __future__ import annotations

import pytest

from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import load_parameter_set, parse_parameter_set

GOOD = """
[meta]
id = "demo"
[prices.Li2CO3]
value = 12.64
unit = "USD/kg"
currency = "USD"
year = 2024
source = "Hu et al. 2026, Fig. 3e"
kind = "given"
[mill.count]
value = 28
unit = "1"
source = "paper Methods"
kind = "given"
"""


def test_parse_and_lookup():
    ps = parse_parameter_set(GOOD)
    assert ps.id == "demo"
    assert ps.value("prices.Li2CO3") == 12.64
    assert ps["prices.Li2CO3"].year == 2024
    assert set(ps.group("prices")) == {"Li2CO3"}
    assert len(ps) == 2
    assert len(ps.sha256) == 64


def test_replaced_is_a_copy():
    ps = parse_parameter_set(GOOD)
    ps2 = ps.replaced({"mill.count": 10})
    assert ps2.value("mill.count") == 10 and ps.value("mill.count") == 28
    assert ps.with_values(mill__count=5).value("mill.count") == 5


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('[a]\nvalue = 1\nunit = "m"\nsource = "x"\n', "lacks kind"),
        ('[a]\nvalue = 1\nunit = "m"\nsource = "x"\nkind = "guessed"\n', "kind 'guessed'"),
        ('a = 1\n', "bare value"),
        ('[a\n', "not valid TOML"),
        ('[a]\nvalue = 1\nunit = "m"\nsource = "x"\nkind = "given"\ncolour = 1\n', "unknown keys"),
    ],
)
def test_schema_errors(text, match):
    with pytest.raises(ParseError, match=match):
        parse_parameter_set(text)


def test_unknown_parameter_lists_known():
    ps = parse_parameter_set(GOOD)
    with pytest.raises(DataError, match="known: mill.count, prices.Li2CO3"):
        ps["prices.Li2O"]


def test_missing_files(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_parameter_set(tmp_path / "nope.toml")
    with pytest.raises(DataError):
        load_parameter_set("no/such/set")


def test_load_from_path(tmp_path):
    p = tmp_path / "set.toml"
    p.write_text(GOOD)
    assert load_parameter_set(p).value("mill.count") == 28


def test_contains_and_get():
    ps = parse_parameter_set(GOOD)
    assert "mill.count" in ps and "mill.nope" not in ps
    assert ps.get("mill.nope") is None
