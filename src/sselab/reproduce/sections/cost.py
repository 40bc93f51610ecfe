"""Reproduce section ``cost``: the paper's production-cost numbers (Fig. 3d-f).

Runs the cost model with the packaged parameter set ``cost/lzaco_2026`` for the three
published cases (LZACO via Li2O 30 h, via Li2CO3 4 h, Li2ZrCl6 45 h) and the 93.50 $/L
threshold, and adds the per-batch breakdown, a one-at-a-time sensitivity and Monte-Carlo
percentiles.
"""

from __future__ import annotations

from sselab.reproduce.claims import Claim, Figure, InputRecord, SectionResult, Table
from sselab.reproduce.registry import Context, section

TOLERANCE = 0.005
_WHERE = {
    "raw": "Cost section; Fig. 3f",
    "processing": "Cost section; Fig. 3d,f",
    "total": "Cost section; Fig. 3f (43.70 and 140.01 also in the Abstract)",
}
MC_SAMPLES = 20_000


@section("cost", "Production cost", order=20)
def run(ctx: Context) -> SectionResult:
    import numpy as np

    from sselab.cost import (
        DEFAULT_PARAMETERS,
        CostCase,
        default_parameters,
        evaluate,
        fixed_and_variable,
        monte_carlo,
        reference_cases,
        threshold,
        tornado,
    )
    from sselab.parameters import data_bytes
    from sselab.plot.cost import cost_bars_figure, processing_vs_time_figure, tornado_figure
    from sselab.plot.svg import to_svg

    ps = default_parameters()
    refs = [(rc, evaluate(ps, rc.case)) for rc in reference_cases(ps)]
    thr = threshold(ps)
    claims: list[Claim] = []
    for rc, r in refs:
        t = float(r.milling_time_h)
        cid = f"{rc.id.lower()}_{t:g}h"
        for k in ("raw", "processing", "total"):
            if k not in rc.paper_USD_per_L:
                continue
            claims.append(Claim(
                id=f"cost.{cid}.{k}",
                quantity=f"{k} cost of {r.material} via {r.route}, {t:g} h milling",
                unit="USD/L",
                paper=rc.paper_USD_per_L[k],
                computed=float(getattr(r, f"{k}_USD_per_L")),
                tolerance=TOLERANCE,
                kind="model",
                where=_WHERE[k],
                note="parameter set cost/lzaco_2026 (densities and some prices inferred, "
                     "plant split calibrated; see notes)",
            ))
    claims.append(Claim(
        id="cost.threshold_li7p3s11",
        quantity=f"volumetric threshold: {float(thr.cost_USD_per_kg):g} $/kg x "
                 f"{float(thr.density_g_per_cm3):.3f} g/cm3 ({thr.material})",
        unit="USD/L",
        paper=float(ps.value("reference.threshold")),
        computed=float(thr.USD_per_L),
        tolerance=TOLERANCE,
        kind="model",
        where="Cost section",
    ))
    ctx.progress(0.2, "cost: breakdown")

    F, v = fixed_and_variable(ps)
    tables = [_breakdown_table(refs), _raw_table(refs)]

    headline = CostCase("LZACO", "Li2CO3")
    sens = tornado(ps, headline)
    tables.append(Table(
        id="cost-tornado",
        title=f"One-at-a-time ±20 % sensitivity of the total, {sens.label} "
              f"(base {sens.base_output:.2f} USD/L), top 10 of {len(sens.rows)}",
        columns=("parameter", "kind", "value", "unit", "total at −20 % (USD/L)",
                 "total at +20 % (USD/L)", "swing (USD/L)"),
        rows=tuple((r.name, r.kind, f"{r.base_value:g}", r.unit, round(r.output_at_low, 2),
                    round(r.output_at_high, 2), round(r.swing, 2)) for r in sens.top(10)),
        caption="Each input moved alone; duty cycle and yield are capped at 1.",
    ))
    ctx.progress(0.4, "cost: Monte Carlo")
    seed = int(ctx.rng("cost").integers(2**31 - 1))
    mc_rows = []
    for rc, r in refs:
        mc = monte_carlo(ps, rc.case, MC_SAMPLES, seed)
        t = mc.total_USD_per_L
        mc_rows.append((r.label, f"{float(r.milling_time_h):g}", round(mc.base_total_USD_per_L, 2),
                        round(t[5.0], 2), round(t[50.0], 2), round(t[95.0], 2),
                        f"{mc.probability_below_threshold:.1%}"))
    tables.append(Table(
        id="cost-monte-carlo",
        title=f"Monte-Carlo total cost ({MC_SAMPLES} samples, seed {seed})",
        columns=("case", "milling (h)", "model (USD/L)", "P5", "P50", "P95",
                 f"P(total < {float(thr.USD_per_L):.2f})"),
        rows=tuple(mc_rows),
        caption="Distributions from [meta.monte_carlo] of the parameter file: triangular "
                "±20 % by default, wider for the Li precursors, uniform 0.3-1.5 $/kg for "
                "AlCl3, normal for densities; plant counts, duty cycle and milling times fixed.",
    ))
    tables.append(_provenance_table(ps))

    ctx.progress(0.6, "cost: figures")
    times = np.linspace(0.25, 50.0, 200)
    curve = evaluate(ps, CostCase("LZACO", "Li2CO3", milling_time_h=1.0),
                     {"case.milling_time_h": times})
    marks = [(f"{r.route} {float(r.milling_time_h):g} h", float(r.milling_time_h),
              rc.paper_USD_per_L["processing"]) for rc, r in refs if r.material == "LZACO"]
    fig_d = processing_vs_time_figure(
        curve, marks, title="Processing cost of LZACO vs milling time (cf. Fig. 3d)")
    fig_f = cost_bars_figure(
        [f"{r.material}\n({r.route}, {float(r.milling_time_h):g} h)" for _, r in refs],
        [float(r.raw_USD_per_L) for _, r in refs],
        [float(r.processing_USD_per_L) for _, r in refs],
        float(thr.USD_per_L),
        [rc.paper_USD_per_L["total"] for rc, _ in refs],
        title="Solid-electrolyte cost per litre (cf. Fig. 3f)",
    )
    fig_t = tornado_figure(sens, 12)
    figures = [
        Figure(
            id="cost-fig3d",
            title="Processing cost of LZACO against effective milling time, by component",
            svg=to_svg(fig_d),
            alt="Stacked area chart of LZACO processing cost in USD per litre against effective "
                "milling time from 0 to 50 h, split into depreciation, electricity, personnel "
                "and plant area; the cost rises linearly from about 8 USD/L, and the paper's "
                "points 15.31 USD/L at 4 h and 63.79 USD/L at 30 h lie on the curve.",
            caption=f"Batch cost = F + v t_eff with F = {float(F):.2f} USD/batch and "
                    f"v = {float(v):.2f} USD per hour of effective milling; density 2.15 g/cm3.",
        ),
        Figure(
            id="cost-fig3f",
            title="Raw-material and processing cost of three solid electrolytes vs threshold",
            svg=to_svg(fig_f),
            alt="Stacked bars of raw-material and processing cost in USD per litre for LZACO "
                "via Li2O (30 h), LZACO via Li2CO3 (4 h) and Li2ZrCl6 (45 h), with a dashed "
                "line at the 93.50 USD/L threshold; only LZACO via Li2CO3 (43.7 USD/L) lies "
                "below it. Black markers show the paper's totals.",
        ),
        Figure(
            id="cost-tornado",
            title="One-at-a-time sensitivity of the LZACO (Li2CO3, 4 h) cost",
            svg=to_svg(fig_t),
            alt="Tornado chart of the total LZACO cost via Li2CO3 when each input is moved "
                "by minus and plus 20 percent; density, ZrCl4 price and the exchange rate "
                "have the largest swings.",
        ),
    ]
    ctx.progress(0.95, "cost: done")
    inferred = [p for p in ps.values() if p.kind in ("inferred", "calibrated")
                and not p.name.startswith("reference.")]
    notes = [
        "Model (Methods 'Cost analysis'): cost per litre = (raw-materials cost per kg + "
        "processing cost per batch / 28 kg) x density. Processing per batch = depreciation "
        "(price / (years x 8760 h) x hours used) + electricity (kW x h x price) + personnel "
        "(staff x h x wage) + plant area (rent x 60 m2 x h); mills work twice the effective "
        "milling time (5 min on / 5 min off).",
        "The paper does not print its densities, the ZrCl4, AlCl3 and LiCl prices, or the "
        "equipment prices and powers. Inferred from its own numbers: "
        + "; ".join(f"{p.name} = {_fmt(p.value, p.unit)}" for p in inferred if p.kind == "inferred")
        + ". Calibrated so the published totals come out: "
        + "; ".join(f"{p.name} = {_fmt(p.value, p.unit)}" for p in inferred if p.kind == "calibrated")
        + ". AlCl3 (0.70 $/kg), equipment powers, enclosure price, staffing, exchange rate and "
          "depreciation lives are assumed; electricity, salary and rent are public figures "
          "near those the paper cites (its exact sources were not found).",
        f"Only two combinations of the plant inputs are pinned by the paper: F = {float(F):.2f} "
        f"USD per batch (target 102.25) and v = {float(v):.3f} USD per hour of effective "
        f"milling (target 24.28). Any other split with the same F and v reproduces the same "
        f"numbers, so the per-item breakdown is one plausible decomposition, not the paper's.",
        "Switches in the parameter file make the paper's ambiguities explicit: "
        "model.cost_basis (per kg of product with CO2 lost; the per-kg-of-precursor reading "
        "would need a non-round density of 1.918 g/cm3), model.mill_energy_hours (rated power "
        "over working time), model.batch_mass_basis (28 kg of product per batch) and "
        "plant.operation.handling_time.",
    ]
    return SectionResult(
        id="cost",
        title="Production cost",
        summary=(
            f"LZACO via Li2CO3 (4 h) costs {float(refs[1][1].total_USD_per_L):.2f} USD/L against "
            f"{float(thr.USD_per_L):.2f} USD/L for the threshold; via Li2O (30 h) "
            f"{float(refs[0][1].total_USD_per_L):.2f} and Li2ZrCl6 (45 h) "
            f"{float(refs[2][1].total_USD_per_L):.2f} USD/L."
        ) if len(refs) == 3 else "",
        claims=claims,
        figures=figures,
        tables=tables,
        inputs=[InputRecord.from_bytes(
            f"{DEFAULT_PARAMETERS}.toml", data_bytes(f"{DEFAULT_PARAMETERS}.toml"),
            synthetic=False, description="cost parameter set (values, units, sources, kinds)")],
        parameter_sets=[ps],
        citations=["Hu2026", "sselab_cost_note"],
        notes=notes,
    )


def _fmt(v: object, unit: str) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"{v:g} {unit}" if unit not in ("1", "-", "") else f"{v:g}"
    return repr(v)


def _breakdown_table(refs: list) -> Table:
    rows = []
    for _, r in refs:
        p = r.processing
        it = p.items()
        rows.append((
            r.label, f"{float(r.milling_time_h):g}", f"{float(p.working_time_h):g}",
            f"{float(p.batch_time_h):.3g}",
            *(round(float(it[k]), 2) for k in (
                "mill_depreciation_USD", "enclosure_depreciation_USD", "mill_electricity_USD",
                "enclosure_electricity_USD", "personnel_USD", "rent_USD")),
            round(float(p.total_USD_per_batch), 2), round(float(p.USD_per_kg), 3),
            round(float(r.processing_USD_per_L), 2),
        ))
    return Table(
        id="cost-breakdown",
        title="Processing cost per batch (28 kg), item by item",
        columns=("case", "milling (h)", "mills working (h)", "batch (h)", "mill depr. (USD)",
                 "enclosure depr. (USD)", "mill electricity (USD)",
                 "enclosure electricity (USD)", "personnel (USD)", "rent (USD)",
                 "total (USD/batch)", "USD/kg", "USD/L"),
        rows=tuple(rows),
        caption="Split among items is one calibrated decomposition; only the totals are pinned.",
    )


def _raw_table(refs: list) -> Table:
    rows = []
    for _, r in refs:
        for it in r.raw.items:
            rows.append((r.label, it.name, f"{it.amount_mol_per_fu:g}",
                         round(it.molar_mass_g_per_mol, 3), round(float(it.price_USD_per_kg), 2),
                         round(float(it.cost_USD_per_kg), 3),
                         round(float(it.cost_USD_per_kg * r.density_g_per_cm3), 2)))
        rows.append((r.label, "total (per kg product)", "", "", "",
                     round(float(r.raw_USD_per_kg), 3), round(float(r.raw_USD_per_L), 2)))
    return Table(
        id="cost-raw",
        title="Raw-materials cost by precursor",
        columns=("case", "precursor", "mol per f.u.", "M (g/mol)", "price (USD/kg)",
                 "USD/kg product", "USD/L"),
        rows=tuple(rows),
        caption="Per kg of product; in the Li2CO3 route 19.78 % of the precursor mass leaves "
                "as CO2.",
    )


def _provenance_table(ps) -> Table:  # type: ignore[no-untyped-def]
    rows = tuple(
        (p.name, f"{p.value}", p.unit, p.kind, p.source)
        for p in ps.values()
        if p.kind in ("inferred", "calibrated", "assumed") and not p.name.startswith("reference.")
    )
    return Table(
        id="cost-provenance",
        title="Inputs not stated in the paper (inferred, calibrated or assumed)",
        columns=("parameter", "value", "unit", "kind", "source"),
        rows=rows,
    )
