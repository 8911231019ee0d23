"""Mean wait of *answered* callers in Erlang A (the ASA), by fixed Gauss-Legendre quadrature.

Among callers who wait and are then served, the offered wait measured in units of mean
patience, s = θV, has density proportional to

    q(s) = exp(φ(s)),   φ(s) = -(x + 1) s - y e^{-s},   s ≥ 0

(x = nμ/θ, y = λ/θ; it is the offered-wait density times the survival e^{-s} of patience).
So ASA = P(served, wait) / P(served) × E_q[s] / θ. E_q[s] has no closed form (it is a
derivative of the incomplete gamma function in its shape parameter), but φ is concave,
so q is log-concave and unimodal with mode s* = max(0, log(y / (x + 1))). Integrating
from where q has fallen by e^{-60} on the left of the mode to where it has on the right,
with Gauss-Legendre nodes on each side, gives about 12 significant digits at a cost of a
few dozen exponentials per interval, for 5 agents or 100,000 alike.

Reference: A. Mandelbaum and S. Zeltyn (2007), see ``frontline.wfm.erlang_a``.
"""

from __future__ import annotations

import numpy as np

from frontline.wfm.erlang_common import FloatArray

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(48)
_DROP = 60.0  # log-density drop that marks the end of the integration range
_MAX_DOUBLINGS = 200


def _log_density_drop(x: FloatArray, y: FloatArray, mode: FloatArray, s: FloatArray) -> FloatArray:
    """φ(mode) - φ(s) ≥ 0."""
    drop: FloatArray = (x + 1.0) * (s - mode) + y * np.exp(-mode) * np.expm1(mode - s)
    return drop


def _reach(x: FloatArray, y: FloatArray, mode: FloatArray, direction: float) -> FloatArray:
    """Distance from the mode, in ``direction`` (+1 or -1), at which q has dropped by e^-60
    (clamped at s = 0 on the left). Found by doubling from the narrowest possible scale."""
    width = 1.0 / (x + 1.0)
    limit = mode if direction < 0 else np.full_like(mode, np.inf)
    for _ in range(_MAX_DOUBLINGS):
        span = np.minimum(width, limit)
        done = (_log_density_drop(x, y, mode, mode + direction * span) >= _DROP) | (span >= limit)
        if np.all(done):
            return span
        width = np.where(done, width, 2.0 * width)
    return np.minimum(width, limit)


def _integrate(
    x: FloatArray, y: FloatArray, mode: FloatArray, start: FloatArray, end: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Gauss-Legendre sums of ∫q and ∫s·q over [start, end], q scaled to 1 at the mode."""
    half = 0.5 * (end - start)[:, None]
    centre = 0.5 * (end + start)[:, None]
    s = centre + half * _NODES[None, :]
    density = np.exp(-_log_density_drop(x[:, None], y[:, None], mode[:, None], s))
    weights = half * _WEIGHTS[None, :] * density
    return weights.sum(axis=1), (weights * s).sum(axis=1)


def mean_scaled_wait_of_served(x: FloatArray, y: FloatArray) -> FloatArray:
    """E_q[s] for flat arrays with x > 0 and y > 0: the mean wait of callers served after
    waiting, in units of mean patience."""
    mode = np.maximum(0.0, np.log(y / (x + 1.0)))
    left = mode - _reach(x, y, mode, -1.0)
    right = mode + _reach(x, y, mode, 1.0)
    mass_left, moment_left = _integrate(x, y, mode, np.maximum(left, 0.0), mode)
    mass_right, moment_right = _integrate(x, y, mode, mode, right)
    result: FloatArray = (moment_left + moment_right) / (mass_left + mass_right)
    return result
