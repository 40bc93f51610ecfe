"""Equivalent-circuit strings → an immutable tree that evaluates Z and ∂Z/∂p.

Grammar (impedance.py's circuit-string syntax; whitespace is ignored)::

    circuit  := series END
    series   := term ( '-' term )*
    term     := 'p' '(' series ( ',' series )+ ')' | ELEMENT
    ELEMENT  := TYPE SUFFIX            e.g. R0, CPE1, Wo1, R_ct

``-`` joins elements in series and ``p(a, b, …)`` in parallel.  ``TYPE`` is a
symbol from :data:`sselab.eis.elements.ELEMENT_TYPES`; ``SUFFIX`` starts with a
digit or ``_`` and makes the name unique.  The string is tokenised and parsed
by recursive descent; nothing is ever passed to ``eval``.

Parameter names follow impedance.py: a one-parameter element is named by itself
(``R0``), the parameters of a k-parameter element are ``NAME_0 … NAME_{k-1}``
(``CPE1_0`` = Q, ``CPE1_1`` = α; ``Wo1_0`` = Z0, ``Wo1_1`` = τ).

The Jacobian follows from the chain rule: in series ∂Z/∂p = ∂Z_i/∂p; in
parallel, Z = (Σ 1/Z_i)⁻¹ gives ∂Z/∂p = (Z/Z_i)² ∂Z_i/∂p for p in branch i.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sselab.eis.elements import ELEMENT_TYPES, ElementType
from sselab.errors import InputError, ParseError

_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<op>[-(),])|(?P<bad>\S))")
_NAME = re.compile(r"(?P<type>[A-Za-z]+)(?P<suffix>[0-9_][A-Za-z0-9_]*)?$")


# --------------------------------------------------------------------------- tree nodes


@dataclass(frozen=True)
class Element:
    """A leaf: one named element (``CPE1``) of a given :class:`ElementType`."""

    name: str
    kind: ElementType

    @property
    def parameter_names(self) -> tuple[str, ...]:
        """impedance.py-style names of this element's parameters."""
        if self.kind.n_params == 1:
            return (self.name,)
        return tuple(f"{self.name}_{i}" for i in range(self.kind.n_params))

    @property
    def elements(self) -> tuple[Element, ...]:
        return (self,)

    def evaluate(self, params: np.ndarray, omega: np.ndarray, jacobian: bool):
        """(Z, J[k, i]) for this node; ``params`` are this node's parameters in order."""
        if jacobian:
            return self.kind._zj(params, omega)
        return self.kind._z(params, omega), None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Series:
    """Elements or sub-circuits in series: Z = Σ Z_i."""

    children: tuple[Element | Parallel, ...]

    @cached_property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(n for c in self.children for n in c.parameter_names)

    @cached_property
    def elements(self) -> tuple[Element, ...]:
        return tuple(e for c in self.children for e in c.elements)

    @cached_property
    def _slices(self) -> tuple[slice, ...]:
        return _child_slices(self.children)

    def evaluate(self, params: np.ndarray, omega: np.ndarray, jacobian: bool):
        z_total = np.zeros(omega.shape, dtype=complex)
        blocks = []
        for child, sl in zip(self.children, self._slices, strict=True):
            z, j = child.evaluate(params[sl], omega, jacobian)
            z_total = z_total + z
            blocks.append(j)
        return z_total, (np.concatenate(blocks, axis=0) if jacobian else None)

    def __str__(self) -> str:
        return "-".join(str(c) for c in self.children)


@dataclass(frozen=True)
class Parallel:
    """Branches in parallel: Z = (Σ 1/Z_i)⁻¹."""

    children: tuple[Element | Series | Parallel, ...]

    @cached_property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(n for c in self.children for n in c.parameter_names)

    @cached_property
    def elements(self) -> tuple[Element, ...]:
        return tuple(e for c in self.children for e in c.elements)

    @cached_property
    def _slices(self) -> tuple[slice, ...]:
        return _child_slices(self.children)

    def evaluate(self, params: np.ndarray, omega: np.ndarray, jacobian: bool):
        results = [c.evaluate(params[sl], omega, jacobian)
                   for c, sl in zip(self.children, self._slices, strict=True)]
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.zeros(omega.shape, dtype=complex)
            for z, _ in results:
                y = y + 1.0 / z
            z_total = 1.0 / y
            if not jacobian:
                return z_total, None
            blocks = [j * (z_total / z) ** 2 for z, j in results]
        return z_total, np.concatenate(blocks, axis=0)

    def __str__(self) -> str:
        return "p(" + ",".join(str(c) for c in self.children) + ")"


def _child_slices(children) -> tuple[slice, ...]:
    out, start = [], 0
    for c in children:
        n = len(c.parameter_names)
        out.append(slice(start, start + n))
        start += n
    return tuple(out)


# --------------------------------------------------------------------------- the circuit


@dataclass(frozen=True)
class Circuit:
    """A parsed equivalent circuit.

    Build one with :func:`parse_circuit`.  ``str(circuit)`` gives the canonical
    circuit string (whitespace removed), which parses back to an equal circuit.

    Attributes
    ----------
    root : Element, Series or Parallel
        The expression tree.
    """

    root: Element | Series | Parallel

    @cached_property
    def parameter_names(self) -> tuple[str, ...]:
        """All parameter names, in fit order (impedance.py's order)."""
        return self.root.parameter_names

    @cached_property
    def elements(self) -> tuple[Element, ...]:
        """The leaf elements, left to right."""
        return self.root.elements

    @property
    def n_params(self) -> int:
        return len(self.parameter_names)

    @cached_property
    def parameter_info(self) -> tuple[tuple[str, str, float, float, bool], ...]:
        """Per parameter: (unit, meaning, default lower, default upper, log-scale)."""
        out = []
        for e in self.elements:
            k = e.kind
            for i in range(k.n_params):
                out.append((k.parameter_units[i], f"{e.name} {k.parameter_descriptions[i]}",
                            k.lower[i], k.upper[i], k.log_scale[i]))
        return tuple(out)

    def _params(self, params) -> np.ndarray:
        if isinstance(params, dict):
            missing = [n for n in self.parameter_names if n not in params]
            if missing:
                raise InputError(f"circuit {self} needs values for {', '.join(missing)}")
            params = [params[n] for n in self.parameter_names]
        p = np.asarray(params, dtype=float).reshape(-1)
        if p.size != self.n_params:
            raise InputError(
                f"circuit {self} has {self.n_params} parameters "
                f"({', '.join(self.parameter_names)}), got {p.size} values"
            )
        return p

    def impedance(self, params, frequency_Hz) -> np.ndarray:
        """Z(f) in Ω; ``params`` is a sequence in :attr:`parameter_names` order or a mapping."""
        w = 2.0 * np.pi * np.asarray(frequency_Hz, dtype=float).reshape(-1)
        return self.root.evaluate(self._params(params), w, False)[0]

    def impedance_and_jacobian(self, params, frequency_Hz) -> tuple[np.ndarray, np.ndarray]:
        """``(Z, J)`` with ``J[i, k] = ∂Z(f_i)/∂p_k`` (complex, shape (n_freq, n_params))."""
        w = 2.0 * np.pi * np.asarray(frequency_Hz, dtype=float).reshape(-1)
        z, j = self.root.evaluate(self._params(params), w, True)
        return z, j.T

    def __str__(self) -> str:
        return str(self.root)


# --------------------------------------------------------------------------- parser


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace left
            break
        if m.group("bad") is not None:
            raise ParseError(
                f"unexpected character {m.group('bad')!r} at position {m.start('bad')} in "
                f"circuit {text!r}; use element names, '-' (series), 'p(a,b)' (parallel)"
            )
        kind = "name" if m.group("name") is not None else m.group("op")
        start = m.start("name") if kind == "name" else m.start("op")
        tokens.append((kind, m.group("name") or m.group("op"), start))
        pos = m.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.names: set[str] = set()

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def fail(self, expected: str) -> ParseError:
        kind, value, pos = self.peek()
        got = "end of string" if kind == "end" else repr(value)
        return ParseError(f"expected {expected} but found {got} at position {pos} in circuit "
                          f"{self.text!r}")

    def expect(self, kind: str, expected: str) -> None:
        if self.peek()[0] != kind:
            raise self.fail(expected)
        self.i += 1

    def series(self):
        terms = [self.term()]
        while self.peek()[0] == "-":
            self.i += 1
            terms.append(self.term())
        return terms[0] if len(terms) == 1 else Series(tuple(terms))

    def term(self):
        kind, value, pos = self.peek()
        if kind != "name":
            raise self.fail("an element name or 'p('")
        self.i += 1
        if value == "p" and self.peek()[0] == "(":
            self.i += 1
            branches = [self.series()]
            while self.peek()[0] == ",":
                self.i += 1
                branches.append(self.series())
            self.expect(")", "',' or ')'")
            if len(branches) < 2:
                raise ParseError(f"parallel block at position {pos} in circuit {self.text!r} "
                                 "has one branch; write p(a,b) with at least two branches")
            return Parallel(tuple(branches))
        return self.element(value, pos)

    def element(self, name: str, pos: int) -> Element:
        m = _NAME.match(name)
        symbol = m.group("type") if m else name
        if m is None or symbol not in ELEMENT_TYPES:
            known = ", ".join(ELEMENT_TYPES)
            raise ParseError(f"unknown element {name!r} at position {pos} in circuit "
                             f"{self.text!r}; names are a type ({known}) followed by an index, "
                             "e.g. R0, CPE1, Wo1")
        if not m.group("suffix"):
            raise ParseError(f"element {name!r} at position {pos} in circuit {self.text!r} has "
                             f"no index; write e.g. {symbol}0 or {symbol}1")
        if name in self.names:
            raise ParseError(f"element name {name!r} is used twice in circuit {self.text!r}; "
                             "give each element its own index")
        self.names.add(name)
        return Element(name, ELEMENT_TYPES[symbol])


def parse_circuit(text: str | Circuit) -> Circuit:
    """Parse an impedance.py-style circuit string such as ``"R0-p(R1,CPE1)-CPE2"``.

    Raises
    ------
    ParseError
        For an unknown element, a misplaced or missing token, a duplicate name,
        or an empty string; the message names the offending token and position.
    """
    if isinstance(text, Circuit):
        return text
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty circuit string; write e.g. 'R0-p(R1,CPE1)-CPE2'")
    parser = _Parser(text)
    root = parser.series()
    if parser.peek()[0] != "end":
        raise parser.fail("'-' or end of string")
    return Circuit(root)
