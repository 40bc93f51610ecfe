"""The reproduce and campaign reports in headless Chromium: no console errors, no network,
every section and figure present, claims table sorts and filters with the page's own script.

Chromium is driven with plain command-line switches (no driver, no websocket): a probe
script is injected into a copy of the page (an ``onerror`` hook in <head>, a check script
before </body>) that records errors, the resources the page loaded
(``performance.getEntriesByType('resource')``), the section/figure ids, and the effect of
clicking a claims-table header and typing into the filter; ``--dump-dom`` returns the DOM
with that JSON in it.  Name resolution is mapped to nothing (``--host-resolver-rules``), so
a page that tried the network would show failed resource entries.  A screenshot of each
page is written to the pytest tmp dir.  Skipped when no Chromium is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sselab.cli import main

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI "
                                "installs the Debian package 'chromium' in .ci/run)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=3000"]

HEAD_PROBE = """<script>window.__errs=[];window.addEventListener('error',function(e){
window.__errs.push(String(e.message||e));});</script>"""

BODY_PROBE = """<script>(function(){
var out={errors:window.__errs,ids:[],figures:[],resources:[]};
document.querySelectorAll('[id]').forEach(function(e){out.ids.push(e.id);});
document.querySelectorAll('figure').forEach(function(f){out.figures.push({id:f.id,
  alt:f.getAttribute('aria-label')||'',svg:!!f.querySelector('svg')});});
performance.getEntriesByType('resource').forEach(function(r){out.resources.push(r.name);});
var t=document.getElementById('claims-table');
if(t){var col=function(){return Array.prototype.map.call(t.tBodies[0].rows,
  function(r){return r.cells[0].textContent.trim();});};
 var before=col(); t.tHead.rows[0].cells[0].click(); var asc=col();
 t.tHead.rows[0].cells[0].click(); var desc=col();
 var f=document.getElementById('claim-filter'); f.value='cost.';
 f.dispatchEvent(new Event('input'));
 var vis=Array.prototype.filter.call(t.tBodies[0].rows,function(r){return r.style.display!=='none';});
 out.sort={n:before.length,asc:asc,desc:desc,sorted_asc:asc.slice().sort(function(a,b){
   return a.localeCompare(b);})};
 out.filter={visible:vis.length,all_match:vis.every(function(r){
   return r.textContent.toLowerCase().indexOf('cost.')>=0;})};}
var pre=document.createElement('pre');pre.id='probe-result';
pre.textContent=JSON.stringify(out);document.body.appendChild(pre);})();</script>"""


def _probe(html: Path, tmp: Path, name: str) -> tuple[dict, str, Path]:
    text = html.read_text(encoding="utf-8")
    text = text.replace("</head>", HEAD_PROBE + "</head>", 1).replace(
        "</body>", BODY_PROBE + "</body>", 1)
    probed = tmp / f"{name}.probed.html"
    probed.write_text(text, encoding="utf-8")
    run = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", probed.as_uri()],
                         capture_output=True, text=True, timeout=30)
    m = re.search(r'<pre id="probe-result">(.*?)</pre>', run.stdout, re.S)
    assert m, f"probe did not run; chromium stderr:\n{run.stderr[-2000:]}"
    import html as _html

    data = json.loads(_html.unescape(m.group(1)))
    shot = tmp / f"{name}.png"
    subprocess.run([CHROMIUM, *FLAGS, "--hide-scrollbars", "--window-size=1280,2400",
                    f"--screenshot={shot}", html.as_uri()], capture_output=True, text=True,
                   timeout=30)
    return data, run.stderr, shot


def _console_errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines()
            if "CONSOLE" in ln and ("Uncaught" in ln or ":ERROR:" in ln or "Error" in ln)]


def _check_common(data: dict, stderr: str, shot: Path) -> None:
    assert data["errors"] == [], data["errors"]
    assert _console_errors(stderr) == []
    assert data["resources"] == [], f"the page loaded resources: {data['resources']}"
    assert shot.is_file() and shot.stat().st_size > 10_000
    for f in data["figures"]:
        assert f["svg"] and len(f["alt"]) > 20, f


def test_reproduce_report_in_chromium(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    assert main(["reproduce", "--only", "chem", "cost", "--quiet", "--out", str(out)]) == 0
    data, stderr, shot = _probe(out / "report.html", tmp_path, "reproduce")
    _check_common(data, stderr, shot)
    res = json.loads((out / "results.json").read_text())
    ids = set(data["ids"])
    assert {"summary", "claims", "claims-table", "claim-filter", "parameters",
            "citations"} <= ids
    for s in res["sections"]:
        assert f"sec-{s['id']}" in ids
        for f in s["figures"]:
            assert f"fig-{f['id']}" in ids
    assert len(data["figures"]) == sum(len(s["figures"]) for s in res["sections"]) >= 3
    srt = data["sort"]
    assert srt["n"] == len(res["claims"])
    assert srt["asc"] == srt["sorted_asc"] and srt["desc"] == srt["asc"][::-1]
    n_cost = sum(c["id"].startswith("cost.") for c in res["claims"])
    assert data["filter"]["all_match"] and data["filter"]["visible"] == n_cost > 0
    print(f"screenshot: {shot}")


def test_campaign_report_in_chromium(tmp_path: Path) -> None:
    from sselab.batch.synthetic import write_eis_campaign

    plan = write_eis_campaign(tmp_path / "camp", 10, n_points=25)
    db = tmp_path / "r.sqlite"
    assert main(["batch", str(plan), "--db", str(db)]) == 0
    assert main(["db", "report", "--db", str(db), "--out", str(tmp_path / "crep")]) == 0
    data, stderr, shot = _probe(tmp_path / "crep" / "report.html", tmp_path, "campaign")
    _check_common(data, stderr, shot)
    ids = set(data["ids"])
    assert {"summary", "series", "composition", "fig-conductivity-composition", "errors",
            "runs", "series-filter"} <= ids
    assert sum(i.startswith("table-series-") for i in ids) == 5
    assert [f["id"] for f in data["figures"]] == ["fig-conductivity-composition"]
    print(f"screenshot: {shot}")
