"""Hand-written tokenizer and recursive-descent parser for chemical formulas.

Grammar (whitespace is allowed around separators, after a coefficient and
inside brackets)::

    sum        := component ( separator? component )*
    separator  := "-" | "–" | "·" | "•" | "⋅" | "∙" | "*" | "+"
    component  := number? formula          # the number is a coefficient
    formula    := group+
    group      := ( element | "(" formula ")" | "[" formula "]" ) number?
    element    := Uppercase lowercase?     # must be a known element symbol
    number     := digits ( "." digits )? | "." digits

So ``Li2O``, ``Li1.75ZrCl4.75O0.5``, ``Ca3(PO4)2``, ``K4[Fe(CN)6]``,
``1.4Li2O-0.75ZrCl4-0.25AlCl3``, ``1.4Li2O·0.75ZrCl4·0.25AlCl3``,
``1.4 Li2O + 0.75 ZrCl4 + 0.25 AlCl3`` and ``CuSO4·5H2O`` all parse.  Nothing is
ever passed to ``eval``.  Errors are :class:`FormulaError` (a
:class:`sselab.errors.ParseError`) naming the offending token and its
position, counted in characters from 1.

Examples
--------
>>> from sselab.chem.formula import parse_formula
>>> [(c.coefficient, c.amounts) for c in parse_formula("1.4Li2O-0.75ZrCl4")]
[(1.4, (('Li', 2.0), ('O', 1.0))), (0.75, (('Zr', 1.0), ('Cl', 4.0)))]
>>> parse_formula("Li2ZrQ6")
Traceback (most recent call last):
...
sselab.chem.formula.FormulaError: unknown element 'Q' at position 6 in 'Li2ZrQ6'; ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sselab.errors import ParseError

#: Characters accepted between the components of an oxide-sum notation.
SEPARATORS = frozenset("-–·•⋅∙*+")
_OPEN_CLOSE = {"(": ")", "[": "]"}
_CLOSERS = frozenset(_OPEN_CLOSE.values())


class FormulaError(ParseError):
    """A formula could not be parsed.

    Attributes
    ----------
    text : str
        The whole formula.
    token : str
        The offending token ("" at the end of the text).
    position : int
        1-based character position of the token in ``text``.
    """

    def __init__(self, message: str, text: str, token: str, position: int) -> None:
        super().__init__(message)
        self.text = text
        self.token = token
        self.position = position


@dataclass(frozen=True)
class ParsedComponent:
    """One component of a parsed formula.

    Attributes
    ----------
    coefficient : float
        Leading multiplier (1.0 when none was written).
    amounts : tuple of (str, float)
        Element amounts of *one* unit of the component, in order of first appearance,
        with brackets multiplied out.
    text : str
        The component's formula as written, without its coefficient.
    """

    coefficient: float
    amounts: tuple[tuple[str, float], ...]
    text: str


class _Parser:
    def __init__(self, text: str, known: Iterable[str]) -> None:
        self.text = text
        self.known = frozenset(known)
        self.i = 0

    # -- helpers -----------------------------------------------------------------------
    def _error(self, what: str, token: str, index: int, hint: str = "") -> FormulaError:
        pos = index + 1
        if token:
            msg = f"{what} at position {pos} in {self.text!r}"
        else:
            msg = f"{what} at the end of {self.text!r}"
        if hint:
            msg += f"; {hint}"
        return FormulaError(msg, self.text, token, pos)

    def _peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""

    def _skip_space(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def _number(self) -> float | None:
        """Read an unsigned decimal number at the cursor, or return None."""
        t, start = self.text, self.i
        j = start
        while j < len(t) and t[j].isdigit():
            j += 1
        if j < len(t) and t[j] == ".":
            k = j + 1
            while k < len(t) and t[k].isdigit():
                k += 1
            if k == j + 1:
                raise self._error(
                    f"number {t[start:k]!r} has no digits after the decimal point",
                    t[start:k], start, "write e.g. '2' or '2.5'",
                )
            j = k
        if j == start:
            return None
        self.i = j
        return float(t[start:j])

    # -- grammar -----------------------------------------------------------------------
    def parse(self) -> list[ParsedComponent]:
        self._skip_space()
        if self.i >= len(self.text):
            raise FormulaError(
                "empty formula; give e.g. 'Li2O' or '1.4Li2O-0.75ZrCl4-0.25AlCl3'",
                self.text, "", 1,
            )
        comps = [self._component()]
        while True:
            self._skip_space()
            c = self._peek()
            if not c:
                break
            if c in SEPARATORS:
                sep_at = self.i
                self.i += 1
                self._skip_space()
                if not self._peek():
                    raise self._error(
                        f"separator {c!r} is not followed by a component", c, sep_at,
                        "remove it or add the missing component",
                    )
            comps.append(self._component())
        return comps

    def _component(self) -> ParsedComponent:
        start = self.i
        coef = self._number()
        if coef is not None:
            self._skip_space()
        body_start = self.i
        c = self._peek()
        if not c or not (c.isupper() or c in _OPEN_CLOSE):
            tok = c or ""
            if c.islower():
                k = self.i
                while k < len(self.text) and self.text[k].isalpha():
                    k += 1
                tok = self.text[self.i:k]
            if coef is not None and not c:
                raise self._error(
                    f"coefficient {self.text[start:body_start].strip()!r} is not followed by a formula",
                    "", len(self.text),
                )
            raise self._error(
                f"unexpected {tok!r}", tok, self.i,
                "a component must start with an element symbol (capital letter), "
                "'(' or '[', optionally preceded by a coefficient",
            )
        amounts = self._formula(closer=None)
        return ParsedComponent(
            coefficient=1.0 if coef is None else coef,
            amounts=tuple(amounts.items()),
            text=self.text[body_start:self.i].strip(),
        )

    def _formula(self, closer: str | None) -> dict[str, float]:
        total: dict[str, float] = {}
        while True:
            if closer is not None:
                self._skip_space()
            c = self._peek()
            if not c:
                if closer is not None:
                    raise self._error(f"missing {closer!r}", "", len(self.text),
                                      "close every bracket that is opened")
                break
            if c == closer:
                break
            if closer is None and (c.isspace() or c in SEPARATORS):
                break
            if c in _CLOSERS:
                raise self._error(f"unmatched {c!r}", c, self.i,
                                  "remove it or add the opening bracket")
            group = self._group()
            for el, n in group.items():
                total[el] = total.get(el, 0.0) + n
        if not total:
            raise self._error("empty brackets", closer or "", self.i)
        return total

    def _group(self) -> dict[str, float]:
        t = self.text
        c = self._peek()
        if c in _OPEN_CLOSE:
            open_at = self.i
            self.i += 1
            inner = self._formula(closer=_OPEN_CLOSE[c])
            if self._peek() != _OPEN_CLOSE[c]:  # pragma: no cover - _formula guarantees it
                raise self._error(f"missing {_OPEN_CLOSE[c]!r}", "", open_at)
            self.i += 1
            mult = self._number()
            m = 1.0 if mult is None else mult
            return {el: n * m for el, n in inner.items()}
        if c.isupper():
            start = self.i
            j = self.i + 1
            if j < len(t) and t[j].islower():
                j += 1
            sym = t[start:j]
            if sym not in self.known:
                # a run of lower-case letters is a clearer token to report
                k = j
                while k < len(t) and t[k].islower():
                    k += 1
                shown = t[start:k]
                hint = "check the symbol (symbols are case-sensitive: 'Cl', not 'CL')"
                raise self._error(f"unknown element {shown!r}", shown, start, hint)
            self.i = j
            n = self._number()
            return {sym: 1.0 if n is None else n}
        tok = c
        if c.islower():
            k = self.i
            while k < len(t) and t[k].isalpha():
                k += 1
            tok = t[self.i:k]
            hint = "element symbols start with a capital letter"
        elif c.isdigit() or c == ".":
            hint = "numbers follow an element or a closing bracket"
        else:
            hint = "only element symbols, numbers, brackets and separators (- · * +) are allowed"
        raise self._error(f"unexpected {tok!r}", tok, self.i, hint)


def parse_formula(text: str, known_elements: Iterable[str] | None = None) -> list[ParsedComponent]:
    """Parse a plain formula or an oxide-sum notation into its components.

    Parameters
    ----------
    text : str
        The formula, e.g. ``"Li1.75ZrCl4.75O0.5"`` or ``"1.4Li2O·0.75ZrCl4·0.25AlCl3"``.
    known_elements : iterable of str, optional
        Accepted element symbols; default: those with an IUPAC atomic weight in
        ``sselab/data/chem/atomic_weights.toml``.

    Returns
    -------
    list of ParsedComponent
        One entry per component (a single entry for a plain formula).

    Raises
    ------
    FormulaError
        (a :class:`sselab.errors.ParseError`) naming the offending token and its
        1-based position.
    """
    if not isinstance(text, str):
        raise ParseError(f"a formula must be a string, got {type(text).__name__}")
    if known_elements is None:
        from sselab.chem.elements import known_elements as _known

        known_elements = _known()
    return _Parser(text, known_elements).parse()
