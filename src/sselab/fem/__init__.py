"""2D phase-field fracture at the composite-cathode | solid-electrolyte interface.

Plane strain on linear (P1) triangles: a displacement field ``u`` and a damage
(order) parameter ``phi`` (0 intact, 1 detached), after Miehe, Hofacker &
Welschinger (2010), solved by alternate minimisation (staggering) with
Anderson acceleration.  The electrolyte is elastic–perfectly-plastic (J2) with
its yield stress from hardness by Tabor's relation.

Modules (import them directly; this package imports nothing heavy):

``mesh``          triangle meshes with named regions and node sets (built on scikit-fem)
``geometry``      interface (bilayer + interface layer + notch), SENT and bar meshes
``materials``     elastic / plastic / fracture materials, homogenisation, Tabor
``degradation``   g(phi) = (1-phi)^2 + k and AT1/AT2 constants
``split``         strain-energy splits: none, volumetric-deviatoric, spectral
``plasticity``    J2 radial return with consistent tangent (plane strain)
``forms``         P1 element matrices and the fast sparse assembler
``loading``       load schedules: SoC ramp -> eigenstrain, displacement ramps
``solver``        staggered solver (history field, Anderson, adaptive steps)
``results``       frozen result records
``postprocess``   detached fraction, reaction forces
``sent``          single-edge-notched tension (Miehe 2010) benchmark problem
``interface``     the paper's Fig. 2b problem built from a parameter set
``compliance_map`` detachment SoC over a grid of hardness and modulus
``checkpoint``    save/restore solver state (npz), VTU/XDMF export (meshio)
"""

from __future__ import annotations
