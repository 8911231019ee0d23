"""What a planner decides before planning: the service goal, the handling figures, the knobs.

Checked once here, so every later stage can trust them and every bad value is reported with
the option's name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from frontline.service.planning.errors import PlanningError


@dataclass(frozen=True, slots=True)
class ServiceGoal:
    """Answer ``service_level`` of contacts within ``target_s`` seconds.

    ``aht_s`` is the mean handling time; ``patience_s`` the mean time callers wait before they
    hang up (``None``: they never do, Erlang C; otherwise Erlang A). ``max_occupancy`` caps the
    share of time agents are busy; ``shrinkage`` is the share of scheduled time lost to what the
    schedule does not show (absence, training, meetings): breaks placed by the schedule are
    already taken out of its coverage and must not be counted again.
    """

    aht_s: float
    target_s: float
    service_level: float
    patience_s: float | None = None
    max_occupancy: float | None = None
    shrinkage: float = 0.0

    def __post_init__(self) -> None:
        _positive("aht", self.aht_s)
        if not (math.isfinite(self.target_s) and self.target_s >= 0):
            raise PlanningError(f"target must be a number of seconds >= 0, got {self.target_s:g}")
        if not 0 < self.service_level < 1:
            raise PlanningError(
                f"service level must be between 0 and 1 (exclusive), got {self.service_level:g}"
            )
        if self.patience_s is not None:
            _positive("patience", self.patience_s)
        if self.max_occupancy is not None and not 0 < self.max_occupancy <= 1:
            raise PlanningError(
                f"max occupancy must be above 0 and at most 1, got {self.max_occupancy:g}"
            )
        if not 0 <= self.shrinkage < 1:
            raise PlanningError(f"shrinkage must be at least 0 and below 1, got {self.shrinkage:g}")


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How hard to work: solver time, simulation seed and replications."""

    seed: int = 0
    replications: int = 3
    schedule_time_limit_s: float = 60.0
    under_cost: float | None = None

    def __post_init__(self) -> None:
        if self.seed < 0:
            raise PlanningError(f"seed must be >= 0, got {self.seed}")
        if not 1 <= self.replications <= 100:
            raise PlanningError(f"replications must be 1 to 100, got {self.replications}")
        _positive("schedule time limit", self.schedule_time_limit_s)
        if self.under_cost is not None:
            _positive("under cost", self.under_cost)


def _positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise PlanningError(f"{name} must be a number greater than zero, got {value:g}")
