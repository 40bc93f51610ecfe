"""Write the synthetic LZACO example spectra used in README.md (``examples/eis/``).

The spectra are SYNTHETIC: generated from the paper's σ25 = 2.55 mS cm⁻¹ and
Ea = 0.276 eV with sselab's pellet model (packaged parameter set
``transport/lzaco_eis_synthetic``: 10 mm × 0.80 mm pellet, 40 points from
35 MHz to 1 Hz, 0.5 % noise).  Each file is a headerless CSV (f / Hz,
Re(Z) / Ω, Im(Z) / Ω), the layout impedance.py's ``exampleData.csv`` uses.

Run: ``python examples/make_eis_examples.py`` (deterministic, seed 1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sselab.transport.synthetic import lzaco_model, lzaco_temperatures_K

OUT = Path(__file__).parent / "eis"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    model = lzaco_model()
    rng = np.random.default_rng(1)
    rows = ["file,x,y,T_degC,treatment,thickness_mm,diameter_mm"]
    for t in lzaco_temperatures_K():
        s = model.spectrum(t, rng)
        name = f"lzaco_{t - 273.15:.0f}C.csv"
        with open(OUT / name, "w", encoding="ascii") as fh:
            for f, z in zip(s.frequency_Hz, s.impedance_ohm, strict=True):
                fh.write(f"{f:.6e},{z.real:.6e},{z.imag:.6e}\n")
        rows.append(f"{name},1.4,0.25,{t - 273.15:.0f},as-milled (synthetic),"
                     f"{model.pellet.thickness_m * 1e3:.3f},{model.pellet.diameter_m * 1e3:.3f}")
    (OUT / "series.csv").write_text("\n".join(rows) + "\n", encoding="ascii")
    print(f"wrote {len(rows) - 1} spectra and series.csv to {OUT}")


if __name__ == "__main__":
    main()
