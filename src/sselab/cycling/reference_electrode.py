"""Potentials vs Li/Li⁺ from the counter-electrode (anode) offset.

A two-electrode cell measures V_cell = E₊ − E₋.  With a counter electrode of known,
flat potential E₋ vs Li/Li⁺ (a two-phase alloy such as Li–In, or Li metal), the positive
electrode's potential is

    E₊ vs Li/Li⁺ = V_cell + E₋ vs Li/Li⁺.

The paper plots every profile this way: Li–In +0.62 V (Figs. 2, 4–6), Li₁₃Si₄ +0.27 V
(Fig. 7), Li metal 0 V (Fig. 5e).  The values, with sources, live in
``sselab/data/cycling/anodes.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from sselab.errors import DataError, InputError

ANODE_SET = "cycling/anodes"

_ALIASES: dict[str, str] = {
    "liin": "Li-In", "inli": "Li-In", "liinalloy": "Li-In", "lithiumindium": "Li-In",
    "li13si4": "Li13Si4", "lisi": "Li13Si4",
    "li": "Li", "limetal": "Li", "lithium": "Li", "lithiummetal": "Li",
    "li4ti5o12": "Li4Ti5O12", "lto": "Li4Ti5O12",
}


@dataclass(frozen=True)
class AnodePotential:
    """Potential of a counter electrode vs Li/Li⁺.

    Attributes
    ----------
    name : str
        Canonical name (``"Li-In"``, ``"Li13Si4"``, ``"Li"``, ``"Li4Ti5O12"``).
    potential_V : float
        E vs Li/Li⁺, V.
    source : str
        Where the value comes from.
    kind : str
        ``given`` (stated in the paper) or ``public`` (literature).
    """

    name: str
    potential_V: float
    source: str
    kind: str


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@cache
def _table() -> dict[str, AnodePotential]:
    from sselab.parameters import load_parameter_set

    ps = load_parameter_set(ANODE_SET)
    out: dict[str, AnodePotential] = {}
    for name, p in ps.group("anode").items():
        out[name] = AnodePotential(name, float(p.value), p.source, p.kind)
    return out


def known_anodes() -> tuple[str, ...]:
    """Canonical names of the counter electrodes in the data file."""
    return tuple(_table())


def anode_potential(name: str) -> AnodePotential:
    """The counter electrode ``name`` (case, spaces, ``-`` and ``_`` ignored; aliases allowed).

    Raises
    ------
    DataError
        Unknown electrode (the message lists the known ones).
    """
    table = _table()
    k = _key(str(name))
    canon = {_key(n): n for n in table}
    hit = canon.get(k) or _ALIASES.get(k)
    if hit is None or hit not in table:
        raise DataError(f"unknown counter electrode {name!r}; known: {', '.join(table)} "
                        "(or give the offset in volts)")
    return table[hit]


def anode_offset_V(anode: str | float | None) -> float | None:
    """Offset in volts from a name (``"Li-In"``), a number (taken as volts) or None."""
    if anode is None:
        return None
    if isinstance(anode, (int, float, np.floating)):
        v = float(anode)
        if not np.isfinite(v):
            raise InputError(f"anode offset must be finite, got {anode!r}")
        return v
    s = str(anode).strip()
    try:
        return float(s)
    except ValueError:
        return anode_potential(s).potential_V


def potential_vs_li(cell_voltage_V: np.ndarray | float, anode: str | float) -> np.ndarray:
    """E₊ vs Li/Li⁺ = V_cell + E(anode) vs Li/Li⁺, V (array in, array out)."""
    off = anode_offset_V(anode)
    assert off is not None
    return np.asarray(cell_voltage_V, dtype=np.float64) + off


def cell_voltage_from_potential(potential_V: np.ndarray | float, anode: str | float) -> np.ndarray:
    """Inverse of :func:`potential_vs_li`: V_cell = E₊ − E(anode), V."""
    off = anode_offset_V(anode)
    assert off is not None
    return np.asarray(potential_V, dtype=np.float64) - off
