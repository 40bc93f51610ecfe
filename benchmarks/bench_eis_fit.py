"""Benchmark: fitting 200 noisy blocking-electrode spectra, sselab vs impedance.py.

Run from the repository root::

    python benchmarks/bench_eis_fit.py            # 200 spectra (about 1-2 min, mostly impedance.py)
    python benchmarks/bench_eis_fit.py --n 50     # quicker

impedance.py is optional (not a sselab dependency); without it only sselab is timed.
It needs impedance.py at commit 0b302ca and pandas (see make_linkk_reference.py).

The spectra mimic a fast conductor (an LZACO-like pellet) between blocking
electrodes, circuit ``R0-p(R1,CPE1)-CPE2``, 60 points log-spaced 1 Hz–7 MHz:
R0 ~ U(20, 60) Ω, R1 ~ U(2, 20) Ω, Q1 ~ 1e-10·10^U(−0.3, 0.3) F s^(α−1),
α1 ~ U(0.85, 0.95) (so the bulk/grain-boundary arc lies far above 7 MHz),
Q2 ~ 1e-6·10^U(−0.3, 0.3), α2 ~ U(0.8, 0.9); noise: independent normal errors of
1 % of |Z| on the real and imaginary parts (seeded).  Both libraries get the
same data, the same modulus weighting (impedance.py ``weight_by_modulus=True``)
and the same initial guess (sselab's automatic ``initial_guess``, computed
outside the timed region).  Printed: fits/s and the speed ratio, the maximum time
per fit, median relative errors of R0 + R1 (the quantity a conductivity needs),
Q2 and α2, and how often sselab's covariance calls each parameter identifiable.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time
import warnings

import numpy as np

from sselab.eis import Spectrum, fit_circuit, fit_many, initial_guess, parse_circuit

CIRCUIT = "R0-p(R1,CPE1)-CPE2"
FREQ = np.logspace(0, np.log10(7e6), 60)


def make_spectra(n: int, seed: int = 20260108) -> tuple[np.ndarray, list[Spectrum]]:
    """n (true parameters, noisy spectrum) pairs."""
    rng = np.random.default_rng(seed)
    model = parse_circuit(CIRCUIT)
    truth, spectra = [], []
    for _ in range(n):
        p = np.array([rng.uniform(20, 60), rng.uniform(2, 20), 1e-10 * 10 ** rng.uniform(-0.3, 0.3),
                      rng.uniform(0.85, 0.95), 1e-6 * 10 ** rng.uniform(-0.3, 0.3),
                      rng.uniform(0.8, 0.9)])
        z = model.impedance(p, FREQ)
        z = z + 0.01 * np.abs(z) * (rng.standard_normal(FREQ.size)
                                    + 1j * rng.standard_normal(FREQ.size))
        truth.append(p)
        spectra.append(Spectrum(FREQ, z))
    return np.array(truth), spectra


def errors(values: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """Median relative errors of R0 + R1, Q2 and α2."""
    ok = np.all(np.isfinite(values), axis=1)
    v, t = values[ok], truth[ok]
    return {
        "R0+R1": float(np.median(np.abs((v[:, 0] + v[:, 1]) / (t[:, 0] + t[:, 1]) - 1))),
        "Q2": float(np.median(np.abs(v[:, 4] / t[:, 4] - 1))),
        "alpha2": float(np.median(np.abs(v[:, 5] / t[:, 5] - 1))),
    }


def run_sselab(spectra, guesses):
    times, values, fits = [], [], []
    for s, g in zip(spectra, guesses, strict=True):
        t0 = time.perf_counter()
        fit = fit_circuit(s, CIRCUIT, initial=g, weighting="modulus")
        times.append(time.perf_counter() - t0)
        values.append(fit.values)
        fits.append(fit)
    return np.array(times), np.array(values), fits


def run_impedance(spectra, guesses):
    from impedance.models.circuits import CustomCircuit

    times, values, failures = [], [], 0
    for s, g in zip(spectra, guesses, strict=True):
        model = CustomCircuit(CIRCUIT, initial_guess=[float(v) for v in g.values()])
        t0 = time.perf_counter()
        try:
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                model.fit(s.frequency_Hz, s.impedance_ohm, weight_by_modulus=True)
            values.append(np.asarray(model.parameters_, dtype=float))
        except Exception:  # noqa: BLE001 - count failures of the reference library
            failures += 1
            values.append(np.full(6, np.nan))
        times.append(time.perf_counter() - t0)
    return np.array(times), np.array(values), failures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="number of spectra (default 200)")
    ap.add_argument("--seed", type=int, default=20260108)
    args = ap.parse_args()

    truth, spectra = make_spectra(args.n, args.seed)
    guesses = [initial_guess(s, CIRCUIT) for s in spectra]
    fit_circuit(spectra[0], CIRCUIT, initial=guesses[0])  # warm up imports

    t_s, v_s, fits = run_sselab(spectra, guesses)
    print(f"{args.n} spectra, {CIRCUIT}, 60 points 1 Hz-7 MHz, 1 % noise, modulus weighting")
    print(f"sselab      : {args.n / t_s.sum():8.1f} fits/s   median {1e3 * np.median(t_s):6.2f} ms"
          f"   max {1e3 * t_s.max():7.1f} ms   converged {sum(f.success for f in fits)}/{args.n}"
          f"   median evaluations {np.median([f.n_evaluations for f in fits]):.0f}")
    try:
        import impedance  # noqa: F401
        have_imp = True
    except ImportError:
        have_imp = False
        print("impedance.py not importable: reference timing skipped")
    if have_imp:
        t_i, v_i, fail = run_impedance(spectra, guesses)
        print(f"impedance.py: {args.n / t_i.sum():8.1f} fits/s   median "
              f"{1e3 * np.median(t_i):6.2f} ms   max {1e3 * t_i.max():7.1f} ms   failures {fail}")
        print(f"speed ratio (sselab / impedance.py, total time): {t_i.sum() / t_s.sum():.1f}x")
    e_s = errors(v_s, truth)
    print("median relative error   " + "   ".join(f"{k} {v:.2%}" for k, v in e_s.items())
          + "   (sselab)")
    if have_imp:
        e_i = errors(v_i, truth)
        print("median relative error   " + "   ".join(f"{k} {v:.2%}" for k, v in e_i.items())
              + "   (impedance.py)")
    names = fits[0].circuit.parameter_names
    share = {n: np.mean([f.identifiable[n] for f in fits]) for n in names}
    print("identifiable (rel. stderr <= 1 and |corr| <= 0.99), share of fits: "
          + ", ".join(f"{n} {share[n]:.0%}" for n in names))
    rel_sum = np.array([f.sum_with_stderr(["R0", "R1"])[1] / f.sum_with_stderr(["R0", "R1"])[0]
                        for f in fits])
    print(f"R0 + R1 (sum, from the covariance): median relative stderr "
          f"{np.nanmedian(rel_sum):.2%}; relative stderr < 5 % in {np.mean(rel_sum < 0.05):.0%} "
          "of fits")
    t0 = time.perf_counter()
    batch = fit_many(spectra, CIRCUIT, warm_start=True)
    t_b = time.perf_counter() - t0
    print(f"sselab fit_many (warm start, 1 process): {args.n / t_b:.1f} fits/s, "
          f"converged {int(batch.success.sum())}/{args.n} (independent random spectra: "
          "warm starts help series, not this set)")


if __name__ == "__main__":
    main()
