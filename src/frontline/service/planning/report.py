"""The plan's result records: one row per forecast interval, and the totals a planner reads.

Plain frozen dataclasses, so the CLI can write them as CSV or JSON and an API can return them
as they are. Ratios without a denominator (no contact offered) are NaN in the rows and
``None`` in the totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IntervalRow:
    """One forecast interval from forecast to simulated service.

    ``required_agents`` are needed on the phones (Erlang), ``required_positions`` add
    shrinkage; ``scheduled`` is the people the schedule has working (net of breaks) and
    ``on_phones`` those left after shrinkage, whom the simulator plays. ``erlang_sl`` is what
    Erlang C/A predicts for ``on_phones``; the ``sim_*`` figures are simulated, pooled over
    the replications (``offered`` is per replication, on average).
    """

    minute: int
    forecast: float
    required_agents: int
    required_positions: int
    scheduled: int
    on_phones: int
    erlang_sl: float
    offered: float
    sim_sl: float
    sim_asa: float
    sim_abandon_rate: float
    missed: bool


@dataclass(frozen=True, slots=True)
class PlanTotals:
    """Figures for the whole horizon."""

    intervals: int
    missed_intervals: int
    short_intervals: int
    forecast_contacts: float
    simulated_contacts: int
    service_level: float | None
    asa: float | None
    abandon_rate: float | None
    schedule_status: str
    schedule_cost: float
    schedule_gap: float | None
    people: int
    paid_periods: int
    peak_required_agents: int


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else value
