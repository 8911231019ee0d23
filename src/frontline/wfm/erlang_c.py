"""Erlang C (M/M/n, callers wait forever), derived from Erlang B.

With offered load ``A`` and ``n`` agents, for ``A < n``:

    C(n, A)  = B / (1 - (A / n) (1 - B))               probability of waiting
    SL(T)    = 1 - C exp(-(n - A) T / AHT)             answered within T ÷ all arrivals
    ASA      = C AHT / (n - A)                         mean wait (everyone is answered)
    occupancy = A / n

Computing C from the stable Erlang B avoids the factorial sums of the textbook formula.
When ``A >= n`` the queue has no steady state: it grows without bound. Rather than raising
inside a vectorised planning run (one overloaded night interval should not abort a week),
such intervals get the limits ``p_wait = 1``, ``service_level = 0``, ``asa = inf`` and
``occupancy = 1`` and ``stable = False``; callers that need a hard error check ``stable``.

Reference: L. Kleinrock, Queueing Systems, Vol. 1 (1975), section 3.5; G. Koole, Call
Center Optimization (2013), chapter 4.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from frontline.wfm.erlang_b import log_erlang_b
from frontline.wfm.erlang_common import (
    FloatArray,
    QueueStats,
    as_agent_array,
    as_float_array,
    offered_load,
)


def probability_of_wait(load: FloatArray, servers: FloatArray) -> FloatArray:
    """Erlang C for validated float arrays; 1.0 wherever ``load >= servers``."""
    blocking = np.exp(log_erlang_b(load, servers))
    stable = load < servers
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = blocking / (1.0 - (load / servers) * (1.0 - blocking))
    return np.where(stable, np.minimum(wait, 1.0), 1.0)


def service_level_c(
    load: FloatArray, servers: FloatArray, threshold_in_aht: FloatArray
) -> FloatArray:
    """Share answered within the threshold (given in units of AHT); 0 where unstable."""
    wait = probability_of_wait(load, servers)
    gap = servers - load
    level = 1.0 - wait * np.exp(-np.maximum(gap, 0.0) * threshold_in_aht)
    return np.where(gap > 0, level, 0.0)


def erlang_c(traffic: npt.ArrayLike, agents: npt.ArrayLike) -> FloatArray:
    """Probability that an arriving contact waits in an M/M/n queue (Erlang's C formula).

    ``traffic`` in Erlangs (≥ 0), ``agents`` whole numbers ≥ 1; returns 1.0 where the
    queue is unstable (``traffic >= agents``).
    """
    load = as_float_array("traffic", traffic, allow_zero=True)
    servers = as_agent_array(agents, minimum=1).astype(np.float64)
    return probability_of_wait(load, servers)


def erlang_c_stats(
    arrival_rate: npt.ArrayLike,
    aht: npt.ArrayLike,
    agents: npt.ArrayLike,
    target: npt.ArrayLike,
) -> QueueStats:
    """All Erlang C figures for each interval.

    ``arrival_rate`` in contacts per time unit, ``aht`` and ``target`` (the service-level
    threshold) in that same time unit, ``agents`` whole numbers ≥ 1. Unstable intervals
    get the limits described in the module docstring.
    """
    rate = as_float_array("arrival rate", arrival_rate, allow_zero=True)
    handle = as_float_array("aht", aht, allow_zero=False)
    threshold = as_float_array("target", target, allow_zero=True)
    count = as_agent_array(agents, minimum=1)
    rate, handle, threshold, count = np.broadcast_arrays(rate, handle, threshold, count)
    load = offered_load(rate, handle)
    servers = count.astype(np.float64)
    stable = load < servers
    wait = probability_of_wait(load, servers)
    gap = servers - load
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        asa = np.where(stable, wait * handle / gap, np.inf)
        level = np.where(stable, 1.0 - wait * np.exp(-gap * threshold / handle), 0.0)
    return QueueStats(
        traffic=load,
        agents=count.copy(),
        p_wait=wait,
        service_level=level,
        asa=asa,
        occupancy=np.where(stable, load / servers, 1.0),
        p_abandon=np.zeros_like(load),
        stable=stable,
    )
