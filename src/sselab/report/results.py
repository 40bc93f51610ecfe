"""The ``results.json`` document of a reproduce run."""

from __future__ import annotations

from typing import Any

from sselab._version import __version__
from sselab.citations import citation
from sselab.errors import DataError
from sselab.reproduce.runner import Reproduction


def _param_file(ps: Any) -> dict[str, Any]:
    return {"id": ps.id, "origin": ps.origin, "sha256": ps.sha256}


def _cite(key: str) -> dict[str, str]:
    try:
        return {"key": key, **citation(key)}
    except DataError:
        return {"key": key, "text": key}


def results_dict(rep: Reproduction) -> dict[str, Any]:
    """Build the JSON document: claims with provenance, sections, environment."""
    claims = []
    sections = []
    for s in rep.sections:
        prov = {
            "section": s.id,
            "sselab_version": __version__,
            "inputs": [i.as_dict() for i in s.inputs],
            "parameter_files": [_param_file(p) for p in s.parameter_sets],
            "citations": list(s.citations),
        }
        for c in s.claims:
            claims.append({**c.as_dict(), "provenance": prov})
        sections.append(
            {
                "id": s.id,
                "title": s.title,
                "summary": s.summary,
                "seconds": round(s.seconds, 3),
                "error": s.error,
                "claims": [c.id for c in s.claims],
                "tables": [t.as_dict() for t in s.tables],
                "figures": [{"id": f.id, "title": f.title, "alt": f.alt} for f in s.figures],
                "inputs": [i.as_dict() for i in s.inputs],
                "parameter_files": [_param_file(p) for p in s.parameter_sets],
                "citations": list(s.citations),
                "notes": [n for n in s.notes if not s.error],
            }
        )
    keys = sorted({k for s in rep.sections for k in s.citations})
    n_pass = sum(c["status"] == "pass" for c in claims)
    return {
        "sselab_version": __version__,
        "started_utc": rep.started_utc,
        "seconds": round(rep.seconds, 3),
        "seed": rep.seed,
        "summary": {
            "claims": len(claims),
            "passed": n_pass,
            "failed": len(claims) - n_pass,
            "sections_with_errors": [s.id for s in rep.sections if s.error],
        },
        "claims": claims,
        "not_reproduced": [{"section": s.id, **g} for s in rep.sections for g in s.not_reproduced],
        "sections": sections,
        "citations": [_cite(k) for k in keys],
        "environment": rep.environment,
    }
