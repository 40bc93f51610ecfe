"""Reproduce section: phase-field interface detachment, LZCO vs LZACO (Fig. 2b analogue).

Runs sselab's own phase-field model (:mod:`sselab.fem.interface`) for the two
electrolytes of the paper with the packaged parameter set
``sselab/data/fem/interface_hu2026.toml`` on the default (coarse, converged —
see ``tests/test_fem_interface.py``) mesh, and checks the paper's qualitative
result: LZCO partly detached at SoC 0.6 and fully at SoC 1.0, LZACO not
detached at SoC 1.0.  The interface fracture energy is the one calibrated
value (fitted to the LZCO onset); LZACO and the LZCO fraction at SoC 1 follow
without retuning.  The model set-up and its justification are in
:mod:`sselab.fem.interface` and ``docs/phasefield.md``.
"""

from __future__ import annotations

import numpy as np

from sselab.reproduce.claims import Claim, Figure, SectionResult, Table
from sselab.reproduce.registry import Context, section

SECTION_ID = "phasefield"
TITLE = "Phase-field fracture: interface detachment (Fig. 2b)"
SOCS = (0.2, 0.4, 0.6, 0.8, 1.0)
WHERE = "Results (computational study), Fig. 2b, Methods 'Phase-field modelling'"


@section(SECTION_ID, TITLE, order=50)
def run(ctx: Context) -> SectionResult:
    from sselab.fem.interface import (
        DEFAULT_SET,
        detachment_onset_soc,
        fraction_at,
        interface_spec,
        run_interface,
    )
    from sselab.parameters import load_parameter_set
    from sselab.plot.fem import plot_detachment, plot_phi_fields
    from sselab.plot.svg import to_svg

    p = load_parameter_set(DEFAULT_SET)
    res = SectionResult(id=SECTION_ID, title=TITLE)
    results = {}
    for i, se in enumerate(("LZCO", "LZACO")):
        ctx.progress(0.05 + 0.45 * i, f"phase-field run, {se}")
        spec = interface_spec(se, p)
        results[se] = run_interface(spec, save_at=SOCS)
    lz, la = results["LZCO"], results["LZACO"]
    onset = detachment_onset_soc(lz)
    res.claims += [
        Claim(f"{SECTION_ID}.lzco_onset_soc", "LZCO: SoC at which detachment begins (fraction > 5 %)",
              "", 0.6, onset if np.isfinite(onset) else float("inf"), 0.0, relation="le", kind="model",
              where=WHERE, note="paper: 'already partially detaches' at SoC 0.6; interface Gc "
                                "calibrated on this case (onset between 0.5 and 0.7)"),
        Claim(f"{SECTION_ID}.lzaco_detached_at_soc1", "LZACO: detached interface fraction at SoC 1.0",
              "", 0.05, fraction_at(la, 1.0), 0.0, relation="lt", kind="model", where=WHERE,
              note="paper: LZACO 'has not begun to detach' at SoC 1.0; no parameter retuned"),
    ]
    res.not_reproduced.append({
        "id": f"{SECTION_ID}.lzco_detached_at_soc1",
        "statement": "LZCO (E 7.92 GPa, H ≥ 2.07 GPa) fully detached at SoC 1.0 (Fig. 2b)",
        "paper": "detached fraction > 0.95",
        "computed": fraction_at(lz, 1.0),
        "reason": (f"sselab's model detaches from SoC {onset:.2f} and then grows stably: the crack "
                   "arrests a bonded ligament of about 13 µm (≈ the shear-lag length of the composite "
                   "over the compliant interface layer) from the symmetry plane, because the energy "
                   "release rate falls as that ligament shortens and the yielded composite stores "
                   "little extra elastic energy as it shrinks further. The ligament does not depend on "
                   "the strip length (measured: 0.645 detached for the 40 µm strip, 0.832 for 80 µm, "
                   "0.912 for 160 µm), so > 0.95 would need a strip ≳ 280 µm long — too costly for "
                   "this section, and choosing the length to pass would be a second fit; "
                   "no parameter was retuned to force it"),
    })
    rows = []
    for s in SOCS:
        rows.append((s, round(fraction_at(lz, s), 3), round(fraction_at(la, s), 3)))
    res.tables.append(Table("phasefield_detachment", "Detached interface fraction vs SoC",
                            ("SoC", "LZCO", "LZACO"), tuple(rows),
                            caption="fraction of the interface beyond the notch with phi > 0.95"))
    stats = [(k, r.mesh.n_nodes, r.mesh.n_dofs(), len(r.steps), r.total_staggered_iterations,
              round(r.wall_s, 2)) for k, r in results.items()]
    res.tables.append(Table("phasefield_runs", "Phase-field runs",
                            ("electrolyte", "nodes", "DOFs", "steps", "staggered iterations", "wall s"),
                            tuple(stats)))
    ctx.progress(0.95, "figures")
    fig = plot_phi_fields(results, SOCS)
    res.figures.append(Figure("phasefield_fields", "Phase field φ at SoC 0.2–1.0 (Fig. 2b analogue)",
                              to_svg(fig), alt="phase-field maps of the interface for LZCO and LZACO",
                              caption="rows: electrolyte; columns: SoC; phi = 1 detached. Composite "
                                      "layer on top, electrolyte layer below, notch at the left."))
    fig = plot_detachment(results, paper=[("paper: LZCO partly", 0.6, 0.5), ("paper: LZCO full", 1.0, 1.0),
                                          ("paper: LZACO none", 1.0, 0.0)])
    res.figures.append(Figure("phasefield_fraction", "Detached interface fraction vs SoC", to_svg(fig),
                              alt="detached fraction vs SoC for LZCO and LZACO"))
    res.parameter_sets.append(p)
    res.citations += ["Hu2026", "Miehe2010", "Amor2009", "Tabor1951", "MoriTanaka1973", "Levin1967",
                      "PonteCastaneda1991", "scikit-fem"]
    res.notes += [
        "The paper's simulation was run in COMSOL with parameters in Supplementary Table 14 (not "
        "public); this is sselab's own model: P1 triangles, AT2, volumetric-deviatoric split, "
        "history field, J2 plasticity of the electrolyte with sigma_y = H/3 (Tabor).",
        "Assumed: Poisson ratios, scNCM92 stiffness and density, electrolyte densities, geometry, "
        "length scale, bulk fracture energy; calibrated: the interface fracture energy only.",
        "Set-up: homogenised composite (Mori-Tanaka stiffness, Levin eigenstrain, flow stress "
        "sqrt(1 + 3f/2) x the electrolyte's), elastic interface layer of thickness 2 l (the "
        "regularisation band of a sharp interface), bottom u_y = 0, left edge free at the notch, "
        "right edge a symmetry plane (half the spacing between interface defects).",
        "The star markers show the paper's qualitative statements, not measured fractions.",
    ]
    res.summary = (f"LZCO detaches from SoC {onset:.2f} and reaches {fraction_at(lz, 1.0):.0%} at SoC 1; "
                   f"LZACO {fraction_at(la, 1.0):.0%} at SoC 1.")
    return res
