"""Fit one circuit to many spectra (temperature series, cycling, mapping) quickly.

Spectra of a series usually change little from one to the next, so each fit
starts from the previous result ("warm start"): far fewer iterations than from
a fresh guess, and the same local minimum is followed through the series.  If
a warm-started fit fails, or its reduced χ² is more than ``retry_factor`` times
worse than the previous one, the spectrum is refitted from its own automatic
guess and the better fit is kept.  With ``workers > 1`` the series is cut into
contiguous chunks fitted in parallel processes (each chunk warm-starts along
itself).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sselab.eis.circuits import Circuit, parse_circuit
from sselab.eis.fit import CircuitFit, fit_circuit
from sselab.eis.spectrum import Spectrum
from sselab.errors import FitError, InputError, SselabError


@dataclass(frozen=True, eq=False)
class BatchFit:
    """Results of :func:`fit_many`, one :class:`CircuitFit` per spectrum (``None`` if it failed).

    Attributes
    ----------
    circuit : Circuit
    fits : tuple of CircuitFit or None
    errors : tuple of str
        Empty string where the fit worked, else why it did not.
    elapsed_s : float
        Wall time of the whole batch, s.
    """

    circuit: Circuit
    fits: tuple[CircuitFit | None, ...]
    errors: tuple[str, ...]
    elapsed_s: float

    def __len__(self) -> int:
        return len(self.fits)

    @property
    def success(self) -> np.ndarray:
        """Per spectrum: fit ran and converged."""
        return np.array([f is not None and f.success for f in self.fits])

    def parameter(self, name: str) -> np.ndarray:
        """Values of parameter ``name`` across the series (NaN where a fit failed)."""
        if name not in self.circuit.parameter_names:
            raise InputError(f"unknown parameter {name!r}; the circuit has "
                             f"{', '.join(self.circuit.parameter_names)}")
        return np.array([f.parameters[name] if f is not None else np.nan for f in self.fits])

    def stderr(self, name: str) -> np.ndarray:
        """Standard errors of ``name`` across the series."""
        self.parameter(name)
        return np.array([f.stderr[name] if f is not None else np.nan for f in self.fits])


def _one(spectrum: Spectrum, circuit: Circuit, start, options: Mapping[str, Any]) -> CircuitFit:
    return fit_circuit(spectrum, circuit, initial=start, **options)


def _chain(args) -> list[tuple[CircuitFit | None, str]]:
    spectra, circuit, initial, options, warm_start, retry_factor = args
    out: list[tuple[CircuitFit | None, str]] = []
    prev: CircuitFit | None = None
    for s in spectra:
        try:
            if warm_start and prev is not None and prev.success:
                start = {n: prev.parameters[n] for n in prev.free_parameters}
                fit = _one(s, circuit, start, options)
                worse = fit.reduced_chi2 > retry_factor * prev.reduced_chi2
                if not fit.success or worse or not np.isfinite(fit.reduced_chi2):
                    fresh = _one(s, circuit, initial, options)
                    if fresh.chi2 < fit.chi2 or not fit.success:
                        fit = fresh
            else:
                fit = _one(s, circuit, initial, options)
            out.append((fit, ""))
            prev = fit
        except SselabError as exc:
            out.append((None, str(exc)))
    return out


def fit_many(
    spectra: Sequence[Spectrum],
    circuit: str | Circuit,
    initial: Mapping[str, float] | Sequence[float] | None = None,
    bounds: Any = None,
    weighting: str = "modulus",
    fixed: Mapping[str, float] | None = None,
    *,
    warm_start: bool = True,
    workers: int = 1,
    retry_factor: float = 4.0,
    max_evaluations: int = 1000,
) -> BatchFit:
    """Fit ``circuit`` to every spectrum in ``spectra``.

    Parameters
    ----------
    spectra : sequence of Spectrum
        In series order (warm starts follow this order).
    circuit, initial, bounds, weighting, fixed
        As for :func:`sselab.eis.fit.fit_circuit`; ``initial`` is used for the
        first spectrum of each chunk and for retries (None: automatic guess).
    warm_start : bool
        Start each fit from the previous result.
    workers : int
        Processes to use (1: in this process).
    retry_factor : float
        Refit from the fresh guess when a warm-started reduced χ² exceeds the
        previous one by more than this factor.
    max_evaluations : int
        Per fit.

    Returns
    -------
    BatchFit
    """
    model = parse_circuit(circuit)
    spectra = list(spectra)
    if not spectra:
        raise InputError("no spectra to fit")
    if not all(isinstance(s, Spectrum) for s in spectra):
        raise InputError("fit_many needs a sequence of sselab.eis.Spectrum")
    workers = max(1, int(workers))
    options = {"bounds": bounds, "weighting": weighting, "fixed": fixed,
               "max_evaluations": max_evaluations}
    t0 = time.perf_counter()
    if workers == 1 or len(spectra) < 2 * workers:
        results = _chain((spectra, model, initial, options, warm_start, retry_factor))
    else:
        from concurrent.futures import ProcessPoolExecutor

        edges = np.linspace(0, len(spectra), workers + 1).astype(int)
        chunks = [spectra[a:b] for a, b in zip(edges[:-1], edges[1:], strict=True)]
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                parts = list(pool.map(_chain, [(c, model, initial, options, warm_start,
                                                retry_factor) for c in chunks]))
        except OSError as exc:  # pragma: no cover - platform without process pools
            raise FitError(f"could not start {workers} worker processes ({exc}); "
                           "use workers=1") from exc
        results = [r for part in parts for r in part]
    return BatchFit(circuit=model, fits=tuple(r[0] for r in results),
                    errors=tuple(r[1] for r in results), elapsed_s=time.perf_counter() - t0)
