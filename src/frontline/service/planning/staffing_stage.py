"""Stage 2: agents and positions per interval from the forecast, with Erlang C or Erlang A.

The forecast count of an interval becomes a constant arrival rate over it (the same
piecewise-constant traffic the simulator plays later). Agents are the fewest meeting the
service goal (and the occupancy cap); positions add shrinkage. The analytic figures the
staffing achieves are kept, so a planner can compare them with the simulated ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from frontline.service.planning.errors import PlanningError
from frontline.service.planning.settings import ServiceGoal
from frontline.wfm.erlang import (
    ErlangInputError,
    erlang_a_stats,
    erlang_c_stats,
    staff_for_service_level,
)
from frontline.wfm.forecast.grid import FloatArray, IntArray


@dataclass(frozen=True)
class StaffingStage:
    """Per forecast row: agents needed on the phones, positions to schedule, and the Erlang
    service level and ASA those agents give."""

    agents: IntArray
    positions: IntArray
    service_level: FloatArray
    asa: FloatArray


def staffing_stage(contacts: npt.ArrayLike, interval_s: float, goal: ServiceGoal) -> StaffingStage:
    """Staff every interval of ``contacts`` (expected arrivals per interval)."""
    rate = np.asarray(contacts, dtype=np.float64) / interval_s
    try:
        result = staff_for_service_level(
            rate,
            goal.aht_s,
            goal.target_s,
            goal.service_level,
            patience=goal.patience_s,
            max_occupancy=goal.max_occupancy,
            shrinkage=goal.shrinkage,
        )
    except ErlangInputError as exc:
        raise PlanningError(str(exc)) from None
    quiet = result.agents == 0
    return StaffingStage(
        agents=result.agents,
        positions=result.positions,
        service_level=np.where(quiet, np.nan, result.stats.service_level),
        asa=np.where(quiet, np.nan, result.stats.asa),
    )


def erlang_service_level(
    contacts: npt.ArrayLike, interval_s: float, goal: ServiceGoal, agents: npt.ArrayLike
) -> FloatArray:
    """What Erlang C (or A) predicts for ``agents`` on the phones per interval: 0 where contacts
    arrive and nobody is there to answer them, NaN where no contact is expected."""
    rate = np.asarray(contacts, dtype=np.float64) / interval_s
    staffed = np.asarray(agents, dtype=np.int64)
    at_least_one = np.maximum(staffed, 1)
    if goal.patience_s is None:
        stats = erlang_c_stats(rate, goal.aht_s, at_least_one, goal.target_s)
    else:
        stats = erlang_a_stats(rate, goal.aht_s, goal.patience_s, at_least_one, goal.target_s)
    level = np.where(staffed == 0, 0.0, stats.service_level)
    return np.asarray(np.where(rate > 0, level, np.nan), dtype=np.float64)
