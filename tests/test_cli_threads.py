"""The command line asks BLAS for one thread unless the user chose a count."""

from __future__ import annotations

import os
import subprocess
import sys

from sselab.cli import BLAS_THREAD_VARIABLES, single_threaded_blas_by_default


def _clear(monkeypatch):
    for v in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(v, raising=False)


def test_default_is_one_thread_before_numpy(monkeypatch):
    _clear(monkeypatch)
    monkeypatch.delitem(sys.modules, "numpy", raising=False)
    assert single_threaded_blas_by_default() is True
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


def test_user_setting_wins(monkeypatch):
    _clear(monkeypatch)
    monkeypatch.delitem(sys.modules, "numpy", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert single_threaded_blas_by_default() is False
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_no_effect_once_numpy_is_loaded(monkeypatch):
    _clear(monkeypatch)
    import numpy  # noqa: F401

    assert single_threaded_blas_by_default() is False
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_process_sees_the_default():
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    code = ("import os, sys; from sselab.cli import main; sys.argv = ['sselab', '--version'];"
            "rc = main(); print(os.environ.get('OPENBLAS_NUM_THREADS'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "1"
