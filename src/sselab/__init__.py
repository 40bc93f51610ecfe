"""sselab: a toolkit for solid-electrolyte research.

`import sselab` is deliberately light: it loads no numpy-heavy sub-packages,
no matplotlib, pandas or scikit-fem.  Import the domain packages you need::

    from sselab.chem import Composition
    from sselab.cost import cost_per_litre

Run everything the paper reports on embedded data with ``sselab reproduce``.
"""

from __future__ import annotations

from sselab._version import __version__
from sselab.errors import (
    ConvergenceError,
    DataError,
    FitError,
    InputError,
    ParseError,
    SselabError,
)

__all__ = [
    "ConvergenceError",
    "DataError",
    "FitError",
    "InputError",
    "ParseError",
    "SselabError",
    "__version__",
]
