"""Acceleration of the staggered fixed-point map φ ↦ G(φ).

The alternate-minimisation scheme is a fixed-point iteration: solve u for
the current φ, then φ for the history field of that u.  Near crack
propagation it converges slowly (hundreds of iterations).  Anderson
acceleration (Anderson 1965; Walker & Ni 2011) extrapolates from the last
``depth`` iterates; it has been shown to cut staggered iterations of
phase-field fracture by a large factor (Storvik, Both, Sargado, Nordbotten &
Radu 2021).  The extrapolated φ is projected back onto [φ_old, 1].
"""

from __future__ import annotations

import numpy as np


class Anderson:
    """Anderson mixing (type II) with restart on residual growth.

    Parameters
    ----------
    depth : int
        Number of previous differences used (0 = plain fixed point).
    relaxation : float
        Damping β of the mixed update (1 = none; > 1 over-relaxation when depth = 0).
    """

    def __init__(self, depth: int = 5, relaxation: float = 1.0):
        self.depth = int(depth)
        self.beta = float(relaxation)
        self._x: list[np.ndarray] = []
        self._g: list[np.ndarray] = []
        self._fprev = np.inf
        self.restarts = 0

    def reset(self) -> None:
        """Drop the history."""
        self._x.clear()
        self._g.clear()
        self._fprev = np.inf

    def update(self, x: np.ndarray, gx: np.ndarray) -> np.ndarray:
        """Next iterate from the current iterate ``x`` and its image ``gx`` = G(x)."""
        f = gx - x
        fn = float(np.sqrt(np.multiply(f, f).sum()))
        if fn > 2.0 * self._fprev:
            self.reset()
            self.restarts += 1
        self._fprev = fn
        if self.depth == 0:
            return x + self.beta * f
        self._x.append(x.copy())
        self._g.append(gx.copy())
        if len(self._x) > self.depth + 1:
            self._x.pop(0)
            self._g.pop(0)
        if len(self._x) == 1:
            return x + self.beta * f
        X = np.stack(self._x, axis=1)
        Gm = np.stack(self._g, axis=1)
        F = Gm - X
        dF = np.diff(F, axis=1)
        dG = np.diff(Gm, axis=1)
        # least squares min ||f - dF γ|| (Tikhonov-regularised normal equations); einsum, not
        # BLAS: threaded BLAS on tall-skinny products busy-waits on a loaded machine
        A = np.einsum("ij,ik->jk", dF, dF)
        reg = 1e-10 * np.trace(A) + 1e-300
        try:
            gam = np.linalg.solve(A + reg * np.eye(A.shape[0]), np.einsum("ij,i->j", dF, f))
        except np.linalg.LinAlgError:
            self.reset()
            return x + self.beta * f
        x_new = gx - np.einsum("ij,j->i", dG, gam)
        if self.beta != 1.0:
            x_new = x_new - (1.0 - self.beta) * (f - np.einsum("ij,j->i", dF, gam))
        return x_new
