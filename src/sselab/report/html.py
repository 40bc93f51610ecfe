"""Render a reproduce run as one self-contained HTML file (no network needed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sselab.reproduce.runner import Reproduction


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        if x == 0:
            return "0"
        if abs(x) >= 1e5 or abs(x) < 1e-3:
            return f"{x:.4g}"
        return f"{x:.6g}"
    return "" if x is None else str(x)


def render_html(rep: Reproduction, results: dict[str, Any]) -> str:
    """The report page as a string."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sselab.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = _fmt
    env.filters["pct"] = lambda x: "" if x is None else f"{100 * x:+.3f} %"
    tpl = env.get_template("report.html.j2")
    return tpl.render(rep=rep, res=results)


def write_report(rep: Reproduction, out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``results.json`` and ``report.html`` into ``out_dir``; return both paths."""
    from sselab.report.results import results_dict

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    res = results_dict(rep)
    jpath = out / "results.json"
    jpath.write_text(json.dumps(res, indent=2, ensure_ascii=False, allow_nan=False) + "\n",
                     encoding="utf-8")
    hpath = out / "report.html"
    hpath.write_text(render_html(rep, res), encoding="utf-8")
    return hpath, jpath
