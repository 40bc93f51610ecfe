"""Reproduce section "stability": conductivity retention after annealing and humidity exposure.

The paper's text gives one before/after pair (2.55 → 2.23 mS cm⁻¹ after 5 h at 100 °C);
its claim is ``eis.annealed_100C_retention`` (section "eis"), not repeated here.  This
section tabulates the stability tests with the retention computed by
:func:`sselab.echem.stability.conductivity_retention`, including the range the printed
precision allows, and states what the text does not give (300 °C values, humidity).
"""

from __future__ import annotations

from sselab.reproduce.claims import SectionResult, Table
from sselab.reproduce.registry import Context, section

SECTION_ID = "stability"
TITLE = "Stability checks (conductivity retention)"


@section(SECTION_ID, TITLE, order=72)
def run(ctx: Context) -> SectionResult:
    from sselab.echem.stability import conductivity_retention
    from sselab.parameters import load_parameter_set
    from sselab.units import mS_per_cm_to_S_per_m

    ps = load_parameter_set("echem/stability_lzaco")
    res = SectionResult(id=SECTION_ID, title=TITLE)
    res.parameter_sets = [ps]
    res.citations = ["Hu2026"]
    b = float(ps.value("annealing_100C.before"))
    a = float(ps.value("annealing_100C.after"))
    h = float(ps.value("annealing_100C.printed_half_unit"))
    r = conductivity_retention(mS_per_cm_to_S_per_m(b), mS_per_cm_to_S_per_m(a),
                               half_unit_S_per_m=mS_per_cm_to_S_per_m(h))
    lo, hi = r.interval
    rh = float(ps.value("humidity.relative_humidity"))
    hh = float(ps.value("humidity.duration"))
    res.tables.append(Table(
        id="stability.retention", title="Conductivity (25 °C) before and after stability tests",
        columns=("test", "σ before (mS/cm)", "σ after (mS/cm)", "retained (%)",
                 "range from printed digits (%)", "paper says", "claim"),
        rows=(
            (f"annealing {ps.value('annealing_100C.temperature'):g} °C, "
             f"{ps.value('annealing_100C.duration'):g} h", b, a, round(r.percent, 2),
             f"{100 * lo:.2f}–{100 * hi:.2f}", "'almost identical'; Supp. Fig. 8b",
             "eis.annealed_100C_retention"),
            (f"annealing {ps.value('annealing_300C.temperature'):g} °C, 5 h", b, "—",
             f"< {100 * float(ps.value('annealing_300C.max_retention')):g}",
             "—", "drops by more than one order of magnitude; Supp. Fig. 6",
             "none (no values in the text)"),
            (f"humidity {rh:g} % RH, {ps.value('humidity.temperature'):g} °C, {hh:g} h", "—",
             "—", "—", "—", "stable in dry air of ~4 % RH; Supp. Figs. 14–15",
             "none (no values in the text)"),
        ),
        caption="Retention = σ_after/σ_before (sselab.echem.stability.conductivity_retention); "
                "the range is what the two values printed to 0.01 mS/cm allow. The 300 °C "
                "bound is the paper's 'more than one order of magnitude'.")
    )
    res.summary = (f"After 5 h at 100 °C: {b} → {a} mS/cm, {r.percent:.2f} % retained "
                   f"({100 * lo:.2f}–{100 * hi:.2f} % within the printed digits). The humidity "
                   "and 300 °C results are only in Supplementary Figures.")
    res.notes += [
        "No claims in this section: the one before/after pair stated in the text is checked by "
        "eis.annealed_100C_retention (and its pipeline value by eis.annealed_100C_sigma25). The "
        "humidity test (0.3 g powder, 25 °C, 12 h at ~4 % RH, then XRD and EIS of a 300 MPa "
        "pellet) is described in the Methods, but its conductivities appear only in "
        "Supplementary Figs. 14–15, so there is no number to check.",
        "Use sselab.echem.stability.conductivity_retention (with uncertainties) or "
        "retention_from_resistance (same pellet measured twice) on your own before/after data.",
    ]
    ctx.progress(1.0, "done")
    return res
