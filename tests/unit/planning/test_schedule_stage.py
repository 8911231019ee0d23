"""Stage 3: positions on the clock grid, the shift file checked against the plan, and an
impossible schedule explained with the periods' days and times."""

from __future__ import annotations

from typing import Any

import pytest

from frontline.service.planning.calendar import PlanCalendar
from frontline.service.planning.errors import PlanningError
from frontline.service.planning.schedule_stage import (
    load_catalogue,
    requirements_on_grid,
    schedule_stage,
)

MONDAY = 12352  # 2003-10-27


def two_days() -> PlanCalendar:
    return PlanCalendar((MONDAY, MONDAY + 1), 9 * 60, 8, 30)


def test_positions_land_on_the_open_periods_only() -> None:
    required = requirements_on_grid(two_days(), list(range(1, 17)))
    assert len(required) == 96
    assert required[18:26] == (1, 2, 3, 4, 5, 6, 7, 8)
    assert required[48 + 18 : 48 + 26] == tuple(range(9, 17))
    assert sum(required) == sum(range(1, 17))


def test_selection_covers_every_required_position(shifts_doc: dict[str, Any]) -> None:
    calendar = two_days()
    positions = [3, 5, 8, 8, 7, 6, 4, 3] * 2
    stage = schedule_stage(calendar, positions, load_catalogue(shifts_doc, calendar))
    scheduled = stage.result.scheduled
    for row, need in enumerate(positions):
        assert scheduled[calendar.period_of_row(row)] >= need
    assert stage.result.status.value == "optimal"


def test_period_minutes_must_match_the_forecast_interval(shifts_doc: dict[str, Any]) -> None:
    with pytest.raises(PlanningError, match="period_minutes is 15 but the forecast interval is 30"):
        load_catalogue({**shifts_doc, "period_minutes": 15}, two_days())
    without = {k: v for k, v in shifts_doc.items() if k != "period_minutes"}
    with pytest.raises(PlanningError, match="give period_minutes: 30"):
        load_catalogue(without, two_days())


def test_a_shift_outside_opening_hours_is_named(shifts_doc: dict[str, Any]) -> None:
    night = {**shifts_doc, "shifts": [{"name": "night", "periods": "2-9", "cost": 4}]}
    with pytest.raises(PlanningError, match="shift 'night' covers no period in opening hours"):
        load_catalogue(night, two_days())
    empty = {**shifts_doc, "shifts": [{"name": "ghost", "cost": 4}]}
    with pytest.raises(PlanningError, match="shift 'ghost' covers no periods"):
        load_catalogue(empty, two_days())


def test_periods_no_shift_can_cover_are_named_by_day_and_time() -> None:
    calendar = two_days()
    mornings = {
        "period_minutes": 30,
        "shifts": [
            {"name": "mon-am", "periods": "18-21", "cost": 2},
            {"name": "tue", "periods": "66-73", "cost": 4},
        ],
    }
    with pytest.raises(PlanningError) as caught:
        schedule_stage(calendar, [1] * 16, load_catalogue(mornings, calendar))
    message = str(caught.value)
    assert "no shift can cover period(s) 22-25" in message
    assert "period 22 (day 0, Mon 2003-10-27 11:00)" in message
