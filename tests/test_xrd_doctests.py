"""The examples in the sselab.xrd and sselab.imaging docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "sselab.xrd.pattern", "sselab.xrd.profiles", "sselab.xrd.peaks", "sselab.xrd.symmetry",
    "sselab.xrd.reflections", "sselab.xrd.crystallinity", "sselab.xrd.compare",
    "sselab.imaging.threshold",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0
