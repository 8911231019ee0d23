"""Erlang B (the loss formula) in log space, vectorised over intervals.

Erlang B is the blocking probability of an M/M/n/n system with offered load ``A``:

    B(n, A) = (A^n / n!) / sum_{k=0..n} A^k / k!  =  pmf(n; A) / cdf(n; A)

for a Poisson variable with mean ``A``. Written this way it needs no factorials and no
loop over agents: the Poisson pmf comes from a saddle-point form (``erlang_poisson``) and
the cdf is the regularised upper incomplete gamma function ``Q(n + 1, A)`` (scipy's
``gammaincc``), so one interval
costs O(1) whether it has 5 agents or 100,000. The textbook recursion
``B(k) = A B(k-1) / (k + A B(k-1))`` is O(n) per interval; the tests use it as the oracle.

Deep overload (``A`` far above ``n``) drives the cdf below the smallest double. There the
inverse is summed directly, ``1/B = sum_{j=0..n} prod_{i<j} (n - i) / A``, whose terms
shrink geometrically precisely in that regime.

Reference: D. L. Jagerman, "Some properties of the Erlang loss function", Bell System
Technical Journal 53 (1974) 525-551.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import special

from frontline.wfm.erlang_common import FloatArray, as_agent_array, as_float_array
from frontline.wfm.erlang_poisson import log_poisson_term

# Below this the incomplete gamma result has lost its relative precision to underflow.
_CDF_UNDERFLOW = 1e-250
# Terms smaller than this share of the running sum no longer change a double.
_SERIES_TOLERANCE = 1e-17


def log_erlang_b(traffic: FloatArray, agents: FloatArray) -> FloatArray:
    """Natural log of Erlang B for float arrays (agents may be non-integer: the continuous
    extension). Inputs must already be validated (``traffic >= 0``, ``agents >= 0``)."""
    load, servers = np.broadcast_arrays(
        np.asarray(traffic, dtype=np.float64), np.asarray(agents, dtype=np.float64)
    )
    flat_load, flat_servers = load.ravel(), servers.ravel()
    # No traffic: nothing is ever blocked. No agents: everything is.
    result = np.where(flat_servers > 0, -np.inf, 0.0)
    busy = (flat_load > 0) & (flat_servers > 0)
    a, n = flat_load[busy], flat_servers[busy]
    cdf = special.gammaincc(n + 1.0, a)
    log_pmf = log_poisson_term(n, a)
    with np.errstate(divide="ignore"):
        log_b = log_pmf - np.log(cdf)
    deep = cdf < _CDF_UNDERFLOW
    if np.any(deep):
        log_b[deep] = -np.log(_inverse_erlang_b_series(a[deep], n[deep]))
    result[busy] = log_b
    return result.reshape(load.shape)


def _inverse_erlang_b_series(load: FloatArray, servers: FloatArray) -> FloatArray:
    """``1/B`` summed term by term; converges fast only when ``servers`` is well below
    ``load``, which is the only place it is called."""
    total = np.ones_like(load)
    term = np.ones_like(load)
    step = 0
    active = np.ones(load.shape, dtype=bool)
    while np.any(active):
        term = term * np.maximum(servers - step, 0.0) / load
        total += term
        step += 1
        active = term > _SERIES_TOLERANCE * total
    return total


def erlang_b(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> FloatArray:
    """Probability that a contact finds all ``agents`` busy and is lost (M/M/n/n).

    ``traffic`` is the offered load in Erlangs (arrival rate × mean handling time) and may
    be zero; ``agents`` are whole numbers ≥ 0. Scalars and arrays broadcast together; a
    scalar call returns a 0-d array (use ``float(...)``).
    """
    load = as_float_array("traffic", traffic, allow_zero=True)
    servers = as_agent_array(agents, minimum=0).astype(np.float64)
    return np.exp(log_erlang_b(load, servers))
