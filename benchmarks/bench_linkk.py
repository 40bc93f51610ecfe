"""Benchmark: Lin-KK on exampleData.csv, sselab.eis.lin_kk vs impedance.py's validation.linKK.

Run from the repository root::

    python benchmarks/bench_linkk.py

impedance.py is optional (not a sselab dependency; needs commit 0b302ca and pandas, see
make_linkk_reference.py); without it only sselab is timed.  Both run on the same
66 points (tests/data/eis/impedance_py/exampleData.csv) with c = 0.85, fit_type "real";
the script checks that M, μ and the residuals agree and prints the median time of
repeated runs and the ratio.
"""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import numpy as np

from sselab.eis import Spectrum, lin_kk

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "eis" / "impedance_py"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def main() -> None:
    d = np.loadtxt(DATA / "exampleData.csv", delimiter=",")
    f, z = d[:, 0], d[:, 1] + 1j * d[:, 2]
    s = Spectrum(f, z)
    r = lin_kk(s)
    t_s = median_time(lambda: lin_kk(s), 200)
    print(f"exampleData.csv ({f.size} points): sselab lin_kk  M = {r.M}, mu = {r.mu:.10f}, "
          f"median {1e3 * t_s:.2f} ms")
    try:
        from impedance.validation import linKK
    except ImportError:
        print("impedance.py not importable: reference timing skipped")
        return

    def ref():
        with contextlib.redirect_stdout(io.StringIO()):  # linKK prints every 10 M
            return linKK(f, z, c=0.85)

    m, mu, _, rr, ri = ref()
    t_i = median_time(ref, 20)
    dres = max(np.max(np.abs(rr - r.residuals_real)), np.max(np.abs(ri - r.residuals_imag)))
    print(f"exampleData.csv ({f.size} points): impedance.py linKK M = {m}, mu = {mu:.10f}, "
          f"median {1e3 * t_i:.2f} ms")
    print(f"same M: {m == r.M}; |mu difference| = {abs(mu - r.mu):.1e}; "
          f"max |residual difference| = {dres:.1e}")
    print(f"speed ratio (sselab / impedance.py): {t_i / t_s:.0f}x")


if __name__ == "__main__":
    main()
