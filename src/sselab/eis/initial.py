"""Automatic starting values for circuit fits, read off the spectrum.

Two levels:

* :func:`blocking_electrode_guess` for the pellet-between-blocking-electrodes
  circuit ``R0-p(R1,CPE1)-CPE2`` (bulk/grain-boundary arc plus electrode spike):

  - the low-frequency spike gives the electrode CPE: −Im Z = sin(α₂π/2)/(Q₂ω^α₂),
    so α₂ = −d ln(−Im Z)/d ln ω over the lowest-frequency points and Q₂ follows;
  - after subtracting the spike, the high-frequency intercept gives R0, the
    real part where the arc meets the spike gives R0 + R1, and the apex
    frequency ω* of −Im Z gives τ₁ = 1/ω*, Q₁ = τ₁^α₁/R₁ (α₁ = 0.9);
  - if no apex lies inside the window (fast conductors: arc above the highest
    frequency) the high-frequency real part is split 90/10 between R0 and R1 and
    the apex is placed one decade above the highest frequency.

* :func:`initial_guess` for any circuit: the blocking-electrode rule when the
  circuit has that shape, otherwise scale-based values per element (series R
  from the high-frequency intercept, parallel blocks spread over the frequency
  window high → low in the order written, series C/CPE from the spike, ...).

The guesses are starting points, not results: they only need to lie in the
basin of the right minimum.
"""

from __future__ import annotations

import numpy as np

from sselab.eis.circuits import Circuit, Element, Parallel, Series, parse_circuit
from sselab.eis.spectrum import Spectrum
from sselab.errors import InputError

DEFAULT_ALPHA_BULK = 0.9
DEFAULT_ALPHA_ELECTRODE = 0.85


def _sorted_data(spectrum: Spectrum) -> tuple[np.ndarray, np.ndarray]:
    if len(spectrum) < 3:
        raise InputError("need at least 3 points to guess initial values")
    s = spectrum.sorted(descending=True)
    return s.omega_rad_per_s, s.impedance_ohm


def _spike(omega: np.ndarray, z: np.ndarray) -> tuple[float, float, bool]:
    """(Q, α, found) of a low-frequency capacitive spike from the lowest-frequency points."""
    n = max(4, omega.size // 6)
    w, zi = omega[-n:], -z.imag[-n:]
    ok = zi > 0
    if ok.sum() >= 3:
        slope = np.polyfit(np.log(w[ok]), np.log(zi[ok]), 1)[0]
        alpha = float(np.clip(-slope, 0.3, 1.0))
        found = -slope > 0.3
    else:
        alpha, found = DEFAULT_ALPHA_ELECTRODE, False
    zi_ref = zi[ok] if ok.any() else np.abs(z[-n:])
    w_ref = w[ok] if ok.any() else w
    q = float(np.median(np.sin(alpha * np.pi / 2) / (w_ref**alpha * np.maximum(zi_ref, 1e-300))))
    return q, alpha, bool(found)


def _noise(y: np.ndarray) -> float:
    """Robust noise level of a smooth curve sampled densely: MAD of second differences."""
    if y.size < 5:
        return 0.0
    d2 = y[2:] - 2.0 * y[1:-1] + y[:-2]
    return float(1.4826 * np.median(np.abs(d2 - np.median(d2))) / np.sqrt(6.0))


def _arcs(omega: np.ndarray, z: np.ndarray) -> list[tuple[float, int, int]]:
    """Arcs in −Im Z, high frequency first: (ω_apex, start index, end index).

    An apex is a local maximum of −Im Z standing out of the noise (prominence
    > 4 σ and > 3 % of |Z| there); an arc ends at the lowest −Im Z before the
    next accepted apex (the valley), or at the last point.
    """
    mim = -z.imag
    n = omega.size
    sigma = _noise(mim)
    found: list[tuple[float, int, int]] = []
    start = 0
    k = 1
    while k < n - 1:
        if mim[k] >= mim[k - 1] and mim[k] >= mim[k + 1] and mim[k] > 0:
            # valley: lowest point after k before -Im rises above this apex again
            higher = np.nonzero(mim[k + 1:] > mim[k])[0]
            stop = k + 1 + int(higher[0]) if higher.size else n
            j = k + int(np.argmin(mim[k:stop]))
            left = float(np.min(mim[start:k])) if k > start else float(mim[k])
            prominence = mim[k] - max(float(mim[j]), left)
            if j > k and prominence > 4.0 * sigma and prominence > 0.03 * abs(z[k]):
                found.append((float(omega[k]), start, j))
                start, k = j, j + 1
                continue
        k += 1
    return found


def _arc(omega: np.ndarray, z: np.ndarray) -> tuple[float, float, float | None, int]:
    """(R_hf, R_lf, ω_apex or None, index where the first arc ends)."""
    top = max(1, min(3, omega.size // 10))
    r_hf = float(np.median(z.real[:top]))
    arcs = _arcs(omega, z)
    if not arcs:
        return r_hf, r_hf, None, 0
    w, _, end = arcs[0]
    return r_hf, float(z.real[end]), w, end


def blocking_electrode_guess(spectrum: Spectrum) -> dict[str, float]:
    """Starting values for ``R0-p(R1,CPE1)-CPE2`` (names as in that string).

    Returns
    -------
    dict
        ``R0``, ``R1`` (Ω), ``CPE1_0`` (F s^(α−1)), ``CPE1_1``, ``CPE2_0``, ``CPE2_1``.
    """
    omega, z = _sorted_data(spectrum)
    r_hf, r_lf, w_apex, end = _arc(omega, z)
    q2, a2, found = _spike(omega[end:], z[end:])
    if found:
        r_hf -= float(np.median((1.0 / (q2 * (1j * omega[:3]) ** a2)).real))
    scale = float(np.median(np.abs(z)))
    if w_apex is None:
        r_tot = max(r_hf, 1e-6 * scale)
        r0, r1 = 0.9 * r_tot, 0.1 * r_tot
        tau1 = 0.1 / omega[0]
    else:
        r0 = max(r_hf, 1e-3 * scale)
        r1 = max(r_lf - r_hf, 1e-3 * scale)
        tau1 = 1.0 / w_apex
    a1 = DEFAULT_ALPHA_BULK
    return {"R0": r0, "R1": r1, "CPE1_0": tau1**a1 / r1, "CPE1_1": a1,
            "CPE2_0": q2, "CPE2_1": a2}


def blocking_electrode_roles(circuit: Circuit) -> dict[str, str] | None:
    """Names playing R0, R1, CPE1, CPE2 if ``circuit`` has the shape R-p(R,CPE)-CPE, else None."""
    root = circuit.root
    if not isinstance(root, Series) or len(root.children) != 3:
        return None
    series_r = [c for c in root.children if isinstance(c, Element) and c.kind.symbol == "R"]
    spikes = [c for c in root.children if isinstance(c, Element) and c.kind.symbol == "CPE"]
    blocks = [c for c in root.children if isinstance(c, Parallel)]
    if len(series_r) != 1 or len(spikes) != 1 or len(blocks) != 1:
        return None
    kids = blocks[0].children
    if len(kids) != 2 or not all(isinstance(c, Element) for c in kids):
        return None
    rs = [c for c in kids if c.kind.symbol == "R"]
    qs = [c for c in kids if c.kind.symbol == "CPE"]
    if len(rs) != 1 or len(qs) != 1:
        return None
    return {"R0": series_r[0].name, "R1": rs[0].name, "CPE1": qs[0].name, "CPE2": spikes[0].name}


def initial_guess(spectrum: Spectrum, circuit: str | Circuit) -> dict[str, float]:
    """Starting values for every parameter of ``circuit`` from the shape of ``spectrum``.

    Returns
    -------
    dict
        Parameter name → value (SI units).
    """
    model = parse_circuit(circuit)
    roles = blocking_electrode_roles(model)
    if roles is not None:
        g = blocking_electrode_guess(spectrum)
        out = {roles["R0"]: g["R0"], roles["R1"]: g["R1"]}
        for role in ("CPE1", "CPE2"):
            out[f"{roles[role]}_0"] = g[f"{role}_0"]
            out[f"{roles[role]}_1"] = g[f"{role}_1"]
        return out
    return _generic_guess(spectrum, model)


def _generic_guess(spectrum: Spectrum, model: Circuit) -> dict[str, float]:
    omega, z = _sorted_data(spectrum)
    scale = float(np.median(np.abs(z)))
    top_n = max(1, min(3, omega.size // 10))
    r_hf = max(float(np.median(z.real[:top_n])), 1e-3 * scale)
    w_max, w_min = float(omega[0]), float(omega[-1])
    arcs = _arcs(omega, z)
    end = arcs[-1][2] if arcs else 0
    q_lf, a_lf, found = _spike(omega[end:], z[end:])
    r_lf_span = max(float(np.max(z.real[end:])) - float(z.real[end]), 0.05 * scale)

    root = model.root
    top = root.children if isinstance(root, Series) else (root,)
    blocks = [c for c in top if isinstance(c, Parallel)]
    n_series_r = sum(1 for c in top if isinstance(c, Element) and c.kind.symbol == "R") or 1
    # each parallel block takes an arc (high frequency first); the rest share what lies
    # below the last arc, spread evenly in log ω
    block_scales: list[tuple[float, float]] = []
    for i in range(len(blocks)):
        if i < len(arcs):
            w_a, a0, a1 = arcs[i]
            block_scales.append((max(float(z.real[a1] - z.real[a0]), 1e-3 * scale), w_a))
    rest = len(blocks) - len(block_scales)
    if rest:
        w_hi = float(omega[end]) if arcs else w_max
        ws = np.geomspace(w_hi, w_min, rest + 2)[1:-1]
        block_scales += [(r_lf_span / rest, float(w)) for w in ws]
    inductive = z.imag[0] > 0
    out: dict[str, float] = {}

    def element_values(e: Element, r_scale: float, w_c: float, in_block: bool) -> list[float]:
        s = e.kind.symbol
        tau = 1.0 / w_c
        if s == "R":
            return [r_scale if in_block else r_hf / n_series_r]
        if s == "C":
            return [tau / r_scale if in_block else (q_lf if found else 1.0 / (w_min * scale))]
        if s == "CPE":
            if not in_block:
                return [q_lf, a_lf]
            return [tau**DEFAULT_ALPHA_BULK / r_scale, DEFAULT_ALPHA_BULK]
        if s == "L":
            return [z.imag[0] / w_max if inductive else 1e-3 * r_hf / w_max]
        if s == "La":
            return [z.imag[0] / w_max if inductive else 1e-3 * r_hf / w_max, 1.0]
        if s == "W":
            return [r_scale * np.sqrt(w_c)]
        if s in ("Wo", "Ws"):
            return [r_scale, 1.0 / w_min]
        return [r_scale, tau]  # G, K: (R, tau)

    def visit(node, r_scale: float, w_c: float, in_block: bool) -> None:
        if isinstance(node, Element):
            vals = element_values(node, r_scale, w_c, in_block)
            for n, v in zip(node.parameter_names, vals, strict=True):
                out[n] = float(v)
            return
        if isinstance(node, Parallel):
            n_r = sum(1 for e in node.elements if e.kind.symbol in ("R", "Wo", "Ws", "G", "K"))
            for c in node.children:
                visit(c, r_scale / max(1, n_r), w_c, True)
        else:
            for c in node.children:
                visit(c, r_scale, w_c, in_block)

    b = 0
    for c in top:
        if isinstance(c, Parallel):
            r_b, w_b = block_scales[b]
            visit(c, r_b, w_b, True)
            b += 1
        else:
            visit(c, r_lf_span, w_min, False)
    return {n: out[n] for n in model.parameter_names}
