"""One exception hierarchy for everything sselab refuses to do.

Every message says what was wrong *and* what to do about it.  The CLI turns
any :class:`SselabError` into a single line on stderr and the exit code
stored on the class, never a traceback.
"""

from __future__ import annotations


class SselabError(Exception):
    """Base class of all sselab errors.

    Attributes
    ----------
    exit_code : int
        Exit status the command-line interface uses for this error.
    """

    exit_code: int = 2


class InputError(SselabError, ValueError):
    """A value given by the user is out of range or inconsistent (e.g. a negative mass)."""


class ParseError(SselabError, ValueError):
    """Text or a file could not be understood (bad formula, unreadable instrument file)."""


class DataError(SselabError, LookupError):
    """Requested data are not known (unknown material, element or parameter)."""


class FitError(SselabError, RuntimeError):
    """A fit could not be carried out or gave no usable result."""

    exit_code = 3


class ConvergenceError(SselabError, RuntimeError):
    """An iterative solver did not converge to the requested tolerance."""

    exit_code = 3


def require_positive(name: str, value: float, unit: str = "") -> float:
    """Return ``value`` as float if it is finite and > 0, else raise :class:`InputError`."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not (v > 0.0) or v != v or v == float("inf"):
        u = f" {unit}" if unit else ""
        raise InputError(f"{name} must be a positive, finite number, got {value!r}{u}")
    return v
