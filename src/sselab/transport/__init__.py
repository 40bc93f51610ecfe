"""Ion transport: conductivity from resistance and pellet geometry, Arrhenius fits,
capacitance-based arc assignment, DC polarisation, series tables, synthetic spectra.

Cores take arrays and SI numbers and return frozen dataclasses.  Import the module you need::

    from sselab.transport.conductivity import Pellet, conductivity_from_resistance
    from sselab.transport.arrhenius import fit_arrhenius
    from sselab.transport.pipeline import analyse_pellet_spectrum
"""

from __future__ import annotations
