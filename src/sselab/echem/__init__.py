"""Electrochemical stability window (LSV/CV), symmetric cells and stability checks.

Cores take arrays in SI units (V, A, s, m²) and return frozen dataclasses; they never
read files, plot or print.  Readers live in :mod:`sselab.io.echem`, figures in
:mod:`sselab.plot.echem`.

Modules
-------
:mod:`~sselab.echem.voltammogram`
    :class:`Voltammogram`: potential/current (/time) record of an LSV or CV.
:mod:`~sselab.echem.sweeps`
    Splitting a potential record into monotonic sweeps (segments).
:mod:`~sselab.echem.onset`
    Onset potentials by tangent intersection and by a current (density) threshold.
:mod:`~sselab.echem.lsv`
    Reduction and oxidation onsets of a record: the electrochemical stability window.
:mod:`~sselab.echem.symmetric`
    Li | SE | Li galvanostatic cycling: overpotential per cycle, growth, time to a
    voltage limit, short-circuit detection.
:mod:`~sselab.echem.stability`
    Conductivity retention after exposure (humidity, annealing).
:mod:`~sselab.echem.synthetic`
    Generators with known answers (LSV curves, symmetric-cell histories).
"""

from __future__ import annotations
