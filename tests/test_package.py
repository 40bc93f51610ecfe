"""Package-level promises: light import, version, CLI basics."""

from __future__ import annotations

import subprocess
import sys

import sselab
from sselab.cli import main


def test_import_is_light():
    code = (
        "import sys, sselab; "
        "heavy = [m for m in ('numpy', 'scipy', 'matplotlib', 'pandas', 'skfem', 'jinja2', 'rich') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version():
    assert sselab.__version__.count(".") == 2


def test_cli_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert sselab.__version__ in capsys.readouterr().out
    assert main([]) == 0
    assert "reproduce" in capsys.readouterr().out


def test_cli_unknown_command_is_one_line(capsys):
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("sselab: error:")
