"""Report writers: ``results.json`` and a self-contained HTML page (jinja2)."""

from __future__ import annotations

from sselab.report.html import render_html, write_report
from sselab.report.results import results_dict

__all__ = ["render_html", "results_dict", "write_report"]
