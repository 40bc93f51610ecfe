"""The examples in the sselab.chem docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "sselab.chem", "sselab.chem.elements", "sselab.chem.formula", "sselab.chem.composition",
    "sselab.chem.charge", "sselab.chem.radii", "sselab.chem.family", "sselab.chem.grid",
    "sselab.chem.precursors", "sselab.chem.recipe",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    mod = importlib.import_module(name)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL)
    assert res.failed == 0
