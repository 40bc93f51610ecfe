"""Materials, synthesis routes and composition families of a cost parameter set.

Layout in the parameter file (dotted names)::

    materials.<M>.density                           g/cm3
    materials.<M>.formula                           product formula (optional; checked)
    materials.<M>.routes.<R>.precursors.<P>         mol per formula unit of product
    materials.<M>.routes.<R>.byproducts.<G>         mol per f.u. of gas that leaves
    materials.<M>.routes.<R>.milling_time           effective milling time, h
    families.<F>.routes.<R>.precursors.<P>          linear expression in x and y
    families.<F>.routes.<R>.byproducts.<G>          linear expression in x and y
    molar_masses.<P>                                g/mol (optional; else from the formula)

Case-insensitive aliases for material names come from ``[meta.aliases]``.
"""

from __future__ import annotations

import math
import re
from typing import Any

from sselab.cost.reader import has_param
from sselab.cost.recipe import Recipe
from sselab.cost.units import AMOUNT
from sselab.errors import DataError, InputError, ParseError
from sselab.parameters import ParameterSet

_MOLAR_MASS_UNITS = {"g/mol": 1.0, "kg/mol": 1e3}


def _children(params: ParameterSet, prefix: str) -> list[str]:
    """Distinct next-level keys below ``prefix.`` in the order they appear."""
    p = prefix + "."
    out: list[str] = []
    for name in params:
        if name.startswith(p):
            key = name[len(p):].split(".", 1)[0]
            if key not in out:
                out.append(key)
    return out


def material_names(params: ParameterSet) -> list[str]:
    """Materials that have at least one synthesis route (can be costed)."""
    return [m for m in _children(params, "materials") if _children(params, f"materials.{m}.routes")]


def family_names(params: ParameterSet) -> list[str]:
    """Composition families defined in the set."""
    return _children(params, "families")


def route_names(params: ParameterSet, material: str, family: bool = False) -> list[str]:
    """Routes of ``material`` (or of family ``material`` when ``family``)."""
    top = "families" if family else "materials"
    return _children(params, f"{top}.{material}.routes")


def _aliases(params: ParameterSet) -> dict[str, str]:
    table = params.meta.get("aliases", {}) if isinstance(params.meta, dict) else {}
    out: dict[str, str] = {}
    for canon, names in table.items():
        for n in [names] if isinstance(names, str) else names:
            out[str(n).casefold()] = str(canon)
    return out


def resolve_material(params: ParameterSet, name: str) -> str:
    """Canonical material name for ``name`` (case-insensitive, aliases allowed).

    Raises
    ------
    DataError
        Unknown material; the message lists the known ones.
    """
    known = material_names(params)
    key = name.strip().casefold()
    for m in known:
        if m.casefold() == key:
            return m
    alias = _aliases(params).get(key)
    if alias in known:
        return alias
    extra = ""
    if any(m.casefold() == key for m in _children(params, "materials")):
        extra = f" ({name} has a density but no synthesis route in the parameter set)"
    raise DataError(
        f"unknown material {name!r}{extra}; known materials: {', '.join(known)} "
        f"(parameter set {params.id!r}; add yours with --params FILE)"
    )


def resolve_family(params: ParameterSet, name: str) -> str:
    """Canonical family name for ``name`` (case-insensitive, material aliases allowed)."""
    fams = family_names(params)
    key = name.strip().casefold()
    for f in fams:
        if f.casefold() == key:
            return f
    alias = _aliases(params).get(key)
    if alias in fams:
        return alias
    raise DataError(
        f"no composition family {name!r} with x and y in parameter set {params.id!r}; "
        f"known families: {', '.join(fams) or 'none'}"
    )


def resolve_route(params: ParameterSet, material: str, route: str | None,
                  family: bool = False) -> str:
    """Canonical route name; ``None`` is allowed when the material has a single route.

    Raises
    ------
    InputError
        Route unknown for this material, or missing when there is a choice.
    """
    routes = route_names(params, material, family)
    if route is None:
        if len(routes) == 1:
            return routes[0]
        raise InputError(
            f"{material} can be made by several routes ({', '.join(routes)}); choose one "
            f"with --route"
        )
    for r in routes:
        if r.casefold() == route.strip().casefold():
            return r
    raise InputError(
        f"{material} has no route {route!r}; its route(s): {', '.join(routes)}"
    )


def route_recipe(params: ParameterSet, material: str, route: str) -> Recipe:
    """Recipe of a named material's route."""
    base = f"materials.{material}.routes.{route}"
    parts: dict[str, dict[str, float]] = {}
    for part in ("precursors", "byproducts"):
        parts[part] = {}
        for p in _children(params, f"{base}.{part}"):
            name = f"{base}.{part}.{p}"
            par = params[name]
            if par.unit.replace(" ", "") not in AMOUNT:
                raise ParseError(f"{params.origin}: {name!r} must be in 'mol/f.u.', got {par.unit!r}")
            if isinstance(par.value, bool) or not isinstance(par.value, (int, float)):
                raise ParseError(f"{params.origin}: {name!r} must be a number, got {par.value!r}")
            parts[part][p] = float(par.value)
    if not parts["precursors"]:
        raise DataError(f"{params.origin}: route {base!r} lists no precursors")
    return Recipe.from_mappings(parts["precursors"], parts["byproducts"])


_NUM = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_TERM = rf"(?:{_NUM}(?:\*?[xy])?|[xy])"
_EXPR = re.compile(rf"[+-]?{_TERM}(?:[+-]{_TERM})*")
_PIECE = re.compile(rf"([+-]?)({_NUM})?\*?([xy])?")


def linear_amount(expr: str | float, x: float, y: float) -> float:
    """Evaluate a linear amount such as ``"1 - y"``, ``"2*x + 0.5"`` or a plain number.

    Only numbers, ``x``, ``y``, ``+``, ``-`` and ``*`` (number times symbol) are allowed.

    Raises
    ------
    ParseError
        Anything else (the expression is never passed to ``eval``).
    """
    if isinstance(expr, (int, float)) and not isinstance(expr, bool):
        return float(expr)
    text = str(expr).replace(" ", "")
    if not _EXPR.fullmatch(text):
        raise ParseError(
            f"cannot read amount {expr!r}; write a linear expression in x and y such as "
            f"'1 - y' or '0.5*x + 1'"
        )
    total = 0.0
    for m in _PIECE.finditer(text):
        sign, num, sym = m.groups()
        if num is None and sym is None:
            continue
        coef = float(num) if num is not None else 1.0
        val = {"x": x, "y": y, None: 1.0}[sym]
        total += (-1.0 if sign == "-" else 1.0) * coef * val
    return total


def family_recipe(params: ParameterSet, family: str, route: str, x: float, y: float) -> Recipe:
    """Recipe of a family member, amounts evaluated at (x, y); zero amounts dropped.

    Raises
    ------
    InputError
        x or y non-finite, or any amount negative (e.g. y > 1).
    """
    for n, v in (("x", x), ("y", y)):
        if not math.isfinite(v) or v < 0:
            raise InputError(f"{n} must be a finite number >= 0, got {v!r}")
    base = f"families.{family}.routes.{route}"
    parts: dict[str, dict[str, float]] = {}
    for part in ("precursors", "byproducts"):
        parts[part] = {}
        for p in _children(params, f"{base}.{part}"):
            a = linear_amount(params[f"{base}.{part}.{p}"].value, x, y)
            if a < -1e-12:
                raise InputError(
                    f"{family} at x={x:g}, y={y:g} needs {a:.4g} mol of {p}; choose x and y "
                    f"that keep every amount >= 0"
                )
            if a > 1e-12:
                parts[part][p] = a
    if not parts["precursors"]:
        raise InputError(f"{family} at x={x:g}, y={y:g} has no precursor left")
    return Recipe.from_mappings(parts["precursors"], parts["byproducts"])


def same_recipe(a: Recipe, b: Recipe, tol: float = 1e-9) -> bool:
    """Whether two recipes list the same species in the same amounts."""
    da, db = dict(a.precursors), dict(b.precursors)
    ga, gb = dict(a.byproducts), dict(b.byproducts)
    ga = {k: v for k, v in ga.items() if v > 0}
    gb = {k: v for k, v in gb.items() if v > 0}
    if set(da) != set(db) or set(ga) != set(gb):
        return False
    return all(abs(da[k] - db[k]) <= tol for k in da) and all(abs(ga[k] - gb[k]) <= tol for k in ga)


def matching_material(params: ParameterSet, recipe: Recipe, route: str) -> str | None:
    """A named material whose route ``route`` has exactly this recipe, if any."""
    for m in material_names(params):
        if route in route_names(params, m) and same_recipe(route_recipe(params, m, route), recipe):
            return m
    return None


def molar_masses(params: ParameterSet, formulas: tuple[str, ...]) -> dict[str, float]:
    """Molar mass of each formula, g/mol: ``molar_masses.<F>`` in the set, else IUPAC weights."""
    from sselab.chem import molar_mass_g_per_mol

    out: dict[str, float] = {}
    for f in formulas:
        name = f"molar_masses.{f}"
        if has_param(params, name):
            p = params[name]
            if p.unit.replace(" ", "") not in _MOLAR_MASS_UNITS or not isinstance(p.value, (int, float)):
                raise ParseError(f"{params.origin}: {name!r} must be a number in g/mol")
            out[f] = float(p.value) * _MOLAR_MASS_UNITS[p.unit.replace(" ", "")]
        else:
            out[f] = molar_mass_g_per_mol(f)
    return out


def check_balance(recipe: Recipe, formula: str, what: str, tol: float = 1e-6) -> dict[str, Any]:
    """Check that precursors − by-products give ``formula`` atom for atom.

    Raises
    ------
    DataError
        When an element does not balance (the message lists the differences).
    """
    from sselab.chem import parse_composition

    net: dict[str, float] = {}
    for sign, species in ((1.0, recipe.precursors), (-1.0, recipe.byproducts)):
        for f, a in species:
            for el, n in parse_composition(f).mapping.items():
                net[el] = net.get(el, 0.0) + sign * a * n
    target = dict(parse_composition(formula).mapping)
    diff = {el: net.get(el, 0.0) - target.get(el, 0.0) for el in set(net) | set(target)}
    bad = {el: d for el, d in diff.items() if abs(d) > tol}
    if bad:
        text = ", ".join(f"{el} {d:+.4g}" for el, d in sorted(bad.items()))
        raise DataError(
            f"{what}: {recipe.label()} does not give {formula} (excess per formula unit: {text})"
        )
    return target


def net_formula(recipe: Recipe) -> str:
    """Product formula implied by a recipe (precursors − by-products)."""
    from sselab.chem import parse_composition
    from sselab.chem.composition import Composition

    net: dict[str, float] = {}
    for sign, species in ((1.0, recipe.precursors), (-1.0, recipe.byproducts)):
        for f, a in species:
            for el, n in parse_composition(f).mapping.items():
                net[el] = net.get(el, 0.0) + sign * a * n
    neg = {el: v for el, v in net.items() if v < -1e-9}
    if neg:
        raise InputError(f"{recipe.label()} removes more {', '.join(neg)} than it supplies")
    return Composition.from_amounts({el: v for el, v in net.items() if v > 1e-9}).formula
