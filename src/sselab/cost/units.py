"""Units the cost parameter files may use, and their conversion to the model's units.

The model works in USD, h, kW, m², kg and g/cm³.  A parameter file may write money in
any currency that has a ``currency.<CUR>_per_USD`` rate and a few common alternatives
for the other units (t, MWh, min, W, kg/m³ ...).  Anything else is refused with a
:class:`~sselab.errors.ParseError` naming the accepted units, never guessed.
"""

from __future__ import annotations

#: "per" part of a price → factor to the model unit (per kg).
PER_MASS = {"kg": 1.0, "t": 1e-3, "g": 1e3}
#: "per" part of an electricity price → factor to per kWh.
PER_ENERGY = {"kWh": 1.0, "MWh": 1e-3, "Wh": 1e3}
#: density unit → factor to g/cm³ (numerically equal to kg/L).
DENSITY = {"g/cm3": 1.0, "g/cm^3": 1.0, "g/mL": 1.0, "kg/L": 1.0, "kg/m3": 1e-3, "kg/m^3": 1e-3}
#: time unit → factor to h.
TIME = {"h": 1.0, "min": 1.0 / 60.0, "s": 1.0 / 3600.0, "d": 24.0}
#: depreciation life unit → factor to years (converted to hours with hours per year).
YEARS = {"year": 1.0, "yr": 1.0, "a": 1.0, "y": 1.0}
#: power unit → factor to kW.
POWER = {"kW": 1.0, "W": 1e-3, "MW": 1e3}
#: area unit → factor to m².
AREA = {"m2": 1.0, "m^2": 1.0}
#: mass unit → factor to kg.
MASS = {"kg": 1.0, "g": 1e-3, "t": 1e3}
#: dimensionless.
ONE = {"1": 1.0, "-": 1.0, "": 1.0}
#: amount per formula unit.
AMOUNT = {"mol/f.u.": 1.0, "mol/fu": 1.0, "mol": 1.0}


def normalise(unit: str) -> str:
    """Unit text without spaces, with ² and ³ written as 2 and 3."""
    return unit.replace(" ", "").replace("²", "2").replace("³", "3").replace("·", "*")


def split_money(unit: str) -> tuple[str, str]:
    """``"CNY/(m2*month)"`` → ``("CNY", "m2*month")``; ``"CNY"`` → ``("CNY", "")``."""
    u = normalise(unit)
    cur, _, per = u.partition("/")
    if per.startswith("(") and per.endswith(")"):
        per = per[1:-1]
    return cur, per
