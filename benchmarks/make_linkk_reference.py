"""Regenerate tests/data/eis_analysis/linkk_impedance_py_reference.json with impedance.py.

The reference holds impedance.py's ``validation.linKK`` results (M, μ and, for three
option sets, the residual arrays) on two real files, so the sselab tests can check
``sselab.eis.lin_kk`` against them without impedance.py installed.  Needs impedance.py
at commit 0b302ca (the PyPI 1.7.1 wheel's linKK fails under numpy 2) and pandas::

    pip install pandas "impedance @ git+https://github.com/ECSHackWeek/impedance.py@0b302ca"
    python benchmarks/make_linkk_reference.py
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "eis"
OUT = ROOT / "tests" / "data" / "eis_analysis" / "linkk_impedance_py_reference.json"
FILES = {
    "impedance_py/exampleData.csv": {"delimiter": ","},
    "pydrttools/LIB_data.txt": {},
}
WITH_RESIDUALS = {("real", False), ("complex", True), ("imag", False)}


def main() -> None:
    from impedance.validation import linKK

    out = {
        "generator": "impedance.py validation.linKK, ECSHackWeek/impedance.py @ "
        f"0b302ca9eabf403bd1a1a2b2578fe2cb7f00ec2f (MIT), numpy {np.__version__}",
        "convention": "residuals = (Z - Z_fit)/|Z| (real, imag) in file order; c = 0.85, "
        "max_M = 50",
        "cases": [],
    }
    for name, opts in FILES.items():
        path = DATA / name
        d = np.loadtxt(path, **opts)
        f, z = d[:, 0], d[:, 1] + 1j * d[:, 2]
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        for fit_type in ("real", "imag", "complex"):
            for cap in (False, True):
                with contextlib.redirect_stdout(io.StringIO()):  # linKK prints every 10 M
                    m, mu, _, rr, ri = linKK(f, z, c=0.85, fit_type=fit_type, add_cap=cap)
                case = {"file": name, "sha256": sha, "fit_type": fit_type, "add_cap": cap,
                        "M": int(m), "mu": float(mu)}
                if (fit_type, cap) in WITH_RESIDUALS:
                    case["residuals_real"] = [float(x) for x in rr]
                    case["residuals_imag"] = [float(x) for x in ri]
                out["cases"].append(case)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
