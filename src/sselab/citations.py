"""Citations used by sselab, from ``sselab/data/citations.toml``."""

from __future__ import annotations

import tomllib
from functools import cache

from sselab.errors import DataError
from sselab.parameters import data_text


@cache
def _all() -> dict[str, dict[str, str]]:
    return tomllib.loads(data_text("citations.toml"))


def citation(key: str) -> dict[str, str]:
    """The record (``text``, optional ``doi``/``url``) for ``key``."""
    try:
        return dict(_all()[key])
    except KeyError:
        raise DataError(f"unknown citation key {key!r}") from None


def keys() -> list[str]:
    """All known citation keys."""
    return sorted(_all())
