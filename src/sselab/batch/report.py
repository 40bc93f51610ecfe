"""The campaign report: one self-contained HTML page from a results database.

Same look as the ``sselab reproduce`` report (jinja2, inline CSS, figures as inline SVG
with alt text, no network).  Sections: summary and runs, one table per sample series
(file × result, with units), the conductivity-vs-composition figure when the database
holds EIS conductivities with a composition x, the phase-field compliance map(s) with the
literature electrolytes placed on them (``sselab sweep phasefield-map``), and the recorded
errors.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sselab.batch.export import rows

#: The reproduce report's templates: the campaign page includes their ``_style.css.j2``
#: (one stylesheet for both reports); read by path, so ``sselab.report`` is not imported.
SHARED_TEMPLATES = Path(__file__).resolve().parents[1] / "report" / "templates"

#: How result names are displayed: SI name → (label, unit, factor).
_DISPLAY = {
    "conductivity_S_per_m": ("σ", "mS/cm", 10.0),
    "ionic_resistance_ohm": ("R ionic", "Ω", 1.0),
    "temperature_K": ("T", "K", 1.0),
    "hardness_Pa": ("H", "GPa", 1e-9),
    "hardness_sd_Pa": ("sd H", "GPa", 1e-9),
    "modulus_Pa": ("E", "GPa", 1e-9),
    "modulus_sd_Pa": ("sd E", "GPa", 1e-9),
    "first_discharge_capacity_Ah": ("Q dis. first", "mAh", 1e3),
    "last_discharge_capacity_Ah": ("Q dis. last", "mAh", 1e3),
    "first_discharge_capacity_Ah_per_kg": ("q dis. first", "mAh/g", 1.0),
    "median_coulombic_efficiency": ("CE median", "%", 100.0),
    "final_retention": ("retention", "%", 100.0),
}


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        if not math.isfinite(x):
            return ""
        if x == 0:
            return "0"
        if abs(x) >= 1e5 or abs(x) < 1e-3:
            return f"{x:.4g}"
        return f"{x:.5g}"
    return "" if x is None else str(x)


def campaign_data(db: str | Path) -> dict[str, Any]:
    """Everything the report shows, as plain data."""
    _, flat = rows(db, "SELECT sample, composition, x, y, treatment, analysis, path, name, "
                       "value, unit, stderr, analysis_id FROM results_flat ORDER BY sample, "
                       "analysis, path, result_id")
    _, runs = rows(db, "SELECT id, sselab_version, campaign, executor, started_utc, "
                       "finished_utc, n_inputs, n_analysed, n_skipped, n_failed, status "
                       "FROM runs ORDER BY id")
    _, errs = rows(db, "SELECT path, grp, analysis, error_type, message, created_utc "
                       "FROM errors ORDER BY id")
    series: dict[tuple[str, str], dict[str, Any]] = {}
    for (sample, comp, x, y, treat, analysis, path, name, value, unit, _se, aid) in flat:
        if analysis == "phasefield":  # one map section, not a table per grid point
            continue
        s = series.setdefault((sample, analysis), {
            "sample": sample, "analysis": analysis, "composition": comp, "x": x, "y": y,
            "treatment": treat, "names": [], "units": {}, "rows": {}})
        if name not in s["names"]:
            s["names"].append(name)
            s["units"][name] = unit
        s["rows"].setdefault(aid, {"file": Path(path).name})[name] = value
    tables = []
    for i, s in enumerate(series.values()):
        cols = ["file"]
        for n in s["names"]:
            lab, un, _ = _DISPLAY.get(n, (n, s["units"][n], 1.0))
            cols.append(f"{lab} ({un})" if un and un != "1" else lab)
        body = []
        for r in s["rows"].values():
            body.append([r["file"]] + [
                None if r.get(n) is None else r[n] * _DISPLAY.get(n, ("", "", 1.0))[2]
                for n in s["names"]])
        tables.append({"id": f"series-{i}", "sample": s["sample"], "analysis": s["analysis"],
                       "composition": s["composition"], "x": s["x"], "y": s["y"],
                       "treatment": s["treatment"], "columns": cols, "rows": body})
    sigma = [(r[0], r[2], r[3], r[4], r[8]) for r in flat
             if r[7] == "conductivity_S_per_m" and r[2] is not None and r[8] is not None]
    return {"tables": tables, "runs": runs, "errors": errs, "sigma": sigma,
            "n_results": len(flat), "n_analyses": len({r[11] for r in flat}),
            "maps": compliance_maps(db) if any(r[5] == "phasefield" for r in flat) else []}


def compliance_maps(db: str | Path) -> list[dict[str, Any]]:
    """One figure per option set of the stored phase-field points (union of their E, H grid)."""
    import json

    from sselab.batch.phasefield import (
        map_figure,
        map_from_points,
        place_literature,
        stored_points,
    )
    from sselab.plot.svg import to_svg

    out = []
    for i, (oj, pts) in enumerate(sorted(stored_points(db).items())):
        E = sorted({e for e, _ in pts})
        H = sorted({h for _, h in pts})
        E_GPa, H_GPa = [e / 1e9 for e in E], [h / 1e9 for h in H]
        if len(E) < 2 or len(H) < 2:
            continue
        onset, _frac, keeps = map_from_points(pts, E_GPa, H_GPa)
        lit = place_literature(E_GPa, H_GPa, onset, keeps)
        fig, alt = map_figure(E_GPa, H_GPa, onset, keeps, lit)
        o = json.loads(oj)
        out.append({"id": f"compliance-map-{i}", "svg": to_svg(fig), "alt": alt,
                    "title": f"Phase-field compliance map (mesh {o['mesh_size_um']:g} µm, "
                             f"{o['steps']} SoC steps)",
                    "n_points": len(pts), "n_grid": len(E) * len(H),
                    "electrolytes": [q for q in lit if q["inside_map"]]})
    return out


def conductivity_figure(sigma: list[tuple[Any, ...]]) -> tuple[str, str]:
    """SVG of σ (mS/cm) vs x, one series per (y, treatment), mean ± sd; and its alt text."""
    import numpy as np

    from sselab.plot.svg import new_figure, to_svg

    groups: dict[tuple[Any, Any], dict[float, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _sample, x, y, treat, v in sigma:
        groups[(y, treat or "")][float(x)].append(10.0 * float(v))
    fig, ax = new_figure(6.4, 4.0)
    alt = []
    for (y, treat), byx in sorted(groups.items(), key=lambda kv: (kv[0][0] is None, kv[0])):
        xs = sorted(byx)
        m = [float(np.mean(byx[x])) for x in xs]
        sd = [float(np.std(byx[x], ddof=1)) if len(byx[x]) > 1 else 0.0 for x in xs]
        label = (f"y = {y:g}" if y is not None else "y n/a") + (f", {treat}" if treat else "")
        ax.errorbar(xs, m, yerr=sd, marker="o", capsize=3, label=label)
        best = int(np.argmax(m))
        alt.append(f"{label}: {len(xs)} compositions, x {xs[0]:g}–{xs[-1]:g}, highest mean σ "
                   f"{m[best]:.3g} mS/cm at x = {xs[best]:g}")
    ax.set_xlabel("x (Li2O per formula, x Li2O·(1−y) ZrCl4·y AlCl3)")
    ax.set_ylabel("ionic conductivity σ / mS cm⁻¹")
    ax.set_title("Conductivity vs composition")
    ax.legend(fontsize=8)
    return to_svg(fig), "Conductivity versus composition x (mean ± sd per composition). " + \
        "; ".join(alt) + "."


def render_campaign(db: str | Path) -> str:
    """The campaign report page as a string."""
    import jinja2

    from sselab._version import __version__

    data = campaign_data(db)
    figure = None
    if data["sigma"]:
        svg, alt = conductivity_figure(data["sigma"])
        figure = {"id": "conductivity-composition", "svg": svg, "alt": alt,
                  "title": "Ionic conductivity vs composition"}
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader("sselab.batch", "templates"),
                                    jinja2.FileSystemLoader(str(SHARED_TEMPLATES))]),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = _fmt
    return env.get_template("campaign.html.j2").render(
        d=data, figure=figure, db=str(db), version=__version__,
        generated=datetime.now(UTC).isoformat(timespec="seconds"))


def write_campaign_report(db: str | Path, out_dir: str | Path) -> Path:
    """Write ``out_dir/report.html``; return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "report.html"
    path.write_text(render_campaign(db), encoding="utf-8")
    return path
