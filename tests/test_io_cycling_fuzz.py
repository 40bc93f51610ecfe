"""Fuzzed cycling files: truncated or mutated input gives ParseError or a valid table.

Never another exception and never a hang: each read runs under a 5 s alarm, and the whole
test stops after its time budget (about 10 s).  Seeds are fixed, so failures reproduce.
"""

from __future__ import annotations

import gzip
import random
import signal
import time
from pathlib import Path

import pytest

from sselab.cycling import CyclingTable
from sselab.errors import ParseError
from sselab.io.cycling import read_cycling

DATA = Path(__file__).parent / "data" / "cycling"
BUDGET_S = 10.0


def _head(name: str, n_lines: int) -> bytes:
    raw = (DATA / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return b"\n".join(raw.split(b"\n")[:n_lines]) + b"\n"


def _mpt() -> bytes:
    lines = ["EC-Lab ASCII FILE", "Nb header lines : 5", "", "Galvanostatic Cycling",
             "mode\tox/red\tNs\ttime/s\tfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\tEwe/V\tI/mA\t(Q-Qo)/mA.h"]
    t = q = 0.0
    for f in (1e5, 1e3, 10.0):
        lines.append(f"3\t0\t0\t{t}\t{f}\t10\t5\t3.0\t0\t0")
        t += 1
    for ns, i in ((1, 0.1), (2, 0.0), (3, -0.1)):
        for _ in range(8):
            t += 10
            q += i * 10 / 3600
            lines.append(f"{1 if i else 3}\t{int(i > 0)}\t{ns}\t{t}\t0\t0\t0\t{3 + q}\t{i}\t{q}")
    return ("\n".join(lines) + "\n").encode()


def _arbin_csv() -> bytes:
    rows = ["Data_Point,Test_Time(s),Step_Time(s),Cycle_Index,Step_Index,Current(A),Voltage(V),"
            "Charge_Capacity(Ah),Discharge_Capacity(Ah)"]
    qc = qd = 0.0
    for k in range(40):
        i = 1e-3 if (k // 10) % 2 else -1e-3
        qc += max(i, 0) * 10 / 3600
        qd += max(-i, 0) * 10 / 3600
        rows.append(f"{k + 1},{10.0 * k},{10.0 * (k % 10)},{k // 20 + 1},{(k // 10) % 2 + 1},"
                    f"{i},{3 + i * 100},{qc},{qd}")
    return ("\n".join(rows) + "\n").encode()


SEEDS: dict[str, tuple[str, bytes]] = {
    "maccor.010": ("maccor_txt", _head("PredictionDiagnostics_000109_tztest.010.gz", 60)),
    "land.csv": ("landt_csv", _head("SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv.gz", 60)),
    "neware.csv": ("neware_csv", _head("neware_uio.csv.gz", 60)),
    "ec.mpt": ("biologic_mpt", _mpt()),
    "arbin.csv": ("arbin_csv", _arbin_csv()),
    "mb.mpr": ("biologic_mpr", (DATA / "00_test_02_MB_C01.mpr").read_bytes()),
    "col27.mpr": ("biologic_mpr", (DATA / "col_27_issue_74.mpr").read_bytes()),
}


def mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    b = bytearray(data)
    if kind == 0 and b:  # truncate
        return bytes(b[: rng.randrange(len(b))])
    if kind == 1:  # flip bytes
        for _ in range(rng.randint(1, 6)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    lines = bytes(b).split(b"\n")
    if kind == 2 and len(lines) > 1:  # drop a line
        del lines[rng.randrange(len(lines))]
    elif kind == 3:  # duplicate a line
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])
    elif kind == 4:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 5:  # a digit becomes junk
        digits = [k for k, c in enumerate(b) if 48 <= c <= 57]
        if digits:
            b[rng.choice(digits)] = rng.choice(b"x-.,\t;e ")
        return bytes(b)
    else:  # insert random bytes
        k = rng.randrange(len(b) + 1)
        return bytes(b[:k]) + bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))) + \
            bytes(b[k:])
    return b"\n".join(lines)


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise _Hang()


@pytest.mark.slow
def test_fuzzed_files_give_parse_error_or_table(tmp_path):
    rng = random.Random(20260415)
    old = signal.signal(signal.SIGALRM, _alarm)
    counts = {"table": 0, "ParseError": 0}
    start = time.perf_counter()
    try:
        k = 0
        while time.perf_counter() - start < BUDGET_S:
            name, (fmt, seed) = rng.choice(sorted(SEEDS.items()))
            blob = mutate(seed, rng)
            p = tmp_path / f"f{k % 50}_{name}"
            p.write_bytes(blob)
            for f in (None, fmt):
                signal.setitimer(signal.ITIMER_REAL, 5.0)
                try:
                    out = read_cycling(p, format=f)
                    assert isinstance(out, CyclingTable)
                    counts["table"] += 1
                except ParseError:
                    counts["ParseError"] += 1
                except _Hang:
                    pytest.fail(f"reading a mutant of {name} (format={f}) took > 5 s; "
                                f"bytes kept in {p}")
                except Exception as exc:  # noqa: BLE001 - what the test is about
                    pytest.fail(f"{type(exc).__name__} from a mutant of {name} (format={f}): "
                                f"{exc}; bytes kept in {p}")
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            k += 1
    finally:
        signal.signal(signal.SIGALRM, old)
    assert counts["table"] > 50 and counts["ParseError"] > 50, counts
