"""Erlang A (Palm's M/M/n+M queue): callers wait, but hang up after an exponential patience.

Notation of Mandelbaum & Zeltyn: arrival rate λ, service rate μ = 1/AHT, abandonment rate
θ = 1/mean patience, ``n`` agents, offered load ``A = λ/μ``, and

    x = nμ/θ,   y = λ/θ,   Ā(x, y) = sum_{j≥0} y^j / ((x+1)(x+2)...(x+j))
                                     = x e^y y^(-x) γ(x, y)

(γ the lower incomplete gamma function), with E = Erlang B(n, A). Then

    P(wait)            = Ā E / (1 + (Ā - 1) E)
    P(abandon)         = P(wait) (1 - (x/y)(1 - 1/Ā))
    P(served, wait)    = P(wait) (x/y)(1 - 1/Ā)
    SL(T)              = P(no wait) + P(served, wait) (1 - ρ_T)
    ρ_T                = P(x+1, y e^{-θT}) / P(x+1, y)      (P the regularised γ)
    occupancy          = A P(served) / n = A (1 - P(abandon)) / n

SL is the share of *all* arrivals answered within T: callers who abandon, however early,
count against it (no short-abandon exclusion), matching the platform's metric definition.
The SL term follows from the offered wait V of a caller who finds ``j`` others queued being
a sum of exponentials with rates nμ + iθ (i = 0..j), so that 1 - e^{-θV} is Beta(j+1, x)
distributed; summing over the stationary queue gives the incomplete-gamma expressions.

Everything is evaluated through ``log Ā = log P(x, y) - log(y^x e^{-y} / Γ(x+1))``, from
scipy's ``gammainc`` and the accurate Poisson term of ``erlang_poisson``; where ``gammainc``
underflows (y far below x, a very well staffed queue) the series that defines Ā is summed
instead, and it converges fast exactly there. Nothing overflows at 100,000 agents. P(no
wait) and P(served) are formed directly rather than as 1 minus a probability near 1, so
they keep their precision in deep overload.

References: A. Mandelbaum and S. Zeltyn, "Service engineering in action: the Palm/Erlang-A
queue, with applications to call centers" (2007), in Advances in Services Innovations,
Springer, 17-45; O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with
impatient customers", Manufacturing & Service Operations Management 4 (2002) 208-227.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from frontline.wfm.erlang_a_wait import mean_scaled_wait_of_served
from frontline.wfm.erlang_b import log_erlang_b
from frontline.wfm.erlang_common import (
    FloatArray,
    QueueStats,
    as_agent_array,
    as_float_array,
    offered_load,
)
from frontline.wfm.erlang_poisson import log_poisson_term

_GAMMA_UNDERFLOW = 1e-250
_SERIES_TOLERANCE = 1e-17


def log_palm_a(x: FloatArray, y: FloatArray) -> FloatArray:
    """log Ā(x, y) for x > 0, y > 0 (same-shape float arrays)."""
    flat_x, flat_y = x.ravel(), y.ravel()
    lower = special.gammainc(flat_x, flat_y)
    small = lower < _GAMMA_UNDERFLOW
    with np.errstate(divide="ignore"):
        result: FloatArray = np.log(lower) - log_poisson_term(flat_x, flat_y)
    if np.any(small):
        result[small] = np.log(_palm_a_series(flat_x[small], flat_y[small]))
    return result.reshape(x.shape)


def _palm_a_series(x: FloatArray, y: FloatArray) -> FloatArray:
    """Ā by its defining series; only used where y is far below x, so it converges fast."""
    total = np.ones_like(x)
    term = np.ones_like(x)
    step = 1
    active = np.ones(x.shape, dtype=bool)
    while np.any(active):
        term = term * y / (x + step)
        total += term
        step += 1
        active = term > _SERIES_TOLERANCE * total
    return total


@dataclass(frozen=True)
class ErlangAParts:
    """Intermediate Erlang A quantities for busy intervals (load > 0), flat arrays."""

    x: FloatArray
    y: FloatArray
    p_wait: FloatArray
    p_no_wait: FloatArray
    p_served_after_wait: FloatArray
    p_abandon: FloatArray
    p_served: FloatArray


def erlang_a_parts(
    load: FloatArray, servers: FloatArray, patience_in_aht: FloatArray
) -> ErlangAParts:
    """P(wait), P(abandon) and P(served after waiting) for flat arrays with load > 0."""
    x = servers * patience_in_aht
    # A load so small that y is subnormal is zero for every purpose; keep logs finite.
    y = np.maximum(load * patience_in_aht, np.finfo(np.float64).tiny)
    log_a = log_palm_a(x, y)
    log_e = log_erlang_b(load, servers)
    # P(wait) = 1 / (1 + (1/E - 1) / Ā), with (1/E - 1) formed in log space.
    minus_log_e = -log_e
    with np.errstate(divide="ignore"):
        log_excess = minus_log_e + np.log(-np.expm1(-minus_log_e))
    p_wait = special.expit(log_a - log_excess)
    p_no_wait = special.expit(log_excess - log_a)  # not 1 - p_wait: exact in overload
    served_share = _served_share(x, y, log_a)
    return ErlangAParts(
        x=x,
        y=y,
        p_wait=p_wait,
        p_no_wait=p_no_wait,
        p_served_after_wait=p_wait * served_share,
        p_abandon=p_wait * (1.0 - served_share),
        # Not 1 - p_abandon: in deep overload almost everyone abandons.
        p_served=p_no_wait + p_wait * served_share,
    )


def _served_share(x: FloatArray, y: FloatArray, log_a: FloatArray) -> FloatArray:
    """P(served | wait) = (x/y)(1 - 1/Ā(x, y)). For y below 1 the equal form
    x/(x+1) · Ā(x+1, y) / Ā(x, y) avoids dividing by a vanishing y."""
    light = y < 1.0
    share = (x / np.where(light, 1.0, y)) * -np.expm1(-log_a)
    if np.any(light):
        xl = x[light]
        share[light] = xl / (xl + 1.0) * np.exp(log_palm_a(xl + 1.0, y[light]) - log_a[light])
    result: FloatArray = np.clip(share, 0.0, 1.0)
    return result


def answered_within(
    parts: ErlangAParts, threshold_in_aht: FloatArray, patience_in_aht: FloatArray
) -> FloatArray:
    """Share of all arrivals answered within the threshold (flat arrays, load > 0)."""
    theta_t = threshold_in_aht / patience_in_aht
    shifted = parts.x + 1.0
    reduced = parts.y * np.exp(-theta_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_rho = (
            -shifted * theta_t
            + parts.y * -np.expm1(-theta_t)
            + log_palm_a(shifted, np.maximum(reduced, np.finfo(np.float64).tiny))
            - log_palm_a(shifted, parts.y)
        )
    not_yet = np.where(reduced > 0, -np.expm1(np.minimum(log_rho, 0.0)), 1.0)  # 1 - ρ_T
    level = parts.p_no_wait + parts.p_served_after_wait * not_yet
    return np.clip(level, 0.0, 1.0)


def erlang_a_stats(
    arrival_rate: npt.ArrayLike,
    aht: npt.ArrayLike,
    patience: npt.ArrayLike,
    agents: npt.ArrayLike,
    target: npt.ArrayLike,
) -> QueueStats:
    """All Erlang A figures for each interval.

    ``arrival_rate`` in contacts per time unit; ``aht``, ``patience`` (mean time a caller
    is willing to wait) and ``target`` (service-level threshold) in that same unit;
    ``agents`` whole numbers ≥ 1. Abandonment keeps the queue stable at any load, so
    every interval gets finite figures and ``stable`` is always True.
    """
    rate = as_float_array("arrival rate", arrival_rate, allow_zero=True)
    handle = as_float_array("aht", aht, allow_zero=False)
    mean_patience = as_float_array("patience", patience, allow_zero=False)
    threshold = as_float_array("target", target, allow_zero=True)
    count = as_agent_array(agents, minimum=1)
    rate, handle, mean_patience, threshold, count = np.broadcast_arrays(
        rate, handle, mean_patience, threshold, count
    )
    shape = rate.shape
    load = offered_load(rate, handle).ravel()
    servers = count.astype(np.float64).ravel()
    handle_flat, patience_flat = handle.ravel(), mean_patience.ravel()
    busy = load > 0
    p_wait, p_abandon, asa = (np.zeros_like(load) for _ in range(3))
    level = np.ones_like(load)
    patience_in_aht = patience_flat[busy] / handle_flat[busy]
    parts = erlang_a_parts(load[busy], servers[busy], patience_in_aht)
    p_wait[busy] = parts.p_wait
    p_abandon[busy] = parts.p_abandon
    level[busy] = answered_within(
        parts, threshold.ravel()[busy] / handle_flat[busy], patience_in_aht
    )
    served = np.zeros_like(load)
    served[busy] = parts.p_served
    asa[busy] = (
        parts.p_served_after_wait
        / parts.p_served
        * mean_scaled_wait_of_served(parts.x, parts.y)
        * patience_flat[busy]
    )
    return QueueStats(
        traffic=load.reshape(shape),
        agents=count.copy(),
        p_wait=p_wait.reshape(shape),
        service_level=level.reshape(shape),
        asa=asa.reshape(shape),
        occupancy=np.minimum(load * served / servers, 1.0).reshape(shape),
        p_abandon=p_abandon.reshape(shape),
        stable=np.ones(shape, dtype=bool),
    )
