"""Shared pieces of the Erlang models: the result record and input checking.

Every Erlang function accepts scalars or arrays (one entry per interval) and broadcasts them
together, so a planner can evaluate a whole day of intervals in one call. Inputs are checked
here once, with messages a planner can act on, instead of letting NaNs leak into a schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class ErlangInputError(ValueError):
    """An input outside the model's domain (negative rate, zero handle time, and so on)."""


@dataclass(frozen=True)
class QueueStats:
    """Steady-state figures of one queue per interval (0-d arrays for scalar inputs).

    Times are in the unit of the inputs (seconds when ``aht`` is in seconds).

    - ``traffic``: offered load in Erlangs (arrival rate × AHT).
    - ``p_wait``: probability that an arriving contact has to wait (all agents busy).
    - ``service_level``: contacts answered within the threshold ÷ all arriving contacts.
    - ``asa``: mean wait of answered contacts (average speed of answer).
    - ``occupancy``: share of agent time spent handling contacts.
    - ``p_abandon``: probability of abandoning (always 0 for Erlang C).
    - ``stable``: False where Erlang C has no steady state (traffic ≥ agents); there the
      figures are the documented limits ``p_wait = 1``, ``service_level = 0``,
      ``asa = inf``, ``occupancy = 1``.
    """

    traffic: FloatArray
    agents: IntArray
    p_wait: FloatArray
    service_level: FloatArray
    asa: FloatArray
    occupancy: FloatArray
    p_abandon: FloatArray
    stable: npt.NDArray[np.bool_]

    def __post_init__(self) -> None:
        # numpy turns 0-d results into scalars; keep every field an ndarray for callers.
        for name in self.__dataclass_fields__:
            object.__setattr__(self, name, np.asarray(getattr(self, name)))


def as_float_array(name: str, value: npt.ArrayLike, *, allow_zero: bool) -> FloatArray:
    """Return ``value`` as a float array, rejecting NaN, infinity and negative entries.

    ``allow_zero`` separates quantities where zero is meaningful (no arrivals in a night
    interval, a threshold of 0 s) from those where it is not (handle time, patience).
    """
    array = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise ErlangInputError(f"{name} must be a finite number")
    if allow_zero and np.any(array < 0):
        raise ErlangInputError(f"{name} must not be negative")
    if not allow_zero and np.any(array <= 0):
        raise ErlangInputError(f"{name} must be greater than zero")
    return array


def offered_load(rate: FloatArray, aht: FloatArray) -> FloatArray:
    """Offered traffic in Erlangs, rejecting products too large for a double."""
    with np.errstate(over="ignore"):
        load: FloatArray = np.asarray(rate * aht, dtype=np.float64)
    if not np.all(np.isfinite(load)):
        raise ErlangInputError("offered traffic (arrival rate × aht) is too large")
    return load


def as_agent_array(value: npt.ArrayLike, *, minimum: int) -> IntArray:
    """Return agent counts as int64, rejecting fractions and counts below ``minimum``."""
    raw = np.asarray(value)
    if raw.dtype.kind == "b" or raw.dtype.kind not in "iuf":
        raise ErlangInputError("agents must be whole numbers")
    if raw.dtype.kind == "f" and (not np.all(np.isfinite(raw)) or np.any(raw != np.floor(raw))):
        raise ErlangInputError("agents must be whole numbers")
    agents = raw.astype(np.int64)
    if np.any(agents < minimum):
        raise ErlangInputError(f"agents must be at least {minimum}")
    return agents


def as_probability(name: str, value: float, *, low: float, high: float) -> float:
    """Check a scalar share such as a service-level goal lies in ``[low, high]``."""
    number = float(value)
    if not (low <= number <= high):
        raise ErlangInputError(f"{name} must be between {low:g} and {high:g}, got {number:g}")
    return number
