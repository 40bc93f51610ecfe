"""Synthetic galvanostatic cycling records (labelled synthetic): tests, benchmarks, examples.

:func:`synthetic_cycling` builds a canonical :class:`~sselab.cycling.CyclingTable` of a
CC-charge / rest / CC-discharge / rest protocol from per-cycle capacities and currents,
fully vectorised (10 million rows in about a second).  The voltage of a half-cycle is a
fixed shape in the state u = q/Q ∈ [0, 1] of that half-cycle, built from the capacity–
potential relation

    Q(E)/Q_tot ∝ Σ_k w_k Φ((E − E_k)/σ_k) + w_lin (E − E₀)/(E₁ − E₀),

(Φ the normal CDF), i.e. dQ/dV peaks at E_k with widths σ_k on top of a flat background
— so the differential-capacity tests know where the peaks must be.  Potentials are vs
Li/Li⁺; the cell voltage is E − (anode offset).  After each half-cycle the current is
switched off: the voltage jumps by I·R and relaxes exponentially.

:func:`fig6d_history` shapes a 100-cycle history on the paper's high-loading scNCM92 cell
(Fig. 6b,d: 168.9 mAh g⁻¹ = 4.35 mAh cm⁻², CE 85.06 %, 3.92 mAh cm⁻² = 90.11 % after
100 cycles at 20 mA g⁻¹), and :func:`neware_csv_text` writes a table in the Neware
BTSDA CSV export layout.  ``python -m sselab.cycling.synthetic`` regenerates the
embedded file ``sselab/data/cycling/synthetic_ncm92_fig6d.csv.gz`` byte for byte.

Nothing here is measured data: every record made here says so in its metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from sselab.cycling.steps import STEP_CODE
from sselab.cycling.table import CyclingMetadata, CyclingTable
from sselab.errors import InputError

EMBEDDED_NAME = "cycling/synthetic_ncm92_fig6d.csv.gz"


@dataclass(frozen=True)
class ProfileShape:
    """Shape of one half-cycle: potential (vs Li/Li⁺) as a function of u = q/Q.

    Attributes
    ----------
    start_V, end_V : float
        Potential at u = 0 and u = 1 (vs Li/Li⁺), V; the end is the cut-off.
    peaks_V, widths_V, weights : tuple of float
        dQ/dV peaks (centres, σ, weights) of the capacity–potential relation.
    background : float
        Weight of the flat (linear) part.
    """

    start_V: float
    end_V: float
    peaks_V: tuple[float, ...] = ()
    widths_V: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()
    background: float = 1.0
    _table: tuple[np.ndarray, np.ndarray] = field(default=None, repr=False,  # type: ignore
                                                  compare=False)

    def __post_init__(self) -> None:
        from scipy.special import ndtr

        if not (len(self.peaks_V) == len(self.widths_V) == len(self.weights)):
            raise InputError("peaks_V, widths_V and weights must have the same length")
        if self.start_V == self.end_V:
            raise InputError("a half-cycle profile needs start_V != end_V")
        e = np.linspace(self.start_V, self.end_V, 4001)
        lo, hi = min(self.start_V, self.end_V), max(self.start_V, self.end_V)
        g = self.background * (e - lo) / (hi - lo)
        for c, w, a in zip(self.peaks_V, self.widths_V, self.weights, strict=True):
            g = g + a * ndtr((e - c) / w)
        u = (g - g[0]) / (g[-1] - g[0])
        object.__setattr__(self, "_table", (u, e))

    def potential(self, u: np.ndarray) -> np.ndarray:
        """E(u) vs Li/Li⁺, V (u clipped to [0, 1])."""
        uu, ee = self._table
        return np.interp(np.clip(u, 0.0, 1.0), uu, ee)


#: scNCM92 vs Li/Li⁺ (synthetic shape): H1→M, M→H2 and H2→H3 features on charge.
NCM92_CHARGE = ProfileShape(3.60, 4.30, (3.72, 3.98, 4.18), (0.035, 0.04, 0.025),
                            (0.45, 0.25, 0.30), 0.5)
#: the matching discharge, shifted down by the hysteresis, to the lower cut-off.
NCM92_DISCHARGE = ProfileShape(4.22, 2.90, (4.13, 3.94, 3.68), (0.025, 0.04, 0.04),
                               (0.30, 0.25, 0.50), 0.35)


def _segments_rows(durations: np.ndarray, counts: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-row segment id and time within the segment (last row exactly at the end)."""
    n = int(counts.sum())
    seg = np.repeat(np.arange(counts.size), counts)
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    j = np.arange(n) - np.repeat(first, counts)
    denom = np.maximum(counts - 1, 1)
    tau = durations[seg] * (j / denom[seg])
    return seg, j, tau


def synthetic_cycling(charge_Ah: np.ndarray, discharge_Ah: np.ndarray,
                      charge_current_A: np.ndarray | float, discharge_current_A: np.ndarray | float,
                      *, points_per_half_cycle: int | None = 50,
                      record_interval_s: float | None = None, rest_s: float = 600.0,
                      rest_points: int = 3, initial_rest_s: float = 3600.0,
                      charge_shape: ProfileShape = NCM92_CHARGE,
                      discharge_shape: ProfileShape = NCM92_DISCHARGE,
                      anode_offset_V: float = 0.62, resistance_ohm: float = 40.0,
                      relaxation_V: float = 0.02, relaxation_time_s: float = 120.0,
                      noise_V: float = 0.0, rng: np.random.Generator | None = None,
                      active_mass_kg: float | None = None, area_m2: float | None = None,
                      nominal_capacity_Ah: float | None = None,
                      short_cycles: tuple[int, ...] = ()) -> CyclingTable:
    """A synthetic CC cycling record (charge first) as a canonical table.

    Parameters
    ----------
    charge_Ah, discharge_Ah : ndarray, shape (n_cycles,)
        Capacities put in, Ah (> 0).
    charge_current_A, discharge_current_A : float or ndarray
        |I| per cycle, A.
    points_per_half_cycle : int, optional
        Rows per half-cycle (ignored when ``record_interval_s`` is given).
    record_interval_s : float, optional
        Log every this many seconds instead (plus the row at the cut-off).
    rest_s, rest_points, initial_rest_s : float, int, float
        Rest after each half-cycle and the open-circuit rest before the first charge.
    charge_shape, discharge_shape : ProfileShape
        Potential vs Li/Li⁺ along each half-cycle.
    anode_offset_V : float
        Counter-electrode potential vs Li/Li⁺ (cell V = E − offset).
    resistance_ohm, relaxation_V, relaxation_time_s : float
        Ohmic drop at the current interruption, then an exponential relaxation.
    noise_V : float
        Gaussian voltage noise (σ, V) added to current-carrying rows.
    short_cycles : tuple of int
        Cycles given a soft-short signature: 15 voltage drops of 20 mV spread over the
        charge (the charge capacity put in is used as is: make it long, CE low).
    """
    qc = np.asarray(charge_Ah, dtype=float)
    qd = np.asarray(discharge_Ah, dtype=float)
    n = qc.size
    if qd.size != n or n == 0 or np.any(qc <= 0) or np.any(qd <= 0):
        raise InputError("charge_Ah and discharge_Ah need the same, non-zero length and "
                         "positive values")
    ic = np.broadcast_to(np.asarray(charge_current_A, dtype=float), (n,)).copy()
    idc = np.broadcast_to(np.asarray(discharge_current_A, dtype=float), (n,)).copy()
    if np.any(ic <= 0) or np.any(idc <= 0):
        raise InputError("currents must be > 0 (magnitudes)")
    t_ch = qc / ic * 3600.0
    t_dis = qd / idc * 3600.0
    # segment table: initial rest, then (charge, rest, discharge, rest) per cycle
    kind = np.concatenate(([0], np.tile([1, 0, -1, 0], n)))
    cyc = np.concatenate(([1], np.repeat(np.arange(1, n + 1), 4)))
    vstep = np.concatenate(([1], np.tile([2, 3, 4, 5], n)))
    dur = np.concatenate(([initial_rest_s],
                          np.column_stack([t_ch, np.full(n, rest_s), t_dis,
                                           np.full(n, rest_s)]).ravel()))
    cur = np.concatenate(([0.0], np.column_stack([ic, np.zeros(n), -idc,
                                                  np.zeros(n)]).ravel()))
    if record_interval_s is not None:
        if record_interval_s <= 0:
            raise InputError("record_interval_s must be > 0")
        cnt_active = np.ceil(dur / record_interval_s).astype(np.int64) + 1
    else:
        if points_per_half_cycle is None or points_per_half_cycle < 2:
            raise InputError("points_per_half_cycle must be ≥ 2")
        cnt_active = np.full(dur.size, points_per_half_cycle, dtype=np.int64)
    counts = np.where(kind == 0, max(int(rest_points), 2), cnt_active)
    seg, j, tau = _segments_rows(dur, counts)
    if record_interval_s is not None:
        # rows every record_interval_s, the last one at the cut-off
        last = j == counts[seg] - 1
        tau = np.where((kind[seg] != 0) & ~last, j * record_interval_s, tau)
    seg_start = np.concatenate(([0.0], np.cumsum(dur)[:-1]))
    time_s = seg_start[seg] + tau
    k = kind[seg]
    i_row = cur[seg]
    u = np.where(dur[seg] > 0, tau / dur[seg], 0.0)
    v = np.empty(time_s.size)
    ch, dis, rest = k == 1, k == -1, k == 0
    v[ch] = charge_shape.potential(u[ch]) - anode_offset_V
    v[dis] = discharge_shape.potential(u[dis]) - anode_offset_V
    # rests: after a charge the voltage falls by I·R and relaxes; after a discharge it rises
    prev = np.maximum(seg - 1, 0)
    prev_kind = kind[prev]
    v_end_prev = np.where(prev_kind[rest] > 0, charge_shape.end_V, discharge_shape.end_V) \
        - anode_offset_V
    i_prev = np.abs(cur[prev][rest])
    sgn = prev_kind[rest].astype(float)
    relax = 1.0 - np.exp(-tau[rest] / relaxation_time_s)
    v[rest] = v_end_prev - sgn * (i_prev * resistance_ohm + relaxation_V * relax)
    first_rest = rest & (seg == 0)
    v[first_rest] = charge_shape.start_V - anode_offset_V - 0.1
    if noise_V > 0:
        g = rng if rng is not None else np.random.default_rng(0)
        active = ~rest
        v[active] += g.normal(0.0, noise_V, int(active.sum()))
    if short_cycles:
        sc = np.isin(cyc[seg], np.asarray(short_cycles)) & ch
        # 15 sawtooth drops of 20 mV over the charge
        v[sc] -= 0.02 * ((u[sc] * 15.0) % 1.0 < 0.5)
    q = i_row * tau / 3600.0
    # per-step energy (trapezoid of V·I within the step)
    p = v * i_row
    de = np.zeros(time_s.size)
    de[1:] = 0.5 * (p[1:] + p[:-1]) * np.diff(time_s) / 3600.0
    de[j == 0] = 0.0
    ce = np.cumsum(de)
    base = ce[np.concatenate(([0], np.cumsum(counts)[:-1]))]
    energy = ce - np.repeat(base, counts)
    step_type = np.where(k == 0, STEP_CODE["rest"], STEP_CODE["CC"]).astype(np.int8)
    meta = CyclingMetadata(active_mass_kg=active_mass_kg, area_m2=area_m2,
                           reference_offset_V=anode_offset_V,
                           nominal_capacity_Ah=nominal_capacity_Ah, instrument="synthetic",
                           vendor={"synthetic": True,
                                   "generator": "sselab.cycling.synthetic.synthetic_cycling"})
    cols = {"time_s": time_s, "voltage_V": v, "current_A": i_row, "capacity_Ah": q,
            "step_index": (seg + 1).astype(np.int32), "step_type": step_type,
            "vendor_cycle": cyc[seg].astype(np.int32),
            "vendor_step": vstep[seg].astype(np.int32), "energy_Wh": energy}
    return _freeze_and_build(cols, meta)


def _freeze_and_build(cols: dict[str, np.ndarray], meta: CyclingMetadata) -> CyclingTable:
    for a in cols.values():  # fresh arrays owned here: the table need not copy them
        a.setflags(write=False)
    return CyclingTable.from_columns(cols, meta, notes=("synthetic record (sselab generator)",),
                                     cycle_policy="charge")


def tile_record(table: CyclingTable, times: int) -> CyclingTable:
    """``table`` repeated ``times`` times end to end (time, steps and cycles run on).

    Builds long synthetic records (the 10-million-row benchmark) without re-running the
    generator: one array pass per column.
    """
    if times < 1:
        raise InputError("times must be ≥ 1")
    c = table.columns
    n = len(table)
    k = np.repeat(np.arange(times), n)
    span = float(c["time_s"][-1] - c["time_s"][0]) + float(np.median(np.diff(c["time_s"][:100])))
    cols: dict[str, np.ndarray] = {}
    cols["time_s"] = np.tile(c["time_s"], times) + k * span
    for name in ("voltage_V", "current_A", "capacity_Ah", "step_type", "vendor_step",
                 "energy_Wh"):
        if name in c:
            cols[name] = np.tile(c[name], times)
    cols["step_index"] = (np.tile(c["step_index"], times)
                          + (k * int(c["step_index"][-1])).astype(np.int32))
    if "vendor_cycle" in c:
        cols["vendor_cycle"] = (np.tile(c["vendor_cycle"], times)
                                + (k * int(c["vendor_cycle"][-1])).astype(np.int32))
    del k
    return _freeze_and_build(cols, table.metadata)


# --------------------------------------------------------------------------- Fig. 6d history
@dataclass(frozen=True)
class Fig6dInputs:
    """What :func:`fig6d_history` puts in (all from ``cycling/hu2026_cells.toml``)."""

    loading_mg_per_cm2: float
    area_cm2: float
    mass_mg: float
    specific_current_mA_per_g: float
    initial_discharge_mAh_per_g: float
    initial_ce: float
    retention_100: float
    n_cycles: int
    noise_mAh_per_g: float
    seed: int
    charge_cutoff_vs_li_V: float
    discharge_cutoff_vs_li_V: float
    resistance_ohm: float
    record_interval_s: float
    rest_s: float


def fig6d_inputs() -> Fig6dInputs:
    """The paper's Fig. 6b,d numbers and the generator's assumed settings."""
    from sselab.parameters import load_parameter_set

    p = load_parameter_set("cycling/hu2026_cells")
    d_mm = float(p.value("mold.diameter"))
    area = np.pi * (d_mm / 20.0) ** 2
    loading = float(p.value("ncm92_high.loading"))
    return Fig6dInputs(
        loading_mg_per_cm2=loading, area_cm2=float(area), mass_mg=float(loading * area),
        specific_current_mA_per_g=float(p.value("ncm92_high.specific_current")),
        initial_discharge_mAh_per_g=float(p.value("ncm92_high.initial_discharge")),
        initial_ce=float(p.value("ncm92_high.initial_ce")) / 100.0,
        retention_100=float(p.value("ncm92_high.retention_100")) / 100.0,
        n_cycles=int(p.value("synthetic.cycles")),
        noise_mAh_per_g=float(p.value("synthetic.capacity_noise")),
        seed=int(p.value("synthetic.seed")),
        charge_cutoff_vs_li_V=float(p.value("synthetic.charge_cutoff_vs_li")),
        discharge_cutoff_vs_li_V=float(p.value("synthetic.discharge_cutoff_vs_li")),
        resistance_ohm=float(p.value("synthetic.resistance")),
        record_interval_s=float(p.value("synthetic.record_interval")),
        rest_s=float(p.value("synthetic.rest")))


def fig6d_history(inp: Fig6dInputs | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(charge, discharge) specific capacities per cycle, mAh g⁻¹, shaped on Fig. 6d.

    Discharge: Q₁ = 168.9 at cycle 1, a 1 % rise over the first cycles (activation),
    then a slightly accelerating fade to exactly R₁₀₀ × Q₁ at cycle 100; seeded scatter,
    zero at cycles 1 and 100.  CE: 85.06 % at cycle 1, then 97.5 % rising to 99.8 %.
    """
    inp = inp or fig6d_inputs()
    n = inp.n_cycles
    x = np.arange(n, dtype=float)  # cycle − 1
    rise = 0.01 * (1.0 - np.exp(-x / 2.0))
    shape = x / (n - 1.0)
    fade = shape ** 1.3
    # f(n) = 1 + rise − k·fade with f(last) = retention
    k = 1.0 + rise[-1] - inp.retention_100
    f = 1.0 + rise - k * fade
    rng = np.random.default_rng(inp.seed)
    noise = rng.normal(0.0, inp.noise_mAh_per_g, n)
    noise[0] = noise[-1] = 0.0
    dis = inp.initial_discharge_mAh_per_g * f + noise
    ce = 0.998 - (0.998 - 0.975) * np.exp(-(x - 1.0) / 2.0)
    ce += rng.normal(0.0, 0.0005, n)
    ce[0] = inp.initial_ce
    ce = np.minimum(ce, 0.9995)
    return dis / ce, dis


def fig6d_table(inp: Fig6dInputs | None = None) -> CyclingTable:
    """The synthetic Fig. 6d record as a canonical table (before writing it out)."""
    inp = inp or fig6d_inputs()
    ch, dis = fig6d_history(inp)
    m_g = inp.mass_mg * 1e-3
    i_a = inp.specific_current_mA_per_g * m_g * 1e-3
    shape_c = ProfileShape(3.60, inp.charge_cutoff_vs_li_V, NCM92_CHARGE.peaks_V,
                           NCM92_CHARGE.widths_V, NCM92_CHARGE.weights, NCM92_CHARGE.background)
    shape_d = ProfileShape(4.22, inp.discharge_cutoff_vs_li_V, NCM92_DISCHARGE.peaks_V,
                           NCM92_DISCHARGE.widths_V, NCM92_DISCHARGE.weights,
                           NCM92_DISCHARGE.background)
    return synthetic_cycling(ch * m_g * 1e-3, dis * m_g * 1e-3, i_a, i_a,
                             record_interval_s=inp.record_interval_s, rest_s=inp.rest_s,
                             rest_points=3, initial_rest_s=3600.0, charge_shape=shape_c,
                             discharge_shape=shape_d, anode_offset_V=0.62,
                             resistance_ohm=inp.resistance_ohm, noise_V=0.0,
                             active_mass_kg=inp.mass_mg * 1e-6, area_m2=inp.area_cm2 * 1e-4)


# --------------------------------------------------------------------------- Neware CSV text
_NEWARE_HEADER = ("DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,Current(A),"
                  "Voltage(V),Capacity(Ah),Spec. Cap.(mAh/g),Chg. Cap.(Ah),DChg. Cap.(Ah),"
                  "Energy(Wh),Date")


def _hms(seconds: np.ndarray) -> list[str]:
    s = np.rint(seconds).astype(np.int64)
    h, rem = np.divmod(s, 3600)
    m, sec = np.divmod(rem, 60)
    return [f"{a:02d}:{b:02d}:{c:02d}" for a, b, c in zip(h.tolist(), m.tolist(), sec.tolist(),
                                                         strict=True)]


def neware_csv_text(table: CyclingTable, *, start: datetime, active_mass_g: float) -> str:
    """The table in the Neware BTSDA CSV export layout (per-step counters, A, V, Ah, Wh).

    Step types ``Rest``/``CC Chg``/``CC DChg``; ``Cycle Index`` and ``Step Index`` from the
    table's vendor columns; times as ``hh:mm:ss`` (hours beyond 24), ``Date`` local.
    """
    c = table.columns
    t = c["time_s"]
    i = c["current_A"]
    q = c["capacity_Ah"]
    starts = table.step_starts
    lens = np.diff(np.append(starts, len(table)))
    step_t0 = np.repeat(t[starts], lens)
    names = np.where(i > 0, "CC Chg", np.where(i < 0, "CC DChg", "Rest"))
    qa = np.abs(q)
    chg = np.where(q > 0, qa, 0.0)
    dchg = np.where(q < 0, qa, 0.0)
    spec = qa / active_mass_g
    energy = np.abs(c.get("energy_Wh", np.zeros(len(table))))
    step_time = _hms(t - step_t0)
    total = _hms(t)
    t0 = start
    dates = [(t0 + timedelta(seconds=int(s))).strftime("%Y-%m-%d %H:%M:%S")
             for s in np.rint(t).astype(np.int64).tolist()]
    vc = c["vendor_cycle"].tolist()
    vs = c["vendor_step"].tolist()
    lines = [_NEWARE_HEADER]
    for k in range(len(table)):
        lines.append(f"{k + 1},{vc[k]},{vs[k]},{names[k]},{step_time[k]},{total[k]},"
                     f"{i[k]:.8f},{c['voltage_V'][k]:.4f},{qa[k]:.8f},{spec[k]:.3f},"
                     f"{chg[k]:.8f},{dchg[k]:.8f},{energy[k]:.8f},{dates[k]}")
    return "\n".join(lines) + "\n"


#: Start date written into the embedded file (arbitrary, fixed for reproducibility).
EMBEDDED_START = datetime(2025, 3, 3, 9, 0, 0)


def embedded_file_bytes() -> bytes:
    """The gzipped embedded Fig. 6d file, byte-reproducible (mtime 0, no file name)."""
    import gzip

    inp = fig6d_inputs()
    text = neware_csv_text(fig6d_table(inp), start=EMBEDDED_START,
                           active_mass_g=inp.mass_mg * 1e-3)
    return gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0)


def main() -> int:  # pragma: no cover - regeneration script
    """Write ``sselab/data/cycling/synthetic_ncm92_fig6d.csv.gz`` (``python -m …``)."""
    from pathlib import Path

    out = Path(__file__).resolve().parents[1] / "data" / EMBEDDED_NAME
    data = embedded_file_bytes()
    out.write_bytes(data)
    print(f"wrote {out} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
