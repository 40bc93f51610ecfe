"""Read the cost model's inputs from a :class:`~sselab.parameters.ParameterSet`.

The reader converts every value to the model's units (USD, h, kW, m², kg, g/cm³),
checks its unit, and records which parameters a calculation used (the sensitivity
analysis perturbs exactly those).  ``overrides`` replace values by dotted name; they
may be numpy arrays (Monte-Carlo samples) and are taken to be in the file's unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sselab.cost import units as U
from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import ParameterSet


def has_param(params: ParameterSet, name: str) -> bool:
    """Whether ``params`` defines ``name``.

    (``name in params`` raises for a missing name because ``ParameterSet.__getitem__``
    raises :class:`DataError`, not :class:`KeyError`; this helper avoids that.)
    """
    try:
        params[name]
    except (DataError, KeyError):
        return False
    return True


def show(v: Any) -> str:
    """Short text of a value: the number, or the range of an array of samples."""
    a = np.asarray(v, dtype=float)
    if a.ndim == 0:
        return repr(v)
    return f"samples in [{a.min():.4g}, {a.max():.4g}]"


def is_number(v: Any) -> bool:
    """True for ints and floats (not bools, not strings)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class ParameterReader:
    """Unit-checked access to a cost parameter set, with use tracking.

    Parameters
    ----------
    params : ParameterSet
        The cost parameter set.
    overrides : mapping, optional
        Dotted name → replacement value (float or numpy array) in the file's unit.
    """

    def __init__(self, params: ParameterSet, overrides: Mapping[str, Any] | None = None):
        self.params = params
        self.overrides = dict(overrides or {})
        unknown = [k for k in self.overrides
                   if not has_param(params, k) and not k.startswith("case.")]
        if unknown:
            raise DataError(
                f"cannot override {', '.join(unknown)}: not in parameter set {params.id!r}"
            )
        self.used: list[str] = []

    # -- raw access ------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        """Whether the set defines ``name``."""
        return has_param(self.params, name)

    def value(self, name: str, *, track: bool = True) -> Any:
        """Value of ``name`` (override first); records the use."""
        p = self.params[name]
        if track and name not in self.used:
            self.used.append(name)
        return self.overrides.get(name, p.value)

    def _unit_error(self, name: str, unit: str, accepted: Mapping[str, float]) -> ParseError:
        ok = ", ".join(repr(u) for u in accepted if u)
        return ParseError(
            f"{self.params.origin}: parameter {name!r} has unit {unit!r}; use one of {ok}"
        )

    def number(self, name: str, accepted: Mapping[str, float], *, track: bool = True) -> Any:
        """Numeric value of ``name`` converted with the factor of its unit in ``accepted``."""
        p = self.params[name]
        unit = U.normalise(p.unit)
        if unit not in accepted:
            raise self._unit_error(name, p.unit, accepted)
        if not is_number(p.value):
            raise ParseError(
                f"{self.params.origin}: parameter {name!r} must be a number, got {p.value!r}"
            )
        v = self.value(name, track=track)
        return v * accepted[unit] if accepted[unit] != 1.0 else v

    def positive(self, name: str, accepted: Mapping[str, float], what: str = "") -> Any:
        """Like :meth:`number` but the value (all samples) must be > 0."""
        v = self.number(name, accepted)
        if not np.all(np.asarray(v, dtype=float) > 0) or not np.all(np.isfinite(v)):
            raise InputError(f"{what or name} must be a positive, finite number, got {show(v)}")
        return v

    def switch(self, name: str, choices: tuple[str, ...]) -> str:
        """String value of ``name``, one of ``choices``."""
        v = self.value(name, track=False)
        if v not in choices:
            raise ParseError(
                f"{self.params.origin}: parameter {name!r} is {v!r}; use one of "
                f"{', '.join(choices)}"
            )
        return str(v)

    # -- money -----------------------------------------------------------------------------
    def per_usd(self, currency: str) -> Any:
        """Units of ``currency`` per USD (1 for USD)."""
        if currency == "USD":
            return 1.0
        name = f"currency.{currency}_per_USD"
        if not self.has(name):
            known = ["USD"] + [k.split(".", 1)[1].removesuffix("_per_USD")
                               for k in self.params if k.startswith("currency.")]
            raise DataError(
                f"no exchange rate for {currency!r}; add [{name}] to the parameter file "
                f"(known currencies: {', '.join(known)})"
            )
        return self.positive(name, {f"{currency}/USD": 1.0}, f"exchange rate {currency}/USD")

    def money(self, name: str, per: Mapping[str, float]) -> Any:
        """Value of a money parameter in USD per model unit.

        The unit is ``CUR/<per>`` (``CUR`` alone when ``per`` accepts ""); the currency
        field, when present, must agree with ``CUR``.
        """
        p = self.params[name]
        cur, per_unit = U.split_money(p.unit)
        if not cur.isalpha() or not cur.isupper() or per_unit not in per:
            accepted = {f"CUR/{k}" if k else "CUR": 1.0 for k in per}
            raise self._unit_error(name, p.unit, accepted)
        if p.currency and p.currency != cur:
            raise ParseError(
                f"{self.params.origin}: parameter {name!r} has unit {p.unit!r} but currency "
                f"{p.currency!r}"
            )
        if not is_number(p.value):
            raise ParseError(
                f"{self.params.origin}: parameter {name!r} must be a number, got {p.value!r}"
            )
        v = self.value(name)
        if np.any(np.asarray(v, dtype=float) < 0):
            raise InputError(f"{name} must not be negative, got {show(v)}")
        return v * per[per_unit] / self.per_usd(cur)
