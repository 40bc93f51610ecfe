"""Element data: IUPAC atomic weights and default oxidation states.

The numbers live in packaged TOML files (``sselab/data/chem/atomic_weights.toml``,
``sselab/data/chem/oxidation_states.toml``), each with its source; this module
only reads them once and answers look-ups.

Examples
--------
>>> from sselab.chem.elements import atomic_weight_g_per_mol, default_oxidation_state
>>> atomic_weight_g_per_mol("Zr")
91.224
>>> default_oxidation_state("Cl")
-1
"""

from __future__ import annotations

import tomllib
from functools import cache
from types import MappingProxyType
from typing import Any

from sselab.errors import DataError
from sselab.parameters import data_text

ATOMIC_WEIGHTS_FILE = "chem/atomic_weights.toml"
OXIDATION_STATES_FILE = "chem/oxidation_states.toml"


@cache
def _atomic_table() -> dict[str, Any]:
    return tomllib.loads(data_text(ATOMIC_WEIGHTS_FILE))


@cache
def _oxidation_table() -> dict[str, Any]:
    return tomllib.loads(data_text(OXIDATION_STATES_FILE))


@cache
def atomic_weights() -> MappingProxyType[str, float]:
    """Read-only mapping ``symbol -> atomic weight (g/mol)`` (IUPAC 2021 abridged)."""
    return MappingProxyType({s: float(r["Ar"]) for s, r in _atomic_table()["elements"].items()})


@cache
def atomic_numbers() -> MappingProxyType[str, int]:
    """Read-only mapping ``symbol -> atomic number Z``."""
    return MappingProxyType({s: int(r["Z"]) for s, r in _atomic_table()["elements"].items()})


def known_elements() -> frozenset[str]:
    """Element symbols sselab has atomic weights for."""
    return frozenset(atomic_weights())


def atomic_weight_g_per_mol(symbol: str) -> float:
    """Atomic weight of ``symbol`` in g/mol (IUPAC 2021 abridged/conventional value).

    Raises
    ------
    DataError
        If the element is unknown or has no standard atomic weight (e.g. Tc, Pm).
    """
    try:
        return atomic_weights()[symbol]
    except KeyError:
        raise DataError(
            f"no atomic weight for element {symbol!r}; known elements are those of "
            f"{ATOMIC_WEIGHTS_FILE} (H-Bi, Th, Pa, U without Tc, Pm, Po, At, Rn, Fr, Ra, Ac)"
        ) from None


@cache
def default_oxidation_states() -> MappingProxyType[str, int]:
    """Read-only mapping ``symbol -> default oxidation state`` (fixed-valence convention)."""
    return MappingProxyType({s: int(v) for s, v in _oxidation_table()["states"].items()})


def default_oxidation_state(symbol: str) -> int:
    """Default oxidation state of ``symbol``.

    Raises
    ------
    DataError
        If sselab has no default for the element; pass an explicit state instead.
    """
    try:
        return default_oxidation_states()[symbol]
    except KeyError:
        raise DataError(
            f"no default oxidation state for {symbol!r}; pass one explicitly, e.g. "
            f"oxidation_states={{'{symbol}': 2}}"
        ) from None


def data_source(kind: str) -> dict[str, str]:
    """The ``[meta]`` table (source, citation, unit, kind) of ``"atomic_weights"`` or
    ``"oxidation_states"``."""
    table = {"atomic_weights": _atomic_table, "oxidation_states": _oxidation_table}
    if kind not in table:
        raise DataError(f"unknown element data set {kind!r}; use one of {sorted(table)}")
    return dict(table[kind]()["meta"])
